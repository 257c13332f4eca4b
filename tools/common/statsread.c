// SPDX-License-Identifier: GPL-2.0
/* One consistent read of the BPF stats map (libbpf side of snapshot.h). */
#include <errno.h>
#include <stdlib.h>
#include <bpf/bpf.h>

#include "wt/snapshot.h"

int wt_snap_read(int fd, int ncpu, uint64_t ep, struct wt_snap *s)
{
	struct wt_stats *v = calloc(ncpu, sizeof(*v));
	__u32 zero = 0;
	int c, tries;
	bool whole = false;

	if (!v)
		return -ENOMEM;
	s->retries = 0;
	for (tries = 0; tries < WT_SNAP_TRIES && !whole; tries++) {
		if (bpf_map_lookup_elem(fd, &zero, v)) {
			int err = -errno;

			free(v);
			return err;
		}
		whole = true;
		for (c = 0; c < ncpu; c++)
			if (!wt_stats_whole(&v[c]))
				whole = false;
		if (!whole)
			s->retries++;
	}
	s->torn = !whole;
	wt_snap_merge(s, v, ncpu, ep);
	free(v);
	return 0;
}
