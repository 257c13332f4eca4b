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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "wt/hist.h"
#include "wt/json.h"
#include "wt/parse.h"
#include "wt/stages.h"
#include "wt/wtbpf.h"
#include "wt.skel.h"

#define SCHEMA "wt.wtlat/2"

static const char doc[] =
"Usage: wtlat [OPTIONS] [INTERVAL [COUNT]]\n"
"Summarize write-through (RWF_WRITETHROUGH) latency per stage as histograms.\n"
"\n"
"  -T, --timestamp        print a timestamp with each interval\n"
"  -m, --milliseconds     histograms in milliseconds\n"
"  -u, --microseconds     histograms in microseconds (default)\n"
"  -N, --nanoseconds      histograms in nanoseconds\n"
"  -p, --pid PID          only this process\n"
"  -c, --cgroup PATH      only tasks in this cgroup (v2 directory)\n"
"  -d, --dev DEV          only this device (MAJ:MIN or /dev/NAME)\n"
"  -S, --stages LIST      stages to show, comma separated (default all):\n"
"                         total begin1 lock wbwait copy begin2 device complete\n"
"                         other\n"
"  -s, --summary          summaries only, no histogram rows\n"
"  -j, --json             newline-delimited JSON, schema " SCHEMA "\n"
"  -v, --verbose          libbpf logs; BPF cost per event\n"
"  -h, --help             this text\n"
"\n"
"Stages, which do not overlap: total = the whole call; begin1 = ->iomap_begin\n"
"call #1 (front end); lock = folio lookup and lock; wbwait = wait for\n"
"writeback already on a folio; copy = copy from user; begin2 = ->iomap_begin\n"
"call #2 (direct I/O back end); device = first bio of a batch sent until its\n"
"bios complete; complete = bios complete until ->end_io and folio writeback\n"
"end; other = the rest of total (inode lock, checks, sync...).\n"
"Writes that took the buffered fallback (reflink, COW, zoned) count apart,\n"
"with their total only; calls that returned EAGAIN are only counted.\n"
"\n"
"EXAMPLES:\n"
"    wtlat                 # histograms when Ctrl-C is hit\n"
"    wtlat 1 10            # ten 1-second intervals\n"
"    wtlat -m -T 5         # milliseconds, timestamps, every 5 seconds\n"
"    wtlat -p 1234 -S total,begin2   # one process, two stages\n"
"    wtlat -d 254:0 -j 1 3 > run.ndjson   # JSON lines for a device\n";

static volatile sig_atomic_t exiting;

static void on_sig(int sig)
{
	exiting = 1;
}

struct snapshot {
	struct wt_hist hist[WT_HIST_NR];
	__u64 cnt[WT_CNT_NR];
};

static int read_maps(struct wt_bpf *skel, struct snapshot *s, bool reset)
{
	int ncpu = libbpf_num_possible_cpus(), fd, c;
	__u32 k;
	struct wt_hist *h = calloc(ncpu, sizeof(*h));
	__u64 *v = calloc(ncpu, sizeof(*v));

	if (!h || !v)
		return -ENOMEM;
	memset(s, 0, sizeof(*s));
	fd = bpf_map__fd(skel->maps.hists);
	for (k = 0; k < WT_HIST_NR; k++) {
		if (bpf_map_lookup_elem(fd, &k, h))
			return -errno;
		for (c = 0; c < ncpu; c++)
			wt_hist_merge(&s->hist[k], &h[c]);
		if (reset) {
			memset(h, 0, ncpu * sizeof(*h));
			bpf_map_update_elem(fd, &k, h, BPF_ANY);
		}
	}
	fd = bpf_map__fd(skel->maps.counters);
	for (k = 0; k < WT_CNT_NR; k++) {
		if (bpf_map_lookup_elem(fd, &k, v))
			return -errno;
		for (c = 0; c < ncpu; c++)
			s->cnt[k] += v[c];
		if (reset) {
			memset(v, 0, ncpu * sizeof(*v));
			bpf_map_update_elem(fd, &k, v, BPF_ANY);
		}
	}
	free(h);
	free(v);
	return 0;
}

