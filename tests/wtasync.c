// SPDX-License-Identifier: GPL-2.0
/*
 * wtasync: asynchronous (aio) write-through probes for the VM tests.  Each
 * command prints "ok: ..." or "FAIL: ..." lines and exits 0 (pass),
 * 1 (fail) or 2 (set-up error).
 *
 *   wtasync queued [-d] FILE DELAY_MS
 *	On a device that completes every I/O DELAY_MS late: aio
 *	RWF_WRITETHROUGH overwrites inside EOF return from io_submit() before
 *	their I/O completes (median submit < DELAY/4), and complete after it
 *	(median completion >= DELAY/2).  -d adds RWF_DSYNC.  An extending aio
 *	write's data is checked (wtasync extend times it).
 *   wtasync qd [-d] FILE QD N BS SEED
 *	N writes of BS bytes to the N slots of FILE in a seeded order, QD in
 *	flight; every completion must report BS bytes, and afterwards every
 *	slot reads back its own data, cached and with O_DIRECT.
 *   wtasync overlap FILE DELAY_MS
 *	On a device DELAY_MS late, write-through writes inside EOF do not
 *	hold the file against readers or each other while their I/O is in
 *	flight: a cached read during a write-through write returns in under
 *	DELAY/4, and two threads each doing 4 writes to their own ranges of
 *	the file finish in under 6 x DELAY (8 x DELAY if serialized).
 *   wtasync readers [-a] FILE DELAY_MS
 *	While a thread makes 24 write-through writes (each DELAY_MS on the
 *	device) to one half of FILE, cached 4 KiB reads of the other half
 *	keep their p99 under DELAY/4.  With -a the thread appends to FILE
 *	instead: writes that move the size do not hold readers up either.
 *   wtasync extend FILE DELAY_MS
 *	On a device DELAY_MS late, aio write-through writes that extend the
 *	file: appends awaited one by one return from io_submit() before
 *	their I/O completes (median submit < DELAY/4, completion >= DELAY/2)
 *	and the size covers each once it completes; 8 appends submitted at
 *	once all complete whole with the size and data right; 8 O_APPEND
 *	writes submitted at once land one after another, none on top of
 *	another (the size of a write in flight moves at its completion);
 *	an ftruncate() to the old size, started while an append is in
 *	flight, waits for it (at least DELAY/2) and the file ends with the
 *	truncated size.
 *   wtasync freeze FILE DELAY_MS
 *	FIFREEZE of FILE's file system while write-through writes are in
 *	flight, synchronous and aio, waits for them (they complete before
 *	it returns, it takes over DELAY/2); writes started while frozen
 *	(pwritev2, io_submit) wait for FITHAW and then complete.
 *   wtasync exit FILE QD BS
 *	A child submits QD writes and exits without waiting for them; the
 *	parent finds them all on disk, and truncates and unlinks the file
 *	(which waits for write-through I/O in flight: a leaked count hangs).
 *   wtasync drain FILE DELAY_MS
 *	On a device DELAY_MS late, an ftruncate() that grows the file and an
 *	fallocate() beyond EOF, started while an aio write-through write
 *	inside EOF is in flight, wait for its I/O as they wait for direct
 *	I/O (inode_dio_wait()): each takes at least DELAY/2, and the write
 *	then completes whole.  Neither touches the write's folios, so only
 *	the inode's I/O count makes them wait.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <pthread.h>
#include <unistd.h>
#include <linux/fs.h>

#include "aio.h"
#include "probe.h"
#include "wt/parse.h"
#include "wt/rwf.h"

#define NPROBE 7

static int usage(void)
{
	fprintf(stderr, "usage: wtasync queued [-d] FILE DELAY_MS | qd [-d] FILE QD N BS SEED |"
		" overlap FILE DELAY_MS | readers [-a] FILE DELAY_MS | freeze FILE DELAY_MS |"
		" exit FILE QD BS | drain FILE DELAY_MS | extend FILE DELAY_MS (see tests/wtasync.c)\n");
	return 2;
}

/* the data of slot @slot: its number and the seed in every 8 bytes */
static void fill_slot(unsigned char *buf, size_t len, uint64_t slot, uint64_t seed)
{
	uint64_t v = (seed << 32) ^ (slot + 1) * 0x9e3779b97f4a7c15ull;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		uint64_t w = v + i;

		memcpy(buf + i, &w, 8);
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * A written file of @size bytes of 'O', cached in folios of up to @chunk
 * bytes (buffered writes make folios of their size).
 */
static int prefill_chunks(const char *path, size_t size, size_t chunk, int *fdp)
{
	unsigned char *buf = malloc(chunk);
	size_t off;
	int fd;

	if (!buf)
		return setup_error("malloc", path);
	memset(buf, 'O', chunk);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		goto fail;
	for (off = 0; off < size; off += chunk)
		if (pwrite(fd, buf, chunk, off) != (ssize_t)chunk)
			goto fail;
	if (fsync(fd))
		goto fail;
	free(buf);
	*fdp = fd;
	return 0;
fail:
	free(buf);
	return setup_error("prefill", path);
}

static int prefill(const char *path, size_t size, int *fdp)
{
	return prefill_chunks(path, size, size, fdp);
}

/* one aio write and its completion; the times in ns */
static int one_write(aio_context_t ctx, int fd, const void *buf, size_t len,
		     uint64_t off, int flags, uint64_t *sub, uint64_t *done,
		     long long *res)
{
	struct iocb cb, *cbs[1] = { &cb };
	struct io_event ev;
	uint64_t t0;

	aio_prep_write(&cb, fd, buf, len, off, flags, 1);
	t0 = now_ns();
	if (aio_submit(ctx, 1, cbs) != 1)
		return -1;
	*sub = now_ns() - t0;
	if (aio_getevents(ctx, 1, 1, &ev, NULL) != 1)
		return -1;
	*done = now_ns() - t0;
	*res = ev.res;
	return 0;
}

static int cmd_queued(int argc, char **argv)
{
	uint64_t sub[NPROBE], done[NPROBE], delay, s, d;
	int flags = RWF_WRITETHROUGH, fd, i, bad = 0;
	unsigned char buf[4096], back[4096];
	aio_context_t ctx;
	long long res;

	if (argc > 1 && !strcmp(argv[1], "-d")) {
		flags |= RWF_DSYNC;
		argc--, argv++;
	}
	if (argc != 3 || wt_parse_uint(argv[2], 0, UINT64_MAX, &delay) || !delay)
		return usage();
	if (prefill(argv[1], 1 << 20, &fd))
		return 2;
	if (aio_setup(8, &ctx))
		return setup_error("io_setup", argv[1]);
	for (i = 0; i < NPROBE; i++) {
		fill_slot(buf, sizeof(buf), i, 7);
		if (one_write(ctx, fd, buf, sizeof(buf), (uint64_t)i * 8192, flags,
			      &sub[i], &done[i], &res))
			return setup_error("aio write", argv[1]);
		if (res != (long long)sizeof(buf)) {
			printf("FAIL: aio write %d returned %lld (expected %zu)\n", i, res,
			       sizeof(buf));
			bad = 1;
		}
	}
	qsort(sub, NPROBE, sizeof(sub[0]), cmp_u64);
	qsort(done, NPROBE, sizeof(done[0]), cmp_u64);
	s = sub[NPROBE / 2];
	d = done[NPROBE / 2];
	if (s * 4 >= delay * 1000000 || d * 2 < delay * 1000000) {
		printf("FAIL: aio write-through%s inside EOF, device %" PRIu64 " ms: median "
		       "io_submit %.3f ms, completion %.3f ms (want submit < %.1f ms, "
		       "completion >= %.1f ms): not asynchronous\n",
		       flags & RWF_DSYNC ? "+dsync" : "", delay, ms(s), ms(d), delay / 4.0,
		       delay / 2.0);
		bad = 1;
	} else {
		printf("ok: aio write-through%s inside EOF, device %" PRIu64 " ms: median "
		       "io_submit %.3f ms, completion %.3f ms\n",
		       flags & RWF_DSYNC ? "+dsync" : "", delay, ms(s), ms(d));
	}

	/* an extending write: may complete in io_submit(), must be whole */
	fill_slot(buf, sizeof(buf), 99, 7);
	if (one_write(ctx, fd, buf, sizeof(buf), 1 << 20, flags, &s, &d, &res))
		return setup_error("aio write", argv[1]);
	if (res != (long long)sizeof(buf) ||
	    pread(fd, back, sizeof(back), 1 << 20) != (ssize_t)sizeof(back) ||
	    memcmp(buf, back, sizeof(buf))) {
		printf("FAIL: extending aio write-through returned %lld or reads back wrong\n",
		       res);
		bad = 1;
	} else {
		printf("ok: extending aio write-through: io_submit %.3f ms, completion %.3f ms\n",
		       ms(s), ms(d));
	}
	aio_destroy(ctx);
	close(fd);
	return bad;
}

/* every slot holds its data: through the cache, and on the device */
static int check_slots(const char *path, uint64_t n, size_t bs, uint64_t seed,
		       const char *what)
{
	unsigned char *want, *got;
	int fd, pass, bad = 0;
	uint64_t i;

	if (posix_memalign((void **)&want, 4096, bs) || posix_memalign((void **)&got, 4096, bs))
		return setup_error("malloc", path);
	for (pass = 0; pass < 2; pass++) {
		fd = open(path, O_RDONLY | (pass ? O_DIRECT : 0));
		if (fd < 0)
			return setup_error("open", path);
		for (i = 0; i < n && bad < 4; i++) {
			fill_slot(want, bs, i, seed);
			if (pread(fd, got, bs, i * bs) != (ssize_t)bs || memcmp(want, got, bs)) {
				printf("FAIL: %s: slot %" PRIu64 " (offset %" PRIu64 ") does not "
				       "read back its data (%s)\n", what, i, i * bs,
				       pass ? "O_DIRECT" : "cached");
				bad++;
			}
		}
		close(fd);
	}
	free(want);
	free(got);
	return bad ? 1 : 0;
}

static int submit_slots(aio_context_t ctx, int fd, uint64_t n, unsigned int qd, size_t bs,
			uint64_t seed, int flags, int wait, uint64_t *wrong)
{
	struct iocb *cbs = calloc(qd, sizeof(*cbs));
	unsigned char *bufs;
	uint64_t *order = malloc(n * sizeof(*order)), next = 0, rnd = seed | 1, i;
	unsigned int inflight = 0, k;
	struct io_event ev[64];

	if (!cbs || !order || posix_memalign((void **)&bufs, 4096, (size_t)qd * bs))
		return -1;
	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n - 1; i > 0; i--) {
		uint64_t j, t;

		rnd ^= rnd << 13, rnd ^= rnd >> 7, rnd ^= rnd << 17;
		j = rnd % (i + 1);
		t = order[i], order[i] = order[j], order[j] = t;
	}
	/* the slot k of cbs/bufs is free when its aio_data is 0 */
	while (next < n || (wait && inflight)) {
		while (next < n && inflight < qd) {
			struct iocb *cb;

			for (k = 0; cbs[k].aio_data; k++)
				;
			cb = &cbs[k];
			fill_slot(bufs + (size_t)k * bs, bs, order[next], seed);
			aio_prep_write(cb, fd, bufs + (size_t)k * bs, bs, order[next] * bs,
				       flags, k + 1);
			if (aio_submit(ctx, 1, &cb) != 1)
				return -1;
			next++;
			inflight++;
		}
		if (!wait && next == n)
			break;
		int got = aio_getevents(ctx, 1, 64, ev, NULL);

		if (got < 0)
			return -1;
		for (int e = 0; e < got; e++) {
			if (ev[e].res != (long long)bs) {
				if (!*wrong)
					printf("FAIL: an aio write-through of %zu bytes completed "
					       "with %lld\n", bs, (long long)ev[e].res);
				(*wrong)++;
			}
			cbs[ev[e].data - 1].aio_data = 0;
			inflight--;
		}
	}
	return 0;
}

