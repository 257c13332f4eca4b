/* SPDX-License-Identifier: GPL-2.0 */
/* wtsnoop's output: the header and one line per write, text, JSON or CSV. */
#ifndef WT_SNOOPFMT_H
#define WT_SNOOPFMT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "wt/wt_events.h"

/* width of the text FILE column: longer paths lose their left end */
#define WT_SNOOP_FILE_COL 24

enum wt_snoop_fmt { WT_SNOOP_TEXT, WT_SNOOP_JSON, WT_SNOOP_CSV };

struct wt_snoop_out {
	FILE *f;
	/* width of the text FILE column: longer paths lose their left end */
#define WT_SNOOP_FILE_COL 24

enum wt_snoop_fmt fmt;
	const char *schema;	/* JSON */
	uint64_t t0_ns;		/* CLOCK_MONOTONIC the TIME column counts from */
	uint64_t max_events;	/* -n; 0: no limit */
	uint64_t printed;
};

/* Seconds from t0 to ts, never negative (events reach us out of order). */
double wt_snoop_reltime(uint64_t t0, uint64_t ts);

/*
 * How an atomic write went out (WT_EVF_ATOMIC*): "hw" (a REQ_ATOMIC bio),
 * "sw" (out of place, remapped), "none" (it sent no I/O); NULL for a write
 * that is not atomic.
 */
const char *wt_snoop_atomic_name(__u32 flags);

/*
 * Give f (a file or a pipe, not a terminal) a 1 MiB buffer of its own, so
 * that lines go out in large writes, flushed after each drain of the ring.
 * (setvbuf() with no buffer of ours keeps stdio's own, st_blksize.)  Once.
 */
int wt_snoop_buffer(FILE *f);

/* The header line (text, CSV); nothing for JSON. */
void wt_snoop_header(const struct wt_snoop_out *o);

/* Print one write; 0 without printing once max_events were printed. */
int wt_snoop_event(struct wt_snoop_out *o, const struct wt_event *e);

static inline bool wt_snoop_full(const struct wt_snoop_out *o)
{
	return o->max_events && o->printed >= o->max_events;
}

#endif
