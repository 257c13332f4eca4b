/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wtbench: the write styles, engines, thread counts and the tools' cost
 * side by side, measured inside one boot with interleaved repetitions.
 * A cell is one workload (mode, size, pattern, engine, QD, threads, file
 * layout, tool attached); the matrix is the list of cells, grouped into
 * sections; every repetition runs every cell once, in matrix order.
 */
#ifndef WT_BENCH_H
#define WT_BENCH_H

#include <stdint.h>
#include <stdio.h>

#include "wt/load.h"

#define BENCH_SCHEMA	"wt.wtbench/1"
#define BENCH_MAX_REPS	20
#define BENCH_MAX_CELLS	2048
#define BENCH_MAX_VALS	16	/* entries of a --modes/--sizes/... list */

enum bench_section { BS_SIZE, BS_PATTERN, BS_QD, BS_THREADS, BS_TOOLS, BS_NR };
/* sequential overwrite, random overwrite, append (extending the file) */
enum bench_pattern { BP_SEQ, BP_RAND, BP_APPEND, BP_NR };
enum bench_tool { BT_NONE, BT_WTLAT, BT_WTSNOOP, BT_NR };
enum bench_status { CS_PENDING, CS_OK, CS_NA, CS_ERROR, CS_NR };
/* the figures of one run, and of a cell */
enum bench_metric { BM_LAT_P50, BM_LAT_AVG, BM_LAT_P99, BM_MIBPS, BM_IOPS, BM_NR };

extern const char *const bench_section_names[BS_NR];
extern const char *const bench_pattern_names[BP_NR];
extern const char *const bench_tool_names[BT_NR];
extern const char *const bench_status_names[CS_NR];
extern const char *const bench_metric_names[BM_NR];

struct bench_run {
	double v[BM_NR];
	uint64_t writes;
	double secs;
};

struct bench_summary {
	unsigned int n;
	double median, min, max, q1, q3;
};

struct bench_cell {
	enum bench_section sec;
	enum load_mode mode;
	enum bench_pattern pattern;
	enum load_engine engine;
	unsigned int qd, threads;
	int sep_files;		/* threads write a file each */
	enum bench_tool tool;
	uint64_t size, count;
	/* results */
	enum bench_status status;
	char err[32];		/* errno name of a cell that could not run */
	char msg[256];
	unsigned int nruns;
	struct bench_run runs[BENCH_MAX_REPS];
	struct bench_summary sum[BM_NR];
	double vs_direct, vs_fdatasync, vs_untraced;	/* NAN when not applicable */
};

struct bench_matrix {
	struct bench_cell *cells;
	unsigned int n;
	unsigned int reps;
};

struct bench_kernel {
	char release[128];
	char version[512];	/* /proc/version */
	char series[128];	/* WT_SERIES_HEAD, if set */
};

/* stats.c */
double bench_quantile(const double *v, unsigned int n, double q);	/* sorts v */
double bench_median(const double *v, unsigned int n);			/* sorts v */
void bench_summarize(const double *v, unsigned int n, struct bench_summary *s);
double bench_ratio(double a, double b);
/* The metric a section's ratios are taken on, and whether lower is better. */
enum bench_metric bench_section_metric(enum bench_section s);
/* Summaries of every cell from its runs, then the ratios between cells. */
void bench_compute(struct bench_matrix *m);

/* matrix.c */
struct bench_sel {
	int sections[BS_NR];	/* 1 = run that section */
	int modes[LM_NR];
	int patterns[BP_NR];
	int engines[LE_NR];
	uint64_t sizes[BENCH_MAX_VALS];
	unsigned int nsizes;
	unsigned int threads[BENCH_MAX_VALS], nthreads;
	unsigned int qds[BENCH_MAX_VALS], nqds;
	unsigned int reps;
	uint64_t count;		/* writes per cell; 0: from the size */
	uint64_t bytes;		/* bytes per cell when count is 0 ... */
	uint64_t min_count, max_count;	/* ... within these counts */
};
enum bench_preset { BPRESET_DEFAULT, BPRESET_QUICK, BPRESET_FULL };
void bench_sel_preset(struct bench_sel *s, enum bench_preset p);
/* Parse a comma-separated list option into s; 0 or -1 with a message in err. */
int bench_sel_parse(struct bench_sel *s, const char *opt, const char *list, char *err,
		    size_t errlen);
int bench_matrix_build(const struct bench_sel *s, struct bench_matrix *m);
void bench_matrix_free(struct bench_matrix *m);
/* "4k", "256k", "1m" */
const char *bench_size_str(uint64_t size, char *buf, size_t len);
/* Cells that equal c but for the mode (and tool): the reference rows. */
const struct bench_cell *bench_find_ref(const struct bench_matrix *m, const struct bench_cell *c,
					enum load_mode mode, enum bench_tool tool);

/* runner.c */
struct bench_env {
	const char *dir;	/* where the files go */
	const char *tooldir;	/* where wtlat and wtsnoop are */
	const char *outdir;	/* tool outputs, or NULL */
	int verbose;
	FILE *progress;		/* one line per run, or NULL */
};
int bench_run_matrix(struct bench_matrix *m, const struct bench_env *e);

/* toolctl.c */
struct bench_toolproc {
	int pid;
	char out[512];		/* its output file */
};
/* Start TOOL and wait until it has attached; 0, or -1 with a reason in msg. */
int bench_tool_start(enum bench_tool t, const struct bench_env *e, unsigned int rep,
		     struct bench_toolproc *p, char *msg, size_t len);
/* SIGINT, wait (SIGKILL after 60 s); 0 when it exited 0. */
int bench_tool_stop(struct bench_toolproc *p, char *msg, size_t len);

/* ident.c */
void bench_kernel_ident(struct bench_kernel *k);

/* table.c */
void bench_table(FILE *f, const struct bench_matrix *m);

/* ndjson.c */
void bench_ndjson_start(FILE *f, const struct bench_matrix *m, const struct bench_kernel *k);
void bench_ndjson_cell(FILE *f, const struct bench_cell *c, const struct bench_kernel *k);
void bench_ndjson_end(FILE *f, const struct bench_matrix *m, double secs);
/* Read the cell records of wtbench -j output back (--from); 0 or -1 with a message. */
int bench_ndjson_read(const char *path, struct bench_matrix *m, struct bench_kernel *k,
		      char *err, size_t errlen);

/* plot.c */
/* Data and gnuplot scripts per section into dir; runs gnuplot if it is there. */
int bench_plot(const struct bench_matrix *m, const struct bench_kernel *k, const char *dir,
	       FILE *log);

#endif
