// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: wtdiff's NDJSON record reader (and the JSON parser
 * under it).  The input is read as a --record file; when it loads, it is
 * also compared with itself and with a fixed run, and both reports are
 * written, so the statistics and the printing see the parsed values too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "match.h"
#include "record.h"
#include "report.h"

static const char fixed[] =
	"{\"schema\":\"wt.wtlat/3\",\"type\":\"start\",\"kernel\":{\"release\":\"7.2.13+\"},"
	"\"cpus\":2,\"filters\":{\"pid\":0}}\n"
	"{\"schema\":\"wt.wtlat/3\",\"type\":\"interval\",\"interval_s\":1,"
	"\"counters\":{\"writes\":6},\"stages\":{\"total\":{\"count\":6,\"sum_ns\":6000,"
	"\"buckets\":[{\"lo_ns\":896,\"hi_ns\":1024,\"count\":4},{\"lo_ns\":1792,\"hi_ns\":2048,"
	"\"count\":2}]}}}\n";

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wtd_run *run = malloc(sizeof(*run)), *ref = malloc(sizeof(*ref));
	struct wtd_result *res = malloc(sizeof(*res));
	struct wtd_opts o = { .alpha = 0.01, .threshold = 0.05, .hists = (1u << WTD_NHIST) - 1,
			      .unit = { 1e3, "us" }, .verbose = true };
	struct wtd_match m;
	char err[512];

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	if (!run || !ref || !res || !devnull)
		abort();
	if (!wtd_run_load_buf(run, (const char *)data, size, "fuzz", err, sizeof(err))) {
		if (wtd_run_load_buf(ref, fixed, sizeof(fixed) - 1, "fixed", err, sizeof(err)))
			abort();
		wtd_match_runs(run, run, 0, &m);
		if (m.nmismatch)
			abort();	/* a run always matches itself */
		wtd_compare(run, run, &o, res);
		if (res->regressed || res->improved)
			abort();	/* nor differs from itself */
		wtd_report_text(devnull, run, run, &m, res, &o);
		wtd_match_runs(ref, run, ~0u, &m);
		wtd_compare(ref, run, &o, res);
		wtd_report_text(devnull, ref, run, &m, res, &o);
		wtd_report_json(devnull, ref, run, &m, res, &o);
		wtd_run_free(ref);
	} else if (!err[0] || strchr(err, '\n')) {
		abort();	/* every failure has a one-line reason */
	}
	wtd_run_free(run);
	free(run);
	free(ref);
	free(res);
	return 0;
}
