// SPDX-License-Identifier: GPL-2.0
/*
 * NDJSON output, schema wt.wtbench/1: a start record, one record per cell
 * (its runs, their summaries and ratios, the kernel), an end record; and
 * reading the cell records back (--from) to redo the table and the plots.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "json_read.h"
#include "wt/json.h"

static void kernel(struct wt_json *j, const struct bench_kernel *k)
{
	wt_json_obj_begin(j, "kernel");
	wt_json_str(j, "release", k->release);
	wt_json_str(j, "version", k->version);
	wt_json_str_or_null(j, "series_head", *k->series ? k->series : NULL);
	wt_json_obj_end(j);
}

void bench_ndjson_start(FILE *f, const struct bench_matrix *m, const struct bench_kernel *k)
{
	struct wt_json j;

	wt_json_record(&j, f, BENCH_SCHEMA, "start");
	wt_json_u64(&j, "cells", m->n);
	wt_json_u64(&j, "reps", m->reps);
	kernel(&j, k);
	wt_json_obj_end(&j);
	wt_json_line_end(&j);
}

void bench_ndjson_cell(FILE *f, const struct bench_cell *c, const struct bench_kernel *k)
{
	struct wt_json j;
	unsigned int r, x;

	wt_json_record(&j, f, BENCH_SCHEMA, "cell");
	wt_json_str(&j, "section", bench_section_names[c->sec]);
	wt_json_str(&j, "mode", load_mode_names[c->mode]);
	wt_json_u64(&j, "size", c->size);
	wt_json_str(&j, "pattern", bench_pattern_names[c->pattern]);
	wt_json_str(&j, "engine", load_engine_names[c->engine]);
	wt_json_u64(&j, "qd", c->qd);
	wt_json_u64(&j, "threads", c->threads);
	wt_json_str(&j, "files", c->sep_files ? "each" : "one");
	wt_json_str(&j, "tool", bench_tool_names[c->tool]);
	wt_json_u64(&j, "count", c->count);
	wt_json_str(&j, "status", bench_status_names[c->status]);
	wt_json_str_or_null(&j, "error", *c->err ? c->err : NULL);
	wt_json_str_or_null(&j, "message", *c->msg ? c->msg : NULL);
	wt_json_arr_begin(&j, "runs");
	for (r = 0; r < c->nruns; r++) {
		wt_json_obj_begin(&j, NULL);
		wt_json_u64(&j, "writes", c->runs[r].writes);
		wt_json_dbl(&j, "secs", c->runs[r].secs);
		for (x = 0; x < BM_NR; x++)
			wt_json_dbl(&j, bench_metric_names[x], c->runs[r].v[x]);
		wt_json_obj_end(&j);
	}
	wt_json_arr_end(&j);
	for (x = 0; x < BM_NR; x++) {
		const struct bench_summary *s = &c->sum[x];

		wt_json_obj_begin(&j, bench_metric_names[x]);
		wt_json_dbl(&j, "median", s->median);
		wt_json_dbl(&j, "min", s->min);
		wt_json_dbl(&j, "max", s->max);
		wt_json_dbl(&j, "q1", s->q1);
		wt_json_dbl(&j, "q3", s->q3);
		wt_json_obj_end(&j);
	}
	wt_json_str(&j, "ratio_of", bench_metric_names[bench_section_metric(c->sec)]);
	wt_json_dbl(&j, "vs_direct", c->vs_direct);
	wt_json_dbl(&j, "vs_fdatasync", c->vs_fdatasync);
	wt_json_dbl(&j, "vs_untraced", c->vs_untraced);
	kernel(&j, k);
	wt_json_obj_end(&j);
	wt_json_line_end(&j);
}

void bench_ndjson_end(FILE *f, const struct bench_matrix *m, double secs)
{
	unsigned int i, st[CS_NR] = { 0 };
	struct wt_json j;

	for (i = 0; i < m->n; i++)
		st[m->cells[i].status]++;
	wt_json_record(&j, f, BENCH_SCHEMA, "end");
	wt_json_u64(&j, "cells", m->n);
	wt_json_u64(&j, "ok", st[CS_OK]);
	wt_json_u64(&j, "na", st[CS_NA]);
	wt_json_u64(&j, "errors", st[CS_ERROR]);
	wt_json_dbl(&j, "secs", secs);
	wt_json_obj_end(&j);
	wt_json_line_end(&j);
}

/* ---- reading */

static int name_of(const struct wtj_val *o, const char *key, const char *const *names, int n)
{
	const char *s = wtj_str(wtj_get(o, key));
	int i;

	for (i = 0; s && i < n; i++)
		if (names[i] && !strcmp(s, names[i]))
			return i;
	return -1;
}

