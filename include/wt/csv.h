/* SPDX-License-Identifier: GPL-2.0 */
/* CSV output (RFC 4180). */
#ifndef WT_CSV_H
#define WT_CSV_H

#include <stdio.h>

/*
 * One field: as is, or, when it holds a comma, a double quote, CR, LF or
 * leading/trailing space, enclosed in double quotes with each double quote
 * doubled (RFC 4180, section 2).
 */
void wt_csv_field(FILE *f, const char *s);

#endif
