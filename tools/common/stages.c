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
