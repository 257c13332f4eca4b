// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"
#include "record.h"
#include "stats.h"

const char *const wtd_hist_names[WTD_NHIST] = {
	"total", "begin1", "lock", "wbwait", "copy", "begin2", "device", "complete", "other",
	"fallback",
};

/* Where each histogram lives in a record: "stages".NAME, or a top-level member. */
static const char *const hist_keys[WTD_NHIST] = {
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "fallback_total",
};

#define SCHEMA_PREFIX	"wt.wtlat/"

struct loader {
	struct wtd_run *run;
	char *err;
	size_t errlen;
	uint64_t line;
	bool started;
	/* the interval sums, and the end record's totals if it has any */
	struct wt_hist *isum, *end;
	bool ipresent[WTD_NHIST], epresent[WTD_NHIST];
	bool isum_have_sum[WTD_NHIST], end_have_sum[WTD_NHIST];
	bool end_has_hists;
};

__attribute__((format(printf, 2, 3)))
static int lfail(struct loader *ld, const char *fmt, ...)
{
	char msg[256], *p;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* names and values from the file may hold anything: keep it one line */
	for (p = msg; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	if (ld->line)
		snprintf(ld->err, ld->errlen, "%s:%llu: %s", ld->run->file,
			 (unsigned long long)ld->line, msg);
	else
		snprintf(ld->err, ld->errlen, "%s: %s", ld->run->file, msg);
	return -1;
}

static int add_u64(__u64 *dst, __u64 v)
{
	if (*dst > UINT64_MAX - v)
		return -1;
	*dst += v;
	return 0;
}

/* ------------------------------------------------------------ start record */

static int add_leaf(struct loader *ld, const char *path, const struct wtj_val *v)
{
	struct wtd_run *run = ld->run;
	struct wtd_leaf *l;
	const char *text;

	switch (v->type) {
	case WTJ_STR: text = v->u.str; break;
	case WTJ_NUM: text = v->u.num; break;
	case WTJ_BOOL: text = v->u.b ? "true" : "false"; break;
	default: text = "null"; break;
	}
	if (run->nstart >= WTD_MAX_LEAVES)
		return lfail(ld, "start record has more than %d values", WTD_MAX_LEAVES);
	if (!run->start) {
		run->start = calloc(WTD_MAX_LEAVES, sizeof(*run->start));
		if (!run->start)
			return lfail(ld, "out of memory");
	}
	l = &run->start[run->nstart];
	l->path = strdup(path);
	l->value = strdup(text);
	if (!l->path || !l->value) {
		free(l->path);
		free(l->value);
		return lfail(ld, "out of memory");
	}
	l->is_num = v->type == WTJ_NUM && !wtj_double(v, &l->num);
	l->is_null = v->type == WTJ_NULL;
	run->nstart++;
	return 0;
}

static int flatten(struct loader *ld, const char *prefix, const struct wtj_val *v)
{
	char path[256];
	int n;

	if (v->type == WTJ_OBJ) {
		const struct wtj_member *m;

		for (m = v->u.members; m; m = m->next) {
			n = snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", m->key);
			if (n < 0 || (size_t)n >= sizeof(path))
				return lfail(ld, "start record key path too long");
			if (flatten(ld, path, m->val))
				return -1;
		}
		return 0;
	}
	if (v->type == WTJ_ARR) {
		const struct wtj_item *it;
		size_t i = 0;

		for (it = v->u.items; it; it = it->next, i++) {
			n = snprintf(path, sizeof(path), "%s[%zu]", prefix, i);
			if (n < 0 || (size_t)n >= sizeof(path))
				return lfail(ld, "start record key path too long");
			if (flatten(ld, path, it->val))
				return -1;
		}
		return 0;
	}
	return add_leaf(ld, prefix, v);
}

/* The start record's histogram layout, when it gives one, must be ours. */
static int layout_check(struct loader *ld)
{
	static const char *const bits[] = { "histogram.sub_bits", "hist_sub_bits" };
	const struct wtd_leaf *l;
	size_t i;

	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		l = wtd_run_leaf(ld->run, bits[i]);
		if (l && (!l->is_num || l->num != WT_SUB_BITS))
			return lfail(ld, "histograms have %.20s sub-bucket bits, wtdiff reads %d",
				     l->value, WT_SUB_BITS);
	}
	l = wtd_run_leaf(ld->run, "histogram.buckets");
	if (l && (!l->is_num || l->num != WTD_LAST_BUCKET + 1))
		return lfail(ld, "histograms have %.20s buckets, wtdiff reads %d", l->value,
			     WTD_LAST_BUCKET + 1);
	l = wtd_run_leaf(ld->run, "histogram.unit");
	if (l && strcmp(l->value, "ns"))
		return lfail(ld, "histograms are in \"%.20s\", wtdiff reads \"ns\"", l->value);
	return 0;
}

