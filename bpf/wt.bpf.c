// SPDX-License-Identifier: GPL-2.0
/*
 * Stage timing for buffered write-through writes, from the iomap
 * tracepoints the kernel series adds.  One object serves both tools:
 * wtlat reads the per-stage histograms and counters, wtsnoop the ring
 * buffer of per-write events.
 *
 * Up to its submission a write's events fire in the writing task, so
 * per-write state is keyed by thread id.  The bios of a batch complete in
 * any context (or in the writing task, if they finished before it dropped
 * its reference); that event, and the batch's iomap_wt_submit_done, are
 * matched to the write through the batch's (dev, inode, aligned start),
 * which iomap_wt_submit carries too.  The stages do not overlap; "other"
 * is what is left of the total.
 *
 * An aio or io_uring write (a kiocb with ->ki_complete) may return
 * -EIOCBQUEUED with its batches in flight; its batches then complete in a
 * workqueue and the last one reports the write's completion again, with
 * the same iocb.  Such a write keeps its batch times in an entry keyed by
 * its iocb (made at its first batch), and at the -EIOCBQUEUED return its
 * thread's state moves there too; the final completion finds it by iocb.
 * The two can race (the last batch may complete the write before its
 * call's return is traced): whichever of the two comes second finishes
 * the write.
 *
 * An RWF_ATOMIC write is flagged at its begin (IOCB_ATOMIC), and how it
 * went out is seen in its writing task, before any -EIOCBQUEUED return:
 * a REQ_ATOMIC bio (hardware), or an out-of-place mapping from
 * ->iomap_begin (XFS's software atomic write).  Its ->iomap_begin calls
 * all have IOMAP_DIRECT; those before its one batch's submission are #1.
 *
 * The per-batch state lives in LRU hashes and is deleted when the write
 * completes; a thread's entry stays, idle (t_start 0), for its next write,
 * so that a write costs no insert or delete.  State left behind by a missed event (a program
 * skipped by the kernel's recursion guard) is replaced when its thread
 * (or iocb) writes again and evicted first when the map is full, and is
 * counted.  The counters and histograms only grow; user space diffs two
 * reads.
 */
#include "wt_core.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "wt/wt_events.h"

char LICENSE[] SEC("license") = "GPL";

/* set by user space before load */
const volatile __u32 targ_tgid;		/* 0: all */
const volatile __u32 targ_dev;		/* kernel dev_t, 0: all */
const volatile bool filter_cg;
const volatile bool emit_events;	/* wtsnoop */
const volatile bool want_hists;		/* wtlat */
const volatile __u64 min_total_ns;	/* wtsnoop --min-us */
const volatile bool emit_file;		/* wtsnoop: the file name in each event */
/*
 * wtsnoop: events are submitted without waking the reader, which drains
 * the ring on a timer; only once this many bytes wait is it woken
 */
const volatile __u64 rb_wakeup_bytes = 1 << 19;
const volatile __u32 bk_kinds;		/* wtlat -P/-F/-D: 1 << enum wt_bk_kind */
/* tests (test_bpf_state): their kiocb pointers are fake, take every write as aio */
const volatile bool all_async;
/* tests (test_bpf_state): likewise, take every write as RWF_ATOMIC */
const volatile bool all_atomic;
/*
 * Batches timed (the device and complete stages): off when their events
 * are not attached (wtlat -S without them), so that no batch state is
 * stored that no io_end would take out.
 */
const volatile bool track_batches = true;

/* breakdown keys that did not fit in the bk map */
__u64 bk_overflow;

/* user space moves it on after each read: the min/max of struct wt_hist */
__u64 wt_epoch = 1;

struct io_key {
	__u64 ino;
	__s64 pos;
	__u32 dev;
	__u32 pad;
};

/*
 * The batches' side of a write: written from any context (bio completion,
 * the completion workqueue, the writing task), so only by atomic adds and
 * plain stores.  The device stage is the time at least one batch of the
 * write had its bios in flight (the union of the batches' windows: they
 * overlap for an asynchronous write of several batches), less call #2 of
 * ->iomap_begin made meanwhile.
 */
struct wt_acc {
	__u64 dev_ns;		/* device stage so far */
	__u64 cmp_ns;		/* complete stage so far (summed over batches) */
	__u64 t_busy;		/* the current device busy period started */
	__u64 dev_skip;		/* ->iomap_begin #2 time inside it */
	__u32 nr_busy;		/* batches between their first bio and io_end */
	__u32 dev_seen;		/* the device stage happened */
	__u32 cmp_seen;		/* the complete stage happened */
	__u32 pad;
};

/* a batch in flight (inflight, then completing map value) */
struct wt_batch {
	__u64 iocb;		/* of the write: its identity */
	__u64 t_bio;		/* its first bio sent, 0: none yet */
	__u64 t_ioend;		/* its bios completed, 0: not yet */
	__u32 tid;		/* the writing thread */
	__u32 busy;		/* counted in the write's nr_busy */
	__u32 aio;		/* the write's wt_acc is in the writes map */
	__u32 pad;
};

/*
 * the writing thread's side of a write (tasks map value); iocb and
 * t_start first, both 0 while the thread has no write in progress
 * (tests/host/test_bpf_state.c reads them so)
 */
