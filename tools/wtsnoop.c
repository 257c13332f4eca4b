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
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "wt/json.h"
#include "wt/parse.h"
#include "wt/stages.h"
#include "wt/wtbpf.h"
#include "wt.skel.h"

#define SCHEMA "wt.wtsnoop/2"

static const char doc[] =
"Usage: wtsnoop [OPTIONS]\n"
"Trace write-through (RWF_WRITETHROUGH) writes: one line each, with stage times.\n"
"\n"
"  -p, --pid PID          only this process\n"
"  -c, --cgroup PATH      only tasks in this cgroup (v2 directory)\n"
"  -d, --dev DEV          only this device (MAJ:MIN or /dev/NAME)\n"
"  -M, --min-us USECS     only writes that took at least USECS in total\n"
"  -n, --max-events N     exit after N writes\n"
"  -b, --buffer-kb KB     ring buffer size (power of two, default 4096)\n"
"  -j, --json             newline-delimited JSON, schema " SCHEMA "\n"
"      --csv              comma-separated values with a header line\n"
"  -v, --verbose          libbpf logs; BPF cost per event at exit\n"
"  -h, --help             this text\n"
"\n"
"PATH: wt (page cache + direct I/O back end) or fb (buffered fallback of\n"
"reflinked, COW and zoned files: total only).  Stage columns (microseconds,\n"
"in time order, no overlap): B1 = ->iomap_begin #1, LOCK = folio lookup and\n"
"lock, WBW = waiting for writeback, COPY = copy from user, B2 =\n"
"->iomap_begin #2, DEV = first bio sent to bios done, CMPL = bios done to\n"
"->end_io and writeback end, OTHER = the rest of TOTAL (the whole call).\n"
"Calls that returned EAGAIN are printed too.  Lost events are counted and\n"
"reported on stderr (and as a JSON record).\n"
"\n"
"EXAMPLES:\n"
"    wtsnoop               # every write-through write\n"
"    wtsnoop -p 1234       # one process\n"
"    wtsnoop -M 10000      # writes slower than 10 ms\n"
"    wtsnoop -j -n 100 > writes.ndjson\n";

enum fmt { F_TEXT, F_JSON, F_CSV };

static volatile sig_atomic_t exiting;
static enum fmt fmt = F_TEXT;
static uint64_t max_events, seen, t_first;

static void on_sig(int sig)
{
	exiting = 1;
}

static double us(uint64_t ns)
{
	return ns / 1000.0;
}

static const char *path_name(const struct wt_event *e, bool brief)
{
	if (e->path == WT_PATH_FALLBACK)
		return brief ? "fb" : "fallback";
	return brief ? "wt" : "writethrough";
}

