// SPDX-License-Identifier: GPL-2.0
/* -V: read every write of a run back from disk (O_DIRECT) and compare. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wt/load.h"

int load_verify(const struct load_cfg *c, const char *path)
{
	size_t alen = (c->size + 4095 + 4096) & ~4095ull;
	unsigned char *want = NULL, *got = NULL;
	uint64_t i, bad = 0;
	int fd;

	if (!(c->pattern == LP_SEQ ||
	      (c->pattern == LP_SHUFFLE && c->count <= c->span / c->size)) || c->threads != 1) {
		/* later writes may overwrite earlier ones: check the last per offset */
		fprintf(stderr, "wtload: --verify needs -P seq (or shuffle within one pass"
			" of the span) and one thread\n");
		return -1;
	}
	fd = open(path, O_RDONLY | O_DIRECT);
	if (fd < 0) {
		fprintf(stderr, "wtload: verify: open %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (posix_memalign((void **)&got, 4096, alen) || !(want = malloc(c->size))) {
		fprintf(stderr, "wtload: verify: out of memory\n");
		free(got);
		close(fd);
		return -1;
	}
	for (i = 0; i < c->count; i++) {
		uint64_t off = load_offset(c, i), aoff = off & ~4095ull;
		ssize_t n;

		load_fill(c, want, i);
		n = pread(fd, got, alen, (off_t)aoff);
		if (n < (ssize_t)(off - aoff + c->size) ||
		    memcmp(got + (off - aoff), want, c->size)) {
			if (!bad++)
				fprintf(stderr, "wtload: verify: write %" PRIu64 " at %" PRIu64
					" differs on disk\n", i, off);
		}
	}
	free(want);
	free(got);
	close(fd);
	if (bad) {
		fprintf(stderr, "wtload: verify: %" PRIu64 " of %" PRIu64 " writes differ\n",
			bad, c->count);
		return -1;
	}
	printf("wtload: verified %" PRIu64 " writes with O_DIRECT reads\n", c->count);
	return 0;
}
