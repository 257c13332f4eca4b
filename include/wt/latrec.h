/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wtlat's NDJSON records, schema WT_LAT_SCHEMA, for -j (stdout) and
 * --record FILE alike: start (what makes two runs comparable), one
 * interval per report (the counters and histograms of that interval
 * only), end.  docs/tools.md is the contract for every field.
 */
#ifndef WT_LATREC_H
#define WT_LATREC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "wt/snapshot.h"

#define WT_LAT_SCHEMA	"wt.wtlat/5"
#define WT_TOOLS_VERSION "5.0"

struct wt_lat_run {
	const char *tool;		/* "wtlat" */
	const char *attach;		/* "tp_btf" or "raw_tp" */
	const char *btf;		/* --btf PATH, or NULL */
	uint32_t pid;			/* -p, 0: every process */
	const char *cgroup;		/* -c, or NULL */
	uint32_t dev;			/* -d, 0: every device */
	uint64_t interval_ns;		/* 0: one report, at the end */
	uint64_t count;			/* 0: no limit */
	bool bpf_stats;			/* -v: run-time statistics on */
	const char *tag;		/* --tag, or NULL */
	const char *series_head;	/* $WT_SERIES_HEAD, or NULL */
};

/* start: stages is the bitmask of stages this stream's intervals hold. */
void wt_lat_start(FILE *f, const struct wt_lat_run *r, unsigned int stages,
		  uint64_t mono_ns, uint64_t real_ns);

/* interval number seq (from 1), from mono_start to iv->mono_ns. */
void wt_lat_interval(FILE *f, const struct wt_lat_run *r, unsigned int stages, uint64_t seq,
		     uint64_t mono_start, const struct wt_snap *iv, uint64_t real_ns);

/* end: why ("count", "signal", "error"), the run's totals. */
void wt_lat_end(FILE *f, const char *reason, int exit_code, uint64_t intervals,
		uint64_t mono_start, const struct wt_snap *tot, uint64_t real_ns);

/* The command of launch mode (TOOL -- CMD), for the end record. */
struct wt_lat_cmd {
	const char *name;	/* argv[0] */
	uint32_t pid;
	bool exited;		/* reaped: status holds its wait status */
	int status;
};

/*
 * end, with the command's fields when cmd is not NULL: cmd, cmd_pid,
 * cmd_exit (its exit code, or null if a signal ended it) and cmd_signal
 * (the signal number, or null).
 */
void wt_lat_end_cmd(FILE *f, const char *reason, int exit_code, uint64_t intervals,
		    uint64_t mono_start, const struct wt_snap *tot, uint64_t real_ns,
		    const struct wt_lat_cmd *cmd);

/* The command's fields into an open JSON object (for wtsnoop's summary too). */
struct wt_json;
void wt_lat_cmd_json(struct wt_json *j, const struct wt_lat_cmd *cmd);

/* One line: "command NAME (pid N) exited with status S" or "... killed by signal". */
void wt_lat_cmd_text(FILE *f, const struct wt_lat_cmd *cmd);

/*
 * Asynchronous writes that returned -EIOCBQUEUED but whose completion was
 * not seen (still in flight, or their state was lost): async_queued minus
 * async_writes of a whole run, at least 0.
 */
uint64_t wt_lat_async_unfinished(const struct wt_snap *tot);

/*
 * Atomic writes that sent no I/O (failed before it): atomic_writes minus
 * atomic_hw and atomic_sw, at least 0.
 */
uint64_t wt_lat_atomic_noio(const struct wt_snap *s);

/* BPF run time per traced call (writes, fallback and EAGAIN ones); -1 unknown. */
double wt_lat_ns_per_write(const struct wt_snap *iv, bool stats_on);

/* "model name" of /proc/cpuinfo into buf; 0, or -1 if there is none. */
int wt_cpu_model(char *buf, size_t len);

#endif
