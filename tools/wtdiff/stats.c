// SPDX-License-Identifier: GPL-2.0
#include <float.h>
#include <math.h>
#include <string.h>

#include "stats.h"

#define GAMMA_EPS	1e-15
#define GAMMA_ITMAX	100000
#define GAMMA_TINY	1e-300

uint64_t wtd_bucket_low(unsigned int b)
{
	if (b > WTD_LAST_BUCKET)
		b = WTD_LAST_BUCKET;
	return wt_bucket_low(b);
}

uint64_t wtd_bucket_high(unsigned int b)
{
	if (b >= WTD_LAST_BUCKET)
		return UINT64_MAX;
	return wt_bucket_low(b + 1);
}

/* exp(-x) x^a / Gamma(a), in logs so that it does not overflow */
static double gamma_prefactor(double a, double x)
{
	return exp(-x + a * log(x) - lgamma(a));
}

/* P(a, x) by its power series; converges fast for x < a + 1. */
static double gamma_p_series(double a, double x)
{
	double ap = a, sum = 1.0 / a, del = sum;
	int n;

	for (n = 0; n < GAMMA_ITMAX; n++) {
		ap += 1.0;
		del *= x / ap;
		sum += del;
		if (fabs(del) < fabs(sum) * GAMMA_EPS)
			break;
	}
	return sum * gamma_prefactor(a, x);
}

/* Q(a, x) by its continued fraction (modified Lentz); for x >= a + 1. */
static double gamma_q_fraction(double a, double x)
{
	double b = x + 1.0 - a, c = 1.0 / GAMMA_TINY, d = 1.0 / b, h = d, an, del;
	int i;

	for (i = 1; i < GAMMA_ITMAX; i++) {
		an = -i * (i - a);
		b += 2.0;
		d = an * d + b;
		if (fabs(d) < GAMMA_TINY)
			d = GAMMA_TINY;
		c = b + an / c;
		if (fabs(c) < GAMMA_TINY)
			c = GAMMA_TINY;
		d = 1.0 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1.0) < GAMMA_EPS)
			break;
	}
	return h * gamma_prefactor(a, x);
}

double wtd_gamma_p(double a, double x)
{
	if (!(a > 0) || !(x > 0))
		return 0.0;
	if (isinf(x))
		return 1.0;
	if (x < a + 1.0)
		return gamma_p_series(a, x);
	return 1.0 - gamma_q_fraction(a, x);
}

double wtd_gamma_q(double a, double x)
{
	if (!(a > 0) || !(x > 0))
		return 1.0;
	if (isinf(x))
		return 0.0;
	if (x < a + 1.0)
		return 1.0 - gamma_p_series(a, x);
	return gamma_q_fraction(a, x);
}

double wtd_chi2_sf(double x, double df)
{
	double q;

	if (!(df > 0))
		return 1.0;
	q = wtd_gamma_q(df / 2.0, x / 2.0);
	if (q < 0)
		q = 0;
	if (q > 1)
		q = 1;
	return q;
}

