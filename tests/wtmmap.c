// SPDX-License-Identifier: GPL-2.0
/*
 * wtmmap: write-through against mmap, checked on the device.  Each
 * subcommand prints one "ok: ..." or "FAIL: ..." line with its figures and
 * exits 0 or 1 (2: bad usage or a set-up step that failed).
 *
 *   wtmmap stable FILE DEV ITERS DELAY_MS
 *	Stable pages.  FILE is on a device that holds every write DELAY_MS
 *	(dm-delay: the data is read from the pages when the delay ends); DEV
 *	has the file system's blocks at the same offsets.  A thread stores
 *	into a MAP_SHARED page of FILE without a pause, each pass stamped with
 *	the time it began; the main thread overwrites the page ITERS times
 *	with RWF_WRITETHROUGH and, once each write returns, reads the page's
 *	blocks from DEV with O_DIRECT.  The write write-protects the page
 *	before its I/O, so mmap data on disk was stored before the I/O was
 *	submitted, DELAY_MS or more before the write returned (mixed with the
 *	write's data, or replacing it: both legal).  Mmap data on disk stored
 *	later than DELAY_MS/2 before the return was stored during the I/O.
 *   wtmmap eof FILE DEV OLD OFF LEN ROUNDS
 *	Zeroes past EOF.  A file of OLD bytes; a thread fills its first page
 *	from the new EOF (max(OLD, OFF+LEN)) on with 'G' through a MAP_SHARED
 *	mapping without a pause (legal: bytes past EOF are never written
 *	back); LEN bytes at OFF with RWF_WRITETHROUGH; the EOF block on DEV
 *	(FIEMAP) must be zero past the new EOF, and after drop_caches the file
 *	reads back exactly.  ROUNDS fresh files.
 *   wtmmap gap DIR DELAY_MS
 *	An mmap store into a hole block of the old EOF page, after a
 *	write-through write past a gap moved the size, must reach the disk.
 *	On a file system with blocks smaller than a page, on a device
 *	DELAY_MS late: a file of one block, mapped MAP_SHARED; a thread
 *	writes a page at 8 KiB with RWF_WRITETHROUGH; while its I/O is in
 *	flight (the size not moved yet) the main thread stores to byte 0,
 *	which makes the page writable with only block 0 allocated; once the
 *	write has returned it stores to byte 2048, past the old EOF, in a
 *	hole.  After msync, fsync and drop_caches both bytes must read back:
 *	the write must have write-protected the old EOF page when it moved
 *	the size (pagecache_isize_extended()), or the second store would not
 *	fault, get no block, and be dropped by writeback.
 *   wtmmap readio DIR ROUNDS DELAY_MS
 *	Folios stay under writeback until the I/O is complete.  A new file,
 *	64 KiB of unwritten extents (fallocate), mapped MAP_SHARED; a thread
 *	writes 64 KiB of 'N' at 0 with RWF_WRITETHROUGH on a device that completes
 *	I/O DELAY_MS late.  While the I/O is in flight the main thread drops
 *	the range with POSIX_FADV_DONTNEED and reads it through the mapping (a
 *	fault takes no lock the writer holds): anything but 'N' fails, as a
 *	dropped folio reread from the unconverted extent reads zeroes.  Then
 *	sync_file_range(WAIT_BEFORE | WRITE | WAIT_AFTER), which takes no
 *	inode lock either, must wait for the write-out already submitted: if
 *	it returns more than DELAY_MS/2 before the write does, the folios were
 *	not under writeback during their I/O.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <linux/fiemap.h>
#include <linux/fs.h>

#include "wt/parse.h"
#include "wt/rwf.h"
#include "probe.h"

#define PAGE 4096
#define NS_PER_MS 1000000ull

#ifndef __NR_cachestat
#define __NR_cachestat 451
#endif

struct wt_cachestat_range {
	uint64_t off, len;
};

struct wt_cachestat {
	uint64_t nr_cache, nr_dirty, nr_writeback, nr_evicted, nr_recently_evicted;
};

/* ---------------------------------------------------------------- helpers */

static ssize_t wt_write(int fd, const void *buf, size_t len, off_t off)
{
	struct iovec iov = { (void *)buf, len };

	return pwritev2(fd, &iov, 1, off, RWF_WRITETHROUGH);
}

static unsigned long block_size(int fd)
{
	struct statfs sfs;

	return fstatfs(fd, &sfs) ? 0 : (unsigned long)sfs.f_bsize;
}