/* ------------------------------------------------------------ histograms */

static int put_bucket(struct loader *ld, const char *name, struct wt_hist *h, uint64_t *seen,
		      uint64_t lo, const struct wtj_val *hi_v, uint64_t count)
{
	unsigned int b = wt_bucket(lo);
	uint64_t hi;

	if (b > WTD_LAST_BUCKET || wtd_bucket_low(b) != lo)
		return lfail(ld, "%s: bucket lo_ns %llu is not a bound of the log-linear layout"
			     " (%d sub-bucket bits)", name, (unsigned long long)lo, WT_SUB_BITS);
	if (hi_v) {
		if (wtj_u64(hi_v, &hi))
			return lfail(ld, "%s: bucket hi_ns is not an unsigned integer", name);
		if (b < WTD_LAST_BUCKET ? hi != wtd_bucket_high(b) : hi <= lo)
			return lfail(ld, "%s: bucket [%llu, %llu) does not match the layout, want"
				     " [%llu, %llu)", name, (unsigned long long)lo,
				     (unsigned long long)hi, (unsigned long long)lo,
				     (unsigned long long)wtd_bucket_high(b));
	}
	if (seen[b / 64] & (1ull << (b % 64)))
		return lfail(ld, "%s: bucket lo_ns %llu listed twice", name, (unsigned long long)lo);
	seen[b / 64] |= 1ull << (b % 64);
	h->slots[b] = count;
	return 0;
}

static int read_buckets(struct loader *ld, const char *name, const struct wtj_val *arr,
			struct wt_hist *h)
{
	uint64_t seen[(WTD_LAST_BUCKET + 64) / 64] = { 0 }, lo, count;
	const struct wtj_item *it;

	if (arr->type != WTJ_ARR)
		return lfail(ld, "%s: \"buckets\" is not an array", name);
	for (it = arr->u.items; it; it = it->next) {
		const struct wtj_val *e = it->val, *hi_v = NULL;

		if (e->type == WTJ_OBJ) {
			if (wtj_u64(wtj_get(e, "lo_ns"), &lo))
				return lfail(ld, "%s: bucket without an unsigned integer lo_ns", name);
			if (wtj_u64(wtj_get(e, "count"), &count))
				return lfail(ld, "%s: bucket without an unsigned integer count", name);
			hi_v = wtj_get(e, "hi_ns");
		} else if (e->type == WTJ_ARR && (e->n == 2 || e->n == 3)) {
			/* [lo_ns, count] or [lo_ns, hi_ns, count] */
			const struct wtj_item *a = e->u.items;

			if (wtj_u64(a->val, &lo))
				return lfail(ld, "%s: bucket lo_ns is not an unsigned integer", name);
			if (e->n == 3) {
				hi_v = a->next->val;
				a = a->next;
			}
			if (wtj_u64(a->next->val, &count))
				return lfail(ld, "%s: bucket count is not an unsigned integer", name);
		} else {
			return lfail(ld, "%s: a bucket is neither {lo_ns,hi_ns,count} nor"
				     " [lo_ns,hi_ns,count]", name);
		}
		if (put_bucket(ld, name, h, seen, lo, hi_v, count))
			return -1;
	}
	return 0;
}

static int read_slots(struct loader *ld, const char *name, const struct wtj_val *arr,
		      struct wt_hist *h)
{
	const struct wtj_item *it;
	unsigned int b = 0;
	uint64_t c;

	if (arr->type != WTJ_ARR)
		return lfail(ld, "%s: \"slots\" is not an array", name);
	if (arr->n > WT_HIST_SLOTS)
		return lfail(ld, "%s: %zu slots, the layout has %d", name, arr->n, WT_HIST_SLOTS);
	for (it = arr->u.items; it; it = it->next, b++) {
		if (wtj_u64(it->val, &c))
			return lfail(ld, "%s: slot %u is not an unsigned integer", name, b);
		if (b > WTD_LAST_BUCKET && c)
			return lfail(ld, "%s: slot %u is past the last reachable bucket", name, b);
		if (b <= WTD_LAST_BUCKET)
			h->slots[b] = c;
	}
	return 0;
}

/* One histogram object of a record into h (zeroed first). */
static int read_hist(struct loader *ld, const char *name, const struct wtj_val *o,
		     struct wt_hist *h, bool *have_sum)
{
	const struct wtj_val *buckets, *slots, *v;
	__u64 total = 0;
	uint64_t x;
	unsigned int b;