struct dbl {
	__u64 calls2, all, writes;
	double share, ns_per_write, frac_of_total;
};

static void double_begin(const struct snapshot *s, struct dbl *d)
{
	const struct wt_hist *b2 = &s->hist[WT_STAGE_BEGIN2], *tot = &s->hist[WT_STAGE_TOTAL];

	d->calls2 = s->cnt[WT_CNT_BEGIN2];
	d->all = s->cnt[WT_CNT_BEGIN_ALL];
	d->writes = s->cnt[WT_CNT_WRITES];
	d->share = d->all ? (double)d->calls2 / d->all : 0;
	d->ns_per_write = d->writes ? (double)b2->sum / d->writes : 0;
	d->frac_of_total = tot->sum ? (double)b2->sum / tot->sum : 0;
}

static void print_text(const struct snapshot *s, unsigned int stages, const struct wt_unit *u,
		       bool summary, const struct wt_bpf_cost *cost, bool verbose)
{
	struct dbl d;
	int st;

	double_begin(s, &d);
	printf("write-through writes %llu (errors %llu, %.1f KiB), folios %llu, dio submits %llu,"
	       " bios %llu\n",
	       (unsigned long long)s->cnt[WT_CNT_WRITES], (unsigned long long)s->cnt[WT_CNT_ERRORS],
	       s->cnt[WT_CNT_BYTES] / 1024.0, (unsigned long long)s->cnt[WT_CNT_FOLIOS],
	       (unsigned long long)s->cnt[WT_CNT_SUBMITS], (unsigned long long)s->cnt[WT_CNT_BIOS]);
	printf("fallback writes %llu (errors %llu, %.1f KiB), eagain %llu\n",
	       (unsigned long long)s->cnt[WT_CNT_FALLBACK],
	       (unsigned long long)s->cnt[WT_CNT_FB_ERRORS], s->cnt[WT_CNT_FB_BYTES] / 1024.0,
	       (unsigned long long)s->cnt[WT_CNT_EAGAIN]);
	printf("double ->iomap_begin: call #2 ran %llu times = %.1f%% of %llu iomap_begin calls;"
	       " adds %.2f us per write (%.1f%% of write time)\n",
	       (unsigned long long)d.calls2, 100 * d.share, (unsigned long long)d.all,
	       d.ns_per_write / 1e3, 100 * d.frac_of_total);
	for (st = 0; st < WT_STAGE_NR; st++) {
		char title[128];

		if (!(stages & (1u << st)))
			continue;
		snprintf(title, sizeof(title), "\n%s: %s", wt_stage_names[st], wt_stage_desc[st]);
		if (summary) {
			printf("%s\n", title + 1);
			wt_hist_print_summary(stdout, &s->hist[st], u);
		} else {
			wt_hist_print(stdout, &s->hist[st], title + 1, u);
		}
	}
	if (s->hist[WT_HIST_FALLBACK].count) {
		const char *title = "fallback: whole call of writes that took the buffered fallback";

		printf("\n");
		if (summary) {
			printf("%s\n", title);
			wt_hist_print_summary(stdout, &s->hist[WT_HIST_FALLBACK], u);
		} else {
			wt_hist_print(stdout, &s->hist[WT_HIST_FALLBACK], title, u);
		}
	}
	if (s->cnt[WT_CNT_ORPHANS])
		printf("\n%llu stage event(s) matched no write in flight\n",
		       (unsigned long long)s->cnt[WT_CNT_ORPHANS]);
	if (verbose && cost->enabled && cost->run_cnt)
		printf("\nBPF cost: %llu program runs, %.0f ns per event\n",
		       (unsigned long long)cost->run_cnt, (double)cost->run_time_ns / cost->run_cnt);
	fflush(stdout);
}

