/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the guest probes (wtprobe, wtmmap): a monotonic clock in
 * ns, and the exit status of a set-up step that failed (2), which is not a
 * verdict on the kernel under test (1).
 */
#ifndef WT_TESTS_PROBE_H
#define WT_TESTS_PROBE_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static inline double ms(uint64_t ns)
{
	return ns / 1e6;
}

static inline int setup_error(const char *what, const char *path)
{
	printf("FAIL: set-up: %s %s: %s\n", what, path, strerror(errno));
	return 2;
}

#endif