	memset(h, 0, sizeof(*h));
	if (o->type != WTJ_OBJ)
		return lfail(ld, "%s is not an object", name);
	buckets = wtj_get(o, "buckets");
	slots = wtj_get(o, "slots");
	if (buckets && slots)
		return lfail(ld, "%s has both \"buckets\" and \"slots\"", name);
	if (buckets && read_buckets(ld, name, buckets, h))
		return -1;
	if (slots && read_slots(ld, name, slots, h))
		return -1;
	for (b = 0; b <= WTD_LAST_BUCKET; b++)
		if (add_u64(&total, h->slots[b]))
			return lfail(ld, "%s: bucket counts overflow", name);
	if ((v = wtj_get(o, "count"))) {
		if (wtj_u64(v, &x))
			return lfail(ld, "%s: count is not an unsigned integer", name);
		h->count = x;
	} else {
		h->count = total;
	}
	if (!buckets && !slots && h->count)
		return lfail(ld, "%s: count %llu but no buckets", name,
			     (unsigned long long)h->count);
	/* docs/tools.md: count is the sum of the bucket counts */
	if (h->count != total)
		return lfail(ld, "%s: count %llu but the buckets hold %llu", name,
			     (unsigned long long)h->count, (unsigned long long)total);
	*have_sum = false;
	if ((v = wtj_get(o, "sum_ns"))) {
		if (wtj_u64(v, &x))
			return lfail(ld, "%s: sum_ns is not an unsigned integer", name);
		h->sum = x;
		*have_sum = true;
	}
	if ((v = wtj_get(o, "min_ns"))) {
		if (wtj_u64(v, &x))
			return lfail(ld, "%s: min_ns is not an unsigned integer", name);
		h->min = x;
	}
	if ((v = wtj_get(o, "max_ns"))) {
		if (wtj_u64(v, &x))
			return lfail(ld, "%s: max_ns is not an unsigned integer", name);
		h->max = x;
	}
	if (total && (h->min || h->max) && h->min > h->max)
		return lfail(ld, "%s: min_ns > max_ns", name);
	return 0;
}

/* dst += src, refusing to wrap. */
static int merge_hist(struct loader *ld, const char *name, struct wt_hist *dst,
		      const struct wt_hist *src)
{
	unsigned int b;

	for (b = 0; b <= WTD_LAST_BUCKET; b++)
		if (add_u64(&dst->slots[b], src->slots[b]))
			return lfail(ld, "%s: bucket counts overflow", name);
	if (add_u64(&dst->count, src->count) || add_u64(&dst->sum, src->sum))
		return lfail(ld, "%s: count or sum overflows", name);
	if (src->min || src->max) {
		if (!dst->min || src->min < dst->min)
			dst->min = src->min;
		if (src->max > dst->max)
			dst->max = src->max;
	}
	return 0;
}

/* The histograms of one interval or end record into acc (summed). */
static int read_hists(struct loader *ld, const struct wtj_val *rec, struct wt_hist *acc,
		      bool *present, bool *have_sum, bool *any)
{
	const struct wtj_val *stages = wtj_get(rec, "stages"), *o;
	struct wt_hist h;
	bool sum = false;
	int i;

	if (stages && stages->type != WTJ_OBJ)
		return lfail(ld, "\"stages\" is not an object");
	for (i = 0; i < WTD_NHIST; i++) {
		o = hist_keys[i] ? wtj_get(rec, hist_keys[i]) : wtj_get(stages, wtd_hist_names[i]);
		if (!o)
			continue;
		if (read_hist(ld, hist_keys[i] ? hist_keys[i] : wtd_hist_names[i], o, &h, &sum))
			return -1;
		/* a sum_ns missing once makes the summed mean an estimate */
		have_sum[i] = (present[i] ? have_sum[i] : true) && sum;
		present[i] = true;
		*any = true;
		if (merge_hist(ld, wtd_hist_names[i], &acc[i], &h))
			return -1;
	}
	return 0;
}

static int read_counters(struct loader *ld, const struct wtj_val *rec)
{
	const struct wtj_val *c = wtj_get(rec, "counters");
	const struct wtj_member *m;
	struct wtd_run *run = ld->run;
	uint64_t v;
	size_t i;

	if (!c)
		return 0;
	if (c->type != WTJ_OBJ)
		return lfail(ld, "\"counters\" is not an object");
	for (m = c->u.members; m; m = m->next) {
		if (wtj_u64(m->val, &v))
			continue;	/* not a count (a ratio, a name): not summed */
		for (i = 0; i < run->ncounters; i++)
			if (!strcmp(run->counters[i].name, m->key))
				break;
		if (i == run->ncounters) {
			if (i == WTD_MAX_COUNTERS)
				continue;
			run->counters[i].name = strdup(m->key);
			if (!run->counters[i].name)
				return lfail(ld, "out of memory");
			run->ncounters++;
		}
		if (add_u64(&run->counters[i].value, v))
			return lfail(ld, "counter %s overflows", m->key);
	}
	return 0;
}

