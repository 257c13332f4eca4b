// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "classify.h"

const char *const wtrun_verdict_name[WTRUN_NVERDICTS] = {
	[WTRUN_CONVERT] = "converted",
	[WTRUN_PASS_NONREG] = "nonreg",
	[WTRUN_PASS_DIRECT] = "direct",
	[WTRUN_PASS_REFUSED] = "refused",
	[WTRUN_PASS_FLAGS] = "flags",
	[WTRUN_PASS_OTHER] = "other",
};

/* uapi values (include/uapi/linux/fs.h), spelled out for older headers */
#define W_HIPRI		0x01
#define W_DSYNC		0x02
#define W_SYNC		0x04
#define W_NOWAIT	0x08
#define W_APPEND	0x10
#define W_NOAPPEND	0x20
#define W_NOSIGNAL	0x100

bool wtrun_flags_convertible(int app_flags)
{
	const int ok = W_HIPRI | W_DSYNC | W_SYNC | W_NOWAIT | W_APPEND |
		       W_NOAPPEND | W_NOSIGNAL;

	return !(app_flags & ~ok);
}

enum wtrun_verdict wtrun_judge_args(int app_flags, bool len_known, size_t len,
				    int iovcnt, long long off, bool positional)
{
	if (!wtrun_flags_convertible(app_flags))
		return WTRUN_PASS_FLAGS;
	/* pwrite(-1) is EINVAL, pwritev2(-1) would mean the file position */
	if (positional ? off < 0 : off != -1)
		return WTRUN_PASS_OTHER;
	/* write(fd, buf, 0) writes nothing; huge counts keep write()'s clamp */
	if ((len_known && (len == 0 || len > SSIZE_MAX)) || iovcnt <= 0)
		return WTRUN_PASS_OTHER;
	return WTRUN_CONVERT;
}

enum wtrun_verdict wtrun_judge_fd(const struct wtrun_fdinfo *fi)
{
	if (!fi->ok)
		return WTRUN_PASS_OTHER;
	if (!S_ISREG(fi->mode))
		return WTRUN_PASS_NONREG;
	if (fi->status_flags & O_DIRECT)
		return WTRUN_PASS_DIRECT;
	if (fi->refused)
		return WTRUN_PASS_REFUSED;
	return WTRUN_CONVERT;
}

void wtrun_fdinfo(int fd, struct wtrun_fdinfo *fi)
{
	int saved = errno;
	struct stat st;
	int fl;

	memset(fi, 0, sizeof(*fi));
	if (fstat(fd, &st) == 0 && (fl = fcntl(fd, F_GETFL)) != -1) {
		fi->ok = true;
		fi->mode = st.st_mode;
		fi->status_flags = fl;
		fi->dev = st.st_dev;
		fi->ino = st.st_ino;
		fi->refused = S_ISREG(st.st_mode) &&
			      wtrun_refused_match(fd, st.st_dev, st.st_ino);
	}
	errno = saved;
}

/*
 * One slot per fd below WTRUN_MAX_FD (zero pages until used).  Higher fds
 * are not remembered: each of their writes asks the kernel again, which
 * costs one refused call.  Slots are read and written without a lock: a
 * torn pair only fails to match, which means one more refused call.
 */
#define WTRUN_MAX_FD 65536
static struct {
	_Atomic uint64_t dev;
	_Atomic uint64_t ino;
} refused[WTRUN_MAX_FD];

void wtrun_refused_set(int fd, dev_t dev, ino_t ino)
{
	if (fd < 0 || fd >= WTRUN_MAX_FD)
		return;
	atomic_store_explicit(&refused[fd].dev, (uint64_t)dev + 1, memory_order_relaxed);
	atomic_store_explicit(&refused[fd].ino, (uint64_t)ino, memory_order_relaxed);
}

bool wtrun_refused_match(int fd, dev_t dev, ino_t ino)
{
	if (fd < 0 || fd >= WTRUN_MAX_FD)
		return false;
	return atomic_load_explicit(&refused[fd].dev, memory_order_relaxed) == (uint64_t)dev + 1 &&
	       atomic_load_explicit(&refused[fd].ino, memory_order_relaxed) == (uint64_t)ino;
}

void wtrun_refused_clear(void)
{
	for (int i = 0; i < WTRUN_MAX_FD; i++) {
		atomic_store_explicit(&refused[i].dev, 0, memory_order_relaxed);
		atomic_store_explicit(&refused[i].ino, 0, memory_order_relaxed);
	}
}
