// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON writer.  One thread writes a stream (the tools' main thread).
 * A record is built in the writer's buffer, integers formatted here, and
 * goes to stdio in one unlocked write: wtsnoop writes a line of about
 * thirty fields per traced write.
 */
#define _GNU_SOURCE
#include <math.h>
#include <string.h>

#include "wt/json.h"
#include "wt/utf8.h"

/* the record so far, to the stream */
static void flush_buf(struct wt_json *j)
{
	if (j->len)
		fwrite_unlocked(j->buf, 1, j->len, j->f);
	j->len = 0;
}

static void put(struct wt_json *j, const void *p, size_t n)
{
	if (j->len + n > sizeof(j->buf)) {
		flush_buf(j);
		if (n > sizeof(j->buf)) {
			fwrite_unlocked(p, 1, n, j->f);
			return;
		}
	}
	memcpy(j->buf + j->len, p, n);
	j->len += n;
}

static void put_c(struct wt_json *j, char c)
{
	if (j->len == sizeof(j->buf))
		flush_buf(j);
	j->buf[j->len++] = c;
}

static void put_s(struct wt_json *j, const char *s)
{
	put(j, s, strlen(s));
}

static void put_u64(struct wt_json *j, uint64_t v)
{
	char b[20];
	int i = sizeof(b);

	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(j, b + i, sizeof(b) - i);
}

void wt_json_init(struct wt_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = 1;
	j->len = 0;
}

/* a JSON string of str, escaped, into the record */
static void put_string(struct wt_json *j, const char *str)
{
	const unsigned char *s = (const unsigned char *)str, *run;
	char u[8];
	int n;

	put_c(j, '"');
	while (*s) {
		unsigned char c = *s;

		/* a run of bytes that go out as they are: one copy */
		for (run = s; *s >= 0x20 && *s < 0x7f && *s != '"' && *s != '\\'; s++)
			;
		if (s > run) {
			put(j, run, s - run);
			continue;
		}
		switch (c) {
		case '"': put_s(j, "\\\""); s++; continue;
		case '\\': put_s(j, "\\\\"); s++; continue;
		case '\b': put_s(j, "\\b"); s++; continue;
		case '\f': put_s(j, "\\f"); s++; continue;
		case '\n': put_s(j, "\\n"); s++; continue;
		case '\r': put_s(j, "\\r"); s++; continue;
		case '\t': put_s(j, "\\t"); s++; continue;
		default: break;
		}
		/* s is NUL-terminated: a NUL ends any sequence, so 4 is safe */
		n = c < 0x20 || c == 0x7f ? 0 : (int)wt_utf8_len(s, 4);
		if (!n) {
			/* a control byte, or not UTF-8: the code point of the byte's value */
			snprintf(u, sizeof(u), "\\u%04x", c);
			put_s(j, u);
			s++;
			continue;
		}
		put(j, s, n);
		s += n;
	}
	put_c(j, '"');
}

void wt_json_put_string(FILE *f, const char *str)
{
	struct wt_json j;

	wt_json_init(&j, f);
	put_string(&j, str);
	flush_buf(&j);
}

static void sep(struct wt_json *j, const char *key)
{
	if (!j->first[j->depth])
		put_c(j, ',');
	j->first[j->depth] = 0;
	if (key) {
		put_string(j, key);
		put_c(j, ':');
	}
}

static void open_(struct wt_json *j, const char *key, char c)
{
	sep(j, key);
	put_c(j, c);
	if (j->depth + 1 < WT_JSON_DEPTH)
		j->depth++;
	j->first[j->depth] = 1;
}

void wt_json_obj_begin(struct wt_json *j, const char *key) { open_(j, key, '{'); }
void wt_json_arr_begin(struct wt_json *j, const char *key) { open_(j, key, '['); }

static void close_(struct wt_json *j, char c)
{
	put_c(j, c);
	if (j->depth)
		j->depth--;
	/* the top-level value is whole: to the stream */
	if (!j->depth)
		flush_buf(j);
}

void wt_json_obj_end(struct wt_json *j) { close_(j, '}'); }
void wt_json_arr_end(struct wt_json *j) { close_(j, ']'); }

void wt_json_str(struct wt_json *j, const char *key, const char *v)
{
	sep(j, key);
	put_string(j, v ? v : "");
}

void wt_json_null(struct wt_json *j, const char *key)
{
	sep(j, key);
	put_s(j, "null");
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
	put_u64(j, v);
}

void wt_json_i64(struct wt_json *j, const char *key, int64_t v)
{
	sep(j, key);
	if (v < 0) {
		put_c(j, '-');
		put_u64(j, -(uint64_t)v);
	} else {
		put_u64(j, (uint64_t)v);
	}
}

void wt_json_dbl(struct wt_json *j, const char *key, double v)
{
	char b[32];

	sep(j, key);
	if (isfinite(v)) {
		snprintf(b, sizeof(b), "%.12g", v);
		put_s(j, b);
	} else {
		put_s(j, "null");
	}
}

void wt_json_ns_as_s(struct wt_json *j, const char *key, uint64_t ns)
{
	uint64_t frac = ns % 1000000000;
	char b[10];
	int i, n = 9;

	sep(j, key);
	put_u64(j, ns / 1000000000);
	if (!frac)
		return;
	/* nine digits, the trailing zeros dropped */
	while (!(frac % 10)) {
		frac /= 10;
		n--;
	}
	b[0] = '.';
	for (i = n; i > 0; i--) {
		b[i] = (char)('0' + frac % 10);
		frac /= 10;
	}
	put(j, b, n + 1);
}

void wt_json_bool(struct wt_json *j, const char *key, int v)
{
	sep(j, key);
	put_s(j, v ? "true" : "false");
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
	put_c(j, '\n');
	flush_buf(j);
	j->depth = 0;
	j->first[0] = 1;
}

void wt_json_line_end(struct wt_json *j)
{
	wt_json_line_end_buffered(j);
	fflush(j->f);
}
