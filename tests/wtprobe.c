// SPDX-License-Identifier: GPL-2.0
/*
 * wtprobe: guest-side regression probes for defects found in the
 * RWF_WRITETHROUGH series.  Each subcommand prints one "ok: ..." or
 * "FAIL: ..." line with what it measured and exits 0 or 1 (2: bad usage or
 * a set-up step that failed).
 *
 *   wtprobe mmap-extend FILE SECONDS
 *	extending write-through writes (ftruncate to 100, 100 bytes at 2048)
 *	against an mmap writer of the same folio; a writer that makes no
 *	progress for 15 s is a hang (blocked tasks dumped through sysrq-w).
 *   wtprobe dsync-tail-write FILE MODE     (MODE: wt, fdatasync, odsync)
 *	8 KiB of 'A', fsync, truncate to 100, then a durable (by MODE)
 *	write of 100 bytes of 'B' at 8192; the caller then cuts the power.
 *   wtprobe dsync-tail-check FILE MODE
 *	after the crash: size 8292, [100, 8192) zero, [8192, 8292) 'B'.  For
 *	MODE odsync (the control) stale bytes are expected and pass.
 *   wtprobe stable-after-wt DIR DELAY_MS
 *	time a buffered rewrite of a folio under flusher-style writeback,
 *	in a fresh file and in a file that had one completed write-through.
 *   wtprobe nowait DIR DELAY_MS
 *	RWF_WRITETHROUGH | RWF_NOWAIT must fail with EAGAIN without waiting
 *	for I/O: (a) reflink fallback (a1: shared block, a2: block copied
 *	out already), (b) folio under writeback, (c) folio under another
 *	thread's write-through.
 *   wtprobe append FILE WRITERS
 *	WRITERS threads, each with its own O_APPEND descriptor, append 200
 *	tagged 1000-byte records each with RWF_WRITETHROUGH at once: the file
 *	must end up holding every record exactly once, whole (appends that
 *	move the size must be serialized, e.g. by the exclusive inode lock).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <linux/fs.h>

#include "wt/parse.h"
#include "wt/rwf.h"
#include "probe.h"

#ifndef FICLONE
#define FICLONE _IOW(0x94, 9, int)
#endif

#define KIB 1024
#define NS_PER_MS 1000000ull

/* ---------------------------------------------------------------- helpers */

static ssize_t write2(int fd, const void *buf, size_t len, off_t off, int flags)
{
	struct iovec iov = { (void *)buf, len };

	return pwritev2(fd, &iov, 1, off, flags);
}

/* pwrite LEN bytes of C at OFF, all of it; 0 or -1 with errno. */
static int fill(int fd, char c, size_t len, off_t off, int flags)
{
	char buf[64 * KIB];
	size_t done = 0;

	memset(buf, c, sizeof(buf));
	while (done < len) {
		size_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);
		ssize_t r = write2(fd, buf, n, off + done, flags);

		if (r < 0)
			return -1;
		if ((size_t)r != n) {
			errno = EIO;
			return -1;
		}
		done += n;
	}
	return 0;
}

/* A file of LEN bytes of C, on disk (fsynced); the open fd or -1. */
static int make_file(const char *path, char c, size_t len)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return -1;
	if (fill(fd, c, len, 0, 0) || fsync(fd)) {
		close(fd);
		return -1;
	}
	return fd;
}

static unsigned long block_size(int fd)
{
	struct statfs sfs;

	return fstatfs(fd, &sfs) ? 0 : (unsigned long)sfs.f_bsize;
}

static size_t count_not(const unsigned char *buf, size_t len, unsigned char c)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += buf[i] != c;
	return n;
}

/*
 * Bytes of [OFF, OFF+LEN) of PATH (LEN <= 64 KiB, multiple of 4 KiB) that
 * are not C, read through the page cache and, with O_DIRECT, from the
 * device; -1 if a read fails.
 */
