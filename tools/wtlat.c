// SPDX-License-Identifier: GPL-2.0
/*
 * wtlat: per-stage latency histograms of buffered write-through writes
 * (RWF_WRITETHROUGH), with the cost of the second ->iomap_begin call that
 * the direct I/O back end makes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wt/breakdown.h"
#include "wt/filereplace.h"
#include "wt/hist.h"
#include "wt/json.h"
#include "wt/launch.h"
#include "wt/latrec.h"
#include "wt/openmetrics.h"
#include "wt/parse.h"
#include "wt/stages.h"
#include "wt/ticker.h"
#include "wt/wtbpf.h"

static const char doc[] =
"Usage: wtlat [OPTIONS] [INTERVAL [COUNT]]\n"
"       wtlat [OPTIONS] [INTERVAL] -- CMD [ARGS...]\n"
"Summarize write-through (RWF_WRITETHROUGH) latency per stage as histograms.\n"
"\n"
"  -T, --timestamp        print the time with each report\n"
"  -m, --milliseconds     histograms in milliseconds\n"
"  -u, --microseconds     histograms in microseconds (default)\n"
"  -N, --nanoseconds      histograms in nanoseconds\n"
"  -L, --linear           log-linear rows (4 per power of two), not log2 rows\n"
"  -p, --pid PID          only this process\n"
"  -c, --cgroup PATH      only tasks in this cgroup (v2 directory)\n"
"  -d, --dev DEV          only this device (MAJ:MIN or /dev/NAME)\n"
"  -S, --stages LIST      stages to trace and show, comma separated (default\n"
"                         all): total begin1 lock wbwait copy begin2 device\n"
"                         complete other; only their events are attached\n"
"  -s, --summary          summaries only, no histogram rows\n"
"  -P, --per-process      breakdown per process (pid, comm)\n"
"  -F, --per-file         breakdown per file (device, inode, path)\n"
"  -D, --per-device       breakdown per device\n"
"      --top N            keys shown per breakdown, by total time (default 10,\n"
"                         0: all of the at most 1024 keys kept)\n"
"  -j, --json             newline-delimited JSON on stdout, schema " WT_LAT_SCHEMA "\n"
"      --record FILE      also write every record (the stages traced) to FILE, for\n"
"                         comparing runs (wtdiff); same schema as -j\n"
"      --tag TEXT         a label for the run, kept in the start record\n"
"      --openmetrics FILE the run's counters and histograms (cumulative) in\n"
"                         OpenMetrics text, replaced whole every interval, for\n"
"                         node-exporter's textfile collector (FILE: *.prom);\n"
"                         with -P/-F/-D also the top keys' total and device\n"
"                         histograms (wt_process/file/device_stage_seconds)\n"
"      --btf PATH         vmlinux with BTF for CO-RE, if the kernel has none\n"
"      --stage-events     time writes from the per-stage events even where the\n"
"                         kernel reports each write in one event (see below)\n"
"  -v, --verbose          libbpf logs; BPF run-time statistics and the BPF cost\n"
"                         per traced write (switched on only with -v)\n"
"  -h, --help             this text\n"
"\n"
"Stages, which do not overlap: total = the whole call; begin1 = ->iomap_begin\n"
"call #1 (front end); lock = folio lookup and lock; wbwait = wait for\n"
"writeback already on a folio; copy = copy from user; begin2 = ->iomap_begin\n"
"call #2 (direct I/O back end); device = first bio of a batch sent until its\n"
"bios complete; complete = bios complete until ->end_io and folio writeback\n"
"end; other = the rest of total (inode lock, checks, sync...).\n"
"An aio or io_uring write that returns -EIOCBQUEUED is one write, counted\n"
"at its completion (also as async): its total runs to the completion, and\n"
"the time until the call returned is the \"async submit\" histogram.\n"
"RWF_ATOMIC writes are counted by how they went out: hardware (one REQ_ATOMIC\n"
"bio) or software (out of place, remapped in one transaction).\n"
"Writes that took the buffered fallback (reflink, COW, zoned) count apart,\n"
"with their total only; calls that returned EAGAIN are only counted.\n"
"Each report covers its interval only, timed on CLOCK_MONOTONIC; its\n"
"measured length is printed.  SIGINT, SIGTERM and SIGHUP end the run with a\n"
"last report.  The environment variable WT_SERIES_HEAD is recorded in the\n"
"start record as series_head.\n"
"\n"
"Where the kernel has the iomap_writethrough_stages event (the series' last\n"
"patch), it times each write itself while the event is enabled and reports\n"
"it once: wtlat then runs one program per write, whatever -S shows.  Without\n"
"it, with -c (an asynchronous write completes outside its writer's cgroup)\n"
"or with --stage-events, wtlat follows each write through the thirteen\n"
"per-stage events; the start record's options.events says which\n"
"(\"stages\" or \"per-stage\"), and runs compare only within one.\n"
"\n"
"With the per-stage events, -S attaches only to the events of the stages\n"
"asked for (and of the device stage with -P/-F/-D): -S total needs three of\n"
"the thirteen, and costs a write far less.  Counters that come from events\n"
"not attached are printed as \"-\" and left out of JSON and OpenMetrics;\n"
"other needs all.\n"
"\n"
"With -- CMD, wtlat starts CMD held, attaches filtered to its process (all\n"
"its threads; not its children), lets it run, reports when it exits, and\n"
"exits with its status (128 + N if signal N ended it; 127 if CMD is not\n"
"found).  Breakdowns (-P, -F, -D) cover the whole run and come after the\n"
"last report: per key, the count, average, p50 and p99 of the total and\n"
"device stages.  The path of -F is read from the file's dentry (at most 16\n"
"components, each up to 63 bytes) under its file system's mount point.\n"
"\n"
"EXAMPLES:\n"
"    wtlat                 # histograms when Ctrl-C is hit\n"
"    wtlat 1 10            # ten 1-second intervals\n"
"    wtlat -m -T 5         # milliseconds, timestamps, every 5 seconds\n"
"    wtlat -L -S device    # the device stage in log-linear rows\n"
"    wtlat -p 1234 -S total,begin2   # one process, two stages\n"
"    wtlat -S total,device --openmetrics wt.prom 60   # cheap, always on\n"
"    wtlat -d 254:0 -j 1 3 > run.ndjson   # JSON lines for a device\n"
"    WT_SERIES_HEAD=$(git rev-parse HEAD) wtlat --record base.ndjson --tag base 1\n"
"                          # a run to compare with another (wtdiff)\n"
"    wtlat --btf /boot/vmlinux-$(uname -r)   # a kernel without /sys/kernel/btf\n"
"    wtlat -s -- wtload -m wt -n 1000 /mnt/f  # one command, from start to exit\n"
"    wtlat -F --top 5 10   # the five files with most write-through time, 10 s\n"
"    wtlat -P -D -j -- ./app   # per process and per device, JSON\n"
"    wtlat --openmetrics /var/lib/prometheus/node-exporter/wt.prom 15 >/dev/null\n"
"                          # export for node-exporter every 15 seconds\n";

enum { OPT_RECORD = 0x200, OPT_TAG, OPT_TOP, OPT_OPENMETRICS };

static volatile sig_atomic_t exiting, got_sig;

static void on_sig(int sig)
{
	exiting = 1;
	if (sig != SIGCHLD)
		got_sig = sig;
}

static struct wt_snap prev, cur, iv, total;

/* counter k as text, "-" when its events are not attached (-S) */
static const char *cnt(const struct wt_snap *s, int k, char buf[24])
{
	if (!wt_counted(k))
		return "-";
	snprintf(buf, 24, "%llu", (unsigned long long)s->cnt[k]);
	return buf;
}

