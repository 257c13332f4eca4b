// SPDX-License-Identifier: GPL-2.0
/* wtdiff's JSON reader: what RFC 8259 allows, what it does not, the limits. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

static int failures;
#define EXPECT(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

static int parses(const char *s)
{
	struct wtj_doc d;
	char err[128];
	int rc = wtj_parse(&d, s, strlen(s), err, sizeof(err), NULL);

	wtj_free(&d);
	return rc == 0;
}

static void check_grammar(void)
{
	static const char *const good[] = {
		"{}", "[]", " {\"a\":1} ", "\t[1,-0,0.5,1e5,1E-5,-2.5e+3]\r\n", "\"x\"", "true",
		"false", "null", "0", "{\"a\":{\"b\":[{},[]]}}", "\"\\u00e9\\ud83d\\ude00\"",
		"\"caf\xc3\xa9 \xf0\x9f\x98\x80\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
	};
	static const char *const bad[] = {
		"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}", "01",
		"1.", ".5", "-", "1e", "+1", "0x10", "NaN", "Infinity", "tru", "nul", "\"abc",
		"\"a\\x\"", "\"\\u12\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\"",
		"\"\\ud800\\u0041\"", "\"tab\there\"", "\"\xc3\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"",
		"\"\xf5\x80\x80\x80\"", "{} {}", "[1] x", "{\"a\":1,\"a\":2}", "[1 2]", "\"\\",
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!parses(good[i])) {
			fprintf(stderr, "rejected good JSON: %s\n", good[i]);
			failures++;
		}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parses(bad[i])) {
			fprintf(stderr, "accepted bad JSON: %s\n", bad[i]);
			failures++;
		}
	/* a NUL byte inside the buffer is an error, not an end */
	{
		struct wtj_doc d;
		char err[64];

		EXPECT(wtj_parse(&d, "{}\0x", 4, err, sizeof(err), NULL) == -1);
		wtj_free(&d);
	}
}

static void check_limits(void)
{
	char buf[256];
	int i;

	/* 32 levels are fine, 33 are not */
	for (i = 0; i < 32; i++)
		buf[i] = '[';
	for (i = 0; i < 32; i++)
		buf[32 + i] = ']';
	buf[64] = 0;
	EXPECT(parses(buf));
	memmove(buf + 1, buf, 65);
	buf[0] = '[';
	strcat(buf, "]");
	EXPECT(!parses(buf));
}

static void check_access(void)
{
	const char *s = "{\"n\":18446744073709551615,\"big\":18446744073709551616,\"neg\":-1,"
			"\"f\":1.5,\"e\":1e3,\"s\":\"\\u00e9t\\u00e9\",\"o\":{\"k\":[1,2,3]}}";
	const struct wtj_val *v;
	struct wtj_doc d;
	char err[64];
	uint64_t u;
	double x;

	EXPECT(wtj_parse(&d, s, strlen(s), err, sizeof(err), NULL) == 0);
	EXPECT(wtj_u64(wtj_get(d.root, "n"), &u) == 0 && u == UINT64_MAX);
	EXPECT(wtj_u64(wtj_get(d.root, "big"), &u) == -1);
	EXPECT(wtj_u64(wtj_get(d.root, "neg"), &u) == -1);
	EXPECT(wtj_u64(wtj_get(d.root, "f"), &u) == -1);
	EXPECT(wtj_u64(wtj_get(d.root, "e"), &u) == -1);
	EXPECT(wtj_double(wtj_get(d.root, "f"), &x) == 0 && x == 1.5);
	EXPECT(wtj_double(wtj_get(d.root, "e"), &x) == 0 && x == 1000);
	EXPECT(!strcmp(wtj_str(wtj_get(d.root, "s")), "\xc3\xa9t\xc3\xa9"));
	EXPECT(wtj_str(wtj_get(d.root, "n")) == NULL);
	EXPECT(wtj_get(d.root, "missing") == NULL);
	v = wtj_get(wtj_get(d.root, "o"), "k");
	EXPECT(v && v->type == WTJ_ARR && v->n == 3);
	EXPECT(wtj_get(v, "k") == NULL);
	wtj_free(&d);
	/* 1e999 is a valid number that is not finite: not a double */
	EXPECT(wtj_parse(&d, "1e999", 5, err, sizeof(err), NULL) == 0);
	EXPECT(wtj_double(d.root, &x) == -1);
	wtj_free(&d);
}

/* --check FILE: every line of FILE must be one valid JSON value (for the CLI tests). */
static int check_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, err[128];
	size_t cap = 0;
	ssize_t n;
	int lines = 0, rc = 0;

	if (!f) {
		perror(path);
		return 2;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		struct wtj_doc d;

		lines++;
		if (wtj_parse(&d, line, (size_t)n, err, sizeof(err), NULL)) {
			fprintf(stderr, "%s:%d: %s\n", path, lines, err);
			rc = 1;
		}
		wtj_free(&d);
	}
	free(line);
	fclose(f);
	if (!lines) {
		fprintf(stderr, "%s: empty\n", path);
		rc = 1;
	}
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--check"))
		return check_file(argv[2]);
	check_grammar();
	check_limits();
	check_access();
	if (failures) {
		fprintf(stderr, "%d failure(s)\n", failures);
		return 1;
	}
	printf("wtdiff JSON reader: all checks passed\n");
	return 0;
}