struct wt_task {
	__u64 iocb;		/* the caller's kiocb */
	__u64 t_start;		/* write-through begin, 0: idle */
	__u64 t_call;		/* current ->iomap_begin call started */
	__u64 t_get;		/* folio lookup started */
	__u64 t_mark;		/* folio locked, or writeback wait ended */
	__u64 t_wb;		/* writeback wait started */
	__u64 t_queued;		/* the call returned -EIOCBQUEUED */
	__u64 t_ioend;		/* synchronous: the batch's bios completed, 0: not yet */
	struct io_key batch;	/* the last batch submitted */
	__u32 in_batch;		/* batch is set and was not seen done */
	__u32 bio_pending;	/* batch has not sent its first bio yet */
	__u32 aio;		/* aio/io_uring: may complete asynchronously */
	__u32 has_w;		/* aio: its writes map entry was made */
	__u32 seen;		/* bitmask of stages that happened */
	__u32 pad;
	struct dentry *dentry;	/* of the file written */
	struct wt_acc acc;	/* synchronous writes: the batches' side */
	struct wt_event ev;	/* last: see WT_TASK_COPY */
};

/* what a queued write keeps of its thread's state: all but ev.file */
#define WT_TASK_COPY	(__builtin_offsetof(struct wt_task, ev) + \
			 __builtin_offsetof(struct wt_event, file))

/* an aio or io_uring write, keyed by its iocb (writes map value) */
struct wt_write {
	struct wt_acc acc;	/* the batches' side */
	__u64 t_final;		/* its final completion, if that came first */
	__s64 final_ret;
	__u32 flags;		/* WT_W_* */
	__u32 final_path;
	struct wt_task t;	/* the thread's side, once queued */
};

#define WT_W_QUEUED	1u	/* the call returned -EIOCBQUEUED, t is valid */
#define WT_W_FINAL	2u	/* the final completion came: t_final, final_ret */

/* sizes: user space raises them with the number of CPUs before load */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct wt_task);
} tasks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, struct io_key);
	__type(value, struct wt_batch);
} inflight SEC(".maps");

/*
 * Batches whose bios completed, until their iomap_wt_submit_done.  Apart
 * from inflight: once a batch's folios leave writeback (before that
 * event), another write can submit a batch of the same range, which must
 * not take this one's place.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, struct io_key);
	__type(value, struct wt_batch);
} completing SEC(".maps");

/* aio and io_uring writes from their first batch to their completion */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, struct wt_write);
} writes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct wt_stats);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgroup_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 22);	/* user space may resize before load */
} events SEC(".maps");

/* wtlat -P/-F/-D; sized by user space (1 entry when unused) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, struct wt_bk_key);
	__type(value, struct wt_bk_val);
} bk SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct wt_bk_val);
} bk_zero SEC(".maps");

/* a zeroed wt_task, to insert without a large stack object */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct wt_task);
} scratch SEC(".maps");

/* the write of an iomap_writethrough_stages event, built here */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct wt_task);
} stage_buf SEC(".maps");

/* a zeroed wt_write, likewise */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct wt_write);
} scratch_w SEC(".maps");

#define barrier() asm volatile("" ::: "memory")

static __always_inline struct wt_stats *cur_stats(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&stats, &zero);
}

/* one counter: atomic, as a program in interrupt context may nest */
static __always_inline void count(__u32 idx, __u64 n)
{
	struct wt_stats *st = cur_stats();

	if (st && idx < WT_CNT_NR)
		__sync_fetch_and_add(&st->cnt[idx], n);
}

static __always_inline bool task_selected(void)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	if (targ_tgid && tgid != targ_tgid)
		return false;
	if (filter_cg && !bpf_current_task_under_cgroup(&cgroup_map, 0))
		return false;
	return true;
}

/*
 * The calling thread's write in progress.  A thread's entry stays in the
 * map between its writes (t_start 0: idle), so that a write costs no
 * insert and no delete; an idle entry is not a write.
 */
static __always_inline struct wt_task *task_of(__u32 tid)
{
	struct wt_task *t = bpf_map_lookup_elem(&tasks, &tid);

	return t && t->t_start ? t : NULL;
}

static __always_inline struct wt_task *cur_task(void)
{
	return task_of((__u32)bpf_get_current_pid_tgid());
}

static __always_inline void hist_add(struct wt_stats *st, __u32 idx, __u64 v, __u64 ep)
{
	if (idx < WT_HIST_NR)
		wt_hist_add_ep(&st->hist[idx], v, ep);
}

static __always_inline void add_stage(struct wt_task *t, __u32 stage, __u64 ns)
{
	if (stage >= WT_STAGE_NR)
		return;
	t->ev.stage_ns[stage] += ns;
	t->seen |= 1u << stage;
}

/* the wt_acc of a write, from its thread's state */
static __always_inline struct wt_acc *task_acc(struct wt_task *t)
{
	struct wt_write *w;

	if (!t->aio)
		return &t->acc;
	if (!t->has_w)
		return NULL;
	w = bpf_map_lookup_elem(&writes, &t->iocb);
	return w && w->t.t_start == t->t_start ? &w->acc : NULL;
}

/* the wt_acc of a batch's write, from any context */
static __always_inline struct wt_acc *batch_acc(struct wt_batch *b)
{
	struct wt_write *w;
	struct wt_task *t;

	if (b->aio) {
		w = bpf_map_lookup_elem(&writes, &b->iocb);
		return w ? &w->acc : NULL;
	}
	t = task_of(b->tid);
	return t && t->iocb == b->iocb ? &t->acc : NULL;
}

/* ---- the whole write */