static void print_counts(const struct wt_snap *s, const struct wt_lat_run *r)
{
	const struct wt_hist *b2 = &s->hist[WT_STAGE_BEGIN2], *tot = &s->hist[WT_STAGE_TOTAL];
	unsigned long long calls2 = s->cnt[WT_CNT_BEGIN2], all = s->cnt[WT_CNT_BEGIN_ALL];
	unsigned long long writes = s->cnt[WT_CNT_WRITES];
	char b1[24], b2s[24], b3[24];

	printf("write-through writes %llu (errors %llu, %.1f KiB), folios %s, dio submits %llu,"
	       " bios %s\n", writes, (unsigned long long)s->cnt[WT_CNT_ERRORS],
	       s->cnt[WT_CNT_BYTES] / 1024.0, cnt(s, WT_CNT_FOLIOS, b1),
	       (unsigned long long)s->cnt[WT_CNT_SUBMITS], cnt(s, WT_CNT_BIOS, b2s));
	printf("async writes %llu (returned -EIOCBQUEUED %llu, completions with no state %llu)\n",
	       (unsigned long long)s->cnt[WT_CNT_ASYNC], (unsigned long long)s->cnt[WT_CNT_QUEUED],
	       (unsigned long long)s->cnt[WT_CNT_ASYNC_ORPHANS]);
	if (wt_counted(WT_CNT_ATOMIC_HW) && wt_counted(WT_CNT_ATOMIC_SW))
		snprintf(b3, sizeof(b3), "%llu", (unsigned long long)wt_lat_atomic_noio(s));
	else
		strcpy(b3, "-");
	printf("atomic writes %llu (hardware: REQ_ATOMIC bio %s, software: out of place %s,"
	       " no I/O %s)\n", (unsigned long long)s->cnt[WT_CNT_ATOMIC],
	       cnt(s, WT_CNT_ATOMIC_HW, b1), cnt(s, WT_CNT_ATOMIC_SW, b2s), b3);
	printf("fallback writes %llu (errors %llu, %.1f KiB), eagain %llu\n",
	       (unsigned long long)s->cnt[WT_CNT_FALLBACK],
	       (unsigned long long)s->cnt[WT_CNT_FB_ERRORS], s->cnt[WT_CNT_FB_BYTES] / 1024.0,
	       (unsigned long long)s->cnt[WT_CNT_EAGAIN]);
	if (wt_traced.stages & (1u << WT_STAGE_BEGIN2))
		printf("double ->iomap_begin: call #2 ran %llu times = %.1f%% of %llu write-through"
		       " iomap_begin calls; adds %.2f us per write (%.1f%% of write time)\n",
		       calls2, all ? 100.0 * calls2 / all : 0.0, all,
		       writes ? (double)b2->sum / writes / 1e3 : 0.0,
		       tot->sum ? 100.0 * b2->sum / tot->sum : 0.0);
	printf("missed: orphan completions %llu, stale write states %llu, failed inserts %llu,"
	       " recursion misses %llu\n", (unsigned long long)s->cnt[WT_CNT_ORPHANS],
	       (unsigned long long)s->cnt[WT_CNT_STALE],
	       (unsigned long long)s->cnt[WT_CNT_INSERT_FAIL],
	       (unsigned long long)s->prog.recursion_misses);
}

