// SPDX-License-Identifier: GPL-2.0
/*
 * wtbench: the write styles, engines, thread counts and the tools' cost
 * side by side in one run, as a table of medians over interleaved
 * repetitions, NDJSON and gnuplot plots.  The writes are wtload's
 * (tools/load); the matrix, runner, statistics and outputs are in
 * tools/bench/.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/bench.h"
#include "wt/parse.h"

static const char usage[] =
"Usage: wtbench [OPTIONS] DIR\n"
"       wtbench --from FILE [-o OUTDIR]\n"
"Measure the write styles against each other in one boot: every cell of the\n"
"matrix once per repetition, repetitions interleaved (A B C A B C), then a\n"
"table of medians with their min-max and ratios against O_DIRECT and\n"
"buffered + fdatasync.  The files are made in DIR (a few tens of MiB).\n"
"\n"
"Sections (--sections, default all):\n"
"  size     sync, 1 thread, sequential overwrite, every size: p50 latency\n"
"  pattern  sync, 1 thread, the first size: seq, rand (overwrites), append\n"
"  qd       sync, aio and io_uring at each queue depth, the first size: MiB/s\n"
"  threads  1, 2, 4 threads to one file and to a file each, the first size\n"
"  tools    untraced, wtlat attached, wtsnoop attached (to a file), for wt\n"
"           and wtdsync at the first and the last size: MiB/s vs untraced\n"
"\n"
"  --sections LIST   size,pattern,qd,threads,tools (or all)\n"
"  --modes LIST      wt,wtdsync,direct,directdsync,buffered,fdatasync,dsync,\n"
"                    dontcache (default all)\n"
"  --sizes LIST      write sizes (default 4k,64k,256k,1m)\n"
"  --patterns LIST   seq,rand,append (default all)\n"
"  --engines LIST    sync,aio,io_uring (default all)\n"
"  --threads LIST    thread counts (default 1,2,4; at most 64)\n"
"  --qd LIST         queue depths (default 1,4,16)\n"
"  --reps N          repetitions (default 3, 1-20)\n"
"  -n, --count N     writes per cell (default 16 MiB / size, 32 to 1024)\n"
"  --quick           the size section at 4k and 256k, 4 MiB per cell (32-512)\n"
"  --full            sizes 4k-1m, QD up to 64, 5 repetitions, 64 MiB per cell\n"
"                    (32-4096 writes)\n"
"  -j, --json        NDJSON records on stdout (schema wt.wtbench/1), no table\n"
"  --record FILE     also write the NDJSON records to FILE\n"
"  -o, --out DIR     plots (gnuplot SVG), their data and the tools' output\n"
"  --from FILE       no run: the table (and plots with -o) of a -j run's records\n"
"  -v, --verbose     a line per run on stderr\n"
"  -h, --help        this text\n"
"\n"
"A cell the kernel cannot do (EOPNOTSUPP, EINVAL) shows as n/a with the error;\n"
"any other failure makes the exit status 1.  wtlat and wtsnoop are taken from\n"
"wtbench's own directory.  Figures from an emulated machine (QEMU TCG) are\n"
"meaningful only as ratios.\n"
"\n"
"EXAMPLES:\n"
"  wtbench /mnt/xfs                           # the default matrix\n"
"  wtbench --quick /mnt/xfs                   # 4k and 256k, every mode, sync\n"
"  wtbench --sections qd --engines io_uring --qd 1,16 --modes wt,direct /mnt/xfs\n"
"  wtbench -j --record run.ndjson -o plots /mnt/xfs\n"
"  wtbench --from run.ndjson -o plots         # table and plots again\n";

static int bad(const char *fmt, const char *arg)
{
	fputs("wtbench: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return 2;
}

static void tool_dir(char *buf, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0) {
		snprintf(buf, len, ".");
		return;
	}
	exe[n] = 0;
	snprintf(buf, len, "%s", dirname(exe));
}

static int report(struct bench_matrix *m, const struct bench_kernel *k, int json,
		  const char *record, const char *outdir, double secs)
{
	FILE *rec = NULL;
	unsigned int i;
	int ret = 0;

	if (record && !(rec = fopen(record, "w"))) {
		fprintf(stderr, "wtbench: %s: %m\n", record);
		ret = 1;
	}
	for (int pass = 0; pass < 2; pass++) {
		FILE *f = pass ? rec : json ? stdout : NULL;

		if (!f)
			continue;
		bench_ndjson_start(f, m, k);
		for (i = 0; i < m->n; i++)
			bench_ndjson_cell(f, &m->cells[i], k);
		bench_ndjson_end(f, m, secs);
	}
	if (rec)
		fclose(rec);
	if (!json) {
		printf("wtbench: kernel %s%s%s, %u cells x %u repetitions\n", k->release,
		       *k->series ? " series " : "", k->series, m->n, m->reps);
		bench_table(stdout, m);
	}
	fflush(stdout);
	if (outdir && bench_plot(m, k, outdir, stderr))
		ret = 1;
	return ret;
}

int main(int argc, char **argv)
{
	enum { O_SECTIONS = 256, O_MODES, O_SIZES, O_PATTERNS, O_ENGINES, O_THREADS, O_QD,
	       O_REPS, O_QUICK, O_FULL, O_RECORD, O_FROM };
	static const struct option lopts[] = {
		{ "sections", required_argument, NULL, O_SECTIONS },
		{ "modes", required_argument, NULL, O_MODES },
		{ "sizes", required_argument, NULL, O_SIZES },
		{ "patterns", required_argument, NULL, O_PATTERNS },
		{ "engines", required_argument, NULL, O_ENGINES },
		{ "threads", required_argument, NULL, O_THREADS },
		{ "qd", required_argument, NULL, O_QD },
		{ "reps", required_argument, NULL, O_REPS },
		{ "count", required_argument, NULL, 'n' },
		{ "quick", no_argument, NULL, O_QUICK },
		{ "full", no_argument, NULL, O_FULL },
		{ "json", no_argument, NULL, 'j' },
		{ "record", required_argument, NULL, O_RECORD },
		{ "out", required_argument, NULL, 'o' },
		{ "from", required_argument, NULL, O_FROM },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	static const char *const list_opts[] = {
		[O_SECTIONS - O_SECTIONS] = "sections", [O_MODES - O_SECTIONS] = "modes",
		[O_SIZES - O_SECTIONS] = "sizes", [O_PATTERNS - O_SECTIONS] = "patterns",
		[O_ENGINES - O_SECTIONS] = "engines", [O_THREADS - O_SECTIONS] = "threads",
		[O_QD - O_SECTIONS] = "qd",
	};
	const char *lists[O_QD - O_SECTIONS + 1] = { 0 };
	const char *record = NULL, *outdir = NULL, *from = NULL, *reps = NULL, *count = NULL;
	enum bench_preset preset = BPRESET_DEFAULT;
	char err[256], tooldir[PATH_MAX];
	struct bench_sel sel;
	struct bench_matrix m;
	struct bench_kernel k;
	struct bench_env env = { 0 };
	int c, json = 0, verbose = 0, ret;
	uint64_t v, t0;
	unsigned int i;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "n:jo:vh", lopts, NULL)) != -1) {
		switch (c) {
		case O_SECTIONS: case O_MODES: case O_SIZES: case O_PATTERNS: case O_ENGINES:
		case O_THREADS: case O_QD:
			lists[c - O_SECTIONS] = optarg;
			break;
		case O_REPS: reps = optarg; break;
		case 'n': count = optarg; break;
		case O_QUICK:
		case O_FULL:
			if (preset != BPRESET_DEFAULT)
				return bad("%s", "--quick and --full exclude each other");
			preset = c == O_QUICK ? BPRESET_QUICK : BPRESET_FULL;
			break;
		case 'j': json = 1; break;
		case O_RECORD: record = optarg; break;
		case 'o': outdir = optarg; break;
		case O_FROM: from = optarg; break;
		case 'v': verbose = 1; break;
		case 'h': fputs(usage, stdout); return 0;
		default:
			return bad("invalid option '%s' (see --help)", argv[optind - 1]);
		}
	}
	bench_sel_preset(&sel, preset);
	for (i = 0; i <= O_QD - O_SECTIONS; i++)
		if (lists[i] && bench_sel_parse(&sel, list_opts[i], lists[i], err, sizeof(err)))
			return bad("%s", err);
	if (reps) {
		if (wt_parse_uint(reps, 1, BENCH_MAX_REPS, &v))
			return bad("invalid repetition count '%s' (1-20)", reps);
		sel.reps = (unsigned int)v;
	}
	if (count) {
		if (wt_parse_size(count, &v) || !v || v > 1000000)
			return bad("invalid write count '%s'", count);
		sel.count = v;
	}
	if (outdir) {
		struct stat st;

		if (stat(outdir, &st) && mkdir(outdir, 0755))
			return bad("cannot make output directory '%s'", outdir);
	}
	if (from) {
		if (optind != argc)
			return bad("%s", "--from takes no DIR");
		if (bench_ndjson_read(from, &m, &k, err, sizeof(err))) {
			fprintf(stderr, "wtbench: %s\n", err);
			return 2;
		}
		ret = report(&m, &k, json, record, outdir, 0);
		bench_matrix_free(&m);
		return ret;
	}
	if (optind != argc - 1)
		return bad("%s", "give exactly one DIR (see --help)");
	if (access(argv[optind], W_OK))
		return bad("cannot write in DIR '%s'", argv[optind]);
	if (bench_matrix_build(&sel, &m) || !m.n)
		return bad("%s", m.n ? "out of memory" : "the selection has no cells");
	tool_dir(tooldir, sizeof(tooldir));
	env.dir = argv[optind];
	env.tooldir = tooldir;
	env.outdir = outdir;
	env.verbose = verbose;
	env.progress = stderr;
	bench_kernel_ident(&k);
	fprintf(stderr, "wtbench: %u cells x %u repetitions in %s\n", m.n, m.reps, env.dir);
	t0 = load_now_ns();
	ret = bench_run_matrix(&m, &env);
	if (ret < 0) {
		bench_matrix_free(&m);
		return 1;
	}
	ret |= report(&m, &k, json, record, outdir, (load_now_ns() - t0) / 1e9);
	bench_matrix_free(&m);
	return ret ? 1 : 0;
}
