// SPDX-License-Identifier: GPL-2.0
/* The matrix: presets, the subset options, and the cells of each section. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "wt/parse.h"

const char *const bench_section_names[BS_NR] = { "size", "pattern", "qd", "threads", "tools" };
const char *const bench_pattern_names[BP_NR] = { "seq", "rand", "append" };
const char *const bench_tool_names[BT_NR] = { "none", "wtlat", "wtsnoop" };
const char *const bench_status_names[CS_NR] = { "pending", "ok", "n/a", "error" };
const char *const bench_metric_names[BM_NR] = {
	"lat_p50_us", "lat_avg_us", "lat_p99_us", "mibps", "iops",
};

void bench_sel_preset(struct bench_sel *s, enum bench_preset p)
{
	static const uint64_t sizes[] = { 4096, 65536, 262144, 1048576 };
	static const uint64_t full_sizes[] = { 4096, 16384, 65536, 262144, 1048576 };
	unsigned int k;

	memset(s, 0, sizeof(*s));
	for (k = 0; k < BS_NR; k++)
		s->sections[k] = p != BPRESET_QUICK || k == BS_SIZE;
	for (k = 0; k < LM_NR; k++)
		s->modes[k] = k != LM_MMAP;
	for (k = 0; k < BP_NR; k++)
		s->patterns[k] = 1;
	for (k = 0; k < LE_NR; k++)
		s->engines[k] = 1;
	if (p == BPRESET_FULL) {
		memcpy(s->sizes, full_sizes, sizeof(full_sizes));
		s->nsizes = 5;
	} else if (p == BPRESET_QUICK) {
		s->sizes[0] = 4096;
		s->sizes[1] = 262144;
		s->nsizes = 2;
	} else {
		memcpy(s->sizes, sizes, sizeof(sizes));
		s->nsizes = 4;
	}
	s->threads[0] = 1, s->threads[1] = 2, s->threads[2] = 4;
	s->nthreads = 3;
	s->qds[0] = 1, s->qds[1] = 4, s->qds[2] = 16;
	s->nqds = 3;
	if (p == BPRESET_FULL)
		s->qds[s->nqds++] = 64;
	s->reps = p == BPRESET_FULL ? 5 : 3;
	s->bytes = p == BPRESET_FULL ? 64 << 20 : p == BPRESET_QUICK ? 4 << 20 : 16 << 20;
	s->min_count = 32;
	s->max_count = p == BPRESET_FULL ? 4096 : p == BPRESET_QUICK ? 512 : 1024;
}

static int set_flags(int *flags, int n, const char *const *names, const char *list,
		     const char *what, char *err, size_t errlen)
{
	char *dup = strdup(list), *tok, *save = NULL;
	int k, any = 0;

	if (!dup)
		return -1;
	memset(flags, 0, n * sizeof(*flags));
	for (tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all")) {
			for (k = 0; k < n; k++)
				flags[k] = !names[k] || strcmp(names[k], "mmap");
			any = 1;
			continue;
		}
		for (k = 0; k < n; k++)
			if (names[k] && !strcmp(tok, names[k]) && strcmp(tok, "mmap"))
				break;
		if (k == n) {
			snprintf(err, errlen, "invalid %s '%s'", what, tok);
			free(dup);
			return -1;
		}
		flags[k] = any = 1;
	}
	free(dup);
	if (!any)
		snprintf(err, errlen, "empty %s list", what);
	return any ? 0 : -1;
}

/* A list of numbers (sizes with suffixes when size) in [min, max]. */
static int set_nums(uint64_t *out, unsigned int *n, const char *list, int size, uint64_t min,
		    uint64_t max, const char *what, char *err, size_t errlen)
{
	char *dup = strdup(list), *tok, *save = NULL;
	uint64_t v;

	if (!dup)
		return -1;
	*n = 0;
	for (tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if ((size ? wt_parse_size(tok, &v) : wt_parse_uint(tok, min, max, &v)) ||
		    v < min || v > max || *n == BENCH_MAX_VALS) {
			snprintf(err, errlen, "invalid %s '%s'", what, tok);
			free(dup);
			return -1;
		}
		out[(*n)++] = v;
	}
	free(dup);
	if (!*n)
		snprintf(err, errlen, "empty %s list", what);
	return *n ? 0 : -1;
}

int bench_sel_parse(struct bench_sel *s, const char *opt, const char *list, char *err,
		    size_t errlen)
{
	uint64_t v[BENCH_MAX_VALS];
	unsigned int n, k;

	if (!strcmp(opt, "modes"))
		return set_flags(s->modes, LM_NR, load_mode_names, list, "mode", err, errlen);
	if (!strcmp(opt, "patterns"))
		return set_flags(s->patterns, BP_NR, bench_pattern_names, list, "pattern", err,
				 errlen);
	if (!strcmp(opt, "engines"))
		return set_flags(s->engines, LE_NR, load_engine_names, list, "engine", err, errlen);
	if (!strcmp(opt, "sections"))
		return set_flags(s->sections, BS_NR, bench_section_names, list, "section", err,
				 errlen);
	if (!strcmp(opt, "sizes"))
		return set_nums(s->sizes, &s->nsizes, list, 1, 512, 64 << 20, "size", err, errlen);
	if (!strcmp(opt, "threads") || !strcmp(opt, "qd")) {
		int th = !strcmp(opt, "threads");

		if (set_nums(v, &n, list, 0, 1, th ? 64 : LOAD_QD_MAX, th ? "thread count" :
			     "queue depth", err, errlen))
			return -1;
		for (k = 0; k < n; k++)
			(th ? s->threads : s->qds)[k] = (unsigned int)v[k];
		*(th ? &s->nthreads : &s->nqds) = n;
		return 0;
	}
	snprintf(err, errlen, "unknown list option '%s'", opt);
	return -1;
}

