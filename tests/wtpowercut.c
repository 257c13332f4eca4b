// SPDX-License-Identifier: GPL-2.0
/*
 * wtpowercut: the guest side of the power-cut loop (tests/vm/powercut.sh).
 *
 *   wtpowercut write FILE SLOTS QD SEED MODE
 *	Fill FILE with SLOTS 4 KiB slots of generation 0, create FILE.log
 *	empty, fsync both, then write for ever, QD in flight: overwrites of
 *	random slots of FILE, each with the slot's next generation (never two
 *	to one slot at a time), and every 4th submission an extending write:
 *	4 KiB record SEQ, carrying (SEQ, magic), at offset SEQ * 4096 of
 *	FILE.log, at most one in flight so they complete in order.  A
 *	completion that reported success prints "A SLOT GEN" (overwrite) or
 *	"L SEQ" (append) once it is seen; a failed one "E ...".  After a
 *	seeded number of completions it prints WT-CRASH-NOW and goes on
 *	writing: the host kills QEMU at whatever point the writes reached.
 *	MODE: aio (aio RWF_WRITETHROUGH|RWF_DSYNC), uring (io_uring
 *	IORING_OP_WRITEV, rw_flags RWF_WRITETHROUGH|RWF_DSYNC), sync
 *	(pwritev2 RWF_WRITETHROUGH|RWF_DSYNC, QD 1), buffered (plain
 *	buffered writes, QD 1, not durable: the control that shows the
 *	check finds lost writes).
 *   wtpowercut check FILE SLOTS
 *	After the reboot: "S SLOT GEN" for each slot that holds one whole
 *	generation of its own data, "S SLOT X" for any other content; then
 *	"LOG SIZE HIGHEST": FILE.log's size and the highest SEQ such that
 *	records 0..SEQ are all whole (-1: none), and "LOGTORN SEQ" for each
 *	record beyond that which is neither whole nor zero.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <liburing.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "aio.h"
#include "probe.h"
#include "wt/parse.h"
#include "wt/rwf.h"

#define SLOT 4096
#define MAXQD 64
#define MAGIC 0x57544c4f47524543ull	/* "WTLOGREC" */
#define APPEND_EVERY 4

enum mode { M_AIO, M_URING, M_SYNC, M_BUFFERED };
static const char *const mode_names[] = { "aio", "uring", "sync", "buffered" };

/* one write in flight: an overwrite of @id (slot) with @gen, or append @id (seq) */
struct op {
	int busy, append;
	uint64_t id, gen;
	unsigned char *buf;
	struct iovec iov;
	struct iocb cb;
};

struct writer {
	enum mode mode;
	int fd, logfd, flags;
	unsigned int qd, inflight;
	aio_context_t ctx;
	struct io_uring ring;
	struct op ops[MAXQD];
	unsigned char *slot_busy;
	uint64_t done;
	int append_busy;
};

static int usage(void)
{
	fprintf(stderr, "usage: wtpowercut write FILE SLOTS QD SEED aio|uring|sync|buffered | "
		"check FILE SLOTS (see tests/wtpowercut.c)\n");
	return 2;
}

static void fill(unsigned char *buf, uint64_t a, uint64_t b)
{
	uint64_t w[2] = { a, b };
	size_t i;

	for (i = 0; i < SLOT; i += sizeof(w))
		memcpy(buf + i, w, sizeof(w));
}

/* 1 if @buf holds (@a, @b) throughout */
static int whole(const unsigned char *buf, uint64_t a, uint64_t b)
{
	uint64_t w[2] = { a, b };
	size_t i;

	for (i = 0; i < SLOT; i += sizeof(w))
		if (memcmp(buf + i, w, sizeof(w)))
			return 0;
	return 1;
}