/* a stage column of the text output: microseconds, "-" for a fallback */
static const char *col(char *buf, size_t len, const struct wt_event *e, int stage)
{
	if (e->path == WT_PATH_FALLBACK && stage != WT_STAGE_TOTAL)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f", us(e->stage_ns[stage]));
	return buf;
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct wt_event *e = data;
	bool fb = e->path == WT_PATH_FALLBACK;
	char dev[24];
	int s;

	if (len < sizeof(*e))
		return 0;
	if (!t_first)
		t_first = e->ts_ns;
	wt_format_dev(e->dev, dev, sizeof(dev));
	if (fmt == F_JSON) {
		struct wt_json j;

		wt_json_record(&j, stdout, SCHEMA, "write");
		wt_json_u64(&j, "ts_ns", e->ts_ns);
		wt_json_str(&j, "comm", e->comm);
		wt_json_u64(&j, "pid", e->pid);
		wt_json_u64(&j, "tid", e->tid);
		wt_json_str(&j, "dev", dev);
		wt_json_u64(&j, "ino", e->ino);
		wt_json_i64(&j, "offset", e->pos);
		wt_json_i64(&j, "length", e->count);
		wt_json_i64(&j, "ret", e->ret);
		wt_json_str(&j, "path", path_name(e, false));
		wt_json_u64(&j, "iomap_begin_1", e->nr_begin1);
		wt_json_u64(&j, "iomap_begin_2", e->nr_begin2);
		wt_json_u64(&j, "folios", e->nr_folios);
		wt_json_u64(&j, "dio_submits", e->nr_submits);
		wt_json_u64(&j, "bios", e->nr_bios);
		wt_json_obj_begin(&j, "stage_ns");
		for (s = 0; s < WT_STAGE_NR; s++)
			if (!fb || s == WT_STAGE_TOTAL)
				wt_json_u64(&j, wt_stage_names[s], e->stage_ns[s]);
		wt_json_obj_end(&j);
		wt_json_obj_end(&j);
		wt_json_line_end(&j);
	} else if (fmt == F_CSV) {
		printf("%.6f,%s,%u,%u,%s,%llu,%lld,%lld,%lld,%s", (e->ts_ns - t_first) / 1e9, e->comm,
		       e->pid, e->tid, dev, (unsigned long long)e->ino, (long long)e->pos,
		       (long long)e->count, (long long)e->ret, path_name(e, false));
		for (s = 0; s < WT_STAGE_NR; s++) {
			if (!fb || s == WT_STAGE_TOTAL)
				printf(",%llu", (unsigned long long)e->stage_ns[s]);
			else
				printf(",");
		}
		printf("\n");
	} else {
		char c[WT_STAGE_NR][24];

		for (s = 0; s < WT_STAGE_NR; s++)
			col(c[s], sizeof(c[s]), e, s);
		printf("%-9.6f %-12.12s %-7u %-7s %-9llx %-10lld %-8lld %-4s %7s %7s %7s %7s %7s %8s %7s %7s %9s %s\n",
		       (e->ts_ns - t_first) / 1e9, e->comm, e->pid, dev, (unsigned long long)e->ino,
		       (long long)e->pos, (long long)e->count, path_name(e, true),
		       c[WT_STAGE_BEGIN1], c[WT_STAGE_LOCK], c[WT_STAGE_WBWAIT], c[WT_STAGE_COPY],
		       c[WT_STAGE_BEGIN2], c[WT_STAGE_DEVICE], c[WT_STAGE_COMPLETE],
		       c[WT_STAGE_OTHER], c[WT_STAGE_TOTAL], e->ret < 0 ? strerror(-e->ret) : "0");
	}
	if (max_events && ++seen >= max_events)
		exiting = 1;
	return 0;
}

