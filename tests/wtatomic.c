// SPDX-License-Identifier: GPL-2.0
/*
 * wtatomic: buffered atomic write-through (RWF_ATOMIC | RWF_WRITETHROUGH)
 * probes for the VM tests.  Each command prints "ok: ..." or "FAIL: ..."
 * lines and exits 0 (pass), 1 (fail) or 2 (set-up error).
 *
 *   wtatomic limits FILE
 *	Print the atomic write limits statx() reports for FILE (created if
 *	need be).
 *   wtatomic errors FILE
 *	The error table on a file system that supports atomic writes: without
 *	RWF_WRITETHROUGH (EOPNOTSUPP), a length that is not a power of two,
 *	below the minimum or over the maximum, a misaligned offset, two iovecs
 *	(EINVAL), with RWF_DONTCACHE (EINVAL); a source buffer that faults
 *	part way (EFAULT, nothing of the write in the file, cached or on
 *	disk).  Each failed write must leave the file as it was.
 *   wtatomic nosupport FILE
 *	On a file system without atomic write support: EOPNOTSUPP.
 *   wtatomic write [-d] [-a] [-p] FILE UNIT N
 *	N atomic write-through writes of UNIT bytes (-d: with RWF_DSYNC; -a:
 *	by aio) to the units of FILE in a seeded order, extending it (-p:
 *	into the N units fallocated first, not truncated: overwrites of
 *	unwritten extents); every unit reads back whole, cached and with
 *	O_DIRECT.
 *   wtatomic loop FILE UNIT NUNITS SEED
 *	For the power-cut loop: forever, write a unit (the first half of the
 *	units are overwrites of written blocks, the rest of the file is fresh
 *	each boot) with a new generation, RWF_DSYNC every 4th write; print
 *	"acked GEN UNIT" after each.  Each 512-byte sector of a unit carries
 *	its unit, generation and index.
 *   wtatomic check FILE UNIT
 *	After the power cut: every unit is entirely of one generation (or
 *	never written); prints "units N torn T".  Exit 1 if T > 0.
 *   wtatomic tear FILE UNIT U
 *	The control: overwrite the first half of unit U with O_DIRECT as a
 *	new generation, tearing it on purpose, so that check must fail.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "aio.h"
#include "atomic_unit.h"
#include "probe.h"
#include "statx_atomic.h"
#include "wt/parse.h"
#include "wt/rwf.h"

#ifndef RWF_DONTCACHE
#define RWF_DONTCACHE 0x00000080
#endif

static int usage(void)
{
	fprintf(stderr, "usage: wtatomic limits FILE | errors FILE | nosupport FILE |"
		" write [-d] [-a] [-p] FILE UNIT N | loop FILE UNIT NUNITS SEED | check FILE UNIT |"
		" tear FILE UNIT U (see tests/wtatomic.c)\n");
	return 2;
}

static ssize_t pw(int fd, void *buf, size_t len, off_t off, int flags)
{
	struct iovec iov = { buf, len };

	return pwritev2(fd, &iov, 1, off, flags);
}

/* a write that must fail with @err and leave the file unchanged */
static int expect(int fd, const char *what, void *buf, size_t len, off_t off, int flags,
		  int err, const unsigned char *before, size_t flen)
{
	unsigned char *now = malloc(flen);
	ssize_t r;
	int bad = 0;

	if (!now)
		return setup_error("malloc", what);
	errno = 0;
	r = pw(fd, buf, len, off, flags);
	if (r != -1 || errno != err) {
		printf("FAIL: %s: returned %zd, errno %d (%s); want %s\n", what, r, errno,
		       strerror(errno), strerror(err));
		bad = 1;
	} else if (pread(fd, now, flen, 0) != (ssize_t)flen || memcmp(now, before, flen)) {
		printf("FAIL: %s: failed with %s but changed the file\n", what, strerror(err));
		bad = 1;
	} else {
		printf("ok: %s: %s, file unchanged\n", what, strerror(err));
	}
	free(now);
	return bad;
}

static int cmd_limits(int argc, char **argv)
{
	struct wt_atomic_limits l;

	int fd;

	if (argc != 2)
		return usage();
	fd = open(argv[1], O_RDWR | O_CREAT, 0644);
	if (fd < 0 || wt_atomic_limits(argv[1], &l))
		return setup_error("open/statx", argv[1]);
	close(fd);
	printf("atomic write unit min %u max %u max_opt %u\n", l.min, l.max, l.opt);
	return 0;
}

