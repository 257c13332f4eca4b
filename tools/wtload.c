// SPDX-License-Identifier: GPL-2.0
/*
 * wtload: write workload generator for the write-through tools and tests.
 *
 * Issues COUNT writes of SIZE bytes to FILE with one of the write styles
 * whose cost wtlat/wtsnoop compare: RWF_WRITETHROUGH, plain buffered,
 * buffered + fdatasync, O_DSYNC, O_DIRECT.  Prints one summary line (and
 * one line per write with -v) so tests can check exactly what was issued.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "wt/rwf.h"
#include "wt/parse.h"

enum mode { M_WT, M_WTDSYNC, M_BUFFERED, M_FDATASYNC, M_DSYNC, M_DIRECT, M_MMAP, M_NR };
static const char *const mode_names[M_NR] = {
	"wt", "wtdsync", "buffered", "fdatasync", "dsync", "direct", "mmap",
};
enum pattern { P_SEQ, P_RAND, P_SAME };
static const char *const pattern_names[] = { "seq", "rand", "same" };

static struct {
	enum mode mode;
	enum pattern pattern;
	uint64_t size, count, offset, span;
	unsigned int threads;
	int verbose, verify, check_only, truncate_first, fill;
	unsigned int seed;
	const char *path;
} opt = { .size = 4096, .count = 1000, .threads = 1, .seed = 1, .fill = -1 };

/* volatile: the stores around the copy must not be merged away */
static __thread sigjmp_buf *volatile mmap_jmp;

