// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: wtdiff's command line.  The input is split at NUL
 * bytes into arguments after "wtdiff"; when they parse, two fixed runs are
 * compared with those options and both reports written, so every value the
 * options can take goes through the comparison and the output.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "match.h"
#include "opts.h"
#include "record.h"
#include "report.h"

#define MAX_ARGS 64

static const char run_a[] =
	"{\"schema\":\"wt.wtlat/3\",\"type\":\"start\",\"cpus\":2}\n"
	"{\"schema\":\"wt.wtlat/3\",\"type\":\"interval\",\"stages\":{\"total\":{\"count\":60,"
	"\"sum_ns\":66000,\"slots\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,"
	"0,0,0,0,0,0,0,10,20,20,10]},\"device\":{\"buckets\":[[896,1024,30],[1792,2048,30]]}},"
	"\"fallback_total\":{\"count\":0}}\n";
static const char run_b[] =
	"{\"schema\":\"wt.wtlat/3\",\"type\":\"start\",\"cpus\":4}\n"
	"{\"schema\":\"wt.wtlat/3\",\"type\":\"end\",\"stages\":{\"total\":{\"count\":60,"
	"\"sum_ns\":99000,\"slots\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,"
	"0,0,0,0,0,0,0,0,0,10,20,20,10]},\"device\":{\"buckets\":[[896,1024,31],[1792,2048,29]]},"
	"\"wbwait\":{\"buckets\":[[2048,9]]}}}\n";

static FILE *devnull;
static struct wtd_run ra, rb;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[MAX_ARGS + 2], err[256];
	struct wtd_result res;
	struct wtd_match m;
	struct wtd_opts o;
	size_t i, start = 0;
	int argc = 1, rc;

	if (!buf)
		abort();
	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		if (!devnull || wtd_run_load_buf(&ra, run_a, sizeof(run_a) - 1, "a", err, sizeof(err)) ||
		    wtd_run_load_buf(&rb, run_b, sizeof(run_b) - 1, "b", err, sizeof(err)))
			abort();
	}
	memcpy(buf, data, size);
	buf[size] = 0;
	argv[0] = "wtdiff";
	for (i = 0; i <= size && argc <= MAX_ARGS; i++) {
		if (buf[i])
			continue;
		argv[argc++] = buf + start;
		start = i + 1;
	}
	argv[argc] = NULL;
	rc = wtd_opts_parse(argc, argv, &o, err, sizeof(err));
	if (rc == WTD_OPTS_ERROR) {
		if (!err[0] || strchr(err, '\n'))
			abort();	/* one line, always */
	} else if (rc == WTD_OPTS_RUN) {
		if (!(o.alpha > 0 && o.alpha < 1) || !(o.threshold >= 0 && o.threshold <= 10) ||
		    !o.base || !o.new_ || !o.hists)
			abort();
		wtd_match_runs(&ra, &rb, o.force ? ~0u : o.allow, &m);
		wtd_compare(&ra, &rb, &o, &res);
		if (o.json)
			wtd_report_json(devnull, &ra, &rb, &m, &res, &o);
		else
			wtd_report_text(devnull, &ra, &rb, &m, &res, &o);
	}
	free(buf);
	return 0;
}
