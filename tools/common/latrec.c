// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wt/dev.h"
#include "wt/hist.h"
#include "wt/json.h"
#include "wt/latrec.h"
#include "wt/stages.h"
#include "wt_version.h"

int wt_cpu_model(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512], *colon, *end;
	int rc = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "model name", 10))
			continue;
		colon = strchr(line, ':');
		if (!colon)
			break;
		colon++;
		while (*colon == ' ' || *colon == '\t')
			colon++;
		end = colon + strlen(colon);
		while (end > colon && (end[-1] == '\n' || end[-1] == ' '))
			*--end = 0;
		snprintf(buf, len, "%s", colon);
		rc = 0;
		break;
	}
	fclose(f);
	return rc;
}

static void stage_list(struct wt_json *j, const char *key, unsigned int stages)
{
	int s;

	wt_json_arr_begin(j, key);
	for (s = 0; s < WT_STAGE_NR; s++)
		if (stages & (1u << s))
			wt_json_str(j, NULL, wt_stage_names[s]);
	wt_json_arr_end(j);
}

void wt_lat_start(FILE *f, const struct wt_lat_run *r, unsigned int stages,
		  uint64_t mono_ns, uint64_t real_ns)
{
	struct utsname u;
	struct wt_json j;
	char model[256], dev[24];
	long n;

	if (uname(&u))
		memset(&u, 0, sizeof(u));
	wt_json_record(&j, f, WT_LAT_SCHEMA, "start");
	wt_json_str(&j, "tool", r->tool);
	wt_json_str(&j, "version", WT_TOOLS_VERSION);
	wt_json_str(&j, "git", WT_GIT_REV);
	wt_json_obj_begin(&j, "kernel");
	wt_json_str(&j, "release", u.release);
	wt_json_str(&j, "version", u.version);
	wt_json_str(&j, "machine", u.machine);
	wt_json_obj_end(&j);
	wt_json_str_or_null(&j, "series_head", r->series_head);
	wt_json_str_or_null(&j, "tag", r->tag);
	wt_json_obj_begin(&j, "cpus");
	n = sysconf(_SC_NPROCESSORS_ONLN);
	wt_json_i64(&j, "online", n > 0 ? n : 0);
	n = sysconf(_SC_NPROCESSORS_CONF);
	wt_json_i64(&j, "configured", n > 0 ? n : 0);
	wt_json_str_or_null(&j, "model", wt_cpu_model(model, sizeof(model)) ? NULL : model);
	wt_json_obj_end(&j);
	wt_json_obj_begin(&j, "clock");
	wt_json_u64(&j, "monotonic_ns", mono_ns);
	wt_json_u64(&j, "realtime_ns", real_ns);
	wt_json_obj_end(&j);
	wt_json_obj_begin(&j, "options");
	if (r->pid)
		wt_json_u64(&j, "pid", r->pid);
	else
		wt_json_null(&j, "pid");
	wt_json_str_or_null(&j, "cgroup", r->cgroup);
	if (r->dev) {
		wt_format_dev(r->dev, dev, sizeof(dev));
		wt_json_str(&j, "dev", dev);
	} else {
		wt_json_null(&j, "dev");
	}
	stage_list(&j, "stages", stages);
	wt_json_dbl(&j, "interval_s", r->interval_ns / 1e9);
	wt_json_u64(&j, "count", r->count);
	wt_json_str_or_null(&j, "btf", r->btf);
	wt_json_bool(&j, "bpf_stats", r->bpf_stats);
	/* the two ways of timing a write differ in cost: runs compare within one */
	wt_json_str(&j, "events", wt_events_name());
	wt_json_obj_end(&j);
	wt_json_obj_begin(&j, "histogram");
	wt_json_str(&j, "unit", "ns");
	wt_json_u64(&j, "sub_bits", WT_SUB_BITS);
	wt_json_u64(&j, "buckets", WT_BUCKET_NR);
	wt_json_dbl(&j, "quantile_error_bound", wt_hist_error_bound());
	wt_json_obj_end(&j);
	wt_json_str(&j, "attach", r->attach);
	wt_json_dbl(&j, "interval_s", r->interval_ns / 1e9);
	wt_json_obj_end(&j);
	wt_json_line_end(&j);
}

