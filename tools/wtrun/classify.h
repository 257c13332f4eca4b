/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wtrun's decision for one write call: turn it into
 * pwritev2(..., RWF_WRITETHROUGH), or pass it through unchanged and say why.
 * The pure part (the call's own arguments, an fd's fstat/fcntl facts) is
 * separate from reading those facts, so the unit test can drive both.
 */
#ifndef WTRUN_CLASSIFY_H
#define WTRUN_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum wtrun_verdict {
	WTRUN_CONVERT,		/* made write-through */
	WTRUN_PASS_NONREG,	/* not a regular file: pipe, socket, tty, device */
	WTRUN_PASS_DIRECT,	/* O_DIRECT: direct I/O is written through already */
	WTRUN_PASS_REFUSED,	/* the kernel refused the flag (EOPNOTSUPP) for this file */
	WTRUN_PASS_FLAGS,	/* the caller's pwritev2 flags conflict, or it set the flag */
	WTRUN_PASS_OTHER,	/* nothing to convert: empty write, bad offset, bad fd */
	WTRUN_NVERDICTS
};

/* short names, as in the --stats line and its JSON keys */
extern const char *const wtrun_verdict_name[WTRUN_NVERDICTS];

/* What the kernel says about a file descriptor. */
struct wtrun_fdinfo {
	bool ok;		/* fstat and F_GETFL worked */
	mode_t mode;		/* st_mode */
	int status_flags;	/* F_GETFL */
	dev_t dev;
	ino_t ino;
	bool refused;		/* this file refused the flag before on this fd */
};

/*
 * pwritev2 flags a caller may combine with the conversion: those that mean
 * the same for a write-through write.  Any other bit (RWF_DONTCACHE,
 * RWF_ATOMIC, RWF_WRITETHROUGH itself, unknown bits) leaves the call alone.
 */
bool wtrun_flags_convertible(int app_flags);

/*
 * The verdict on a call's own arguments, before looking at the fd:
 * app_flags (0 unless pwritev2), len (bytes of write/pwrite; the vector
 * calls have !len_known), iovcnt (1 for write/pwrite), off (-1: the file
 * position, which write/writev use; the positional calls need off >= 0).
 * Returns WTRUN_CONVERT when the fd decides.
 */
enum wtrun_verdict wtrun_judge_args(int app_flags, bool len_known, size_t len,
				    int iovcnt, long long off, bool positional);

/* The verdict on the fd: WTRUN_CONVERT or why not. */
enum wtrun_verdict wtrun_judge_fd(const struct wtrun_fdinfo *fi);

/* Fill fi for fd (fstat, F_GETFL, the refusal table).  errno is kept. */
void wtrun_fdinfo(int fd, struct wtrun_fdinfo *fi);

/*
 * Remember that the file open on fd refused the flag: later writes on fd
 * to the same file (device, inode) pass through without asking again.
 * A reused fd number on another file asks again.
 */
void wtrun_refused_set(int fd, dev_t dev, ino_t ino);
bool wtrun_refused_match(int fd, dev_t dev, ino_t ino);
void wtrun_refused_clear(void);

#endif