static int cmd_qd(int argc, char **argv)
{
	uint64_t qd, n, bs, seed, wrong = 0, t0;
	int flags = RWF_WRITETHROUGH, fd, bad;
	aio_context_t ctx;

	if (argc > 1 && !strcmp(argv[1], "-d")) {
		flags |= RWF_DSYNC;
		argc--, argv++;
	}
	if (argc != 6 || wt_parse_uint(argv[2], 0, UINT64_MAX, &qd) || wt_parse_uint(argv[3], 0, UINT64_MAX, &n) ||
	    wt_parse_size(argv[4], &bs) || wt_parse_uint(argv[5], 0, UINT64_MAX, &seed) || !qd || qd > 1024 ||
	    !n || !bs || bs % 512)
		return usage();
	if (prefill(argv[1], n * bs, &fd))
		return 2;
	if (aio_setup(qd, &ctx))
		return setup_error("io_setup", argv[1]);
	t0 = now_ns();
	if (submit_slots(ctx, fd, n, qd, bs, seed, flags, 1, &wrong))
		return setup_error("aio", argv[1]);
	t0 = now_ns() - t0;
	aio_destroy(ctx);
	close(fd);
	bad = check_slots(argv[1], n, bs, seed, "aio qd") || wrong;
	if (!bad)
		printf("ok: %" PRIu64 " aio write-through%s writes of %" PRIu64 " bytes at "
		       "QD %" PRIu64 " in %.1f ms, all read back (cached and O_DIRECT)\n",
		       n, flags & RWF_DSYNC ? "+dsync" : "", bs, qd, ms(t0));
	return bad;
}

