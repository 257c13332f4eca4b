/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A strict JSON reader (RFC 8259) for one NDJSON line at a time: parses
 * into a tree allocated from an arena that is freed in one go.  Strings
 * must be valid UTF-8 without NUL; numbers keep their text, so integers
 * read back exactly (u64) and reals through strtod.  Duplicate keys,
 * trailing bytes, nesting deeper than WTJ_MAX_DEPTH and oversized
 * containers are errors.
 */
#ifndef WTDIFF_JSON_READ_H
#define WTDIFF_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WTJ_MAX_DEPTH		32
#define WTJ_MAX_MEMBERS		4096	/* keys per object */
#define WTJ_MAX_ITEMS		65536	/* items per array */

enum wtj_type { WTJ_NULL, WTJ_BOOL, WTJ_NUM, WTJ_STR, WTJ_ARR, WTJ_OBJ };

struct wtj_val;

struct wtj_member {
	const char *key;
	struct wtj_val *val;
	struct wtj_member *next;
};

struct wtj_item {
	struct wtj_val *val;
	struct wtj_item *next;
};

struct wtj_val {
	enum wtj_type type;
	size_t n;			/* string bytes, array items, object members */
	union {
		bool b;
		const char *num;	/* the number's text, NUL-terminated */
		const char *str;	/* decoded UTF-8, NUL-terminated */
		struct wtj_item *items;
		struct wtj_member *members;
	} u;
};

struct wtj_chunk;

struct wtj_doc {
	struct wtj_chunk *chunks;
	struct wtj_val *root;
};

/*
 * Parse buf[0..len) as exactly one JSON value with optional whitespace
 * around it.  Returns 0, or -1 with a short reason in err (and the byte
 * offset in *at when at is not NULL).  Call wtj_free() in both cases.
 */
int wtj_parse(struct wtj_doc *doc, const char *buf, size_t len, char *err, size_t errlen,
	      size_t *at);
void wtj_free(struct wtj_doc *doc);

/* Member of an object by key, or NULL (also when v is not an object). */
const struct wtj_val *wtj_get(const struct wtj_val *v, const char *key);

/* Unsigned integer without sign, fraction or exponent, fitting in 64 bits. */
int wtj_u64(const struct wtj_val *v, uint64_t *out);
/* Any number, finite. */
int wtj_double(const struct wtj_val *v, double *out);
/* String value or NULL. */
const char *wtj_str(const struct wtj_val *v);

#endif