static __always_inline int on_wt_begin(struct kiocb *iocb, loff_t pos, __s64 count_)
{
	struct inode *inode = BPF_CORE_READ(iocb, ki_filp, f_inode);
	__u32 dev = BPF_CORE_READ(inode, i_sb, s_dev);
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id, zero = 0;
	struct wt_task *t;

	if (!task_selected() || (targ_dev && dev != targ_dev))
		return 0;
	t = bpf_map_lookup_elem(&tasks, &tid);
	if (t && t->t_start) {
		/* this thread's previous call never completed for us */
		count(WT_CNT_STALE, 1);
		if (t->in_batch && !t->aio) {
			bpf_map_delete_elem(&inflight, &t->batch);
			bpf_map_delete_elem(&completing, &t->batch);
		}
		if (t->has_w)
			bpf_map_delete_elem(&writes, &t->iocb);
	}
	if (t) {
		/* its entry from an earlier write: cleared in place */
		__builtin_memset(t, 0, WT_TASK_COPY);
	} else {
		t = bpf_map_lookup_elem(&scratch, &zero);
		if (!t)
			return 0;
		if (bpf_map_update_elem(&tasks, &tid, t, BPF_ANY)) {
			count(WT_CNT_INSERT_FAIL, 1);
			return 0;
		}
		t = bpf_map_lookup_elem(&tasks, &tid);
		if (!t) {
			count(WT_CNT_INSERT_FAIL, 1);
			return 0;
		}
	}
	t->t_start = bpf_ktime_get_ns();
	t->iocb = (__u64)iocb;
	/* is_sync_kiocb(): only aio and io_uring can complete later */
	t->aio = all_async || BPF_CORE_READ(iocb, ki_complete) != NULL;
	/* RWF_ATOMIC: which path it takes is seen at its mapping and its bios */
	if (all_atomic || (BPF_CORE_READ(iocb, ki_flags) & IOCB_ATOMIC))
		t->ev.flags |= WT_EVF_ATOMIC;
	t->ev.pid = id >> 32;
	t->ev.tid = tid;
	t->ev.dev = dev;
	t->ev.ino = BPF_CORE_READ(inode, i_ino);
	t->ev.pos = pos;
	t->ev.count = count_;
	t->dentry = BPF_CORE_READ(iocb, ki_filp, f_path.dentry);
	bpf_get_current_comm(t->ev.comm, sizeof(t->ev.comm));
	return 0;
}

/*
 * The file's name from its dentry chain, leaf first (see WT_FILE_LEN in
 * wt_events.h).  Offsets stay below WT_FILE_LEN - WT_FILE_COMP so that the
 * verifier sees every read land inside buf.
 */
/* an index into a file name buffer the verifier can bound (no compiler guess) */
static __always_inline __u32 file_idx(__u32 v)
{
	asm volatile("" : "+r"(v));
	return v & (WT_FILE_LEN - 1);
}

static __always_inline void read_file_name(struct dentry *d, char *buf)
{
	__u32 off = 0;
	bool root = false;
	int i;

	for (i = 0; i < WT_FILE_DEPTH && d; i++) {
		struct dentry *parent = BPF_CORE_READ(d, d_parent);
		const unsigned char *name = BPF_CORE_READ(d, d_name.name);
		long n;

		if (parent == d) {	/* the file system's root */
			root = true;
			break;
		}
		if (off > WT_FILE_LEN - WT_FILE_COMP)
			break;
		n = bpf_probe_read_kernel_str(buf + off, WT_FILE_COMP, name);
		if (n <= 0)
			break;
		off += n;
		d = parent;
	}
	/* stopped below the root: say so */
	if (!root && off > 0 && off <= WT_FILE_LEN - 5) {
		buf[file_idx(off)] = '.';
		buf[file_idx(off + 1)] = '.';
		buf[file_idx(off + 2)] = '.';
		buf[file_idx(off + 3)] = 0;
		off += 4;
	}
	/* an empty component ends the list */
	if (off < WT_FILE_LEN)
		buf[file_idx(off)] = 0;
}

static __always_inline void bk_hist_add(struct wt_hist *h, __u64 v)
{
	__u32 b = wt_bucket(v);

	if (b >= WT_HIST_SLOTS)
		b = WT_HIST_SLOTS - 1;
	__sync_fetch_and_add(&h->slots[b], 1);
	__sync_fetch_and_add(&h->count, 1);
	__sync_fetch_and_add(&h->sum, v);
}

/* the key's value, inserted (comm, file name filled) when new */
static __always_inline struct wt_bk_val *bk_get(struct wt_task *t, __u32 kind, __u64 id)
{
	struct wt_bk_key k = { .kind = kind, .dev = t->ev.dev, .id = id };
	struct wt_bk_val *v;
	__u32 zero = 0;

	if (kind == WT_BK_PID)
		k.dev = 0;
	v = bpf_map_lookup_elem(&bk, &k);
	if (v)
		return v;
	v = bpf_map_lookup_elem(&bk_zero, &zero);
	if (!v)
		return NULL;
	if (kind == WT_BK_PID)
		__builtin_memcpy(v->comm, t->ev.comm, WT_COMM_LEN);
	if (kind == WT_BK_FILE)
		read_file_name(t->dentry, v->file);
	if (bpf_map_update_elem(&bk, &k, v, BPF_NOEXIST) && bpf_map_lookup_elem(&bk, &k) == NULL) {
		__sync_fetch_and_add(&bk_overflow, 1);
		return NULL;
	}
	return bpf_map_lookup_elem(&bk, &k);
}

static __always_inline void bk_one(struct wt_task *t, __u32 kind, __u64 id)
{
	struct wt_bk_val *v = bk_get(t, kind, id);

	if (!v)
		return;
	bk_hist_add(&v->total, t->ev.stage_ns[WT_STAGE_TOTAL]);
	if (t->seen & (1u << WT_STAGE_DEVICE))
		bk_hist_add(&v->device, t->ev.stage_ns[WT_STAGE_DEVICE]);
}

/* a completed write-through path write into each breakdown asked for */
static __always_inline void bk_account(struct wt_task *t)
{
	if (bk_kinds & (1u << WT_BK_PID))
		bk_one(t, WT_BK_PID, t->ev.pid);
	if (bk_kinds & (1u << WT_BK_FILE))
		bk_one(t, WT_BK_FILE, t->ev.ino);
	if (bk_kinds & (1u << WT_BK_DEV))
		bk_one(t, WT_BK_DEV, 0);
}