/* ------------------------------------------------------------ records */

/* The message of an error record (docs/tools.md: "message"). */
static const char *error_message(const struct wtj_val *rec)
{
	const char *msg = wtj_str(wtj_get(rec, "message"));

	if (!msg)
		msg = wtj_str(wtj_get(rec, "error"));
	return msg ? msg : "(no message)";
}

static int on_record(struct loader *ld, const struct wtj_val *rec)
{
	struct wtd_run *run = ld->run;
	const char *type, *schema;
	const struct wtj_val *torn;
	bool any = false;
	double secs;

	if (rec->type != WTJ_OBJ)
		return lfail(ld, "not a JSON object");
	type = wtj_str(wtj_get(rec, "type"));
	schema = wtj_str(wtj_get(rec, "schema"));
	if (!type)
		return lfail(ld, "record without a \"type\" string");
	if (!schema)
		return lfail(ld, "record without a \"schema\" string");
	if (!ld->started) {
		if (!strcmp(type, "error"))
			return lfail(ld, "the run failed before tracing began: %.120s",
				     error_message(rec));
		if (strcmp(type, "start"))
			return lfail(ld, "the first record has type \"%.32s\", not \"start\""
				     " (not a wtlat --record file?)", type);
		if (strncmp(schema, SCHEMA_PREFIX, strlen(SCHEMA_PREFIX)))
			return lfail(ld, "schema \"%.40s\" is not wtlat's (" SCHEMA_PREFIX "N)",
				     schema);
		run->schema = strdup(schema);
		if (!run->schema)
			return lfail(ld, "out of memory");
		ld->started = true;
		if (flatten(ld, "", rec))
			return -1;
		return layout_check(ld);
	}
	if (strcmp(schema, run->schema))
		return lfail(ld, "schema \"%.40s\" differs from the start record's \"%s\"",
			     schema, run->schema);
	if (run->ended)
		return lfail(ld, "a \"%.32s\" record after the end record", type);
	if (!strcmp(type, "start"))
		return lfail(ld, "a second start record");
	if (!strcmp(type, "error"))
		return lfail(ld, "the run recorded an error: %.120s", error_message(rec));
	if (!strcmp(type, "interval")) {
		const struct wtj_val *is = wtj_get(rec, "interval_s");

		if (is && (wtj_double(is, &secs) || secs < 0))
			return lfail(ld, "interval_s is not a number >= 0");
		if (is)
			run->seconds += secs;
		run->intervals++;
		torn = wtj_get(wtj_get(rec, "bpf"), "read_torn");
		if (torn && torn->type == WTJ_BOOL && torn->u.b)
			run->torn++;
		if (read_hists(ld, rec, ld->isum, ld->ipresent, ld->isum_have_sum, &any))
			return -1;
		return read_counters(ld, rec);
	}
	if (!strcmp(type, "end")) {
		const char *reason = wtj_str(wtj_get(rec, "reason"));

		if (reason && !strcmp(reason, "error"))
			return lfail(ld, "the run ended with an error (end record reason \"error\")");
		run->ended = true;
		if (read_hists(ld, rec, ld->end, ld->epresent, ld->end_have_sum, &any))
			return -1;
		ld->end_has_hists = any;
		/* counters in the end record are totals: used only without intervals */
		return run->intervals ? 0 : read_counters(ld, rec);
	}
	return 0;	/* a record type of a later version: not needed here */
}

static int on_line(struct loader *ld, const char *buf, size_t len)
{
	struct wtj_doc doc;
	char jerr[128];
	size_t at, i;
	int rc;

	ld->line++;
	ld->run->lines = ld->line;
	for (i = 0; i < len; i++)
		if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r')
			break;
	if (i == len)
		return 0;	/* blank line */
	if (len > WTD_MAX_LINE)
		return lfail(ld, "line longer than %u bytes", WTD_MAX_LINE);
	if (wtj_parse(&doc, buf, len, jerr, sizeof(jerr), &at)) {
		wtj_free(&doc);
		return lfail(ld, "invalid JSON at byte %zu: %s", at + 1, jerr);
	}
	rc = on_record(ld, doc.root);
	wtj_free(&doc);
	return rc;
}

