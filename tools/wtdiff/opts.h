/* SPDX-License-Identifier: GPL-2.0 */
/* wtdiff's command line. */
#ifndef WTDIFF_OPTS_H
#define WTDIFF_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#define WTD_SCHEMA		"wt.wtdiff/1"
#define WTD_DEF_ALPHA		0.01
#define WTD_DEF_THRESHOLD	0.05

struct wtd_unit {
	double div;
	const char *name;
};

struct wtd_opts {
	double alpha;			/* significance level of the tests */
	double threshold;		/* relative slowdown that counts, 0.05 = 5% */
	unsigned int hists;		/* 1 << histogram index (record.h) */
	unsigned int allow;		/* 1 << enum wtd_rule: differences allowed (--allow) */
	bool force, json, verbose;
	struct wtd_unit unit;		/* text output */
	const char *base, *new_;
};

enum { WTD_OPTS_RUN, WTD_OPTS_HELP, WTD_OPTS_ERROR };

extern const char wtd_usage[];

/*
 * Parse argv (getopt_long, reentrant through optind = 0).  Returns
 * WTD_OPTS_RUN, WTD_OPTS_HELP, or WTD_OPTS_ERROR with one line in err.
 */
int wtd_opts_parse(int argc, char **argv, struct wtd_opts *o, char *err, size_t errlen);

#endif
