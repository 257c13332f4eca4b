/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The atomic write limits statx() reports for a file, for headers that
 * predate them (struct statx as of Linux 6.16), and RWF_ATOMIC.
 */
#ifndef WT_TESTS_STATX_ATOMIC_H
#define WT_TESTS_STATX_ATOMIC_H

#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RWF_ATOMIC
#define RWF_ATOMIC 0x00000040
#endif
#define WT_STATX_WRITE_ATOMIC 0x00010000U

struct wt_statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	uint64_t times[8];
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t mnt_id;
	uint32_t dio_mem_align, dio_offset_align;
	uint64_t subvol;
	uint32_t awu_min, awu_max, aw_segments_max, dio_read_offset_align;
	uint32_t awu_max_opt, spare2;
	uint64_t spare3[8];
};

struct wt_atomic_limits {
	uint32_t min, max, opt;
};

/* 0, with all limits 0 if the file system reports none; -1 on error */
static inline int wt_atomic_limits(const char *path, struct wt_atomic_limits *l)
{
	struct wt_statx st;

	memset(&st, 0, sizeof(st));
	memset(l, 0, sizeof(*l));
	if (syscall(SYS_statx, AT_FDCWD, path, 0, WT_STATX_WRITE_ATOMIC, &st))
		return -1;
	if (st.mask & WT_STATX_WRITE_ATOMIC) {
		l->min = st.awu_min;
		l->max = st.awu_max;
		l->opt = st.awu_max_opt;
	}
	return 0;
}

#endif
