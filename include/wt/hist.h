/* SPDX-License-Identifier: GPL-2.0 */
/* User-space side of the wt histograms: merge, percentiles, printing. */
#ifndef WT_HIST_H
#define WT_HIST_H

#include <stdio.h>
#include "wt/wt_events.h"

struct wt_json;

/* Add src into dst (per-CPU copies, or intervals into a total). */
void wt_hist_merge(struct wt_hist *dst, const struct wt_hist *src);

/*
 * Value at quantile q (0 < q <= 1) by nearest rank.  The true value lies in
 * [*lo, *hi), the bounds of the bucket that holds that rank (clamped to the
 * exact min and max); the estimate returned is the bucket's midpoint within
 * those bounds, so its error is at most half the bucket's width: 12.5% of
 * the value with 2 sub-bucket bits.  Returns 0 for an empty histogram.
 */
__u64 wt_hist_quantile(const struct wt_hist *h, double q, __u64 *lo, __u64 *hi);

/* Units for printing: divisor from ns and the label. */
struct wt_unit {
	double div;
	const char *name;
};
extern const struct wt_unit wt_unit_ns, wt_unit_us, wt_unit_ms;

/*
 * Text histogram in the style of bcc's biolatency: one row per power of
 * two of nanoseconds, [2^k, 2^(k+1)) (the first row [0, 2)), its bounds
 * printed exactly in the unit, count and a bar of stars; then the summary.
 */
void wt_hist_print(FILE *f, const struct wt_hist *h, const char *title,
		   const struct wt_unit *u);

/* The same with one row per log-linear bucket (wtlat -L): [lo, hi) rows. */
void wt_hist_print_linear(FILE *f, const struct wt_hist *h, const char *title,
			  const struct wt_unit *u);

/* The row of bucket b in wt_hist_print(): k for [2^k, 2^(k+1)), 0 for [0, 2). */
static inline int wt_hist_log2_row(unsigned int b)
{
	return b < WT_SUB ? (int)(b >> 1) : (int)(b / WT_SUB) + WT_SUB_BITS - 1;
}

/* v / div printed exactly (up to 6 decimals), trailing zeros dropped. */
void wt_hist_fmt_bound(char *buf, size_t len, double v, double div);

/* Summary only: count avg min max p50 p90 p99 p99.9 */
void wt_hist_print_summary(FILE *f, const struct wt_hist *h, const struct wt_unit *u);

/* JSON object with count, sum, min, max, percentiles and non-empty buckets. */
void wt_hist_json(struct wt_json *j, const struct wt_hist *h);

/* The relative error bound of quantile estimates, for printing (0.125). */
double wt_hist_error_bound(void);

#endif
