// SPDX-License-Identifier: GPL-2.0
/*
 * Report intervals (tools/common/ticker.c): absolute CLOCK_MONOTONIC
 * deadlines, so every interval lasts what was asked whatever the phase of
 * the start, nothing drifts, a late report skips a deadline instead of
 * shortening the next interval, and a signal ends the wait.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "wt/ticker.h"

static int failures;
#define EXPECT(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

#define MS 1000000ull

static void check_next(void)
{
	EXPECT(wt_ticker_next(100, 10, 100) == 110);
	EXPECT(wt_ticker_next(100, 10, 109) == 110);
	EXPECT(wt_ticker_next(100, 10, 110) == 120);
	EXPECT(wt_ticker_next(100, 10, 135) == 140);	/* 120 and 130 missed: skipped */
	EXPECT(wt_ticker_next(100, 10, 50) == 110);
	EXPECT(wt_ticker_next(100, 0, 77) == 77);
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/*
 * Five 200 ms intervals from a start at an odd phase (not on a second or
 * a tick): the i-th wait ends at start + i * 200 ms, never before, and
 * late only by the scheduler's delay (under 80 ms even on a busy host),
 * so nothing drifts.  After a report that overran a deadline the next
 * wait ends on the grid again, not an interval after the report.
 */
static void check_live(void)
{
	volatile sig_atomic_t stop = 0;
	struct wt_ticker t;
	uint64_t start, now, due;
	int i;

	sleep_ms(rand() % 97 + 13);
	start = wt_mono_ns();
	wt_ticker_init(&t, start, 200 * MS);
	for (i = 1; i <= 5; i++) {
		EXPECT(wt_ticker_wait(&t, &stop) == 0);
		now = wt_mono_ns();
		due = start + i * 200 * MS;
		if (now < due || now >= due + 80 * MS) {
			fprintf(stderr, "wait %d ended %.3f ms after the start, want %d ms\n", i,
				(now - start) / 1e6, i * 200);
			failures++;
		}
	}
	/* a report that took 310 ms: deadline 1200 missed, the next is 1400 */
	sleep_ms(310);
	EXPECT(wt_ticker_wait(&t, &stop) == 0);
	now = wt_mono_ns();
	due = start + 7 * 200 * MS;
	if (now < due || now >= due + 80 * MS) {
		fprintf(stderr, "after an overrun: ended %.3f ms after the start, want 1400\n",
			(now - start) / 1e6);
		failures++;
	}
	stop = 1;
	now = wt_mono_ns();
	EXPECT(wt_ticker_wait(&t, &stop) == 1);
	EXPECT(wt_mono_ns() - now < 10 * MS);
}

static volatile sig_atomic_t hup;

static void on_hup(int sig)
{
	hup = 1;
}

/* a signal (SIGHUP here) ends a long wait at once */
static void check_signal(void)
{
	struct sigaction sa = { .sa_handler = on_hup };
	struct wt_ticker t;
	timer_t tm;
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGHUP };
	struct itimerspec its = { .it_value = { 0, 100 * 1000000L } };
	uint64_t t0;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	if (timer_create(CLOCK_MONOTONIC, &sev, &tm)) {
		perror("timer_create");
		failures++;
		return;
	}
	t0 = wt_mono_ns();
	wt_ticker_init(&t, t0, 10000 * MS);
	timer_settime(tm, 0, &its, NULL);
	EXPECT(wt_ticker_wait(&t, &hup) == 1);
	EXPECT(wt_mono_ns() - t0 < 2000 * MS);
	timer_delete(tm);
}

int main(void)
{
	srand(time(NULL));
	check_next();
	check_live();
	check_signal();
	if (failures)
		fprintf(stderr, "test_ticker: %d failure(s)\n", failures);
	else
		printf("test_ticker: all checks passed\n");
	return failures != 0;
}
