// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"
#include "wt/utf8.h"

#define CHUNK_MIN	(16 * 1024)

struct wtj_chunk {
	struct wtj_chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct parser {
	struct wtj_doc *doc;
	const char *p, *end, *start;
	char *err;
	size_t errlen;
	int depth;
	bool failed;
};

static void *arena_alloc(struct parser *ps, size_t n)
{
	struct wtj_chunk *c = ps->doc->chunks;
	size_t align = sizeof(max_align_t);

	n = (n + align - 1) / align * align;
	if (!c || c->size - c->used < n) {
		size_t size = n > CHUNK_MIN ? n : CHUNK_MIN;

		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		c->next = ps->doc->chunks;
		ps->doc->chunks = c;
	}
	c->used += n;
	return (char *)c->data + c->used - n;
}

static int fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	if (ps->failed)
		return -1;
	ps->failed = true;
	va_start(ap, fmt);
	vsnprintf(ps->err, ps->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static void *alloc_or_fail(struct parser *ps, size_t n)
{
	void *m = arena_alloc(ps, n);

	if (!m)
		fail(ps, "out of memory");
	return m;
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int parse_value(struct parser *ps, struct wtj_val **out);

static int hex4(struct parser *ps, unsigned int *cp)
{
	unsigned int v = 0;
	int i;

	if (ps->end - ps->p < 4)
		return fail(ps, "truncated \\u escape");
	for (i = 0; i < 4; i++) {
		char c = ps->p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return fail(ps, "bad \\u escape");
	}
	ps->p += 4;
	*cp = v;
	return 0;
}

static size_t put_utf8(char *o, unsigned int cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* At the opening quote.  Decoded bytes are never more than the raw ones. */
static int parse_string(struct parser *ps, const char **out, size_t *outlen)
{
	const char *q;
	char *buf, *o;
	size_t raw;

	ps->p++;
	for (q = ps->p; q < ps->end && *q != '"'; q++)
		if (*q == '\\' && q + 1 < ps->end)
			q++;
	if (q >= ps->end)
		return fail(ps, "unterminated string");
	raw = (size_t)(q - ps->p);
	buf = alloc_or_fail(ps, raw + 1);
	if (!buf)
		return -1;
	o = buf;
	while (ps->p < q) {
		unsigned char c = (unsigned char)*ps->p;

		if (c < 0x20)
			return fail(ps, "control character in string");
		if (c == '\\') {
			unsigned int cp, lo;

			ps->p++;
			switch (*ps->p++) {
			case '"': *o++ = '"'; break;
			case '\\': *o++ = '\\'; break;
			case '/': *o++ = '/'; break;
			case 'b': *o++ = '\b'; break;
			case 'f': *o++ = '\f'; break;
			case 'n': *o++ = '\n'; break;
			case 'r': *o++ = '\r'; break;
			case 't': *o++ = '\t'; break;
			case 'u':
				if (hex4(ps, &cp))
					return -1;
				if (cp >= 0xDC00 && cp <= 0xDFFF)
					return fail(ps, "lone low surrogate in string");
				if (cp >= 0xD800 && cp <= 0xDBFF) {
					if (q - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u')
						return fail(ps, "lone high surrogate in string");
					ps->p += 2;
					if (hex4(ps, &lo))
						return -1;
					if (lo < 0xDC00 || lo > 0xDFFF)
						return fail(ps, "bad surrogate pair in string");
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				}
				if (cp == 0)
					return fail(ps, "NUL in string");
				o += put_utf8(o, cp);
				break;
			default:
				return fail(ps, "bad escape in string");
			}
			if (ps->p > q)
				return fail(ps, "bad escape in string");
		} else {
			size_t l = wt_utf8_len((const unsigned char *)ps->p, (size_t)(q - ps->p));

			if (!l)
				return fail(ps, "invalid UTF-8 in string");
			memcpy(o, ps->p, l);
			o += l;
			ps->p += l;
		}
	}
	*o = 0;
	ps->p = q + 1;
	*out = buf;
	if (outlen)
		*outlen = (size_t)(o - buf);
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int parse_number(struct parser *ps, struct wtj_val *v)
{
	const char *s = ps->p, *p = ps->p;
	char *text;

	if (p < ps->end && *p == '-')
		p++;
	if (p >= ps->end || !is_digit(*p))
		return fail(ps, "bad number");
	if (*p == '0')
		p++;
	else
		while (p < ps->end && is_digit(*p))
			p++;
	if (p < ps->end && *p == '.') {
		p++;
		if (p >= ps->end || !is_digit(*p))
			return fail(ps, "bad number");
		while (p < ps->end && is_digit(*p))
			p++;
	}
	if (p < ps->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < ps->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= ps->end || !is_digit(*p))
			return fail(ps, "bad number");
		while (p < ps->end && is_digit(*p))
			p++;
	}
	text = alloc_or_fail(ps, (size_t)(p - s) + 1);
	if (!text)
		return -1;
	memcpy(text, s, (size_t)(p - s));
	text[p - s] = 0;
	v->type = WTJ_NUM;
	v->u.num = text;
	v->n = (size_t)(p - s);
	ps->p = p;
	return 0;
}

static int literal(struct parser *ps, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n))
		return fail(ps, "unexpected character");
	ps->p += n;
	return 0;
}

static int parse_object(struct parser *ps, struct wtj_val *v)
{
	struct wtj_member **tail = &v->u.members, *m, *o;

	v->type = WTJ_OBJ;
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		return 0;
	}
	for (;;) {
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != '"')
			return fail(ps, "expected a key");
		if (v->n >= WTJ_MAX_MEMBERS)
			return fail(ps, "object has more than %d members", WTJ_MAX_MEMBERS);
		m = alloc_or_fail(ps, sizeof(*m));
		if (!m || parse_string(ps, &m->key, NULL))
			return -1;
		for (o = v->u.members; o; o = o->next)
			if (!strcmp(o->key, m->key))
				return fail(ps, "duplicate key \"%.40s\"", m->key);
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != ':')
			return fail(ps, "expected ':'");
		ps->p++;
		if (parse_value(ps, &m->val))
			return -1;
		m->next = NULL;
		*tail = m;
		tail = &m->next;
		v->n++;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == '}') {
			ps->p++;
			return 0;
		}
		return fail(ps, "expected ',' or '}'");
	}
}

