// SPDX-License-Identifier: GPL-2.0
/*
 * wtdiff's record reader (what a --record file must hold, the one-line
 * errors) and the rules that decide whether two runs can be compared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "record.h"
#include "stats.h"

static int failures;
#define EXPECT(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

#define START(extra) "{\"schema\":\"wt.wtlat/3\",\"type\":\"start\",\"kernel\":{\"release\":\"7.2.13+\"," \
	"\"series_head\":\"abc\"},\"cpus\":2,\"filters\":{\"pid\":0,\"dev\":\"0:0\"}" extra "}\n"
#define IV(stages) "{\"schema\":\"wt.wtlat/3\",\"type\":\"interval\",\"interval_s\":1," \
	"\"counters\":{\"writes\":3,\"ratio\":0.5},\"stages\":{" stages "}}\n"
/* buckets of 1000 ns ([896,1024) is bucket 37) and 2000 ns ([1792,2048)) */
#define TOTAL "\"total\":{\"count\":3,\"sum_ns\":4000,\"min_ns\":950,\"max_ns\":2000," \
	"\"buckets\":[{\"lo_ns\":896,\"hi_ns\":1024,\"count\":2},{\"lo_ns\":1792,\"hi_ns\":2048,\"count\":1}]}"

static struct wtd_run run;
static char err[512];

static int load(const char *text)
{
	wtd_run_free(&run);
	return wtd_run_load_buf(&run, text, strlen(text), "t.ndjson", err, sizeof(err));
}

/* The load fails, and the one-line error holds want. */
static void expect_error(const char *text, const char *want)
{
	if (!load(text)) {
		fprintf(stderr, "accepted, want an error with '%s'\n", want);
		failures++;
		return;
	}
	if (!strstr(err, want) || strchr(err, '\n')) {
		fprintf(stderr, "error '%s', want one line with '%s'\n", err, want);
		failures++;
	}
}

