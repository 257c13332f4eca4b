/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The write workload shared by wtload and wtbench (tools/load/): write
 * styles, offset patterns, seeded data, and the engines that issue the
 * writes (pwritev2, aio, io_uring) from one or more threads.
 */
#ifndef WT_LOAD_H
#define WT_LOAD_H

#include <pthread.h>
#include <stdint.h>

#ifndef RWF_DONTCACHE
/* uncached buffered I/O (Linux 6.14): drop the folios after writeback */
#define RWF_DONTCACHE 0x00000080
#endif

enum load_mode {
	LM_WT,		/* RWF_WRITETHROUGH */
	LM_WTDSYNC,	/* RWF_WRITETHROUGH | RWF_DSYNC */
	LM_BUFFERED,
	LM_FDATASYNC,	/* buffered, fdatasync after every write */
	LM_DSYNC,	/* buffered on an O_DSYNC descriptor */
	LM_DIRECT,	/* O_DIRECT */
	LM_DIRECTDSYNC,	/* O_DIRECT | O_DSYNC */
	LM_DONTCACHE,	/* RWF_DONTCACHE */
	LM_MMAP,	/* stores into a shared mapping (sync engine only) */
	LM_NR
};

/*
 * seq: one after another from offset; rand: SIZE-aligned slots of the span,
 * picked independently (a slot may come twice, even while its first write
 * is in flight); same: every write at offset; shuffle: every slot of the
 * span once, in a seeded random order (each further pass over the span in
 * a new order).
 */
enum load_pattern { LP_SEQ, LP_RAND, LP_SAME, LP_SHUFFLE, LP_NR };

enum load_engine { LE_SYNC, LE_AIO, LE_URING, LE_NR };

#define LOAD_QD_MAX 1024

extern const char *const load_mode_names[LM_NR];
extern const char *const load_pattern_names[LP_NR];
extern const char *const load_engine_names[LE_NR];

/* Index of name in names[0..n), or -1. */
int load_lookup(const char *name, const char *const *names, int n);

struct load_cfg {
	enum load_mode mode;
	enum load_pattern pattern;
	enum load_engine engine;
	uint64_t size, count, offset, span;	/* span: range of rand/shuffle (set by the caller) */
	unsigned int threads, qd;
	unsigned int seed;
	int fill;		/* byte value, or -1 for seeded data */
	int verbose;		/* one line per write on stdout */
};

/* open(2) flags for the mode (O_CREAT included), and its per-write RWF_* flags. */
int load_open_flags(const struct load_cfg *c);
int load_rw_flags(const struct load_cfg *c);
/* Offset of write number i, and its data (c->size bytes into buf). */
uint64_t load_offset(const struct load_cfg *c, uint64_t i);
void load_fill(const struct load_cfg *c, unsigned char *buf, uint64_t i);
uint64_t load_now_ns(void);

/* One writer thread: writes number [first, first + n) to fd. */
struct load_worker {
	const struct load_cfg *cfg;
	pthread_t tid;
	unsigned int idx;
	int fd;
	uint64_t first, n;
	uint64_t *lat_ns;	/* n slots, filled in completion order */
	uint64_t done;		/* writes that completed in full */
	uint64_t shorts;	/* completions shorter than the write */
	uint64_t skipped;	/* mmap: writes past EOF */
	int err;		/* negative errno of the error that stopped it */
	char errmsg[256];	/* the stopping error, else the first short write */
};

/* Engines: issue the worker's writes; 0, or the negative errno that stopped them. */
int load_engine_sync(struct load_worker *w);
int load_engine_aio(struct load_worker *w);
int load_engine_uring(struct load_worker *w);

/* The per-write record of -v. */
void load_print_write(const struct load_cfg *c, uint64_t i, uint64_t lat_ns);
/* "what at OFF: ENAME (text)" into w->errmsg; returns -err. */
int load_fail(struct load_worker *w, const char *what, uint64_t off, int err);

struct load_result {
	uint64_t done, shorts, skipped;
	uint64_t elapsed_ns;	/* first write started to last write completed */
	uint64_t total_ns;	/* sum of the latencies */
	uint64_t *lat_ns;	/* done latencies, sorted ascending (malloc'd) */
	int err;		/* first worker error (negative errno), or 0 */
	char errmsg[256];
};

/*
 * Run c->threads workers; worker t writes to fds[t] (the same descriptor
 * for all of them to share one file).  Returns 0 when every write
 * completed in full, -1 otherwise (r->errmsg says why).
 */
int load_run(const struct load_cfg *c, const int *fds, struct load_result *r);
void load_result_free(struct load_result *r);
/* Latency at quantile q (0..1] by nearest rank, in ns; 0 when none. */
uint64_t load_quantile(const struct load_result *r, double q);

/*
 * Read every write of a sequential single-thread run back with O_DIRECT
 * and compare; prints the verdict.  0 when all match.
 */
int load_verify(const struct load_cfg *c, const char *path);

#endif /* WT_LOAD_H */