static int cmd_exit(int argc, char **argv)
{
	uint64_t qd, bs, wrong = 0;
	int fd, status;
	pid_t pid;

	if (argc != 4 || wt_parse_uint(argv[2], 0, UINT64_MAX, &qd) || wt_parse_size(argv[3], &bs) || !qd ||
	    qd > 1024 || !bs || bs % 512)
		return usage();
	if (prefill(argv[1], qd * bs, &fd))
		return 2;
	pid = fork();
	if (pid < 0)
		return setup_error("fork", argv[1]);
	if (!pid) {
		aio_context_t ctx;

		if (aio_setup(qd, &ctx) ||
		    submit_slots(ctx, fd, qd, qd, bs, 5, RWF_WRITETHROUGH, 0, &wrong))
			_exit(2);
		_exit(0);	/* with the writes in flight */
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		return setup_error("child", argv[1]);
	if (check_slots(argv[1], qd, bs, 5, "writes of an exited process"))
		return 1;
	if (ftruncate(fd, 0) || close(fd) || unlink(argv[1]))
		return setup_error("truncate/unlink", argv[1]);
	printf("ok: %" PRIu64 " aio write-through writes left in flight by an exiting process "
	       "are on disk; truncate and unlink went through\n", qd);
	return 0;
}

struct writer {
	int fd;
	uint64_t off;
	int n;
	int err;
	volatile int done;
	aio_context_t ctx;	/* aio: io_submit() n writes, do not wait */
};

static unsigned char aio_bufs[8][4096];

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	unsigned char buf[4096];
	struct iovec iov = { buf, sizeof(buf) };
	int i;

	if (w->ctx) {
		struct iocb cbs[8], *p[8];

		for (i = 0; i < w->n && i < 8; i++) {
			fill_slot(aio_bufs[i], 4096, w->off / 4096 + i, 9);
			aio_prep_write(&cbs[i], w->fd, aio_bufs[i], 4096,
				       w->off + (uint64_t)i * 4096, RWF_WRITETHROUGH, i + 1);
			p[i] = &cbs[i];
		}
		if (aio_submit(w->ctx, i, p) != i)
			w->err = errno ? errno : EIO;
		w->done = 1;
		return NULL;
	}
	for (i = 0; i < w->n; i++) {
		fill_slot(buf, sizeof(buf), w->off / 4096 + i, 9);
		if (pwritev2(w->fd, &iov, 1, w->off + (uint64_t)i * 4096,
			     RWF_WRITETHROUGH) != (ssize_t)sizeof(buf)) {
			w->err = errno ? errno : EIO;
			break;
		}
	}
	w->done = 1;
	return NULL;
}

