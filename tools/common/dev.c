// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "wt/dev.h"
#include "wt/parse.h"

int wt_parse_dev(const char *s, uint32_t *dev)
{
	uint64_t maj, min;
	const char *colon = strchr(s, ':');
	struct stat st;

	if (colon && s[0] != '/') {
		char buf[32];

		if ((size_t)(colon - s) >= sizeof(buf))
			return -1;
		memcpy(buf, s, colon - s);
		buf[colon - s] = 0;
		if (wt_parse_uint(buf, 0, 4095, &maj) || wt_parse_uint(colon + 1, 0, (1 << 20) - 1, &min))
			return -1;
	} else {
		if (stat(s, &st) || !S_ISBLK(st.st_mode))
			return -1;
		maj = major(st.st_rdev);
		min = minor(st.st_rdev);
	}
	*dev = (uint32_t)(maj << 20 | min);
	return 0;
}

void wt_format_dev(uint32_t dev, char *buf, size_t len)
{
	snprintf(buf, len, "%u:%u", dev >> 20, dev & ((1u << 20) - 1));
}
