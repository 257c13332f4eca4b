// SPDX-License-Identifier: GPL-2.0
/*
 * wtsnoop: one line per buffered write-through write (RWF_WRITETHROUGH)
 * with the time of each stage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "wt/json.h"
#include "wt/latrec.h"
#include "wt/launch.h"
#include "wt/parse.h"
#include "wt/snoopfmt.h"
#include "wt/stages.h"
#include "wt/ticker.h"
#include "wt/wtbpf.h"
#include "wt.skel.h"

#define SCHEMA "wt.wtsnoop/5"
/* how often the ring buffer is drained when no wakeup came */
#define WT_SNOOP_POLL_MS 100

static const char doc[] =
"Usage: wtsnoop [OPTIONS]\n"
"       wtsnoop [OPTIONS] -- CMD [ARGS...]\n"
"Trace write-through (RWF_WRITETHROUGH) writes: one line each, with stage times.\n"
"\n"
"  -p, --pid PID          only this process\n"
"  -c, --cgroup PATH      only tasks in this cgroup (v2 directory)\n"
"  -d, --dev DEV          only this device (MAJ:MIN or /dev/NAME)\n"
"  -M, --min-us USECS     only writes that took at least USECS in total\n"
"  -n, --max-events N     print exactly N writes, then exit\n"
"  -b, --buffer-kb KB     ring buffer size (power of two, default 4096)\n"
"  -j, --json             newline-delimited JSON, schema " SCHEMA "\n"
"      --csv              comma-separated values (RFC 4180) with a header line\n"
"      --btf PATH         vmlinux with BTF for CO-RE, if the kernel has none\n"
"      --stage-events     time writes from the per-stage events even where the\n"
"                         kernel reports each write in one event (see below)\n"
"  -v, --verbose          libbpf logs; BPF run-time statistics and the BPF cost\n"
"                         per traced write at exit (switched on only with -v)\n"
"  -h, --help             this text\n"
"\n"
"TIME(s) counts from the start of tracing.  MAJ:MIN is the device.  PATH: wt\n"
"(page cache + direct I/O back end) or fb (buffered fallback of reflinked,\n"
"COW and zoned files: total only).  Stage columns (microseconds, in time\n"
"order, no overlap): B1 = ->iomap_begin #1, LOCK = folio lookup and lock,\n"
"WBW = waiting for writeback, COPY = copy from user, B2 = ->iomap_begin #2,\n"
"DEVICE = first bio sent to bios done, CMPL = bios done to ->end_io and\n"
"writeback end, OTHER = the rest of TOTAL (the whole write).  SUBMIT is, for\n"
"an aio or io_uring write that returned -EIOCBQUEUED (printed once, when it\n"
"completes, its TOTAL up to that completion), the time until its call\n"
"returned; - for a write that completed in its call.  ATOM is how an\n"
"RWF_ATOMIC write went out: hw (one REQ_ATOMIC bio: the device writes it\n"
"whole), sw (out of place, remapped in one transaction), none (no I/O: it\n"
"failed before); - for a write that is not atomic.  ERR is the\n"
"errno name of a failed call (EIO, ENOSPC, EAGAIN...), 0 otherwise.  Calls\n"
"that returned EAGAIN are printed too.  FILE is the file's path, read from its\n"
"dentry (at most 16 components of up to 63 bytes) under its file system's\n"
"mount point; in text its left end is cut when longer than 24 bytes.\n"
"With -- CMD, wtsnoop starts CMD held, attaches filtered to its process (all\n"
"its threads; not its children), lets it run, stops when it exits, and\n"
"exits with its status (128 + N if signal N ended it; 127 if CMD is not\n"
"found); the JSON summary record carries cmd_exit and cmd_signal.\n"
"Lost events are counted and reported on stderr (and in the JSON summary).\n"
"Where the kernel has the iomap_writethrough_stages event (the series' last\n"
"patch), it times each write itself and reports it once: wtsnoop then runs one\n"
"program per write, not one per stage event.  Without it, with -c (an\n"
"asynchronous write completes outside its writer's cgroup) or with\n"
"--stage-events, wtsnoop follows each write through the per-stage events.\n"
"SIGINT, SIGTERM and SIGHUP end the run.\n"
"\n"
"EXAMPLES:\n"
"    wtsnoop               # every write-through write\n"
"    wtsnoop -p 1234       # one process\n"
"    wtsnoop -M 10000      # writes slower than 10 ms\n"
"    wtsnoop -j -n 100 > writes.ndjson   # exactly 100 writes\n"
"    wtsnoop --csv -d /dev/vda > writes.csv\n"
"    wtsnoop -- wtload -m wt -n 20 /mnt/f   # the writes of one command\n";

