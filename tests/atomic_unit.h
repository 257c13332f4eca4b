/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The on-disk format of the atomic write tests (wtatomic, wtatomic_race):
 * a unit is the length of one atomic write, and every 512-byte sector of it
 * says which unit it belongs to, which generation (write) put it there and
 * where in the unit it sits, so that a unit read back from the file or the
 * device is either of one generation or visibly torn.
 */
#ifndef WT_TESTS_ATOMIC_UNIT_H
#define WT_TESTS_ATOMIC_UNIT_H

#include <stddef.h>
#include <stdint.h>

#define SECTOR 512
#define MAGIC 0x7774617461746f6dull	/* "wtatatom" */

/* unit @u of generation @gen: every sector says so */
static inline void fill_unit(unsigned char *buf, size_t unit, uint64_t u, uint64_t gen)
{
	size_t s;

	for (s = 0; s < unit / SECTOR; s++) {
		uint64_t *w = (uint64_t *)(buf + s * SECTOR);
		size_t i;

		w[0] = MAGIC;
		w[1] = u;
		w[2] = gen;
		w[3] = s;
		for (i = 4; i < SECTOR / 8; i++)
			w[i] = gen * 0x9e3779b97f4a7c15ull + i;
	}
}

/* the generation of every sector of a unit, or -1 if they differ; 0: never written */
static inline int64_t unit_gen(const unsigned char *buf, size_t unit, uint64_t u)
{
	int64_t gen = -2;
	size_t s;

	for (s = 0; s < unit / SECTOR; s++) {
		const uint64_t *w = (const uint64_t *)(buf + s * SECTOR);
		int64_t g;
		size_t i;

		if (w[0] == 0) {
			for (i = 0; i < SECTOR / 8 && !w[i]; i++)
				;
			g = i == SECTOR / 8 ? 0 : -1;
		} else if (w[0] != MAGIC || w[1] != u || w[3] != s) {
			g = -1;
		} else {
			g = (int64_t)w[2];
		}
		if (g < 0 || (gen != -2 && g != gen))
			return -1;
		gen = g;
	}
	return gen;
}

#endif