static int differ_both(const char *path, off_t off, size_t len, unsigned char c,
		       size_t *cached, size_t *ondisk)
{
	unsigned char *buf;
	int fd, dfd, ret = -1;

	if (posix_memalign((void **)&buf, 4096, len))
		return -1;
	fd = open(path, O_RDONLY);
	dfd = open(path, O_RDONLY | O_DIRECT);
	if (fd >= 0 && dfd >= 0 && pread(fd, buf, len, off) == (ssize_t)len) {
		*cached = count_not(buf, len, c);
		if (pread(dfd, buf, len, off) == (ssize_t)len) {
			*ondisk = count_not(buf, len, c);
			ret = 0;
		}
	}
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	free(buf);
	return ret;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* ------------------------------------------------------- mmap-extend */

#define MMX_MAX_WRITES 5000
#define MMX_STUCK_NS (15 * 1000 * NS_PER_MS)

struct mmx {
	int fd;
	volatile unsigned char *map;
	atomic_int stop;
	atomic_long writes;	/* completed write-through writes */
	atomic_long stores;	/* mmap stores, updated every 64 */
	atomic_int writer_done, mapper_done;
	const char *err_what;	/* set by the writer when a call failed */
	int err;
	ssize_t err_ret;
};

static void *mmx_writer(void *arg)
{
	struct mmx *m = arg;
	char buf[100];

	memset(buf, 'w', sizeof(buf));
	while (!atomic_load(&m->stop) && atomic_load(&m->writes) < MMX_MAX_WRITES) {
		ssize_t r;

		if (ftruncate(m->fd, 100)) {
			m->err = errno;
			m->err_what = "ftruncate to 100";
			break;
		}
		r = write2(m->fd, buf, sizeof(buf), 2048, RWF_WRITETHROUGH);
		if (r != (ssize_t)sizeof(buf)) {
			m->err = r < 0 ? errno : 0;
			m->err_ret = r;
			m->err_what = "pwritev2(100 bytes at 2048, RWF_WRITETHROUGH)";
			break;
		}
		atomic_fetch_add(&m->writes, 1);
	}
	atomic_store(&m->writer_done, 1);
	return NULL;
}

static void *mmx_mapper(void *arg)
{
	struct mmx *m = arg;
	long n = 0;

	while (!atomic_load_explicit(&m->stop, memory_order_relaxed)) {
		m->map[0]++;
		if (!(++n & 63))
			atomic_store_explicit(&m->stores, n, memory_order_relaxed);
	}
	atomic_store(&m->stores, n);
	atomic_store(&m->mapper_done, 1);
	return NULL;
}

/* Dump blocked tasks to the kernel log, report the hang, leave at once:
 * threads in D state cannot be joined. */
static void mmx_stuck(const char *path, const char *who, struct mmx *m)
{
	int fd = open("/proc/sysrq-trigger", O_WRONLY);

	if (fd >= 0) {
		if (write(fd, "w", 1) != 1)
			perror("wtprobe: sysrq-trigger");
		close(fd);
	}
	printf("FAIL: mmap-extend %s (%lu-byte blocks): %s stuck (no progress for 15 s)"
	       " after %ld writes and %ld mmap stores; blocked tasks dumped (sysrq-w)\n",
	       path, block_size(m->fd), who, atomic_load(&m->writes), atomic_load(&m->stores));
	fflush(stdout);
	_exit(1);
}

/* After the last write: size 2148, [1, 2048) zero, [2048, 2148) 'w'. */
static int mmx_verify(const char *path, struct mmx *m, char *why, size_t whylen)
{
	unsigned char buf[2148];
	struct stat st;
	size_t z, w;

	if (fstat(m->fd, &st) || pread(m->fd, buf, sizeof(buf), 0) != (ssize_t)sizeof(buf)) {
		snprintf(why, whylen, "reading back: %s", strerror(errno));
		return -1;
	}
	z = count_not(buf + 1, 2047, 0);
	w = count_not(buf + 2048, 100, 'w');
	if (st.st_size != 2148 || z || w) {
		snprintf(why, whylen, "after the last write: size %jd (want 2148), %zu nonzero"
			 " bytes in [1, 2048), %zu bytes of [2048, 2148) not written data",
			 (intmax_t)st.st_size, z, w);
		return -1;
	}
	return 0;
}

static int cmd_mmap_extend(const char *path, const char *secs_s)
{
	struct mmx m = { 0 };
	pthread_t wr, mp;
	uint64_t secs, t0, t_w, t_s, now;
	long last_w = 0, last_s = 0;
	char why[256];

	if (wt_parse_uint(secs_s, 1, 3600, &secs)) {
		fprintf(stderr, "wtprobe: mmap-extend: SECONDS must be 1..3600, not '%s'\n", secs_s);
		return 2;
	}
	m.fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (m.fd < 0 || ftruncate(m.fd, 100))
		return setup_error("create", path);
	m.map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, m.fd, 0);
	if (m.map == MAP_FAILED)
		return setup_error("mmap", path);
	if (pthread_create(&mp, NULL, mmx_mapper, &m) ||
	    pthread_create(&wr, NULL, mmx_writer, &m)) {
		printf("FAIL: set-up: cannot start threads\n");
		return 2;
	}
	/* watchdog: each thread must make progress every 15 s until it is done */
	t0 = t_w = t_s = now_ns();
	for (;;) {
		int w_stuck, s_stuck;
		long w, s;

		usleep(100 * 1000);
		now = now_ns();
		w = atomic_load(&m.writes);
		s = atomic_load(&m.stores);
		if (w != last_w)
			t_w = now;
		if (s != last_s)
			t_s = now;
		last_w = w;
		last_s = s;
		if (atomic_load(&m.writer_done) && atomic_load(&m.mapper_done))
			break;
		if (now - t0 >= secs * 1000 * NS_PER_MS || atomic_load(&m.writer_done))
			atomic_store(&m.stop, 1);
		w_stuck = !atomic_load(&m.writer_done) && now - t_w >= MMX_STUCK_NS;
		s_stuck = !atomic_load(&m.mapper_done) && now - t_s >= MMX_STUCK_NS;
		if (w_stuck || s_stuck)
			mmx_stuck(path, w_stuck && s_stuck ? "writer and mmap thread" :
				  w_stuck ? "writer" : "mmap thread", &m);
	}
	pthread_join(wr, NULL);
	pthread_join(mp, NULL);
	if (m.err_what) {
		printf("FAIL: mmap-extend %s: write %ld: %s returned %zd (%s)\n", path,
		       atomic_load(&m.writes) + 1, m.err_what, m.err_ret,
		       m.err ? strerror(m.err) : "short");
		return 1;
	}
	if (mmx_verify(path, &m, why, sizeof(why))) {
		printf("FAIL: mmap-extend %s: %s\n", path, why);
		return 1;
	}
	printf("ok: mmap-extend %s (%lu-byte blocks): %ld extending write-through writes"
	       " and %ld mmap stores in %.1f s, no hang; size and data right\n",
	       path, block_size(m.fd), atomic_load(&m.writes), atomic_load(&m.stores),
	       ms(now_ns() - t0) / 1000);
	return 0;
}

