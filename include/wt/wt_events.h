/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Definitions shared by the BPF programs (bpf/wt.bpf.c) and the user-space
 * tools (wtlat, wtsnoop): stages, the histogram layout and bucketing, the
 * per-write event.  Kept free of libc so clang -target bpf can include it.
 */
#ifndef WT_EVENTS_H
#define WT_EVENTS_H

#include <linux/types.h>

/*
 * Stages of one write-through write.  total is the whole call; the others
 * do not overlap and come in the order they happen, except that begin1 to
 * complete repeat per mapping and batch and are summed; other is what is
 * left of total (inode lock wait, write checks, EOF zeroing, the pre-flush,
 * building bios, the RWF_DSYNC sync...).  docs/tools.md defines each.
 */
enum wt_stage {
	WT_STAGE_TOTAL,		/* writethrough_begin -> writethrough_complete */
	WT_STAGE_BEGIN1,	/* ->iomap_begin #1 (front end, allocates) */
	WT_STAGE_LOCK,		/* folio lookup + lock (+ stable wait, RMW read) */
	WT_STAGE_WBWAIT,	/* waiting for writeback already on a folio */
	WT_STAGE_COPY,		/* copy from user into the folio */
	WT_STAGE_BEGIN2,	/* ->iomap_begin #2 (direct I/O back end) */
	WT_STAGE_DEVICE,	/* first bio of a batch sent -> all its bios done */
	WT_STAGE_COMPLETE,	/* bios done -> ->end_io and folio writeback end */
	WT_STAGE_OTHER,		/* total minus the stages above; must stay last */
	WT_STAGE_NR,
};

/*
 * The stage "other" of a write: total minus the sum of the other stages,
 * clamped at 0 (they cannot exceed it unless clocks disagree).
 */
static inline __u64 wt_stage_other(const __u64 *stage_ns)
{
	__u64 sum = 0;
	__u32 s;

	for (s = WT_STAGE_TOTAL + 1; s < WT_STAGE_OTHER; s++)
		sum += stage_ns[s];
	return stage_ns[WT_STAGE_TOTAL] > sum ? stage_ns[WT_STAGE_TOTAL] - sum : 0;
}

/* How the kernel carried a write-through call out (struct wt_event.path). */
enum wt_path {
	WT_PATH_WT,		/* page cache + direct I/O back end: all stages */
	WT_PATH_FALLBACK,	/* buffered write, write back, wait: total only */
};

/*
 * Histograms (index into the hists map): one per stage for write-through
 * path writes, then the total of fallback writes, then the submission
 * time of asynchronous writes (begin until the call returned -EIOCBQUEUED:
 * when the caller got control back; not a stage, it overlaps them).
 */
#define WT_HIST_FALLBACK	WT_STAGE_NR
#define WT_HIST_SUBMIT		(WT_STAGE_NR + 1)
#define WT_HIST_NR		(WT_STAGE_NR + 2)

/*
 * -EIOCBQUEUED (kernel-internal errno 529): an aio or io_uring write's
 * call returned with its I/O in flight; iomap_writethrough_complete fires
 * again, with the same iocb, when the write completes.
 */
#define WT_EIOCBQUEUED	529

/*
 * Log-linear histogram: each power of two is split into 2^WT_SUB_BITS
 * sub-buckets, so a bucket's width is at most 1/2^WT_SUB_BITS of its lower
 * bound (25% with 2 bits).  Values are nanoseconds.  Buckets from
 * WT_BUCKET_NR on hold nothing (they would start at 2^64): the array is
 * kept a power of two in size.
 */
#define WT_SUB_BITS	2
#define WT_SUB		(1 << WT_SUB_BITS)
#define WT_HIST_SLOTS	(64 * WT_SUB)
#define WT_BUCKET_NR	((64 - WT_SUB_BITS + 1) * WT_SUB)	/* reachable buckets */

/*
 * slots, count and sum only grow (user space diffs two reads).  min and
 * max are those of the values added while the tools' epoch was mm_epoch:
 * user space moves the epoch on after each read, so they cover one
 * interval.
 */
struct wt_hist {
	__u64 slots[WT_HIST_SLOTS];
	__u64 count;
	__u64 sum;
	__u64 min;
	__u64 max;
	__u64 mm_epoch;
};

/* floor(log2(v)) for v > 0, without loops the verifier would unroll. */
static inline __u32 wt_log2(__u64 v)
{
	__u32 r = 0, s;

	s = (v > 0xFFFFFFFFull) << 5; v >>= s; r |= s;
	s = (v > 0xFFFF) << 4; v >>= s; r |= s;
	s = (v > 0xFF) << 3; v >>= s; r |= s;
	s = (v > 0xF) << 2; v >>= s; r |= s;
	s = (v > 0x3) << 1; v >>= s; r |= s;
	r |= (v >> 1);
	return r;
}