static void check_reader(void)
{
	const struct wt_hist *h = &run.hist[WT_STAGE_TOTAL];

	/* two intervals are summed; a ratio among the counters is left out */
	EXPECT(load(START("") IV(TOTAL) IV(TOTAL)) == 0);
	EXPECT(run.intervals == 2 && run.seconds == 2 && !run.ended && !run.from_end);
	EXPECT(run.present[WT_STAGE_TOTAL] && !run.present[WT_STAGE_DEVICE]);
	EXPECT(h->count == 6 && h->sum == 8000 && h->min == 950 && h->max == 2000);
	EXPECT(h->slots[wt_bucket(1000)] == 4 && h->slots[wt_bucket(2000)] == 2);
	EXPECT(wtd_run_counter(&run, "writes") == 6 && run.ncounters == 1);
	EXPECT(run.have_sum[WT_STAGE_TOTAL]);

	/* the end record's totals win over the intervals' sum */
	EXPECT(load(START("") IV(TOTAL) "{\"schema\":\"wt.wtlat/3\",\"type\":\"end\",\"stages\":{"
		    "\"device\":{\"slots\":[0,0,0,7]}}}\n") == 0);
	EXPECT(run.ended && run.from_end && run.present[WT_STAGE_DEVICE] &&
	       !run.present[WT_STAGE_TOTAL]);
	EXPECT(run.hist[WT_STAGE_DEVICE].slots[3] == 7 && run.hist[WT_STAGE_DEVICE].count == 7);
	EXPECT(!run.have_sum[WT_STAGE_DEVICE]);

	/* [lo, hi, count] and [lo, count] buckets; blank lines; unknown record types */
	EXPECT(load(START("") "\n  \n" IV("\"lock\":{\"buckets\":[[896,1024,5],[1792,1]]}")
		    "{\"schema\":\"wt.wtlat/3\",\"type\":\"process\",\"pid\":1}\n") == 0);
	EXPECT(run.hist[WT_STAGE_LOCK].slots[wt_bucket(1000)] == 5 &&
	       run.hist[WT_STAGE_LOCK].slots[wt_bucket(1800)] == 1);
	/* the fallback histogram sits at the top level */
	EXPECT(load(START("") "{\"schema\":\"wt.wtlat/3\",\"type\":\"interval\",\"fallback_total\":"
		    "{\"count\":0,\"buckets\":[]}}\n") == 0);
	EXPECT(run.present[WTD_HIST_FALLBACK]);
	/* the last reachable bucket, up to 2^64 - 1 */
	EXPECT(load(START("") IV("\"copy\":{\"buckets\":[{\"lo_ns\":16140901064495857664,"
				 "\"hi_ns\":18446744073709551615,\"count\":1}]}")) == 0);
	EXPECT(run.hist[WT_STAGE_COPY].slots[WTD_LAST_BUCKET] == 1);

	expect_error("", "empty: no start record");
	expect_error(START(""), "no interval records");
	expect_error(IV(TOTAL), "t.ndjson:1: the first record has type \"interval\"");
	expect_error("{\"schema\":\"wt.wtsnoop/2\",\"type\":\"start\"}\n", "is not wtlat's");
	expect_error(START("") "{\"type\":\"interval\"}\n", "t.ndjson:2: record without a \"schema\"");
	expect_error(START("") "[1]\n", "not a JSON object");
	expect_error(START("") "{\"schema\":\"wt.wtlat/3\"\n", "t.ndjson:2: invalid JSON at byte");
	expect_error(START("") START(""), "a second start record");
	expect_error(START("") "{\"schema\":\"wt.wtlat/2\",\"type\":\"interval\"}\n",
		     "differs from the start record's");
	expect_error(START("") "{\"schema\":\"wt.wtlat/3\",\"type\":\"end\"}\n" IV(TOTAL),
		     "after the end record");
	expect_error(START("") "{\"schema\":\"wt.wtlat/3\",\"type\":\"error\",\"message\":\"no BTF\"}\n",
		     "t.ndjson:2: the run recorded an error: no BTF");
	expect_error(START("") IV("\"total\":{\"buckets\":[{\"lo_ns\":897,\"count\":1}]}"),
		     "bucket lo_ns 897 is not a bound");
	expect_error(START("") IV("\"total\":{\"buckets\":[{\"lo_ns\":896,\"hi_ns\":1000,\"count\":1}]}"),
		     "does not match the layout, want [896, 1024)");
	expect_error(START("") IV("\"total\":{\"buckets\":[[896,1],[896,2]]}"), "listed twice");
	expect_error(START("") IV("\"total\":{\"buckets\":[{\"lo_ns\":896,\"count\":-1}]}"),
		     "without an unsigned integer count");
	expect_error(START("") IV("\"total\":{\"buckets\":[{\"lo_ns\":896,\"count\":1.5}]}"),
		     "without an unsigned integer count");
	expect_error(START("") IV("\"total\":{\"buckets\":[[1,2,3,4]]}"), "neither");
	expect_error(START("") IV("\"total\":{\"buckets\":{}}"), "\"buckets\" is not an array");
	expect_error(START("") IV("\"total\":{\"buckets\":[],\"slots\":[]}"), "both");
	expect_error(START("") IV("\"total\":{\"count\":4}"), "count 4 but no buckets");
	expect_error(START("") IV("\"total\":{\"count\":4,\"slots\":[1,2]}"),
		     "total: count 4 but the buckets hold 3");
	expect_error("{\"schema\":\"wt.wtlat/3\",\"type\":\"error\",\"exit\":5,\"message\":\"no BTF\"}\n",
		     "t.ndjson:1: the run failed before tracing began: no BTF");
	expect_error(START("") IV("\"total\":{\"slots\":[1],\"sum_ns\":\"x\"}"), "sum_ns is not");
	expect_error(START("") IV("\"total\":{\"slots\":[1],\"min_ns\":9,\"max_ns\":3}"),
		     "min_ns > max_ns");
	expect_error(START("") IV("\"total\":[]"), "total is not an object");
	expect_error(START("") "{\"schema\":\"wt.wtlat/3\",\"type\":\"interval\",\"stages\":[]}\n",
		     "\"stages\" is not an object");
	expect_error(START("") "{\"schema\":\"wt.wtlat/3\",\"type\":\"interval\",\"interval_s\":-1}\n",
		     "interval_s is not a number >= 0");
	expect_error(START("") IV("\"total\":{\"slots\":[18446744073709551615]}")
		     IV("\"total\":{\"slots\":[1]}"), "overflow");
	expect_error(START(",\"hist_sub_bits\":3") IV(TOTAL), "3 sub-bucket bits, wtdiff reads 2");
	expect_error(START(",\"histogram\":{\"sub_bits\":1}") IV(TOTAL), "1 sub-bucket bits");
	expect_error(START(",\"histogram\":{\"buckets\":256}") IV(TOTAL),
		     "histograms have 256 buckets, wtdiff reads 252");
	expect_error(START(",\"histogram\":{\"unit\":\"us\"}") IV(TOTAL), "are in \"us\"");
	expect_error(START("") IV(TOTAL) "{\"schema\":\"wt.wtlat/3\",\"type\":\"end\",\"reason\":\"error\"}\n",
		     "t.ndjson:3: the run ended with an error");
	/* a torn read is counted, not refused */
	EXPECT(load(START("") "{\"schema\":\"wt.wtlat/3\",\"type\":\"interval\",\"bpf\":{\"read_torn\":true}}\n"
		    "{\"schema\":\"wt.wtlat/3\",\"type\":\"end\",\"reason\":\"signal\"}\n") == 0);
	EXPECT(run.torn == 1 && run.ended);
	wtd_run_free(&run);
}

