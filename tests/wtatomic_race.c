// SPDX-License-Identifier: GPL-2.0
/*
 * wtatomic_race: concurrent writers against buffered atomic write-through.
 *
 *   wtatomic_race DEVICE FILE UNIT ROUNDS
 *
 * FILE (on DEVICE) gets 4 units of UNIT bytes, written once atomically.
 * Then, ROUNDS times, one unit is rewritten by an atomic write-through
 * write (a new generation) while two other threads keep
 * writing into the middle of that unit: one with buffered pwrite() of its
 * second page, one with stores through a shared mapping into its third
 * page.  Their data is tagged as another generation.
 *
 * Once the atomic write has returned, the unit is read from DEVICE at the
 * blocks FIEMAP reports (without syncing the file), so that what is seen is
 * what the atomic write put on the disk and nothing written back since:
 * periodic writeback must be off (vm.dirty_writeback_centisecs=0), and the
 * racers' data only sits dirty in the page cache after the atomic write.
 * Not RWF_DSYNC: its sync of the range would write back, before the write
 * returns, what a racer wrote after the I/O was done (a legitimate order,
 * but one this check could not tell from a racer inside the I/O).
 * The unit must be entirely of the atomic write's generation.  A racer's
 * sector in it means that a concurrent write reached the folios between
 * the atomic write's copy and the end of its I/O.
 *
 * Prints "ok: ..." or "FAIL: ..." and exits 0, 1, or 2 on a set-up error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/fiemap.h>
#include <linux/fs.h>

#include "atomic_unit.h"
#include "probe.h"
#include "wt/parse.h"
#include "statx_atomic.h"
#include "wt/rwf.h"

#define NUNITS 4
#define PAGE 4096
#define RACE_GEN 0x7261636500000000ull	/* "race": never an atomic write's */

struct racer {
	pthread_t thread;
	int fd;			/* buffered racer: its descriptor */
	unsigned char *dst;	/* mmap racer: where in the mapping */
	off_t off;		/* buffered racer: where in the file */
	const unsigned char *data;
	atomic_int *stop;
	atomic_ulong ops;
	int err;
};

static void *race_pwrite(void *arg)
{
	struct racer *r = arg;

	while (!atomic_load(r->stop)) {
		if (pwrite(r->fd, r->data, PAGE, r->off) != PAGE) {
			r->err = errno ? errno : EIO;
			break;
		}
		atomic_fetch_add(&r->ops, 1);
	}
	return NULL;
}

static void *race_mmap(void *arg)
{
	struct racer *r = arg;

	while (!atomic_load(r->stop)) {
		memcpy(r->dst, r->data, PAGE);
		atomic_fetch_add(&r->ops, 1);
	}
	return NULL;
}

/* where the last read_from_device() read from, for a failure message */
static char last_map[512];

/* read [@off, @off + @len) of @fd from the device, as FIEMAP maps it now */
static int read_from_device(int fd, int dfd, off_t off, size_t len, unsigned char *out,
			    const char *path)
{
	struct {
		struct fiemap fm;
		struct fiemap_extent ext[16];
	} f;
	size_t done = 0;
	unsigned int k;

	last_map[0] = 0;

	memset(&f, 0, sizeof(f));
	f.fm.fm_start = off;
	f.fm.fm_length = len;
	f.fm.fm_flags = 0;		/* no sync: the racers' data stays in the cache */
	f.fm.fm_extent_count = 16;
	if (ioctl(fd, FS_IOC_FIEMAP, &f.fm))
		return setup_error("FIEMAP", path);
	for (k = 0; k < f.fm.fm_mapped_extents && done < len; k++) {
		const struct fiemap_extent *e = &f.ext[k];
		uint64_t from = off + done, end = e->fe_logical + e->fe_length;
		size_t n;

		if (from < e->fe_logical || from >= end ||
		    (e->fe_flags & (FIEMAP_EXTENT_DELALLOC | FIEMAP_EXTENT_UNKNOWN |
				    FIEMAP_EXTENT_UNWRITTEN))) {
			fprintf(stderr, "wtatomic_race: %s: bytes %" PRIu64 " on are not mapped to "
				"written blocks (extent flags 0x%x)\n", path, from, e->fe_flags);
			return 2;
		}
		n = end - from < len - done ? end - from : len - done;
		snprintf(last_map + strlen(last_map), sizeof(last_map) - strlen(last_map),
			 " [file %" PRIu64 " disk %" PRIu64 " len %zu flags 0x%x]", from,
			 (uint64_t)(e->fe_physical + (from - e->fe_logical)), n, e->fe_flags);
		if (pread(dfd, out + done, n, e->fe_physical + (from - e->fe_logical)) !=
		    (ssize_t)n)
			return setup_error("read the device", path);
		done += n;
	}
	if (done != len) {
		fprintf(stderr, "wtatomic_race: %s: FIEMAP mapped %zu of %zu bytes\n", path, done,
			len);
		return 2;
	}
	return 0;
}

