/* SPDX-License-Identifier: GPL-2.0 */
/* Command-line value parsing shared by the wt tools. */
#ifndef WT_PARSE_H
#define WT_PARSE_H

#include <stdint.h>

/*
 * Parse a non-negative integer with an optional binary suffix (k, m, g, t,
 * case-insensitive, optionally followed by "b" or "ib").  Returns 0, or
 * -1 on empty input, junk, a negative sign or overflow.
 */
int wt_parse_size(const char *s, uint64_t *out);

/* Parse a plain unsigned decimal integer in [min, max]; 0 or -1. */
int wt_parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out);

#endif
