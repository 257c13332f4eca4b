/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wtlat's breakdowns (-P per process, -F per file, -D per device): the
 * whole run's total and device stage per key, sorted, the top N printed as
 * text or NDJSON; and the file names the BPF side reads from dentries.
 */
#ifndef WT_BREAKDOWN_H
#define WT_BREAKDOWN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "wt/wt_events.h"

struct wt_unit;

#define WT_BK_TOP_DEFAULT	10
#define WT_BK_ENTRIES		1024	/* keys the BPF map holds, all kinds */

struct wt_bk_entry {
	struct wt_bk_key key;
	struct wt_bk_val val;
};

/* count, avg, p50, p99 of one histogram (ns; 0 when empty) */
struct wt_bk_sum {
	uint64_t count, avg, p50, p99;
};
void wt_bk_summarize(const struct wt_hist *h, struct wt_bk_sum *s);

/* Sort: kind, then total time (sum) descending, then count, then key. */
void wt_bk_sort(struct wt_bk_entry *e, size_t n);

/* "pid", "file", "dev" */
const char *wt_bk_kind_name(uint32_t kind);

/*
 * The path of the components buf holds (WT_FILE_LEN bytes, leaf first, see
 * wt_events.h), root first, under mount point mnt (NULL or "/": none):
 * "/mnt/dir/file", or "/mnt/.../dir/file" when the walk stopped below the
 * root.  An empty buf gives "" (unknown).  Returns out.
 */
char *wt_file_join(const char *buf, const char *mnt, char *out, size_t len);

/* Where the file system of kernel dev_t dev is mounted (its root "/"), or NULL. */
const char *wt_mount_point(uint32_t dev);

/*
 * s in at most width bytes: unchanged if it fits, else "..." and its last
 * width - 3 bytes.
 */
char *wt_trunc_left(const char *s, size_t width, char *out, size_t len);

/*
 * Print the keys of one kind (already sorted): at most top of them (0: all),
 * with their total and device summaries; text in unit u, or one NDJSON
 * record {"type":"breakdown",...} per key with schema.  nkeys_other: keys
 * lost because the map was full (printed when non-zero).
 */
void wt_bk_print_text(FILE *f, uint32_t kind, const struct wt_bk_entry *e, size_t n,
		      unsigned int top, const struct wt_unit *u, uint64_t overflow);
void wt_bk_print_json(FILE *f, const char *schema, uint32_t kind, const struct wt_bk_entry *e,
		      size_t n, unsigned int top, uint64_t overflow);

#endif
