// SPDX-License-Identifier: GPL-2.0
/* The kernel and series a run measured, for every record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "bench.h"

void bench_kernel_ident(struct bench_kernel *k)
{
	const char *series = getenv("WT_SERIES_HEAD");
	struct utsname u;
	FILE *f;

	memset(k, 0, sizeof(*k));
	if (!uname(&u))
		snprintf(k->release, sizeof(k->release), "%s", u.release);
	f = fopen("/proc/version", "r");
	if (f) {
		if (fgets(k->version, sizeof(k->version), f))
			k->version[strcspn(k->version, "\n")] = 0;
		fclose(f);
	}
	if (series)
		snprintf(k->series, sizeof(k->series), "%s", series);
}
