// SPDX-License-Identifier: GPL-2.0
/*
 * wtfault: guest-side checks of the write-through error policy under real
 * device faults (a dm-thin pool out of data space, dm-flakey, null_blk bad
 * blocks, fail_make_request).  Each check prints one "ok: ..." or
 * "FAIL: ..." line with its figures; exit 0 (all ok), 1 (a check failed)
 * or 2 (bad usage, or a set-up step failed: no verdict on the kernel).
 *
 *   wtfault fill FILE BYTES
 *	fallocate BYTES, then O_DIRECT writes of 1 MiB until the device
 *	refuses one (a thin pool running out of data space).
 *   wtfault mkfile [-f] [-s SPLIT] FILE LEN CH
 *	LEN bytes of CH ("0": zero bytes), fsynced.  -f: fallocate first;
 *	-s: allocate [0,SPLIT) and [SPLIT,LEN) as two extents with another
 *	file's extent between them, so that they are two mappings.
 *   wtfault phys FILE OFF LEN
 *	"FIRST LAST": the 512-byte device sectors under [OFF,OFF+LEN), which
 *	must be one written extent.
 *   wtfault pw [-A] [-b CMD] [-a CMD] LABEL FILE OFF LEN CH EXPECT
 *	one pwritev2(RWF_WRITETHROUGH) of LEN bytes of CH at OFF; runs CMD
 *	(sh -c) right before (-b) and right after (-a) it.  EXPECT: an errno
 *	name (EIO), a byte count, or max:N (0 < count <= N: a short count).
 *	Prints "ret N" (-1 on error) before the verdict.  -A: the same write
 *	through aio (io_submit), waited for; its completion is the result.
 *   wtfault fsync LABEL FD EXPECT
 *	fsync() of an inherited descriptor; EXPECT is 0 or an errno name.
 *   wtfault expect [-d] [-D DEV] LABEL FILE SIZE RANGE...
 *	st_size is SIZE and every 1 KiB unit of each RANGE (OFF:LEN:CLASSES)
 *	reads as one of CLASSES: a letter (that byte throughout), 0 (zero
 *	bytes), E (a read error).  A lower-case letter allows the upper-case
 *	one only where DEV holds it too (raw O_DIRECT read at the FIEMAP
 *	address): the cache must not hold data the device lacks.  -d: sync
 *	and drop the caches first.
 *   wtfault enospc [-p PREALLOC] [-m MIN] LABEL FILE LEN
 *	one pwritev2(RWF_WRITETHROUGH) of LEN tagged bytes at 0 (every 4 KiB
 *	block holds "WT" and its own file offset, repeated) into FILE (new, or zeroes)
 *	on a device that runs out of space.  Checks the return (a count
 *	>= MIN, or -1), st_size against it, and the contents (own tag or
 *	zero, never another block's tag) cached and after drop_caches.
 *	-p: fallocate [0,PREALLOC) with KEEP_SIZE first (a second mapping).
 *   wtfault tagcheck LABEL FILE MAXSIZE TAGGED
 *	after a remount: st_size <= MAXSIZE, [0,TAGGED) own tags, the rest
 *	own tags or zeroes.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/falloc.h>
#include <linux/fiemap.h>
#include <linux/fs.h>

#include "aio.h"
#include "wt/parse.h"
#include "wt/rwf.h"

#define KIB ((uint64_t)1024)
#define MIB (1024 * KIB)
#define UNIT KIB		/* smallest file system block: the check unit */
#define TAG_BLOCK (4 * KIB)	/* tagged block */
#define CHUNK (64 * KIB)	/* read size */
#define TAG_MAGIC (0x5754ull << 48)	/* "WT": block 0's tag is not zeroes */
#define MAX_SHOWN 4		/* violations named per check */

static int usage(void)
{
	fprintf(stderr, "usage: wtfault fill|mkfile|phys|pw|fsync|expect|enospc|tagcheck ARGS"
		" (see the comment at the top of tests/wtfault.c)\n");
	return 2;
}

static int setup_error(const char *what, const char *arg)
{
	printf("FAIL: set-up: %s %s: %s\n", what, arg, strerror(errno));
	return 2;
}

