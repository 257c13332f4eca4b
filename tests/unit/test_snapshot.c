// SPDX-License-Identifier: GPL-2.0
/*
 * Intervals from cumulative reads (tools/common/snapshot.c): per-CPU
 * copies summed, a copy that overlapped an update detected, two reads
 * diffed into an interval whose min and max agree with its buckets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wt/snapshot.h"

static int failures;
#define EXPECT(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

static struct wt_stats cpu[2];
static struct wt_snap a, b, iv, tot;

/* one write of total v on CPU c in epoch ep, as the BPF side accounts it */
static void write_on(int c, __u64 v, __u64 ep)
{
	cpu[c].seq_begin++;
	cpu[c].cnt[WT_CNT_WRITES]++;
	cpu[c].cnt[WT_CNT_BYTES] += 4096;
	wt_hist_add_ep(&cpu[c].hist[WT_STAGE_TOTAL], v, ep);
	cpu[c].seq_end++;
}

static void check_merge_and_diff(void)
{
	struct wt_hist *h;

	write_on(0, 1000, 1);
	write_on(1, 5000, 1);
	EXPECT(wt_stats_whole(&cpu[0]) && wt_stats_whole(&cpu[1]));
	wt_snap_merge(&a, cpu, 2, 1);
	EXPECT(a.cnt[WT_CNT_WRITES] == 2 && a.hist[WT_STAGE_TOTAL].count == 2);
	EXPECT(a.has_mm[WT_STAGE_TOTAL] && a.hist[WT_STAGE_TOTAL].min == 1000 &&
	       a.hist[WT_STAGE_TOTAL].max == 5000);
	memset(&iv, 0xff, sizeof(iv));
	wt_snap_diff(&b /* zero: the baseline */, &a, &iv);
	EXPECT(iv.cnt[WT_CNT_WRITES] == 2 && iv.hist[WT_STAGE_TOTAL].sum == 6000);
	EXPECT(iv.hist[WT_STAGE_TOTAL].min == 1000 && iv.hist[WT_STAGE_TOTAL].max == 5000);
	EXPECT(iv.hist[WT_STAGE_LOCK].count == 0 && iv.hist[WT_STAGE_LOCK].min == 0);

	/* epoch 2: three more writes; the maps keep growing, nobody resets them */
	write_on(0, 2000, 2);
	write_on(0, 3000, 2);
	write_on(1, 2500, 2);
	wt_snap_merge(&b, cpu, 2, 2);
	EXPECT(b.cnt[WT_CNT_WRITES] == 5);
	wt_snap_diff(&a, &b, &iv);
	h = &iv.hist[WT_STAGE_TOTAL];
	EXPECT(iv.cnt[WT_CNT_WRITES] == 3 && iv.cnt[WT_CNT_BYTES] == 3 * 4096);
	EXPECT(h->count == 3 && h->sum == 7500 && h->min == 2000 && h->max == 3000);
	EXPECT(h->slots[wt_bucket(2000)] == 1 && h->slots[wt_bucket(5000)] == 0);

	/* a CPU with nothing in the new epoch gives no min/max */
	wt_snap_merge(&a, cpu, 2, 3);
	EXPECT(!a.has_mm[WT_STAGE_TOTAL]);

	wt_snap_add(&tot, &iv);
	wt_snap_add(&tot, &iv);
	EXPECT(tot.cnt[WT_CNT_WRITES] == 6 && tot.hist[WT_STAGE_TOTAL].count == 6);
	EXPECT(tot.hist[WT_STAGE_TOTAL].min == 2000 && tot.hist[WT_STAGE_TOTAL].max == 3000);
}

/* an update in progress on one CPU makes its copy not whole */
static void check_torn(void)
{
	struct wt_stats s = { 0 };

	s.seq_begin = 5;
	s.seq_end = 4;
	EXPECT(!wt_stats_whole(&s));
	s.seq_end = 5;
	EXPECT(wt_stats_whole(&s));
}

/*
 * min/max from another epoch than the interval's buckets (a value landed
 * between a read and the epoch's move) never contradict the buckets:
 * clamped into the first and last non-empty bucket.
 */
static void check_clamp(void)
{
	struct wt_snap *p = calloc(1, sizeof(*p)), *c = calloc(1, sizeof(*c));
	struct wt_snap *o = calloc(1, sizeof(*o));
	struct wt_hist *h = &c->hist[WT_STAGE_DEVICE];

	wt_hist_add(h, 10000);		/* bucket [8192, 10240) */
	wt_hist_add(h, 50000);		/* bucket [49152, 57344) */
	c->has_mm[WT_STAGE_DEVICE] = true;
	h->min = 9000;
	h->max = 52000;
	wt_snap_diff(p, c, o);
	EXPECT(o->hist[WT_STAGE_DEVICE].min == 9000 && o->hist[WT_STAGE_DEVICE].max == 52000);
	h->min = 100;			/* below the first bucket: not this interval's */
	h->max = 90000;			/* above the last */
	wt_snap_diff(p, c, o);
	EXPECT(o->hist[WT_STAGE_DEVICE].min == 8192 && o->hist[WT_STAGE_DEVICE].max == 57343);
	c->has_mm[WT_STAGE_DEVICE] = false;
	wt_snap_diff(p, c, o);
	EXPECT(o->hist[WT_STAGE_DEVICE].min == 8192 && o->hist[WT_STAGE_DEVICE].max == 57343);
	/* counters never go below zero if a read came back smaller */
	p->cnt[WT_CNT_WRITES] = 10;
	wt_snap_diff(p, c, o);
	EXPECT(o->cnt[WT_CNT_WRITES] == 0);
	/* program figures are diffed too */
	p->prog.recursion_misses = 2;
	c->prog.recursion_misses = 5;
	c->prog.run_time_ns = 1000;
	wt_snap_diff(p, c, o);
	EXPECT(o->prog.recursion_misses == 3 && o->prog.run_time_ns == 1000);
	free(p);
	free(c);
	free(o);
}

int main(void)
{
	check_merge_and_diff();
	check_torn();
	check_clamp();
	if (failures)
		fprintf(stderr, "test_snapshot: %d failure(s)\n", failures);
	else
		printf("test_snapshot: all checks passed\n");
	return failures != 0;
}