/* A new file of LEN bytes of C, fsynced; the open fd or -1. */
static int make_file(const char *path, char c, size_t len)
{
	char *buf = malloc(len ? len : 1);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (!buf || fd < 0)
		goto err;
	memset(buf, c, len);
	if (pwrite(fd, buf, len, 0) != (ssize_t)len || fsync(fd))
		goto err;
	free(buf);
	return fd;
err:
	free(buf);
	if (fd >= 0)
		close(fd);
	return -1;
}

/*
 * The device byte address of [OFF, OFF+LEN) of FD, which one written
 * extent must cover; -1 with a reason in WHY otherwise.  No writeback
 * first (FIEMAP_FLAG_SYNC): callers look at what is on disk now.
 */
static int64_t fiemap_phys(int fd, uint64_t off, uint64_t len, const char **why)
{
	struct {
		struct fiemap fm;
		struct fiemap_extent ext[1];
	} f;
	const struct fiemap_extent *e = &f.ext[0];

	memset(&f, 0, sizeof(f));
	f.fm.fm_start = off;
	f.fm.fm_length = len;
	f.fm.fm_extent_count = 1;
	if (ioctl(fd, FS_IOC_FIEMAP, &f.fm)) {
		*why = strerror(errno);
		return -1;
	}
	if (f.fm.fm_mapped_extents != 1 || e->fe_logical > off ||
	    e->fe_logical + e->fe_length < off + len) {
		*why = "not covered by one extent";
		return -1;
	}
	if (e->fe_flags & (FIEMAP_EXTENT_UNWRITTEN | FIEMAP_EXTENT_UNKNOWN |
			   FIEMAP_EXTENT_DELALLOC | FIEMAP_EXTENT_ENCODED)) {
		*why = "extent not written in place (unwritten, delalloc or encoded)";
		return -1;
	}
	return (int64_t)(e->fe_physical + (off - e->fe_logical));
}

/*
 * Read LEN bytes at device byte PHYS of DFD (opened O_DIRECT) into OUT,
 * through a page-aligned bounce buffer so that any logical block size up
 * to 4 KiB works; 0 or -1.
 */
static int read_dev(int dfd, uint64_t phys, void *out, size_t len)
{
	uint64_t a = phys & ~(uint64_t)(PAGE - 1);
	size_t alen = ((phys + len + PAGE - 1) & ~(uint64_t)(PAGE - 1)) - a;
	void *buf;
	int ret = -1;

	if (posix_memalign(&buf, PAGE, alen))
		return -1;
	if (pread(dfd, buf, alen, (off_t)a) == (ssize_t)alen) {
		memcpy(out, (char *)buf + (phys - a), len);
		ret = 0;
	}
	free(buf);
	return ret;
}

static int drop_caches(void)
{
	int fd;

	sync();
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd < 0)
		return -1;
	if (write(fd, "3", 1) != 1) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int cachestat(int fd, uint64_t off, uint64_t len, struct wt_cachestat *cs)
{
	struct wt_cachestat_range r = { off, len };

	return syscall(__NR_cachestat, fd, &r, cs, 0);
}

static int sleep_ns(uint64_t ns)
{
	struct timespec ts = { ns / 1000000000ull, ns % 1000000000ull };

	return nanosleep(&ts, NULL);
}

/* ---------------------------------------------------------------- stable */

/*
 * Page contents: 512 words, each a tag in the top byte and a value below.
 * The writer's words carry the iteration, the mapper's the time (us) its
 * pass over the page began.
 */
#define ST_TAG(w)	((w) >> 56)
#define ST_VAL(w)	((w) & ((1ull << 56) - 1))
#define ST_WORD(t, v)	((uint64_t)(t) << 56 | ((v) & ((1ull << 56) - 1)))
#define ST_WORDS	(PAGE / 8)
#define ST_PAGE_IDX	5	/* the page under test, in a file of 16 */

struct st_mapper {
	volatile uint64_t *page;
	atomic_int stop;
	atomic_ulong passes;
};

static void *st_mapper_fn(void *arg)
{
	struct st_mapper *m = arg;
	unsigned long n = 0;
	int i;

	while (!atomic_load_explicit(&m->stop, memory_order_relaxed)) {
		uint64_t w = ST_WORD('Y', now_ns() / 1000);

		for (i = 0; i < ST_WORDS; i++)
			m->page[i] = w;
		atomic_store_explicit(&m->passes, ++n, memory_order_relaxed);
	}
	return NULL;
}

