// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON writer.  One thread writes a stream (the tools' main thread):
 * stdio's unlocked calls, and integers formatted here, since wtsnoop
 * writes a line of about thirty fields per traced write.
 */
#define _GNU_SOURCE
#include <math.h>

#include "wt/json.h"
#include "wt/utf8.h"

static void put_u64(FILE *f, uint64_t v)
{
	char b[20];
	int i = sizeof(b);

	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	fwrite_unlocked(b + i, 1, sizeof(b) - i, f);
}

void wt_json_init(struct wt_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = 1;
}

void wt_json_put_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str, *run;
	int n;

	fputc_unlocked('"', f);
	while (*s) {
		unsigned char c = *s;

		/* a run of bytes that go out as they are: one write */
		for (run = s; *s >= 0x20 && *s < 0x7f && *s != '"' && *s != '\\'; s++)
			;
		if (s > run) {
			fwrite_unlocked(run, 1, s - run, f);
			continue;
		}
		switch (c) {
		case '"': fputs_unlocked("\\\"", f); s++; continue;
		case '\\': fputs_unlocked("\\\\", f); s++; continue;
		case '\b': fputs_unlocked("\\b", f); s++; continue;
		case '\f': fputs_unlocked("\\f", f); s++; continue;
		case '\n': fputs_unlocked("\\n", f); s++; continue;
		case '\r': fputs_unlocked("\\r", f); s++; continue;
		case '\t': fputs_unlocked("\\t", f); s++; continue;
		default: break;
		}
		if (c < 0x20 || c == 0x7f) {
			fprintf(f, "\\u%04x", c);
			s++;
			continue;
		}
		/* s is NUL-terminated: a NUL ends any sequence, so 4 is safe */
		n = (int)wt_utf8_len(s, 4);
		if (!n) {
			/* not UTF-8: the byte, as the code point of the same value */
			fprintf(f, "\\u%04x", c);
			s++;
			continue;
		}
		fwrite_unlocked(s, 1, n, f);
		s += n;
	}
	fputc_unlocked('"', f);
}

static void sep(struct wt_json *j, const char *key)
{
	if (!j->first[j->depth])
		fputc_unlocked(',', j->f);
	j->first[j->depth] = 0;
	if (key) {
		wt_json_put_string(j->f, key);
		fputc_unlocked(':', j->f);
	}
}

static void open_(struct wt_json *j, const char *key, char c)
{
	sep(j, key);
	fputc_unlocked(c, j->f);
	if (j->depth + 1 < WT_JSON_DEPTH)
		j->depth++;
	j->first[j->depth] = 1;
}

void wt_json_obj_begin(struct wt_json *j, const char *key) { open_(j, key, '{'); }
void wt_json_arr_begin(struct wt_json *j, const char *key) { open_(j, key, '['); }

void wt_json_obj_end(struct wt_json *j)
{
	fputc_unlocked('}', j->f);
	if (j->depth)
		j->depth--;
}

void wt_json_arr_end(struct wt_json *j)
{
	fputc_unlocked(']', j->f);
	if (j->depth)
		j->depth--;
}

void wt_json_str(struct wt_json *j, const char *key, const char *v)
{
	sep(j, key);
	wt_json_put_string(j->f, v ? v : "");
}

void wt_json_null(struct wt_json *j, const char *key)
{
	sep(j, key);
	fputs_unlocked("null", j->f);
}

void wt_json_str_or_null(struct wt_json *j, const char *key, const char *v)
{
	if (v)
		wt_json_str(j, key, v);
	else
		wt_json_null(j, key);
}

void wt_json_u64(struct wt_json *j, const char *key, uint64_t v)
{
	sep(j, key);
	put_u64(j->f, v);
}

void wt_json_i64(struct wt_json *j, const char *key, int64_t v)
{
	sep(j, key);
	if (v < 0) {
		fputc_unlocked('-', j->f);
		put_u64(j->f, -(uint64_t)v);
	} else {
		put_u64(j->f, (uint64_t)v);
	}
}

void wt_json_dbl(struct wt_json *j, const char *key, double v)
{
	sep(j, key);
	if (isfinite(v))
		fprintf(j->f, "%.12g", v);
	else
		fputs_unlocked("null", j->f);
}

void wt_json_bool(struct wt_json *j, const char *key, int v)
{
	sep(j, key);
	fputs_unlocked(v ? "true" : "false", j->f);
}

void wt_json_record(struct wt_json *j, FILE *f, const char *schema, const char *type)
{
	wt_json_init(j, f);
	wt_json_obj_begin(j, NULL);
	wt_json_str(j, "schema", schema);
	wt_json_str(j, "type", type);
}

void wt_json_line_end_buffered(struct wt_json *j)
{
	fputc_unlocked('\n', j->f);
	j->depth = 0;
	j->first[0] = 1;
}

void wt_json_line_end(struct wt_json *j)
{
	wt_json_line_end_buffered(j);
	fflush(j->f);
}