static uint64_t calls(const struct wt_snap *s)
{
	return s->cnt[WT_CNT_WRITES] + s->cnt[WT_CNT_FALLBACK] + s->cnt[WT_CNT_EAGAIN];
}

uint64_t wt_lat_async_unfinished(const struct wt_snap *tot)
{
	uint64_t q = tot->cnt[WT_CNT_QUEUED], a = tot->cnt[WT_CNT_ASYNC];

	return q > a ? q - a : 0;
}

uint64_t wt_lat_atomic_noio(const struct wt_snap *s)
{
	uint64_t a = s->cnt[WT_CNT_ATOMIC];
	uint64_t p = s->cnt[WT_CNT_ATOMIC_HW] + s->cnt[WT_CNT_ATOMIC_SW];

	return a > p ? a - p : 0;
}

double wt_lat_ns_per_write(const struct wt_snap *iv, bool stats_on)
{
	if (!stats_on || !calls(iv))
		return -1;
	return (double)iv->prog.run_time_ns / calls(iv);
}

static void counters(struct wt_json *j, const struct wt_snap *s)
{
	int k;

	/* a counter whose events are not attached (wtlat -S) is left out */
	wt_json_obj_begin(j, "counters");
	for (k = 0; k < WT_CNT_NR; k++)
		if (wt_counted(k))
			wt_json_u64(j, wt_counter_names[k], s->cnt[k]);
	wt_json_u64(j, "recursion_misses", s->prog.recursion_misses);
	wt_json_obj_end(j);
}

void wt_lat_interval(FILE *f, const struct wt_lat_run *r, unsigned int stages, uint64_t seq,
		     uint64_t mono_start, const struct wt_snap *iv, uint64_t real_ns)
{
	const struct wt_hist *b2 = &iv->hist[WT_STAGE_BEGIN2], *tot = &iv->hist[WT_STAGE_TOTAL];
	uint64_t writes = iv->cnt[WT_CNT_WRITES], all = iv->cnt[WT_CNT_BEGIN_ALL];
	double npw = wt_lat_ns_per_write(iv, r->bpf_stats);
	struct wt_json j;
	int s;

	wt_json_record(&j, f, WT_LAT_SCHEMA, "interval");
	wt_json_u64(&j, "seq", seq);
	wt_json_dbl(&j, "time", real_ns / 1e9);
	wt_json_u64(&j, "mono_start_ns", mono_start);
	wt_json_u64(&j, "mono_end_ns", iv->mono_ns);
	wt_json_dbl(&j, "interval_s", (iv->mono_ns - mono_start) / 1e9);
	wt_json_dbl(&j, "interval_requested_s", r->interval_ns / 1e9);
	counters(&j, iv);
	if (wt_traced.stages & (1u << WT_STAGE_BEGIN2)) {
		wt_json_obj_begin(&j, "double_iomap_begin");
		wt_json_u64(&j, "calls", iv->cnt[WT_CNT_BEGIN2]);
		wt_json_dbl(&j, "share_of_all_calls",
			    all ? (double)iv->cnt[WT_CNT_BEGIN2] / all : 0);
		wt_json_dbl(&j, "ns_per_write", writes ? (double)b2->sum / writes : 0);
		wt_json_dbl(&j, "share_of_write_time", tot->sum ? (double)b2->sum / tot->sum : 0);
		wt_json_obj_end(&j);
	}
	wt_json_obj_begin(&j, "stages");
	for (s = 0; s < WT_STAGE_NR; s++) {
		if (!(stages & (1u << s)))
			continue;
		wt_json_obj_begin(&j, wt_stage_names[s]);
		wt_hist_json(&j, &iv->hist[s]);
		wt_json_obj_end(&j);
	}
	wt_json_obj_end(&j);
	wt_json_obj_begin(&j, "fallback_total");
	wt_hist_json(&j, &iv->hist[WT_HIST_FALLBACK]);
	wt_json_obj_end(&j);
	wt_json_obj_begin(&j, "async_submit");
	wt_hist_json(&j, &iv->hist[WT_HIST_SUBMIT]);
	wt_json_obj_end(&j);
	wt_json_obj_begin(&j, "bpf");
	wt_json_str(&j, "attach", r->attach);
	wt_json_bool(&j, "stats_enabled", r->bpf_stats);
	wt_json_u64(&j, "run_cnt", iv->prog.run_cnt);
	wt_json_u64(&j, "run_time_ns", r->bpf_stats ? iv->prog.run_time_ns : 0);
	if (npw >= 0)
		wt_json_dbl(&j, "ns_per_write", npw);
	else
		wt_json_null(&j, "ns_per_write");
	wt_json_u64(&j, "recursion_misses", iv->prog.recursion_misses);
	wt_json_u64(&j, "read_retries", iv->retries);
	wt_json_bool(&j, "read_torn", iv->torn);
	wt_json_dbl(&j, "quantile_error_bound", wt_hist_error_bound());
	wt_json_obj_end(&j);
	wt_json_obj_end(&j);
	wt_json_line_end(&j);
}