struct st_result {
	unsigned long late;	/* iterations with mmap data stored during the I/O */
	unsigned long mixed;	/* the write's and earlier mmap data, legal */
	unsigned long mmap_only;/* only earlier mmap data, legal */
	unsigned long bogus;	/* words nobody stored, or an older write's */
	uint64_t first_late_age;/* ns between that data's store and the return */
	unsigned long first_late_iter, first_late_words;
	uint64_t min_age;	/* newest mmap data on disk, ns before the return */
	uint64_t min_wt, max_wt;/* write-through call times */
	unsigned long idle;	/* writes during which the mapper finished no pass */
	char bogus_what[160];
};

/* Classify the page as read from the device after write ITER returned at RET_NS. */
static void st_classify(const uint64_t *w, unsigned long iter, uint64_t ret_ns,
			uint64_t late_ns, struct st_result *r)
{
	unsigned long cur = 0, early = 0, late = 0, bad = 0;
	uint64_t newest = 0;
	int i;

	for (i = 0; i < ST_WORDS; i++) {
		uint64_t v = ST_VAL(w[i]);

		if (ST_TAG(w[i]) == 'X' && v == iter) {
			cur++;
		} else if (ST_TAG(w[i]) == 'Y') {
			uint64_t t = v * 1000;

			if (t > newest)
				newest = t;
			if (t + late_ns > ret_ns)
				late++;
			else
				early++;
		} else {
			if (!bad && !r->bogus)
				snprintf(r->bogus_what, sizeof(r->bogus_what),
					 "write %lu: word %d is 0x%016" PRIx64, iter, i, w[i]);
			bad++;
		}
	}
	if (newest && (!r->min_age || ret_ns - newest < r->min_age))
		r->min_age = newest < ret_ns ? ret_ns - newest : 1;
	if (bad)
		r->bogus++;
	if (late) {
		if (!r->late++) {
			r->first_late_iter = iter;
			r->first_late_words = late;
			r->first_late_age = newest < ret_ns ? ret_ns - newest : 0;
		}
	} else if (early && cur) {
		r->mixed++;
	} else if (early) {
		r->mmap_only++;
	}
}