/* -------------------------------------------------- dsync-tail-write/check */

#define DT_OLD 8192	/* bytes of 'A' written and fsynced first */
#define DT_CUT 100	/* truncated to this */
#define DT_LEN 100	/* then MODE writes this many 'B' at DT_OLD */

static int dt_mode(const char *mode)
{
	if (!strcmp(mode, "wt") || !strcmp(mode, "fdatasync") || !strcmp(mode, "odsync"))
		return 0;
	fprintf(stderr, "wtprobe: MODE must be wt, fdatasync or odsync, not '%s'\n", mode);
	return -1;
}

static int cmd_dsync_tail_write(const char *path, const char *mode)
{
	char buf[DT_LEN];
	ssize_t r;
	int fd, wfd;

	if (dt_mode(mode))
		return 2;
	fd = make_file(path, 'A', DT_OLD);
	if (fd < 0 || ftruncate(fd, DT_CUT))
		return setup_error("write 8 KiB, fsync, truncate", path);
	wfd = fd;
	if (!strcmp(mode, "odsync") && (wfd = open(path, O_WRONLY | O_DSYNC)) < 0)
		return setup_error("open O_DSYNC", path);
	memset(buf, 'B', sizeof(buf));
	if (!strcmp(mode, "wt"))
		r = write2(wfd, buf, sizeof(buf), DT_OLD, RWF_WRITETHROUGH | RWF_DSYNC);
	else
		r = pwrite(wfd, buf, sizeof(buf), DT_OLD);
	if (r == (ssize_t)sizeof(buf) && !strcmp(mode, "fdatasync") && fdatasync(wfd))
		r = -1;
	if (r != (ssize_t)sizeof(buf)) {
		printf("FAIL: dsync-tail-write %s: %s write of %d bytes at %d returned %zd (%s)\n",
		       path, mode, DT_LEN, DT_OLD, r, r < 0 ? strerror(errno) : "short");
		return 1;
	}
	printf("ok: dsync-tail-write %s (%lu-byte blocks): 8 KiB fsynced, truncated to %d,"
	       " %s write of %d bytes at %d returned\n",
	       path, block_size(fd), DT_CUT, mode, DT_LEN, DT_OLD);
	return 0;
}

