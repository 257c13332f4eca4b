/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the BPF side's cumulative statistics (struct wt_stats, one
 * per-CPU map value) and turning two reads into one interval.  The map is
 * never written: nothing recorded between two reads is lost, and counters
 * and histograms come from the same copy.
 */
#ifndef WT_SNAPSHOT_H
#define WT_SNAPSHOT_H

#include <stdbool.h>
#include <stdint.h>
#include "wt/wt_events.h"

/* Run-time figures of the attached programs (bpf_prog_info), summed. */
struct wt_prog_stats {
	uint64_t run_cnt;
	uint64_t run_time_ns;	/* counted only while BPF stats are on (-v) */
	uint64_t recursion_misses;	/* runs the kernel skipped: events missed */
};

struct wt_snap {
	uint64_t cnt[WT_CNT_NR];
	/* slots, count, sum: cumulative; min and max: see wt_snap_diff() */
	struct wt_hist hist[WT_HIST_NR];
	bool has_mm[WT_HIST_NR];	/* min/max hold values of epoch */
	uint64_t epoch;
	uint64_t mono_ns;		/* CLOCK_MONOTONIC when read */
	struct wt_prog_stats prog;
	unsigned int retries;		/* copies read again: they overlapped an update */
	bool torn;			/* gave up: a copy still overlapped one */
};

/* A per-CPU copy is whole when no bracketed update overlapped it. */
static inline bool wt_stats_whole(const struct wt_stats *s)
{
	return s->seq_begin == s->seq_end;
}

/*
 * Sum ncpu per-CPU copies into s (not its mono_ns, prog, retries).  The
 * min/max of the copies whose mm_epoch is ep (the epoch that was current
 * until this read) are merged; copies of other epochs saw no value since.
 */
void wt_snap_merge(struct wt_snap *s, const struct wt_stats *percpu, int ncpu, uint64_t ep);

/*
 * Read the stats map (fd, ncpu possible CPUs) with one lookup, again while
 * some CPU's copy overlapped an update (at most WT_SNAP_TRIES times).
 * Returns 0 or -errno.
 */
#define WT_SNAP_TRIES 100
int wt_snap_read(int fd, int ncpu, uint64_t ep, struct wt_snap *s);

/*
 * The interval from prev to cur: counters, slots, counts, sums and program
 * figures subtracted.  min/max are cur's (the epoch that ran from prev's
 * read to cur's), clamped into the interval's first and last non-empty
 * bucket, so they always agree with the buckets; with no value of that
 * epoch (it landed in the instant between a read and the epoch's move),
 * the bucket bounds themselves.  0 for an empty histogram.
 */
void wt_snap_diff(const struct wt_snap *prev, const struct wt_snap *cur, struct wt_snap *out);

/* Add interval iv into the running total tot (min/max merged). */
void wt_snap_add(struct wt_snap *tot, const struct wt_snap *iv);

#endif