static int cmd_stable(const char *path, const char *dev, const char *iters_s,
		      const char *delay_s)
{
	struct st_mapper m = { 0 };
	struct st_result r = { 0 };
	uint64_t iters, delay_ms, late_ns, t0, t1, i;
	uint64_t *buf, *disk;
	unsigned long bs, passes0;
	char newest[64];
	const char *why;
	int64_t phys;
	pthread_t th;
	int fd, dfd, j;

	if (wt_parse_uint(iters_s, 1, 100000, &iters) ||
	    wt_parse_uint(delay_s, 10, 10000, &delay_ms)) {
		fprintf(stderr, "wtmmap: stable: ITERS must be 1..100000 and DELAY_MS 10..10000\n");
		return 2;
	}
	late_ns = delay_ms * NS_PER_MS / 2;
	fd = make_file(path, 'o', 16 * PAGE);
	if (fd < 0)
		return setup_error("write 64 KiB and fsync", path);
	bs = block_size(fd);
	phys = fiemap_phys(fd, ST_PAGE_IDX * PAGE, PAGE, &why);
	if (phys < 0) {
		printf("FAIL: set-up: FIEMAP of page %d of %s: %s\n", ST_PAGE_IDX, path, why);
		return 2;
	}
	dfd = open(dev, O_RDONLY | O_DIRECT);
	if (dfd < 0)
		return setup_error("open O_DIRECT", dev);
	if (posix_memalign((void **)&buf, PAGE, PAGE) || posix_memalign((void **)&disk, PAGE, PAGE))
		return setup_error("allocate", "buffers");
	m.page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, ST_PAGE_IDX * PAGE);
	if (m.page == MAP_FAILED)
		return setup_error("mmap", path);
	if (pthread_create(&th, NULL, st_mapper_fn, &m)) {
		printf("FAIL: set-up: cannot start the mmap thread\n");
		return 2;
	}
	while (!atomic_load(&m.passes))
		usleep(1000);
	passes0 = atomic_load(&m.passes);

	for (i = 1; i <= iters; i++) {
		unsigned long p0;
		ssize_t n;

		for (j = 0; j < ST_WORDS; j++)
			buf[j] = ST_WORD('X', i);
		p0 = atomic_load(&m.passes);
		t0 = now_ns();
		n = wt_write(fd, buf, PAGE, ST_PAGE_IDX * PAGE);
		t1 = now_ns();
		r.idle += atomic_load(&m.passes) == p0;
		if (n != PAGE) {
			atomic_store(&m.stop, 1);
			printf("FAIL: stable %s: write %" PRIu64 ": pwritev2(RWF_WRITETHROUGH) of"
			       " page %d returned %zd (%s)\n", path, i, ST_PAGE_IDX, n,
			       n < 0 ? strerror(errno) : "short");
			return 1;
		}
		if (read_dev(dfd, (uint64_t)phys, disk, PAGE)) {
			atomic_store(&m.stop, 1);
			return setup_error("O_DIRECT read of", dev);
		}
		if (!r.min_wt || t1 - t0 < r.min_wt)
			r.min_wt = t1 - t0;
		if (t1 - t0 > r.max_wt)
			r.max_wt = t1 - t0;
		st_classify(disk, i, t1, late_ns, &r);
	}
	atomic_store(&m.stop, 1);
	pthread_join(th, NULL);

	/* the premises: the device held the I/O, the mapper kept storing */
	if (r.min_wt < (delay_ms - 5) * NS_PER_MS) {
		printf("FAIL: set-up: a write-through write took %.1f ms, less than the"
		       " device's %" PRIu64 " ms write delay\n", ms(r.min_wt), delay_ms);
		return 2;
	}
	if (atomic_load(&m.passes) - passes0 < iters) {
		printf("FAIL: set-up: the mmap thread stored only %lu passes in %" PRIu64
		       " writes\n", atomic_load(&m.passes) - passes0, iters);
		return 2;
	}
	if (r.late || r.bogus) {
		printf("FAIL: stable %s (%lu-byte blocks): %lu of %" PRIu64 " write-through"
		       " writes put mmap data stored during their I/O on disk (first: write"
		       " %lu, %lu of %d words, stored %.1f ms before the write returned;"
		       " the device holds writes %" PRIu64 " ms); %lu with data nobody"
		       " stored%s%s\n", path, bs, r.late, iters, r.first_late_iter,
		       r.first_late_words, ST_WORDS, ms(r.first_late_age), delay_ms, r.bogus,
		       r.bogus ? ": " : "", r.bogus_what);
		return 1;
	}
	if (r.min_age)
		snprintf(newest, sizeof(newest), "the newest stored %.1f ms before a return",
			 ms(r.min_age));
	else
		snprintf(newest, sizeof(newest), "none on disk at all");
	printf("ok: stable %s (%lu-byte blocks): %" PRIu64 " write-through writes (%.1f to"
	       " %.1f ms) against %lu mmap passes (%lu writes without one): no mmap data"
	       " stored during the I/O on disk (bound: stored %.1f ms before the return);"
	       " mmap data stored before the I/O: %s, %lu writes mixed with it, %lu"
	       " replaced by it\n", path, bs, iters, ms(r.min_wt), ms(r.max_wt),
	       atomic_load(&m.passes) - passes0, r.idle, ms(late_ns), newest, r.mixed,
	       r.mmap_only);
	return 0;
}

/* ---------------------------------------------------------------- eof */

struct eof_mapper {
	volatile char *page;
	size_t from;		/* fill [from, PAGE) */
	atomic_int stop;
	atomic_ulong passes;
};

static void *eof_mapper_fn(void *arg)
{
	struct eof_mapper *m = arg;
	unsigned long n = 0;
	size_t i;

	while (!atomic_load_explicit(&m->stop, memory_order_relaxed)) {
		for (i = m->from; i < PAGE; i++)
			m->page[i] = 'G';
		atomic_store_explicit(&m->passes, ++n, memory_order_relaxed);
	}
	return NULL;
}

/*
 * One round; 1 if the device or the reread was wrong (described in WHY),
 * 0 if right, 2 on a set-up error (printed).
 */