static void load_run(struct wtd_run *r, const char *start)
{
	char buf[2048];

	snprintf(buf, sizeof(buf), "%s" IV(TOTAL), start);
	if (wtd_run_load_buf(r, buf, strlen(buf), "x", err, sizeof(err))) {
		fprintf(stderr, "fixture did not load: %s\n", err);
		failures++;
	}
}

/* Mismatches between a run with start record a and one with b; reason 0 must hold want. */
static unsigned int mismatch(const char *a, const char *b, const char *want, struct wtd_match *m)
{
	struct wtd_run ra, rb;
	unsigned int n;

	load_run(&ra, a);
	load_run(&rb, b);
	n = wtd_match_runs(&ra, &rb, 0, m);
	if (want && (!n || !strstr(m->reason[0], want))) {
		fprintf(stderr, "mismatch reason '%s', want '%s'\n", n ? m->reason[0] : "(none)", want);
		failures++;
	}
	wtd_run_free(&ra);
	wtd_run_free(&rb);
	return n;
}

static void check_match(void)
{
	static const char *const mk = "{\"schema\":\"wt.wtlat/3\",\"type\":\"start\"%s}\n";
	struct wtd_match m;
	char a[512], b[512];

	EXPECT(mismatch(START(""), START(""), NULL, &m) == 0);
	/* options were not recorded by either: unchecked, not a mismatch */
	EXPECT(m.unchecked == (1u << WTD_RULE_OPTIONS | 1u << WTD_RULE_SERIES_TAG));
	/* the time and the tool's own numbers do not matter */
	EXPECT(mismatch(START(",\"clock\":{\"realtime_ns\":1}"), START(",\"clock\":{\"realtime_ns\":2}"),
			NULL, &m) == 0);
	/* 2 and 2.0 CPUs are the same number */
	snprintf(a, sizeof(a), mk, ",\"cpus\":2");
	snprintf(b, sizeof(b), mk, ",\"cpus\":2.0");
	EXPECT(mismatch(a, b, NULL, &m) == 0);
	snprintf(b, sizeof(b), mk, ",\"cpus\":4");
	EXPECT(mismatch(a, b, "CPU count differs: 2 in BASE, 4 in NEW", &m) == 1);
	snprintf(a, sizeof(a), mk, ",\"kernel\":{\"release\":\"7.2.13+\"}");
	snprintf(b, sizeof(b), mk, ",\"kernel\":{\"release\":\"7.2.14\"}");
	EXPECT(mismatch(a, b, "kernel release differs: 7.2.13+ in BASE, 7.2.14 in NEW", &m) == 1);
	/* a field one run lacks */
	snprintf(b, sizeof(b), mk, "");
	EXPECT(mismatch(a, b, "kernel release: 7.2.13+ recorded in BASE only", &m) == 1);
	EXPECT(mismatch(b, a, "recorded in NEW only", &m) == 1);
	/* other spellings of the series and the CPU count */
	snprintf(a, sizeof(a), mk, ",\"series_head\":\"a1\",\"nr_cpus\":2");
	snprintf(b, sizeof(b), mk, ",\"series_head\":\"b2\",\"nr_cpus\":2");
	EXPECT(mismatch(a, b, "series head differs: a1 in BASE, b2 in NEW", &m) == 1);
	snprintf(a, sizeof(a), mk, ",\"kernel\":{\"series_tag\":\"wt-v3\"}");
	snprintf(b, sizeof(b), mk, ",\"kernel\":{\"series_tag\":\"wt-v4\"}");
	EXPECT(mismatch(a, b, "series tag differs", &m) == 1);
	/* filters: every member, both ways, nested too */
	EXPECT(mismatch(START(""), START(",\"x\":1"), NULL, &m) == 0);
	snprintf(a, sizeof(a), mk, ",\"filters\":{\"pid\":0,\"dev\":\"0:0\"}");
	snprintf(b, sizeof(b), mk, ",\"filters\":{\"pid\":77,\"dev\":\"0:0\"}");
	EXPECT(mismatch(a, b, "filters differ: filters.pid is 0 in BASE, 77 in NEW", &m) == 1);
	snprintf(b, sizeof(b), mk, ",\"filters\":{\"pid\":0,\"dev\":\"0:0\",\"cgroup\":\"/x\"}");
	EXPECT(mismatch(a, b, "filters differ: filters.cgroup is /x in NEW only", &m) == 1);
	snprintf(a, sizeof(a), mk, ",\"options\":{\"probes\":[\"total\",\"device\"]}");
	snprintf(b, sizeof(b), mk, ",\"options\":{\"probes\":[\"total\"]}");
	EXPECT(mismatch(a, b, "options differ: options.probes[1] is device in BASE only", &m) == 1);
	/* the stages shown, the interval and count of reports, the BTF path do not count */
	snprintf(a, sizeof(a), mk, ",\"options\":{\"stages\":[\"total\",\"device\"],\"interval_s\":1,"
		 "\"count\":5,\"btf\":null}");
	snprintf(b, sizeof(b), mk, ",\"options\":{\"stages\":[\"total\"],\"interval_s\":2,"
		 "\"count\":9,\"btf\":\"/boot/vmlinux\"}");
	EXPECT(mismatch(a, b, NULL, &m) == 0);
	/* the schema version */
	snprintf(a, sizeof(a), "{\"schema\":\"wt.wtlat/3\",\"type\":\"start\"}\n");
	snprintf(b, sizeof(b), "{\"schema\":\"wt.wtlat/4\",\"type\":\"start\"}\n");
	{
		struct wtd_run ra, rb;
		char buf[1024];

		snprintf(buf, sizeof(buf), "%s{\"schema\":\"wt.wtlat/4\",\"type\":\"interval\"}\n", b);
		EXPECT(wtd_run_load_buf(&rb, buf, strlen(buf), "b", err, sizeof(err)) == 0);
		load_run(&ra, a);
		EXPECT(wtd_match_runs(&ra, &rb, 0, &m) == 1 &&
		       strstr(m.reason[0], "schema version differs: wt.wtlat/3 in BASE, wt.wtlat/4 in NEW"));
		wtd_run_free(&ra);
		wtd_run_free(&rb);
	}
	/* several at once: all counted */
	snprintf(a, sizeof(a), mk, ",\"cpus\":2,\"kernel\":{\"release\":\"a\"}");
	snprintf(b, sizeof(b), mk, ",\"cpus\":3,\"kernel\":{\"release\":\"b\"}");
	EXPECT(mismatch(a, b, "kernel release differs", &m) == 2);
}