/* a store through the mapping raced with a truncate: skip that write */
static void on_sigbus(int sig)
{
	if (mmap_jmp)
		siglongjmp(*mmap_jmp, 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

struct worker {
	pthread_t tid;
	unsigned int idx;
	int fd;
	uint64_t first, n;	/* write numbers [first, first + n) */
	uint64_t *lat_ns;
	uint64_t skipped;
	uint64_t done;		/* writes completed */
	int err;
	char errmsg[256];
};

static const char usage[] =
"Usage: wtload [OPTIONS] FILE\n"
"Issue COUNT writes of SIZE bytes to FILE and print what was done.\n"
"\n"
"  -m, --mode MODE      wt (RWF_WRITETHROUGH, default), wtdsync (with\n"
"                       RWF_DSYNC), buffered, fdatasync,\n"
"                       dsync (O_DSYNC), direct (O_DIRECT), mmap (stores into\n"
"                       a shared mapping; writes past EOF are skipped)\n"
"  -s, --size SIZE      bytes per write (default 4096; k/m/g suffixes)\n"
"  -n, --count N        number of writes (default 1000)\n"
"  -o, --offset OFF     offset of the first write (default 0)\n"
"  -P, --pattern PAT    seq (default), rand (SIZE-aligned in the span), same\n"
"  -S, --span BYTES     range for rand (default SIZE * COUNT)\n"
"  -t, --threads N      writer threads, each on its own share of the writes\n"
"  -T, --truncate       truncate FILE to 0 first\n"
"  -r, --seed N         seed for rand offsets and data (default 1)\n"
"  -V, --verify         read every write back with O_DIRECT and compare\n"
"  -C, --check          only verify: what -V checks, without writing first\n"
"  -F, --fill BYTE      write this byte value (0-255) instead of seeded data\n"
"  -v, --verbose        one line per write: index, offset, length, latency\n"
"  -h, --help           this text\n"
"\n"
"EXAMPLES:\n"
"  wtload -m wt -s 4k -n 1000 /mnt/f        # 1000 sequential 4 KiB write-throughs\n"
"  wtload -m fdatasync -P rand -S 64m /mnt/f # random 4 KiB writes + fdatasync\n"
"  wtload -m wt -s 1000 -o 123 -n 8 -v /mnt/f # unaligned, list every write\n";

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* splitmix64: offsets and data derive from (seed, write number). */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static uint64_t write_offset(uint64_t i)
{
	switch (opt.pattern) {
	case P_SEQ:
		return opt.offset + i * opt.size;
	case P_SAME:
		return opt.offset;
	case P_RAND:
	default: {
		uint64_t slots = opt.span / opt.size;

		return opt.offset + (mix(opt.seed ^ (i << 20)) % slots) * opt.size;
	}
	}
}

static void fill(unsigned char *buf, uint64_t i)
{
	uint64_t x = mix(opt.seed + i), k;

	if (opt.fill >= 0) {
		memset(buf, opt.fill, opt.size);
		return;
	}
	for (k = 0; k < opt.size; k++) {
		if (!(k & 7))
			x = mix(x);
		buf[k] = (unsigned char)(x >> ((k & 7) * 8));
	}
}

static int open_flags(void)
{
	int fl = (opt.mode == M_MMAP ? O_RDWR : O_WRONLY) | O_CREAT;

	if (opt.mode == M_DSYNC)
		fl |= O_DSYNC;
	if (opt.mode == M_DIRECT)
		fl |= O_DIRECT;
	return fl;
}

static int do_mmap_write(struct worker *w, const unsigned char *buf, uint64_t off)
{
	long pg = sysconf(_SC_PAGESIZE);
	uint64_t moff = off & ~(uint64_t)(pg - 1), mlen = off + opt.size - moff;
	struct stat st;
	unsigned char *p;

	sigjmp_buf jb;

	if (fstat(w->fd, &st) || (uint64_t)st.st_size < off + opt.size) {
		w->skipped++;
		return 0;
	}
	p = mmap(NULL, mlen, PROT_READ | PROT_WRITE, MAP_SHARED, w->fd, (off_t)moff);
	if (p == MAP_FAILED) {
		snprintf(w->errmsg, sizeof(w->errmsg), "mmap: %s", strerror(errno));
		return -errno;
	}
	if (sigsetjmp(jb, 1) == 0) {
		mmap_jmp = &jb;
		memcpy(p + (off - moff), buf, opt.size);
	} else {
		w->skipped++;
	}
	mmap_jmp = NULL;
	munmap(p, mlen);
	return 0;
}

static int do_write(struct worker *w, const unsigned char *buf, uint64_t off)
{
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = opt.size };
	int flags = opt.mode == M_WT ? RWF_WRITETHROUGH :
		    opt.mode == M_WTDSYNC ? RWF_WRITETHROUGH | RWF_DSYNC : 0;
	ssize_t n;

	if (opt.mode == M_MMAP)
		return do_mmap_write(w, buf, off);
	n = pwritev2(w->fd, &iov, 1, (off_t)off, flags);

	if (n < 0) {
		snprintf(w->errmsg, sizeof(w->errmsg), "pwritev2 at %" PRIu64 ": %s",
			 off, strerror(errno));
		return -errno;
	}
	if ((uint64_t)n != opt.size) {
		snprintf(w->errmsg, sizeof(w->errmsg), "short write at %" PRIu64 ": %zd of %" PRIu64,
			 off, n, opt.size);
		return -EIO;
	}
	if (opt.mode == M_FDATASYNC && fdatasync(w->fd)) {
		snprintf(w->errmsg, sizeof(w->errmsg), "fdatasync: %s", strerror(errno));
		return -errno;
	}
	return 0;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	unsigned char *buf;
	uint64_t k;

	if (posix_memalign((void **)&buf, 4096, opt.size ? opt.size : 1)) {
		snprintf(w->errmsg, sizeof(w->errmsg), "out of memory");
		w->err = -ENOMEM;
		return NULL;
	}
	for (k = 0; k < w->n; k++) {
		uint64_t i = w->first + k, off = write_offset(i), t0;

		fill(buf, i);
		t0 = now_ns();
		w->err = do_write(w, buf, off);
		w->lat_ns[k] = now_ns() - t0;
		if (w->err)
			break;
		w->done++;
		if (opt.verbose)
			printf("write %" PRIu64 " offset %" PRIu64 " length %" PRIu64 " lat_us %.1f\n",
			       i, off, opt.size, w->lat_ns[k] / 1000.0);
	}
	free(buf);
	return NULL;
}

/* Read every write back through O_DIRECT (from disk, not the page cache). */
static int verify(void)
{
	unsigned char *want, *got;
	uint64_t i, bad = 0;
	int fd = open(opt.path, O_RDONLY | O_DIRECT);
	size_t alen = (opt.size + 4095 + 4096) & ~4095ull;

	if (fd < 0) {
		fprintf(stderr, "wtload: verify: open %s: %s\n", opt.path, strerror(errno));
		return -1;
	}
	if (opt.pattern != P_SEQ || opt.threads != 1) {
		/* later writes may overwrite earlier ones: check the last per offset */
		fprintf(stderr, "wtload: --verify needs -P seq and one thread\n");
		close(fd);
		return -1;
	}
	if (posix_memalign((void **)&got, 4096, alen) || !(want = malloc(opt.size))) {
		close(fd);
		return -1;
	}
	for (i = 0; i < opt.count; i++) {
		uint64_t off = write_offset(i), aoff = off & ~4095ull;
		ssize_t n;

		fill(want, i);
		n = pread(fd, got, alen, (off_t)aoff);
		if (n < (ssize_t)(off - aoff + opt.size) ||
		    memcmp(got + (off - aoff), want, opt.size)) {
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
			bad, opt.count);
		return -1;
	}
	printf("wtload: verified %" PRIu64 " writes with O_DIRECT reads\n", opt.count);
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int parse_enum(const char *s, const char *const *names, int n, const char *what)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	fprintf(stderr, "wtload: invalid %s '%s'\n", what, s);
	exit(2);
}

static uint64_t parse_size_or_die(const char *s, const char *what, uint64_t min)
{
	uint64_t v;

	if (wt_parse_size(s, &v) || v < min) {
		fprintf(stderr, "wtload: invalid %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "size", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "offset", required_argument, NULL, 'o' },
		{ "pattern", required_argument, NULL, 'P' },
		{ "span", required_argument, NULL, 'S' },
		{ "threads", required_argument, NULL, 't' },
		{ "truncate", no_argument, NULL, 'T' },
		{ "seed", required_argument, NULL, 'r' },
		{ "verify", no_argument, NULL, 'V' },
		{ "check", no_argument, NULL, 'C' },
		{ "fill", required_argument, NULL, 'F' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct worker *w;
	uint64_t *lat, t0, elapsed, i, total = 0, done = 0, skipped = 0;
	unsigned int t;
	int c, fd, rc = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "m:s:n:o:P:S:t:Tr:VCF:vh", lopts, NULL)) != -1) {
		switch (c) {
		case 'm': opt.mode = parse_enum(optarg, mode_names, M_NR, "mode"); break;
		case 's': opt.size = parse_size_or_die(optarg, "size", 1); break;
		case 'n': opt.count = parse_size_or_die(optarg, "count", 1); break;
		case 'o': opt.offset = parse_size_or_die(optarg, "offset", 0); break;
		case 'P': opt.pattern = parse_enum(optarg, pattern_names, 3, "pattern"); break;
		case 'S': opt.span = parse_size_or_die(optarg, "span", 1); break;
		case 't': opt.threads = parse_size_or_die(optarg, "thread count", 1); break;
		case 'T': opt.truncate_first = 1; break;
		case 'r': opt.seed = parse_size_or_die(optarg, "seed", 0); break;
		case 'V': opt.verify = 1; break;
		case 'C': opt.verify = opt.check_only = 1; break;
		case 'F': opt.fill = parse_size_or_die(optarg, "fill byte", 0);
			if (opt.fill > 255) {
				fprintf(stderr, "wtload: invalid fill byte '%s'\n", optarg);
				return 2;
			}
			break;
		case 'v': opt.verbose = 1; break;
		case 'h': fputs(usage, stdout); return 0;
		default:
			fprintf(stderr, "wtload: invalid option '%s' (see --help)\n", argv[optind - 1]);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "wtload: give exactly one FILE (see --help)\n");
		return 2;
	}
	opt.path = argv[optind];
	if (opt.threads > opt.count || opt.threads > 1024) {
		fprintf(stderr, "wtload: invalid thread count %u\n", opt.threads);
		return 2;
	}
	if (!opt.span)
		opt.span = opt.size * opt.count;
	if (opt.span < opt.size) {
		fprintf(stderr, "wtload: span smaller than one write\n");
		return 2;
	}
	if (opt.check_only)
		return verify() ? 1 : 0;
	fd = open(opt.path, open_flags() | (opt.truncate_first ? O_TRUNC : 0), 0644);
	if (fd < 0) {
		fprintf(stderr, "wtload: open %s: %s\n", opt.path, strerror(errno));
		return 1;
	}
	w = calloc(opt.threads, sizeof(*w));
	lat = calloc(opt.count, sizeof(*lat));
	if (!w || !lat) {
		fprintf(stderr, "wtload: out of memory\n");
		return 1;
	}
	signal(SIGBUS, on_sigbus);
	t0 = now_ns();
	for (t = 0; t < opt.threads; t++) {
		uint64_t share = opt.count / opt.threads, extra = opt.count % opt.threads;

		w[t].idx = t;
		w[t].fd = fd;
		w[t].n = share + (t < extra);
		w[t].first = t * share + (t < extra ? t : extra);
		w[t].lat_ns = lat + w[t].first;
		if (pthread_create(&w[t].tid, NULL, worker_main, &w[t])) {
			fprintf(stderr, "wtload: cannot start thread %u\n", t);
			return 1;
		}
	}
	for (t = 0; t < opt.threads; t++) {
		pthread_join(w[t].tid, NULL);
		if (w[t].err) {
			fprintf(stderr, "wtload: %s\n", w[t].errmsg);
			rc = 1;
		}
		skipped += w[t].skipped;
	}
	elapsed = now_ns() - t0;
	close(fd);
	/* each worker's completed writes sit at the start of its share */
	for (t = 0; t < opt.threads; t++)
		for (i = 0; i < w[t].done; i++) {
			lat[done++] = w[t].lat_ns[i];
			total += w[t].lat_ns[i];
		}
	qsort(lat, done, sizeof(*lat), cmp_u64);
	printf("wtload: mode %s writes %" PRIu64 " size %" PRIu64 " threads %u secs %.3f "
	       "writes/s %.0f MiB/s %.2f lat_us avg %.1f p50 %.1f p99 %.1f max %.1f"
	       " skipped %" PRIu64 "\n",
	       mode_names[opt.mode], done, opt.size, opt.threads, elapsed / 1e9,
	       done / (elapsed / 1e9), done * opt.size / (elapsed / 1e9) / 1048576.0,
	       done ? total / 1000.0 / done : 0.0,
	       done ? lat[done / 2] / 1000.0 : 0.0,
	       done ? lat[(done * 99 + 99) / 100 - 1] / 1000.0 : 0.0,
	       done ? lat[done - 1] / 1000.0 : 0.0, skipped);
	if (!rc && opt.verify && verify())
		rc = 1;
	free(lat);
	free(w);
	return rc;
}
