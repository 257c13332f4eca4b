// SPDX-License-Identifier: GPL-2.0
/*
 * libwtrun.so, loaded with LD_PRELOAD by wtrun: buffered writes to regular
 * files become pwritev2(..., RWF_WRITETHROUGH [| RWF_DSYNC]).
 *
 * write() and writev() use offset -1, so pwritev2 uses and advances the
 * file position as they do (and O_APPEND still appends); pwrite() and
 * pwritev() keep their offset.  Everything else is passed through
 * unchanged and counted (classify.h).  A file the kernel refuses the flag
 * for (EOPNOTSUPP: another file system, a kernel without the series) gets
 * the original call, and its fd is remembered so later writes do not ask
 * again.
 *
 * Environment (set by wtrun):
 *   WTRUN_DSYNC=1      add RWF_DSYNC
 *   WTRUN_STATS=DIR    keep this process's counts in a record file in DIR
 *                      (record.h), which wtrun prints when the command ends
 *   WTRUN_RWF=FLAGS    the flag to add instead of RWF_WRITETHROUGH (0x200);
 *                      0 exercises the conversion on any kernel (tests)
 */
#undef _FILE_OFFSET_BITS	/* define pwrite and pwrite64 both, unredirected */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "wt/rwf.h"
#include "classify.h"
#include "record.h"

#define EXPORT __attribute__((visibility("default")))

#ifndef RWF_DSYNC
#define RWF_DSYNC 0x02
#endif

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off64_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_pwritev)(int, const struct iovec *, int, off_t);
static ssize_t (*real_pwritev64)(int, const struct iovec *, int, off64_t);
static ssize_t (*real_pwritev2)(int, const struct iovec *, int, off_t, int);
static ssize_t (*real_pwritev64v2)(int, const struct iovec *, int, off64_t, int);

static int add_flags = RWF_WRITETHROUGH;
static bool dsync;
static char stats_dir[256];

/* the counts: in a shared record file under WTRUN_STATS, else private */
static struct wtrun_record local, *rec = &local;

/* a line on stderr that does not go through our own write() */
static void say(const char *msg)
{
	syscall(SYS_write, 2, msg, strlen(msg));
}

static void resolve(void)
{
	real_write = dlsym(RTLD_NEXT, "write");
	real_pwrite = dlsym(RTLD_NEXT, "pwrite");
	real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
	real_writev = dlsym(RTLD_NEXT, "writev");
	real_pwritev = dlsym(RTLD_NEXT, "pwritev");
	real_pwritev64 = dlsym(RTLD_NEXT, "pwritev64");
	real_pwritev2 = dlsym(RTLD_NEXT, "pwritev2");
	real_pwritev64v2 = dlsym(RTLD_NEXT, "pwritev64v2");
	if (!real_write || !real_pwrite || !real_pwrite64 || !real_writev ||
	    !real_pwritev || !real_pwritev64 || !real_pwritev2 || !real_pwritev64v2) {
		say("libwtrun: cannot find the C library's write functions\n");
		abort();
	}
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
#define REAL(f) (pthread_once(&once, resolve), real_##f)

/* decimal digits of v at p; returns the end (async-signal-safe) */
static char *put_num(char *p, unsigned long v)
{
	char d[24];
	int n = 0;

	do
		d[n++] = '0' + v % 10;
	while (v /= 10);
	while (n)
		*p++ = d[--n];
	return p;
}

/*
 * A new record file DIR/PID.SEQ, mapped shared (SEQ: a process that exec'd
 * keeps its old record).  Only system calls: it runs in a forked child.
 */
static struct wtrun_record *record_new(void)
{
	char path[sizeof(stats_dir) + 48], *p;
	struct wtrun_record *r;
	size_t dl = strlen(stats_dir);
	int fd = -1, seq, n;
	pid_t pid = getpid();

	for (seq = 0; seq < 1000 && fd < 0; seq++) {
		memcpy(path, stats_dir, dl);
		p = path + dl;
		*p++ = '/';
		p = put_num(p, (unsigned long)pid);
		*p++ = '.';
		p = put_num(p, (unsigned long)seq);
		*p = 0;
		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			return NULL;
	}
	if (fd < 0)
		return NULL;
	if (ftruncate(fd, sizeof(*r))) {
		close(fd);
		return NULL;
	}
	r = mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (r == MAP_FAILED)
		return NULL;
	r->pid = pid;
	fd = open("/proc/self/comm", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, r->comm, sizeof(r->comm) - 1);
		close(fd);
		while (n > 0 && (r->comm[n - 1] == '\n' || r->comm[n - 1] == 0))
			r->comm[--n] = 0;
	}
	__atomic_store_n(&r->magic, WTRUN_RECORD_MAGIC, __ATOMIC_RELEASE);
	return r;
}

static void records_start(void)
{
	struct wtrun_record *r = NULL;
	int saved = errno;

	if (stats_dir[0])
		r = record_new();
	errno = saved;
	rec = r ? r : &local;
}