static int loader_init(struct loader *ld, struct wtd_run *run, const char *file, char *err,
		       size_t errlen)
{
	memset(run, 0, sizeof(*run));
	memset(ld, 0, sizeof(*ld));
	ld->run = run;
	ld->err = err;
	ld->errlen = errlen;
	run->file = strdup(file ? file : "-");
	ld->isum = calloc(WTD_NHIST, sizeof(*ld->isum));
	ld->end = calloc(WTD_NHIST, sizeof(*ld->end));
	if (!run->file || !ld->isum || !ld->end) {
		free(ld->isum);
		free(ld->end);
		if (!run->file)
			run->file = NULL;
		snprintf(err, errlen, "%s: out of memory", file ? file : "-");
		return -1;
	}
	return 0;
}

static int loader_finish(struct loader *ld, int rc)
{
	struct wtd_run *run = ld->run;

	ld->line = 0;
	if (!rc && !ld->started)
		rc = lfail(ld, "empty: no start record");
	if (!rc && !run->intervals && !ld->end_has_hists)
		rc = lfail(ld, "no interval records and no totals in an end record");
	if (!rc) {
		/* the end record's totals cover the whole run; else the intervals' sum */
		run->from_end = ld->end_has_hists;
		memcpy(run->hist, run->from_end ? ld->end : ld->isum, sizeof(run->hist));
		memcpy(run->present, run->from_end ? ld->epresent : ld->ipresent,
		       sizeof(run->present));
		memcpy(run->have_sum, run->from_end ? ld->end_have_sum : ld->isum_have_sum,
		       sizeof(run->have_sum));
	}
	free(ld->isum);
	free(ld->end);
	return rc;
}

int wtd_run_load_buf(struct wtd_run *run, const char *buf, size_t len, const char *file,
		     char *err, size_t errlen)
{
	struct loader ld;
	const char *p = buf, *end = buf + len, *nl;
	int rc = 0;

	if (loader_init(&ld, run, file, err, errlen))
		return -1;
	while (p < end && !rc) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		rc = on_line(&ld, p, (size_t)(nl - p));
		p = nl + 1;
	}
	return loader_finish(&ld, rc);
}

/* Next line of f without its newline: 1, 0 at the end, -1 too long or no memory. */
static int next_line(FILE *f, char **buf, size_t *cap, size_t *len)
{
	size_t n = 0;
	int c;

	while ((c = getc_unlocked(f)) != EOF && c != '\n') {
		if (n >= WTD_MAX_LINE)
			return -1;
		if (n + 1 >= *cap) {
			size_t ncap = *cap ? *cap * 2 : 4096;
			char *nb = realloc(*buf, ncap);

			if (!nb)
				return -1;
			*buf = nb;
			*cap = ncap;
		}
		(*buf)[n++] = (char)c;
	}
	if (c == EOF && !n)
		return 0;
	*len = n;
	return 1;
}

int wtd_run_load_file(struct wtd_run *run, FILE *f, const char *file, char *err, size_t errlen)
{
	struct loader ld;
	char *line = NULL;
	size_t cap = 0, n = 0;
	int rc = 0, got = 0;

	if (loader_init(&ld, run, file, err, errlen))
		return -1;
	while (!rc && (got = next_line(f, &line, &cap, &n)) > 0)
		rc = on_line(&ld, line ? line : "", n);
	if (!rc && got < 0) {
		ld.line++;
		rc = lfail(&ld, "line longer than %u bytes", WTD_MAX_LINE);
	}
	if (!rc && ferror(f))
		rc = lfail(&ld, "read error");
	free(line);
	return loader_finish(&ld, rc);
}

void wtd_run_free(struct wtd_run *run)
{
	size_t i;

	for (i = 0; i < run->nstart; i++) {
		free(run->start[i].path);
		free(run->start[i].value);
	}
	for (i = 0; i < run->ncounters; i++)
		free(run->counters[i].name);
	free(run->start);
	free(run->schema);
	free(run->file);
	memset(run, 0, sizeof(*run));
}

const struct wtd_leaf *wtd_run_leaf(const struct wtd_run *run, const char *path)
{
	size_t i;

	for (i = 0; i < run->nstart; i++)
		if (!strcmp(run->start[i].path, path))
			return &run->start[i];
	return NULL;
}

uint64_t wtd_run_counter(const struct wtd_run *run, const char *name)
{
	size_t i;

	for (i = 0; i < run->ncounters; i++)
		if (!strcmp(run->counters[i].name, name))
			return run->counters[i].value;
	return 0;
}
