/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Slots of the asynchronous engines (aio, io_uring): one buffer per write
 * in flight, the submit time, and the completion accounting they share.
 */
#ifndef WT_LOAD_ASYNC_H
#define WT_LOAD_ASYNC_H

#include <stdint.h>
#include <sys/uio.h>

#include "wt/load.h"

struct load_slot {
	unsigned char *buf;
	struct iovec iov;
	uint64_t i, off;	/* write number and offset */
	uint64_t t0;		/* submit time; 0 until stamped */
	int busy;
	int ok;			/* the write completed in full */
	int pending;		/* completions still to come for this write */
};

struct load_async {
	struct load_worker *w;
	struct load_slot *slots;
	unsigned int nslots;	/* queue depth, at most the worker's writes */
	unsigned int inflight;
	uint64_t next;		/* next write to issue, 0..w->n */
};

int load_async_init(struct load_async *a, struct load_worker *w);
void load_async_free(struct load_async *a);
/* Claim a free slot for the next write and fill its buffer; NULL when none. */
struct load_slot *load_async_next(struct load_async *a);
/* Set the submit time of the slots claimed since the last stamp. */
void load_async_stamp(struct load_async *a);
/*
 * The write of s completed with res (bytes, or a negative errno): sets
 * s->ok, counts a short write, records an error in the worker.
 */
void load_async_write_done(struct load_async *a, struct load_slot *s, long res,
			   const char *what);
/* A later step of s (its fdatasync) failed with res < 0. */
void load_async_step_failed(struct load_async *a, struct load_slot *s, long res,
			    const char *what);
/* Every completion of s is in: record its latency if it succeeded, free it. */
void load_async_finish(struct load_async *a, struct load_slot *s);

#endif