/* A forked child counts its own writes, in its own record. */
static void child_after_fork(void)
{
	if (rec != &local)
		munmap(rec, sizeof(*rec));
	memset(&local, 0, sizeof(local));
	records_start();
}

__attribute__((constructor)) static void wtrun_init(void)
{
	const char *s;

	pthread_once(&once, resolve);
	s = getenv("WTRUN_RWF");
	if (s && *s) {
		char *end;
		long v;

		errno = 0;
		v = strtol(s, &end, 0);
		if (errno || *end || v < 0 || v > 0x7fffffff)
			say("libwtrun: WTRUN_RWF is not a number, using RWF_WRITETHROUGH\n");
		else
			add_flags = (int)v;
	}
	s = getenv("WTRUN_DSYNC");
	dsync = s && !strcmp(s, "1");
	s = getenv("WTRUN_STATS");
	if (s && *s) {
		if (strlen(s) < sizeof(stats_dir))
			strcpy(stats_dir, s);
		else
			say("libwtrun: WTRUN_STATS is too long, no stats\n");
	}
	records_start();
	pthread_atfork(NULL, NULL, child_after_fork);
}

/*
 * The conversion.  Returns true with the call's result in *ret when the
 * call was made write-through; false when the caller must make the
 * original call (errno as the caller left it).
 */
static bool writethrough(int fd, const struct iovec *iov, int cnt, off_t off,
			 int app_flags, bool len_known, size_t len, bool positional,
			 ssize_t *ret)
{
	enum wtrun_verdict v;
	struct wtrun_fdinfo fi;
	int saved = errno;
	ssize_t r;

	v = wtrun_judge_args(app_flags, len_known, len, cnt, off, positional);
	if (v == WTRUN_CONVERT) {
		wtrun_fdinfo(fd, &fi);
		v = wtrun_judge_fd(&fi);
	}
	if (v == WTRUN_CONVERT) {
		r = REAL(pwritev2)(fd, iov, cnt, off, app_flags | add_flags | (dsync ? RWF_DSYNC : 0));
		if (r < 0 && errno == EOPNOTSUPP) {
			/*
			 * Remember the file only if the flag was ours alone:
			 * with the caller's flags, those may be what the
			 * kernel refused (RWF_NOWAIT on some file systems).
			 */
			if (!app_flags)
				wtrun_refused_set(fd, fi.dev, fi.ino);
			v = WTRUN_PASS_REFUSED;
			errno = saved;
		} else {
			atomic_fetch_add_explicit(&rec->calls[v], 1, memory_order_relaxed);
			if (r > 0)
				atomic_fetch_add_explicit(&rec->bytes, r, memory_order_relaxed);
			*ret = r;
			return true;
		}
	}
	atomic_fetch_add_explicit(&rec->calls[v], 1, memory_order_relaxed);
	return false;
}

EXPORT ssize_t write(int fd, const void *buf, size_t n)
{
	struct iovec iov = { (void *)buf, n };
	ssize_t r;

	if (writethrough(fd, &iov, 1, -1, 0, true, n, false, &r))
		return r;
	return REAL(write)(fd, buf, n);
}

EXPORT ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	struct iovec iov = { (void *)buf, n };
	ssize_t r;

	if (writethrough(fd, &iov, 1, off, 0, true, n, true, &r))
		return r;
	return REAL(pwrite)(fd, buf, n, off);
}

EXPORT ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	struct iovec iov = { (void *)buf, n };
	ssize_t r;

	if (writethrough(fd, &iov, 1, off, 0, true, n, true, &r))
		return r;
	return REAL(pwrite64)(fd, buf, n, off);
}

EXPORT ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	ssize_t r;

	if (writethrough(fd, iov, cnt, -1, 0, false, 0, false, &r))
		return r;
	return REAL(writev)(fd, iov, cnt);
}

EXPORT ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
	ssize_t r;

	if (writethrough(fd, iov, cnt, off, 0, false, 0, true, &r))
		return r;
	return REAL(pwritev)(fd, iov, cnt, off);
}

EXPORT ssize_t pwritev64(int fd, const struct iovec *iov, int cnt, off64_t off)
{
	ssize_t r;

	if (writethrough(fd, iov, cnt, off, 0, false, 0, true, &r))
		return r;
	return REAL(pwritev64)(fd, iov, cnt, off);
}

/* pwritev2 takes -1 for the file position itself: not "positional" */
EXPORT ssize_t pwritev2(int fd, const struct iovec *iov, int cnt, off_t off, int flags)
{
	ssize_t r;

	if (writethrough(fd, iov, cnt, off, flags, false, 0, off != -1, &r))
		return r;
	return REAL(pwritev2)(fd, iov, cnt, off, flags);
}

EXPORT ssize_t pwritev64v2(int fd, const struct iovec *iov, int cnt, off64_t off, int flags)
{
	ssize_t r;

	if (writethrough(fd, iov, cnt, off, flags, false, 0, off != -1, &r))
		return r;
	return REAL(pwritev64v2)(fd, iov, cnt, off, flags);
}