/* the aio completions of @n writes: all there already (@wait 0) or waited for */
static int reap(aio_context_t ctx, int n, int wait, const char *what)
{
	struct timespec zero = { 0, 0 };
	struct io_event ev[8];
	int got = 0, r, i;

	while (got < n) {
		r = aio_getevents(ctx, wait ? 1 : 0, 8, ev, wait ? NULL : &zero);
		if (r < 0)
			return setup_error("io_getevents", what);
		if (!r)
			break;
		for (i = 0; i < r; i++)
			if (ev[i].res != 4096) {
				printf("FAIL: %s: an aio write completed with %lld\n", what,
				       (long long)ev[i].res);
				return 1;
			}
		got += r;
	}
	if (got != n) {
		printf("FAIL: %s: %d of %d aio writes had completed\n", what, got, n);
		return 1;
	}
	return 0;
}

static int cmd_readers(int argc, char **argv)
{
	uint64_t delay, *lat, n = 0, max = 1 << 20, t0, i;
	unsigned char buf[4096];
	struct writer w;
	pthread_t th;
	int fd, append = 0;

	if (argc > 1 && !strcmp(argv[1], "-a")) {
		append = 1;
		argc--, argv++;
	}
	if (argc != 3 || wt_parse_uint(argv[2], 1, 10000, &delay))
		return usage();
	lat = malloc(max * sizeof(*lat));
	if (!lat || prefill_chunks(argv[1], 4 << 20, 4096, &fd))
		return 2;
	for (i = 0; i < (2 << 20) / 4096; i++)	/* the read half, cached */
		if (pread(fd, buf, sizeof(buf), i * 4096) != (ssize_t)sizeof(buf))
			return setup_error("pread", argv[1]);
	w = (struct writer){ .fd = fd, .off = append ? 4 << 20 : 2 << 20, .n = 24 };
	if (pthread_create(&th, NULL, writer_main, &w))
		return setup_error("pthread_create", argv[1]);
	while (!w.done && n < max) {
		uint64_t off = (n * 7919 % ((2 << 20) / 4096)) * 4096;

		t0 = now_ns();
		if (pread(fd, buf, sizeof(buf), off) != (ssize_t)sizeof(buf))
			return setup_error("pread", argv[1]);
		lat[n++] = now_ns() - t0;
		usleep(200);
	}
	pthread_join(th, NULL);
	if (w.err)
		return setup_error("write-through write", argv[1]);
	close(fd);
	qsort(lat, n, sizeof(*lat), cmp_u64);
	if (n < 20 || lat[n * 99 / 100] * 4 >= delay * 1000000) {
		printf("FAIL: %" PRIu64 " cached reads during write-through %s (device %" PRIu64
		       " ms): p50 %.3f ms, p99 %.3f ms, max %.3f ms: held up by the writes' I/O\n",
		       n, append ? "appends" : "writes", delay, ms(lat[n / 2]),
		       ms(lat[n * 99 / 100]), ms(lat[n - 1]));
		return 1;
	}
	printf("ok: %" PRIu64 " cached reads during write-through %s (device %" PRIu64
	       " ms): p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", n,
	       append ? "appends" : "writes", delay, ms(lat[n / 2]),
	       ms(lat[n * 99 / 100]), ms(lat[n - 1]));
	free(lat);
	return 0;
}