/* the kernel's IOMAP_WT_PATH_FALLBACK, relocated if its BTF has the enum */
static __always_inline __u32 kernel_path_fallback(void)
{
	if (bpf_core_enum_value_exists(enum iomap_wt_path, IOMAP_WT_PATH_FALLBACK))
		return bpf_core_enum_value(enum iomap_wt_path, IOMAP_WT_PATH_FALLBACK);
	return 1;
}

/* REQ_ATOMIC of the kernel's blk_opf_t; 0 if it has no atomic writes */
static __always_inline __u32 req_atomic_mask(void)
{
	if (bpf_core_enum_value_exists(enum req_flag_bits, __REQ_ATOMIC))
		return 1u << bpf_core_enum_value(enum req_flag_bits, __REQ_ATOMIC);
	return 0;
}

/*
 * Account the call: -EAGAIN apart, fallback apart, write-through in full
 * (an asynchronous write also as async, with its submission time; an
 * atomic one also as atomic, by its path); one bracketed update, so a
 * read sees all of it or none of it.  own_counts: the call's own counts
 * (->iomap_begin calls, I/Os, bios, folios, a queued return) come with
 * it, as from the kernel's one event per write; the per-stage programs
 * count those as their events fire.
 */
static __always_inline void account(struct wt_task *t, __s64 ret, bool own_counts)
{
	struct wt_stats *st = cur_stats();
	__u64 ep = wt_epoch;
	__u32 s;

	if (!st)
		return;
	__sync_fetch_and_add(&st->seq_begin, 1);
	barrier();
	if (own_counts) {
		st->cnt[WT_CNT_BEGIN_ALL] += t->ev.nr_begin1 + t->ev.nr_begin2;
		st->cnt[WT_CNT_BEGIN1] += t->ev.nr_begin1;
		st->cnt[WT_CNT_BEGIN2] += t->ev.nr_begin2;
		st->cnt[WT_CNT_SUBMITS] += t->ev.nr_submits;
		st->cnt[WT_CNT_BIOS] += t->ev.nr_bios;
		st->cnt[WT_CNT_FOLIOS] += t->ev.nr_folios;
		if (t->ev.flags & WT_EVF_ASYNC)
			st->cnt[WT_CNT_QUEUED]++;
	}
	if (ret == -11 /* EAGAIN */) {
		st->cnt[WT_CNT_EAGAIN]++;
	} else if (t->ev.path == WT_PATH_FALLBACK) {
		st->cnt[WT_CNT_FALLBACK]++;
		if (ret < 0)
			st->cnt[WT_CNT_FB_ERRORS]++;
		else
			st->cnt[WT_CNT_FB_BYTES] += ret;
		if (want_hists)
			hist_add(st, WT_HIST_FALLBACK, t->ev.stage_ns[WT_STAGE_TOTAL], ep);
	} else {
		st->cnt[WT_CNT_WRITES]++;
		if (ret < 0)
			st->cnt[WT_CNT_ERRORS]++;
		else
			st->cnt[WT_CNT_BYTES] += ret;
		if (t->ev.flags & WT_EVF_ASYNC)
			st->cnt[WT_CNT_ASYNC]++;
		if (t->ev.flags & WT_EVF_ATOMIC)
			st->cnt[WT_CNT_ATOMIC]++;
		switch (wt_evf_atomic_path(t->ev.flags)) {
		case WT_ATOMIC_HW:
			st->cnt[WT_CNT_ATOMIC_HW]++;
			break;
		case WT_ATOMIC_SW:
			st->cnt[WT_CNT_ATOMIC_SW]++;
			break;
		default:
			break;
		}
		if (want_hists) {
			for (s = 0; s < WT_STAGE_NR; s++)
				if (t->seen & (1u << s))
					hist_add(st, s, t->ev.stage_ns[s], ep);
			if (t->ev.flags & WT_EVF_ASYNC)
				hist_add(st, WT_HIST_SUBMIT, t->ev.submit_ns, ep);
		}
	}
	barrier();
	__sync_fetch_and_add(&st->seq_end, 1);
}

static __always_inline bool dev_selected(struct kiocb *iocb)
{
	return !targ_dev || BPF_CORE_READ(iocb, ki_filp, f_inode, i_sb, s_dev) == targ_dev;
}

/* A write's figures are complete: accounting, breakdowns, its event */
static __always_inline void publish(struct wt_task *t, __s64 ret, bool own_counts)
{
	struct wt_event *e;

	account(t, ret, own_counts);
	if (bk_kinds && ret != -11 && t->ev.path == WT_PATH_WT)
		bk_account(t);
	if (emit_events && t->ev.stage_ns[WT_STAGE_TOTAL] >= min_total_ns) {
		e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
		if (e) {
			__builtin_memcpy(e, &t->ev, __builtin_offsetof(struct wt_event, file));
			if (emit_file)
				read_file_name(t->dentry, e->file);
			else
				e->file[0] = 0;
			/* a wakeup per event costs more than the event: batch them */
			bpf_ringbuf_submit(e, bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >=
					   rb_wakeup_bytes ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP);
		} else {
			count(WT_CNT_LOST, 1);
		}
	}
}

/*
 * A write is done: its stages (the batches' side from acc, NULL if it has
 * none), accounting, breakdowns, its event.  now is its completion;
 * async: it returned -EIOCBQUEUED at t->t_queued.
 */
