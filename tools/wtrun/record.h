/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The counts of one process under wtrun, kept in a small file that the
 * process maps shared, in the directory WTRUN_STATS names: they are there
 * however the process ends (exit, _exit, a signal, exec of another
 * program), and wtrun prints them when the command has ended.
 */
#ifndef WTRUN_RECORD_H
#define WTRUN_RECORD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "classify.h"

#define WTRUN_RECORD_MAGIC 0x3176637274727477ULL	/* "wtrtrcv1" */

struct wtrun_record {
	uint64_t magic;		/* set last, once pid and comm are there */
	int32_t pid;
	char comm[20];
	_Atomic uint64_t calls[WTRUN_NVERDICTS];
	_Atomic uint64_t bytes;
};

/*
 * Print one stats line per record in dir whose process made a write call,
 * in pid order, to out; then remove the records and dir.  Returns the
 * number of lines, or -errno if dir cannot be read.
 */
int wtrun_collect(const char *dir, FILE *out, bool dsync, bool json);

#endif
