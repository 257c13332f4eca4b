/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Statistics on wt histograms for wtdiff: the chi-square test of
 * homogeneity on bucket counts, its p-value (regularized upper incomplete
 * gamma function), percentiles from buckets, and a z test on the means.
 */
#ifndef WTDIFF_STATS_H
#define WTDIFF_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "wt/wt_events.h"

/* Highest bucket a 64-bit value can reach: wt_bucket(UINT64_MAX). */
#define WTD_LAST_BUCKET		((65 - WT_SUB_BITS) * WT_SUB - 1)

/* Expected count every cell of the (merged) table must reach. */
#define WTD_MIN_EXPECTED	5.0

/* Bucket bounds [low, high) that are defined for every bucket up to the last. */
uint64_t wtd_bucket_low(unsigned int b);
uint64_t wtd_bucket_high(unsigned int b);	/* UINT64_MAX for the last */

/* Regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 - P; a > 0, x >= 0. */
double wtd_gamma_p(double a, double x);
double wtd_gamma_q(double a, double x);

/* P(X >= x) for X chi-square with df degrees of freedom. */
double wtd_chi2_sf(double x, double df);

struct wtd_chi2 {
	bool tested;		/* both rows had data and at least two groups formed */
	double stat;
	unsigned int df;	/* groups - 1 */
	double p;		/* 1 when not tested */
	unsigned int groups;
	/* last bucket of each merged group (groups entries) */
	uint16_t group_end[WTD_LAST_BUCKET + 1];
};

/*
 * Chi-square test of homogeneity on the 2 x K table of bucket counts a[]
 * and b[] (K = WTD_LAST_BUCKET + 1): adjacent buckets are merged, from the
 * lowest, until each group's expected count is at least WTD_MIN_EXPECTED
 * in both rows; a short last group joins the one before it.
 */
void wtd_chi2_homogeneity(const __u64 *a, const __u64 *b, struct wtd_chi2 *out);

/* Sum of the bucket counts. */
uint64_t wtd_hist_total(const struct wt_hist *h);

/*
 * Percentile q (0 < q <= 1) by nearest rank, as wtlat reports it: *bucket
 * is the bucket that holds rank ceil(q * total); the value returned is the
 * midpoint of that bucket narrowed by the exact min and max when known
 * (min 0 with max 0 means unknown).  0 and bucket 0 for an empty histogram.
 */
uint64_t wtd_quantile(const struct wt_hist *h, double q, unsigned int *bucket);

/* Sample variance of the values in h, from bucket midpoints plus the spread inside buckets. */
double wtd_hist_variance(const struct wt_hist *h);

/*
 * Two-sided p-value of the z test that two means differ, with variances
 * estimated from the histograms: mean_a and mean_b are the exact means.
 */
double wtd_mean_test(const struct wt_hist *a, double mean_a, const struct wt_hist *b,
		     double mean_b);

#endif
