// SPDX-License-Identifier: GPL-2.0
#include <math.h>

#include "wt/json.h"

void wt_json_init(struct wt_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = 1;
}

static void put_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (c < 0x20)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

static void sep(struct wt_json *j, const char *key)
{
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = 0;
	if (key) {
		put_string(j->f, key);
		fputc(':', j->f);
	}
}

static void open_(struct wt_json *j, const char *key, char c)
{
	sep(j, key);
	fputc(c, j->f);
	if (j->depth + 1 < WT_JSON_DEPTH)
		j->depth++;
	j->first[j->depth] = 1;
}

void wt_json_obj_begin(struct wt_json *j, const char *key) { open_(j, key, '{'); }
void wt_json_arr_begin(struct wt_json *j, const char *key) { open_(j, key, '['); }

void wt_json_obj_end(struct wt_json *j)
{
	fputc('}', j->f);
	if (j->depth)
		j->depth--;
}

void wt_json_arr_end(struct wt_json *j)
{
	fputc(']', j->f);
	if (j->depth)
		j->depth--;
}

void wt_json_str(struct wt_json *j, const char *key, const char *v)
{
	sep(j, key);
	put_string(j->f, v ? v : "");
}

void wt_json_u64(struct wt_json *j, const char *key, uint64_t v)
{
	sep(j, key);
	fprintf(j->f, "%llu", (unsigned long long)v);
}

void wt_json_i64(struct wt_json *j, const char *key, int64_t v)
{
	sep(j, key);
	fprintf(j->f, "%lld", (long long)v);
}

void wt_json_dbl(struct wt_json *j, const char *key, double v)
{
	sep(j, key);
	if (isfinite(v))
		fprintf(j->f, "%.12g", v);
	else
		fputs("null", j->f);
}

void wt_json_bool(struct wt_json *j, const char *key, int v)
{
	sep(j, key);
	fputs(v ? "true" : "false", j->f);
}

void wt_json_record(struct wt_json *j, FILE *f, const char *schema, const char *type)
{
	wt_json_init(j, f);
	wt_json_obj_begin(j, NULL);
	wt_json_str(j, "schema", schema);
	wt_json_str(j, "type", type);
}

void wt_json_line_end(struct wt_json *j)
{
	fputc('\n', j->f);
	fflush(j->f);
	j->depth = 0;
	j->first[0] = 1;
}
