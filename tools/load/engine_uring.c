// SPDX-License-Identifier: GPL-2.0
/*
 * The io_uring engine: up to qd writes in flight on the thread's own ring
 * (IORING_OP_WRITEV with the mode's RWF_* flags in rw_flags).  For
 * buffered + fdatasync each write is linked (IOSQE_IO_LINK) to an
 * IORING_OP_FSYNC with IORING_FSYNC_DATASYNC, and the write counts as
 * complete when its fsync is: the latency covers both.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <liburing.h>
#include <stdint.h>

#include "async.h"

#define TAG_FSYNC 1ul	/* low bit of user_data: the linked fsync's completion */

static void queue_write(struct io_uring *ring, struct load_slot *s, int fd, int rw_flags,
			int fsync)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	io_uring_prep_writev(sqe, fd, &s->iov, 1, s->off);
	sqe->rw_flags = rw_flags;
	io_uring_sqe_set_data(sqe, s);
	s->pending = 1;
	if (!fsync)
		return;
	sqe->flags |= IOSQE_IO_LINK;
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_fsync(sqe, fd, IORING_FSYNC_DATASYNC);
	io_uring_sqe_set_data(sqe, (void *)((uintptr_t)s | TAG_FSYNC));
	s->pending = 2;
}

static void reap(struct load_async *a, struct io_uring_cqe *cqe)
{
	uintptr_t data = (uintptr_t)io_uring_cqe_get_data(cqe);
	struct load_slot *s = (struct load_slot *)(data & ~TAG_FSYNC);

	if (!(data & TAG_FSYNC))
		load_async_write_done(a, s, cqe->res, "io_uring write");
	else if (cqe->res < 0 && cqe->res != -ECANCELED)	/* cancelled: the write failed */
		load_async_step_failed(a, s, cqe->res, "io_uring fdatasync after the write");
	if (!--s->pending)
		load_async_finish(a, s);
}

int load_engine_uring(struct load_worker *w)
{
	const struct load_cfg *c = w->cfg;
	int fsync = c->mode == LM_FDATASYNC, rw_flags = load_rw_flags(c), ret;
	struct io_uring_cqe *cqe;
	struct load_async a;
	struct io_uring ring;
	struct load_slot *s;

	ret = load_async_init(&a, w);
	if (ret)
		return ret;
	ret = io_uring_queue_init(2 * a.nslots, &ring, 0);
	if (ret < 0) {
		load_async_free(&a);
		return load_fail(w, "io_uring_queue_init", 0, -ret);
	}
	for (;;) {
		int queued = 0;

		while ((s = load_async_next(&a))) {
			queue_write(&ring, s, w->fd, rw_flags, fsync);
			queued = 1;
		}
		if (queued) {
			load_async_stamp(&a);
			ret = io_uring_submit(&ring);
			if (ret < 0) {	/* nothing was taken: no completions will come */
				w->err = load_fail(w, "io_uring_submit", 0, -ret);
				break;
			}
		}
		if (!a.inflight)
			break;
		ret = io_uring_wait_cqe(&ring, &cqe);
		if (ret == -EINTR)
			continue;
		if (ret < 0) {
			w->err = load_fail(w, "io_uring_wait_cqe", 0, -ret);
			break;
		}
		do {
			reap(&a, cqe);
			io_uring_cqe_seen(&ring, cqe);
		} while (io_uring_peek_cqe(&ring, &cqe) == 0);
	}
	io_uring_queue_exit(&ring);
	load_async_free(&a);
	return w->err;
}