/* wtlat's own start record (docs/tools.md): what is compared, what is not, --allow. */
#define WTLAT(series, tag, online, pid, count, stats) \
	"{\"schema\":\"wt.wtlat/3\",\"type\":\"start\",\"tool\":\"wtlat\",\"version\":\"3.0\"," \
	"\"kernel\":{\"release\":\"7.2.13+\",\"version\":\"#1\"},\"series_head\":" series "," \
	"\"tag\":" tag ",\"cpus\":{\"online\":" online ",\"configured\":8}," \
	"\"clock\":{\"monotonic_ns\":5},\"options\":{\"pid\":" pid ",\"cgroup\":null," \
	"\"dev\":null,\"stages\":[\"total\"],\"interval_s\":1,\"count\":" count ",\"btf\":null," \
	"\"bpf_stats\":" stats "},\"histogram\":{\"unit\":\"ns\",\"sub_bits\":2,\"buckets\":252}," \
	"\"attach\":\"tp_btf\",\"interval_s\":1}\n"

static unsigned int allow_match(const char *a, const char *b, unsigned int allow, struct wtd_match *m)
{
	struct wtd_run ra, rb;
	unsigned int n;

	load_run(&ra, a);
	load_run(&rb, b);
	n = wtd_match_runs(&ra, &rb, allow, m);
	EXPECT(!strcmp(wtd_run_value(&ra, WTD_RULE_KERNEL), "7.2.13+"));
	wtd_run_free(&ra);
	wtd_run_free(&rb);
	return n;
}

