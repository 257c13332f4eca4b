// SPDX-License-Identifier: GPL-2.0
/* Write styles, offsets and data of the shared write workload. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>

#include "wt/load.h"
#include "wt/rwf.h"

const char *const load_mode_names[LM_NR] = {
	"wt", "wtdsync", "buffered", "fdatasync", "dsync", "direct", "directdsync",
	"dontcache", "mmap",
};
const char *const load_pattern_names[LP_NR] = { "seq", "rand", "same", "shuffle" };
const char *const load_engine_names[LE_NR] = { "sync", "aio", "io_uring" };

int load_lookup(const char *name, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(name, names[i]))
			return i;
	return -1;
}

int load_open_flags(const struct load_cfg *c)
{
	int fl = (c->mode == LM_MMAP ? O_RDWR : O_WRONLY) | O_CREAT;

	if (c->mode == LM_DSYNC || c->mode == LM_DIRECTDSYNC)
		fl |= O_DSYNC;
	if (c->mode == LM_DIRECT || c->mode == LM_DIRECTDSYNC)
		fl |= O_DIRECT;
	return fl;
}

int load_rw_flags(const struct load_cfg *c)
{
	switch (c->mode) {
	case LM_WT:
		return RWF_WRITETHROUGH;
	case LM_WTDSYNC:
		return RWF_WRITETHROUGH | RWF_DSYNC;
	case LM_DONTCACHE:
		return RWF_DONTCACHE;
	default:
		return 0;
	}
}

uint64_t load_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* splitmix64: offsets and data derive from (seed, write number). */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/*
 * A seeded bijection on [0, n): a 4-round Feistel network on the smallest
 * even number of bits that holds n, walked until it lands below n (fewer
 * than 4 steps on average: the domain is under 4n).
 */
static uint64_t permute(uint64_t x, uint64_t n, uint64_t key)
{
	unsigned int bits = 2, half, round;
	uint64_t mask, l, r, t;

	while (bits < 64 && (n - 1) >> bits)
		bits += 2;
	half = bits / 2;
	mask = (1ull << half) - 1;
	do {
		l = x >> half;
		r = x & mask;
		for (round = 0; round < 4; round++) {
			t = l ^ (mix(key ^ ((uint64_t)round << 56) ^ r) & mask);
			l = r;
			r = t;
		}
		x = (l << half) | r;
	} while (x >= n);
	return x;
}

uint64_t load_offset(const struct load_cfg *c, uint64_t i)
{
	switch (c->pattern) {
	case LP_SEQ:
		return c->offset + i * c->size;
	case LP_SAME:
		return c->offset;
	case LP_SHUFFLE: {
		uint64_t slots = c->span / c->size, pass = i / slots;

		return c->offset + permute(i % slots, slots, mix(c->seed ^ mix(pass))) * c->size;
	}
	case LP_RAND:
	default: {
		uint64_t slots = c->span / c->size;

		return c->offset + (mix(c->seed ^ (i << 20)) % slots) * c->size;
	}
	}
}

void load_fill(const struct load_cfg *c, unsigned char *buf, uint64_t i)
{
	uint64_t x = mix(c->seed + i), k;

	if (c->fill >= 0) {
		memset(buf, c->fill, c->size);
		return;
	}
	for (k = 0; k < c->size; k++) {
		if (!(k & 7))
			x = mix(x);
		buf[k] = (unsigned char)(x >> ((k & 7) * 8));
	}
}