static __always_inline void finish(struct wt_task *t, struct wt_acc *acc, __s64 ret,
				   __u32 path, __u64 now, bool async)
{
	__u64 q;

	t->ev.ret = ret;
	t->ev.ts_ns = now;
	if (path == kernel_path_fallback()) {
		/* buffered write-and-wait: no stage of ours is timed there */
		t->ev.path = WT_PATH_FALLBACK;
		__builtin_memset(t->ev.stage_ns, 0, sizeof(t->ev.stage_ns));
		t->ev.stage_ns[WT_STAGE_TOTAL] = now - t->t_start;
	} else {
		t->ev.path = WT_PATH_WT;
		if (acc && acc->dev_seen)
			add_stage(t, WT_STAGE_DEVICE, acc->dev_ns);
		if (acc && acc->cmp_seen)
			add_stage(t, WT_STAGE_COMPLETE, acc->cmp_ns);
		add_stage(t, WT_STAGE_TOTAL, now - t->t_start);
		add_stage(t, WT_STAGE_OTHER, wt_stage_other(t->ev.stage_ns));
		if (async) {
			/* completed before its return was traced: at most total */
			q = t->t_queued < now ? t->t_queued : now;
			t->ev.flags |= WT_EVF_ASYNC;
			t->ev.submit_ns = q > t->t_start ? q - t->t_start : 0;
		}
	}
	publish(t, ret, false);
}

/*
 * The call returned -EIOCBQUEUED: the thread's side moves into the
 * write's entry, where the final completion finds it.  If that completion
 * came first (it can: the last batch may finish between the submitter's
 * last reference and its return), the write is finished here.
 */
static __always_inline void queue_write(struct wt_task *t, __u64 now)
{
	struct wt_write *w = NULL;
	__u32 old;

	if (t->has_w)
		w = bpf_map_lookup_elem(&writes, &t->iocb);
	if (!w || w->t.t_start != t->t_start) {
		/* its entry was evicted, or taken by a later write of that iocb */
		count(WT_CNT_ORPHANS, 1);
		return;
	}
	count(WT_CNT_QUEUED, 1);
	t->t_queued = now;
	__builtin_memcpy(&w->t, t, WT_TASK_COPY);
	old = __sync_fetch_and_or(&w->flags, WT_W_QUEUED);
	if (!(old & WT_W_FINAL))
		return;
	finish(&w->t, &w->acc, w->final_ret, w->final_path, w->t_final, true);
	bpf_map_delete_elem(&writes, &t->iocb);
}

static __always_inline int on_wt_complete(struct kiocb *iocb, loff_t pos, __s64 ret,
					  __u32 path)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct wt_task *t = task_of(tid);
	__u64 now = bpf_ktime_get_ns(), key = (__u64)iocb;
	struct wt_write *w = NULL;
	__u32 old;

	if (t && t->iocb == key) {
		/* the call returns: in the writing task */
		if (t->has_w)
			w = bpf_map_lookup_elem(&writes, &key);
		if (ret == -WT_EIOCBQUEUED && t->aio) {
			queue_write(t, now);
		} else {
			if (t->in_batch && !t->aio) {
				/* a batch whose io_end or submit_done never came */
				bpf_map_delete_elem(&inflight, &t->batch);
				bpf_map_delete_elem(&completing, &t->batch);
			}
			finish(t, t->aio ? (w ? &w->acc : NULL) : &t->acc, ret, path, now, false);
			if (t->has_w)
				bpf_map_delete_elem(&writes, &key);
		}
		/* idle until the thread's next write (the LRU evicts it if need be) */
		t->t_start = 0;
		t->iocb = 0;
		return 0;
	}
	/* the final completion of a queued write: in a worker, found by iocb */
	if (ret != -WT_EIOCBQUEUED)
		w = bpf_map_lookup_elem(&writes, &key);
	if (!w) {
		/* begun before we attached, or its state was lost */
		if (task_selected() && dev_selected(iocb)) {
			count(WT_CNT_ORPHANS, 1);
			/* a worker's completion of an aio write: only unfiltered */
			if (!targ_tgid && !filter_cg && ret != -WT_EIOCBQUEUED &&
			    (all_async || BPF_CORE_READ(iocb, ki_complete)))
				count(WT_CNT_ASYNC_ORPHANS, 1);
		}
		return 0;
	}
	w->final_ret = ret;
	w->final_path = path;
	w->t_final = now;
	old = __sync_fetch_and_or(&w->flags, WT_W_FINAL);
	if (!(old & WT_W_QUEUED))
		return 0;	/* its call has not returned yet: queue_write() finishes it */
	finish(&w->t, &w->acc, ret, path, now, true);
	bpf_map_delete_elem(&writes, &key);
	return 0;
}

/* ---- ->iomap_begin: every caller's call fires these; only write-through ones count */

static __always_inline int on_begin(struct iomap_iter *iter)
{
	struct wt_task *t;

	/* the flags first: any other call costs one read, no map or clock */
	if (!(BPF_CORE_READ(iter, flags) & IOMAP_WRITETHROUGH))
		return 0;
	if (!task_selected())
		return 0;
	if (targ_dev && BPF_CORE_READ(iter, inode, i_sb, s_dev) != targ_dev)
		return 0;
	count(WT_CNT_BEGIN_ALL, 1);
	t = cur_task();
	if (t)
		t->t_call = bpf_ktime_get_ns();
	return 0;
}

