/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Report intervals on CLOCK_MONOTONIC with absolute deadlines: start + k *
 * interval, so they neither drift nor depend on the wall clock, and each
 * report gives the length it actually measured.
 */
#ifndef WT_TICKER_H
#define WT_TICKER_H

#include <signal.h>
#include <stdint.h>

/* CLOCK_MONOTONIC (also bpf_ktime_get_ns()'s clock) in nanoseconds. */
uint64_t wt_mono_ns(void);
/* CLOCK_REALTIME in nanoseconds. */
uint64_t wt_real_ns(void);

/*
 * The first deadline start + k * interval (k >= 1) after now: deadlines
 * missed while a report was written are skipped, not run back to back.
 */
uint64_t wt_ticker_next(uint64_t start, uint64_t interval, uint64_t now);

struct wt_ticker {
	uint64_t start;		/* CLOCK_MONOTONIC ns */
	uint64_t interval;	/* ns */
	uint64_t deadline;	/* the one waited for last */
};

void wt_ticker_init(struct wt_ticker *t, uint64_t start, uint64_t interval);

/*
 * Sleep until the next deadline (clock_nanosleep, TIMER_ABSTIME), or until
 * *stop is set by a signal handler.  Returns 0 at the deadline, 1 when
 * stopped.
 */
int wt_ticker_wait(struct wt_ticker *t, volatile sig_atomic_t *stop);

#endif