void wtd_chi2_homogeneity(const __u64 *a, const __u64 *b, struct wtd_chi2 *out)
{
	double ra = 0, rb = 0, n, need, col = 0, oa = 0, ob = 0, stat = 0;
	double ga[WTD_LAST_BUCKET + 1], gb[WTD_LAST_BUCKET + 1];
	unsigned int k, g = 0, i;

	memset(out, 0, sizeof(*out));
	out->p = 1.0;
	for (k = 0; k <= WTD_LAST_BUCKET; k++) {
		ra += (double)a[k];
		rb += (double)b[k];
	}
	n = ra + rb;
	if (ra == 0 || rb == 0)
		return;
	/* a group's expected count in the smaller row is col * min(ra, rb) / n */
	need = WTD_MIN_EXPECTED * n / (ra < rb ? ra : rb);
	for (k = 0; k <= WTD_LAST_BUCKET; k++) {
		if (!a[k] && !b[k])
			continue;
		oa += (double)a[k];
		ob += (double)b[k];
		col += (double)a[k] + (double)b[k];
		out->group_end[g] = (uint16_t)k;
		if (col >= need) {
			ga[g] = oa;
			gb[g] = ob;
			g++;
			oa = ob = col = 0;
		}
	}
	if (col > 0) {
		if (!g) {
			/* everything fits in one group: nothing to compare */
			out->groups = 1;
			return;
		}
		/* the short tail joins the last full group */
		ga[g - 1] += oa;
		gb[g - 1] += ob;
		out->group_end[g - 1] = out->group_end[g];
	}
	out->groups = g;
	if (g < 2)
		return;
	for (i = 0; i < g; i++) {
		double c = ga[i] + gb[i], ea = c * ra / n, eb = c * rb / n;

		stat += (ga[i] - ea) * (ga[i] - ea) / ea + (gb[i] - eb) * (gb[i] - eb) / eb;
	}
	out->tested = true;
	out->stat = stat;
	out->df = g - 1;
	out->p = wtd_chi2_sf(stat, out->df);
}

uint64_t wtd_hist_total(const struct wt_hist *h)
{
	uint64_t t = 0;
	unsigned int b;

	for (b = 0; b <= WTD_LAST_BUCKET; b++)
		t += h->slots[b];
	return t;
}

uint64_t wtd_quantile(const struct wt_hist *h, double q, unsigned int *bucket)
{
	uint64_t total = wtd_hist_total(h), rank, cum = 0, l, u;
	unsigned int b;
	double r;

	if (bucket)
		*bucket = 0;
	if (!total)
		return 0;
	if (!(q > 0))
		q = 1e-12;
	if (q > 1)
		q = 1;
	r = ceil(q * (double)total);
	rank = r < 1 ? 1 : r >= (double)total ? total : (uint64_t)r;
	for (b = 0; b < WTD_LAST_BUCKET; b++) {
		cum += h->slots[b];
		if (cum >= rank)
			break;
	}
	if (bucket)
		*bucket = b;
	l = wtd_bucket_low(b);
	u = wtd_bucket_high(b);
	if (h->min || h->max) {
		/* the exact extremes narrow the first and last buckets */
		if (h->min > l && h->min < u)
			l = h->min;
		if (h->max >= l && h->max < u)
			u = h->max + 1;
	}
	return l + (u - 1 - l) / 2;
}

double wtd_hist_variance(const struct wt_hist *h)
{
	double n = 0, sum = 0, mean, ss = 0;
	unsigned int b;

	for (b = 0; b <= WTD_LAST_BUCKET; b++) {
		double lo = (double)wtd_bucket_low(b), hi = (double)wtd_bucket_high(b);

		n += (double)h->slots[b];
		sum += (double)h->slots[b] * (lo + hi) / 2;
	}
	if (n < 2)
		return 0;
	mean = sum / n;
	for (b = 0; b <= WTD_LAST_BUCKET; b++) {
		double lo = (double)wtd_bucket_low(b), hi = (double)wtd_bucket_high(b);
		double mid = (lo + hi) / 2, w = hi - lo;

		if (h->slots[b])
			ss += (double)h->slots[b] * ((mid - mean) * (mid - mean) + w * w / 12);
	}
	return ss / (n - 1);
}

double wtd_mean_test(const struct wt_hist *a, double mean_a, const struct wt_hist *b,
		     double mean_b)
{
	double na = (double)wtd_hist_total(a), nb = (double)wtd_hist_total(b), se, z;

	if (na < 2 || nb < 2)
		return 1.0;
	se = sqrt(wtd_hist_variance(a) / na + wtd_hist_variance(b) / nb);
	if (!(se > 0) || !isfinite(se))
		return mean_a == mean_b ? 1.0 : 0.0;
	z = (mean_b - mean_a) / se;
	return erfc(fabs(z) / sqrt(2.0));
}
