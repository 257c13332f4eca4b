// SPDX-License-Identifier: GPL-2.0
/* Slot bookkeeping shared by the aio and io_uring engines. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "async.h"

int load_async_init(struct load_async *a, struct load_worker *w)
{
	unsigned int k;

	a->w = w;
	a->inflight = 0;
	a->next = 0;
	a->nslots = w->cfg->qd < w->n ? w->cfg->qd : (unsigned int)w->n;
	if (!a->nslots)
		a->nslots = 1;
	a->slots = calloc(a->nslots, sizeof(*a->slots));
	if (!a->slots)
		return load_fail(w, "slots", 0, ENOMEM);
	for (k = 0; k < a->nslots; k++) {
		if (posix_memalign((void **)&a->slots[k].buf, 4096, w->cfg->size)) {
			load_async_free(a);
			return load_fail(w, "buffers", 0, ENOMEM);
		}
	}
	return 0;
}

void load_async_free(struct load_async *a)
{
	unsigned int k;

	for (k = 0; a->slots && k < a->nslots; k++)
		free(a->slots[k].buf);
	free(a->slots);
	a->slots = NULL;
}

struct load_slot *load_async_next(struct load_async *a)
{
	const struct load_cfg *c = a->w->cfg;
	struct load_slot *s = NULL;
	unsigned int k;

	if (a->w->err || a->next >= a->w->n || a->inflight >= a->nslots)
		return NULL;
	for (k = 0; k < a->nslots && !s; k++)
		if (!a->slots[k].busy)
			s = &a->slots[k];
	s->i = a->w->first + a->next++;
	s->off = load_offset(c, s->i);
	load_fill(c, s->buf, s->i);
	s->iov.iov_base = s->buf;
	s->iov.iov_len = c->size;
	s->t0 = 0;
	s->ok = 0;
	s->pending = 0;
	s->busy = 1;
	a->inflight++;
	return s;
}

void load_async_stamp(struct load_async *a)
{
	uint64_t now = load_now_ns();
	unsigned int k;

	for (k = 0; k < a->nslots; k++)
		if (a->slots[k].busy && !a->slots[k].t0)
			a->slots[k].t0 = now;
}

void load_async_write_done(struct load_async *a, struct load_slot *s, long res,
			   const char *what)
{
	struct load_worker *w = a->w;

	if (res < 0) {
		if (!w->err)
			w->err = load_fail(w, what, s->off, (int)-res);
		return;
	}
	if ((uint64_t)res != w->cfg->size) {
		if (!w->shorts++ && !w->err)
			snprintf(w->errmsg, sizeof(w->errmsg),
				 "short write at %" PRIu64 ": %ld of %" PRIu64, s->off, res,
				 w->cfg->size);
		return;
	}
	s->ok = 1;
}

void load_async_step_failed(struct load_async *a, struct load_slot *s, long res,
			    const char *what)
{
	s->ok = 0;
	if (!a->w->err)
		a->w->err = load_fail(a->w, what, s->off, (int)-res);
}

void load_async_finish(struct load_async *a, struct load_slot *s)
{
	struct load_worker *w = a->w;
	uint64_t lat = load_now_ns() - s->t0;

	if (s->ok) {
		w->lat_ns[w->done++] = lat;
		if (w->cfg->verbose)
			load_print_write(w->cfg, s->i, lat);
	}
	s->busy = 0;
	a->inflight--;
}