static __always_inline int on_begin_done(struct iomap_iter *iter, int ret)
{
	unsigned int flags = BPF_CORE_READ(iter, flags);
	struct wt_task *t;
	struct wt_acc *acc;
	__u16 mflags;
	__u64 d;

	if (!(flags & IOMAP_WRITETHROUGH))
		return 0;
	t = cur_task();
	if (!t || !t->t_call)
		return 0;
	d = bpf_ktime_get_ns() - t->t_call;
	t->t_call = 0;
	/*
	 * An atomic write's mapping out of place (XFS's software atomic
	 * write, not a hardware atomic write into the COW fork)
	 */
	if ((t->ev.flags & WT_EVF_ATOMIC) && ret >= 0) {
		mflags = BPF_CORE_READ(iter, iomap.flags);
		if ((mflags & IOMAP_F_SHARED) && !(mflags & IOMAP_F_ATOMIC_BIO))
			t->ev.flags |= WT_EVF_ATOMIC_SW;
	}
	/*
	 * Call #2 is the direct I/O back end's.  An atomic write maps its
	 * range with IOMAP_DIRECT from the start: its calls before its one
	 * batch is submitted are #1.
	 */
	if ((flags & IOMAP_DIRECT) && (!(flags & IOMAP_ATOMIC) || t->ev.nr_submits)) {
		add_stage(t, WT_STAGE_BEGIN2, d);
		/* a later mapping of a batch whose first bio went out */
		acc = task_acc(t);
		if (acc && acc->nr_busy)
			__sync_fetch_and_add(&acc->dev_skip, d);
		t->ev.nr_begin2++;
		count(WT_CNT_BEGIN2, 1);
	} else {
		add_stage(t, WT_STAGE_BEGIN1, d);
		t->ev.nr_begin1++;
		count(WT_CNT_BEGIN1, 1);
	}
	return 0;
}

/* ---- folios */

static __always_inline int on_folio_get(void)
{
	struct wt_task *t = cur_task();

	if (t)
		t->t_get = bpf_ktime_get_ns();
	return 0;
}

static __always_inline int on_folio_locked(void)
{
	struct wt_task *t = cur_task();
	__u64 now = bpf_ktime_get_ns();

	if (!t || !t->t_get)
		return 0;
	add_stage(t, WT_STAGE_LOCK, now - t->t_get);
	t->t_get = 0;
	t->t_mark = now;
	return 0;
}

static __always_inline int on_wb_start(void)
{
	struct wt_task *t = cur_task();

	if (t)
		t->t_wb = bpf_ktime_get_ns();
	return 0;
}

static __always_inline int on_wb_end(void)
{
	struct wt_task *t = cur_task();
	__u64 now = bpf_ktime_get_ns();

	if (!t || !t->t_wb)
		return 0;
	add_stage(t, WT_STAGE_WBWAIT, now - t->t_wb);
	t->t_wb = 0;
	t->t_mark = now;
	return 0;
}

static __always_inline int on_folio_copied(void)
{
	struct wt_task *t = cur_task();

	if (!t || !t->t_mark)
		return 0;
	add_stage(t, WT_STAGE_COPY, bpf_ktime_get_ns() - t->t_mark);
	t->t_mark = 0;
	t->ev.nr_folios++;
	count(WT_CNT_FOLIOS, 1);
	return 0;
}

/* ---- the direct I/O, one batch at a time */

/*
 * Each batch is in the inflight map from its submission to its
 * iomap_wt_io_end, then in completing until its iomap_wt_submit_done
 * (matched by dev, inode and start); its times go to the write's wt_acc: in the
 * thread's state for a synchronous kiocb, in the writes map for aio and
 * io_uring (any context may finish the batch, and the thread moves on).
 */
static __always_inline int on_submit(struct inode *inode, loff_t pos)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid(), zero = 0;
	struct wt_task *t = task_of(tid);
	struct wt_batch b = {};
	struct wt_write *w;

	if (!t)
		return 0;
	/* a synchronous write's previous batch whose end we missed */
	if (t->in_batch && !t->aio) {
		bpf_map_delete_elem(&inflight, &t->batch);
		bpf_map_delete_elem(&completing, &t->batch);
	}
	t->in_batch = 0;
	t->ev.nr_submits++;
	count(WT_CNT_SUBMITS, 1);
	if (t->aio && !t->has_w) {
		if (bpf_map_lookup_elem(&writes, &t->iocb))
			count(WT_CNT_STALE, 1);	/* a queued write of this iocb never ended */
		w = bpf_map_lookup_elem(&scratch_w, &zero);
		if (!w)
			return 0;
		w->t.t_start = t->t_start;	/* whose entry it is */
		if (bpf_map_update_elem(&writes, &t->iocb, w, BPF_ANY)) {
			count(WT_CNT_INSERT_FAIL, 1);
			return 0;
		}
		t->has_w = 1;
	}
	if (!track_batches)
		return 0;
	t->batch.dev = BPF_CORE_READ(inode, i_sb, s_dev);
	t->batch.ino = BPF_CORE_READ(inode, i_ino);
	t->batch.pos = pos;
	b.iocb = t->iocb;
	b.tid = tid;
	b.aio = t->aio;
	if (bpf_map_update_elem(&inflight, &t->batch, &b, BPF_ANY)) {
		count(WT_CNT_INSERT_FAIL, 1);
		return 0;
	}
	t->in_batch = 1;
	t->bio_pending = 1;
	t->t_ioend = 0;
	return 0;
}

static __always_inline int on_bio_submit(blk_opf_t opf)
{
	struct wt_task *t = cur_task();
	struct wt_batch *b;
	struct wt_acc *acc;
	__u64 now;

	if (!t)
		return 0;
	/* an atomic write the device writes whole */
	if ((t->ev.flags & WT_EVF_ATOMIC) && (opf & req_atomic_mask()))
		t->ev.flags |= WT_EVF_ATOMIC_HW;
	t->ev.nr_bios++;
	count(WT_CNT_BIOS, 1);
	if (!t->in_batch || !t->bio_pending)
		return 0;
	/* the batch's first bio: its device window opens */
	t->bio_pending = 0;
	b = bpf_map_lookup_elem(&inflight, &t->batch);
	acc = task_acc(t);
	if (!b || !acc)
		return 0;
	now = bpf_ktime_get_ns();
	b->t_bio = now;
	b->busy = 1;
	if (__sync_fetch_and_add(&acc->nr_busy, 1) == 0) {
		/* no other batch of the write in flight: a busy period starts */
		acc->dev_skip = 0;
		acc->t_busy = now;
	}
	return 0;
}