static int cmd_freeze(int argc, char **argv)
{
	uint64_t delay, t0, t;
	struct writer w;
	pthread_t th;
	aio_context_t ctx;
	int fd, bad = 0, r;

	if (argc != 3 || wt_parse_uint(argv[2], 1, 10000, &delay))
		return usage();
	if (prefill_chunks(argv[1], 1 << 20, 4096, &fd))
		return 2;
	if (aio_setup(16, &ctx))
		return setup_error("io_setup", argv[1]);

	/* (1) a synchronous write-through write in flight */
	w = (struct writer){ .fd = fd, .off = 0, .n = 1 };
	if (pthread_create(&th, NULL, writer_main, &w))
		return setup_error("pthread_create", argv[1]);
	usleep(delay * 1000 / 4);
	t0 = now_ns();
	if (ioctl(fd, FIFREEZE, 0))
		return setup_error("FIFREEZE", argv[1]);
	t = now_ns() - t0;
	r = w.done;
	if (ioctl(fd, FITHAW, 0))
		return setup_error("FITHAW", argv[1]);
	pthread_join(th, NULL);
	if (!r || w.err || t * 2 < delay * 1000000) {
		printf("FAIL: freeze with a write-through write in flight returned after %.1f ms, "
		       "the write %s (error %d)\n", ms(t), r ? "done" : "not done", w.err);
		bad = 1;
	} else {
		printf("ok: freeze waited %.1f ms for a write-through write in flight\n", ms(t));
	}

	/* (2) aio write-through writes in flight */
	w = (struct writer){ .fd = fd, .off = 64 << 10, .n = 8, .ctx = ctx };
	writer_main(&w);
	if (w.err)
		return setup_error("io_submit", argv[1]);
	t0 = now_ns();
	if (ioctl(fd, FIFREEZE, 0))
		return setup_error("FIFREEZE", argv[1]);
	t = now_ns() - t0;
	r = reap(ctx, 8, 0, "aio writes in flight at freeze");
	if (ioctl(fd, FITHAW, 0))
		return setup_error("FITHAW", argv[1]);
	if (r == 2)
		return 2;
	if (r || t * 2 < delay * 1000000) {
		printf("FAIL: freeze with 8 aio write-through writes in flight returned after "
		       "%.1f ms\n", ms(t));
		bad = 1;
	} else {
		printf("ok: freeze waited %.1f ms for 8 aio write-through writes in flight, "
		       "all complete when it returned\n", ms(t));
	}

	/* (3) writes started while frozen wait for the thaw */
	for (int aio = 0; aio < 2; aio++) {
		const char *what = aio ? "io_submit" : "pwritev2";

		if (ioctl(fd, FIFREEZE, 0))
			return setup_error("FIFREEZE", argv[1]);
		w = (struct writer){ .fd = fd, .off = 128 << 10, .n = aio ? 8 : 1,
				     .ctx = aio ? ctx : 0 };
		if (pthread_create(&th, NULL, writer_main, &w))
			return setup_error("pthread_create", argv[1]);
		usleep(delay * 2000);
		r = w.done;
		if (ioctl(fd, FITHAW, 0))
			return setup_error("FITHAW", argv[1]);
		pthread_join(th, NULL);
		if (r || w.err || (aio && reap(ctx, 8, 1, "aio writes after thaw"))) {
			printf("FAIL: a write-through %s while frozen %s (error %d)\n", what,
			       r ? "went through" : "failed after the thaw", w.err);
			bad = 1;
		} else {
			printf("ok: a write-through %s while frozen waited for the thaw, then "
			       "completed\n", what);
		}
	}
	aio_destroy(ctx);
	close(fd);
	return bad;
}