static int parse_array(struct parser *ps, struct wtj_val *v)
{
	struct wtj_item **tail = &v->u.items, *it;

	v->type = WTJ_ARR;
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return 0;
	}
	for (;;) {
		if (v->n >= WTJ_MAX_ITEMS)
			return fail(ps, "array has more than %d items", WTJ_MAX_ITEMS);
		it = alloc_or_fail(ps, sizeof(*it));
		if (!it || parse_value(ps, &it->val))
			return -1;
		it->next = NULL;
		*tail = it;
		tail = &it->next;
		v->n++;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			return 0;
		}
		return fail(ps, "expected ',' or ']'");
	}
}

static int parse_value(struct parser *ps, struct wtj_val **out)
{
	struct wtj_val *v;
	int rc;

	skip_ws(ps);
	if (ps->p >= ps->end)
		return fail(ps, "unexpected end of line");
	v = alloc_or_fail(ps, sizeof(*v));
	if (!v)
		return -1;
	memset(v, 0, sizeof(*v));
	*out = v;
	switch (*ps->p) {
	case '{':
	case '[':
		if (++ps->depth > WTJ_MAX_DEPTH)
			return fail(ps, "nested deeper than %d", WTJ_MAX_DEPTH);
		rc = *ps->p == '{' ? parse_object(ps, v) : parse_array(ps, v);
		ps->depth--;
		return rc;
	case '"':
		v->type = WTJ_STR;
		return parse_string(ps, &v->u.str, &v->n);
	case 't':
		v->type = WTJ_BOOL;
		v->u.b = true;
		return literal(ps, "true");
	case 'f':
		v->type = WTJ_BOOL;
		return literal(ps, "false");
	case 'n':
		v->type = WTJ_NULL;
		return literal(ps, "null");
	default:
		if (*ps->p == '-' || is_digit(*ps->p))
			return parse_number(ps, v);
		if ((unsigned char)*ps->p >= 0x21 && (unsigned char)*ps->p < 0x7f)
			return fail(ps, "unexpected character '%c'", *ps->p);
		return fail(ps, "unexpected byte 0x%02x", (unsigned char)*ps->p);
	}
}

int wtj_parse(struct wtj_doc *doc, const char *buf, size_t len, char *err, size_t errlen,
	      size_t *at)
{
	struct parser ps = {
		.doc = doc, .p = buf, .end = buf + len, .start = buf, .err = err, .errlen = errlen,
	};

	doc->chunks = NULL;
	doc->root = NULL;
	if (errlen)
		err[0] = 0;
	if (!parse_value(&ps, &doc->root)) {
		skip_ws(&ps);
		if (ps.p < ps.end)
			fail(&ps, "trailing bytes after the value");
	}
	if (at)
		*at = (size_t)(ps.p - ps.start);
	return ps.failed ? -1 : 0;
}

void wtj_free(struct wtj_doc *doc)
{
	struct wtj_chunk *c = doc->chunks, *n;

	for (; c; c = n) {
		n = c->next;
		free(c);
	}
	doc->chunks = NULL;
	doc->root = NULL;
}

const struct wtj_val *wtj_get(const struct wtj_val *v, const char *key)
{
	const struct wtj_member *m;

	if (!v || v->type != WTJ_OBJ)
		return NULL;
	for (m = v->u.members; m; m = m->next)
		if (!strcmp(m->key, key))
			return m->val;
	return NULL;
}

int wtj_u64(const struct wtj_val *v, uint64_t *out)
{
	const char *s;
	uint64_t r = 0;

	if (!v || v->type != WTJ_NUM)
		return -1;
	for (s = v->u.num; *s; s++) {
		unsigned int d;

		if (!is_digit(*s))
			return -1;	/* sign, fraction or exponent */
		d = (unsigned int)(*s - '0');
		if (r > (UINT64_MAX - d) / 10)
			return -1;
		r = r * 10 + d;
	}
	*out = r;
	return 0;
}

int wtj_double(const struct wtj_val *v, double *out)
{
	double d;
	char *end;

	if (!v || v->type != WTJ_NUM)
		return -1;
	errno = 0;
	d = strtod(v->u.num, &end);
	if (*end || !isfinite(d))
		return -1;
	*out = d;
	return 0;
}

const char *wtj_str(const struct wtj_val *v)
{
	return v && v->type == WTJ_STR ? v->u.str : NULL;
}
