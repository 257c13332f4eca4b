// SPDX-License-Identifier: GPL-2.0
/*
 * wtload: write workload generator for the write-through tools and tests.
 *
 * Issues COUNT writes of SIZE bytes to FILE with one of the write styles
 * whose cost wtlat/wtsnoop compare (RWF_WRITETHROUGH, buffered, buffered +
 * fdatasync, O_DSYNC, O_DIRECT, ...), through pwritev2, aio or io_uring at
 * a queue depth.  Prints one summary line (and one line per write with
 * -v) so tests can check exactly what was issued.  The workload itself is
 * tools/load/, shared with wtbench.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wt/load.h"
#include "wt/parse.h"

static const char usage[] =
"Usage: wtload [OPTIONS] FILE\n"
"Issue COUNT writes of SIZE bytes to FILE and print what was done.\n"
"\n"
"  -m, --mode MODE      wt (RWF_WRITETHROUGH, default), wtdsync (with\n"
"                       RWF_DSYNC), buffered, fdatasync (buffered, then\n"
"                       fdatasync per write), dsync (O_DSYNC), direct\n"
"                       (O_DIRECT), directdsync (O_DIRECT|O_DSYNC), dontcache\n"
"                       (RWF_DONTCACHE), mmap (stores into a shared mapping;\n"
"                       writes past EOF are skipped; sync engine only)\n"
"  -e, --engine ENGINE  sync (pwritev2, default), aio (io_submit with\n"
"                       aio_rw_flags), io_uring (IORING_OP_WRITEV, rw_flags)\n"
"  -q, --qd N           writes in flight per thread, 1-1024 (default 1;\n"
"                       above 1 needs -e aio or -e io_uring)\n"
"  -s, --size SIZE      bytes per write (default 4096; k/m/g suffixes)\n"
"  -n, --count N        number of writes (default 1000)\n"
"  -o, --offset OFF     offset of the first write (default 0)\n"
"  -P, --pattern PAT    seq (default), rand (SIZE-aligned in the span, a block\n"
"                       may come again), same, shuffle (every SIZE-aligned\n"
"                       block of the span once, in a seeded random order)\n"
"  -S, --span BYTES     range for rand and shuffle (default SIZE * COUNT)\n"
"  -t, --threads N      writer threads, each on its own share of the writes\n"
"                       (and its own ring or aio context)\n"
"  -T, --truncate       truncate FILE to 0 first\n"
"  -r, --seed N         seed for rand/shuffle offsets and data (default 1)\n"
"  -V, --verify         read every write back with O_DIRECT and compare\n"
"                       (-P seq, or shuffle with COUNT within the span)\n"
"  -C, --check          only verify: what -V checks, without writing first\n"
"  -F, --fill BYTE      write this byte value (0-255) instead of seeded data\n"
"  -v, --verbose        one line per write: index, offset, length, latency\n"
"  -h, --help           this text\n"
"\n"
"Latency is per write, from submission to completion (for fdatasync, to the\n"
"end of its fdatasync).  A write that completes short is counted ('short')\n"
"and makes the exit status 1; an error stops the run and is named (EIO).\n"
"\n"
"EXAMPLES:\n"
"  wtload -m wt -s 4k -n 1000 /mnt/f        # 1000 sequential 4 KiB write-throughs\n"
"  wtload -m fdatasync -P rand -S 64m /mnt/f # random 4 KiB writes + fdatasync\n"
"  wtload -m wt -s 1000 -o 123 -n 8 -v /mnt/f # unaligned, list every write\n"
"  wtload -m wt -e io_uring -q 16 -n 4096 -V /mnt/f # 16 in flight, then verify\n"
"  wtload -m direct -e aio -q 16 -t 2 /mnt/f # two threads, an aio context each\n"
"  wtload -m wt -e io_uring -q 16 -n 64 -P shuffle /mnt/f # 64 blocks once each\n";

static void die(const char *what, const char *s)
{
	fprintf(stderr, "wtload: invalid %s '%s'\n", what, s);
	exit(2);
}

static int parse_enum(const char *s, const char *const *names, int n, const char *what)
{
	int i = load_lookup(s, names, n);

	if (i < 0)
		die(what, s);
	return i;
}

static uint64_t parse_size_or_die(const char *s, const char *what, uint64_t min)
{
	uint64_t v;

	if (wt_parse_size(s, &v) || v < min)
		die(what, s);
	return v;
}

static void print_summary(const struct load_cfg *c, const struct load_result *r)
{
	double secs = r->elapsed_ns / 1e9;
	uint64_t n = r->done;

	printf("wtload: mode %s writes %" PRIu64 " size %" PRIu64 " threads %u secs %.3f "
	       "writes/s %.0f MiB/s %.2f lat_us avg %.1f p50 %.1f p99 %.1f max %.1f"
	       " skipped %" PRIu64 " engine %s qd %u short %" PRIu64 "\n",
	       load_mode_names[c->mode], n, c->size, c->threads, secs,
	       n / secs, n * c->size / secs / 1048576.0,
	       n ? r->total_ns / 1000.0 / n : 0.0,
	       load_quantile(r, 0.5) / 1000.0, load_quantile(r, 0.99) / 1000.0,
	       load_quantile(r, 1.0) / 1000.0, r->skipped,
	       load_engine_names[c->engine], c->qd, r->shorts);
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "engine", required_argument, NULL, 'e' },
		{ "qd", required_argument, NULL, 'q' },
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
	struct load_cfg c = { .size = 4096, .count = 1000, .threads = 1, .qd = 1, .seed = 1,
			      .fill = -1 };
	int verify = 0, check_only = 0, truncate_first = 0, ch, fd, rc, *fds;
	struct load_result r;
	uint64_t v;
	unsigned int t;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, "m:e:q:s:n:o:P:S:t:Tr:VCF:vh", lopts, NULL)) != -1) {
		switch (ch) {
		case 'm': c.mode = parse_enum(optarg, load_mode_names, LM_NR, "mode"); break;
		case 'e': c.engine = parse_enum(optarg, load_engine_names, LE_NR, "engine"); break;
		case 'q':
			if (wt_parse_uint(optarg, 1, LOAD_QD_MAX, &v))
				die("queue depth (1-1024)", optarg);
			c.qd = (unsigned int)v;
			break;
		case 's': c.size = parse_size_or_die(optarg, "size", 1); break;
		case 'n': c.count = parse_size_or_die(optarg, "count", 1); break;
		case 'o': c.offset = parse_size_or_die(optarg, "offset", 0); break;
		case 'P': c.pattern = parse_enum(optarg, load_pattern_names, LP_NR, "pattern"); break;
		case 'S': c.span = parse_size_or_die(optarg, "span", 1); break;
		case 't': c.threads = parse_size_or_die(optarg, "thread count", 1); break;
		case 'T': truncate_first = 1; break;
		case 'r': c.seed = parse_size_or_die(optarg, "seed", 0); break;
		case 'V': verify = 1; break;
		case 'C': verify = check_only = 1; break;
		case 'F': c.fill = parse_size_or_die(optarg, "fill byte", 0);
			if (c.fill > 255)
				die("fill byte", optarg);
			break;
		case 'v': c.verbose = 1; break;
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
	if (c.threads > c.count || c.threads > 1024) {
		fprintf(stderr, "wtload: invalid thread count %u\n", c.threads);
		return 2;
	}
	if (c.qd > 1 && c.engine == LE_SYNC) {
		fprintf(stderr, "wtload: a queue depth above 1 needs -e aio or -e io_uring\n");
		return 2;
	}
	if (c.mode == LM_MMAP && c.engine != LE_SYNC) {
		fprintf(stderr, "wtload: mode mmap works with -e sync only\n");
		return 2;
	}
	if (!c.span)
		c.span = c.size * c.count;
	if (c.span < c.size) {
		fprintf(stderr, "wtload: span smaller than one write\n");
		return 2;
	}
	if (check_only)
		return load_verify(&c, argv[optind]) ? 1 : 0;
	fd = open(argv[optind], load_open_flags(&c) | (truncate_first ? O_TRUNC : 0), 0644);
	if (fd < 0) {
		fprintf(stderr, "wtload: open %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	fds = calloc(c.threads, sizeof(*fds));
	if (!fds) {
		fprintf(stderr, "wtload: out of memory\n");
		return 1;
	}
	for (t = 0; t < c.threads; t++)
		fds[t] = fd;
	rc = load_run(&c, fds, &r) ? 1 : 0;
	close(fd);
	if (r.lat_ns)
		print_summary(&c, &r);
	if (rc)
		fprintf(stderr, "wtload: %s\n", r.errmsg);
	if (!rc && verify && load_verify(&c, argv[optind]))
		rc = 1;
	load_result_free(&r);
	free(fds);
	return rc;
}