static int cmd_overlap(int argc, char **argv)
{
	uint64_t delay, t0, tr, tw, dns;
	struct writer w[2];
	unsigned char buf[4096];
	pthread_t th[2];
	int fd, bad = 0, i;

	if (argc != 3 || wt_parse_uint(argv[2], 1, 10000, &delay))
		return usage();
	dns = delay * 1000000;
	/*
	 * 4 KiB folios: a folio is under writeback as a whole, so writes
	 * to one large folio wait for each other's I/O.
	 */
	if (prefill_chunks(argv[1], 4 << 20, 4096, &fd))
		return 2;
	/* the read below must hit the cache */
	if (pread(fd, buf, sizeof(buf), 2 << 20) != (ssize_t)sizeof(buf))
		return setup_error("pread", argv[1]);

	/* a reader during one write-through write */
	w[0] = (struct writer){ .fd = fd, .off = 0, .n = 1 };
	if (pthread_create(&th[0], NULL, writer_main, &w[0]))
		return setup_error("pthread_create", argv[1]);
	usleep(delay * 1000 / 4);
	t0 = now_ns();
	if (pread(fd, buf, sizeof(buf), 2 << 20) != (ssize_t)sizeof(buf))
		return setup_error("pread", argv[1]);
	tr = now_ns() - t0;
	pthread_join(th[0], NULL);
	if (w[0].err)
		return setup_error("write-through write", argv[1]);
	if (tr * 4 >= dns) {
		printf("FAIL: a cached read took %.3f ms during a write-through write to another "
		       "range of the file (device %" PRIu64 " ms): it waited for the I/O\n",
		       ms(tr), delay);
		bad = 1;
	} else {
		printf("ok: a cached read took %.3f ms during a write-through write to another "
		       "range of the file (device %" PRIu64 " ms)\n", ms(tr), delay);
	}

	/* two writers to their own ranges */
	t0 = now_ns();
	for (i = 0; i < 2; i++) {
		w[i] = (struct writer){ .fd = fd, .off = (uint64_t)i << 20, .n = 4 };
		if (pthread_create(&th[i], NULL, writer_main, &w[i]))
			return setup_error("pthread_create", argv[1]);
	}
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	tw = now_ns() - t0;
	if (w[0].err || w[1].err)
		return setup_error("write-through write", argv[1]);
	if (tw >= 6 * dns) {
		printf("FAIL: 2 threads x 4 write-through writes to their own ranges took "
		       "%.1f ms (device %" PRIu64 " ms; serialized is %" PRIu64 " ms): their I/O "
		       "did not overlap\n", ms(tw), delay, 8 * delay);
		bad = 1;
	} else {
		printf("ok: 2 threads x 4 write-through writes to their own ranges took %.1f ms "
		       "(device %" PRIu64 " ms; serialized is %" PRIu64 " ms)\n", ms(tw), delay,
		       8 * delay);
	}
	close(fd);
	return bad;
}

