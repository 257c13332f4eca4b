/* SPDX-License-Identifier: GPL-2.0 */
/* Loading and attaching bpf/wt.bpf.c, shared by wtlat and wtsnoop. */
#ifndef WT_WTBPF_H
#define WT_WTBPF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "wt/dev.h"
#include "wt/snapshot.h"

struct wt_bpf;

/* Exit codes shared by the tools. */
#define WT_EXIT_OK		0
#define WT_EXIT_ERROR		1
#define WT_EXIT_USAGE		2
#define WT_EXIT_NO_TRACEPOINTS	3	/* kernel without the series' tracepoints */
#define WT_EXIT_PERM		4	/* not root / BPF not allowed */
#define WT_EXIT_NO_BTF		5	/* no kernel BTF and no --btf */

struct wt_opts {
	const char *tool;	/* for messages */
	const char *schema;	/* of the JSON error record */
	bool json;		/* -j: failures also as a JSON error record on stdout */
	FILE *record;		/* wtlat --record: gets the JSON error record too */
	uint32_t tgid;		/* -p */
	const char *cgroup;	/* -c: cgroup v2 directory */
	uint32_t dev;		/* -d: kernel dev_t, 0 for all */
	const char *btf_path;	/* --btf: vmlinux BTF for CO-RE */
	bool verbose;		/* -v: libbpf logs, BPF run-time statistics */
	bool events;		/* feed the ring buffer (wtsnoop) */
	bool hists;		/* fill the histograms (wtlat) */
	uint64_t min_total_ns;	/* wtsnoop --min-us */
	uint32_t ringbuf_bytes;	/* 0: default */
	bool file_names;	/* wtsnoop: the file name in each event */
	unsigned int bk_kinds;	/* wtlat -P/-F/-D: 1 << enum wt_bk_kind */
	bool all_async;		/* tests: take every write as aio (fake kiocbs) */
	bool all_atomic;	/* tests: take every write as RWF_ATOMIC (fake kiocbs) */
	uint32_t tps;		/* the per-stage events to attach to (bits of enum wt_tp),
				 * 0: all; the kernel's one event per write replaces them
				 * where it has it (and wt_traced says so) */
	bool stage_events;	/* --stage-events: the per-stage events even then */
};

/*
 * Report a failure: one line "<tool>: MESSAGE" on stderr and, under -j, a
 * record {"schema":..,"type":"error","exit":CODE,"message":..} on stdout,
 * and in o->record if set.  Returns code.
 */
int wt_fail(const struct wt_opts *o, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Check BTF and the tracepoints, open, load and attach.  On failure reports
 * it (wt_fail) and returns a WT_EXIT_* code; *skel is NULL then.
 * *attach_mode gets "tp_btf" or "raw_tp".  With o->verbose the kernel's BPF
 * run-time statistics are switched on until wt_bpf_stop(), else never.
 * The environment variable WT_NO_TP_CHECK=1 skips the tracepoint check
 * (tests use it to reach the attach step on a kernel without them).
 */
int wt_bpf_start(const struct wt_opts *o, struct wt_bpf **skel, const char **attach_mode);
void wt_bpf_stop(struct wt_bpf *skel);

/*
 * Open and load, without attaching: the programs of one attach mode
 * (use_btf: tp_btf, else raw_tp).  For wt_bpf_start() and for tests that
 * run the programs with BPF_PROG_TEST_RUN.  Returns 0 or -errno.
 */
int wt_bpf_load(const struct wt_opts *o, bool use_btf, struct wt_bpf **skel);

/* The kernel's BPF run-time statistics are on (only with -v). */
bool wt_bpf_stats_on(void);

/* Run counts, run time and recursion misses of the loaded programs, summed. */
void wt_bpf_prog_stats(struct wt_bpf *skel, struct wt_prog_stats *p);

/*
 * Read the counters and histograms (one consistent copy, see snapshot.h)
 * and the programs' figures, stamp it with CLOCK_MONOTONIC, then move the
 * min/max epoch on.  Returns 0 or -errno.
 */
int wt_bpf_snapshot(struct wt_bpf *skel, struct wt_snap *s);

/*
 * The options both tools take (-p PID, -c CGROUP, -d DEV, -v, --btf PATH),
 * and the error for anything getopt did not know: called from the default
 * branch of the option switch.  Returns 0 if handled, -1 after reporting
 * it with wt_fail() (exit with WT_EXIT_USAGE then).
 */
int wt_common_opt(int c, const char *arg, struct wt_opts *o, int bad_opt,
		  const char *bad_arg);
#define WT_COMMON_OPTSTRING "p:c:d:v"
#define WT_OPT_BTF 0x100	/* --btf PATH, long option only */
#define WT_OPT_STAGE_EVENTS 0x101	/* --stage-events, long option only */

/*
 * The breakdown map's entries (wtlat -P/-F/-D), unsorted, into a malloc'ed
 * array *out of *n; *overflow: keys that found the map full.  0 or -errno.
 */
struct wt_bk_entry;
int wt_bpf_bk_read(struct wt_bpf *skel, struct wt_bk_entry **out, size_t *n,
		   uint64_t *overflow);

/* Names of the tracepoints the tools need (NULL-terminated). */
extern const char *const wt_tracepoints[];

#endif
