/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A `wtlat --record` run read back: the start record (flattened, for the
 * match rules), the per-stage histograms summed over the interval records
 * (or the end record's totals), the summed counters.  docs/wtdiff.md
 * lists what is accepted and what is an error.
 */
#ifndef WTDIFF_RECORD_H
#define WTDIFF_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wt/wt_events.h"

/* Histograms of a run: the stages, then the fallback writes' total. */
#define WTD_HIST_FALLBACK	WT_STAGE_NR
#define WTD_NHIST		(WT_STAGE_NR + 1)

#define WTD_MAX_LINE		(16u << 20)	/* bytes per NDJSON line */
#define WTD_MAX_LEAVES		1024		/* scalars kept from the start record */
#define WTD_MAX_COUNTERS	64

/* Names of the histograms (wtlat's stage names, then "fallback"). */
extern const char *const wtd_hist_names[WTD_NHIST];

/* One scalar of the start record: "kernel.release" -> "7.2.13+". */
struct wtd_leaf {
	char *path;
	char *value;		/* strings as they are; numbers, true, false, null as text */
	bool is_num, is_null;
	double num;
};

struct wtd_counter {
	char *name;
	__u64 value;
};

struct wtd_run {
	char *file;		/* for messages */
	char *schema;		/* "wt.wtlat/3" */
	struct wtd_leaf *start;
	size_t nstart;
	struct wt_hist hist[WTD_NHIST];
	bool present[WTD_NHIST];	/* the run recorded this histogram */
	bool have_sum[WTD_NHIST];	/* sum_ns given: the mean is exact */
	struct wtd_counter counters[WTD_MAX_COUNTERS];
	size_t ncounters;
	uint64_t intervals;	/* interval records read */
	uint64_t torn;		/* ... whose statistics were read torn (bpf.read_torn) */
	double seconds;		/* their interval_s summed */
	bool ended;		/* an end record was read */
	bool from_end;		/* histograms are the end record's totals */
	uint64_t lines;
};

/*
 * Read a whole record from f (or from buf[0..len)).  file names it in
 * messages.  Returns 0, or -1 with one line "FILE:LINE: reason" in err.
 * wtd_run_free() in both cases.
 */
int wtd_run_load_file(struct wtd_run *run, FILE *f, const char *file, char *err, size_t errlen);
int wtd_run_load_buf(struct wtd_run *run, const char *buf, size_t len, const char *file,
		     char *err, size_t errlen);
void wtd_run_free(struct wtd_run *run);

/* The start record's scalar at path ("a.b", "a[2]"), or NULL. */
const struct wtd_leaf *wtd_run_leaf(const struct wtd_run *run, const char *path);

/* A counter's sum, 0 if absent. */
uint64_t wtd_run_counter(const struct wtd_run *run, const char *name);

#endif