static void print_json(const struct snapshot *s, unsigned int stages, double interval,
		       const struct wt_bpf_cost *cost, const char *attach)
{
	struct wt_json j;
	struct timespec ts;
	struct dbl d;
	int st;

	clock_gettime(CLOCK_REALTIME, &ts);
	double_begin(s, &d);
	wt_json_record(&j, stdout, SCHEMA, "interval");
	wt_json_dbl(&j, "time", ts.tv_sec + ts.tv_nsec / 1e9);
	wt_json_dbl(&j, "interval_s", interval);
	wt_json_obj_begin(&j, "counters");
	wt_json_u64(&j, "writes", s->cnt[WT_CNT_WRITES]);
	wt_json_u64(&j, "errors", s->cnt[WT_CNT_ERRORS]);
	wt_json_u64(&j, "bytes", s->cnt[WT_CNT_BYTES]);
	wt_json_u64(&j, "fallback", s->cnt[WT_CNT_FALLBACK]);
	wt_json_u64(&j, "fallback_errors", s->cnt[WT_CNT_FB_ERRORS]);
	wt_json_u64(&j, "fallback_bytes", s->cnt[WT_CNT_FB_BYTES]);
	wt_json_u64(&j, "eagain", s->cnt[WT_CNT_EAGAIN]);
	wt_json_u64(&j, "folios", s->cnt[WT_CNT_FOLIOS]);
	wt_json_u64(&j, "dio_submits", s->cnt[WT_CNT_SUBMITS]);
	wt_json_u64(&j, "bios", s->cnt[WT_CNT_BIOS]);
	wt_json_u64(&j, "iomap_begin_calls", s->cnt[WT_CNT_BEGIN_ALL]);
	wt_json_u64(&j, "iomap_begin_1", s->cnt[WT_CNT_BEGIN1]);
	wt_json_u64(&j, "iomap_begin_2", s->cnt[WT_CNT_BEGIN2]);
	wt_json_u64(&j, "orphan_events", s->cnt[WT_CNT_ORPHANS]);
	wt_json_obj_end(&j);
	wt_json_obj_begin(&j, "double_iomap_begin");
	wt_json_u64(&j, "calls", d.calls2);
	wt_json_dbl(&j, "share_of_all_calls", d.share);
	wt_json_dbl(&j, "ns_per_write", d.ns_per_write);
	wt_json_dbl(&j, "share_of_write_time", d.frac_of_total);
	wt_json_obj_end(&j);
	wt_json_obj_begin(&j, "stages");
	for (st = 0; st < WT_STAGE_NR; st++) {
		if (!(stages & (1u << st)))
			continue;
		wt_json_obj_begin(&j, wt_stage_names[st]);
		wt_hist_json(&j, &s->hist[st]);
		wt_json_obj_end(&j);
	}
	wt_json_obj_end(&j);
	wt_json_obj_begin(&j, "fallback_total");
	wt_hist_json(&j, &s->hist[WT_HIST_FALLBACK]);
	wt_json_obj_end(&j);
	wt_json_obj_begin(&j, "bpf");
	wt_json_str(&j, "attach", attach);
	wt_json_bool(&j, "stats_enabled", cost->enabled);
	wt_json_u64(&j, "run_cnt", cost->run_cnt);
	wt_json_u64(&j, "run_time_ns", cost->run_time_ns);
	wt_json_dbl(&j, "ns_per_event", cost->run_cnt ? (double)cost->run_time_ns / cost->run_cnt : 0);
	wt_json_dbl(&j, "quantile_error_bound", wt_hist_error_bound());
	wt_json_obj_end(&j);
	wt_json_obj_end(&j);
	wt_json_line_end(&j);
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "timestamp", no_argument, NULL, 'T' },
		{ "milliseconds", no_argument, NULL, 'm' },
		{ "microseconds", no_argument, NULL, 'u' },
		{ "nanoseconds", no_argument, NULL, 'N' },
		{ "pid", required_argument, NULL, 'p' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "dev", required_argument, NULL, 'd' },
		{ "stages", required_argument, NULL, 'S' },
		{ "summary", no_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct wt_opts o = { .tool = "wtlat", .hists = true };
	const struct wt_unit *unit = &wt_unit_us;
	unsigned int stages = (1u << WT_STAGE_NR) - 1;
	bool timestamp = false, json = false, summary = false;
	uint64_t interval = 0, count = 0, n;
	struct wt_bpf *skel;
	const char *attach;
	struct snapshot s;
	struct wt_bpf_cost cost;
	time_t t0 = time(NULL);
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "TmuNS:sjh" WT_COMMON_OPTSTRING, lopts, NULL)) != -1) {
		switch (c) {
		case 'T': timestamp = true; break;
		case 'm': unit = &wt_unit_ms; break;
		case 'u': unit = &wt_unit_us; break;
		case 'N': unit = &wt_unit_ns; break;
		case 'S':
			if (wt_parse_stages(optarg, &stages)) {
				fprintf(stderr, "wtlat: invalid stage list '%s' (see --help)\n", optarg);
				return WT_EXIT_USAGE;
			}
			break;
		case 's': summary = true; break;
		case 'j': json = true; break;
		case 'h': fputs(doc, stdout); return 0;
		default:
			if (wt_common_opt(c, optarg, &o, optopt, argv[optind - 1]))
				return WT_EXIT_USAGE;
			break;
		}
	}
	if (optind < argc) {
		if (wt_parse_uint(argv[optind], 1, 86400, &interval)) {
			fprintf(stderr, "wtlat: invalid interval '%s'\n", argv[optind]);
			return WT_EXIT_USAGE;
		}
		optind++;
	}
	if (optind < argc) {
		if (wt_parse_uint(argv[optind], 1, UINT32_MAX, &count)) {
			fprintf(stderr, "wtlat: invalid count '%s'\n", argv[optind]);
			return WT_EXIT_USAGE;
		}
		optind++;
	}
	if (optind < argc) {
		fprintf(stderr, "wtlat: unexpected argument '%s' (see --help)\n", argv[optind]);
		return WT_EXIT_USAGE;
	}

	rc = wt_bpf_start(&o, &skel, &attach);
	if (rc)
		return rc;
	signal(SIGINT, on_sig);
	signal(SIGTERM, on_sig);
	if (json) {
		struct wt_json j;

		/* tells a consumer that tracing has started */
		wt_json_record(&j, stdout, SCHEMA, "start");
		wt_json_str(&j, "attach", attach);
		wt_json_u64(&j, "interval_s", interval);
		wt_json_obj_end(&j);
		wt_json_line_end(&j);
	} else {
		printf("Tracing write-through writes (%s)... Hit Ctrl-C to end.\n", attach);
		fflush(stdout);
	}
	for (n = 0; !exiting; ) {
		time_t start = time(NULL);

		if (interval) {
			while (!exiting && (uint64_t)(time(NULL) - start) < interval)
				usleep(50000);
		} else {
			while (!exiting)
				pause();
		}
		if (read_maps(skel, &s, interval != 0)) {
			fprintf(stderr, "wtlat: cannot read the BPF maps: %s\n", strerror(errno));
			wt_bpf_stop(skel);
			return WT_EXIT_ERROR;
		}
		wt_bpf_cost(skel, &cost);
		if (json) {
			print_json(&s, stages, interval ? (double)interval : (double)(time(NULL) - t0),
				   &cost, attach);
		} else {
			if (timestamp) {
				char buf[32];
				time_t now = time(NULL);

				strftime(buf, sizeof(buf), "%H:%M:%S", localtime(&now));
				printf("\n%s\n", buf);
			} else {
				printf("\n");
			}
			print_text(&s, stages, unit, summary, &cost, o.verbose);
		}
		if (!interval || (count && ++n >= count))
			break;
	}
	wt_bpf_stop(skel);
	return 0;
}
