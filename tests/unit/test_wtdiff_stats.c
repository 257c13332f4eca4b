// SPDX-License-Identifier: GPL-2.0
/*
 * wtdiff's statistics: the chi-square p-value against reference values
 * (mpmath, 30 digits), the homogeneity test and its bucket merging,
 * percentiles from buckets, and the verdicts on synthetic pairs: two
 * samples of one distribution are "no change", a shift by two buckets is
 * a regression, a 3% move (inside the bucket error) is not.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wt/hist.h"
#include "compare.h"
#include "stats.h"

static int failures;
#define EXPECT(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

static bool close_rel(double got, double want, double tol)
{
	if (want == 0)
		return fabs(got) <= tol;
	return fabs(got - want) <= tol * fabs(want);
}

static void check_chi2_sf(void)
{
	static const struct { double x; int df; double q; } ref[] = {
		{ 3.841458820694124, 1, 0.050000000000000057 },
		{ 6.634896601021214, 1, 0.010000000000000009 },
		{ 1, 2, 0.60653065971263342 },
		{ 10, 5, 0.075235246146512179 },
		{ 100, 50, 3.4549313829848639e-5 },
		{ 0.5, 10, 0.99999338828943897 },
		{ 300, 250, 0.01651827315786872 },
		{ 0.001, 1, 0.97477287936996039 },
		{ 50, 3, 7.9891792449514711e-11 },
		{ 20, 30, 0.91654152706533718 },
		{ 17.32, 12, 0.13795128561774014 },
		{ 1000, 1, 1.7958327848007262e-219 },
		{ 200, 100, 1.1784500720979422e-8 },
		{ 0.0, 4, 1.0 },
		{ 5, 251, 1.0 },
		{ 250, 251, 0.50595249139404333 },
		{ 400, 251, 6.4227750436878309e-9 },
		{ 20.0 / 3, 1, 0.009823274507519248 },
	};
	size_t i;

	for (i = 0; i < sizeof(ref) / sizeof(ref[0]); i++) {
		double q = wtd_chi2_sf(ref[i].x, ref[i].df);

		if (!close_rel(q, ref[i].q, 1e-9)) {
			fprintf(stderr, "chi2_sf(%g, %d) = %.17g, want %.17g\n", ref[i].x, ref[i].df, q,
				ref[i].q);
			failures++;
		}
	}
	/* far past any double: underflows to 0, never negative or NaN */
	EXPECT(wtd_chi2_sf(12791.34, 16) == 0);
	EXPECT(wtd_chi2_sf(INFINITY, 3) == 0);
	EXPECT(wtd_chi2_sf(5, 0) == 1);
	/* P + Q = 1, and the closed forms P(1, x) = 1 - e^-x, P(3, 2), P(0.5, 0.1), P(100, 90) */
	EXPECT(close_rel(wtd_gamma_p(1, 0.7), 1 - exp(-0.7), 1e-12));
	EXPECT(close_rel(wtd_gamma_p(3, 2), 0.32332358381693654, 1e-10));
	EXPECT(close_rel(wtd_gamma_p(0.5, 0.1), 0.34527915398142298, 1e-10));
	EXPECT(close_rel(wtd_gamma_p(100, 90), 0.15822098918643017, 1e-9));
	EXPECT(close_rel(wtd_gamma_p(7.5, 3) + wtd_gamma_q(7.5, 3), 1, 1e-12));
	EXPECT(close_rel(wtd_gamma_p(7.5, 30) + wtd_gamma_q(7.5, 30), 1, 1e-12));
}

