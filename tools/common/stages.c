// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "wt/stages.h"

const char *const wt_stage_names[WT_STAGE_NR] = {
	"total", "begin1", "lock", "wbwait", "copy", "begin2", "device", "complete", "other",
};

const char *const wt_stage_desc[WT_STAGE_NR] = {
	"write-through call, file system entry to return",
	"->iomap_begin call #1 (front end, allocation)",
	"folio lookup and lock",
	"wait for writeback already on a folio",
	"copy from user into the folios",
	"->iomap_begin call #2 (direct I/O back end: the double call)",
	"first bio of a batch sent to the device until all its bios complete",
	"bios complete until ->end_io and folio writeback end",
	"the rest of total (inode lock, checks, EOF zeroing, flush, bio setup, sync)",
};

const char *const wt_counter_names[WT_CNT_NR] = {
	[WT_CNT_WRITES] = "writes",
	[WT_CNT_ERRORS] = "errors",
	[WT_CNT_BYTES] = "bytes",
	[WT_CNT_FALLBACK] = "fallback",
	[WT_CNT_FB_ERRORS] = "fallback_errors",
	[WT_CNT_FB_BYTES] = "fallback_bytes",
	[WT_CNT_EAGAIN] = "eagain",
	[WT_CNT_BEGIN_ALL] = "iomap_begin_calls",
	[WT_CNT_BEGIN1] = "iomap_begin_1",
	[WT_CNT_BEGIN2] = "iomap_begin_2",
	[WT_CNT_SUBMITS] = "dio_submits",
	[WT_CNT_BIOS] = "bios",
	[WT_CNT_FOLIOS] = "folios",
	[WT_CNT_LOST] = "lost_events",
	[WT_CNT_ORPHANS] = "orphan_events",
	[WT_CNT_STALE] = "stale_writes",
	[WT_CNT_INSERT_FAIL] = "insert_failures",
	[WT_CNT_ASYNC] = "async_writes",
	[WT_CNT_QUEUED] = "async_queued",
	[WT_CNT_ASYNC_ORPHANS] = "async_orphans",
	[WT_CNT_ATOMIC] = "atomic_writes",
	[WT_CNT_ATOMIC_HW] = "atomic_hw",
	[WT_CNT_ATOMIC_SW] = "atomic_sw",
};

int wt_parse_stages(const char *s, unsigned int *mask)
{
	char *copy = strdup(s), *tok, *save = NULL;
	unsigned int m = 0;
	int i;

	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < WT_STAGE_NR; i++)
			if (!strcmp(tok, wt_stage_names[i]))
				break;
		if (i == WT_STAGE_NR) {
			free(copy);
			return -1;
		}
		m |= 1u << i;
	}
	free(copy);
	if (!m)
		return -1;
	*mask = m;
	return 0;
}

#define TP(x) (1u << WT_TP_##x)

struct wt_trace_set wt_traced = {
	.tps = WT_TP_ALL, .stages = WT_STAGES_ALL, .counters = ~0ull,
};

/*
 * The events each stage's programs need: a stage's start and end, and
 * what they rely on (the copy starts when the folio is locked, or when a
 * writeback wait on it ends; the device window of a batch leaves out a
 * later ->iomap_begin call).  The total's set creates an aio write's state
 * at its first submission, before any completion can come.
 */
static const uint32_t stage_tps[WT_STAGE_NR] = {
	[WT_STAGE_TOTAL] = TP(BEGIN) | TP(COMPLETE) | TP(SUBMIT),
	[WT_STAGE_BEGIN1] = TP(ITER_BEGIN) | TP(ITER_DONE),
	[WT_STAGE_LOCK] = TP(FOLIO_GET) | TP(FOLIO_LOCKED),
	[WT_STAGE_WBWAIT] = TP(WB_START) | TP(WB_END),
	[WT_STAGE_COPY] = TP(FOLIO_GET) | TP(FOLIO_LOCKED) | TP(WB_START) | TP(WB_END) |
			  TP(FOLIO_COPIED),
	[WT_STAGE_BEGIN2] = TP(ITER_BEGIN) | TP(ITER_DONE),
	[WT_STAGE_DEVICE] = TP(BIO_SUBMIT) | TP(IO_END) | TP(SUBMIT_DONE) | TP(ITER_BEGIN) |
			    TP(ITER_DONE),
	[WT_STAGE_COMPLETE] = TP(IO_END) | TP(SUBMIT_DONE),
	[WT_STAGE_OTHER] = WT_TP_ALL,
};

/* the counters fed only by some events (the others: the total's) */
static uint32_t counter_tps(int k)
{
	switch (k) {
	case WT_CNT_BEGIN_ALL:
	case WT_CNT_BEGIN1:
	case WT_CNT_BEGIN2:
	case WT_CNT_ATOMIC_SW:
		return TP(ITER_BEGIN) | TP(ITER_DONE);
	case WT_CNT_BIOS:
	case WT_CNT_ATOMIC_HW:
		return TP(BIO_SUBMIT);
	case WT_CNT_FOLIOS:
		return TP(FOLIO_GET) | TP(FOLIO_LOCKED) | TP(FOLIO_COPIED);
	default:
		return stage_tps[WT_STAGE_TOTAL];
	}
}

struct wt_trace_set wt_trace_set_stages_event(void)
{
	struct wt_trace_set t = {
		.tps = TP(STAGES), .stages = WT_STAGES_ALL, .counters = ~0ull,
	};

	return t;
}

struct wt_trace_set wt_trace_set_for(unsigned int stages, bool breakdowns)
{
	struct wt_trace_set t = { .tps = stage_tps[WT_STAGE_TOTAL] };
	int i;

	if (breakdowns)
		stages |= 1u << WT_STAGE_DEVICE;
	for (i = 0; i < WT_STAGE_NR; i++)
		if (stages & (1u << i))
			t.tps |= stage_tps[i];
	for (i = 0; i < WT_STAGE_NR; i++)
		if ((t.tps & stage_tps[i]) == stage_tps[i])
			t.stages |= 1u << i;
	for (i = 0; i < WT_CNT_NR; i++)
		if ((t.tps & counter_tps(i)) == counter_tps(i))
			t.counters |= 1ull << i;
	return t;
}