static void check_wtlat_start(void)
{
	const char *base = WTLAT("\"abc\"", "\"base\"", "2", "null", "10", "false");
	unsigned int series;
	struct wtd_match m;

	/* another tag, count of reports: still the same setup */
	EXPECT(allow_match(base, WTLAT("\"abc\"", "\"new\"", "2", "null", "30", "false"), 0, &m) == 0);
	EXPECT(m.n == 0 && m.unchecked == 1u << WTD_RULE_SERIES_TAG);
	EXPECT(allow_match(base, WTLAT("\"abd\"", "\"base\"", "2", "null", "10", "false"), 0, &m) == 1);
	EXPECT(strstr(m.reason[0], "series head differs: abc in BASE, abd in NEW"));
	EXPECT(allow_match(base, WTLAT("null", "null", "2", "null", "10", "false"), 0, &m) == 1);
	EXPECT(strstr(m.reason[0], "series head differs: abc in BASE, null in NEW"));
	EXPECT(allow_match(base, WTLAT("\"abc\"", "\"base\"", "4", "null", "10", "false"), 0, &m) == 1);
	EXPECT(strstr(m.reason[0], "CPU count differs: 2 in BASE, 4 in NEW"));
	EXPECT(allow_match(base, WTLAT("\"abc\"", "\"base\"", "2", "42", "10", "false"), 0, &m) == 1);
	EXPECT(strstr(m.reason[0], "filters differ: options.pid is null in BASE, 42 in NEW"));
	EXPECT(allow_match(base, WTLAT("\"abc\"", "\"base\"", "2", "null", "10", "true"), 0, &m) == 1);
	EXPECT(strstr(m.reason[0], "options differ: options.bpf_stats is false in BASE, true in NEW"));
	/* --allow series: two states of the series compare; other differences still refuse */
	EXPECT(wtd_parse_allow("series", &series) == 0);
	EXPECT(series == (1u << WTD_RULE_SERIES_HEAD | 1u << WTD_RULE_SERIES_TAG));
	EXPECT(allow_match(base, WTLAT("\"abd\"", "\"x\"", "2", "null", "10", "false"), series, &m) == 0);
	EXPECT(m.n == 1 && m.allowed[0]);
	EXPECT(allow_match(base, WTLAT("\"abd\"", "\"x\"", "4", "null", "10", "false"), series, &m) == 1);
	EXPECT(m.n == 2 && m.allowed[0] && !m.allowed[1]);
	EXPECT(wtd_parse_allow("kernel,cpus,filters,options", &series) == 0 && series ==
	       (1u << WTD_RULE_KERNEL | 1u << WTD_RULE_CPUS | 1u << WTD_RULE_FILTERS |
		1u << WTD_RULE_OPTIONS));
	EXPECT(wtd_parse_allow("schema", &series) == -1);
	EXPECT(wtd_parse_allow("series,", &series) == -1);
	EXPECT(wtd_parse_allow("", &series) == -1);
}

int main(void)
{
	check_reader();
	check_match();
	check_wtlat_start();
	if (failures) {
		fprintf(stderr, "%d failure(s)\n", failures);
		return 1;
	}
	printf("wtdiff record reader and match rules: all checks passed\n");
	return 0;
}