static int cmd_errors(int argc, char **argv)
{
	const int wt = RWF_WRITETHROUGH | RWF_ATOMIC;
	unsigned char *buf, *before, *map;
	size_t flen, pg = sysconf(_SC_PAGESIZE);
	struct iovec iov[2];
	struct wt_atomic_limits l;
	int fd, bad = 0;
	ssize_t r;

	if (argc != 2)
		return usage();
	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || wt_atomic_limits(argv[1], &l))
		return setup_error("open/statx", argv[1]);
	if (!l.min || !l.max) {
		printf("FAIL: statx reports no atomic write limits on %s (min %u max %u)\n",
		       argv[1], l.min, l.max);
		return 1;
	}
	flen = 4 * (size_t)l.max;
	buf = malloc(2 * (size_t)l.max);
	before = malloc(flen);
	if (!buf || !before)
		return setup_error("malloc", argv[1]);
	memset(before, 'O', flen);
	if (pwrite(fd, before, flen, 0) != (ssize_t)flen || fsync(fd))
		return setup_error("prefill", argv[1]);
	memset(buf, 'N', 2 * (size_t)l.max);
	printf("limits: min %u max %u max_opt %u\n", l.min, l.max, l.opt);

	bad |= expect(fd, "RWF_ATOMIC without RWF_WRITETHROUGH", buf, l.min, 0, RWF_ATOMIC,
		      EOPNOTSUPP, before, flen);
	if (l.max >= 4 * l.min)
		bad |= expect(fd, "length 3 x min (not a power of two)", buf, 3 * l.min, 0, wt,
			      EINVAL, before, flen);
	if (l.min > SECTOR)
		bad |= expect(fd, "length under the minimum", buf, l.min / 2, 0, wt, EINVAL,
			      before, flen);
	bad |= expect(fd, "length over the maximum", buf, 2 * (size_t)l.max, 0, wt, EINVAL,
		      before, flen);
	if (l.max > l.min)
		bad |= expect(fd, "offset not aligned to the length", buf, 2 * l.min, l.min, wt,
			      EINVAL, before, flen);
	bad |= expect(fd, "offset not aligned to the minimum", buf, l.min, l.min / 2, wt,
		      EINVAL, before, flen);
	bad |= expect(fd, "with RWF_DONTCACHE", buf, l.min, 0, wt | RWF_DONTCACHE, EINVAL,
		      before, flen);

	/* two iovecs: not a single user buffer */
	iov[0] = (struct iovec){ buf, l.min / 2 };
	iov[1] = (struct iovec){ buf + l.min / 2, l.min / 2 };
	errno = 0;
	r = pwritev2(fd, iov, 2, 0, wt);
	if (r != -1 || errno != EINVAL) {
		printf("FAIL: two iovecs: returned %zd, errno %d; want EINVAL\n", r, errno);
		bad = 1;
	} else {
		printf("ok: two iovecs: EINVAL\n");
	}

	/* a source that faults after its first page: nothing may be written */
	if (l.max >= 2 * pg) {
		size_t len = l.max;

		map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (map == MAP_FAILED)
			return setup_error("mmap", argv[1]);
		memset(map, 'F', len);
		if (munmap(map + pg, len - pg))
			return setup_error("munmap", argv[1]);
		bad |= expect(fd, "source faults after its first page", map, len, 0, wt, EFAULT,
			      before, flen);
		munmap(map, pg);
		/* and not on the disk either */
		close(fd);
		fd = open(argv[1], O_RDONLY | O_DIRECT);
		if (fd < 0 || posix_memalign((void **)&map, 4096, flen) ||
		    pread(fd, map, flen, 0) != (ssize_t)flen)
			return setup_error("O_DIRECT read", argv[1]);
		if (memcmp(map, before, flen)) {
			printf("FAIL: a faulting atomic write reached the disk\n");
			bad = 1;
		} else {
			printf("ok: the faulting atomic write sent nothing to the disk\n");
		}
		free(map);
	}
	close(fd);
	free(buf);
	free(before);
	return bad;
}