/*
 * Bucket of value v.  Values below 2^WT_SUB_BITS get exact buckets; above,
 * the bucket is (log2, next WT_SUB_BITS bits).  Monotonic in v; at most
 * WT_BUCKET_NR - 1.
 */
static inline __u32 wt_bucket(__u64 v)
{
	__u32 l, sub;

	if (v < WT_SUB)
		return (__u32)v;
	l = wt_log2(v);
	sub = (__u32)(v >> (l - WT_SUB_BITS)) & (WT_SUB - 1);
	return (l - WT_SUB_BITS + 1) * WT_SUB + sub;
}

/* Smallest value that falls in bucket b; ~0 for the empty buckets past the last. */
static inline __u64 wt_bucket_low(__u32 b)
{
	__u32 l;

	if (b < WT_SUB)
		return b;
	if (b >= WT_BUCKET_NR)
		return ~0ull;
	l = b / WT_SUB + WT_SUB_BITS - 1;
	return ((__u64)1 << l) + ((__u64)(b % WT_SUB) << (l - WT_SUB_BITS));
}

/*
 * One past the largest value in bucket b.  The last reachable bucket ends
 * at 2^64, which does not fit: it and the empty ones after it give ~0
 * (2^64 - 1), never a shift by 64 or more.
 */
static inline __u64 wt_bucket_high(__u32 b)
{
	if (b + 1 >= WT_BUCKET_NR)
		return ~0ull;
	return wt_bucket_low(b + 1);
}

/* Record one value in epoch ep (BPF side per CPU). */
static inline void wt_hist_add_ep(struct wt_hist *h, __u64 v, __u64 ep)
{
	__u32 b = wt_bucket(v);

	if (b >= WT_HIST_SLOTS)
		b = WT_HIST_SLOTS - 1;
	h->slots[b]++;
	h->count++;
	h->sum += v;
	if (h->mm_epoch != ep) {
		h->mm_epoch = ep;
		h->min = v;
		h->max = v;
	} else {
		if (v < h->min)
			h->min = v;
		if (v > h->max)
			h->max = v;
	}
}

/* Record one value (user space: tests, replays; min/max over all values). */
static inline void wt_hist_add(struct wt_hist *h, __u64 v)
{
	wt_hist_add_ep(h, v, 1);
}

/*
 * Counters next to the histograms (index into wt_stats.cnt).  A call
 * that returns -EAGAIN (RWF_NOWAIT) counts only as eagain; the others count
 * as writes (write-through path) or fallback writes.
 */
enum wt_counter {
	WT_CNT_WRITES,		/* write-through path calls completed */
	WT_CNT_ERRORS,		/* ... that returned an error */
	WT_CNT_BYTES,		/* ... bytes written */
	WT_CNT_FALLBACK,	/* fallback path calls completed */
	WT_CNT_FB_ERRORS,	/* ... that returned an error */
	WT_CNT_FB_BYTES,	/* ... bytes written */
	WT_CNT_EAGAIN,		/* calls that returned -EAGAIN, either path */
	WT_CNT_BEGIN_ALL,	/* ->iomap_begin calls of write-through writes (#1 and #2) */
	WT_CNT_BEGIN1,		/* call #1 of write-through writes */
	WT_CNT_BEGIN2,		/* call #2 (the direct I/O back end's) */
	WT_CNT_SUBMITS,		/* batches handed to direct I/O by write-through */
	WT_CNT_BIOS,		/* bios of those batches sent to the device */
	WT_CNT_FOLIOS,		/* folios written */
	WT_CNT_LOST,		/* wtsnoop events dropped (ring buffer full) */
	WT_CNT_ORPHANS,		/* completions with no write state to match */
	WT_CNT_STALE,		/* write state left by a call whose end was missed */
	WT_CNT_INSERT_FAIL,	/* write or batch state that could not be stored */
	WT_CNT_ASYNC,		/* writes (of WT_CNT_WRITES) completed asynchronously */
	WT_CNT_QUEUED,		/* calls that returned -EIOCBQUEUED */
	WT_CNT_ASYNC_ORPHANS,	/* final completions of queued writes with no state */
	WT_CNT_ATOMIC,		/* writes (of WT_CNT_WRITES) with RWF_ATOMIC */
	WT_CNT_ATOMIC_HW,	/* ... written as a REQ_ATOMIC bio (hardware) */
	WT_CNT_ATOMIC_SW,	/* ... written out of place, remapped (software) */
	WT_CNT_NR,
};

/*
 * Everything wtlat reads, in one per-CPU map value, so one lookup copies
 * the counters and histograms of a CPU together.  An update of several
 * fields (one write's accounting) is bracketed: seq_begin is incremented
 * before, seq_end after.  The kernel copies a value in address order, so a
 * copy whose seq_end (first) equals its seq_begin (last) overlapped no
 * such update: every one started before the copy's end had finished
 * before its start.
 */
