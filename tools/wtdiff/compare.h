/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stage-by-stage comparison of two runs and the verdict; the rules are
 * spelled out in docs/wtdiff.md and in wtdiff --help.
 */
#ifndef WTDIFF_COMPARE_H
#define WTDIFF_COMPARE_H

#include <stdbool.h>
#include <stdint.h>

#include "opts.h"
#include "record.h"
#include "stats.h"

#define WTD_NQ	4
extern const double wtd_q[WTD_NQ];			/* 0.5 0.9 0.99 0.999 */
extern const char *const wtd_q_names[WTD_NQ];		/* p50 p90 p99 p99.9 */
extern const char *const wtd_q_keys[WTD_NQ];		/* JSON: p50 p90 p99 p99_9 */

enum wtd_verdict {
	WTD_V_ABSENT,		/* not recorded in one run (or not chosen) */
	WTD_V_UNTESTED,		/* no samples in a run, or too few for the test */
	WTD_V_SAME,		/* the test does not reject */
	WTD_V_CHANGED,		/* the test rejects; nothing moved beyond its error and the threshold */
	WTD_V_IMPROVED,
	WTD_V_REGRESSED,
};

extern const char *const wtd_verdict_names[];

struct wtd_metric {
	double base, new_;	/* ns */
	double delta;		/* new - base */
	double rel;		/* delta / base (+inf when base is 0 and new is not) */
	int shift;		/* percentiles: new bucket - base bucket */
	double p;		/* mean: z test p-value */
	bool significant;
};

struct wtd_stage {
	bool chosen, in_base, in_new;
	uint64_t count_base, count_new;		/* as recorded */
	bool mean_exact;			/* both means from sum_ns */
	struct wtd_metric mean, q[WTD_NQ];
	struct wtd_chi2 chi2;
	bool slower_p50, slower_mean, faster_p50, faster_mean;
	enum wtd_verdict verdict;
};

struct wtd_result {
	struct wtd_stage st[WTD_NHIST];
	unsigned int regressed, improved, changed, same, untested;
};

void wtd_compare(const struct wtd_run *base, const struct wtd_run *new_,
		 const struct wtd_opts *o, struct wtd_result *r);

/* Relative change, +inf when base is 0 and new is not, 0 when both are 0. */
double wtd_rel(double base, double new_);

#endif