const char *bench_size_str(uint64_t size, char *buf, size_t len)
{
	if (size >= 1048576 && !(size % 1048576))
		snprintf(buf, len, "%llum", (unsigned long long)(size >> 20));
	else if (size >= 1024 && !(size % 1024))
		snprintf(buf, len, "%lluk", (unsigned long long)(size >> 10));
	else
		snprintf(buf, len, "%llu", (unsigned long long)size);
	return buf;
}

static uint64_t cell_count(const struct bench_sel *s, uint64_t size, unsigned int threads,
			   unsigned int qd)
{
	uint64_t n = s->count;

	if (!n) {
		n = s->bytes / size;
		n = n < s->min_count ? s->min_count : n > s->max_count ? s->max_count : n;
	}
	if (n < threads)
		n = threads;
	return n;
}

static int add(struct bench_matrix *m, const struct bench_sel *s, struct bench_cell t)
{
	if (m->n == BENCH_MAX_CELLS)
		return -1;
	t.count = cell_count(s, t.size, t.threads, t.qd);
	t.vs_direct = t.vs_fdatasync = t.vs_untraced = 0;
	m->cells[m->n++] = t;
	return 0;
}

/* Modes of the selection in their fixed order. */
#define FOR_MODES(s, md) for (md = 0; md < LM_NR; md++) if ((s)->modes[md])

static int build_section(const struct bench_sel *s, struct bench_matrix *m,
			 enum bench_section sec)
{
	struct bench_cell t = { .sec = sec, .engine = LE_SYNC, .qd = 1, .threads = 1,
				.pattern = BP_SEQ, .tool = BT_NONE, .size = s->sizes[0] };
	unsigned int a, b, md, f;
	int r = 0;

	switch (sec) {
	case BS_SIZE:
		for (a = 0; a < s->nsizes; a++)
			FOR_MODES(s, md) {
				t.size = s->sizes[a];
				t.mode = md;
				r |= add(m, s, t);
			}
		break;
	case BS_PATTERN:
		for (a = 0; a < BP_NR; a++)
			if (s->patterns[a])
				FOR_MODES(s, md) {
					t.pattern = a;
					t.mode = md;
					r |= add(m, s, t);
				}
		break;
	case BS_QD:
		for (a = 0; a < LE_NR; a++)
			for (b = 0; s->engines[a] && b < s->nqds; b++) {
				if (a == LE_SYNC && s->qds[b] != 1)
					continue;
				FOR_MODES(s, md) {
					t.engine = a;
					t.qd = s->qds[b];
					t.mode = md;
					r |= add(m, s, t);
				}
			}
		break;
	case BS_THREADS:
		for (a = 0; a < s->nthreads; a++)
			for (f = 0; f < 2; f++) {
				if (f && s->threads[a] == 1)
					continue;	/* one thread: one file either way */
				FOR_MODES(s, md) {
					t.threads = s->threads[a];
					t.sep_files = f;
					t.mode = md;
					r |= add(m, s, t);
				}
			}
		break;
	case BS_TOOLS:
		/* the tools trace write-through only: its modes, wt if none is selected */
		f = s->modes[LM_WT] || s->modes[LM_WTDSYNC];
		for (a = 0; a < 2; a++) {
			if (a && s->nsizes < 2)
				break;
			t.size = s->sizes[a ? s->nsizes - 1 : 0];
			for (b = 0; b < BT_NR; b++)
				for (md = LM_WT; md <= LM_WTDSYNC; md++) {
					if (f ? !s->modes[md] : md != LM_WT)
						continue;
					t.tool = b;
					t.mode = md;
					r |= add(m, s, t);
				}
		}
		break;
	default:
		break;
	}
	return r;
}

int bench_matrix_build(const struct bench_sel *s, struct bench_matrix *m)
{
	unsigned int sec;

	memset(m, 0, sizeof(*m));
	m->reps = s->reps;
	m->cells = calloc(BENCH_MAX_CELLS, sizeof(*m->cells));
	if (!m->cells)
		return -1;
	for (sec = 0; sec < BS_NR; sec++)
		if (s->sections[sec] && build_section(s, m, sec))
			return -1;
	return 0;
}

void bench_matrix_free(struct bench_matrix *m)
{
	free(m->cells);
	m->cells = NULL;
	m->n = 0;
}

const struct bench_cell *bench_find_ref(const struct bench_matrix *m, const struct bench_cell *c,
					enum load_mode mode, enum bench_tool tool)
{
	unsigned int i;

	for (i = 0; i < m->n; i++) {
		const struct bench_cell *r = &m->cells[i];

		if (r->sec == c->sec && r->mode == mode && r->tool == tool &&
		    r->pattern == c->pattern && r->engine == c->engine && r->qd == c->qd &&
		    r->threads == c->threads && r->sep_files == c->sep_files &&
		    r->size == c->size)
			return r;
	}
	return NULL;
}