static void print_hist(const struct wt_hist *h, const char *title, const struct wt_unit *u,
		       bool summary, bool linear)
{
	if (summary) {
		printf("%s\n", title);
		wt_hist_print_summary(stdout, h, u);
	} else if (linear) {
		wt_hist_print_linear(stdout, h, title, u);
	} else {
		wt_hist_print(stdout, h, title, u);
	}
}

struct text_opts {
	const struct wt_unit *unit;
	unsigned int stages;
	bool summary, linear, timestamp;
};

static void print_text(const struct wt_snap *s, uint64_t mono_start, const struct text_opts *t,
		       const struct wt_lat_run *r)
{
	double npw = wt_lat_ns_per_write(s, r->bpf_stats);
	char title[160], buf[32];
	int st;

	printf("\n");
	if (t->timestamp) {
		time_t now = time(NULL);

		strftime(buf, sizeof(buf), "%H:%M:%S", localtime(&now));
		printf("%s ", buf);
	}
	printf("interval %.3f s\n", (s->mono_ns - mono_start) / 1e9);
	print_counts(s, r);
	for (st = 0; st < WT_STAGE_NR; st++) {
		if (!(t->stages & (1u << st)))
			continue;
		snprintf(title, sizeof(title), "\n%s: %s", wt_stage_names[st], wt_stage_desc[st]);
		print_hist(&s->hist[st], title + 1, t->unit, t->summary, t->linear);
	}
	if (s->hist[WT_HIST_FALLBACK].count) {
		printf("\n");
		print_hist(&s->hist[WT_HIST_FALLBACK],
			   "fallback: whole call of writes that took the buffered fallback",
			   t->unit, t->summary, t->linear);
	}
	if (s->hist[WT_HIST_SUBMIT].count) {
		printf("\n");
		print_hist(&s->hist[WT_HIST_SUBMIT],
			   "async submit: asynchronous writes, begin until the call returned"
			   " -EIOCBQUEUED (in total too)", t->unit, t->summary, t->linear);
	}
	if (r->bpf_stats) {
		if (npw >= 0)
			printf("\nBPF cost: %.0f ns per traced write (%llu ns over %llu calls, %llu"
			       " program runs)\n", npw, (unsigned long long)s->prog.run_time_ns,
			       (unsigned long long)(s->cnt[WT_CNT_WRITES] + s->cnt[WT_CNT_FALLBACK] +
						    s->cnt[WT_CNT_EAGAIN]),
			       (unsigned long long)s->prog.run_cnt);
		else
			printf("\nBPF cost: no traced write in this interval\n");
	}
	fflush(stdout);
}

