// SPDX-License-Identifier: GPL-2.0
/*
 * Histogram bucketing, quantile estimates and their error bound; the text
 * histogram rows; JSON escaping; stages.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wt/hist.h"
#include "wt/json.h"
#include "wt/stages.h"

static int failures;
#define EXPECT(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

static void add(struct wt_hist *h, __u64 v)
{
	wt_hist_add(h, v);
}

static int cmp(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return x < y ? -1 : x > y;
}

static void check_bucketing(void)
{
	__u64 v, prev = 0;
	int shift;

	for (v = 0; v < 100000; v++) {
		__u32 b = wt_bucket(v);

		EXPECT(b >= prev);
		EXPECT(wt_bucket_low(b) <= v && v < wt_bucket_high(b));
		if (v >= WT_SUB)
			EXPECT((wt_bucket_high(b) - wt_bucket_low(b)) * WT_SUB <= wt_bucket_low(b));
		prev = b;
	}
	for (shift = 0; shift < 64; shift++) {
		v = 1ull << shift;
		EXPECT(wt_bucket(v) < WT_HIST_SLOTS);
		EXPECT(wt_bucket_low(wt_bucket(v)) == v);
		EXPECT(wt_bucket(v - 1) < wt_bucket(v) || v == 1);
	}
	EXPECT(wt_log2(1) == 0 && wt_log2(2) == 1 && wt_log2(3) == 1 && wt_log2(1ull << 40) == 40);
}

/*
 * wt_bucket_high() of the last reachable bucket, and the bounds of the empty
 * buckets after it, must not shift by 64 or more: on x86 a shift by 64 is a
 * shift by 0, which made the last bucket end below its start.  The index
 * is volatile so the compiler cannot fold the shift at build time.
 */
static void check_bucket_bounds(void)
{
	volatile __u32 vb;
	__u32 b;

	for (b = 0; b < WT_HIST_SLOTS; b++) {
		vb = b;
		if (b < WT_BUCKET_NR) {
			if (!(wt_bucket_low(vb) < wt_bucket_high(vb))) {
				fprintf(stderr, "bucket %u: [%llu, %llu) is empty or reversed\n", b,
					(unsigned long long)wt_bucket_low(vb),
					(unsigned long long)wt_bucket_high(vb));
				failures++;
			}
			if (b + 1 < WT_BUCKET_NR)
				EXPECT(wt_bucket_high(vb) == wt_bucket_low(vb + 1));
		} else {
			EXPECT(wt_bucket_low(vb) == ~0ull && wt_bucket_high(vb) == ~0ull);
		}
	}
	vb = WT_BUCKET_NR - 1;
	EXPECT(wt_bucket_high(vb) == ~0ull);
	EXPECT(wt_bucket_low(vb) == (1ull << 63) + (3ull << 61));
	EXPECT(wt_bucket(~0ull) == WT_BUCKET_NR - 1);
	EXPECT(wt_bucket(1ull << 63) == WT_BUCKET_NR - 4);
}

/* min/max belong to an epoch; slots, count and sum keep growing */
static void check_epoch(void)
{
	struct wt_hist *h = calloc(1, sizeof(*h));

	wt_hist_add_ep(h, 500, 1);
	wt_hist_add_ep(h, 100, 1);
	EXPECT(h->min == 100 && h->max == 500 && h->count == 2);
	wt_hist_add_ep(h, 300, 2);
	EXPECT(h->min == 300 && h->max == 300 && h->mm_epoch == 2);
	EXPECT(h->count == 3 && h->sum == 900);
	free(h);
}

