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
 * a tick): each measured length is 200 ms give or take the scheduler, and
 * the fifth ends 1 s after the start, not later (no drift).  Slack: 30 ms
 * late, never early.
 */
static void check_live(void)
{
	volatile sig_atomic_t stop = 0;
	struct wt_ticker t;
	uint64_t start, prev, now, len;
	int i;

	sleep_ms(rand() % 97 + 13);
	start = prev = wt_mono_ns();
	wt_ticker_init(&t, start, 200 * MS);
	for (i = 1; i <= 5; i++) {
		EXPECT(wt_ticker_wait(&t, &stop) == 0);
		now = wt_mono_ns();
		len = now - prev;
		if (now < start + i * 200 * MS || now > start + i * 200 * MS + 30 * MS ||
		    len < 170 * MS || len > 230 * MS) {
			fprintf(stderr, "interval %d: %.3f ms, ends %.3f ms after the start\n", i,
				len / 1e6, (now - start) / 1e6);
			failures++;
		}
		prev = now;
	}
	/* a report that overran a deadline: the next ends on the grid, later */
	sleep_ms(250);
	EXPECT(wt_ticker_wait(&t, &stop) == 0);
	now = wt_mono_ns();
	EXPECT(now >= start + 7 * 200 * MS && now < start + 7 * 200 * MS + 30 * MS);
	if (!(now >= start + 7 * 200 * MS && now < start + 7 * 200 * MS + 30 * MS))
		fprintf(stderr, "after an overrun: ends %.3f ms after the start, want 1400\n",
			(now - start) / 1e6);
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