static volatile sig_atomic_t exiting, got_sig;
static struct wt_snoop_out out;

static void on_sig(int sig)
{
	exiting = 1;
	if (sig != SIGCHLD)
		got_sig = sig;
}

static int on_event(void *ctx, void *data, size_t len)
{
	if (len < sizeof(struct wt_event))
		return 0;
	wt_snoop_event(&out, data);
	if (wt_snoop_full(&out))
		exiting = 1;
	return 0;
}

static void on_signals(void)
{
	struct sigaction sa = { .sa_handler = on_sig };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "dev", required_argument, NULL, 'd' },
		{ "min-us", required_argument, NULL, 'M' },
		{ "max-events", required_argument, NULL, 'n' },
		{ "buffer-kb", required_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'C' },
		{ "btf", required_argument, NULL, WT_OPT_BTF },
		{ "stage-events", no_argument, NULL, WT_OPT_STAGE_EVENTS },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct wt_opts o = { .tool = "wtsnoop", .schema = SCHEMA, .events = true,
			     .file_names = true };
	char **cmd, cmd_path[4096];
	struct wt_launch l = { 0 };
	struct wt_lat_cmd lc = { 0 };
	struct ring_buffer *rb = NULL;
	struct wt_bpf *skel;
	struct wt_snap *s = calloc(1, sizeof(*s));
	const char *attach;
	uint64_t v, lost = 0, reported = 0, max_events = 0;
	bool csv = false;
	double npw;
	int c, rc, err, ncpu = libbpf_num_possible_cpus();

	if (!s) {
		fprintf(stderr, "wtsnoop: out of memory\n");
		return WT_EXIT_ERROR;
	}
	/* launch mode: the tool's arguments end at "--" */
	argc = wt_launch_split(argc, argv, &cmd);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "M:n:b:jh" WT_COMMON_OPTSTRING, lopts, NULL)) != -1) {
		switch (c) {
		case 'M':
			if (wt_parse_uint(optarg, 0, UINT64_MAX / 1000, &v)) {
				return wt_fail(&o, WT_EXIT_USAGE, "invalid --min-us '%s'", optarg);
			}
			o.min_total_ns = v * 1000;
			break;
		case 'n':
			if (wt_parse_uint(optarg, 1, UINT64_MAX, &max_events)) {
				return wt_fail(&o, WT_EXIT_USAGE, "invalid --max-events '%s'", optarg);
			}
			break;
		case 'b':
			if (wt_parse_uint(optarg, 4, 1 << 20, &v) || (v & (v - 1))) {
				return wt_fail(&o, WT_EXIT_USAGE, "invalid --buffer-kb '%s' (a power of"
					       " two, 4-1048576)", optarg);
			}
			o.ringbuf_bytes = v * 1024;
			break;
		case 'j': o.json = true; break;
		case 'C': csv = true; break;
		case 'h': fputs(doc, stdout); return 0;
		default:
			if (wt_common_opt(c, optarg, &o, optopt, argv[optind - 1]))
				return WT_EXIT_USAGE;
			break;
		}
	}
	if (o.json && csv) {
		return wt_fail(&o, WT_EXIT_USAGE, "-j and --csv cannot be used together (see --help)");
	}
	if (optind < argc) {
		return wt_fail(&o, WT_EXIT_USAGE, "unexpected argument '%s' (see --help)",
			       argv[optind]);
	}
	if (cmd) {
		if (!cmd[0])
			return wt_fail(&o, WT_EXIT_USAGE, "no command after -- (see --help)");
		if (o.tgid)
			return wt_fail(&o, WT_EXIT_USAGE, "-p and -- CMD cannot be used together"
				       " (see --help)");
		err = wt_find_cmd(cmd[0], getenv("PATH"), cmd_path, sizeof(cmd_path));
		if (err)
			return wt_fail(&o, WT_EXIT_NOT_FOUND, "%s: %s", cmd[0],
				       err == -ENOENT && !strchr(cmd[0], '/') ?
				       "command not found" : strerror(-err));
		/* held until attached: its first write is traced */
		err = wt_launch_hold(&l, cmd);
		if (err)
			return wt_fail(&o, WT_EXIT_ERROR, "cannot start %s: %s", cmd[0],
				       strerror(-err));
		o.tgid = l.pid;
		lc.name = cmd[0];
		lc.pid = l.pid;
	}
	/*
	 * Into a file or a pipe, lines go out in large writes: flushed after
	 * each drain of the ring (every 100 ms at most), not every 4 KiB
	 */
	if (!isatty(STDOUT_FILENO))
		wt_snoop_buffer(stdout);
	out.f = stdout;
	out.fmt = o.json ? WT_SNOOP_JSON : csv ? WT_SNOOP_CSV : WT_SNOOP_TEXT;
	out.schema = SCHEMA;
	out.max_events = max_events;
	/* before attaching: every event's completion time is later */
	out.t0_ns = wt_mono_ns();

	rc = wt_bpf_start(&o, &skel, &attach);
	if (rc) {
		wt_launch_abort(&l);
		return rc;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_event, NULL, NULL);
	if (!rb) {
		rc = wt_fail(&o, WT_EXIT_ERROR, "cannot open the ring buffer: %s", strerror(errno));
		wt_launch_abort(&l);
		wt_bpf_stop(skel);
		return rc;
	}
	on_signals();
	if (o.json) {
		struct wt_json j;

		/* tells a consumer that tracing has started */
		wt_json_record(&j, stdout, SCHEMA, "start");
		wt_json_str(&j, "attach", attach);
		wt_json_str(&j, "events", wt_events_name());
		wt_json_u64(&j, "mono_ns", out.t0_ns);
		wt_json_u64(&j, "realtime_ns", wt_real_ns());
		wt_json_obj_end(&j);
		wt_json_line_end(&j);
	}
	wt_snoop_header(&out);
	fflush(stdout);
	rc = 0;
	if (cmd) {
		err = wt_launch_release(&l);
		if (err) {
			rc = wt_fail(&o, WT_EXIT_NOT_FOUND, "%s: %s", cmd[0], strerror(-err));
			ring_buffer__free(rb);
			wt_bpf_stop(skel);
			return rc;
		}
	}
	while (!exiting || (cmd && !got_sig && !wt_snoop_full(&out) && !rc &&
			    !wt_launch_reap(&l, false))) {
		exiting = 0;
		/*
		 * Events come without a wakeup (the BPF side wakes us only when
		 * an eighth of the ring waits): sleep for the poll period, then
		 * drain what came meanwhile.
		 */
		err = ring_buffer__poll(rb, WT_SNOOP_POLL_MS);
		if (err >= 0 || err == -EINTR)
			err = ring_buffer__consume(rb);
		if (err < 0 && err != -EINTR) {
			rc = wt_fail(&o, WT_EXIT_ERROR, "ring buffer: %s", strerror(-err));
			break;
		}
		fflush(stdout);
		/* the counters only: no program figures, no epoch */
		if (!wt_snap_read(bpf_map__fd(skel->maps.stats), ncpu, 0, s))
			lost = s->cnt[WT_CNT_LOST];
		if (lost > reported) {
			fprintf(stderr, "wtsnoop: lost %llu events (ring buffer full; try -b)\n",
				(unsigned long long)(lost - reported));
			reported = lost;
		}
	}
	if (!wt_snoop_full(&out))
		ring_buffer__consume(rb);
	fflush(stdout);
	if (cmd && !l.exited) {
		/* a signal passes on; after -n N or an error, the command runs to its end */
		if (got_sig)
			kill(l.pid, got_sig);
		wt_launch_reap(&l, true);
	}
	if (cmd) {
		lc.exited = l.exited;
		lc.status = l.status;
		if (!rc)
			rc = wt_wait_status_code(l.status);
		if (!o.json)
			wt_lat_cmd_text(stdout, &lc);
	}
	memset(s, 0, sizeof(*s));
	wt_bpf_snapshot(skel, s);
	lost = s->cnt[WT_CNT_LOST];
	npw = wt_lat_ns_per_write(s, wt_bpf_stats_on());
	if (o.json) {
		struct wt_json j;
		int k;

		wt_json_record(&j, stdout, SCHEMA, "summary");
		wt_json_u64(&j, "events", out.printed);
		wt_json_u64(&j, "lost_events", lost);
		wt_json_str(&j, "attach", attach);
		wt_json_obj_begin(&j, "counters");
		for (k = 0; k < WT_CNT_NR; k++)
			wt_json_u64(&j, wt_counter_names[k], s->cnt[k]);
		wt_json_u64(&j, "recursion_misses", s->prog.recursion_misses);
		wt_json_obj_end(&j);
		wt_json_u64(&j, "async_unfinished", wt_lat_async_unfinished(s));
		wt_json_bool(&j, "bpf_stats_enabled", wt_bpf_stats_on());
		wt_json_u64(&j, "bpf_run_cnt", s->prog.run_cnt);
		if (npw >= 0)
			wt_json_dbl(&j, "bpf_ns_per_write", npw);
		else
			wt_json_null(&j, "bpf_ns_per_write");
		wt_json_i64(&j, "exit", rc);
		if (cmd)
			wt_lat_cmd_json(&j, &lc);
		wt_json_obj_end(&j);
		wt_json_line_end(&j);
	}
	if (lost > reported)
		fprintf(stderr, "wtsnoop: lost %llu events (ring buffer full; try -b)\n",
			(unsigned long long)(lost - reported));
	if (s->cnt[WT_CNT_ORPHANS] || s->cnt[WT_CNT_STALE] || s->cnt[WT_CNT_INSERT_FAIL] ||
	    s->prog.recursion_misses)
		fprintf(stderr, "wtsnoop: missed: orphan completions %llu, stale write states %llu,"
			" failed inserts %llu, recursion misses %llu\n",
			(unsigned long long)s->cnt[WT_CNT_ORPHANS],
			(unsigned long long)s->cnt[WT_CNT_STALE],
			(unsigned long long)s->cnt[WT_CNT_INSERT_FAIL],
			(unsigned long long)s->prog.recursion_misses);
	if (wt_lat_async_unfinished(s))
		fprintf(stderr, "wtsnoop: %llu queued write(s) did not complete while traced (in flight"
			" at the end, or their state was lost)\n",
			(unsigned long long)wt_lat_async_unfinished(s));
	if (o.verbose && npw >= 0)
		fprintf(stderr, "wtsnoop: BPF cost %.0f ns per traced write (%llu ns over %llu calls,"
			" %llu program runs); %llu lost\n", npw,
			(unsigned long long)s->prog.run_time_ns,
			(unsigned long long)(s->cnt[WT_CNT_WRITES] + s->cnt[WT_CNT_FALLBACK] +
					     s->cnt[WT_CNT_EAGAIN]),
			(unsigned long long)s->prog.run_cnt, (unsigned long long)lost);
	ring_buffer__free(rb);
	wt_bpf_stop(skel);
	free(s);
	return rc;
}