static void check_homogeneity(void)
{
	__u64 a[WT_HIST_SLOTS] = { 0 }, b[WT_HIST_SLOTS] = { 0 };
	struct wtd_chi2 c;
	unsigned int g, k, first;

	/* 2 x 2 by hand: expected 15 everywhere, chi2 = 4 * 25 / 15 */
	a[10] = 10, a[11] = 20;
	b[10] = 20, b[11] = 10;
	wtd_chi2_homogeneity(a, b, &c);
	EXPECT(c.tested && c.groups == 2 && c.df == 1);
	EXPECT(close_rel(c.stat, 20.0 / 3, 1e-12));
	EXPECT(close_rel(c.p, 0.009823274507519248, 1e-9));

	/* identical rows: statistic 0, p 1 */
	memcpy(b, a, sizeof(a));
	wtd_chi2_homogeneity(a, b, &c);
	EXPECT(c.tested && c.stat == 0 && close_rel(c.p, 1, 1e-12));

	/* one empty row, or everything in one group: not tested */
	memset(b, 0, sizeof(b));
	wtd_chi2_homogeneity(a, b, &c);
	EXPECT(!c.tested && c.p == 1);
	memset(a, 0, sizeof(a));
	a[5] = 3, b[6] = 3;
	wtd_chi2_homogeneity(a, b, &c);
	EXPECT(!c.tested && c.groups == 1);

	/* sparse tails are merged until every expected count is >= 5 */
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	for (k = 20; k < 60; k++) {
		a[k] = k < 25 || k > 50 ? 1 : 100;
		b[k] = k < 25 || k > 50 ? 2 : 90;
	}
	b[WTD_LAST_BUCKET] = 1;		/* the last bucket counts too */
	wtd_chi2_homogeneity(a, b, &c);
	EXPECT(c.tested && c.df == c.groups - 1 && c.groups >= 20);
	EXPECT(c.group_end[c.groups - 1] == WTD_LAST_BUCKET);
	for (g = 0, first = 0; g < c.groups; g++) {
		double ra = 0, rb = 0, n, col = 0;

		for (k = 0; k <= WTD_LAST_BUCKET; k++)
			ra += a[k], rb += b[k];
		n = ra + rb;
		for (k = first; k <= c.group_end[g]; k++)
			col += a[k] + b[k];
		EXPECT(col * ra / n >= 5 && col * rb / n >= 5);
		first = c.group_end[g] + 1;
	}
}

static int cmp(const void *x, const void *y)
{
	__u64 a = *(const __u64 *)x, b = *(const __u64 *)y;

	return a < b ? -1 : a > b;
}

/* Uniform in (0, 1] from a fixed LCG: the same numbers on every machine. */
static double unif(unsigned long long *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return ((*s >> 11) + 1) / 9007199254740993.0;
}

/* Log-normal latency with this median (ns) and sigma. */
static __u64 lognormal(unsigned long long *s, double median, double sigma)
{
	double z = sqrt(-2 * log(unif(s))) * cos(2 * M_PI * unif(s));

	return (__u64)(median * exp(sigma * z));
}

static void check_quantiles(void)
{
	enum { N = 50000 };
	static const double qs[] = { 0.5, 0.9, 0.99, 0.999, 1.0 };
	__u64 *v = malloc(N * sizeof(*v)), lo, hi, ref;
	struct wt_hist *h = calloc(1, sizeof(*h));
	unsigned long long seed = 7;
	unsigned int b, i;

	EXPECT(wtd_quantile(h, 0.5, &b) == 0 && b == 0);
	for (i = 0; i < N; i++) {
		v[i] = lognormal(&seed, 50000, 0.6);
		wt_hist_add(h, v[i]);
	}
	qsort(v, N, sizeof(*v), cmp);
	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		size_t rank = (size_t)ceil(qs[i] * N);
		__u64 est = wtd_quantile(h, qs[i], &b), truth = v[rank - 1];

		/* the true value lies in the bucket found; the estimate too */
		EXPECT(wtd_bucket_low(b) <= truth && truth < wtd_bucket_high(b));
		EXPECT(wt_bucket(est) == b);
		/* within half a bucket: 12.5% */
		EXPECT(fabs((double)est - (double)truth) <= 0.125 * (double)truth + 1);
		/* the same figure wtlat prints */
		ref = wt_hist_quantile(h, qs[i], &lo, &hi);
		EXPECT(ref == est);
	}
	/* one value: min and max narrow the bucket to it */
	memset(h, 0, sizeof(*h));
	wt_hist_add(h, 123456);
	EXPECT(wtd_quantile(h, 0.5, &b) == 123456 && b == wt_bucket(123456));
	/* min and max unknown (0): the plain bucket midpoint */
	h->min = h->max = 0;
	EXPECT(wtd_quantile(h, 0.99, &b) ==
	       wtd_bucket_low(b) + (wtd_bucket_high(b) - 1 - wtd_bucket_low(b)) / 2);
	/* the last reachable bucket ends at 2^64 - 1, no overflow */
	memset(h, 0, sizeof(*h));
	h->slots[WTD_LAST_BUCKET] = 3;
	EXPECT(wtd_quantile(h, 1.0, &b) > (1ull << 63) && b == WTD_LAST_BUCKET);
	EXPECT(wtd_bucket_high(WTD_LAST_BUCKET) == UINT64_MAX);
	EXPECT(wt_bucket(UINT64_MAX) == WTD_LAST_BUCKET);
	free(v);
	free(h);
}

