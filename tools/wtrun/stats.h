/* SPDX-License-Identifier: GPL-2.0 */
/* wtrun's counts per process and the line --stats prints at exit. */
#ifndef WTRUN_STATS_H
#define WTRUN_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "classify.h"

struct wtrun_counts {
	unsigned long long calls[WTRUN_NVERDICTS];	/* write calls per verdict */
	unsigned long long bytes;			/* written by converted calls */
};

/*
 * One line (with its newline) for pid/comm:
 *   wtrun: pid 42 (dd): converted 8 (32768 bytes), passed 2: nonreg 1 direct 1 refused 0 flags 0 other 0
 * or with json one object:
 *   {"pid":42,"comm":"dd","dsync":false,"converted":8,"bytes":32768,"passed":2,"nonreg":1,...}
 * Returns the length, or -1 if buf is too small.
 */
int wtrun_format_stats(char *buf, size_t len, const struct wtrun_counts *c,
		       pid_t pid, const char *comm, bool dsync, bool json);

#endif