static __u64 lost_events(struct wt_bpf *skel)
{
	int ncpu = libbpf_num_possible_cpus(), c;
	__u32 k = WT_CNT_LOST;
	__u64 *v = calloc(ncpu, sizeof(*v)), sum = 0;

	if (v && !bpf_map_lookup_elem(bpf_map__fd(skel->maps.counters), &k, v))
		for (c = 0; c < ncpu; c++)
			sum += v[c];
	free(v);
	return sum;
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
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct wt_opts o = { .tool = "wtsnoop", .events = true };
	struct ring_buffer *rb = NULL;
	struct wt_bpf_cost cost;
	struct wt_bpf *skel;
	const char *attach;
	uint64_t v, lost = 0, reported = 0;
	int c, rc, err, s;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "M:n:b:jh" WT_COMMON_OPTSTRING, lopts, NULL)) != -1) {
		switch (c) {
		case 'M':
			if (wt_parse_uint(optarg, 0, UINT64_MAX / 1000, &v)) {
				fprintf(stderr, "wtsnoop: invalid --min-us '%s'\n", optarg);
				return WT_EXIT_USAGE;
			}
			o.min_total_ns = v * 1000;
			break;
		case 'n':
			if (wt_parse_uint(optarg, 1, UINT64_MAX, &max_events)) {
				fprintf(stderr, "wtsnoop: invalid --max-events '%s'\n", optarg);
				return WT_EXIT_USAGE;
			}
			break;
		case 'b':
			if (wt_parse_uint(optarg, 4, 1 << 20, &v) || (v & (v - 1))) {
				fprintf(stderr, "wtsnoop: invalid --buffer-kb '%s' (a power of two, 4-1048576)\n", optarg);
				return WT_EXIT_USAGE;
			}
			o.ringbuf_bytes = v * 1024;
			break;
		case 'j': fmt = F_JSON; break;
		case 'C': fmt = F_CSV; break;
		case 'h': fputs(doc, stdout); return 0;
		default:
			if (wt_common_opt(c, optarg, &o, optopt, argv[optind - 1]))
				return WT_EXIT_USAGE;
			break;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "wtsnoop: unexpected argument '%s' (see --help)\n", argv[optind]);
		return WT_EXIT_USAGE;
	}
	rc = wt_bpf_start(&o, &skel, &attach);
	if (rc)
		return rc;
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_event, NULL, NULL);
	if (!rb) {
		fprintf(stderr, "wtsnoop: cannot open the ring buffer: %s\n", strerror(errno));
		wt_bpf_stop(skel);
		return WT_EXIT_ERROR;
	}
	signal(SIGINT, on_sig);
	signal(SIGTERM, on_sig);
	if (fmt == F_JSON) {
		struct wt_json j;

		/* tells a consumer that tracing has started */
		wt_json_record(&j, stdout, SCHEMA, "start");
		wt_json_str(&j, "attach", attach);
		wt_json_obj_end(&j);
		wt_json_line_end(&j);
	} else if (fmt == F_TEXT)
		printf("%-9s %-12s %-7s %-7s %-9s %-10s %-8s %-4s %7s %7s %7s %7s %7s %8s %7s %7s %9s %s\n",
		       "TIME(s)", "COMM", "PID", "DEV", "INO", "OFFSET", "LEN", "PATH", "B1", "LOCK",
		       "WBW", "COPY", "B2", "DEV", "CMPL", "OTHER", "TOTAL(us)", "ERR");
	else if (fmt == F_CSV) {
		printf("time_s,comm,pid,tid,dev,ino,offset,length,ret,path");
		for (s = 0; s < WT_STAGE_NR; s++)
			printf(",%s_ns", wt_stage_names[s]);
		printf("\n");
	}
	fflush(stdout);
	while (!exiting) {
		err = ring_buffer__poll(rb, 100);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "wtsnoop: ring buffer: %s\n", strerror(-err));
			break;
		}
		fflush(stdout);
		lost = lost_events(skel);
		if (lost > reported) {
			fprintf(stderr, "wtsnoop: lost %llu events (ring buffer full; try -b)\n",
				(unsigned long long)(lost - reported));
			reported = lost;
		}
	}
	ring_buffer__consume(rb);
	lost = lost_events(skel);
	wt_bpf_cost(skel, &cost);
	if (fmt == F_JSON) {
		struct wt_json j;

		wt_json_record(&j, stdout, SCHEMA, "summary");
		wt_json_u64(&j, "events", seen);
		wt_json_u64(&j, "lost_events", lost);
		wt_json_str(&j, "attach", attach);
		wt_json_u64(&j, "bpf_run_cnt", cost.run_cnt);
		wt_json_dbl(&j, "bpf_ns_per_event",
			    cost.run_cnt ? (double)cost.run_time_ns / cost.run_cnt : 0);
		wt_json_obj_end(&j);
		wt_json_line_end(&j);
	}
	if (lost > reported)
		fprintf(stderr, "wtsnoop: lost %llu events (ring buffer full; try -b)\n",
			(unsigned long long)(lost - reported));
	if (o.verbose && cost.run_cnt)
		fprintf(stderr, "wtsnoop: BPF cost %.0f ns per event over %llu program runs; %llu lost\n",
			(double)cost.run_time_ns / cost.run_cnt, (unsigned long long)cost.run_cnt,
			(unsigned long long)lost);
	ring_buffer__free(rb);
	wt_bpf_stop(skel);
	return 0;
}