static int cmd_nosupport(int argc, char **argv)
{
	unsigned char buf[4096];
	ssize_t r;
	int fd;

	if (argc != 2)
		return usage();
	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return setup_error("open", argv[1]);
	memset(buf, 'N', sizeof(buf));
	errno = 0;
	r = pw(fd, buf, sizeof(buf), 0, RWF_WRITETHROUGH | RWF_ATOMIC);
	close(fd);
	if (r != -1 || errno != EOPNOTSUPP) {
		printf("FAIL: atomic write-through without file system support: returned %zd, "
		       "errno %d (%s); want EOPNOTSUPP\n", r, errno, strerror(errno));
		return 1;
	}
	printf("ok: atomic write-through without file system support: EOPNOTSUPP\n");
	return 0;
}

static int read_units(const char *path, size_t unit, unsigned char **out, size_t *n)
{
	struct stat st;
	unsigned char *buf;
	int fd = open(path, O_RDONLY | O_DIRECT);

	if (fd < 0 || fstat(fd, &st))
		return -1;
	*n = st.st_size / unit;
	if (posix_memalign((void **)&buf, 4096, *n * unit + 1) ||
	    pread(fd, buf, *n * unit, 0) != (ssize_t)(*n * unit)) {
		close(fd);
		return -1;
	}
	close(fd);
	*out = buf;
	return 0;
}

static int cmd_write(int argc, char **argv)
{
	uint64_t unit, n, i;
	unsigned char *buf, *back;
	int flags = RWF_WRITETHROUGH | RWF_ATOMIC, use_aio = 0, prealloc = 0, fd, bad = 0;
	aio_context_t ctx = 0;
	size_t got;

	for (; argc > 1 && argv[1][0] == '-'; argc--, argv++) {
		if (!strcmp(argv[1], "-d"))
			flags |= RWF_DSYNC;
		else if (!strcmp(argv[1], "-a"))
			use_aio = 1;
		else if (!strcmp(argv[1], "-p"))
			prealloc = 1;
		else
			return usage();
	}
	if (argc != 4 || wt_parse_uint(argv[2], SECTOR, 1 << 30, &unit) ||
	    wt_parse_uint(argv[3], 1, 1 << 20, &n) || unit % SECTOR)
		return usage();
	fd = open(argv[1], O_RDWR | O_CREAT | (prealloc ? 0 : O_TRUNC), 0644);
	if (fd < 0 || posix_memalign((void **)&buf, 4096, unit))
		return setup_error("open", argv[1]);
	if (prealloc && fallocate(fd, 0, 0, (off_t)(unit * n)))
		return setup_error("fallocate", argv[1]);
	if (use_aio && aio_setup(4, &ctx))
		return setup_error("io_setup", argv[1]);
	for (i = 0; i < n; i++) {
		uint64_t u = (i * 7 + 3) % n;	/* a fixed order, not sequential */
		long long res;

		fill_unit(buf, unit, u, i + 1);
		if (use_aio) {
			struct iocb cb, *cbs[1] = { &cb };
			struct io_event ev;

			aio_prep_write(&cb, fd, buf, unit, u * unit, flags, 1);
			if (aio_submit(ctx, 1, cbs) != 1 || aio_getevents(ctx, 1, 1, &ev, NULL) != 1)
				return setup_error("aio", argv[1]);
			res = ev.res;
		} else {
			res = pw(fd, buf, unit, u * unit, flags);
			if (res < 0)
				res = -errno;
		}
		if (res != (long long)unit) {
			printf("FAIL: atomic write-through %" PRIu64 " of %" PRIu64 " bytes at %" PRIu64
			       " returned %lld\n", i, unit, u * unit, res);
			return 1;
		}
	}
	if (use_aio)
		aio_destroy(ctx);
	close(fd);
	if (read_units(argv[1], unit, &back, &got) || got != n)
		return setup_error("read back", argv[1]);
	for (i = 0; i < n; i++) {
		int64_t g = unit_gen(back + i * unit, unit, i);

		if (g <= 0) {
			printf("FAIL: unit %" PRIu64 " of %" PRIu64 " bytes reads back torn or empty "
			       "with O_DIRECT\n", i, unit);
			bad = 1;
			break;
		}
	}
	if (!bad)
		printf("ok: %" PRIu64 " atomic write-through%s%s writes of %" PRIu64 " bytes, all "
		       "whole on disk\n", n, flags & RWF_DSYNC ? "+dsync" : "",
		       use_aio ? " (aio)" : "", unit);
	free(back);
	free(buf);
	return bad;
}

