// SPDX-License-Identifier: GPL-2.0
/* Statistics over a cell's repetitions, and the ratios between cells. */
#include <math.h>
#include <stdlib.h>

#include "bench.h"

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Linear interpolation between the order statistics (R's type 7). */
double bench_quantile(const double *v, unsigned int n, double q)
{
	double *s, h, r;
	unsigned int lo;

	if (!n)
		return NAN;
	s = malloc(n * sizeof(*s));
	if (!s)
		return NAN;
	for (lo = 0; lo < n; lo++)
		s[lo] = v[lo];
	qsort(s, n, sizeof(*s), cmp_dbl);
	h = (n - 1) * q;
	lo = (unsigned int)floor(h);
	r = lo + 1 < n ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
	free(s);
	return r;
}

double bench_median(const double *v, unsigned int n)
{
	return bench_quantile(v, n, 0.5);
}

void bench_summarize(const double *v, unsigned int n, struct bench_summary *s)
{
	s->n = n;
	s->median = bench_median(v, n);
	s->q1 = bench_quantile(v, n, 0.25);
	s->q3 = bench_quantile(v, n, 0.75);
	s->min = bench_quantile(v, n, 0.0);
	s->max = bench_quantile(v, n, 1.0);
}

double bench_ratio(double a, double b)
{
	if (isnan(a) || isnan(b) || b <= 0 || a < 0)
		return NAN;
	return a / b;
}

enum bench_metric bench_section_metric(enum bench_section s)
{
	return s == BS_SIZE || s == BS_PATTERN ? BM_LAT_P50 : BM_MIBPS;
}

void bench_compute(struct bench_matrix *m)
{
	double v[BENCH_MAX_REPS];
	unsigned int i, k, r;

	for (i = 0; i < m->n; i++) {
		struct bench_cell *c = &m->cells[i];

		for (k = 0; k < BM_NR; k++) {
			for (r = 0; r < c->nruns; r++)
				v[r] = c->runs[r].v[k];
			bench_summarize(v, c->nruns, &c->sum[k]);
		}
	}
	for (i = 0; i < m->n; i++) {
		struct bench_cell *c = &m->cells[i];
		enum bench_metric k = bench_section_metric(c->sec);
		const struct bench_cell *d = bench_find_ref(m, c, LM_DIRECT, c->tool);
		const struct bench_cell *f = bench_find_ref(m, c, LM_FDATASYNC, c->tool);
		const struct bench_cell *u = bench_find_ref(m, c, c->mode, BT_NONE);

		c->vs_direct = d ? bench_ratio(c->sum[k].median, d->sum[k].median) : NAN;
		c->vs_fdatasync = f ? bench_ratio(c->sum[k].median, f->sum[k].median) : NAN;
		c->vs_untraced = u && c->tool != BT_NONE ?
				 bench_ratio(c->sum[k].median, u->sum[k].median) : NAN;
	}
}
