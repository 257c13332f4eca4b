// SPDX-License-Identifier: GPL-2.0
/*
 * The aio engine: up to qd writes in flight on the thread's own aio
 * context (io_prep_pwritev with the mode's RWF_* flags in aio_rw_flags).
 * For buffered + fdatasync, a write that completes in full is followed by
 * an IOCB_CMD_FDSYNC on the same slot, and the write counts as complete
 * when that does: the latency covers both.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libaio.h>
#include <stdlib.h>

#include "async.h"

struct aio_state {
	struct load_async a;
	io_context_t ctx;
	struct iocb *cbs;	/* one per slot */
	struct iocb **list;
	struct io_event *ev;
};

static struct iocb *slot_cb(struct aio_state *st, struct load_slot *s)
{
	return &st->cbs[s - st->a.slots];
}

/* Submit n prepared iocbs; one refused at submission completes with its error. */
static void submit(struct aio_state *st, int n, const char *what)
{
	int done = 0, r;

	while (done < n) {
		r = io_submit(st->ctx, n - done, st->list + done);
		if (r == -EAGAIN || r == -EINTR)
			continue;
		if (r > 0) {
			done += r;
			continue;
		}
		struct load_slot *s = st->list[done]->data;

		if (!r)
			r = -EIO;
		if (s->pending == 2)
			load_async_step_failed(&st->a, s, r, what);
		else
			load_async_write_done(&st->a, s, r, what);
		load_async_finish(&st->a, s);
		done++;
	}
}

static void reap(struct aio_state *st, struct io_event *e)
{
	struct load_slot *s = e->data;
	long res = (long)e->res;
	struct iocb *cb = slot_cb(st, s);

	if (s->pending == 2) {		/* its fdatasync */
		if (res < 0)
			load_async_step_failed(&st->a, s, res, "aio fdatasync after the write");
		load_async_finish(&st->a, s);
		return;
	}
	load_async_write_done(&st->a, s, res, "aio write");
	if (!s->ok || st->a.w->cfg->mode != LM_FDATASYNC) {
		load_async_finish(&st->a, s);
		return;
	}
	io_prep_fdsync(cb, st->a.w->fd);
	cb->data = s;
	s->pending = 2;
	st->list[0] = cb;
	submit(st, 1, "aio fdatasync after the write");
}

int load_engine_aio(struct load_worker *w)
{
	struct aio_state st = { 0 };
	int rw_flags = load_rw_flags(w->cfg), ret, n, k;
	struct load_slot *s;

	ret = load_async_init(&st.a, w);
	if (ret)
		return ret;
	st.cbs = calloc(st.a.nslots, sizeof(*st.cbs));
	st.list = calloc(st.a.nslots, sizeof(*st.list));
	st.ev = calloc(st.a.nslots, sizeof(*st.ev));
	if (!st.cbs || !st.list || !st.ev) {
		ret = load_fail(w, "aio state", 0, ENOMEM);
		goto out;
	}
	ret = io_setup(st.a.nslots, &st.ctx);
	if (ret < 0) {
		ret = load_fail(w, "io_setup", 0, -ret);
		goto out;
	}
	for (;;) {
		n = 0;
		while ((s = load_async_next(&st.a))) {
			struct iocb *cb = slot_cb(&st, s);

			io_prep_pwritev(cb, w->fd, &s->iov, 1, (long long)s->off);
			cb->aio_rw_flags = rw_flags;
			cb->data = s;
			s->pending = 1;
			st.list[n++] = cb;
		}
		if (n) {
			load_async_stamp(&st.a);
			submit(&st, n, "aio write");
		}
		if (!st.a.inflight)
			break;
		n = io_getevents(st.ctx, 1, st.a.nslots, st.ev, NULL);
		if (n == -EINTR)
			continue;
		if (n < 0) {
			w->err = load_fail(w, "io_getevents", 0, -n);
			break;
		}
		for (k = 0; k < n; k++)
			reap(&st, &st.ev[k]);
	}
	io_destroy(st.ctx);
	ret = w->err;
out:
	free(st.ev);
	free(st.list);
	free(st.cbs);
	load_async_free(&st.a);
	return ret;
}
