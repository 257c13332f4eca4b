// SPDX-License-Identifier: GPL-2.0
/*
 * wtfsx: randomized file-integrity exerciser for RWF_WRITETHROUGH.
 *
 * Keeps a shadow copy of the file in memory and applies a random mix of
 * write-through writes, buffered writes, buffered / O_DIRECT / mmap reads,
 * mmap writes, truncates, hole punches, zero ranges, fsyncs and page-cache
 * drops, checking every read against the shadow.  aio_wt splits its range
 * into up to 8 disjoint pieces and has them all in flight at once as aio
 * write-through writes (some with RWF_DSYNC), then reaps them.  atomic_wt is
 * an RWF_ATOMIC write-through write of a power-of-two unit within the
 * limits statx reports, naturally aligned (some with RWF_DSYNC, some by
 * aio); it must write all of it (not run where the file system has no
 * atomic writes, counted 0).  The same seed gives the
 * same sequence.  On a miscompare it prints the tail of the operation log
 * and the first bad offset, and exits 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "aio.h"
#include "statx_atomic.h"
#include "wt/rwf.h"
#include "wt/parse.h"

#ifndef FALLOC_FL_KEEP_SIZE
#define FALLOC_FL_KEEP_SIZE 0x01
#endif
#ifndef FALLOC_FL_PUNCH_HOLE
#define FALLOC_FL_PUNCH_HOLE 0x02
#endif
#ifndef FALLOC_FL_ZERO_RANGE
#define FALLOC_FL_ZERO_RANGE 0x10
#endif

enum op {
	OP_WT_WRITE, OP_WRITE, OP_READ, OP_DIO_READ, OP_MMAP_READ, OP_MMAP_WRITE,
	OP_TRUNCATE, OP_PUNCH, OP_ZERO, OP_FSYNC, OP_DROP, OP_AIO_WT, OP_ATOMIC_WT, OP_NR
};
static const char *const op_names[OP_NR] = {
	"wt_write", "write", "read", "dio_read", "mmap_read", "mmap_write",
	"truncate", "punch", "zero", "fsync", "drop", "aio_wt", "atomic_wt",
};
/* relative frequency of each operation */
static unsigned int op_weight[OP_NR] = { 24, 10, 10, 8, 6, 6, 6, 4, 4, 3, 3, 12, 8 };

struct logent {
	uint64_t n;
	enum op op;
	uint64_t off, len, size_before;
};

#define LOG_SIZE 64
static struct logent oplog[LOG_SIZE];
static uint64_t nops = 100000, seed = 1, maxsize = 256 * 1024, maxlen = 64 * 1024;
static uint64_t counts[OP_NR];
static unsigned char *shadow, *buf, *rbuf;
static uint64_t fsize;
static int fd, dfd, quiet;
static const char *path;
static uint64_t rng_state;
static long pagesize;

