/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether two recorded runs can be compared: the same schema, kernel
 * release, series head (and series tag), CPU count, filters and options.
 * The start record's fields (docs/tools.md) are looked up by the names in
 * match.c; what is not compared, and why, is in docs/wtdiff.md.
 */
#ifndef WTDIFF_MATCH_H
#define WTDIFF_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "record.h"

#define WTD_REASON_LEN	256
#define WTD_MAX_REASONS	16

enum wtd_rule {
	WTD_RULE_SCHEMA,
	WTD_RULE_KERNEL,
	WTD_RULE_SERIES_HEAD,
	WTD_RULE_SERIES_TAG,
	WTD_RULE_CPUS,
	WTD_RULE_FILTERS,
	WTD_RULE_OPTIONS,
	WTD_RULE_NR,
};

extern const char *const wtd_rule_names[WTD_RULE_NR];
/* Names for --allow (NULL: the rule can only be overridden by --force). */
extern const char *const wtd_rule_keys[WTD_RULE_NR];

struct wtd_match {
	unsigned int n;			/* differences found (reasons kept: WTD_MAX_REASONS) */
	unsigned int nmismatch;		/* ... of them not allowed */
	char reason[WTD_MAX_REASONS][WTD_REASON_LEN];
	bool allowed[WTD_MAX_REASONS];
	/* rules neither run recorded: nothing to check */
	unsigned int unchecked;		/* bitmask of 1 << enum wtd_rule */
};

/*
 * Apply every rule; a difference in a rule of allow (1 << enum wtd_rule)
 * is kept as allowed.  Returns the number of differences not allowed.
 */
unsigned int wtd_match_runs(const struct wtd_run *base, const struct wtd_run *new_,
			    unsigned int allow, struct wtd_match *m);

/* The value a run recorded for a one-value rule (kernel, series, CPUs), or NULL. */
const char *wtd_run_value(const struct wtd_run *run, enum wtd_rule rule);

/* "kernel,series" -> a mask of rules for --allow; 0, or -1 on an unknown name. */
int wtd_parse_allow(const char *s, unsigned int *mask);

#endif
