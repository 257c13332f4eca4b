/* SPDX-License-Identifier: GPL-2.0 */
/* Stage names for output and -S parsing (user space). */
#ifndef WT_STAGES_H
#define WT_STAGES_H

#include <stdbool.h>
#include <stdint.h>

#include "wt/wt_events.h"

extern const char *const wt_stage_names[WT_STAGE_NR];
extern const char *const wt_stage_desc[WT_STAGE_NR];
/* JSON names of the counters (enum wt_counter) */
extern const char *const wt_counter_names[WT_CNT_NR];

/* "total,begin2" -> bitmask of (1 << WT_STAGE_x); 0 or -1 */
int wt_parse_stages(const char *s, unsigned int *mask);

/* The tools' trace events, in the order of wt_tracepoints[] (wtbpf.c). */
enum wt_tp {
	WT_TP_BEGIN,		/* iomap_writethrough_begin */
	WT_TP_COMPLETE,		/* iomap_writethrough_complete */
	WT_TP_ITER_BEGIN,	/* iomap_iter_begin */
	WT_TP_ITER_DONE,	/* iomap_iter_begin_done */
	WT_TP_FOLIO_GET,	/* iomap_wt_folio_get */
	WT_TP_FOLIO_LOCKED,	/* iomap_wt_folio_locked */
	WT_TP_WB_START,		/* iomap_wt_wait_writeback_start */
	WT_TP_WB_END,		/* iomap_wt_wait_writeback_end */
	WT_TP_FOLIO_COPIED,	/* iomap_wt_folio_copied */
	WT_TP_SUBMIT,		/* iomap_wt_submit */
	WT_TP_BIO_SUBMIT,	/* iomap_wt_bio_submit */
	WT_TP_IO_END,		/* iomap_wt_io_end */
	WT_TP_SUBMIT_DONE,	/* iomap_wt_submit_done */
	/*
	 * iomap_writethrough_stages: the kernel's own stage times, one event
	 * per write, in place of all the events above where the kernel has it
	 */
	WT_TP_STAGES,
	WT_TP_NR,
};
/* every per-stage event: all that a kernel without WT_TP_STAGES offers */
#define WT_TP_ALL ((1u << WT_TP_STAGES) - 1)
#define WT_STAGES_ALL ((1u << WT_STAGE_NR) - 1)

/*
 * What a run traces: the events attached (bits of enum wt_tp), the stages
 * whose every event is attached, the counters fed (bits of enum
 * wt_counter).  wt_traced is the process's; everything until a tool sets it.
 */
struct wt_trace_set {
	uint32_t tps;
	unsigned int stages;
	uint64_t counters;
};
extern struct wt_trace_set wt_traced;

/*
 * The set that traces stages (bits of WT_STAGE_x; breakdowns: also what
 * the breakdowns' device stage needs): each stage's events, the total's
 * always; "other", the remainder of the total, needs every event.
 */
struct wt_trace_set wt_trace_set_for(unsigned int stages, bool breakdowns);

/* The set of the one-event-per-write mode: every stage and counter. */
struct wt_trace_set wt_trace_set_stages_event(void);

/* The run uses the kernel's one event per write (WT_TP_STAGES). */
static inline bool wt_stages_event(void)
{
	return wt_traced.tps & (1u << WT_TP_STAGES);
}

/* How the run times writes, for output: "stages" (that event) or "per-stage" */
static inline const char *wt_events_name(void)
{
	return wt_stages_event() ? "stages" : "per-stage";
}

static inline bool wt_counted(int k)
{
	return wt_traced.counters & (1ull << k);
}

#endif
