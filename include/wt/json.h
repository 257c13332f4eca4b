/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal streaming JSON writer for the tools' -j output: one object per
 * line (NDJSON).  Commas and nesting are tracked; strings are escaped.
 */
#ifndef WT_JSON_H
#define WT_JSON_H

#include <stdint.h>
#include <stdio.h>

#define WT_JSON_DEPTH 16

/* bytes a record is built in before it goes to the stream (longer: in parts) */
#define WT_JSON_BUF 4096

/*
 * A record is built in buf and written to f in one piece when its
 * top-level value ends (or buf fills): nothing else may write to f while
 * a record is open.
 */
struct wt_json {
	FILE *f;
	int depth;
	int first[WT_JSON_DEPTH];
	size_t len;
	char buf[WT_JSON_BUF];
};

void wt_json_init(struct wt_json *j, FILE *f);
/*
 * A JSON string: quotes, backslash and control characters escaped (DEL
 * too), valid UTF-8 copied, and every byte that is not part of a valid
 * UTF-8 sequence written as \u00XX, so the output is always valid JSON.
 */
void wt_json_put_string(FILE *f, const char *s);
void wt_json_obj_begin(struct wt_json *j, const char *key);	/* key NULL in arrays/top */
void wt_json_obj_end(struct wt_json *j);
void wt_json_arr_begin(struct wt_json *j, const char *key);
void wt_json_arr_end(struct wt_json *j);
void wt_json_str(struct wt_json *j, const char *key, const char *v);
void wt_json_null(struct wt_json *j, const char *key);
/* v, or null when v is NULL */
void wt_json_str_or_null(struct wt_json *j, const char *key, const char *v);
void wt_json_u64(struct wt_json *j, const char *key, uint64_t v);
void wt_json_i64(struct wt_json *j, const char *key, int64_t v);
void wt_json_dbl(struct wt_json *j, const char *key, double v);
/* ns nanoseconds as seconds, exactly: 1.5, 0.000001, 3 (no printf, no rounding) */
void wt_json_ns_as_s(struct wt_json *j, const char *key, uint64_t ns);
void wt_json_bool(struct wt_json *j, const char *key, int v);
/* Start a top-level NDJSON record: {"schema":SCHEMA,"type":TYPE, ... */
void wt_json_record(struct wt_json *j, FILE *f, const char *schema, const char *type);
/* End the top-level object: newline and flush. */
void wt_json_line_end(struct wt_json *j);
/* The same without the flush: for lines the caller flushes in batches. */
void wt_json_line_end_buffered(struct wt_json *j);

#endif