static __always_inline int on_io_end(struct kiocb *iocb)
{
	struct inode *inode = BPF_CORE_READ(iocb, ki_filp, f_inode);
	struct io_key k = {};
	struct wt_task *t = NULL;
	struct wt_write *w;
	struct wt_batch *b;
	struct wt_acc *acc = NULL;
	__u64 now = bpf_ktime_get_ns(), d, start, skip;

	k.dev = BPF_CORE_READ(inode, i_sb, s_dev);
	k.ino = BPF_CORE_READ(inode, i_ino);
	k.pos = BPF_CORE_READ(iocb, ki_pos);
	b = bpf_map_lookup_elem(&inflight, &k);
	if (!b)
		return 0;
	if (b->aio) {
		w = bpf_map_lookup_elem(&writes, &b->iocb);
		if (w)
			acc = &w->acc;
	} else {
		t = task_of(b->tid);
		if (t && t->iocb == b->iocb)
			acc = &t->acc;
	}
	if (!acc) {
		count(WT_CNT_ORPHANS, 1);
		bpf_map_delete_elem(&inflight, &k);
		return 0;
	}
	if (b->busy) {
		b->busy = 0;
		/* read before the decrement: a later batch may start a new period */
		start = acc->t_busy;
		skip = acc->dev_skip;
		if (__sync_fetch_and_add(&acc->nr_busy, -1) == 1) {
			d = now > start ? now - start : 0;
			__sync_fetch_and_add(&acc->dev_ns, d > skip ? d - skip : 0);
			acc->dev_seen = 1;
		}
	}
	if (t) {
		/* synchronous: the writing task waits, its submit_done is its own */
		t->t_ioend = now;
	} else {
		b->t_ioend = now;
		/*
		 * Into completing.  Taken only if the batch before it in this
		 * range is still there: its submit_done has not come while
		 * this one's whole I/O ran.  Then this one goes untimed, and
		 * counted.
		 */
		if (bpf_map_update_elem(&completing, &k, b, BPF_NOEXIST))
			count(WT_CNT_INSERT_FAIL, 1);
	}
	bpf_map_delete_elem(&inflight, &k);
	return 0;
}

static __always_inline int on_submit_done(struct inode *inode, loff_t pos)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct wt_task *t = task_of(tid);
	struct io_key k = {};
	struct wt_batch *b;
	struct wt_acc *acc;

	k.dev = BPF_CORE_READ(inode, i_sb, s_dev);
	k.ino = BPF_CORE_READ(inode, i_ino);
	k.pos = pos;
	if (t && t->in_batch && t->batch.pos == k.pos && t->batch.ino == k.ino &&
	    t->batch.dev == k.dev) {
		/* the writing task ends its own batch */
		t->in_batch = 0;
		if (!t->aio) {
			if (t->t_ioend)
				add_stage(t, WT_STAGE_COMPLETE,
					  bpf_ktime_get_ns() - t->t_ioend);
			else	/* the I/O failed before any bio: io_end never came */
				bpf_map_delete_elem(&inflight, &k);
			t->t_ioend = 0;
			return 0;
		}
	}
	b = bpf_map_lookup_elem(&completing, &k);
	if (!b) {
		/*
		 * io_end never came: the I/O failed before any bio.  Drop the
		 * batch if it is the writing task's own; one of another write
		 * is a newer batch of the same range, not ours.
		 */
		b = bpf_map_lookup_elem(&inflight, &k);
		if (b && t && b->tid == tid && b->iocb == t->iocb)
			bpf_map_delete_elem(&inflight, &k);
		return 0;
	}
	acc = batch_acc(b);
	if (acc) {
		__sync_fetch_and_add(&acc->cmp_ns, bpf_ktime_get_ns() - b->t_ioend);
		acc->cmp_seen = 1;
	}
	bpf_map_delete_elem(&completing, &k);
	return 0;
}

/* ---- one event per write: kernels that time the stages themselves */

/* a stage of the kernel's (enum iomap_wt_stage) as one of ours */
static __always_inline void take_stage(struct wt_task *t, const struct iomap_wt_call *c,
				       unsigned int happened, __u32 ours, int theirs)
{
	if (theirs < 0 || theirs >= IOMAP_WT_NR_STAGES || !(happened & (1u << theirs)))
		return;
	t->ev.stage_ns[ours] = c->ns[theirs];
	t->seen |= 1u << ours;
}

/*
 * iomap_writethrough_stages: the kernel timed the write, stage by stage
 * (struct iomap_wt_call), and reports it once, when it is done; an
 * asynchronous one from the completion worker, with its writer's ids.
 * One program run per write, no state kept between events.  tp_btf only:
 * the call is read in place through its BTF.
 */
