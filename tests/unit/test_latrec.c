// SPDX-License-Identifier: GPL-2.0
/*
 * wtlat's records (tools/common/latrec.c), the contract docs/tools.md
 * gives for -j and --record: start pins the run's identity, interval holds
 * that interval's counters and raw buckets (bounds, counts adding up to
 * count, sum, min, max), the asynchronous writes' submission times and
 * the atomic writes by path,
 * end the totals and the queued writes that never completed.  Checked with jq where it exists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "wt/latrec.h"
#include "wt/stages.h"

static int failures;
#define EXPECT(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

static char path[] = "/tmp/wt-test-latrec.XXXXXX";
static bool have_jq;

/* jq -e EXPR on line N (1-based) of the file must be true */
static void jq(int line, const char *expr)
{
	char cmd[1024];

	if (!have_jq)
		return;
	snprintf(cmd, sizeof(cmd), "sed -n %dp %s | jq -e '%s' >/dev/null", line, path, expr);
	if (system(cmd)) {
		fprintf(stderr, "line %d: jq '%s' is not true\n", line, expr);
		failures++;
	}
}

int main(void)
{
	static struct wt_snap iv, tot;
	struct wt_lat_run r = {
		.tool = "wtlat", .attach = "tp_btf", .dev = 254u << 20, .interval_ns = 1000000000ull,
		.count = 3, .tag = "base \"line\"", .series_head = "6d72fe9 Documentation",
	};
	const unsigned int all = (1u << WT_STAGE_NR) - 1;
	struct utsname u;
	char cmd[256], *buf = NULL;
	size_t len = 0;
	FILE *f;
	int fd, i;

	have_jq = !system("command -v jq >/dev/null 2>&1");
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	uname(&u);

	/* an interval: 5 writes, 2 values in one bucket, bytes; a fallback write */
	for (i = 0; i < 5; i++)
		wt_hist_add(&iv.hist[WT_STAGE_TOTAL], 1000000 + i * 250000);
	wt_hist_add(&iv.hist[WT_HIST_FALLBACK], 7000000);
	iv.has_mm[WT_STAGE_TOTAL] = true;
	iv.cnt[WT_CNT_WRITES] = 5;
	iv.cnt[WT_CNT_FALLBACK] = 1;
	iv.cnt[WT_CNT_EAGAIN] = 2;
	iv.cnt[WT_CNT_STALE] = 1;
	/* 3 queued asynchronous writes, 2 of them completed: 1 unfinished */
	iv.cnt[WT_CNT_QUEUED] = 3;
	iv.cnt[WT_CNT_ASYNC] = 2;
	wt_hist_add(&iv.hist[WT_HIST_SUBMIT], 40000);
	wt_hist_add(&iv.hist[WT_HIST_SUBMIT], 60000);
	/* 3 atomic writes: 1 hardware, 1 software, 1 that sent no I/O */
	iv.cnt[WT_CNT_ATOMIC] = 3;
	iv.cnt[WT_CNT_ATOMIC_HW] = 1;
	iv.cnt[WT_CNT_ATOMIC_SW] = 1;
	iv.prog.recursion_misses = 4;
	iv.prog.run_time_ns = 8000;
	iv.mono_ns = 3500000000ull;

	wt_lat_start(f, &r, all, 2500000000ull, 1795988839000000000ull);
	wt_lat_interval(f, &r, all, 1, 2500000000ull, &iv, 1795988840000000000ull);
	r.bpf_stats = true;
	wt_lat_interval(f, &r, (1u << WT_STAGE_TOTAL) | (1u << WT_STAGE_DEVICE), 2,
			2500000000ull, &iv, 1795988840000000000ull);
	wt_snap_add(&tot, &iv);
	wt_lat_end(f, "count", 0, 2, 2500000000ull, &tot, 1795988841000000000ull);
	fclose(f);

	f = fopen(path, "r");
	EXPECT(getdelim(&buf, &len, 0, f) > 0);
	fclose(f);
	for (i = 0; buf[i]; i++)
		EXPECT(buf[i] != '\n' || buf[i + 1] == 0 || buf[i + 1] == '{');
	EXPECT(!strncmp(buf, "{\"schema\":\"wt.wtlat/5\",\"type\":\"start\",", 38));
	EXPECT(strstr(buf, "\"tag\":\"base \\\"line\\\"\""));
	EXPECT(strstr(buf, "{\"schema\":\"wt.wtlat/5\",\"type\":\"interval\",\"seq\":1,"));
	EXPECT(strstr(buf, "{\"schema\":\"wt.wtlat/5\",\"type\":\"end\",\"reason\":\"count\","));
	EXPECT(strstr(buf, "\"recursion_misses\":4"));
	EXPECT(strstr(buf, "\"ns_per_write\":null"));
	EXPECT(strstr(buf, "\"ns_per_write\":1000,"));	/* 8000 ns over 5 + 1 + 2 calls */

	snprintf(cmd, sizeof(cmd), ".kernel.release == \"%s\" and .kernel.version == \"%s\"",
		 u.release, u.version);
	jq(1, cmd);
	jq(1, ".series_head == \"6d72fe9 Documentation\" and .tag == \"base \\\"line\\\"\"");
	jq(1, ".clock.monotonic_ns == 2500000000 and .clock.realtime_ns == 1795988839000000000");
	jq(1, ".options.dev == \"254:0\" and .options.pid == null and .options.cgroup == null");
	jq(1, ".options.stages == [\"total\",\"begin1\",\"lock\",\"wbwait\",\"copy\",\"begin2\","
	      "\"device\",\"complete\",\"other\"]");
	jq(1, ".options.interval_s == 1 and .options.count == 3 and .histogram.sub_bits == 2 "
	      "and .histogram.buckets == 252 and .cpus.online >= 1 and .version == \"5.0\"");
	jq(2, ".interval_s == 1 and .mono_end_ns - .mono_start_ns == 1000000000");
	jq(2, ".stages | keys_unsorted == [\"total\",\"begin1\",\"lock\",\"wbwait\",\"copy\","
	      "\"begin2\",\"device\",\"complete\",\"other\"]");
	jq(2, ".stages.total | .count == 5 and .sum_ns == 7500000 and .min_ns == 1000000 "
	      "and .max_ns == 2000000 and ([.buckets[].count] | add) == 5");
	jq(2, ".stages.total.buckets | all(.lo_ns < .hi_ns) and (. == sort_by(.lo_ns))");
	jq(2, ".stages.total.buckets[0] == {\"lo_ns\":917504,\"hi_ns\":1048576,\"count\":1}");
	jq(2, ".fallback_total.count == 1 and .fallback_total.min_ns == 7000000");
	jq(2, ".counters.writes == 5 and .counters.stale_writes == 1 and "
	      ".counters.recursion_misses == 4 and (.counters | length) == 24");
	jq(2, ".counters.atomic_writes == 3 and .counters.atomic_hw == 1 and "
	      ".counters.atomic_sw == 1");
	jq(4, ".counters.atomic_writes == 3 and .counters.atomic_hw == 1");
	jq(2, ".counters.async_writes == 2 and .counters.async_queued == 3 and "
	      ".counters.async_orphans == 0");
	jq(2, ".async_submit.count == 2 and .async_submit.sum_ns == 100000");
	jq(2, ".bpf.stats_enabled == false and .bpf.ns_per_write == null and .bpf.run_time_ns == 0");
	jq(3, ".stages | keys_unsorted == [\"total\",\"device\"]");
	jq(3, ".bpf.ns_per_write == 1000");
	jq(4, ".intervals == 2 and .seconds == 1 and .counters.writes == 5 and .exit == 0");
	jq(4, ".counters.async_queued == 3 and .async_unfinished == 1");
	EXPECT(wt_lat_async_unfinished(&tot) == 1);
	EXPECT(wt_lat_atomic_noio(&tot) == 1);
	tot.cnt[WT_CNT_ATOMIC_SW] = 5;	/* never below 0 */
	EXPECT(wt_lat_atomic_noio(&tot) == 0);
	if (!have_jq)
		printf("test_latrec: jq not found, records checked without it\n");
	unlink(path);
	free(buf);
	if (failures)
		fprintf(stderr, "test_latrec: %d failure(s)\n", failures);
	else
		printf("test_latrec: all checks passed\n");
	return failures != 0;
}