static int eof_round(const char *path, int dfd, uint64_t old, uint64_t off, uint64_t len,
		     unsigned long bs, char *why, size_t whylen)
{
	uint64_t size = old > off + len ? old : off + len;
	uint64_t eof_blk = size / bs * bs;
	struct eof_mapper m = { 0 };
	unsigned char *blk, *got;
	size_t bad = 0, first = 0, i;
	struct stat st;
	const char *fwhy;
	int64_t phys;
	pthread_t th;
	char *data;
	ssize_t n;
	int fd;

	fd = make_file(path, 'o', old);
	if (fd < 0)
		return setup_error("write and fsync", path);
	m.page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m.page == MAP_FAILED)
		return setup_error("mmap", path);
	m.from = size;
	if (pthread_create(&th, NULL, eof_mapper_fn, &m)) {
		printf("FAIL: set-up: cannot start the mmap thread\n");
		return 2;
	}
	while (!atomic_load(&m.passes))
		usleep(100);
	data = malloc(len);
	blk = malloc(bs);
	got = malloc(size + 1);
	if (!data || !blk || !got)
		return setup_error("allocate", "buffers");
	memset(data, 'w', len);
	n = wt_write(fd, data, len, off);

	/* what reached the device, while the mapper still stores past EOF */
	phys = n == (ssize_t)len ? fiemap_phys(fd, eof_blk, bs, &fwhy) : 0;
	if (phys >= 0 && n == (ssize_t)len && read_dev(dfd, phys, blk, bs))
		return setup_error("O_DIRECT read of the EOF block", "");
	atomic_store(&m.stop, 1);
	pthread_join(th, NULL);
	munmap((void *)m.page, PAGE);
	if (n != (ssize_t)len) {
		snprintf(why, whylen, "pwritev2(RWF_WRITETHROUGH) of %" PRIu64 " bytes at %"
			 PRIu64 " returned %zd (%s)", len, off, n, n < 0 ? strerror(errno) : "short");
		return 1;
	}
	if (phys < 0) {
		snprintf(why, whylen, "FIEMAP of the EOF block at %" PRIu64 ": %s", eof_blk, fwhy);
		return 1;
	}
	for (i = size - eof_blk; i < bs; i++)
		if (blk[i] && !bad++)
			first = i;
	if (bad) {
		snprintf(why, whylen, "%zu of the %" PRIu64 " bytes past EOF (%" PRIu64
			 ") in its block are not zero on disk, first at file offset %" PRIu64
			 " (0x%02x) after %lu mmap passes", bad, eof_blk + bs - size, size,
			 eof_blk + first, blk[first], atomic_load(&m.passes));
		return 1;
	}

	/* from the disk: exactly SIZE bytes, the right ones */
	close(fd);
	if (drop_caches())
		return setup_error("drop_caches", "");
	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st))
		return setup_error("reopen", path);
	n = pread(fd, got, size + 1, 0);
	close(fd);
	bad = 0;
	for (i = 0; n > 0 && i < (size_t)n; i++) {
		char want = i >= off && i < off + len ? 'w' : i < old ? 'o' : 0;

		if (got[i] != want && !bad++)
			first = i;
	}
	if (st.st_size != (off_t)size || n != (ssize_t)size || bad) {
		snprintf(why, whylen, "after drop_caches: size %jd, read %zd bytes (want %"
			 PRIu64 "), %zu wrong, first at %zu (0x%02x)", (intmax_t)st.st_size, n,
			 size, bad, first, bad ? got[first] : 0);
		return 1;
	}
	free(data);
	free(blk);
	free(got);
	return 0;
}

static int cmd_eof(const char *path, const char *dev, const char *old_s, const char *off_s,
		   const char *len_s, const char *rounds_s)
{
	uint64_t old, off, len, rounds, size, r;
	unsigned long bs, failed = 0;
	char why[320], first[360] = "";
	int dfd, fd, ret;

	if (wt_parse_uint(old_s, 1, PAGE - 2, &old) || wt_parse_uint(off_s, 0, PAGE - 2, &off) ||
	    wt_parse_uint(len_s, 1, PAGE - 1, &len) || off + len >= PAGE ||
	    wt_parse_uint(rounds_s, 1, 10000, &rounds)) {
		fprintf(stderr, "wtmmap: eof: OLD, OFF+LEN must end inside the first page"
			" (below %d), ROUNDS 1..10000\n", PAGE);
		return 2;
	}
	size = old > off + len ? old : off + len;
	dfd = open(dev, O_RDONLY | O_DIRECT);
	if (dfd < 0)
		return setup_error("open O_DIRECT", dev);
	fd = open(path, O_RDWR | O_CREAT, 0644);
	if (fd < 0)
		return setup_error("create", path);
	bs = block_size(fd);
	close(fd);
	if (size % bs == 0) {
		fprintf(stderr, "wtmmap: eof: new size %" PRIu64 " is block aligned: no tail\n", size);
		return 2;
	}
	for (r = 0; r < rounds; r++) {
		ret = eof_round(path, dfd, old, off, len, bs, why, sizeof(why));
		if (ret == 2)
			return 2;
		if (ret && !failed++)
			snprintf(first, sizeof(first), "round %" PRIu64 ": %s", r + 1, why);
	}
	if (failed) {
		printf("FAIL: eof %s (%lu-byte blocks): size %" PRIu64 ", mmap fills past the new"
		       " EOF, write-through of %" PRIu64 " bytes at %" PRIu64 ": %lu of %" PRIu64
		       " rounds wrong; %s\n", path, bs, old, len, off, failed, rounds, first);
		return 1;
	}
	printf("ok: eof %s (%lu-byte blocks): size %" PRIu64 ", mmap fills past the new EOF,"
	       " write-through of %" PRIu64 " bytes at %" PRIu64 ": %" PRIu64 " rounds, the %"
	       PRIu64 " bytes past EOF %" PRIu64 " zero on disk and the reread exact\n",
	       path, bs, old, len, off, rounds, (size / bs + 1) * bs - size, size);
	return 0;
}