static __always_inline int on_wt_stages(const struct iomap_wt_call *c, __s64 ret,
					__u32 path, __u64 end)
{
	struct kiocb *iocb = c->iocb;
	struct inode *inode = iocb->ki_filp->f_inode;
	__u32 dev = inode->i_sb->s_dev, zero = 0, cf;
	unsigned int happened;
	struct wt_task *t;
	int i;

	if ((targ_tgid && (__u32)c->tgid != targ_tgid) || (targ_dev && dev != targ_dev))
		return 0;
	t = bpf_map_lookup_elem(&stage_buf, &zero);
	if (!t)
		return 0;
	t->dentry = iocb->ki_filp->f_path.dentry;
	t->ev.ts_ns = end;
	t->ev.ino = inode->i_ino;
	t->ev.pos = c->pos;
	t->ev.count = c->count;
	t->ev.ret = ret;
	t->ev.pid = c->tgid;
	t->ev.tid = c->pid;
	t->ev.dev = dev;
	t->ev.nr_begin1 = c->nr_begin1;
	t->ev.nr_begin2 = c->nr_begin2;
	t->ev.nr_folios = c->nr_folios;
	t->ev.nr_submits = c->nr_submits;
	t->ev.nr_bios = c->nr_bios;
	t->ev.submit_ns = 0;
	bpf_probe_read_kernel(t->ev.comm, WT_COMM_LEN, c->comm);
	for (i = 0; i < WT_STAGE_NR; i++)
		t->ev.stage_ns[i] = 0;
	t->ev.stage_ns[WT_STAGE_TOTAL] = end - c->start;
	t->seen = 1u << WT_STAGE_TOTAL;
	cf = c->flags;
	t->ev.flags = 0;
	if (all_atomic || (iocb->ki_flags & IOCB_ATOMIC))
		t->ev.flags |= WT_EVF_ATOMIC;
	if (path == kernel_path_fallback()) {
		t->ev.path = WT_PATH_FALLBACK;
	} else {
		t->ev.path = WT_PATH_WT;
		happened = c->stages;
/* ours from theirs, the kernel's enumerator relocated by CO-RE */
#define TAKE(ours, theirs) \
	take_stage(t, c, happened, WT_STAGE_##ours, \
		   bpf_core_enum_value(enum iomap_wt_stage, IOMAP_WT_STAGE_##theirs))
		TAKE(BEGIN1, BEGIN1);
		TAKE(LOCK, LOCK);
		TAKE(WBWAIT, WBWAIT);
		TAKE(COPY, COPY);
		TAKE(BEGIN2, BEGIN2);
		TAKE(DEVICE, DEVICE);
		TAKE(COMPLETE, COMPLETE);
#undef TAKE
		add_stage(t, WT_STAGE_OTHER, wt_stage_other(t->ev.stage_ns));
		if ((t->ev.flags & WT_EVF_ATOMIC) && (cf & IOMAP_WT_CALL_ATOMIC_HW))
			t->ev.flags |= WT_EVF_ATOMIC_HW;
		if ((t->ev.flags & WT_EVF_ATOMIC) && (cf & IOMAP_WT_CALL_ATOMIC_SW))
			t->ev.flags |= WT_EVF_ATOMIC_SW;
		if (cf & IOMAP_WT_CALL_ASYNC) {
			t->ev.flags |= WT_EVF_ASYNC;
			t->ev.submit_ns = c->submit_ns;
		}
	}
	publish(t, ret, true);
	return 0;
}

SEC("tp_btf/iomap_writethrough_stages")
int BPF_PROG(iomap_writethrough_stages_btf, const struct iomap_wt_call *call, ssize_t ret,
	     enum iomap_wt_path path, u64 end)
{
	return on_wt_stages(call, ret, path, end);
}

/*
 * Each handler is attached as tp_btf where the kernel has BTF for the
 * tracepoint, and as raw_tp otherwise; user space picks one set.
 */
#define WT_TP(name, proto, call)				\
SEC("tp_btf/" #name)						\
int BPF_PROG(name##_btf, proto) { return call; }		\
SEC("raw_tp/" #name)						\
int BPF_PROG(name##_raw, proto) { return call; }

#define P(...) __VA_ARGS__

/* prototypes as in fs/iomap/trace.h (TP_PROTO) */
WT_TP(iomap_writethrough_begin, P(struct kiocb *iocb, loff_t pos, ssize_t count),
      on_wt_begin(iocb, pos, count))
WT_TP(iomap_writethrough_complete, P(struct kiocb *iocb, loff_t pos, ssize_t ret,
				     enum iomap_wt_path path),
      on_wt_complete(iocb, pos, ret, path))
WT_TP(iomap_iter_begin, P(struct iomap_iter *iter, const void *ops, unsigned long caller),
      on_begin(iter))
WT_TP(iomap_iter_begin_done, P(struct iomap_iter *iter, const void *ops, int ret,
			       unsigned long caller),
      on_begin_done(iter, ret))
WT_TP(iomap_wt_folio_get, P(struct inode *inode, loff_t off, u64 len),
      on_folio_get())
WT_TP(iomap_wt_folio_locked, P(struct inode *inode, struct folio *folio, loff_t pos, size_t len),
      on_folio_locked())
WT_TP(iomap_wt_wait_writeback_start, P(struct inode *inode, struct folio *folio, loff_t pos,
				       size_t len),
      on_wb_start())
WT_TP(iomap_wt_wait_writeback_end, P(struct inode *inode, struct folio *folio, loff_t pos,
				     size_t len),
      on_wb_end())
WT_TP(iomap_wt_folio_copied, P(struct inode *inode, struct folio *folio, loff_t pos, size_t len),
      on_folio_copied())
WT_TP(iomap_wt_submit, P(struct inode *inode, loff_t pos, u64 len, loff_t orig_pos,
			 u64 orig_len, unsigned int nr_vecs, u16 type, int error),
      on_submit(inode, pos))
WT_TP(iomap_wt_bio_submit, P(struct inode *inode, loff_t pos, u32 len, blk_opf_t opf),
      on_bio_submit(opf))
WT_TP(iomap_wt_io_end, P(struct kiocb *iocb, ssize_t size, int error),
      on_io_end(iocb))
WT_TP(iomap_wt_submit_done, P(struct inode *inode, loff_t pos, u64 len, loff_t orig_pos,
			      u64 orig_len, unsigned int nr_vecs, u16 type, int error),
      on_submit_done(inode, pos))
