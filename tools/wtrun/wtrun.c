// SPDX-License-Identifier: GPL-2.0
/*
 * wtrun: run an unmodified, dynamically linked program with its buffered
 * writes to regular files made write-through (RWF_WRITETHROUGH), through
 * the LD_PRELOAD library libwtrun.so (preload.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wt/launch.h"
#include "elfkind.h"
#include "record.h"

#ifndef WTRUN_LIBDIR_REL
#define WTRUN_LIBDIR_REL "../lib/wt/preload"
#endif
#ifndef WTRUN_LIBDIR_ABS
#define WTRUN_LIBDIR_ABS "/usr/local/lib/wt/preload"
#endif
#define LIBNAME "libwtrun.so"

static const char usage[] =
"Usage: wtrun [-d] [-s[FILE]] [-j] [-v] [--] CMD [ARGS...]\n"
"Run CMD with its buffered writes to regular files made write-through: its\n"
"write, pwrite, pwritev, writev and pwritev2 calls become\n"
"pwritev2(..., RWF_WRITETHROUGH), so each returns when its data is on the device.\n"
"\n"
"  -d, --dsync         add RWF_DSYNC: data and size durable at return\n"
"  -s, --stats[=FILE]  when CMD has ended, one line per process that wrote:\n"
"                      calls converted, calls passed through and why; on\n"
"                      stderr, or appended to FILE\n"
"  -j, --json          the --stats lines as JSON objects (implies --stats)\n"
"  -v, --verbose       print the library that is preloaded\n"
"  -h, --help          this text\n"
"\n"
"Passed through unchanged and counted: O_DIRECT descriptors, pipes, sockets\n"
"and devices, files the kernel refuses the flag for (EOPNOTSUPP: another\n"
"file system, a kernel without the series), pwritev2 calls with flags that\n"
"conflict (RWF_DONTCACHE, RWF_ATOMIC). Out of reach: static binaries,\n"
"io_uring and aio, stores to mmap'ed files, raw system calls, and stdio's\n"
"own flushes (fwrite, fprintf), which the C library makes internally.\n"
"See wtrun(1).\n"
"\n"
"EXAMPLES:\n"
"    wtrun -- dd if=in of=out bs=1M      # every write of dd written through\n"
"    wtrun -d -- xfs_io -f -c 'pwrite 0 64k' /mnt/f   # ... and durable\n"
"    wtrun -s -- ./db-bench              # counts on stderr at exit\n"
"    wtrun -s/tmp/wt.stats -j -- make    # every process, JSON, to a file\n";

static void die(int code, const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "wtrun: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	exit(code);
}

/* the directory of the running wtrun executable */
static void exe_dir(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *d;

	if (n <= 0)
		die(1, "cannot read /proc/self/exe: %s%s", strerror(errno), "");
	buf[n] = 0;
	d = dirname(buf);
	memmove(buf, d, strlen(d) + 1);
}

/* refuse programs the preload cannot reach, rather than convert nothing */
static void check_program(const char *cmd)
{
	char path[PATH_MAX], interp[PATH_MAX];
	int err, kind, depth;

	err = wt_find_cmd(cmd, getenv("PATH"), path, sizeof(path));
	if (err == -ENOENT)
		die(WT_EXIT_NOT_FOUND, "%s: command not found%s", cmd, "");
	if (err)
		die(126, "%s: %s", cmd, strerror(-err));
	for (depth = 0; depth < 2; depth++) {
		kind = wtrun_prog_kind(path, interp, sizeof(interp));
		if (kind < 0)
			die(126, "%s: %s", path, strerror(-kind));
		if (kind == WTRUN_PROG_STATIC)
			die(1, "%s is statically linked: LD_PRELOAD cannot reach its writes%s", path, "");
		if (kind == WTRUN_PROG_FOREIGN)
			die(1, "%s is not a program for this machine and word size: %s cannot be preloaded into it",
			    path, LIBNAME);
		if (kind != WTRUN_PROG_SCRIPT || !interp[0])
			return;
		/* a script: its interpreter runs, and is what gets the library */
		snprintf(path, sizeof(path), "%s", interp);
	}
}

static pid_t child;

static void forward(int sig)
{
	if (child > 0)
		kill(child, sig);
}

/*
 * With stats: every process of the command keeps its counts in a record
 * file in a private directory (record.h), and wtrun prints them when the
 * command has ended, to stderr or appended to FILE.  The library cannot
 * print them itself: processes end with _exit() (dash does), by a signal
 * or by exec, and often close their stderr first (coreutils does).  The
 * exit status is the command's.
 */