static int size_arg(const char *s, uint64_t *v)
{
	if (wt_parse_size(s, v)) {
		fprintf(stderr, "wtfault: invalid size '%s'\n", s);
		return -1;
	}
	return 0;
}

/* a growing message for one verdict line */
struct msg {
	char buf[2048];
	size_t len;
};

static void add(struct msg *m, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (m->len >= sizeof(m->buf) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(m->buf + m->len, sizeof(m->buf) - m->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		m->len += (size_t)n;
	if (m->len >= sizeof(m->buf))
		m->len = sizeof(m->buf) - 1;
}

static int verdict(int good, const char *label, const struct msg *m)
{
	printf("%s: %s: %s\n", good ? "ok" : "FAIL", label, m->buf);
	fflush(stdout);
	return good ? 0 : 1;
}

/*
 * Runs of equal findings, so that a verdict names ranges, not 1 KiB units:
 * a finding is a text and a displacement (another block's data: where it
 * belongs, relative to where it is found).
 */
struct runs {
	struct msg *m;
	unsigned int shown;
	uint64_t start, end;	/* current run [start, end) */
	int64_t delta;
	char what[96];
};

static void runs_flush(struct runs *r)
{
	if (r->end == r->start)
		return;
	if (r->shown++ < MAX_SHOWN) {
		add(r->m, "; [%" PRIu64 ",%" PRIu64 ") %s", r->start, r->end, r->what);
		if (r->delta)
			add(r->m, " [%" PRIu64 ",%" PRIu64 ")", r->start + r->delta,
			    r->end + r->delta);
	}
	r->start = r->end;
}

/* a finding for the unit at off: extends the current run or starts one */
static void runs_add(struct runs *r, uint64_t off, const char *what, int64_t delta)
{
	if (r->end != r->start && (off != r->end || delta != r->delta || strcmp(what, r->what)))
		runs_flush(r);
	if (r->end == r->start) {
		r->start = off;
		r->delta = delta;
		snprintf(r->what, sizeof(r->what), "%s", what);
	}
	r->end = off + UNIT;
}

static const char *errname(int e)
{
	const char *n = strerrorname_np(e);

	return n ? n : "E?";
}

static int drop_caches(void)
{
	int fd;

	sync();
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd < 0 || write(fd, "3\n", 2) != 2) {
		perror("wtfault: drop_caches");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int run_hook(const char *cmd)
{
	int st;

	if (!cmd)
		return 0;
	fflush(stdout);
	st = system(cmd);
	if (st != 0) {
		printf("FAIL: set-up: hook '%s' exited with status %d\n", cmd, st);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- FIEMAP */

struct extents {
	struct fiemap_extent *e;
	unsigned int n;
};

/* The file's extents as the file system has them now: no FIEMAP_FLAG_SYNC,
 * which would write back dirty folios and change what is being observed. */
static int load_extents(int fd, struct extents *x)
{
	struct fiemap probe = { .fm_length = FIEMAP_MAX_OFFSET };
	struct fiemap *fm;
	unsigned int n;

	if (ioctl(fd, FS_IOC_FIEMAP, &probe))
		return -1;
	n = probe.fm_mapped_extents + 16;
	fm = calloc(1, sizeof(*fm) + n * sizeof(struct fiemap_extent));
	if (!fm)
		return -1;
	fm->fm_length = FIEMAP_MAX_OFFSET;
	fm->fm_extent_count = n;
	if (ioctl(fd, FS_IOC_FIEMAP, fm)) {
		free(fm);
		return -1;
	}
	x->n = fm->fm_mapped_extents;
	x->e = malloc((x->n + 1) * sizeof(*x->e));
	if (!x->e) {
		free(fm);
		return -1;
	}
	memcpy(x->e, fm->fm_extents, x->n * sizeof(*x->e));
	free(fm);
	return 0;
}

static const struct fiemap_extent *find_extent(const struct extents *x, uint64_t off)
{
	unsigned int i;

	for (i = 0; i < x->n; i++)
		if (off >= x->e[i].fe_logical && off < x->e[i].fe_logical + x->e[i].fe_length)
			return &x->e[i];
	return NULL;
}

static void print_extents(const char *path, const struct extents *x)
{
	unsigned int i;

	printf("wtfault: %s: %u extent(s):", path, x->n);
	for (i = 0; i < x->n; i++)
		printf(" [%llu+%llu @%llu%s]", (unsigned long long)x->e[i].fe_logical,
		       (unsigned long long)x->e[i].fe_length,
		       (unsigned long long)x->e[i].fe_physical,
		       x->e[i].fe_flags & FIEMAP_EXTENT_UNWRITTEN ? " unwritten" : "");
	printf("\n");
}

/* ---------------------------------------------------------------- classes */

/* A letter (that byte throughout), '0' (zeroes), '?' (mixed), '#' (other). */
static char classify(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 1; i < len; i++)
		if (p[i] != p[0])
			return '?';
	if (!p[0])
		return '0';
	return isalpha(p[0]) ? (char)p[0] : '#';
}

/*
 * Classes of the 1 KiB units of [0, len) read through the page cache: 'E'
 * for a unit whose read fails, '.' past EOF.  A chunk that fails is read
 * again unit by unit, so one bad block does not hide its neighbours.
 */
static char *read_classes(int fd, uint64_t len)
{
	uint64_t units = len / UNIT, u;
	char *cls = malloc(units + 1);
	unsigned char *buf = malloc(CHUNK);

	if (!cls || !buf)
		return NULL;
	memset(cls, '.', units);
	cls[units] = 0;
	for (u = 0; u < units; u += CHUNK / UNIT) {
		uint64_t n = units - u < CHUNK / UNIT ? units - u : CHUNK / UNIT, k;
		ssize_t r = pread(fd, buf, n * UNIT, (off_t)(u * UNIT));

		if (r < 0) {
			for (k = 0; k < n; k++) {
				r = pread(fd, buf, UNIT, (off_t)((u + k) * UNIT));
				cls[u + k] = r < 0 ? 'E' : r < (ssize_t)UNIT ? '.' :
					     classify(buf, UNIT);
			}
			continue;
		}
		for (k = 0; k < n && (k + 1) * UNIT <= (uint64_t)r; k++)
			cls[u + k] = classify(buf + k * UNIT, UNIT);
	}
	free(buf);
	return cls;
}

/* What the device holds for the unit at file offset off: its class, 'E' if
 * the device read fails, '0' for a hole or an unwritten extent. */
static char device_class(int dfd, const struct extents *x, uint64_t off)
{
	const struct fiemap_extent *e = find_extent(x, off);
	static unsigned char *blk;
	uint64_t phys, base;

	if (!e || (e->fe_flags & FIEMAP_EXTENT_UNWRITTEN))
		return '0';
	if (!blk && posix_memalign((void **)&blk, 4096, 4096))
		return 'E';
	phys = e->fe_physical + (off - e->fe_logical);
	base = phys & ~4095ull;
	if (pread(dfd, blk, 4096, (off_t)base) != 4096)
		return 'E';
	return classify(blk + (phys - base), UNIT);
}

/* ---------------------------------------------------------------- fill */

static int cmd_fill(int argc, char **argv)
{
	uint64_t bytes, done = 0;
	unsigned int writes = 0;
	struct extents x;
	ssize_t r = 0;
	char *buf;
	int fd, err = 0;

	argc--;
	argv++;
	if (argc != 2 || size_arg(argv[1], &bytes))
		return usage();
	fd = open(argv[0], O_RDWR | O_CREAT | O_TRUNC | O_DIRECT, 0644);
	if (fd < 0)
		return setup_error("open", argv[0]);
	if (fallocate(fd, 0, 0, (off_t)bytes))
		return setup_error("fallocate", argv[0]);
	if (posix_memalign((void **)&buf, 4096, MIB))
		return 2;
	memset(buf, 'F', MIB);
	while (done < bytes) {
		r = pwrite(fd, buf, MIB, (off_t)done);
		if (r != (ssize_t)MIB) {
			err = r < 0 ? errno : EIO;
			break;
		}
		done += MIB;
		writes++;
	}
	fsync(fd);
	if (!load_extents(fd, &x))
		print_extents(argv[0], &x);
	close(fd);
	if (!err) {
		printf("FAIL: set-up: %s: %" PRIu64 " MiB written without an error: the device"
		       " did not run out of space\n", argv[0], done / MIB);
		return 2;
	}
	printf("wtfault: filler %s: %" PRIu64 " MiB written in %u writes, then %s\n",
	       argv[0], done / MIB, writes, errname(err));
	return 0;
}

/* ---------------------------------------------------------------- mkfile */

static int fill_char(const char *s, unsigned char *c)
{
	if (!strcmp(s, "0")) {
		*c = 0;
		return 0;
	}
	if (strlen(s) != 1 || !isalpha((unsigned char)s[0])) {
		fprintf(stderr, "wtfault: the data byte must be a letter or 0, not '%s'\n", s);
		return -1;
	}
	*c = (unsigned char)s[0];
	return 0;
}

static int cmd_mkfile(int argc, char **argv)
{
	uint64_t len, split = 0, done;
	unsigned char c;
	struct extents x;
	int falloc = 0, fd, o;
	char *buf;

	optind = 1;
	while ((o = getopt(argc, argv, "+fs:")) != -1) {
		if (o == 'f')
			falloc = 1;
		else if (o == 's') {
			if (size_arg(optarg, &split))
				return 2;
		} else
			return usage();
	}
	argc -= optind;
	argv += optind;
	if (argc != 3 || size_arg(argv[1], &len) || fill_char(argv[2], &c))
		return usage();
	if (split >= len && split)
		return usage();
	fd = open(argv[0], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return setup_error("open", argv[0]);
	if (split) {
		char spacer[4096];
		int sfd;

		snprintf(spacer, sizeof(spacer), "%s.spacer", argv[0]);
		sfd = open(spacer, O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (sfd < 0)
			return setup_error("open", spacer);
		if (fallocate(fd, 0, 0, (off_t)split) || fallocate(sfd, 0, 0, 64 * KIB) ||
		    fallocate(fd, 0, (off_t)split, (off_t)(len - split)))
			return setup_error("fallocate", argv[0]);
		close(sfd);
	} else if (falloc && fallocate(fd, 0, 0, (off_t)len)) {
		return setup_error("fallocate", argv[0]);
	}
	buf = malloc(MIB);
	if (!buf)
		return 2;
	memset(buf, c, MIB);
	for (done = 0; done < len; done += MIB) {
		size_t n = len - done < MIB ? len - done : MIB;

		if (pwrite(fd, buf, n, (off_t)done) != (ssize_t)n)
			return setup_error("write", argv[0]);
	}
	if (fsync(fd))
		return setup_error("fsync", argv[0]);
	if (load_extents(fd, &x))
		return setup_error("FIEMAP", argv[0]);
	print_extents(argv[0], &x);
	if (split) {
		const struct fiemap_extent *a = find_extent(&x, split - 1),
					   *b = find_extent(&x, split);

		if (!a || !b || a == b ||
		    a->fe_physical + a->fe_length == b->fe_physical) {
			printf("FAIL: set-up: %s: no physically separate extents at %" PRIu64 "\n",
			       argv[0], split);
			return 2;
		}
	}
	close(fd);
	return 0;
}

/* ---------------------------------------------------------------- phys */

static int cmd_phys(int argc, char **argv)
{
	const struct fiemap_extent *e;
	uint64_t off, len, phys;
	struct extents x;
	int fd;

	argc--;
	argv++;
	if (argc != 3 || size_arg(argv[1], &off) || size_arg(argv[2], &len) || !len)
		return usage();
	fd = open(argv[0], O_RDONLY);
	if (fd < 0 || load_extents(fd, &x))
		return setup_error("FIEMAP", argv[0]);
	e = find_extent(&x, off);
	if (!e || (e->fe_flags & FIEMAP_EXTENT_UNWRITTEN) ||
	    off + len > e->fe_logical + e->fe_length) {
		print_extents(argv[0], &x);
		printf("FAIL: set-up: %s: [%" PRIu64 ",+%" PRIu64 ") is not one written extent\n",
		       argv[0], off, len);
		return 2;
	}
	phys = e->fe_physical + (off - e->fe_logical);
	printf("%" PRIu64 " %" PRIu64 "\n", phys / 512, (phys + len) / 512 - 1);
	return 0;
}

/* ---------------------------------------------------------------- pw */

static int expect_result(const char *want, ssize_t r, int err, struct msg *m)
{
	uint64_t v;

	if (!strncmp(want, "max:", 4)) {
		if (size_arg(want + 4, &v))
			return -1;
		add(m, " (expected a count in (0, %" PRIu64 "]: the bytes that reached disk)", v);
		return r > 0 && (uint64_t)r <= v;
	}
	if (isdigit((unsigned char)want[0])) {
		if (size_arg(want, &v))
			return -1;
		add(m, " (expected %" PRIu64 ")", v);
		return r >= 0 && (uint64_t)r == v;
	}
	add(m, " (expected -1 %s)", want);
	return r < 0 && !strcmp(errname(err), want);
}

/*
 * One aio RWF_WRITETHROUGH write, waited for: its result as pwritev2()
 * gives it (-1 with *err set), or -2 if aio itself failed.
 */
static ssize_t aio_write_wait(int fd, const struct iovec *iov, uint64_t off, int *err)
{
	struct iocb cb, *cbs[1] = { &cb };
	struct io_event ev;
	aio_context_t ctx;

	if (aio_setup(1, &ctx))
		return -2;
	aio_prep_write(&cb, fd, iov->iov_base, iov->iov_len, off, RWF_WRITETHROUGH, 1);
	if (aio_submit(ctx, 1, cbs) != 1) {
		*err = errno;
		aio_destroy(ctx);
		return -1;
	}
	if (aio_getevents(ctx, 1, 1, &ev, NULL) != 1) {
		aio_destroy(ctx);
		return -2;
	}
	aio_destroy(ctx);
	if (ev.res < 0) {
		*err = -ev.res;
		return -1;
	}
	return ev.res;
}

static int cmd_pw(int argc, char **argv)
{
	const char *before = NULL, *after = NULL;
	uint64_t off, len;
	struct msg m = { .len = 0 };
	struct iovec iov;
	unsigned char c;
	int fd, o, err = 0, good, use_aio = 0;
	ssize_t r;

	optind = 1;
	while ((o = getopt(argc, argv, "+b:a:A")) != -1) {
		if (o == 'b')
			before = optarg;
		else if (o == 'a')
			after = optarg;
		else if (o == 'A')
			use_aio = 1;
		else
			return usage();
	}
	argc -= optind;
	argv += optind;
	if (argc != 6 || size_arg(argv[2], &off) || size_arg(argv[3], &len) || !len ||
	    fill_char(argv[4], &c))
		return usage();
	iov.iov_len = len;
	iov.iov_base = malloc(len);
	if (!iov.iov_base)
		return 2;
	memset(iov.iov_base, c, len);
	fd = open(argv[1], O_WRONLY);
	if (fd < 0)
		return setup_error("open", argv[1]);
	if (run_hook(before)) {
		run_hook(after);
		return 2;
	}
	if (use_aio) {
		r = aio_write_wait(fd, &iov, off, &err);
		if (r == -2)
			return setup_error("aio", argv[1]);
	} else {
		r = pwritev2(fd, &iov, 1, (off_t)off, RWF_WRITETHROUGH);
		err = errno;
	}
	if (run_hook(after))
		return 2;
	close(fd);
	printf("ret %zd\n", r);
	if (r < 0)
		add(&m, "pwritev2(RWF_WRITETHROUGH, %" PRIu64 ", %" PRIu64 " x '%c') = -1 %s",
		    off, len, c ? c : '0', errname(err));
	else
		add(&m, "pwritev2(RWF_WRITETHROUGH, %" PRIu64 ", %" PRIu64 " x '%c') = %zd",
		    off, len, c ? c : '0', r);
	good = expect_result(argv[5], r, err, &m);
	if (good < 0)
		return usage();
	return verdict(good, argv[0], &m);
}

/* ---------------------------------------------------------------- fsync */

static int cmd_fsync(int argc, char **argv)
{
	struct msg m = { .len = 0 };
	uint64_t fd;
	int r, err, good;

	argc--;
	argv++;
	if (argc != 3 || wt_parse_uint(argv[1], 0, 1023, &fd))
		return usage();
	r = fsync((int)fd);
	err = errno;
	if (r)
		add(&m, "fsync(fd %" PRIu64 ") = -1 %s", fd, errname(err));
	else
		add(&m, "fsync(fd %" PRIu64 ") = 0", fd);
	if (!strcmp(argv[2], "0"))
		good = r == 0;
	else
		good = r && !strcmp(errname(err), argv[2]);
	add(&m, " (expected %s)", argv[2]);
	return verdict(good, argv[0], &m);
}

/* ---------------------------------------------------------------- expect */

struct range {
	uint64_t off, len;
	const char *classes;
};

static int parse_range(const char *s, struct range *rg)
{
	char tmp[256], *a, *b;

	if (strlen(s) >= sizeof(tmp))
		return -1;
	strcpy(tmp, s);
	a = strchr(tmp, ':');
	b = a ? strchr(a + 1, ':') : NULL;
	if (!a || !b || !b[1])
		return -1;
	*a = *b = 0;
	if (wt_parse_size(tmp, &rg->off) || wt_parse_size(a + 1, &rg->len) ||
	    rg->off % UNIT || rg->len % UNIT)
		return -1;
	rg->classes = s + (b + 1 - tmp);
	return 0;
}

static void add_histogram(struct msg *m, const char *cls, uint64_t first, uint64_t n,
			  const char *extra)
{
	uint64_t count[256] = { 0 };
	uint64_t u;
	int k;

	for (u = first; u < first + n; u++)
		count[(unsigned char)cls[u]]++;
	for (k = 0; k < 256; k++)
		if (count[k])
			add(m, " %c:%" PRIu64 "K", k, count[k] * UNIT / KIB);
	if (extra)
		add(m, "%s", extra);
}

static int cmd_expect(int argc, char **argv)
{
	const char *dev = NULL;
	struct msg m = { .len = 0 };
	uint64_t size, len, u, bad = 0, ondisk = 0;
	struct extents x = { 0 };
	struct stat st;
	int drop = 0, o, fd, dfd = -1, i, good = 1;
	struct runs rs = { .m = &m };
	char *cls, what[96];

	optind = 1;
	while ((o = getopt(argc, argv, "+dD:")) != -1) {
		if (o == 'd')
			drop = 1;
		else if (o == 'D')
			dev = optarg;
		else
			return usage();
	}
	argc -= optind;
	argv += optind;
	if (argc < 4 || size_arg(argv[2], &size))
		return usage();
	if (drop && drop_caches())
		return 2;
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || fstat(fd, &st))
		return setup_error("open", argv[1]);
	if (dev) {
		dfd = open(dev, O_RDONLY | O_DIRECT);
		if (dfd < 0)
			return setup_error("open", dev);
		if (load_extents(fd, &x))
			return setup_error("FIEMAP", argv[1]);
	}
	add(&m, "size %jd", (intmax_t)st.st_size);
	if ((uint64_t)st.st_size != size) {
		add(&m, " (expected %" PRIu64 ")", size);
		good = 0;
	}
	len = (uint64_t)st.st_size > size ? (uint64_t)st.st_size : size;
	len = (len + UNIT - 1) / UNIT * UNIT;
	cls = read_classes(fd, len);
	if (!cls)
		return 2;
	for (i = 3; i < argc; i++) {
		struct range rg;
		uint64_t first, n, rbad = 0;

		if (parse_range(argv[i], &rg) || rg.off + rg.len > len)
			return usage();
		first = rg.off / UNIT;
		n = rg.len / UNIT;
		for (u = first; u < first + n; u++) {
			char c = cls[u], d;

			if (strchr(rg.classes, c))
				continue;
			if (isupper((unsigned char)c) && c != 'E' &&
			    strchr(rg.classes, tolower((unsigned char)c))) {
				if (dfd < 0)
					return usage();
				d = device_class(dfd, &x, u * UNIT);
				if (d == c) {
					ondisk++;
					continue;
				}
				snprintf(what, sizeof(what), "reads '%c' from the cache, the device has '%c'",
					 c, d);
			} else {
				snprintf(what, sizeof(what), "reads '%c'", c);
			}
			runs_add(&rs, u * UNIT, what, 0);
			rbad++;
		}
		runs_flush(&rs);
		if (n) {
			add(&m, "; [%" PRIu64 ",%" PRIu64 ") allowed '%s':", rg.off,
			    rg.off + rg.len, rg.classes);
			add_histogram(&m, cls, first, n, rbad ? " <- not allowed" : NULL);
		}
		bad += rbad;
	}
	if ((uint64_t)st.st_size > size) {
		add(&m, "; past the expected size [%" PRIu64 ",%jd):", size, (intmax_t)st.st_size);
		add_histogram(&m, cls, size / UNIT, (st.st_size - size + UNIT - 1) / UNIT, NULL);
	}
	if (ondisk)
		add(&m, "; %" PRIu64 "K new data in the cache is also on the device",
		    ondisk * UNIT / KIB);
	if (bad) {
		add(&m, "; %" PRIu64 "K not allowed", bad * UNIT / KIB);
		good = 0;
	}
	close(fd);
	if (dfd >= 0)
		close(dfd);
	return verdict(good, argv[0], &m);
}

/* ---------------------------------------------------------------- tags */

static void tag_buffer(unsigned char *buf, uint64_t len)
{
	uint64_t off, i;

	for (off = 0; off < len; off += TAG_BLOCK) {
		uint64_t tag = TAG_MAGIC | off;

		for (i = 0; i < TAG_BLOCK && off + i < len; i += 8)
			memcpy(buf + off + i, &tag, 8);
	}
}

/* The offset whose tag a unit holds; -1: zeroes, -2: anything else. */
static int64_t unit_tag(const unsigned char *p)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < UNIT && !p[i]; i++)
		;
	if (i == UNIT)
		return -1;
	memcpy(&v, p, 8);
	for (i = 8; i < UNIT; i += 8)
		if (memcmp(p + i, &v, 8))
			return -2;
	if ((v & ~((1ull << 48) - 1)) != TAG_MAGIC || v % TAG_BLOCK)
		return -2;
	return (int64_t)(v & ((1ull << 48) - 1));
}

/*
 * Every unit of [0, st_size): its own tag, or zeroes (never written), never
 * another block's tag (a misplacement) or anything else; [0, tagged) must
 * hold its own tags (the bytes the write returned).  Read errors count as
 * errors: the device under test fails writes, not reads.
 */
static int tag_verdict(int fd, const char *label, uint64_t maxsize, uint64_t tagged)
{
	uint64_t own = 0, zero = 0, misplaced = 0, junk = 0, errs = 0, missing = 0, off;
	struct msg m = { .len = 0 };
	struct runs rs = { .m = &m };
	unsigned char *buf;
	struct stat st;
	int good = 1;

	if (fstat(fd, &st))
		return 2;
	add(&m, "size %jd", (intmax_t)st.st_size);
	if ((uint64_t)st.st_size > maxsize) {
		add(&m, " past the %" PRIu64 " bytes the write returned or the old size", maxsize);
		good = 0;
	}
	buf = malloc(UNIT);
	if (!buf)
		return 2;
	for (off = 0; off < (uint64_t)st.st_size; off += UNIT) {
		ssize_t r = pread(fd, buf, UNIT, (off_t)off);
		int64_t t;

		if (r < 0) {
			errs++;
			runs_add(&rs, off, "read error", 0);
			continue;
		}
		if (r < (ssize_t)UNIT)
			memset(buf + r, 0, UNIT - r);
		t = unit_tag(buf);
		if (t == (int64_t)(off & ~(TAG_BLOCK - 1))) {
			own++;
			continue;
		}
		if (t == -1 && off >= tagged) {
			zero++;
			continue;
		}
		if (t == -1) {
			missing++;
			runs_add(&rs, off, "zero inside the returned count", 0);
		} else if (t >= 0) {
			misplaced++;
			runs_add(&rs, off, "holds the data of",
				 t - (int64_t)(off & ~(TAG_BLOCK - 1)));
		} else {
			junk++;
			runs_add(&rs, off, "holds unknown data", 0);
		}
	}
	runs_flush(&rs);
	free(buf);
	add(&m, "; own tag %" PRIu64 "K, zero %" PRIu64 "K, misplaced %" PRIu64 "K, unknown %"
	    PRIu64 "K, read errors %" PRIu64 "K", own, zero, misplaced, junk, errs);
	if (missing)
		add(&m, ", zero inside the returned count %" PRIu64 "K", missing);
	if (misplaced || junk || errs || missing)
		good = 0;
	if (tagged > (uint64_t)st.st_size) {
		add(&m, "; the returned count %" PRIu64 " is past the size", tagged);
		good = 0;
	}
	return verdict(good, label, &m);
}

static int file_is_zero(int fd, uint64_t size)
{
	unsigned char buf[4096];
	uint64_t off;
	ssize_t r, i;

	for (off = 0; off < size; off += (uint64_t)r) {
		r = pread(fd, buf, sizeof(buf), (off_t)off);
		if (r <= 0)
			return 0;
		for (i = 0; i < r; i++)
			if (buf[i])
				return 0;
	}
	return 1;
}

static int cmd_enospc(int argc, char **argv)
{
	uint64_t len, prealloc = 0, min = 0, old;
	struct msg m = { .len = 0 };
	char label[256];
	struct iovec iov;
	struct stat st;
	int fd, o, err, good, rc = 0;
	ssize_t r;

	optind = 1;
	while ((o = getopt(argc, argv, "+p:m:")) != -1) {
		if (o == 'p') {
			if (size_arg(optarg, &prealloc))
				return 2;
		} else if (o == 'm') {
			if (size_arg(optarg, &min))
				return 2;
		} else {
			return usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 3 || size_arg(argv[2], &len) || !len || len % TAG_BLOCK)
		return usage();
	fd = open(argv[1], O_RDWR | O_CREAT, 0644);
	if (fd < 0 || fstat(fd, &st))
		return setup_error("open", argv[1]);
	old = (uint64_t)st.st_size;
	if (!file_is_zero(fd, old)) {
		printf("FAIL: set-up: %s must be new or hold zeroes only\n", argv[1]);
		return 2;
	}
	if (prealloc && fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, (off_t)prealloc))
		return setup_error("fallocate", argv[1]);
	if (posix_memalign(&iov.iov_base, 4096, len))
		return 2;
	iov.iov_len = len;
	tag_buffer(iov.iov_base, len);

	r = pwritev2(fd, &iov, 1, 0, RWF_WRITETHROUGH);
	err = errno;
	printf("ret %zd\n", r);
	if (r < 0)
		add(&m, "pwritev2(RWF_WRITETHROUGH, 0, %" PRIu64 ") = -1 %s", len, errname(err));
	else
		add(&m, "pwritev2(RWF_WRITETHROUGH, 0, %" PRIu64 ") = %zd", len, r);
	add(&m, ", old size %" PRIu64, old);
	if (r == 0) {
		add(&m, ": 0 for a %" PRIu64 "-byte write (the retry had nothing left to write)",
		    len);
		good = 0;
	} else if (r == (ssize_t)len) {
		add(&m, ": no error although the device is out of space (set-up?)");
		good = 0;
	} else if (min && (r < 0 || (uint64_t)r < min)) {
		add(&m, ": at least %" PRIu64 " bytes reached the device before the first error",
		    min);
		good = 0;
	} else {
		good = 1;
	}
	rc |= verdict(good, strcat(strcpy(label, argv[0]), ": return"), &m);

	r = r > 0 ? r : 0;
	rc |= tag_verdict(fd, strcat(strcpy(label, argv[0]), ": cached reread"),
			  old > (uint64_t)r ? old : (uint64_t)r, (uint64_t)r);
	if (drop_caches())
		return 2;
	rc |= tag_verdict(fd, strcat(strcpy(label, argv[0]), ": reread after drop_caches"),
			  old > (uint64_t)r ? old : (uint64_t)r, (uint64_t)r);
	close(fd);
	return rc;
}

static int cmd_tagcheck(int argc, char **argv)
{
	uint64_t maxsize, tagged;
	int fd, rc;

	argc--;
	argv++;
	if (argc != 4 || size_arg(argv[2], &maxsize) || size_arg(argv[3], &tagged))
		return usage();
	fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		return setup_error("open", argv[1]);
	rc = tag_verdict(fd, argv[0], maxsize, tagged);
	close(fd);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "fill", cmd_fill }, { "mkfile", cmd_mkfile }, { "phys", cmd_phys },
		{ "pw", cmd_pw }, { "fsync", cmd_fsync }, { "expect", cmd_expect },
		{ "enospc", cmd_enospc }, { "tagcheck", cmd_tagcheck },
	};
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		return usage();
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "wtfault: unknown subcommand '%s'\n", argv[1]);
	return usage();
}
