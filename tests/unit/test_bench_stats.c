// SPDX-License-Identifier: GPL-2.0
/*
 * wtbench's statistics on fixed inputs: median (odd, even, unsorted, one
 * value), quartiles and min-max, the ratio and its undefined cases, and
 * the ratios between the cells of a small matrix (vs O_DIRECT, vs
 * buffered + fdatasync, vs untraced; throughput sections by MiB/s).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench/bench.h"

static int fails;

static void near(const char *what, double got, double want)
{
	if (isnan(want) ? !isnan(got) : fabs(got - want) > 1e-9 * (1 + fabs(want))) {
		printf("FAIL: %s = %.12g, want %.12g\n", what, got, want);
		fails++;
	} else {
		printf("ok: %s = %.6g\n", what, got);
	}
}

static void cell(struct bench_matrix *m, enum bench_section sec, enum load_mode mode,
		 enum bench_tool tool, const double *lat, const double *mib, unsigned int n)
{
	struct bench_cell *c = &m->cells[m->n++];
	unsigned int r;

	memset(c, 0, sizeof(*c));
	c->sec = sec, c->mode = mode, c->tool = tool, c->size = 4096, c->qd = 1, c->threads = 1;
	c->status = CS_OK;
	c->nruns = n;
	for (r = 0; r < n; r++) {
		c->runs[r].v[BM_LAT_P50] = lat[r];
		c->runs[r].v[BM_MIBPS] = mib[r];
	}
}

int main(void)
{
	const double odd[] = { 30, 10, 20 }, even[] = { 4, 1, 3, 2 }, one[] = { 7 };
	const double five[] = { 5, 1, 4, 2, 3 }, dup[] = { 2, 2, 9, 2 };
	struct bench_cell cells[8];
	struct bench_matrix m = { .cells = cells, .reps = 3 };
	struct bench_summary s;

	near("median {30,10,20}", bench_median(odd, 3), 20);
	near("median {4,1,3,2}", bench_median(even, 4), 2.5);
	near("median {7}", bench_median(one, 1), 7);
	near("median {2,2,9,2}", bench_median(dup, 4), 2);
	near("median of nothing", bench_median(odd, 0), NAN);
	bench_summarize(five, 5, &s);
	near("q1 {1..5}", s.q1, 2);
	near("q3 {1..5}", s.q3, 4);
	near("min {1..5}", s.min, 1);
	near("max {1..5}", s.max, 5);
	bench_summarize(even, 4, &s);
	near("q1 {1..4} (interpolated)", s.q1, 1.75);
	near("q3 {1..4} (interpolated)", s.q3, 3.25);
	near("ratio 3/4", bench_ratio(3, 4), 0.75);
	near("ratio x/0", bench_ratio(3, 0), NAN);
	near("ratio NaN/4", bench_ratio(NAN, 4), NAN);
	near("ratio -1/4", bench_ratio(-1, 4), NAN);

	/* size section: p50 latency; pattern of medians 110, 100, 200 */
	cell(&m, BS_SIZE, LM_WT, BT_NONE, (const double[]){ 120, 105, 110 },
	     (const double[]){ 1, 1, 1 }, 3);
	cell(&m, BS_SIZE, LM_DIRECT, BT_NONE, (const double[]){ 100, 90, 130 },
	     (const double[]){ 1, 1, 1 }, 3);
	cell(&m, BS_SIZE, LM_FDATASYNC, BT_NONE, (const double[]){ 200, 180, 260 },
	     (const double[]){ 1, 1, 1 }, 3);
	/* tools section: MiB/s; untraced 50, wtlat 48.5 */
	cell(&m, BS_TOOLS, LM_WT, BT_NONE, (const double[]){ 1, 1, 1 },
	     (const double[]){ 50, 40, 60 }, 3);
	cell(&m, BS_TOOLS, LM_WT, BT_WTLAT, (const double[]){ 1, 1, 1 },
	     (const double[]){ 48.5, 47, 49 }, 3);
	/* a cell that could not run: no runs, no ratios */
	cell(&m, BS_SIZE, LM_DONTCACHE, BT_NONE, NULL, NULL, 0);
	m.cells[5].status = CS_NA;
	bench_compute(&m);
	near("wt median p50", cells[0].sum[BM_LAT_P50].median, 110);
	near("wt vs direct (110/100)", cells[0].vs_direct, 1.1);
	near("wt vs fdatasync (110/200)", cells[0].vs_fdatasync, 0.55);
	near("direct vs direct", cells[1].vs_direct, 1);
	near("untraced wt has no vs_untraced", cells[0].vs_untraced, NAN);
	near("wtlat vs untraced (48.5/50)", cells[4].vs_untraced, 0.97);
	near("tools: no direct row", cells[4].vs_direct, NAN);
	near("n/a cell median", cells[5].sum[BM_LAT_P50].median, NAN);
	near("n/a cell vs direct", cells[5].vs_direct, NAN);
	printf("%d failed\n", fails);
	return fails != 0;
}