/* Compact rows: one per power of two of ns, bounds exact in the unit. */
static void check_log2_rows(void)
{
	struct wt_hist *h = calloc(1, sizeof(*h));
	char *buf = NULL, line[256];
	size_t len = 0;
	__u64 v, sum = 0;
	FILE *f;
	int rows = 0;

	for (v = 0; v < 200000; v++) {
		int want = v < 2 ? 0 : (int)wt_log2(v);

		if (wt_hist_log2_row(wt_bucket(v)) != want) {
			fprintf(stderr, "value %llu in row %d, want %d\n", (unsigned long long)v,
				wt_hist_log2_row(wt_bucket(v)), want);
			failures++;
			break;
		}
	}
	EXPECT(wt_hist_log2_row(WT_BUCKET_NR - 1) == 63);
	add(h, 1500);		/* [1024, 2048) */
	add(h, 3000);		/* [2048, 4096) */
	add(h, 3500);
	add(h, 100000);		/* [65536, 131072) */
	f = open_memstream(&buf, &len);
	wt_hist_print(f, h, "title", &wt_unit_us);
	fclose(f);
	f = fmemopen(buf, len, "r");
	while (fgets(line, sizeof(line), f)) {
		char lo[32], hi[32];
		unsigned long long n;

		if (sscanf(line, " %31s -> %31s : %llu", lo, hi, &n) != 3)
			continue;
		if (rows == 0)
			EXPECT(!strcmp(lo, "1.024") && !strcmp(hi, "2.048") && n == 1);
		if (rows == 1)
			EXPECT(!strcmp(lo, "2.048") && !strcmp(hi, "4.096") && n == 2);
		if (rows == 6)
			EXPECT(!strcmp(lo, "65.536") && !strcmp(hi, "131.072") && n == 1);
		sum += n;
		rows++;
	}
	fclose(f);
	EXPECT(rows == 7 && sum == 4);
	EXPECT(strstr(buf, "usecs") && strstr(buf, "count    distribution"));
	if (rows != 7 || sum != 4)
		fprintf(stderr, "log2 rows:\n%s", buf);
	free(buf);
	free(h);
}

/* Log-normal-ish latencies: the estimate must be within the stated bound. */
static void check_quantiles(void)
{
	static const double qs[] = { 0.5, 0.9, 0.99, 0.999, 1.0 };
	enum { N = 200000 };
	__u64 *vals = malloc(N * sizeof(*vals)), lo, hi, est, truth;
	struct wt_hist *h = calloc(1, sizeof(*h));
	unsigned int seed = 12345;
	int i;

	for (i = 0; i < N; i++) {
		double u = (rand_r(&seed) + 1.0) / ((double)RAND_MAX + 2.0);

		vals[i] = (__u64)(20000.0 * exp(1.5 * sqrt(-2 * log(u)) *
				  cos(2 * M_PI * rand_r(&seed) / (double)RAND_MAX))) + 1;
		add(h, vals[i]);
	}
	qsort(vals, N, sizeof(*vals), cmp);
	for (i = 0; i < 5; i++) {
		__u64 rank = (__u64)ceil(qs[i] * N);

		truth = vals[rank - 1];
		est = wt_hist_quantile(h, qs[i], &lo, &hi);
		if (!(lo <= truth && truth < hi) ||
		    fabs((double)est - truth) > wt_hist_error_bound() * truth + 1) {
			fprintf(stderr, "q%.3f: truth %llu est %llu bucket [%llu, %llu)\n", qs[i],
				(unsigned long long)truth, (unsigned long long)est,
				(unsigned long long)lo, (unsigned long long)hi);
			failures++;
		}
	}
	EXPECT(wt_hist_quantile(h, 1.0, NULL, NULL) <= h->max);
	EXPECT(wt_hist_quantile(h, 1e-9, &lo, NULL) >= h->min && lo == h->min);
	memset(h, 0, sizeof(*h));
	EXPECT(wt_hist_quantile(h, 0.5, &lo, &hi) == 0 && lo == 0 && hi == 0);
	add(h, 777);
	EXPECT(wt_hist_quantile(h, 0.99, &lo, &hi) == 777 && lo == 777 && hi == 778);
	free(vals);
	free(h);
}

static void check_merge(void)
{
	struct wt_hist *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));

	add(a, 10);
	add(a, 1000);
	add(b, 5);
	add(b, 5000);
	wt_hist_merge(a, b);
	EXPECT(a->count == 4 && a->min == 5 && a->max == 5000 && a->sum == 6015);
	memset(b, 0, sizeof(*b));
	wt_hist_merge(a, b);	/* an empty per-CPU copy changes nothing */
	EXPECT(a->count == 4 && a->min == 5);
	free(a);
	free(b);
}

static void check_json(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct wt_json j;

	wt_json_init(&j, f);
	wt_json_obj_begin(&j, NULL);
	wt_json_str(&j, "type", "a\"b\\c\n\x01");
	wt_json_u64(&j, "n", 18446744073709551615ull);
	wt_json_i64(&j, "e", -5);
	wt_json_arr_begin(&j, "l");
	wt_json_u64(&j, NULL, 1);
	wt_json_obj_begin(&j, NULL);
	wt_json_bool(&j, "t", 1);
	wt_json_obj_end(&j);
	wt_json_arr_end(&j);
	wt_json_dbl(&j, "d", 1.5);
	wt_json_dbl(&j, "nan", NAN);
	wt_json_str_or_null(&j, "z", NULL);
	wt_json_obj_end(&j);
	wt_json_line_end(&j);
	fclose(f);
	const char *want = "{\"type\":\"a\\\"b\\\\c\\n\\u0001\",\"n\":18446744073709551615,"
			   "\"e\":-5,\"l\":[1,{\"t\":true}],\"d\":1.5,\"nan\":null,\"z\":null}\n";
	if (strcmp(buf, want)) {
		fprintf(stderr, "json: got  %s     want %s", buf, want);
		failures++;
	}
	free(buf);
}