/* ---------------------------------------------------------------- gap */

struct gap_writer {
	int fd;
	atomic_int done;
	ssize_t ret;
};

static void *gap_writer_fn(void *arg)
{
	struct gap_writer *w = arg;
	static char buf[PAGE];

	memset(buf, 'W', sizeof(buf));
	w->ret = wt_write(w->fd, buf, sizeof(buf), 2 * PAGE);
	atomic_store(&w->done, 1);
	return NULL;
}

static int cmd_gap(const char *dir, const char *delay_s)
{
	struct wt_cachestat cs;
	struct gap_writer w = { 0 };
	volatile char *map;
	char path[4096], b0, b2048;
	uint64_t delay_ms;
	pthread_t th;
	int in_flight;

	if (wt_parse_uint(delay_s, 20, 10000, &delay_ms)) {
		fprintf(stderr, "wtmmap: gap: DELAY_MS must be 20..10000\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/gap", dir);
	w.fd = make_file(path, 'A', 1024);
	if (w.fd < 0)
		return setup_error("create", path);
	if (block_size(w.fd) != 1024) {
		printf("FAIL: set-up: gap needs 1 KiB blocks, %s has %lu\n", dir,
		       block_size(w.fd));
		return 2;
	}
	map = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, w.fd, 0);
	if (map == MAP_FAILED)
		return setup_error("mmap", path);
	if (pthread_create(&th, NULL, gap_writer_fn, &w)) {
		printf("FAIL: set-up: cannot start the writer\n");
		return 2;
	}
	/* the write's I/O is in flight once its folio is under writeback */
	do {
		if (cachestat(w.fd, 2 * PAGE, PAGE, &cs))
			return setup_error("cachestat", path);
	} while (!cs.nr_writeback && !atomic_load(&w.done));
	map[0] = 'B';		/* a fault: block 0 only, the size is 1024 */
	in_flight = !atomic_load(&w.done);
	pthread_join(th, NULL);
	if (w.ret != PAGE) {
		printf("FAIL: gap: the write-through write returned %zd\n", w.ret);
		return 1;
	}
	map[2048] = 'M';	/* past the old EOF, in a hole */
	if (msync((void *)map, PAGE, MS_SYNC) || fsync(w.fd))
		return setup_error("msync/fsync", path);
	munmap((void *)map, PAGE);
	if (drop_caches())
		return setup_error("drop_caches", path);
	if (pread(w.fd, &b0, 1, 0) != 1 || pread(w.fd, &b2048, 1, 2048) != 1)
		return setup_error("read back", path);
	close(w.fd);
	if (!in_flight) {
		printf("FAIL: gap: the write's I/O was over before the first store: the test"
		       " proves nothing (device %" PRIu64 " ms)\n", delay_ms);
		return 1;
	}
	if (b0 != 'B' || b2048 != 'M') {
		printf("FAIL: gap: after a write-through write past a gap, mmap stores read back"
		       " 0x%02x at 0 (want 'B') and 0x%02x at 2048 (want 'M'): the store past the"
		       " old EOF was lost\n", (unsigned char)b0, (unsigned char)b2048);
		return 1;
	}
	printf("ok: gap: an mmap store past the old EOF, after a write-through write past a"
	       " gap moved the size, reached the disk\n");
	return 0;
}

/* ---------------------------------------------------------------- readio */

#define RIO_LEN (64 * 1024)

struct rio_writer {
	int fd;
	atomic_int done;
	ssize_t ret;
	int err;
	uint64_t t0, t1;
};