static int run_with_stats(char **argv, const char *to, bool dsync, bool json)
{
	char dir[PATH_MAX];
	const char *tmp = getenv("TMPDIR");
	struct sigaction sa = { .sa_handler = forward };
	FILE *out = stderr;
	int status, n;

	snprintf(dir, sizeof(dir), "%s/wtrun.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		die(1, "cannot create a directory for the stats in %s: %s",
		    tmp && *tmp ? tmp : "/tmp", strerror(errno));
	if (setenv("WTRUN_STATS", dir, 1))
		die(1, "setenv: %s%s", strerror(errno), "");
	child = fork();
	if (child < 0)
		die(1, "fork: %s%s", strerror(errno), "");
	if (child == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "wtrun: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(errno == ENOENT ? WT_EXIT_NOT_FOUND : 126);
	}
	/* the terminal's signals reach the command itself; others are passed on */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	while (waitpid(child, &status, 0) < 0) {
		if (errno != EINTR)
			die(1, "waitpid: %s%s", strerror(errno), "");
	}
	if (strcmp(to, "-")) {
		out = fopen(to, "a");
		if (!out) {
			fprintf(stderr, "wtrun: cannot open %s: %s; stats on stderr\n", to, strerror(errno));
			out = stderr;
		}
	}
	n = wtrun_collect(dir, out, dsync, json);
	if (n < 0)
		fprintf(stderr, "wtrun: cannot read the stats in %s: %s\n", dir, strerror(-n));
	if (out != stderr && fclose(out))
		fprintf(stderr, "wtrun: writing %s: %s\n", to, strerror(errno));
	return wt_wait_status_code(status);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dsync", no_argument, NULL, 'd' },
		{ "stats", optional_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *stats = NULL, *old, *forced;
	char dir[PATH_MAX], lib[PATH_MAX], statspath[PATH_MAX], *preload;
	bool dsync = false, json = false, verbose = false;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+ds::jvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': dsync = true; break;
		case 's': stats = optarg ? optarg : "-"; break;
		case 'j': json = true; break;
		case 'v': verbose = true; break;
		case 'h': fputs(usage, stdout); return 0;
		default:
			if (optopt)
				fprintf(stderr, "wtrun: unknown option -%c (see wtrun --help)\n", optopt);
			else
				fprintf(stderr, "wtrun: unknown option %s (see wtrun --help)\n", argv[optind - 1]);
			return 2;
		}
	}
	if (optind >= argc)
		die(2, "no command to run (wtrun [OPTIONS] -- CMD [ARGS...])%s%s", "", "");
	if (stats && !*stats)
		die(2, "--stats= needs a file name%s%s", "", "");
	if (json && !stats)
		stats = "-";
	/* the library opens the file at exit, maybe from another directory */
	if (stats && strcmp(stats, "-") && stats[0] != '/') {
		char cwd[PATH_MAX];

		if (!getcwd(cwd, sizeof(cwd)) ||
		    (size_t)snprintf(statspath, sizeof(statspath), "%s/%s", cwd, stats) >= sizeof(statspath))
			die(2, "cannot make %s an absolute path%s", stats, "");
		stats = statspath;
	}

	forced = getenv("WTRUN_LIB");
	if (forced && *forced) {
		if (access(forced, R_OK))
			die(1, "WTRUN_LIB=%s: %s", forced, strerror(errno));
		snprintf(lib, sizeof(lib), "%s", forced);
	} else {
		exe_dir(dir, sizeof(dir));
		if (wtrun_find_lib(dir, WTRUN_LIBDIR_REL, WTRUN_LIBDIR_ABS, LIBNAME,
				   lib, sizeof(lib)) < 0)
			die(1, "cannot find " LIBNAME " next to wtrun or in %s (%s)",
			    WTRUN_LIBDIR_ABS, "reinstall, or set WTRUN_LIB");
	}
	/* ld.so splits LD_PRELOAD at spaces and colons */
	if (strpbrk(lib, " :\t"))
		die(1, "the library path '%s' has a space or colon, which LD_PRELOAD cannot hold%s", lib, "");
	check_program(argv[optind]);

	old = getenv("LD_PRELOAD");
	if (old && *old) {
		if (asprintf(&preload, "%s:%s", lib, old) < 0)
			die(1, "out of memory%s%s", "", "");
	} else {
		preload = lib;
	}
	if (setenv("LD_PRELOAD", preload, 1) ||
	    setenv("WTRUN_DSYNC", dsync ? "1" : "0", 1) ||
	    unsetenv("WTRUN_STATS"))
		die(1, "setenv: %s%s", strerror(errno), "");
	if (verbose)
		fprintf(stderr, "wtrun: LD_PRELOAD=%s%s%s\n", preload,
			dsync ? " (RWF_WRITETHROUGH|RWF_DSYNC)" : " (RWF_WRITETHROUGH)",
			stats ? (strcmp(stats, "-") ? ", stats to a file" : ", stats on stderr") : "");
	if (stats)
		return run_with_stats(argv + optind, stats, dsync, json);
	execvp(argv[optind], argv + optind);
	die(errno == ENOENT ? WT_EXIT_NOT_FOUND : 126, "cannot run %s: %s", argv[optind], strerror(errno));
}