static int cmd_dsync_tail_check(const char *path, const char *mode)
{
	unsigned char buf[DT_OLD + DT_LEN];
	size_t stale, olda, head, tail, first = 0, i;
	unsigned long bs;
	struct stat st;
	ssize_t n;
	int fd, sized;

	if (dt_mode(mode))
		return 2;
	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		printf("FAIL: dsync-tail-check %s (%s): %s after the crash\n", path, mode,
		       strerror(errno));
		return 1;
	}
	bs = block_size(fd);
	memset(buf, 0, sizeof(buf));
	n = pread(fd, buf, sizeof(buf), 0);
	if (n < 0)
		return setup_error("read", path);
	sized = st.st_size == DT_OLD + DT_LEN;
	head = count_not(buf, DT_CUT, 'A');
	stale = count_not(buf + DT_CUT, DT_OLD - DT_CUT, 0);
	olda = DT_OLD - DT_CUT - count_not(buf + DT_CUT, DT_OLD - DT_CUT, 'A');
	tail = count_not(buf + DT_OLD, DT_LEN, 'B');
	for (i = DT_CUT; i < DT_OLD; i++)
		if (buf[i]) {
			first = i;
			break;
		}
	if (!sized || head || tail) {
		printf("FAIL: dsync-tail-check %s (%lu-byte blocks, %s): size %jd (want %d),"
		       " %zu of [0, %d) not 'A', %zu of [%d, %d) not 'B', %zu nonzero in [%d, %d)\n",
		       path, bs, mode, (intmax_t)st.st_size, DT_OLD + DT_LEN, head, DT_CUT,
		       tail, DT_OLD, DT_OLD + DT_LEN, stale, DT_CUT, DT_OLD);
		return 1;
	}
	if (!strcmp(mode, "odsync")) {
		/* the control: O_DSYNC syncs only the written range */
		if (!stale) {
			printf("FAIL: dsync-tail-check %s (%lu-byte blocks, odsync control):"
			       " no stale bytes in [%d, %d), so this run does not show that the"
			       " check detects exposure\n", path, bs, DT_CUT, DT_OLD);
			return 1;
		}
		printf("ok: dsync-tail-check %s (%lu-byte blocks, odsync control): %zu stale"
		       " nonzero bytes in [%d, %d) (%zu old 'A', first at %zu) detected as expected\n",
		       path, bs, stale, DT_CUT, DT_OLD, olda, first);
		return 0;
	}
	if (stale) {
		printf("FAIL: dsync-tail-check %s (%lu-byte blocks, %s): %zu nonzero bytes in"
		       " [%d, %d) after the crash (%zu old 'A', first at %zu): the zeroed tail of"
		       " the old EOF block was not made durable with the size\n",
		       path, bs, mode, stale, DT_CUT, DT_OLD, olda, first);
		return 1;
	}
	printf("ok: dsync-tail-check %s (%lu-byte blocks, %s): size %d, 0 nonzero bytes in"
	       " [%d, %d), 'B' at [%d, %d)\n", path, bs, mode, DT_OLD + DT_LEN, DT_CUT, DT_OLD,
	       DT_OLD, DT_OLD + DT_LEN);
	return 0;
}

/* ---------------------------------------------------- stable-after-wt */

#define SAW_ROUNDS 10

/*
 * Rewrite the first 4 KiB with buffered writes while that folio is under
 * writeback started by sync_file_range() (which does not wait), timing the
 * rewrite; LAT gets SAW_ROUNDS sorted figures.  With WT, one write-through
 * write to the file first.  0, or -1 with a message in WHY.
 */
