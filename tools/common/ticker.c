// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <time.h>

#include "wt/ticker.h"

static uint64_t now_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

uint64_t wt_mono_ns(void)
{
	return now_ns(CLOCK_MONOTONIC);
}

uint64_t wt_real_ns(void)
{
	return now_ns(CLOCK_REALTIME);
}

uint64_t wt_ticker_next(uint64_t start, uint64_t interval, uint64_t now)
{
	if (!interval)
		return now;
	if (now < start)
		return start + interval;
	return start + ((now - start) / interval + 1) * interval;
}

void wt_ticker_init(struct wt_ticker *t, uint64_t start, uint64_t interval)
{
	t->start = start;
	t->interval = interval;
	t->deadline = start;
}

int wt_ticker_wait(struct wt_ticker *t, volatile sig_atomic_t *stop)
{
	struct timespec ts;
	int err;

	t->deadline = wt_ticker_next(t->start, t->interval, wt_mono_ns());
	ts.tv_sec = t->deadline / 1000000000ull;
	ts.tv_nsec = t->deadline % 1000000000ull;
	for (;;) {
		if (*stop)
			return 1;
		/* never restarted after a signal handler: EINTR, then *stop */
		err = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
		if (!err)
			return *stop ? 1 : 0;
		if (err != EINTR)
			return *stop ? 1 : 0;
	}
}