static uint64_t rnd(void)
{
	uint64_t x = (rng_state += 0x9e3779b97f4a7c15ull);

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static uint64_t rnd_range(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static void dump_log(void)
{
	uint64_t first = nops, i;

	for (i = 0; i < LOG_SIZE; i++)
		if (oplog[i].n && oplog[i].n < first)
			first = oplog[i].n;
	fprintf(stderr, "wtfsx: last operations (seed %" PRIu64 "):\n", seed);
	for (i = 0; i < LOG_SIZE; i++) {
		struct logent *e = &oplog[(first + i) % LOG_SIZE];

		if (!e->n)
			continue;
		fprintf(stderr, "  %8" PRIu64 " %-10s off 0x%06" PRIx64 " len 0x%05" PRIx64
			" size 0x%06" PRIx64 "\n", e->n, op_names[e->op], e->off, e->len,
			e->size_before);
	}
}

static void die(const char *what)
{
	fprintf(stderr, "wtfsx: %s: %s\n", what, strerror(errno));
	dump_log();
	exit(1);
}

static void check(const char *how, uint64_t off, const unsigned char *got, uint64_t len)
{
	uint64_t i;

	for (i = 0; i < len; i++) {
		if (got[i] != shadow[off + i]) {
			fprintf(stderr, "wtfsx: MISCOMPARE in %s at offset 0x%" PRIx64
				" (read 0x%" PRIx64 "+0x%" PRIx64 ", file size 0x%" PRIx64
				"): got 0x%02x, expected 0x%02x\n", how, off + i, off, len,
				fsize, got[i], shadow[off + i]);
			dump_log();
			exit(1);
		}
	}
}

static void gen_data(uint64_t n, uint64_t len)
{
	uint64_t i, x = n * 0x100000001b3ull;

	for (i = 0; i < len; i++) {
		if (!(i & 7))
			x = x * 6364136223846793005ull + 1442695040888963407ull;
		buf[i] = (unsigned char)(x >> (56 - (i & 7) * 8));
		if (!buf[i])
			buf[i] = 1;	/* never zero: zeroes come only from holes */
	}
}

static void do_write(uint64_t n, uint64_t off, uint64_t len, int wt)
{
	struct iovec iov = { buf, len };
	ssize_t r;

	gen_data(n, len);
	r = pwritev2(fd, &iov, 1, (off_t)off, wt ? RWF_WRITETHROUGH : 0);
	if (r < 0)
		die(wt ? "pwritev2(RWF_WRITETHROUGH)" : "pwritev2");
	if ((uint64_t)r != len) {
		fprintf(stderr, "wtfsx: short write %zd of %" PRIu64 "\n", r, len);
		dump_log();
		exit(1);
	}
	memcpy(shadow + off, buf, len);
	if (off + len > fsize)
		fsize = off + len;
}

/*
 * Up to 8 aio write-through writes to disjoint pieces of [off, off + len),
 * all in flight together, then reaped: each must complete whole.
 */
static aio_context_t aio_ctx;
static struct wt_atomic_limits awu;

static void do_aio_write(uint64_t n, uint64_t off, uint64_t len)
{
	struct iocb cbs[8], *p[8];
	struct io_event ev[8];
	uint64_t poff[8], plen[8], pos = off, end = off + len;
	unsigned int k = 1 + rnd_range(8), i, got = 0;
	int flags = RWF_WRITETHROUGH | (rnd_range(4) ? 0 : RWF_DSYNC);

	gen_data(n, len);
	for (i = 0; i < k && pos < end; i++) {
		uint64_t left = end - pos, l = 1 + rnd_range(left / (k - i) ? left / (k - i) : 1);

		/* a gap before the piece now and then: the pieces stay disjoint */
		if (rnd_range(3) == 0 && l > 1) {
			pos += l / 2;
			l -= l / 2;
		}
		poff[i] = pos;
		plen[i] = l;
		aio_prep_write(&cbs[i], fd, buf + (pos - off), l, pos, flags, i + 1);
		p[i] = &cbs[i];
		pos += l;
	}
	k = i;
	if (aio_submit(aio_ctx, k, p) != (int)k)
		die("io_submit(RWF_WRITETHROUGH)");
	while (got < k) {
		int r = aio_getevents(aio_ctx, 1, 8, ev, NULL);

		if (r < 0)
			die("io_getevents");
		for (i = 0; i < (unsigned int)r; i++) {
			unsigned int j = ev[i].data - 1;

			if (ev[i].res != (long long)plen[j]) {
				fprintf(stderr, "wtfsx: aio write-through of %" PRIu64 " at 0x%"
					PRIx64 " completed with %lld\n", plen[j], poff[j],
					(long long)ev[i].res);
				dump_log();
				exit(1);
			}
		}
		got += r;
	}
	for (i = 0; i < k; i++) {
		memcpy(shadow + poff[i], buf + (poff[i] - off), plen[i]);
		if (poff[i] + plen[i] > fsize)
			fsize = poff[i] + plen[i];
	}
}

static void do_read(uint64_t off, uint64_t len)
{
	ssize_t r = pread(fd, rbuf, len, (off_t)off);
	uint64_t want = off >= fsize ? 0 : (off + len > fsize ? fsize - off : len);

	if (r < 0)
		die("pread");
	if ((uint64_t)r != want) {
		fprintf(stderr, "wtfsx: read at 0x%" PRIx64 " returned %zd, expected %" PRIu64 "\n",
			off, r, want);
		dump_log();
		exit(1);
	}
	check("read", off, rbuf, r);
}

static void do_dio_read(uint64_t off, uint64_t len)
{
	uint64_t aoff = off & ~4095ull, alen = ((off + len + 4095) & ~4095ull) - aoff;
	uint64_t eofblk = (fsize + 4095) & ~4095ull, want;
	ssize_t r;

	/*
	 * Stay inside the EOF block: XFS fails an O_DIRECT read that runs into
	 * speculative delalloc preallocation past EOF with EIO ("Direct I/O
	 * collision"), on stock kernels too.  That is not what we test here.
	 */
	if (aoff >= eofblk)
		return;
	if (aoff + alen > eofblk)
		alen = eofblk - aoff;
	want = aoff + alen > fsize ? fsize - aoff : alen;
	r = pread(dfd, rbuf, alen, (off_t)aoff);

	if (r < 0)
		die("O_DIRECT pread");
	if ((uint64_t)r != want) {
		fprintf(stderr, "wtfsx: O_DIRECT read at 0x%" PRIx64 " returned %zd, expected %"
			PRIu64 "\n", aoff, r, want);
		dump_log();
		exit(1);
	}
	check("O_DIRECT read", aoff, rbuf, r);
}

static void do_mmap(uint64_t n, uint64_t off, uint64_t len, int write)
{
	uint64_t moff, mlen;
	unsigned char *p;

	if (!fsize)
		return;
	if (off >= fsize)
		off = rnd_range(fsize);
	if (off + len > fsize)
		len = fsize - off;
	moff = off & ~(uint64_t)(pagesize - 1);
	mlen = off + len - moff;
	p = mmap(NULL, mlen, write ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd,
		 (off_t)moff);
	if (p == MAP_FAILED)
		die("mmap");
	if (write) {
		gen_data(n, len);
		memcpy(p + (off - moff), buf, len);
		memcpy(shadow + off, buf, len);
		if (rnd_range(2) && msync(p, mlen, MS_SYNC))
			die("msync");
	} else {
		check("mmap read", off, p + (off - moff), len);
	}
	if (munmap(p, mlen))
		die("munmap");
}

static void do_truncate(uint64_t size)
{
	if (ftruncate(fd, (off_t)size))
		die("ftruncate");
	if (size > fsize)
		memset(shadow + fsize, 0, size - fsize);
	else
		memset(shadow + size, 0, fsize - size);
	fsize = size;
}

static void do_falloc(int mode, uint64_t off, uint64_t len)
{
	if (fallocate(fd, mode, (off_t)off, (off_t)len)) {
		if (errno == EOPNOTSUPP)
			return;
		die(mode & FALLOC_FL_PUNCH_HOLE ? "fallocate(PUNCH_HOLE)" : "fallocate(ZERO_RANGE)");
	}
	if (mode & FALLOC_FL_KEEP_SIZE) {
		if (off < fsize)
			memset(shadow + off, 0, (off + len > fsize ? fsize : off + len) - off);
	} else {
		memset(shadow + off, 0, len);
		if (off + len > fsize)
			fsize = off + len;
	}
}

static void drop_cache(void)
{
	if (fdatasync(fd))
		die("fdatasync");
	if (posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED))
		die("posix_fadvise");
}

static enum op pick_op(void)
{
	unsigned int total = 0, i, r;

	for (i = 0; i < OP_NR; i++)
		total += op_weight[i];
	r = rnd_range(total);
	for (i = 0; i < OP_NR; i++) {
		if (r < op_weight[i])
			return i;
		r -= op_weight[i];
	}
	return OP_READ;
}

/*
 * An atomic write-through write: a power-of-two unit between the file's
 * atomic write limits (and the operation length), naturally aligned near
 * @off; by pwritev2 or aio, sometimes with RWF_DSYNC; all of it or fail.
 */
static void do_atomic_write(uint64_t n, uint64_t off)
{
	uint64_t top = awu.max, unit = awu.min;
	int flags = RWF_WRITETHROUGH | RWF_ATOMIC | (rnd_range(4) ? 0 : RWF_DSYNC);
	long long r;

	while (top > maxlen || top > maxsize)
		top >>= 1;
	while (unit < top && rnd_range(2))
		unit <<= 1;
	off &= ~(unit - 1);
	if (off + unit > maxsize)
		off = (maxsize - unit) & ~(unit - 1);
	gen_data(n, unit);
	if (rnd_range(2)) {
		struct iovec iov = { buf, unit };

		r = pwritev2(fd, &iov, 1, (off_t)off, flags);
		if (r < 0)
			die("pwritev2(RWF_ATOMIC | RWF_WRITETHROUGH)");
	} else {
		struct iocb cb, *p[1] = { &cb };
		struct io_event ev;

		aio_prep_write(&cb, fd, buf, unit, off, flags, 1);
		if (aio_submit(aio_ctx, 1, p) != 1)
			die("io_submit(RWF_ATOMIC | RWF_WRITETHROUGH)");
		if (aio_getevents(aio_ctx, 1, 1, &ev, NULL) != 1)
			die("io_getevents");
		r = ev.res;
	}
	if (r != (long long)unit) {
		fprintf(stderr, "wtfsx: atomic write-through of %" PRIu64 " at 0x%" PRIx64
			" returned %lld\n", unit, off, r);
		dump_log();
		exit(1);
	}
	memcpy(shadow + off, buf, unit);
	if (off + unit > fsize)
		fsize = off + unit;
}

static const char usage[] =
"Usage: wtfsx [OPTIONS] FILE\n"
"Randomized integrity test of RWF_WRITETHROUGH against a shadow copy.\n"
"\n"
"  -N, --ops N        operations to run (default 100000)\n"
"  -S, --seed N       random seed (default 1)\n"
"  -l, --size BYTES   maximum file size (default 256k)\n"
"  -o, --oplen BYTES  maximum length of one operation (default 64k)\n"
"  -x, --exclude OP   never run OP (repeatable); OPs: wt_write write read\n"
"                     dio_read mmap_read mmap_write truncate punch zero fsync drop\n"
"                     aio_wt atomic_wt\n"
"  -q, --quiet        only the summary line\n"
"  -h, --help         this text\n"
"\n"
"EXAMPLES:\n"
"  wtfsx -N 100000 -S 7 /mnt/fsx.dat\n"
"  wtfsx -x mmap_write -x mmap_read /mnt/fsx.dat\n";

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "ops", required_argument, NULL, 'N' },
		{ "seed", required_argument, NULL, 'S' },
		{ "size", required_argument, NULL, 'l' },
		{ "oplen", required_argument, NULL, 'o' },
		{ "exclude", required_argument, NULL, 'x' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	uint64_t n;
	int c, i;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "N:S:l:o:x:qh", lopts, NULL)) != -1) {
		switch (c) {
		case 'N':
			if (wt_parse_size(optarg, &nops) || !nops)
				goto bad;
			break;
		case 'S':
			if (wt_parse_uint(optarg, 0, UINT64_MAX, &seed))
				goto bad;
			break;
		case 'l':
			if (wt_parse_size(optarg, &maxsize) || maxsize < 4096 || maxsize > (1ull << 30))
				goto bad;
			break;
		case 'o':
			if (wt_parse_size(optarg, &maxlen) || !maxlen || maxlen > (16ull << 20))
				goto bad;
			break;
		case 'x':
			for (i = 0; i < OP_NR; i++)
				if (!strcmp(optarg, op_names[i]))
					break;
			if (i == OP_NR)
				goto bad;
			op_weight[i] = 0;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fprintf(stderr, "wtfsx: invalid option '%s' (see --help)\n", argv[optind - 1]);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "wtfsx: give exactly one FILE (see --help)\n");
		return 2;
	}
	if (maxlen > maxsize)
		maxlen = maxsize;
	path = argv[optind];
	pagesize = sysconf(_SC_PAGESIZE);
	rng_state = seed;
	shadow = calloc(1, maxsize + maxlen);
	buf = malloc(maxlen);
	if (!shadow || !buf || posix_memalign((void **)&rbuf, 4096, maxlen + 8192)) {
		fprintf(stderr, "wtfsx: out of memory\n");
		return 1;
	}
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die("open");
	dfd = open(path, O_RDONLY | O_DIRECT);
	if (dfd < 0)
		die("open O_DIRECT");
	if (aio_setup(8, &aio_ctx))
		die("io_setup");
	/* atomic writes where the file system has them, within its limits */
	if (wt_atomic_limits(path, &awu))
		die("statx");
	if (!awu.min || awu.min > maxlen || awu.min > maxsize)
		op_weight[OP_ATOMIC_WT] = 0;

	for (n = 1; n <= nops; n++) {
		enum op op = pick_op();
		uint64_t off = rnd_range(maxsize), len = 1 + rnd_range(maxlen);
		struct logent *e = &oplog[n % LOG_SIZE];

		/* mostly small and sometimes block-aligned, to hit both paths */
		if (rnd_range(4) == 0)
			len = 1 + rnd_range(512);
		if (rnd_range(3) == 0) {
			off &= ~4095ull;
			len = (len + 4095) & ~4095ull;
		}
		if (off + len > maxsize)
			len = maxsize - off;
		if (!len)
			len = 1, off = maxsize - 1;
		if (op == OP_TRUNCATE)
			off = rnd_range(maxsize + 1), len = 0;
		*e = (struct logent){ n, op, off, len, fsize };
		counts[op]++;
		switch (op) {
		case OP_WT_WRITE: do_write(n, off, len, 1); break;
		case OP_WRITE: do_write(n, off, len, 0); break;
		case OP_READ: do_read(off, len); break;
		case OP_DIO_READ: do_dio_read(off, len); break;
		case OP_MMAP_READ: do_mmap(n, off, len, 0); break;
		case OP_MMAP_WRITE: do_mmap(n, off, len, 1); break;
		case OP_TRUNCATE: do_truncate(off); break;
		case OP_PUNCH: do_falloc(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len); break;
		case OP_ZERO: do_falloc(FALLOC_FL_ZERO_RANGE | (rnd_range(2) ? FALLOC_FL_KEEP_SIZE : 0), off, len); break;
		case OP_FSYNC: if (fsync(fd)) die("fsync"); break;
		case OP_DROP: drop_cache(); break;
		case OP_AIO_WT: do_aio_write(n, off, len); break;
		case OP_ATOMIC_WT: do_atomic_write(n, off); break;
		default: break;
		}
		if (!quiet && n % 10000 == 0)
			printf("wtfsx: %" PRIu64 " ops, file size 0x%" PRIx64 "\n", n, fsize);
	}
	/* final check: the whole file from disk through O_DIRECT and the cache */
	drop_cache();
	for (n = 0; n < fsize; n += maxlen)
		do_dio_read(n, fsize - n < maxlen ? fsize - n : maxlen);
	for (n = 0; n < fsize; n += maxlen)
		do_read(n, fsize - n < maxlen ? fsize - n : maxlen);

	printf("wtfsx: seed %" PRIu64 " ops %" PRIu64 " miscompares 0 size 0x%" PRIx64, seed,
	       nops, fsize);
	for (i = 0; i < OP_NR; i++)
		printf(" %s %" PRIu64, op_names[i], counts[i]);
	printf("\n");
	return 0;
bad:
	fprintf(stderr, "wtfsx: invalid value '%s' for -%c\n", optarg, c);
	return 2;
}