/* Wait for the end of the interval (or, without one, for a signal). */
static void wait_interval(struct wt_ticker *tk)
{
	sigset_t block, old;

	if (tk->interval) {
		wt_ticker_wait(tk, &exiting);
		return;
	}
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	while (!exiting)
		sigsuspend(&old);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void on_signals(void)
{
	struct sigaction sa = { .sa_handler = on_sig };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* launch mode: the end of the command ends the run */
static void on_child(void)
{
	struct sigaction sa = { .sa_handler = on_sig, .sa_flags = SA_NOCLDSTOP };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
}

static void print_breakdowns(struct wt_bpf *skel, const struct wt_opts *o, unsigned int top,
			     const struct wt_unit *u)
{
	struct wt_bk_entry *e;
	uint64_t overflow;
	uint32_t k;
	size_t n;
	int err;

	err = wt_bpf_bk_read(skel, &e, &n, &overflow);
	if (err) {
		fprintf(stderr, "wtlat: cannot read the breakdowns: %s\n", strerror(-err));
		return;
	}
	wt_bk_sort(e, n);
	for (k = WT_BK_PID; k <= WT_BK_DEV; k++) {
		if (!(o->bk_kinds & (1u << k)))
			continue;
		if (o->json)
			wt_bk_print_json(stdout, WT_LAT_SCHEMA, k, e, n, top, overflow);
		else
			wt_bk_print_text(stdout, k, e, n, top, u, overflow);
	}
	fflush(stdout);
	free(e);
}

/* --openmetrics: the run's totals so far, the file replaced whole */
struct om_state {
	const char *path;
	struct wt_om_info info;
	const struct wt_snap *tot;
	struct wt_bpf *skel;	/* breakdowns: read from here when kinds is set */
	struct wt_om_bk bk;
	bool failed;		/* a write failed since the last report of it */
	bool bk_failed;		/* the breakdowns could not be read: reported once */
};

static int om_fill(FILE *f, void *arg)
{
	const struct om_state *om = arg;

	return wt_om_write(f, om->tot, &om->info);
}

/* 0 or -errno; a failure is reported once until a write succeeds again */
static int om_update(struct om_state *om, const struct wt_snap *tot, uint64_t mono0)
{
	struct wt_bk_entry *e = NULL;
	int err;

	om->tot = tot;
	om->info.seconds_ns = tot->mono_ns > mono0 ? tot->mono_ns - mono0 : 0;
	om->info.bk = NULL;
	if (om->bk.kinds) {
		err = wt_bpf_bk_read(om->skel, &e, &om->bk.n, &om->bk.overflow);
		if (err) {
			if (!om->bk_failed)
				fprintf(stderr, "wtlat: cannot read the breakdowns for --openmetrics:"
					" %s\n", strerror(-err));
			om->bk_failed = true;
		} else {
			wt_bk_sort(e, om->bk.n);
			om->bk.e = e;
			om->info.bk = &om->bk;
		}
	}
	err = wt_file_replace(om->path, om_fill, om);
	free(e);
	om->bk.e = NULL;
	if (err && !om->failed)
		fprintf(stderr, "wtlat: cannot write --openmetrics file %s: %s\n", om->path,
			strerror(-err));
	om->failed = err != 0;
	return err;
}

/* one line and exit status 2 for options that contradict each other */
static int conflict(const struct wt_opts *o, const char *a, const char *b)
{
	return wt_fail(o, WT_EXIT_USAGE, "%s and %s cannot be used together (see --help)", a, b);
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "timestamp", no_argument, NULL, 'T' },
		{ "milliseconds", no_argument, NULL, 'm' },
		{ "microseconds", no_argument, NULL, 'u' },
		{ "nanoseconds", no_argument, NULL, 'N' },
		{ "linear", no_argument, NULL, 'L' },
		{ "pid", required_argument, NULL, 'p' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "dev", required_argument, NULL, 'd' },
		{ "stages", required_argument, NULL, 'S' },
		{ "summary", no_argument, NULL, 's' },
		{ "per-process", no_argument, NULL, 'P' },
		{ "per-file", no_argument, NULL, 'F' },
		{ "per-device", no_argument, NULL, 'D' },
		{ "top", required_argument, NULL, OPT_TOP },
		{ "json", no_argument, NULL, 'j' },
		{ "record", required_argument, NULL, OPT_RECORD },
		{ "tag", required_argument, NULL, OPT_TAG },
		{ "openmetrics", required_argument, NULL, OPT_OPENMETRICS },
		{ "btf", required_argument, NULL, WT_OPT_BTF },
		{ "stage-events", no_argument, NULL, WT_OPT_STAGE_EVENTS },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct wt_opts o = { .tool = "wtlat", .schema = WT_LAT_SCHEMA, .hists = true };
	struct text_opts t = { .unit = &wt_unit_us, .stages = (1u << WT_STAGE_NR) - 1 };
	const char *unit_opt = NULL, *text_opt = NULL, *record_path = NULL, *tag = NULL;
	uint64_t interval = 0, count = 0, seq = 0, mono_start, mono0;
	struct wt_lat_run r = { .tool = "wtlat" };
	struct wt_ticker tk;
	struct wt_bpf *skel;
	const char *attach, *reason;
	FILE *rec = NULL;
	int c, rc = 0, err;
	char **cmd, cmd_path[4096];
	struct wt_launch l = { 0 };
	struct wt_lat_cmd lc = { 0 };
	uint64_t top = WT_BK_TOP_DEFAULT;
	struct om_state om = { 0 };

	/* launch mode: the tool's arguments end at "--" */
	argc = wt_launch_split(argc, argv, &cmd);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "TmuNLS:sjPFDh" WT_COMMON_OPTSTRING, lopts, NULL)) != -1) {
		switch (c) {
		case 'T': t.timestamp = true; text_opt = "-T"; break;
		case 'm': case 'u': case 'N': {
			static char name[3] = "-?";
			const struct wt_unit *u = c == 'm' ? &wt_unit_ms : c == 'u' ? &wt_unit_us : &wt_unit_ns;

			if (unit_opt && t.unit != u) {
				char other[3] = { '-', (char)c, 0 };

				return conflict(&o, unit_opt, other);
			}
			name[1] = (char)c;
			unit_opt = name;
			t.unit = u;
			break;
		}
		case 'L': t.linear = true; break;
		case 'S':
			if (wt_parse_stages(optarg, &t.stages)) {
				return wt_fail(&o, WT_EXIT_USAGE, "invalid stage list '%s' (see --help)",
					       optarg);
			}
			break;
		case 's': t.summary = true; break;
		case 'P': o.bk_kinds |= 1u << WT_BK_PID; break;
		case 'F': o.bk_kinds |= 1u << WT_BK_FILE; break;
		case 'D': o.bk_kinds |= 1u << WT_BK_DEV; break;
		case OPT_TOP:
			if (wt_parse_uint(optarg, 0, WT_BK_ENTRIES, &top)) {
				return wt_fail(&o, WT_EXIT_USAGE, "invalid --top '%s' (0 to %d)",
					       optarg, WT_BK_ENTRIES);
			}
			break;
		case 'j': o.json = true; break;
		case OPT_RECORD: record_path = optarg; break;
		case OPT_TAG: tag = optarg; break;
		case OPT_OPENMETRICS: om.path = optarg; break;
		case 'h': fputs(doc, stdout); return 0;
		default:
			if (wt_common_opt(c, optarg, &o, optopt, argv[optind - 1]))
				return WT_EXIT_USAGE;
			break;
		}
	}
	if (t.summary && t.linear)
		return conflict(&o, "-s", "-L");
	if (o.json && (text_opt || unit_opt || t.summary || t.linear))
		return conflict(&o, "-j", text_opt ? text_opt : unit_opt ? unit_opt :
				t.summary ? "-s" : "-L");
	if (optind < argc) {
		if (wt_parse_uint(argv[optind], 1, 86400, &interval)) {
			return wt_fail(&o, WT_EXIT_USAGE, "invalid interval '%s' (1 to 86400 seconds)",
				       argv[optind]);
		}
		optind++;
	}
	if (optind < argc) {
		if (wt_parse_uint(argv[optind], 1, UINT32_MAX, &count)) {
			return wt_fail(&o, WT_EXIT_USAGE, "invalid count '%s'", argv[optind]);
		}
		optind++;
	}
	if (optind < argc) {
		return wt_fail(&o, WT_EXIT_USAGE, "unexpected argument '%s' (see --help)",
			       argv[optind]);
	}
	if (cmd) {
		if (!cmd[0])
			return wt_fail(&o, WT_EXIT_USAGE, "no command after -- (see --help)");
		if (o.tgid)
			return conflict(&o, "-p", "-- CMD");
		if (count)
			return conflict(&o, "COUNT", "-- CMD");
		err = wt_find_cmd(cmd[0], getenv("PATH"), cmd_path, sizeof(cmd_path));
		if (err)
			return wt_fail(&o, WT_EXIT_NOT_FOUND, "%s: %s", cmd[0],
				       err == -ENOENT && !strchr(cmd[0], '/') ?
				       "command not found" : strerror(-err));
	}
	if (record_path) {
		rec = fopen(record_path, "w");
		if (!rec) {
			return wt_fail(&o, WT_EXIT_USAGE, "cannot write --record file %s: %s",
				       record_path, strerror(errno));
		}
	}

	if (om.path) {
		/* a path that cannot be written is a usage error; written once attached */
		err = wt_file_replace_check(om.path);
		if (err) {
			if (rec)
				fclose(rec);
			return wt_fail(&o, WT_EXIT_USAGE, "cannot write --openmetrics file %s: %s",
				       om.path, strerror(-err));
		}
	}
	o.record = rec;
	if (cmd) {
		/* held until attached: its first write is traced */
		err = wt_launch_hold(&l, cmd);
		if (err) {
			rc = wt_fail(&o, WT_EXIT_ERROR, "cannot start %s: %s", cmd[0], strerror(-err));
			if (rec)
				fclose(rec);
			return rc;
		}
		o.tgid = l.pid;
		lc.name = cmd[0];
		lc.pid = l.pid;
	}
	/* attach only what the stages shown (and the breakdowns) need */
	wt_traced = wt_trace_set_for(t.stages, o.bk_kinds != 0);
	o.tps = wt_traced.tps == WT_TP_ALL ? 0 : wt_traced.tps;
	rc = wt_bpf_start(&o, &skel, &attach);
	if (rc) {
		wt_launch_abort(&l);
		if (rec)
			fclose(rec);
		return rc;
	}
	on_signals();
	if (cmd)
		on_child();
	r.attach = attach;
	r.btf = o.btf_path;
	r.pid = o.tgid;
	r.cgroup = o.cgroup;
	r.dev = o.dev;
	r.interval_ns = interval * 1000000000ull;
	r.count = count;
	r.bpf_stats = wt_bpf_stats_on();
	r.tag = tag;
	r.series_head = getenv("WT_SERIES_HEAD");

	/* the baseline: every interval is the difference of two reads */
	err = wt_bpf_snapshot(skel, &prev);
	if (err) {
		rc = wt_fail(&o, WT_EXIT_ERROR, "cannot read the BPF maps: %s", strerror(-err));
		wt_launch_abort(&l);
		wt_bpf_stop(skel);
		return rc;
	}
	mono0 = mono_start = prev.mono_ns;
	total.mono_ns = mono0;
	if (om.path) {
		om.info.start_real_ns = wt_real_ns();
		om.skel = skel;
		om.bk.kinds = o.bk_kinds;
		om.bk.top = top;
		om_update(&om, &total, mono0);
	}
	if (o.json)
		wt_lat_start(stdout, &r, t.stages, mono0, wt_real_ns());
	if (rec)
		wt_lat_start(rec, &r, wt_traced.stages, mono0, wt_real_ns());
	if (!o.json) {
		if (cmd)
			printf("Tracing write-through writes (%s, %s events) of %s (pid %u) until "
			       "it exits...\n", attach, wt_events_name(), cmd[0], l.pid);
		else
			printf("Tracing write-through writes (%s, %s events)... Hit Ctrl-C to end.\n",
			       attach, wt_events_name());
		fflush(stdout);
	}
	if (cmd) {
		err = wt_launch_release(&l);
		if (err) {
			rc = wt_fail(&o, WT_EXIT_NOT_FOUND, "%s: %s", cmd[0], strerror(-err));
			wt_bpf_stop(skel);
			if (rec)
				fclose(rec);
			return rc;
		}
	}
	wt_ticker_init(&tk, mono0, r.interval_ns);
	reason = "signal";
	for (;;) {
		wait_interval(&tk);
		err = wt_bpf_snapshot(skel, &cur);
		if (err) {
			rc = wt_fail(&o, WT_EXIT_ERROR, "cannot read the BPF maps: %s", strerror(-err));
			reason = "error";
			break;
		}
		wt_snap_diff(&prev, &cur, &iv);
		wt_snap_add(&total, &iv);
		seq++;
		if (o.json)
			wt_lat_interval(stdout, &r, t.stages, seq, mono_start, &iv, wt_real_ns());
		else
			print_text(&iv, mono_start, &t, &r);
		if (rec)
			wt_lat_interval(rec, &r, wt_traced.stages, seq, mono_start, &iv,
					wt_real_ns());
		if (om.path)
			om_update(&om, &total, mono0);
		prev = cur;
		mono_start = cur.mono_ns;
		if (cmd && wt_launch_reap(&l, false)) {
			reason = "cmd_exit";
			break;
		}
		if (exiting && cmd && !got_sig) {
			exiting = 0;	/* a SIGCHLD of no interest (stopped, continued) */
			continue;
		}
		if (exiting || !interval)
			break;
		if (count && seq >= count) {
			reason = "count";
			break;
		}
	}
	if (cmd && !l.exited) {
		/* ended by a signal or an error: pass it on, wait for the command */
		kill(l.pid, got_sig ? got_sig : SIGTERM);
		wt_launch_reap(&l, true);
	}
	if (cmd) {
		lc.exited = l.exited;
		lc.status = l.status;
		if (!rc)
			rc = wt_wait_status_code(l.status);
	}
	if (o.bk_kinds)
		print_breakdowns(skel, &o, top, t.unit);
	if (!o.json && wt_lat_async_unfinished(&total))
		printf("async: %llu queued write(s) did not complete while traced (in flight at the"
		       " end, or their state was lost)\n",
		       (unsigned long long)wt_lat_async_unfinished(&total));
	if (cmd && !o.json)
		wt_lat_cmd_text(stdout, &lc);
	if (o.json)
		wt_lat_end_cmd(stdout, reason, rc, seq, mono0, &total, wt_real_ns(), cmd ? &lc : NULL);
	if (rec) {
		wt_lat_end_cmd(rec, reason, rc, seq, mono0, &total, wt_real_ns(), cmd ? &lc : NULL);
		if (fclose(rec)) {
			fprintf(stderr, "wtlat: writing %s: %s\n", record_path, strerror(errno));
			rc = rc ? rc : WT_EXIT_ERROR;
		}
	}
	if (om.path && om.failed)
		rc = rc ? rc : WT_EXIT_ERROR;
	wt_bpf_stop(skel);
	return rc;
}