/*
 * A record longer than the writer's buffer (a long string, then fields
 * past the buffer's end) comes out whole and in order; nanoseconds as
 * seconds are exact, with no trailing zeros.
 */
static void check_json_long(void)
{
	static char big[3 * WT_JSON_BUF + 1];
	char *buf = NULL, *want;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);
	struct wt_json j;

	memset(big, 'x', sizeof(big) - 1);
	wt_json_record(&j, f, "s", "t");
	for (i = 0; i < 300; i++)
		wt_json_u64(&j, "k", i);
	wt_json_str(&j, "big", big);
	wt_json_ns_as_s(&j, "a", 0);
	wt_json_ns_as_s(&j, "b", 1000);
	wt_json_ns_as_s(&j, "c", 1500000000ull);
	wt_json_ns_as_s(&j, "d", 123456789012345ull);
	wt_json_ns_as_s(&j, "e", 999999999);
	wt_json_obj_end(&j);
	wt_json_line_end(&j);
	fclose(f);
	want = malloc(sizeof(big) + 300 * 12 + 200);
	len = (size_t)sprintf(want, "{\"schema\":\"s\",\"type\":\"t\"");
	for (i = 0; i < 300; i++)
		len += (size_t)sprintf(want + len, ",\"k\":%zu", i);
	sprintf(want + len, ",\"big\":\"%s\",\"a\":0,\"b\":0.000001,\"c\":1.5,"
		"\"d\":123456.789012345,\"e\":0.999999999}\n", big);
	if (strcmp(buf, want)) {
		fprintf(stderr, "json, long record: got %zu bytes, want %zu\n", strlen(buf),
			strlen(want));
		failures++;
	}
	free(want);
	free(buf);
}

/* A string in, its JSON text out. */
static void json_string_is(const char *in, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	wt_json_put_string(f, in);
	fclose(f);
	if (strcmp(buf, want)) {
		fprintf(stderr, "json string: got %s, want %s\n", buf, want);
		failures++;
	}
	free(buf);
}

/*
 * Any bytes give valid JSON: control characters and DEL escaped, valid
 * UTF-8 kept, every other byte as \u00XX (a comm holds whatever the task
 * set, cut at 15 bytes wherever that falls).
 */