static int u64_of(const struct wtj_val *o, const char *key, uint64_t *v)
{
	return wtj_u64(wtj_get(o, key), v);
}

static void str_of(const struct wtj_val *o, const char *key, char *buf, size_t len)
{
	const char *s = wtj_str(wtj_get(o, key));

	snprintf(buf, len, "%s", s ? s : "");
}

static int read_cell(const struct wtj_val *o, struct bench_cell *c)
{
	int sec = name_of(o, "section", bench_section_names, BS_NR);
	int mode = name_of(o, "mode", load_mode_names, LM_NR);
	int pat = name_of(o, "pattern", bench_pattern_names, BP_NR);
	int eng = name_of(o, "engine", load_engine_names, LE_NR);
	int tool = name_of(o, "tool", bench_tool_names, BT_NR);
	int st = name_of(o, "status", bench_status_names, CS_NR);
	const char *files = wtj_str(wtj_get(o, "files"));
	const struct wtj_val *runs = wtj_get(o, "runs");
	uint64_t qd, th;
	struct wtj_item *it;
	unsigned int x;

	memset(c, 0, sizeof(*c));
	if (sec < 0 || mode < 0 || pat < 0 || eng < 0 || tool < 0 || st < 0 || !files ||
	    u64_of(o, "size", &c->size) || u64_of(o, "qd", &qd) || u64_of(o, "threads", &th) ||
	    u64_of(o, "count", &c->count) || !runs || runs->type != WTJ_ARR)
		return -1;
	c->sec = sec, c->mode = mode, c->pattern = pat, c->engine = eng, c->tool = tool;
	c->status = st, c->qd = (unsigned int)qd, c->threads = (unsigned int)th;
	c->sep_files = !strcmp(files, "each");
	str_of(o, "error", c->err, sizeof(c->err));
	str_of(o, "message", c->msg, sizeof(c->msg));
	for (it = runs->u.items; it; it = it->next) {
		struct bench_run *r;

		if (c->nruns == BENCH_MAX_REPS)
			return -1;
		r = &c->runs[c->nruns++];
		if (u64_of(it->val, "writes", &r->writes) ||
		    wtj_double(wtj_get(it->val, "secs"), &r->secs))
			return -1;
		for (x = 0; x < BM_NR; x++)
			if (wtj_double(wtj_get(it->val, bench_metric_names[x]), &r->v[x]))
				return -1;
	}
	return 0;
}

static void read_kernel(const struct wtj_val *o, struct bench_kernel *k)
{
	const struct wtj_val *kv = wtj_get(o, "kernel");

	if (!kv)
		return;
	str_of(kv, "release", k->release, sizeof(k->release));
	str_of(kv, "version", k->version, sizeof(k->version));
	str_of(kv, "series_head", k->series, sizeof(k->series));
}

int bench_ndjson_read(const char *path, struct bench_matrix *m, struct bench_kernel *k,
		      char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, perr[128];
	size_t cap = 0;
	ssize_t len;
	unsigned int lineno = 0;
	uint64_t reps = 0;
	int ret = 0;

	memset(m, 0, sizeof(*m));
	memset(k, 0, sizeof(*k));
	if (!f) {
		snprintf(err, errlen, "%s: %m", path);
		return -1;
	}
	m->cells = calloc(BENCH_MAX_CELLS, sizeof(*m->cells));
	if (!m->cells) {
		fclose(f);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	while (!ret && (len = getline(&line, &cap, f)) > 0) {
		struct wtj_doc doc = { 0 };
		const char *schema, *type;

		lineno++;
		if (wtj_parse(&doc, line, (size_t)len, perr, sizeof(perr), NULL)) {
			wtj_free(&doc);
			continue;	/* not a record: the case's own output around them */
		}
		schema = wtj_str(wtj_get(doc.root, "schema"));
		type = wtj_str(wtj_get(doc.root, "type"));
		if (schema && !strcmp(schema, BENCH_SCHEMA) && type) {
			if (!strcmp(type, "start")) {
				u64_of(doc.root, "reps", &reps);
				read_kernel(doc.root, k);
			} else if (!strcmp(type, "cell")) {
				if (m->n == BENCH_MAX_CELLS ||
				    read_cell(doc.root, &m->cells[m->n])) {
					snprintf(err, errlen, "%s:%u: a cell record this wtbench cannot read",
						 path, lineno);
					ret = -1;
				} else {
					m->n++;
				}
			}
		}
		wtj_free(&doc);
	}
	free(line);
	fclose(f);
	if (!ret && !m->n) {
		snprintf(err, errlen, "%s: no %s cell records", path, BENCH_SCHEMA);
		ret = -1;
	}
	m->reps = (unsigned int)reps;
	if (!ret)
		bench_compute(m);
	return ret;
}