static void *rio_writer_fn(void *arg)
{
	struct rio_writer *w = arg;
	static char buf[RIO_LEN];

	memset(buf, 'N', sizeof(buf));
	w->t0 = now_ns();
	w->ret = wt_write(w->fd, buf, sizeof(buf), 0);
	w->err = errno;
	w->t1 = now_ns();
	atomic_store(&w->done, 1);
	return NULL;
}

static void count3(const unsigned char *b, size_t len, unsigned char c, size_t *is_c,
		   size_t *zero, size_t *other)
{
	size_t i;

	*is_c = *zero = *other = 0;
	for (i = 0; i < len; i++) {
		if (b[i] == c)
			(*is_c)++;
		else if (!b[i])
			(*zero)++;
		else
			(*other)++;
	}
}

/* One round's observations while the write's I/O was in flight. */
struct rio_round {
	struct wt_cachestat before, dropped;	/* around DONTNEED */
	size_t n_seen, z_seen, o_seen;		/* the mapping read */
	size_t n_after, z_after, o_after;	/* read() after the write */
	uint64_t t_size, t_read, t_sfr0, t_sfr1;
	int read_in_flight, sfr_in_flight;
};

static int rio_round(const char *path, struct rio_round *o, struct rio_writer *w)
{
	static unsigned char seen[RIO_LEN], after[RIO_LEN];
	volatile unsigned char *map;
	pthread_t th;

	unlink(path);
	w->fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0644);
	if (w->fd < 0)
		return setup_error("create", path);
	/*
	 * Unwritten extents inside EOF: the size of a write-through write
	 * moves only when its I/O is done, so a new file's range could not
	 * be faulted in during the I/O.  Until the conversion, the disk
	 * reads back zeroes there.
	 */
	if (fallocate(w->fd, 0, 0, RIO_LEN))
		return setup_error("fallocate", path);
	map = mmap(NULL, RIO_LEN, PROT_READ, MAP_SHARED, w->fd, 0);
	if (map == MAP_FAILED)
		return setup_error("mmap", path);
	if (pthread_create(&th, NULL, rio_writer_fn, w)) {
		printf("FAIL: set-up: cannot start the writer\n");
		return 2;
	}
	/* the I/O is in flight once the copied folios are under writeback */
	do {
		if (cachestat(w->fd, 0, RIO_LEN, &o->before))
			return setup_error("cachestat", path);
	} while (!o->before.nr_writeback && !atomic_load(&w->done));
	o->t_size = now_ns();
	sleep_ns(20 * NS_PER_MS);

	/* drop what can be dropped, then fault it back in */
	if (cachestat(w->fd, 0, RIO_LEN, &o->before))
		return setup_error("cachestat", path);
	if (posix_fadvise(w->fd, 0, RIO_LEN, POSIX_FADV_DONTNEED))
		return setup_error("posix_fadvise(DONTNEED)", path);
	if (cachestat(w->fd, 0, RIO_LEN, &o->dropped))
		return setup_error("cachestat", path);
	memcpy(seen, (const void *)map, RIO_LEN);
	o->t_read = now_ns();
	o->read_in_flight = !atomic_load(&w->done);

	/* wait for all write-out already submitted (takes no inode lock) */
	o->sfr_in_flight = !atomic_load(&w->done);
	o->t_sfr0 = now_ns();
	if (sync_file_range(w->fd, 0, RIO_LEN, SYNC_FILE_RANGE_WAIT_BEFORE |
			    SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER))
		return setup_error("sync_file_range", path);
	o->t_sfr1 = now_ns();

	pthread_join(th, NULL);
	if (w->ret != RIO_LEN) {
		printf("FAIL: readio %s: pwritev2(RWF_WRITETHROUGH) of 64 KiB returned %zd (%s)\n",
		       path, w->ret, w->ret < 0 ? strerror(w->err) : "short");
		return 1;
	}
	if (pread(w->fd, after, RIO_LEN, 0) != RIO_LEN)
		return setup_error("read back", path);
	count3(seen, RIO_LEN, 'N', &o->n_seen, &o->z_seen, &o->o_seen);
	count3(after, RIO_LEN, 'N', &o->n_after, &o->z_after, &o->o_after);
	munmap((void *)map, RIO_LEN);
	close(w->fd);
	return 0;
}