static int cmd_drain(int argc, char **argv)
{
	static const char *const ops[] = { "ftruncate growing the file", "fallocate beyond EOF" };
	uint64_t delay, dns, t0, ts, t;
	unsigned char buf[4096];
	struct iocb cb, *cbs[1] = { &cb };
	struct io_event ev;
	aio_context_t ctx;
	off_t size = 1 << 20;
	int fd, bad = 0, i, r;

	if (argc != 3 || wt_parse_uint(argv[2], 1, 10000, &delay))
		return usage();
	dns = delay * 1000000;
	if (prefill_chunks(argv[1], size, 4096, &fd))
		return 2;
	if (aio_setup(4, &ctx))
		return setup_error("io_setup", argv[1]);
	for (i = 0; i < 2; i++) {
		fill_slot(buf, sizeof(buf), i, 11);
		aio_prep_write(&cb, fd, buf, sizeof(buf), (uint64_t)i * 8192, RWF_WRITETHROUGH, 1);
		t0 = now_ns();
		if (aio_submit(ctx, 1, cbs) != 1)
			return setup_error("io_submit", argv[1]);
		ts = now_ns() - t0;
		t0 = now_ns();
		if (i == 0)
			r = ftruncate(fd, size + 4096);
		else
			r = fallocate(fd, FALLOC_FL_KEEP_SIZE, 4 << 20, 4096);
		t = now_ns() - t0;
		if (r)
			return setup_error(i ? "fallocate" : "ftruncate", argv[1]);
		if (aio_getevents(ctx, 1, 1, &ev, NULL) != 1)
			return setup_error("io_getevents", argv[1]);
		if (ts * 4 >= dns) {
			printf("FAIL: %s: io_submit took %.3f ms (device %" PRIu64 " ms): the "
			       "write was not in flight\n", ops[i], ms(ts), delay);
			bad = 1;
		} else if (t * 2 < dns || ev.res != (long long)sizeof(buf)) {
			printf("FAIL: %s returned after %.3f ms with an aio write-through write in "
			       "flight (device %" PRIu64 " ms; want >= %.1f ms), the write completed "
			       "with %lld: it did not wait for the write's I/O\n", ops[i], ms(t),
			       delay, delay / 2.0, (long long)ev.res);
			bad = 1;
		} else {
			printf("ok: %s waited %.1f ms for an aio write-through write in flight "
			       "(device %" PRIu64 " ms)\n", ops[i], ms(t), delay);
		}
	}
	aio_destroy(ctx);
	close(fd);
	return bad;
}

/* [from, to) of FILE holds slots from @slot0 on, 4 KiB each, and the size is @to */
static int check_tail(int fd, off_t from, off_t to, uint64_t slot0, uint64_t seed,
		      const char *what)
{
	unsigned char want[4096], got[4096];
	struct stat st;
	off_t off;

	if (fstat(fd, &st))
		return setup_error("fstat", what);
	if (st.st_size != to) {
		printf("FAIL: %s: size %lld, want %lld\n", what, (long long)st.st_size,
		       (long long)to);
		return 1;
	}
	for (off = from; off < to; off += 4096) {
		fill_slot(want, sizeof(want), slot0 + (off - from) / 4096, seed);
		if (pread(fd, got, sizeof(got), off) != (ssize_t)sizeof(got) ||
		    memcmp(want, got, sizeof(got))) {
			printf("FAIL: %s: the 4 KiB at %lld read back wrong\n", what,
			       (long long)off);
			return 1;
		}
	}
	return 0;
}

