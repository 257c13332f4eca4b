/* SPDX-License-Identifier: GPL-2.0 */
/* Loading and attaching bpf/wt.bpf.c, shared by wtlat and wtsnoop. */
#ifndef WT_WTBPF_H
#define WT_WTBPF_H

#include <stdbool.h>
#include <stdint.h>

struct wt_bpf;

/* Exit codes shared by the tools. */
#define WT_EXIT_OK		0
#define WT_EXIT_ERROR		1
#define WT_EXIT_USAGE		2
#define WT_EXIT_NO_TRACEPOINTS	3	/* kernel without the series' tracepoints */
#define WT_EXIT_PERM		4	/* not root / BPF not allowed */

struct wt_opts {
	const char *tool;	/* for messages */
	uint32_t tgid;		/* -p */
	const char *cgroup;	/* -c: cgroup v2 directory */
	uint32_t dev;		/* -d: kernel dev_t, 0 for all */
	bool verbose;		/* -v */
	bool events;		/* feed the ring buffer (wtsnoop) */
	bool hists;		/* fill the histograms (wtlat) */
	uint64_t min_total_ns;	/* wtsnoop --min-us */
	uint32_t ringbuf_bytes;	/* 0: default */
};

/* Per-program cost from the kernel's BPF stats (-v, JSON). */
struct wt_bpf_cost {
	uint64_t run_cnt;
	uint64_t run_time_ns;
	bool enabled;		/* kernel.bpf_stats_enabled could be turned on */
};

/*
 * Check the tracepoints, open, load and attach.  On failure prints one line
 * ("<tool>: ...") and returns a WT_EXIT_* code; *skel is NULL then.
 * *attach_mode gets "tp_btf" or "raw_tp".
 */
int wt_bpf_start(const struct wt_opts *o, struct wt_bpf **skel, const char **attach_mode);
void wt_bpf_stop(struct wt_bpf *skel);

/* Sum of run counts and times of the attached programs. */
void wt_bpf_cost(struct wt_bpf *skel, struct wt_bpf_cost *c);

/* "MAJ:MIN" or a block device path -> the kernel's dev_t (major << 20 | minor). */
int wt_parse_dev(const char *s, uint32_t *dev);
/* Kernel dev_t -> "maj:min" */
void wt_format_dev(uint32_t dev, char *buf, size_t len);

/*
 * The options both tools take (-p PID, -c CGROUP, -d DEV, -v), and the
 * error for anything getopt did not know: called from the default branch
 * of the option switch.  Returns 0 if handled, -1 after printing one line
 * "<tool>: invalid ..." (exit with WT_EXIT_USAGE then).
 */
int wt_common_opt(int c, const char *arg, struct wt_opts *o, int bad_opt,
		  const char *bad_arg);
#define WT_COMMON_OPTSTRING "p:c:d:v"

/* Names of the tracepoints the tools need (NULL-terminated). */
extern const char *const wt_tracepoints[];

#endif