/* which generations are in the unit, for the failure message */
static void describe(const unsigned char *buf, size_t unit, uint64_t u, uint64_t want)
{
	size_t s, race[2] = { 0, 0 }, other = 0, good = 0, first = unit;

	for (s = 0; s < unit / SECTOR; s++) {
		const uint64_t *w = (const uint64_t *)(buf + s * SECTOR);

		if (w[0] == MAGIC && w[1] == u && w[2] == want && w[3] == s)
			continue;
		if (first == unit)
			first = s * SECTOR;
		if (w[0] == MAGIC && (w[2] & ~0xffffffffull) == RACE_GEN)
			race[w[2] & 1]++;
		else
			other++;
	}
	good = unit / SECTOR - race[0] - race[1] - other;
	printf("       sectors: %zu of the atomic write, %zu of the pwrite racer, %zu of the "
	       "mmap racer, %zu other; first wrong byte at %zu\n", good, race[0], race[1], other,
	       first);
}

int main(int argc, char **argv)
{
	uint64_t unit, rounds, r, gen = 1;
	unsigned char *buf, *back, *map, *rdata[2];
	struct racer rc[2];
	atomic_int stop;
	unsigned long ops[2] = { 0, 0 };
	int fd, rfd, dfd, i, bad = 0;
	const char *path;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 5 || wt_parse_uint(argv[3], 3 * PAGE, 1 << 24, &unit) || unit % PAGE ||
	    wt_parse_uint(argv[4], 1, 1 << 20, &rounds)) {
		fprintf(stderr, "usage: wtatomic_race DEVICE FILE UNIT ROUNDS (UNIT: 12 KiB or "
			"more, a multiple of 4 KiB)\n");
		return 2;
	}
	path = argv[2];
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	rfd = open(path, O_RDWR);
	dfd = open(argv[1], O_RDONLY | O_DIRECT);
	if (fd < 0 || rfd < 0 || dfd < 0)
		return setup_error("open", fd < 0 || rfd < 0 ? path : argv[1]);
	if (posix_memalign((void **)&buf, PAGE, unit) || posix_memalign((void **)&back, PAGE, unit) ||
	    !(rdata[0] = malloc(unit)) || !(rdata[1] = malloc(unit)))
		return setup_error("malloc", path);
	for (i = 0; i < NUNITS; i++) {
		fill_unit(buf, unit, i, gen);
		if (pwritev2(fd, &(struct iovec){ buf, unit }, 1, i * unit,
			     RWF_WRITETHROUGH | RWF_ATOMIC | RWF_DSYNC) != (ssize_t)unit)
			return setup_error("first atomic write", path);
	}
	map = mmap(NULL, NUNITS * unit, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return setup_error("mmap", path);

	for (r = 0; r < rounds && !bad; r++) {
		uint64_t u = r % NUNITS;
		ssize_t ret;
		int64_t g;

		gen++;
		/* the racers' pages: unit u's sectors, but of a racer's generation */
		fill_unit(rdata[0], unit, u, RACE_GEN | (2 * r));
		fill_unit(rdata[1], unit, u, RACE_GEN | (2 * r + 1));
		atomic_store(&stop, 0);
		for (i = 0; i < 2; i++) {
			memset(&rc[i], 0, sizeof(rc[i]));
			rc[i].fd = rfd;
			rc[i].off = u * unit + (i + 1) * PAGE;
			rc[i].dst = map + u * unit + (i + 1) * PAGE;
			rc[i].data = rdata[i] + (i + 1) * PAGE;
			rc[i].stop = &stop;
			if (pthread_create(&rc[i].thread, NULL, i ? race_mmap : race_pwrite, &rc[i]))
				return setup_error("pthread_create", path);
		}
		/* both racers running before the atomic write starts */
		while (!atomic_load(&rc[0].ops) || !atomic_load(&rc[1].ops))
			sched_yield();
		fill_unit(buf, unit, u, gen);
		ret = pwritev2(fd, &(struct iovec){ buf, unit }, 1, u * unit,
			       RWF_WRITETHROUGH | RWF_ATOMIC);
		atomic_store(&stop, 1);
		for (i = 0; i < 2; i++) {
			pthread_join(rc[i].thread, NULL);
			ops[i] += atomic_load(&rc[i].ops);
		}
		if (ret != (ssize_t)unit) {
			printf("FAIL: round %" PRIu64 ": atomic write-through of unit %" PRIu64
			       " returned %zd (%s)\n", r, u, ret, ret < 0 ? strerror(errno) : "short");
			return 1;
		}
		if (rc[0].err) {
			fprintf(stderr, "wtatomic_race: racing pwrite: %s\n", strerror(rc[0].err));
			return 2;
		}
		i = read_from_device(fd, dfd, u * unit, unit, back, path);
		if (i)
			return i;
		g = unit_gen(back, unit, u);
		if (g != (int64_t)gen) {
			printf("FAIL: round %" PRIu64 ": unit %" PRIu64 " on the device after its "
			       "atomic write (generation %" PRIu64 ") reads as %s\n", r, u, gen,
			       g < 0 ? "a mix" : "another generation");
			describe(back, unit, u, gen);
			printf("       read from:%s\n", last_map);
			bad = 1;
		}
	}
	if (!bad)
		printf("ok: %" PRIu64 " atomic write-through writes of %" PRIu64 " bytes, each "
		       "whole on the device, against %lu racing buffered writes and %lu racing "
		       "mmap stores into them\n", rounds, unit, ops[0], ops[1]);
	munmap(map, NUNITS * unit);
	close(dfd);
	close(rfd);
	close(fd);
	return bad;
}