static int cmd_extend(int argc, char **argv)
{
	static unsigned char bufs[8][4096];
	uint64_t sub[NPROBE], done[NPROBE], delay, dns, s, d, t0, t;
	struct iocb cbs[8], *p[8];
	struct io_event ev;
	off_t size = 64 << 10, base;
	aio_context_t ctx;
	long long res;
	int fd, afd, i, bad = 0;

	if (argc != 3 || wt_parse_uint(argv[2], 1, 10000, &delay))
		return usage();
	dns = delay * 1000000;
	if (prefill_chunks(argv[1], size, 4096, &fd))
		return 2;
	if (aio_setup(8, &ctx))
		return setup_error("io_setup", argv[1]);

	/* appends one at a time: each returns at submission */
	for (i = 0, base = size; i < NPROBE; i++, size += 4096) {
		fill_slot(bufs[0], 4096, i, 21);
		if (one_write(ctx, fd, bufs[0], 4096, size, RWF_WRITETHROUGH, &sub[i], &done[i],
			      &res))
			return setup_error("aio write", argv[1]);
		if (res != 4096) {
			printf("FAIL: extending aio write %d returned %lld\n", i, res);
			bad = 1;
		}
	}
	bad |= check_tail(fd, base, size, 0, 21, "appends one at a time");
	qsort(sub, NPROBE, sizeof(sub[0]), cmp_u64);
	qsort(done, NPROBE, sizeof(done[0]), cmp_u64);
	s = sub[NPROBE / 2];
	d = done[NPROBE / 2];
	if (s * 4 >= dns || d * 2 < dns) {
		printf("FAIL: aio write-through appends, device %" PRIu64 " ms: median io_submit "
		       "%.3f ms, completion %.3f ms (want submit < %.1f ms, completion >= "
		       "%.1f ms): not asynchronous\n", delay, ms(s), ms(d), delay / 4.0,
		       delay / 2.0);
		bad = 1;
	} else {
		printf("ok: aio write-through appends, device %" PRIu64 " ms: median io_submit "
		       "%.3f ms, completion %.3f ms\n", delay, ms(s), ms(d));
	}

	/* 8 appends in flight at once */
	for (i = 0; i < 8; i++) {
		fill_slot(bufs[i], 4096, i, 22);
		aio_prep_write(&cbs[i], fd, bufs[i], 4096, size + (off_t)i * 4096,
			       RWF_WRITETHROUGH, i + 1);
		p[i] = &cbs[i];
	}
	if (aio_submit(ctx, 8, p) != 8)
		return setup_error("io_submit", argv[1]);
	if (reap(ctx, 8, 1, "8 appends in flight"))
		bad = 1;
	else if (!check_tail(fd, size, size + 8 * 4096, 0, 22, "8 appends in flight"))
		printf("ok: 8 aio write-through appends in flight: all whole, size and data "
		       "right\n");
	else
		bad = 1;
	size += 8 * 4096;

	/* O_APPEND: each write starts where the one before it ends */
	afd = open(argv[1], O_WRONLY | O_APPEND);
	if (afd < 0)
		return setup_error("open O_APPEND", argv[1]);
	for (i = 0; i < 8; i++) {
		fill_slot(bufs[i], 4096, i, 24);
		aio_prep_write(&cbs[i], afd, bufs[i], 4096, 0, RWF_WRITETHROUGH, i + 1);
	}
	if (aio_submit(ctx, 8, p) != 8)
		return setup_error("io_submit", argv[1]);
	if (reap(ctx, 8, 1, "8 O_APPEND writes in flight"))
		bad = 1;
	else if (!check_tail(fd, size, size + 8 * 4096, 0, 24, "8 O_APPEND writes in flight"))
		printf("ok: 8 aio write-through O_APPEND writes submitted at once: one after "
		       "another, size and data right\n");
	else
		bad = 1;
	close(afd);
	base = size;
	size += 8 * 4096;

	/* a truncate waits for an append in flight, and its size stays */
	fill_slot(bufs[0], 4096, 0, 23);
	aio_prep_write(&cbs[0], fd, bufs[0], 4096, size, RWF_WRITETHROUGH, 1);
	t0 = now_ns();
	if (aio_submit(ctx, 1, p) != 1)
		return setup_error("io_submit", argv[1]);
	s = now_ns() - t0;
	t0 = now_ns();
	if (ftruncate(fd, base))
		return setup_error("ftruncate", argv[1]);
	t = now_ns() - t0;
	if (aio_getevents(ctx, 1, 1, &ev, NULL) != 1)
		return setup_error("io_getevents", argv[1]);
	if (s * 4 >= dns) {
		printf("FAIL: truncate during an append: io_submit took %.3f ms (device %" PRIu64
		       " ms): the append was not in flight\n", ms(s), delay);
		bad = 1;
	} else if (t * 2 < dns || ev.res != 4096) {
		printf("FAIL: ftruncate returned after %.3f ms with an aio write-through append "
		       "in flight (device %" PRIu64 " ms; want >= %.1f ms), the append completed "
		       "with %lld\n", ms(t), delay, delay / 2.0, (long long)ev.res);
		bad = 1;
	} else if (!check_tail(fd, base, base, 0, 0, "ftruncate during an append")) {
		printf("ok: ftruncate waited %.1f ms for an aio write-through append in flight "
		       "(device %" PRIu64 " ms); the truncated size stays\n", ms(t), delay);
	} else {
		bad = 1;
	}
	aio_destroy(ctx);
	close(fd);
	return bad;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "queued"))
		return cmd_queued(argc - 1, argv + 1);
	if (!strcmp(argv[1], "qd"))
		return cmd_qd(argc - 1, argv + 1);
	if (!strcmp(argv[1], "overlap"))
		return cmd_overlap(argc - 1, argv + 1);
	if (!strcmp(argv[1], "readers"))
		return cmd_readers(argc - 1, argv + 1);
	if (!strcmp(argv[1], "freeze"))
		return cmd_freeze(argc - 1, argv + 1);
	if (!strcmp(argv[1], "exit"))
		return cmd_exit(argc - 1, argv + 1);
	if (!strcmp(argv[1], "drain"))
		return cmd_drain(argc - 1, argv + 1);
	if (!strcmp(argv[1], "extend"))
		return cmd_extend(argc - 1, argv + 1);
	return usage();
}
