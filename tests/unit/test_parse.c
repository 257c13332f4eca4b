// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the shared command-line value parsers. */
#include <stdint.h>
#include <stdio.h>

#include "wt/parse.h"

static int failures;

#define EXPECT(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)

static void size_ok(const char *s, uint64_t want)
{
	uint64_t v = 12345;

	if (wt_parse_size(s, &v) || v != want) {
		fprintf(stderr, "wt_parse_size(\"%s\") gave %llu, want %llu\n", s,
			(unsigned long long)v, (unsigned long long)want);
		failures++;
	}
}

static void size_bad(const char *s)
{
	uint64_t v = 777;

	if (!wt_parse_size(s, &v) || v != 777) {
		fprintf(stderr, "wt_parse_size(\"%s\") accepted bad input\n", s);
		failures++;
	}
}

int main(void)
{
	uint64_t v;

	size_ok("0", 0);
	size_ok("4096", 4096);
	size_ok("4k", 4096);
	size_ok("4K", 4096);
	size_ok("4KiB", 4096);
	size_ok("1m", 1 << 20);
	size_ok("2g", 2ull << 30);
	size_ok("1t", 1ull << 40);
	size_ok("16777215t", 16777215ull << 40);
	size_bad("");
	size_bad("-1");
	size_bad("k");
	size_bad("4x");
	size_bad("4 k");
	size_bad("4kk");
	size_bad("16777216t");		/* 2^64: overflow */
	size_bad("99999999999999999999");
	size_bad(NULL);

	EXPECT(!wt_parse_uint("7", 1, 10, &v) && v == 7);
	EXPECT(wt_parse_uint("0", 1, 10, &v));
	EXPECT(wt_parse_uint("11", 1, 10, &v));
	EXPECT(wt_parse_uint("1k", 0, 10000, &v));
	EXPECT(wt_parse_uint("+3", 0, 10, &v));

	if (failures)
		fprintf(stderr, "test_parse: %d failure(s)\n", failures);
	else
		printf("test_parse: all checks passed\n");
	return failures != 0;
}