static void check_json_escaping(void)
{
	json_string_is("plain", "\"plain\"");
	json_string_is("q\"b\\s/", "\"q\\\"b\\\\s/\"");
	json_string_is("\b\f\n\r\t\x1f\x7f", "\"\\b\\f\\n\\r\\t\\u001f\\u007f\"");
	json_string_is("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	json_string_is("\xff\xfe", "\"\\u00ff\\u00fe\"");
	json_string_is("cut\xe2\x82", "\"cut\\u00e2\\u0082\"");		/* truncated euro sign */
	json_string_is("\xc0\xaf", "\"\\u00c0\\u00af\"");			/* overlong '/' */
	json_string_is("\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"");	/* a surrogate */
	json_string_is("\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\"");	/* > U+10FFFF */
	json_string_is("\x80x", "\"\\u0080x\"");				/* stray continuation */
}

/* "other" is total minus the other stages, never negative; names follow the enum */
static void check_stages(void)
{
	__u64 ns[WT_STAGE_NR] = { 0 };
	unsigned int mask;
	int s;

	ns[WT_STAGE_TOTAL] = 1000;
	EXPECT(wt_stage_other(ns) == 1000);
	for (s = WT_STAGE_TOTAL + 1; s < WT_STAGE_OTHER; s++)
		ns[s] = 100 + s;
	ns[WT_STAGE_OTHER] = 12345;	/* not part of its own sum */
	EXPECT(wt_stage_other(ns) == 1000 - 7 * 100 - (1 + 2 + 3 + 4 + 5 + 6 + 7));
	ns[WT_STAGE_DEVICE] += 1000;
	EXPECT(wt_stage_other(ns) == 0);
	EXPECT(!strcmp(wt_stage_names[WT_STAGE_TOTAL], "total"));
	EXPECT(!strcmp(wt_stage_names[WT_STAGE_BEGIN2], "begin2"));
	EXPECT(!strcmp(wt_stage_names[WT_STAGE_OTHER], "other"));
	EXPECT(WT_STAGE_OTHER == WT_STAGE_NR - 1);
	EXPECT(!wt_parse_stages("device,other", &mask) &&
	       mask == (1u << WT_STAGE_DEVICE | 1u << WT_STAGE_OTHER));
}

#define TPB(x) (1u << WT_TP_##x)

/* wtlat -S: the events each stage set attaches, what it traces and counts */
static void check_trace_sets(void)
{
	const uint32_t total = TPB(BEGIN) | TPB(COMPLETE) | TPB(SUBMIT);
	struct wt_trace_set t;
	int k;

	EXPECT(wt_traced.tps == WT_TP_ALL && wt_traced.stages == WT_STAGES_ALL);
	t = wt_trace_set_for(WT_STAGES_ALL, false);
	EXPECT(t.tps == WT_TP_ALL && t.stages == WT_STAGES_ALL && t.counters == (1ull << WT_CNT_NR) - 1);
	/* other, the remainder, needs every event */
	t = wt_trace_set_for(1u << WT_STAGE_OTHER, false);
	EXPECT(t.tps == WT_TP_ALL && t.stages == WT_STAGES_ALL);
	/* total: three events, the counters of the whole call only */
	t = wt_trace_set_for(1u << WT_STAGE_TOTAL, false);
	EXPECT(t.tps == total && t.stages == 1u << WT_STAGE_TOTAL);
	for (k = 0; k < WT_CNT_NR; k++) {
		bool other = k == WT_CNT_BEGIN_ALL || k == WT_CNT_BEGIN1 || k == WT_CNT_BEGIN2 ||
			     k == WT_CNT_BIOS || k == WT_CNT_FOLIOS || k == WT_CNT_ATOMIC_HW ||
			     k == WT_CNT_ATOMIC_SW;

		EXPECT(!(t.counters & (1ull << k)) == other);
	}
	/* copy starts at the lock or at the end of a writeback wait */
	t = wt_trace_set_for(1u << WT_STAGE_COPY, false);
	EXPECT(t.tps == (total | TPB(FOLIO_GET) | TPB(FOLIO_LOCKED) | TPB(WB_START) |
			 TPB(WB_END) | TPB(FOLIO_COPIED)));
	EXPECT(t.stages == (1u << WT_STAGE_TOTAL | 1u << WT_STAGE_LOCK | 1u << WT_STAGE_WBWAIT |
			    1u << WT_STAGE_COPY));
	EXPECT(t.counters & (1ull << WT_CNT_FOLIOS) && !(t.counters & (1ull << WT_CNT_BIOS)));
	/* the device window leaves out a later ->iomap_begin: begin1/2 come along */
	t = wt_trace_set_for(1u << WT_STAGE_DEVICE, false);
	EXPECT(t.tps == (total | TPB(BIO_SUBMIT) | TPB(IO_END) | TPB(SUBMIT_DONE) |
			 TPB(ITER_BEGIN) | TPB(ITER_DONE)));
	EXPECT(t.stages == (1u << WT_STAGE_TOTAL | 1u << WT_STAGE_BEGIN1 | 1u << WT_STAGE_BEGIN2 |
			    1u << WT_STAGE_DEVICE | 1u << WT_STAGE_COMPLETE));
	/* breakdowns hold the device stage: -S total -P traces it */
	EXPECT(wt_trace_set_for(1u << WT_STAGE_TOTAL, true).tps == t.tps);
	t = wt_trace_set_for(1u << WT_STAGE_LOCK, false);
	EXPECT(t.tps == (total | TPB(FOLIO_GET) | TPB(FOLIO_LOCKED)));
	EXPECT(!(t.counters & (1ull << WT_CNT_FOLIOS)));
}

int main(void)
{
	check_bucketing();
	check_bucket_bounds();
	check_epoch();
	check_log2_rows();
	check_quantiles();
	check_merge();
	check_json();
	check_json_long();
	check_json_escaping();
	check_stages();
	check_trace_sets();
	if (failures)
		fprintf(stderr, "test_hist: %d failure(s)\n", failures);
	else
		printf("test_hist: all checks passed (error bound %.1f%%)\n", 100 * wt_hist_error_bound());
	return failures != 0;
}