static int cmd_readio(const char *dir, const char *rounds_s, const char *delay_s)
{
	unsigned long caught = 0, wrong = 0, early = 0;
	char path[4096], first[512] = "", first_early[320] = "";
	uint64_t rounds, delay_ms, r;

	if (wt_parse_uint(rounds_s, 1, 1000, &rounds) ||
	    wt_parse_uint(delay_s, 20, 10000, &delay_ms)) {
		fprintf(stderr, "wtmmap: readio: ROUNDS must be 1..1000 and DELAY_MS 20..10000\n");
		return 2;
	}
	for (r = 0; r < rounds; r++) {
		struct rio_writer w = { 0 };
		struct rio_round o = { 0 };
		uint64_t gap;
		int ret;

		snprintf(path, sizeof(path), "%s/readio.%" PRIu64, dir, r);
		ret = rio_round(path, &o, &w);
		if (ret)
			return ret;
		/* how long before the write returned sync_file_range did */
		gap = w.t1 > o.t_sfr1 ? w.t1 - o.t_sfr1 : 0;
		caught += o.read_in_flight && o.sfr_in_flight;
		printf("readio round %" PRIu64 ": write %.1f ms; %.1f ms after writeback started"
		       " (%s): page cache %" PRIu64 " pages, %" PRIu64 " under writeback, %" PRIu64
		       " after DONTNEED; the mapping read %zu 'N', %zu zero, %zu other;"
		       " sync_file_range took %.1f ms and returned %.1f ms before the write;"
		       " read() after the write: %zu 'N'\n", r + 1, ms(w.t1 - w.t0),
		       ms(o.t_read - o.t_size), o.read_in_flight ? "I/O in flight" : "write done",
		       o.before.nr_cache, o.before.nr_writeback, o.dropped.nr_cache,
		       o.n_seen, o.z_seen, o.o_seen, ms(o.t_sfr1 - o.t_sfr0), ms(gap), o.n_after);
		if ((o.n_seen != RIO_LEN || o.n_after != RIO_LEN) && !wrong++)
			snprintf(first, sizeof(first), "round %" PRIu64 " (%s): the mapping read"
				 " %zu 'N', %zu zero, %zu other bytes (page cache before DONTNEED"
				 " %" PRIu64 " pages, %" PRIu64 " under writeback, after %" PRIu64
				 "); read() after the write: %zu 'N', %zu zero", r + 1,
				 o.read_in_flight ? "I/O in flight" : "write done", o.n_seen,
				 o.z_seen, o.o_seen, o.before.nr_cache, o.before.nr_writeback,
				 o.dropped.nr_cache, o.n_after, o.z_after);
		if (o.sfr_in_flight && gap > delay_ms * NS_PER_MS / 2 && !early++)
			snprintf(first_early, sizeof(first_early), "round %" PRIu64 ": called"
				 " during the I/O, it took %.1f ms and returned %.1f ms before the"
				 " write (%" PRIu64 " of 16 pages under writeback)", r + 1,
				 ms(o.t_sfr1 - o.t_sfr0), ms(gap), o.before.nr_writeback);
	}
	if (wrong || early) {
		printf("FAIL: readio %s: %lu of %" PRIu64 " rounds read other data than the"
		       " write's%s%s; in %lu sync_file_range(WAIT_BEFORE|WRITE|WAIT_AFTER)"
		       " returned while the write-through I/O was in flight%s%s\n", dir, wrong,
		       rounds, wrong ? ": " : "", first, early, early ? ": " : "", first_early);
		return 1;
	}
	if (!caught) {
		printf("FAIL: readio %s: in none of %" PRIu64 " rounds was the write's I/O still"
		       " in flight during the checks: the test proves nothing\n", dir, rounds);
		return 1;
	}
	printf("ok: readio %s: %" PRIu64 " rounds (%lu with the checks during the I/O):"
	       " DONTNEED dropped nothing, the mapping read the write's 64 KiB, and"
	       " sync_file_range waited for the write-through I/O\n", dir, rounds, caught);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 6 && !strcmp(argv[1], "stable"))
		return cmd_stable(argv[2], argv[3], argv[4], argv[5]);
	if (argc == 8 && !strcmp(argv[1], "eof"))
		return cmd_eof(argv[2], argv[3], argv[4], argv[5], argv[6], argv[7]);
	if (argc == 5 && !strcmp(argv[1], "readio"))
		return cmd_readio(argv[2], argv[3], argv[4]);
	if (argc == 4 && !strcmp(argv[1], "gap"))
		return cmd_gap(argv[2], argv[3]);
	fprintf(stderr, "usage: wtmmap stable FILE DEV ITERS DELAY_MS"
		" | eof FILE DEV OLD OFF LEN ROUNDS | readio DIR ROUNDS DELAY_MS | gap DIR DELAY_MS\n");
	return 2;
}