void wt_lat_cmd_json(struct wt_json *j, const struct wt_lat_cmd *cmd)
{
	wt_json_str(j, "cmd", cmd->name);
	wt_json_u64(j, "cmd_pid", cmd->pid);
	if (cmd->exited && WIFEXITED(cmd->status))
		wt_json_i64(j, "cmd_exit", WEXITSTATUS(cmd->status));
	else
		wt_json_null(j, "cmd_exit");
	if (cmd->exited && WIFSIGNALED(cmd->status))
		wt_json_i64(j, "cmd_signal", WTERMSIG(cmd->status));
	else
		wt_json_null(j, "cmd_signal");
}

void wt_lat_cmd_text(FILE *f, const struct wt_lat_cmd *cmd)
{
	if (!cmd->exited)
		fprintf(f, "command %s (pid %u) still running\n", cmd->name, cmd->pid);
	else if (WIFSIGNALED(cmd->status))
		fprintf(f, "command %s (pid %u) killed by signal %d (%s)\n", cmd->name, cmd->pid,
			WTERMSIG(cmd->status), strsignal(WTERMSIG(cmd->status)));
	else
		fprintf(f, "command %s (pid %u) exited with status %d\n", cmd->name, cmd->pid,
			WEXITSTATUS(cmd->status));
}

void wt_lat_end(FILE *f, const char *reason, int exit_code, uint64_t intervals,
		uint64_t mono_start, const struct wt_snap *tot, uint64_t real_ns)
{
	wt_lat_end_cmd(f, reason, exit_code, intervals, mono_start, tot, real_ns, NULL);
}

void wt_lat_end_cmd(FILE *f, const char *reason, int exit_code, uint64_t intervals,
		    uint64_t mono_start, const struct wt_snap *tot, uint64_t real_ns,
		    const struct wt_lat_cmd *cmd)
{
	struct wt_json j;

	wt_json_record(&j, f, WT_LAT_SCHEMA, "end");
	wt_json_str(&j, "reason", reason);
	wt_json_i64(&j, "exit", exit_code);
	wt_json_u64(&j, "intervals", intervals);
	wt_json_u64(&j, "mono_ns", tot->mono_ns);
	wt_json_u64(&j, "realtime_ns", real_ns);
	wt_json_dbl(&j, "seconds", tot->mono_ns > mono_start ? (tot->mono_ns - mono_start) / 1e9 : 0);
	counters(&j, tot);
	wt_json_u64(&j, "async_unfinished", wt_lat_async_unfinished(tot));
	if (cmd)
		wt_lat_cmd_json(&j, cmd);
	wt_json_obj_end(&j);
	wt_json_line_end(&j);
}