static int saw_measure(const char *path, int wt, uint64_t *lat, char *why, size_t whylen)
{
	char buf[4096];
	int fd, i;

	fd = make_file(path, 'a', 64 * KIB);
	if (fd < 0) {
		snprintf(why, whylen, "set-up of %s: %s", path, strerror(errno));
		return -1;
	}
	memset(buf, 'w', sizeof(buf));
	if (wt && write2(fd, buf, sizeof(buf), 0, RWF_WRITETHROUGH) != (ssize_t)sizeof(buf)) {
		snprintf(why, whylen, "write-through to %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	for (i = 0; i < SAW_ROUNDS; i++) {
		uint64_t t0;

		memset(buf, 'x', sizeof(buf));
		if (pwrite(fd, buf, sizeof(buf), 0) != (ssize_t)sizeof(buf) ||
		    sync_file_range(fd, 0, sizeof(buf), SYNC_FILE_RANGE_WRITE))
			break;
		memset(buf, 'y', sizeof(buf));
		t0 = now_ns();
		if (pwrite(fd, buf, sizeof(buf), 0) != (ssize_t)sizeof(buf))
			break;
		lat[i] = now_ns() - t0;
		if (fdatasync(fd))
			break;
	}
	if (i < SAW_ROUNDS) {
		snprintf(why, whylen, "round %d on %s: %s", i, path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	qsort(lat, SAW_ROUNDS, sizeof(*lat), cmp_u64);
	return 0;
}

static int cmd_stable_after_wt(const char *dir, const char *delay_s)
{
	uint64_t delay, limit, ctl[SAW_ROUNDS], wt[SAW_ROUNDS];
	char p_ctl[4096], p_wt[4096], why[512];
	const int mid = SAW_ROUNDS / 2, last = SAW_ROUNDS - 1;

	if (wt_parse_uint(delay_s, 1, 10000, &delay)) {
		fprintf(stderr, "wtprobe: stable-after-wt: DELAY_MS must be 1..10000, not '%s'\n",
			delay_s);
		return 2;
	}
	limit = delay * NS_PER_MS / 4;
	snprintf(p_ctl, sizeof(p_ctl), "%s/stable-control", dir);
	snprintf(p_wt, sizeof(p_wt), "%s/stable-after-wt", dir);
	if (saw_measure(p_ctl, 0, ctl, why, sizeof(why)) ||
	    saw_measure(p_wt, 1, wt, why, sizeof(why))) {
		printf("FAIL: stable-after-wt: %s\n", why);
		return 1;
	}
	if (ctl[mid] >= limit) {
		printf("FAIL: stable-after-wt: the control (never written through) waits too:"
		       " median %.3f ms, max %.3f ms (device delay %" PRIu64 " ms, limit %.1f ms);"
		       " does the device want stable writes?\n",
		       ms(ctl[mid]), ms(ctl[last]), delay, ms(limit));
		return 1;
	}
	if (wt[mid] >= limit) {
		printf("FAIL: stable-after-wt: after one completed write-through, buffered rewrites"
		       " of a folio under writeback wait for the device: median %.3f ms, max %.3f ms"
		       " (control median %.3f ms, max %.3f ms; device delay %" PRIu64 " ms,"
		       " limit %.1f ms)\n", ms(wt[mid]), ms(wt[last]), ms(ctl[mid]), ms(ctl[last]),
		       delay, ms(limit));
		return 1;
	}
	printf("ok: stable-after-wt: buffered rewrite of a folio under writeback after one"
	       " completed write-through: median %.3f ms, max %.3f ms (control median %.3f ms,"
	       " max %.3f ms; device delay %" PRIu64 " ms, limit %.1f ms)\n",
	       ms(wt[mid]), ms(wt[last]), ms(ctl[mid]), ms(ctl[last]), delay, ms(limit));
	return 0;
}

/* ------------------------------------------------------------- nowait */

struct nw_result {
	char text[512];
	int failed;
};

static void nw_note(struct nw_result *res, int failed, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(res->text, sizeof(res->text), fmt, ap);
	va_end(ap);
	res->failed = failed;
}

/*
 * The verdict on one NOWAIT write: it must have failed with EAGAIN within
 * LIMIT, and [0, 4096) of PATH must still read as OLD from the cache and
 * from the device.
 */
static void nw_judge(struct nw_result *res, const char *part, const char *path, ssize_t r,
		     int err, uint64_t lat, uint64_t limit, unsigned char old)
{
	size_t cached, ondisk;

	if (r >= 0) {
		nw_note(res, 1, "%s: returned %zd after %.3f ms, want EAGAIN under %.1f ms",
			part, r, ms(lat), ms(limit));
		return;
	}
	if (err != EAGAIN) {
		nw_note(res, 1, "%s: failed with %s after %.3f ms, want EAGAIN", part,
			strerror(err), ms(lat));
		return;
	}
	if (lat >= limit) {
		nw_note(res, 1, "%s: EAGAIN only after %.3f ms (limit %.1f ms): it waited for I/O",
			part, ms(lat), ms(limit));
		return;
	}
	if (differ_both(path, 0, 4096, old, &cached, &ondisk)) {
		nw_note(res, 1, "%s: EAGAIN in %.3f ms, but reading back failed: %s", part,
			ms(lat), strerror(errno));
		return;
	}
	if (cached || ondisk) {
		nw_note(res, 1, "%s: EAGAIN in %.3f ms, but %zu cached and %zu on-disk bytes of"
			" [0, 4096) are no longer the old '%c'", part, ms(lat), cached, ondisk, old);
		return;
	}
	nw_note(res, 0, "%s: EAGAIN in %.3f ms, old data intact", part, ms(lat));
}

static ssize_t nw_timed(int fd, off_t off, size_t len, uint64_t *lat, int *err)
{
	static char buf[64 * KIB];
	uint64_t t0;
	ssize_t r;

	memset(buf, 'n', len);
	t0 = now_ns();
	r = write2(fd, buf, len, off, RWF_WRITETHROUGH | RWF_NOWAIT);
	*lat = now_ns() - t0;
	*err = r < 0 ? errno : 0;
	return r;
}

/*
 * (a) A reflinked inode takes the buffered fallback, which waits for the
 * write-back of its range, so NOWAIT must be refused up front: (a1) over a
 * still shared block (a COW write), (a2) over a block already copied out
 * by a plain write and fsync (no allocation needed, but the inode still
 * writes out of place).
 */
static void nw_reflink(const char *dir, int copied, uint64_t limit, struct nw_result *res)
{
	const char *part = copied ? "(a2) reflink fallback, block already copied" :
				    "(a1) reflink fallback, shared block";
	char src[4096], dst[4096], old[4096];
	uint64_t lat;
	struct stat st;
	ssize_t r;
	int s, c, err;

	snprintf(src, sizeof(src), "%s/nowait-src%d", dir, copied);
	snprintf(dst, sizeof(dst), "%s/nowait-clone%d", dir, copied);
	memset(old, 'S', sizeof(old));
	s = make_file(src, 'S', 1024 * KIB);
	c = open(dst, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (s < 0 || c < 0) {
		nw_note(res, 1, "%s: set-up of %s: %s", part, dir, strerror(errno));
		return;
	}
	if (ioctl(c, FICLONE, s)) {
		nw_note(res, 1, "%s: FICLONE %s: %s (mkfs.xfs -m reflink=1?)", part, dst,
			strerror(errno));
		return;
	}
	if (copied && (pwrite(c, old, sizeof(old), 0) != (ssize_t)sizeof(old) || fsync(c))) {
		nw_note(res, 1, "%s: copying out block 0 of %s: %s", part, dst, strerror(errno));
		return;
	}
	r = nw_timed(c, 0, 4096, &lat, &err);
	nw_judge(res, part, dst, r, err, lat, limit, 'S');
	if (!res->failed && (fstat(c, &st) || st.st_size != 1024 * KIB))
		nw_note(res, 1, "%s: EAGAIN in %.3f ms, but the size is now %jd", part,
			ms(lat), (intmax_t)st.st_size);
	close(s);
	close(c);
}

/* (b) a folio under writeback started by sync_file_range() */
static void nw_writeback(const char *dir, uint64_t limit, struct nw_result *res)
{
	char path[4096], buf[4096];
	uint64_t lat;
	ssize_t r;
	int fd, err;

	snprintf(path, sizeof(path), "%s/nowait-writeback", dir);
	fd = make_file(path, 'o', 64 * KIB);
	memset(buf, 'x', sizeof(buf));
	if (fd < 0 || pwrite(fd, buf, sizeof(buf), 0) != (ssize_t)sizeof(buf) ||
	    sync_file_range(fd, 0, sizeof(buf), SYNC_FILE_RANGE_WRITE)) {
		nw_note(res, 1, "(b) writeback: set-up of %s: %s", path, strerror(errno));
		return;
	}
	r = nw_timed(fd, 0, 4096, &lat, &err);
	nw_judge(res, "(b) folio under writeback", path, r, err, lat, limit, 'x');
	close(fd);
}

struct nw_inflight {
	int fd;
	atomic_uint_fast64_t start, end;
	ssize_t ret;
	int err;
};

static void *nw_inflight_writer(void *arg)
{
	struct nw_inflight *f = arg;
	static char buf[64 * KIB];

	memset(buf, 'p', sizeof(buf));
	atomic_store(&f->start, now_ns());
	f->ret = write2(f->fd, buf, sizeof(buf), 0, RWF_WRITETHROUGH);
	f->err = f->ret < 0 ? errno : 0;
	atomic_store(&f->end, now_ns());
	return NULL;
}

/* (c) a folio under another thread's write-through I/O */
static void nw_inflight(const char *dir, uint64_t limit, struct nw_result *res)
{
	struct nw_inflight f = { 0 };
	char path[4096];
	struct timespec at;
	uint64_t lat, t, t2;
	pthread_t th;
	ssize_t r;
	int err;

	snprintf(path, sizeof(path), "%s/nowait-inflight", dir);
	f.fd = make_file(path, 'o', 64 * KIB);
	if (f.fd < 0 || pthread_create(&th, NULL, nw_inflight_writer, &f)) {
		nw_note(res, 1, "(c) in flight: set-up of %s: %s", path, strerror(errno));
		return;
	}
	while (!(t = atomic_load(&f.start)))
		sched_yield();
	t += 20 * NS_PER_MS;
	at.tv_sec = t / 1000000000ull;
	at.tv_nsec = t % 1000000000ull;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) == EINTR)
		;
	t2 = now_ns();
	r = nw_timed(f.fd, 0, 4096, &lat, &err);
	pthread_join(th, NULL);
	if (f.ret != 64 * KIB) {
		nw_note(res, 1, "(c) in flight: the 64 KiB write-through returned %zd (%s)",
			f.ret, f.ret < 0 ? strerror(f.err) : "short");
	} else if (atomic_load(&f.end) <= t2) {
		nw_note(res, 1, "(c) in flight: the 64 KiB write-through took only %.3f ms and"
			" ended before the NOWAIT write began: no overlap, nothing measured",
			ms(atomic_load(&f.end) - atomic_load(&f.start)));
	} else {
		char verdict[sizeof(res->text)];

		nw_judge(res, "(c) folio under write-through", path, r, err, lat, limit, 'p');
		memcpy(verdict, res->text, sizeof(verdict));
		nw_note(res, res->failed, "%s (the 64 KiB write-through took %.3f ms)", verdict,
			ms(atomic_load(&f.end) - atomic_load(&f.start)));
	}
	close(f.fd);
}

static int cmd_nowait(const char *dir, const char *delay_s)
{
	struct nw_result res[4];
	uint64_t delay, limit;
	int i, failed = 0;

	if (wt_parse_uint(delay_s, 1, 10000, &delay)) {
		fprintf(stderr, "wtprobe: nowait: DELAY_MS must be 1..10000, not '%s'\n", delay_s);
		return 2;
	}
	limit = delay * NS_PER_MS / 4;
	nw_reflink(dir, 0, limit, &res[0]);
	nw_reflink(dir, 1, limit, &res[1]);
	nw_writeback(dir, limit, &res[2]);
	nw_inflight(dir, limit, &res[3]);
	for (i = 0; i < 4; i++) {
		printf("nowait %s: %s\n", res[i].failed ? "FAIL" : "pass", res[i].text);
		failed |= res[i].failed;
	}
	printf("%s: nowait (device delay %" PRIu64 " ms, limit %.1f ms): %s; %s; %s; %s\n",
	       failed ? "FAIL" : "ok", delay, ms(limit), res[0].text, res[1].text, res[2].text,
	       res[3].text);
	return failed;
}

/* ---------------------------------------------------------------- main */

/* ---------------------------------------------------------------- append */

#define APP_RECS	200
#define APP_RECSZ	1000
#define APP_MAXW	16

struct appender {
	const char *path;
	pthread_barrier_t *go;
	unsigned int id;
	int err;
};

/* record @n of writer @w: a header "W<w> N<n>\n", then the writer's byte */
static void app_record(char *rec, unsigned int w, unsigned int n)
{
	int h = snprintf(rec, APP_RECSZ, "W%02u N%06u\n", w, n);

	memset(rec + h, 'a' + w, APP_RECSZ - h);
}

static void *app_writer(void *arg)
{
	struct appender *a = arg;
	char rec[APP_RECSZ];
	unsigned int n;
	int fd = open(a->path, O_WRONLY | O_APPEND);

	if (fd < 0)
		a->err = errno;
	pthread_barrier_wait(a->go);	/* all at once */
	if (fd < 0)
		return NULL;
	for (n = 0; n < APP_RECS; n++) {
		app_record(rec, a->id, n);
		if (write2(fd, rec, APP_RECSZ, -1, RWF_WRITETHROUGH) != APP_RECSZ) {
			a->err = errno ? errno : EIO;
			break;
		}
	}
	close(fd);
	return NULL;
}

static int cmd_append(const char *path, const char *writers_s)
{
	static unsigned char seen[APP_MAXW][APP_RECS];
	struct appender a[APP_MAXW];
	pthread_t th[APP_MAXW];
	pthread_barrier_t go;
	char want[APP_RECSZ], *data;
	uint64_t nw;
	unsigned int w, n, k, bad = 0, dup = 0;
	off_t size, expect;
	struct stat st;
	int fd;

	if (wt_parse_uint(writers_s, 2, APP_MAXW, &nw)) {
		fprintf(stderr, "wtprobe: append: WRITERS must be 2..%d, not '%s'\n", APP_MAXW,
			writers_s);
		return 2;
	}
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return setup_error("create", path);
	if (pthread_barrier_init(&go, NULL, nw))
		return setup_error("pthread_barrier_init", path);
	for (w = 0; w < nw; w++) {
		a[w] = (struct appender){ .path = path, .go = &go, .id = w };
		if (pthread_create(&th[w], NULL, app_writer, &a[w]))
			return setup_error("pthread_create", path);
	}
	for (w = 0; w < nw; w++)
		pthread_join(th[w], NULL);
	for (w = 0; w < nw; w++)
		if (a[w].err) {
			errno = a[w].err;
			return setup_error("append", path);
		}
	expect = (off_t)nw * APP_RECS * APP_RECSZ;
	if (fstat(fd, &st))
		return setup_error("fstat", path);
	size = st.st_size;
	data = malloc(expect);
	if (!data)
		return setup_error("malloc", path);
	memset(seen, 0, sizeof(seen));
	memset(data, 0, expect);
	if (pread(fd, data, expect, 0) < 0)
		return setup_error("pread", path);
	for (k = 0; k < expect / APP_RECSZ; k++) {
		char *rec = data + (size_t)k * APP_RECSZ;

		if (sscanf(rec, "W%02u N%06u\n", &w, &n) != 2 || w >= nw || n >= APP_RECS) {
			bad++;
			continue;
		}
		app_record(want, w, n);
		if (memcmp(rec, want, APP_RECSZ))
			bad++;
		else if (seen[w][n]++)
			dup++;
	}
	free(data);
	close(fd);
	if (size != expect || bad || dup) {
		printf("FAIL: %" PRIu64 " writers x %d O_APPEND write-through records of %d bytes: size "
		       "%lld (want %lld), %u slots without a whole record, %u records twice: "
		       "appends overwrote each other\n", nw, APP_RECS, APP_RECSZ,
		       (long long)size, (long long)expect, bad, dup);
		return 1;
	}
	printf("ok: %" PRIu64 " writers x %d O_APPEND write-through records of %d bytes: size %lld, "
	       "every record once and whole\n", nw, APP_RECS, APP_RECSZ, (long long)size);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && !strcmp(argv[1], "mmap-extend"))
		return cmd_mmap_extend(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "dsync-tail-write"))
		return cmd_dsync_tail_write(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "dsync-tail-check"))
		return cmd_dsync_tail_check(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "stable-after-wt"))
		return cmd_stable_after_wt(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "nowait"))
		return cmd_nowait(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "append"))
		return cmd_append(argv[2], argv[3]);
	fprintf(stderr, "usage: wtprobe mmap-extend FILE SECONDS | dsync-tail-write FILE MODE"
		" | dsync-tail-check FILE MODE | stable-after-wt DIR DELAY_MS"
		" | nowait DIR DELAY_MS | append FILE WRITERS   (MODE: wt, fdatasync, odsync)\n");
	return 2;
}