static int cmd_loop(int argc, char **argv)
{
	uint64_t unit, nunits, seed, gen, x;
	unsigned char *buf;
	int fd;

	if (argc != 5 || wt_parse_uint(argv[2], SECTOR, 1 << 30, &unit) ||
	    wt_parse_uint(argv[3], 2, 1 << 20, &nunits) || wt_parse_uint(argv[4], 0, UINT32_MAX,
									  &seed))
		return usage();
	fd = open(argv[1], O_RDWR | O_CREAT, 0644);
	if (fd < 0 || posix_memalign((void **)&buf, 4096, unit))
		return setup_error("open", argv[1]);
	/* the fresh half: cut back to the written half, so its blocks are new */
	if (ftruncate(fd, nunits / 2 * unit) || fsync(fd))
		return setup_error("ftruncate", argv[1]);
	x = seed * 2654435761u + 1;
	for (gen = seed << 32 | 1;; gen++) {
		uint64_t u;
		int flags = RWF_WRITETHROUGH | RWF_ATOMIC | (gen % 4 ? 0 : RWF_DSYNC);

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		u = x % nunits;
		fill_unit(buf, unit, u, gen);
		if (pw(fd, buf, unit, u * unit, flags) != (ssize_t)unit) {
			printf("FAIL: atomic write-through of unit %" PRIu64 ": %s\n", u,
			       strerror(errno));
			return 1;
		}
		printf("acked %" PRIu64 " %" PRIu64 "\n", gen, u);
	}
}

static int cmd_check(int argc, char **argv)
{
	uint64_t unit, i, torn = 0, written = 0;
	unsigned char *buf;
	size_t n;

	if (argc != 3 || wt_parse_uint(argv[2], SECTOR, 1 << 30, &unit))
		return usage();
	if (read_units(argv[1], unit, &buf, &n))
		return setup_error("O_DIRECT read", argv[1]);
	for (i = 0; i < n; i++) {
		int64_t g = unit_gen(buf + i * unit, unit, i);

		if (g < 0) {
			if (torn < 5)
				printf("FAIL: unit %" PRIu64 " (%" PRIu64 " bytes at %" PRIu64
				       ") is torn\n", i, unit, i * unit);
			torn++;
		} else if (g > 0) {
			written++;
		}
	}
	printf("units %zu written %" PRIu64 " torn %" PRIu64 "\n", n, written, torn);
	free(buf);
	return torn ? 1 : 0;
}

static int cmd_tear(int argc, char **argv)
{
	uint64_t unit, u;
	unsigned char *buf;
	int fd;

	if (argc != 4 || wt_parse_uint(argv[2], 2 * SECTOR, 1 << 30, &unit) ||
	    wt_parse_uint(argv[3], 0, UINT64_MAX, &u))
		return usage();
	fd = open(argv[1], O_WRONLY | O_DIRECT);
	if (fd < 0 || posix_memalign((void **)&buf, 4096, unit))
		return setup_error("open O_DIRECT", argv[1]);
	fill_unit(buf, unit, u, 0xdeadull << 32);
	if (pwrite(fd, buf, unit / 2, u * unit) != (ssize_t)(unit / 2) || fsync(fd))
		return setup_error("tear", argv[1]);
	close(fd);
	printf("ok: tore unit %" PRIu64 " on purpose (first half rewritten)\n", u);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "limits"))
		return cmd_limits(argc - 1, argv + 1);
	if (!strcmp(argv[1], "errors"))
		return cmd_errors(argc - 1, argv + 1);
	if (!strcmp(argv[1], "nosupport"))
		return cmd_nosupport(argc - 1, argv + 1);
	if (!strcmp(argv[1], "write"))
		return cmd_write(argc - 1, argv + 1);
	if (!strcmp(argv[1], "loop"))
		return cmd_loop(argc - 1, argv + 1);
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(argv[1], "tear"))
		return cmd_tear(argc - 1, argv + 1);
	return usage();
}