/* A run of one stage (total) from n log-normal values, median scaled by f. */
static void synth_run(struct wtd_run *r, unsigned long long seed, int n, double f)
{
	int i;

	memset(r, 0, sizeof(*r));
	r->present[WT_STAGE_TOTAL] = r->have_sum[WT_STAGE_TOTAL] = true;
	for (i = 0; i < n; i++)
		wt_hist_add(&r->hist[WT_STAGE_TOTAL], lognormal(&seed, 80000 * f, 0.4));
}

static enum wtd_verdict verdict(const struct wtd_run *a, const struct wtd_run *b,
				struct wtd_result *res)
{
	struct wtd_opts o = { .alpha = WTD_DEF_ALPHA, .threshold = WTD_DEF_THRESHOLD,
			      .hists = 1u << WT_STAGE_TOTAL };

	wtd_compare(a, b, &o, res);
	return res->st[WT_STAGE_TOTAL].verdict;
}

static void check_verdicts(void)
{
	struct wtd_run *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	struct wtd_result *res = malloc(sizeof(*res));
	struct wt_hist *h;
	int k, alarms = 0;
	__u64 sum = 0;

	/* same distribution, different samples, 20 pairs: never a regression */
	for (k = 0; k < 20; k++) {
		synth_run(a, 1000 + 2 * k, 20000, 1.0);
		synth_run(b, 1001 + 2 * k, 20000, 1.0);
		if (verdict(a, b, res) == WTD_V_REGRESSED)
			alarms++;
		EXPECT(res->st[0].chi2.tested && res->st[0].chi2.df >= 5);
	}
	EXPECT(alarms == 0);
	synth_run(a, 1, 20000, 1.0);
	synth_run(b, 2, 20000, 1.0);
	EXPECT(verdict(a, b, res) == WTD_V_SAME);
	EXPECT(!res->st[0].q[0].significant && !res->st[0].mean.significant);

	/* the same histogram moved up by two buckets: a regression */
	*b = *a;
	h = &b->hist[WT_STAGE_TOTAL];
	memmove(&h->slots[2], &h->slots[0], (WT_HIST_SLOTS - 2) * sizeof(h->slots[0]));
	h->slots[0] = h->slots[1] = 0;
	h->min = h->max = 0;
	for (k = 0; k <= WTD_LAST_BUCKET; k++)
		sum += h->slots[k] * (wtd_bucket_low(k) + (wtd_bucket_high(k) - wtd_bucket_low(k)) / 2);
	h->sum = sum;
	EXPECT(verdict(a, b, res) == WTD_V_REGRESSED);
	EXPECT(res->st[0].q[0].shift == 2 && res->st[0].slower_p50);
	EXPECT(res->st[0].chi2.p < 1e-100);
	/* and the other way round it is an improvement, exit 0 */
	EXPECT(verdict(b, a, res) == WTD_V_IMPROVED && res->regressed == 0);

	/* a 3% slowdown: inside a bucket, below the threshold: not a regression */
	synth_run(a, 11, 200000, 1.0);
	synth_run(b, 12, 200000, 1.03);
	EXPECT(verdict(a, b, res) != WTD_V_REGRESSED);
	EXPECT(!res->st[0].q[0].significant);

	/* 1.6x slower device time: a regression whatever the seed */
	synth_run(b, 13, 20000, 1.6);
	EXPECT(verdict(a, b, res) == WTD_V_REGRESSED);

	/* a threshold above the change turns it into "changed" */
	{
		struct wtd_opts o = { .alpha = 0.01, .threshold = 1.0, .hists = 1 };

		wtd_compare(a, b, &o, res);
		EXPECT(res->st[0].verdict == WTD_V_CHANGED && !res->regressed);
	}
	/* too few samples: not tested, never a regression */
	synth_run(a, 21, 3, 1.0);
	synth_run(b, 22, 3, 4.0);
	EXPECT(verdict(a, b, res) == WTD_V_UNTESTED);
	free(a);
	free(b);
	free(res);
}

int main(void)
{
	check_chi2_sf();
	check_homogeneity();
	check_quantiles();
	check_verdicts();
	if (failures) {
		fprintf(stderr, "%d failure(s)\n", failures);
		return 1;
	}
	printf("wtdiff stats: all checks passed\n");
	return 0;
}
