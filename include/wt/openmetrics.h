/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wtlat --openmetrics FILE: the run's counters and histograms, cumulative
 * since the start, in the OpenMetrics 1.0 text format (docs/tools.md,
 * "Fleet export").  Only the counter, gauge and histogram types are used,
 * so that node-exporter's textfile collector (which reads the Prometheus
 * text format, where "# UNIT" and "# EOF" are comments) reads it too.
 */
#ifndef WT_OPENMETRICS_H
#define WT_OPENMETRICS_H

#include <stdint.h>
#include <stdio.h>
#include "wt/snapshot.h"

/*
 * The finite bucket bounds of every histogram: le = 2^k ns, in seconds,
 * for k from WT_OM_LE_FIRST to WT_OM_LE_LAST (256 ns to 68.7 s), then
 * +Inf.  Each is a bound of the BPF side's log-linear buckets, so the
 * cumulative counts are exact (a value is counted under le when it is
 * below it: values are whole nanoseconds, one exactly at 2^k ns is
 * counted from the next bound on).
 */
#define WT_OM_LE_FIRST	8
#define WT_OM_LE_LAST	36

struct wt_bk_entry;

/*
 * The breakdowns (-P, -F, -D) of one exposition: per key, the total and
 * device stage histograms, as wt_{process,file,device}_stage_seconds with
 * the key's labels (pid and comm; dev, ino and path; dev) and stage.
 */
struct wt_om_bk {
	const struct wt_bk_entry *e;	/* sorted by wt_bk_sort() */
	size_t n;
	uint32_t kinds;			/* 1 << WT_BK_PID | 1 << WT_BK_FILE | 1 << WT_BK_DEV */
	unsigned int top;		/* keys per kind, by total time (0: all) */
	uint64_t overflow;		/* keys the BPF map had no room for */
};

/* The values of one exposition that are not in the snapshot. */
struct wt_om_info {
	uint64_t start_real_ns;	/* CLOCK_REALTIME of the baseline read */
	uint64_t seconds_ns;	/* traced so far (baseline to the last read) */
	const struct wt_om_bk *bk;	/* NULL: no breakdowns */
};

/*
 * s (at most len bytes, stopping at a NUL) as an OpenMetrics label value
 * into out: backslash, double quote and newline escaped, bytes that are
 * not UTF-8 replaced by U+FFFD.  Returns out.
 */
char *wt_om_label(const char *s, size_t len, char *out, size_t outlen);

/*
 * Write the exposition of tot (a run's totals: counters, histograms,
 * recursion misses) to f, ending with "# EOF\n".  Returns 0, or -1 if a
 * write to f failed.
 */
int wt_om_write(FILE *f, const struct wt_snap *tot, const struct wt_om_info *info);

/*
 * v in the canonical rendering OpenMetrics asks for "le" values: the
 * shortest digits that read back as v, in Go's %g layout (exponent form
 * below 1e-4 and from 1e+06 on), ".0" appended when there is neither a
 * point nor an exponent; +Inf for infinity.
 */
void wt_om_float(char *buf, size_t len, double v);

/* Cumulative count of h's values below 2^k ns (at most h->count). */
uint64_t wt_om_below(const struct wt_hist *h, unsigned int k);

#endif