/* the generation that @buf holds whole for @slot, or -1 */
static int64_t generation(const unsigned char *buf, uint64_t slot)
{
	uint64_t w[2];

	memcpy(w, buf, sizeof(w));
	if (w[0] != slot || !whole(buf, w[0], w[1]))
		return -1;
	return (int64_t)w[1];
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* a completion of @op with result @res: print it, free the op */
static void complete(struct writer *w, struct op *op, long long res)
{
	if (res == SLOT && op->append)
		printf("L %" PRIu64 "\n", op->id);
	else if (res == SLOT)
		printf("A %" PRIu64 " %" PRIu64 "\n", op->id, op->gen);
	else
		printf("E %s %" PRIu64 " %lld\n", op->append ? "L" : "A", op->id, res);
	if (op->append)
		w->append_busy = 0;
	else
		w->slot_busy[op->id] = 0;
	op->busy = 0;
	w->inflight--;
	w->done++;
}

/* start @op; sync and buffered complete it here */
static int submit(struct writer *w, struct op *op)
{
	int fd = op->append ? w->logfd : w->fd;
	uint64_t off = op->id * SLOT;
	struct iocb *cb = &op->cb;
	struct io_uring_sqe *sqe;

	w->inflight++;
	switch (w->mode) {
	case M_SYNC:
	case M_BUFFERED:
		complete(w, op, pwritev2(fd, &op->iov, 1, off, w->flags));
		return 0;
	case M_AIO:
		aio_prep_write(cb, fd, op->buf, SLOT, off, w->flags, (uintptr_t)op);
		return aio_submit(w->ctx, 1, &cb) == 1 ? 0 : -1;
	case M_URING:
		sqe = io_uring_get_sqe(&w->ring);
		if (!sqe)
			return -1;
		io_uring_prep_writev2(sqe, fd, &op->iov, 1, off, w->flags);
		io_uring_sqe_set_data(sqe, op);
		return 0;
	}
	return -1;
}

/* wait for at least one completion (aio, uring) */
static int reap(struct writer *w)
{
	struct io_event ev[MAXQD];
	struct io_uring_cqe *cqe;
	int got, e;

	if (w->mode == M_AIO) {
		got = aio_getevents(w->ctx, 1, MAXQD, ev, NULL);
		if (got < 0)
			return -1;
		for (e = 0; e < got; e++)
			complete(w, (struct op *)(uintptr_t)ev[e].data, ev[e].res);
		return 0;
	}
	if (w->mode != M_URING)
		return 0;
	e = io_uring_submit_and_wait(&w->ring, 1);
	if (e < 0) {
		errno = -e;
		return -1;
	}
	while (!io_uring_peek_cqe(&w->ring, &cqe)) {
		complete(w, io_uring_cqe_get_data(cqe), cqe->res);
		io_uring_cqe_seen(&w->ring, cqe);
	}
	return 0;
}

static int cmd_write(int argc, char **argv)
{
	static struct writer w;
	uint64_t slots, qd, seed, crash_at, s, *gen, nsub = 0, seq = 0;
	unsigned char *bufs;
	char logpath[4096];
	int want_append = 0;
	unsigned int k;

	if (argc != 6 || wt_parse_uint(argv[2], 16, 1 << 20, &slots) ||
	    wt_parse_uint(argv[3], 1, MAXQD, &qd) || wt_parse_uint(argv[4], 1, UINT64_MAX, &seed))
		return usage();
	for (k = 0; k < 4 && strcmp(argv[5], mode_names[k]); k++)
		;
	if (k == 4)
		return usage();
	w.mode = k;
	w.flags = w.mode == M_BUFFERED ? 0 : RWF_WRITETHROUGH | RWF_DSYNC;
	if (w.mode == M_SYNC || w.mode == M_BUFFERED)
		qd = 1;
	w.qd = qd;
	snprintf(logpath, sizeof(logpath), "%s.log", argv[1]);
	gen = calloc(slots, sizeof(*gen));
	w.slot_busy = calloc(slots, 1);
	if (!gen || !w.slot_busy || posix_memalign((void **)&bufs, 4096, (size_t)MAXQD * SLOT))
		return setup_error("malloc", argv[1]);
	for (k = 0; k < MAXQD; k++) {
		w.ops[k].buf = bufs + (size_t)k * SLOT;
		w.ops[k].iov = (struct iovec){ w.ops[k].buf, SLOT };
	}
	w.fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (w.fd < 0)
		return setup_error("open", argv[1]);
	w.logfd = open(logpath, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (w.logfd < 0)
		return setup_error("open", logpath);
	for (s = 0; s < slots; s++) {
		fill(bufs, s, 0);
		if (pwrite(w.fd, bufs, SLOT, s * SLOT) != SLOT)
			return setup_error("prefill", argv[1]);
	}
	if (fsync(w.fd) || fsync(w.logfd))
		return setup_error("fsync", argv[1]);
	if (w.mode == M_AIO && aio_setup(qd, &w.ctx))
		return setup_error("io_setup", argv[1]);
	if (w.mode == M_URING) {
		int e = io_uring_queue_init(qd, &w.ring, 0);

		if (e) {
			errno = -e;
			return setup_error("io_uring_queue_init", argv[1]);
		}
	}
	s = seed * 0x9e3779b97f4a7c15ull | 1;
	crash_at = 100 + rnd(&s) % 400;
	printf("powercut: %s writes to %" PRIu64 " slots and appends to %s at QD %" PRIu64
	       ", crash after %" PRIu64 " completions\n", argv[5], slots, logpath, qd, crash_at);
	for (;;) {
		/* fill every free op */
		for (k = 0; k < qd && w.inflight < qd; k++) {
			struct op *op = &w.ops[k];

			if (op->busy)
				continue;
			if (++nsub % APPEND_EVERY == 0)
				want_append = 1;
			op->busy = 1;
			op->append = want_append && !w.append_busy;
			if (op->append) {
				want_append = 0;
				w.append_busy = 1;
				op->id = seq++;
				op->gen = 0;
				fill(op->buf, op->id, MAGIC);
			} else {
				do
					op->id = rnd(&s) % slots;
				while (w.slot_busy[op->id]);
				w.slot_busy[op->id] = 1;
				op->gen = ++gen[op->id];
				fill(op->buf, op->id, op->gen);
			}
			if (submit(&w, op))
				return setup_error(w.mode == M_AIO ? "io_submit" : "io_uring_get_sqe",
						   argv[1]);
		}
		if (reap(&w))
			return setup_error(w.mode == M_AIO ? "io_getevents" : "io_uring_submit",
					   argv[1]);
		if (w.done >= crash_at) {
			printf("WT-CRASH-NOW\n");
			crash_at = UINT64_MAX;
		}
	}
}

static int zero(const unsigned char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (buf[i])
			return 0;
	return 1;
}

/* read record @seq of @fd into @buf, zero-padded; -1 on error */
static int record(int fd, uint64_t seq, unsigned char *buf)
{
	ssize_t n = pread(fd, buf, SLOT, seq * SLOT);

	if (n < 0)
		return -1;
	memset(buf + n, 0, SLOT - n);
	return 0;
}

/* FILE.log: its size, the highest SEQ with 0..SEQ whole, torn records after it */
static int check_log(const char *path)
{
	unsigned char buf[SLOT];
	uint64_t seq, n;
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		return setup_error("open", path);
	n = ((uint64_t)st.st_size + SLOT - 1) / SLOT;
	for (seq = 0; seq < n; seq++) {
		if (record(fd, seq, buf))
			return setup_error("pread", path);
		if (!whole(buf, seq, MAGIC))
			break;
	}
	printf("LOG %lld %lld\n", (long long)st.st_size, (long long)seq - 1);
	for (; seq < n; seq++) {
		if (record(fd, seq, buf))
			return setup_error("pread", path);
		if (!whole(buf, seq, MAGIC) && !zero(buf, SLOT))
			printf("LOGTORN %" PRIu64 "\n", seq);
	}
	close(fd);
	return 0;
}

static int cmd_check(int argc, char **argv)
{
	unsigned char buf[SLOT];
	char logpath[4096];
	uint64_t slots, s;
	int fd;

	if (argc != 3 || wt_parse_uint(argv[2], 16, 1 << 20, &slots))
		return usage();
	fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		return setup_error("open", argv[1]);
	for (s = 0; s < slots; s++) {
		int64_t g = -1;

		if (pread(fd, buf, SLOT, s * SLOT) == SLOT)
			g = generation(buf, s);
		if (g < 0)
			printf("S %" PRIu64 " X\n", s);
		else
			printf("S %" PRIu64 " %" PRId64 "\n", s, g);
	}
	close(fd);
	snprintf(logpath, sizeof(logpath), "%s.log", argv[1]);
	return check_log(logpath);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "write"))
		return cmd_write(argc - 1, argv + 1);
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	return usage();
}