struct wt_stats {
	__u64 seq_end;
	__u64 cnt[WT_CNT_NR];
	struct wt_hist hist[WT_HIST_NR];
	__u64 seq_begin;
};

#define WT_COMM_LEN 16

/*
 * A file's name as the BPF side reads it from the dentry chain (there is no
 * bpf_d_path() in a tracepoint): the components from the file up towards
 * its file system's root, each NUL-terminated, leaf first, at most
 * WT_FILE_DEPTH of them and WT_FILE_COMP - 1 bytes each; a component "..."
 * last when the walk stopped before the root.  wt_file_join() makes the
 * path from it.  Read once per key for wtlat -F and per printed event for
 * wtsnoop.
 */
#define WT_FILE_LEN	256
#define WT_FILE_COMP	64
#define WT_FILE_DEPTH	16

/* Breakdowns (wtlat -P, -F, -D): the kind of a key. */
enum wt_bk_kind {
	WT_BK_PID = 1,		/* id: tgid */
	WT_BK_FILE,		/* dev, id: inode number */
	WT_BK_DEV,		/* dev */
};

struct wt_bk_key {
	__u32 kind;
	__u32 dev;
	__u64 id;
};

/* Whole-run figures of one key: write-through path writes only. */
struct wt_bk_val {
	struct wt_hist total;
	struct wt_hist device;
	char comm[WT_COMM_LEN];		/* WT_BK_PID: of the first write seen */
	char file[WT_FILE_LEN];		/* WT_BK_FILE: see WT_FILE_LEN */
};

/* One write-through write, as wtsnoop prints it (an async one: once, at its completion). */
struct wt_event {
	__u64 ts_ns;			/* CLOCK_MONOTONIC at completion */
	__u64 ino;
	__s64 pos;
	__s64 count;			/* bytes asked for */
	__s64 ret;			/* bytes written or -errno */
	__u64 stage_ns[WT_STAGE_NR];	/* summed per write; fallback: total only */
	__u32 pid;			/* tgid */
	__u32 tid;
	__u32 dev;			/* kernel dev_t: major << 20 | minor */
	__u32 nr_begin1;
	__u32 nr_begin2;
	__u32 nr_folios;
	__u32 nr_submits;
	__u32 nr_bios;
	__u32 path;			/* enum wt_path */
	__u32 flags;			/* WT_EVF_* */
	__u64 submit_ns;		/* WT_EVF_ASYNC: begin to the -EIOCBQUEUED return */
	char comm[WT_COMM_LEN];
	char file[WT_FILE_LEN];		/* see WT_FILE_LEN; filled for wtsnoop only */
};

/*
 * struct wt_event.flags.  WT_EVF_ASYNC: an aio or io_uring write whose
 * call returned -EIOCBQUEUED; the event comes at its completion (ts_ns),
 * total runs from begin to that completion, submit_ns is the call's own
 * time (at most total).
 */
#define WT_EVF_ASYNC	(1u << 0)

/*
 * WT_EVF_ATOMIC: an RWF_ATOMIC write (IOCB_ATOMIC in its kiocb at
 * iomap_writethrough_begin).  It went out in one of two ways, set as its
 * events are seen in the writing task (before an -EIOCBQUEUED return):
 * WT_EVF_ATOMIC_HW, a bio of it had REQ_ATOMIC (the device writes it
 * whole); WT_EVF_ATOMIC_SW, an ->iomap_begin of it returned an out-of-place
 * mapping, IOMAP_F_SHARED without IOMAP_F_ATOMIC_BIO (XFS's software atomic
 * write: written to new blocks and remapped in one transaction).  Neither:
 * it sent no I/O (it failed before).  Both cannot happen with XFS; the
 * tools take HW first (wt_evf_atomic_path()).
 */
#define WT_EVF_ATOMIC		(1u << 1)
#define WT_EVF_ATOMIC_HW	(1u << 2)
#define WT_EVF_ATOMIC_SW	(1u << 3)

/* How an atomic write went out, for output: WT_ATOMIC_NONE if not atomic. */
enum wt_atomic_path {
	WT_ATOMIC_NONE,		/* not an atomic write */
	WT_ATOMIC_HW,		/* a REQ_ATOMIC bio */
	WT_ATOMIC_SW,		/* out of place, remapped */
	WT_ATOMIC_NOIO,		/* atomic, but no I/O was sent (it failed before) */
};

static inline enum wt_atomic_path wt_evf_atomic_path(__u32 flags)
{
	if (!(flags & WT_EVF_ATOMIC))
		return WT_ATOMIC_NONE;
	if (flags & WT_EVF_ATOMIC_HW)
		return WT_ATOMIC_HW;
	if (flags & WT_EVF_ATOMIC_SW)
		return WT_ATOMIC_SW;
	return WT_ATOMIC_NOIO;
}

#endif /* WT_EVENTS_H */
