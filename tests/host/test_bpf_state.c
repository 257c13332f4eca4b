// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF programs of bpf/wt.bpf.c on the machine's own kernel, which has
 * none of the write-through tracepoints: loaded as raw_tp and run by hand
 * with BPF_PROG_TEST_RUN, one "event" at a time (the kernel pointers are
 * NULL: every field read gives 0).  Checks what the tracepoints cannot be
 * made to do on demand:
 *
 *   eagain     a -EAGAIN call counts as eagain only, in no histogram
 *   cumulative reading the stats never resets them; two reads diff into
 *              exactly the writes in between
 *   leak       writes whose completion was missed (more threads than the
 *              state map holds) do not stop later writes from being counted
 *   stale      a thread's state left by a missed completion is replaced
 *              and counted; a completion without state is an orphan
 *   inflight   a batch whose I/O completion never came is removed when its
 *              write completes; a completed batch gives device and complete
 *   breakdown  with -P/-F/-D and wtsnoop's file names on (the verifier
 *              accepts the dentry walk), each write lands in one key of
 *              each kind
 *   async      an aio/io_uring write that returns -EIOCBQUEUED and completes
 *              in another thread is one write, async, with its submission
 *              time, device and complete stages, total to the completion;
 *              also when the completion comes before the -EIOCBQUEUED
 *              return; one that completes in its call is not async; a
 *              completion nobody queued is an orphan; a queued write that
 *              never completes stays unfinished and is stale when its iocb
 *              writes again; a batch whose I/O ended keeps its place when
 *              another write submits one in the same range before its
 *              submit_done; no state is left behind
 *   atomic     with every write taken as RWF_ATOMIC: one with a REQ_ATOMIC
 *              bio is hardware-path atomic, queued (async) or not; one
 *              with other bios, or none, is atomic with no path; each is
 *              counted so; a non-atomic write's REQ_ATOMIC bio makes
 *              nothing atomic
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "wt/breakdown.h"
#include "wt/latrec.h"
#include "wt/wtbpf.h"
#include "wt.skel.h"

static int failures;
#define EXPECT(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

static struct wt_bpf *skel;
static struct wt_snap s0, s1, d;

static int run(struct bpf_program *p, __u64 a0, __u64 a1, __u64 a2, __u64 a3)
{
	__u64 args[8] = { a0, a1, a2, a3, a2, 1, 0, 0 };
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = args, .ctx_size_in = sizeof(args));

	if (bpf_prog_test_run_opts(bpf_program__fd(p), &o)) {
		fprintf(stderr, "BPF_PROG_TEST_RUN %s: %s\n", bpf_program__name(p), strerror(errno));
		exit(errno == 524 /* ENOTSUPP */ || errno == EINVAL ? 77 : 1);
	}
	return o.retval;
}

/* the events of one write by the calling thread */
static void begin(__s64 pos)
{
	run(skel->progs.iomap_writethrough_begin_raw, 0, pos, 4096, 0);
}

static void complete(__s64 pos, __s64 ret)
{
	run(skel->progs.iomap_writethrough_complete_raw, 0, pos, (__u64)ret, 0);
}

static void submit(__s64 pos)
{
	/* iomap_wt_submit(inode, pos, len, orig_pos, orig_len, nr_vecs, type, error) */
	__u64 args[8] = { 0, pos, 4096, pos, 4096, 1, 0, 0 };
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = args, .ctx_size_in = sizeof(args));

	EXPECT(!bpf_prog_test_run_opts(bpf_program__fd(skel->progs.iomap_wt_submit_raw), &o));
}

static void snap(struct wt_snap *s)
{
	if (wt_bpf_snapshot(skel, s)) {
		fprintf(stderr, "cannot read the stats map: %s\n", strerror(errno));
		exit(1);
	}
}

static unsigned int entries(struct bpf_map *m, size_t key_size)
{
	char key[64], next[64];
	unsigned int n = 0;
	int fd = bpf_map__fd(m);
	void *prev = NULL;

	while (!bpf_map_get_next_key(fd, prev, next)) {
		memcpy(key, next, key_size);
		prev = key;
		n++;
	}
	return n;
}

/*
 * A thread's entry in the tasks map outlives its writes, idle: struct
 * wt_task (bpf/wt.bpf.c) starts with the write's iocb and t_start, both 0
 * while no write is in progress.
 */
static bool idle_value(const void *v)
{
	static const char zero[16];

	return !memcmp(v, zero, sizeof(zero));
}

/* the thread has a write in progress */
static bool has_tid(pid_t tid)
{
	struct { char b[4096]; } *v = malloc(64 * 1024);
	__u32 k = tid;
	bool found = !bpf_map_lookup_elem(bpf_map__fd(skel->maps.tasks), &k, v) &&
		     !idle_value(v);

	free(v);
	return found;
}

/* threads with a write in progress */
static unsigned int active_tasks(void)
{
	int fd = bpf_map__fd(skel->maps.tasks);
	__u32 key, next, *prev = NULL;
	char *v = malloc(64 * 1024);
	unsigned int n = 0;

	while (v && !bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (!bpf_map_lookup_elem(fd, &key, v) && !idle_value(v))
			n++;
	}
	free(v);
	return n;
}

/* item 4: -EAGAIN apart */
static void check_eagain(void)
{
	snap(&s0);
	begin(0);
	complete(0, -11);
	snap(&s1);
	wt_snap_diff(&s0, &s1, &d);
	EXPECT(d.cnt[WT_CNT_EAGAIN] == 1);
	EXPECT(d.cnt[WT_CNT_WRITES] == 0 && d.cnt[WT_CNT_ERRORS] == 0 &&
	       d.cnt[WT_CNT_FALLBACK] == 0);
	EXPECT(d.hist[WT_STAGE_TOTAL].count == 0 && d.hist[WT_STAGE_OTHER].count == 0);
	EXPECT(!has_tid(gettid()));
	printf("eagain: eagain %llu, writes %llu, errors %llu, total histogram %llu\n",
	       (unsigned long long)d.cnt[WT_CNT_EAGAIN], (unsigned long long)d.cnt[WT_CNT_WRITES],
	       (unsigned long long)d.cnt[WT_CNT_ERRORS],
	       (unsigned long long)d.hist[WT_STAGE_TOTAL].count);
	/* an error is a write and an error, and is in the histograms */
	snap(&s0);
	begin(0);
	complete(0, -5);
	snap(&s1);
	wt_snap_diff(&s0, &s1, &d);
	EXPECT(d.cnt[WT_CNT_WRITES] == 1 && d.cnt[WT_CNT_ERRORS] == 1 &&
	       d.cnt[WT_CNT_EAGAIN] == 0 && d.hist[WT_STAGE_TOTAL].count == 1);
}

/* item 2: a read changes nothing; intervals add up */
static void check_cumulative(void)
{
	struct wt_snap *a = calloc(4, sizeof(*a));
	int i;

	snap(&a[0]);
	for (i = 0; i < 3; i++) {
		begin(i * 4096);
		complete(i * 4096, 4096);
	}
	snap(&a[1]);
	snap(&a[2]);
	EXPECT(a[2].cnt[WT_CNT_WRITES] == a[1].cnt[WT_CNT_WRITES]);
	EXPECT(a[1].cnt[WT_CNT_WRITES] == a[0].cnt[WT_CNT_WRITES] + 3);
	EXPECT(a[2].hist[WT_STAGE_TOTAL].count == a[0].hist[WT_STAGE_TOTAL].count + 3);
	for (i = 0; i < 2; i++) {
		begin(0);
		complete(0, 4096);
	}
	snap(&a[3]);
	wt_snap_diff(&a[2], &a[3], &d);
	EXPECT(d.cnt[WT_CNT_WRITES] == 2 && d.cnt[WT_CNT_BYTES] == 8192);
	EXPECT(d.hist[WT_STAGE_TOTAL].count == 2 && d.hist[WT_STAGE_OTHER].count == 2);
	EXPECT(!a[3].torn);
	printf("cumulative: writes read %llu, 3 writes, read %llu, read again %llu (reading"
	       " resets nothing); 2 more writes diff to %llu\n",
	       (unsigned long long)a[0].cnt[WT_CNT_WRITES],
	       (unsigned long long)a[1].cnt[WT_CNT_WRITES],
	       (unsigned long long)a[2].cnt[WT_CNT_WRITES],
	       (unsigned long long)d.cnt[WT_CNT_WRITES]);
	free(a);
}

static void *leaky_writer(void *arg)
{
	begin(0);		/* its completion is "missed" */
	return NULL;
}

/* item 3: more abandoned write states than the map holds */
static void check_leak(void)
{
	unsigned int n = bpf_map__max_entries(skel->maps.tasks), i, held;
	pthread_t th;

	snap(&s0);
	for (i = 0; i < n + 64; i++) {
		if (pthread_create(&th, NULL, leaky_writer, NULL)) {
			fprintf(stderr, "pthread_create: %s\n", strerror(errno));
			exit(1);
		}
		pthread_join(th, NULL);
	}
	held = entries(skel->maps.tasks, sizeof(__u32));
	begin(0);
	complete(0, 4096);
	snap(&s1);
	wt_snap_diff(&s0, &s1, &d);
	printf("leak: %u threads left their state (map of %u, %u held); a write after them:"
	       " writes %llu, insert failures %llu\n", n + 64, n, held,
	       (unsigned long long)d.cnt[WT_CNT_WRITES],
	       (unsigned long long)d.cnt[WT_CNT_INSERT_FAIL]);
	EXPECT(d.cnt[WT_CNT_WRITES] == 1);
	EXPECT(d.hist[WT_STAGE_TOTAL].count == 1);
	EXPECT(held <= n);
}

/* item 3: stale state replaced and counted; completions without state */
static void check_stale_orphan(void)
{
	snap(&s0);
	begin(0);
	begin(4096);		/* the first call's completion was missed */
	complete(4096, 4096);
	complete(8192, 4096);	/* no state: begun before we attached */
	snap(&s1);
	wt_snap_diff(&s0, &s1, &d);
	printf("stale: stale_writes %llu, orphan_events %llu, writes %llu\n",
	       (unsigned long long)d.cnt[WT_CNT_STALE], (unsigned long long)d.cnt[WT_CNT_ORPHANS],
	       (unsigned long long)d.cnt[WT_CNT_WRITES]);
	EXPECT(d.cnt[WT_CNT_STALE] == 1 && d.cnt[WT_CNT_ORPHANS] == 1 &&
	       d.cnt[WT_CNT_WRITES] == 1);
	EXPECT(!has_tid(gettid()));
}

/* item 3: a batch whose I/O completion never came does not stay behind */
static void check_inflight(void)
{
	unsigned int before = entries(skel->maps.inflight, 24), mid, after;

	begin(0);
	submit(0);
	mid = entries(skel->maps.inflight, 24);
	complete(0, 4096);
	after = entries(skel->maps.inflight, 24);
	printf("inflight: batch entries %u before, %u during the write, %u after it\n",
	       before, mid, after);
	EXPECT(mid == before + 1 && after == before);
	/* and a write that began again with its batch in flight drops it */
	begin(0);
	submit(8192);
	begin(0);
	EXPECT(entries(skel->maps.inflight, 24) == before);
	complete(0, 4096);
}

static void check_prog_stats(void)
{
	struct wt_prog_stats p;

	wt_bpf_prog_stats(skel, &p);
	printf("programs: recursion_misses %llu\n", (unsigned long long)p.recursion_misses);
	EXPECT(p.recursion_misses == 0);
}

static void check_breakdown(void)
{
	struct wt_opts o = { .tool = "test_bpf_state", .hists = true, .events = true,
			     .file_names = true,
			     .bk_kinds = 1u << WT_BK_PID | 1u << WT_BK_FILE | 1u << WT_BK_DEV };
	struct wt_bk_entry *e;
	uint64_t overflow;
	size_t n, i;
	int err, k;

	err = wt_bpf_load(&o, false, &skel);
	if (err) {
		fprintf(stderr, "cannot load with breakdowns and file names: %s\n", strerror(-err));
		failures++;
		return;
	}
	for (k = 0; k < 3; k++) {
		begin(4096 * k);
		complete(4096 * k, 4096);
	}
	begin(0);
	complete(0, -11);	/* EAGAIN: in no breakdown */
	EXPECT(!wt_bpf_bk_read(skel, &e, &n, &overflow));
	printf("breakdown: %zu keys, overflow %llu\n", n, (unsigned long long)overflow);
	EXPECT(n == 3 && overflow == 0);
	for (i = 0; i < n; i++) {
		EXPECT(e[i].val.total.count == 3);
		if (e[i].key.kind == WT_BK_PID)
			EXPECT(e[i].key.id == (uint64_t)getpid());
	}
	free(e);
	wt_bpf_stop(skel);
}

/* ---- asynchronous writes: every kiocb taken as aio (all_async), fake iocb values */

static struct wt_event aev[16];
static int naev;

static int on_aev(void *ctx, void *data, size_t len)
{
	if (naev < 16 && len >= sizeof(struct wt_event))
		memcpy(&aev[naev++], data, sizeof(struct wt_event));
	return 0;
}

static void abegin(__u64 iocb)
{
	run(skel->progs.iomap_writethrough_begin_raw, iocb, 0, 4096, 0);
}

static void acomplete(__u64 iocb, __s64 ret)
{
	run(skel->progs.iomap_writethrough_complete_raw, iocb, 0, (__u64)ret, 0);
}

/* REQ_ATOMIC: bit __REQ_ATOMIC (27) of enum req_flag_bits, 6.11 to 7.2 */
#define T_REQ_ATOMIC	(1u << 27)

/* one batch at offset 0 of inode NULL, one bio with flags opf */
static void abatch_submit_opf(__u32 opf)
{
	submit(0);
	/* iomap_wt_bio_submit(inode, pos, len, opf) */
	run(skel->progs.iomap_wt_bio_submit_raw, 0, 0, 4096, opf);
}

/* one batch at offset 0 of inode NULL: what io_end reads from a NULL kiocb */
static void abatch_submit(void)
{
	abatch_submit_opf(1 /* REQ_OP_WRITE */);
}

static void aio_end(void)
{
	run(skel->progs.iomap_wt_io_end_raw, 0, 4096, 0, 0);
}

static void asubmit_done(void)
{
	__u64 args[8] = { 0, 0, 4096, 0, 4096, 1, 0, 0 };
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = args, .ctx_size_in = sizeof(args));

	/* iomap_wt_submit_done(inode, pos, len, orig_pos, orig_len, nr_vecs, type, error) */
	EXPECT(!bpf_prog_test_run_opts(bpf_program__fd(skel->progs.iomap_wt_submit_done_raw), &o));
}

static void abatch_end(void)
{
	aio_end();
	asubmit_done();
}

static __u64 worker_iocb;
static __s64 worker_ret;
static int worker_batch;	/* 0: none, 1: io_end and submit_done, 2: submit_done */

/* the completion workqueue: the batch's end, then the write's completion */
static void *worker(void *arg)
{
	if (worker_batch == 1)
		abatch_end();
	if (worker_batch == 2)
		asubmit_done();
	acomplete(worker_iocb, worker_ret);
	return NULL;
}

static void in_worker_b(__u64 iocb, __s64 ret, int batch)
{
	pthread_t th;

	worker_iocb = iocb;
	worker_ret = ret;
	worker_batch = batch;
	if (pthread_create(&th, NULL, worker, NULL)) {
		fprintf(stderr, "pthread_create: %s\n", strerror(errno));
		exit(1);
	}
	pthread_join(th, NULL);
}

static void in_worker(__u64 iocb, __s64 ret, bool batch)
{
	in_worker_b(iocb, ret, batch ? 1 : 0);
}

static const struct wt_event *aev_check(int i, bool async)
{
	const struct wt_event *e = &aev[i];
	__u64 sum = 0;
	int s;

	for (s = WT_STAGE_TOTAL + 1; s < WT_STAGE_NR; s++)
		sum += e->stage_ns[s];
	EXPECT(!!(e->flags & WT_EVF_ASYNC) == async);
	EXPECT(e->ret == 4096 && e->tid == (__u32)gettid());
	EXPECT(e->stage_ns[WT_STAGE_TOTAL] >= e->stage_ns[WT_STAGE_DEVICE]);
	EXPECT(sum == e->stage_ns[WT_STAGE_TOTAL]);
	EXPECT(e->submit_ns <= e->stage_ns[WT_STAGE_TOTAL]);
	EXPECT(async || e->submit_ns == 0);
	return e;
}

static void check_async(void)
{
	struct wt_opts o = { .tool = "test_bpf_state", .hists = true, .events = true,
			     .all_async = true };
	struct ring_buffer *rb;
	unsigned int nw, nt, ni;
	int err;

	err = wt_bpf_load(&o, false, &skel);
	if (err) {
		fprintf(stderr, "cannot load with all_async: %s\n", strerror(-err));
		failures++;
		return;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_aev, NULL, NULL);
	EXPECT(rb != NULL);
	snap(&s0);
	/* 1: queued, completed by the worker */
	abegin(0x1000);
	abatch_submit();
	acomplete(0x1000, -WT_EIOCBQUEUED);
	EXPECT(!has_tid(gettid()));
	in_worker(0x1000, 4096, true);
	/* 2: the worker completes it before the -EIOCBQUEUED return is traced */
	abegin(0x2000);
	abatch_submit();
	in_worker(0x2000, 4096, true);
	acomplete(0x2000, -WT_EIOCBQUEUED);
	/* 3: all its I/O done within the call: one completion, not async */
	abegin(0x3000);
	abatch_submit();
	abatch_end();
	acomplete(0x3000, 4096);
	/* 4: a completion of a write nobody saw queued */
	in_worker(0x4000, 4096, false);
	/* 5: queued, its completion never comes; then its iocb writes again */
	abegin(0x5000);
	abatch_submit();
	acomplete(0x5000, -WT_EIOCBQUEUED);
	abegin(0x5000);
	abatch_submit();
	abatch_end();
	acomplete(0x5000, 4096);
	/*
	 * 6: write A's batch finished its I/O; before A's submit_done, write
	 * B (another task, same range: A's folios left writeback) submits a
	 * batch there.  A's submit_done must still find A's batch, B's I/O
	 * end B's.
	 */
	abegin(0x6000);
	abatch_submit();
	acomplete(0x6000, -WT_EIOCBQUEUED);
	aio_end();
	abegin(0x7000);
	abatch_submit();
	in_worker_b(0x6000, 4096, 2);
	acomplete(0x7000, -WT_EIOCBQUEUED);
	in_worker(0x7000, 4096, true);
	snap(&s1);
	wt_snap_diff(&s0, &s1, &d);
	ring_buffer__consume(rb);
	nw = entries(skel->maps.writes, sizeof(__u64));
	nt = active_tasks();
	ni = entries(skel->maps.inflight, 24) + entries(skel->maps.completing, 24);
	printf("async: writes %llu, async %llu, queued %llu, unfinished %llu, orphans %llu"
	       " (async %llu), stale %llu, insert failures %llu; submit histogram %llu, complete"
	       " histogram %llu; %d events; left: %u writes, %u tasks, %u batches\n",
	       (unsigned long long)d.cnt[WT_CNT_WRITES], (unsigned long long)d.cnt[WT_CNT_ASYNC],
	       (unsigned long long)d.cnt[WT_CNT_QUEUED],
	       (unsigned long long)wt_lat_async_unfinished(&d),
	       (unsigned long long)d.cnt[WT_CNT_ORPHANS],
	       (unsigned long long)d.cnt[WT_CNT_ASYNC_ORPHANS],
	       (unsigned long long)d.cnt[WT_CNT_STALE],
	       (unsigned long long)d.cnt[WT_CNT_INSERT_FAIL],
	       (unsigned long long)d.hist[WT_HIST_SUBMIT].count,
	       (unsigned long long)d.hist[WT_STAGE_COMPLETE].count, naev, nw, nt, ni);
	EXPECT(d.cnt[WT_CNT_WRITES] == 6 && d.cnt[WT_CNT_ASYNC] == 4);
	EXPECT(d.cnt[WT_CNT_QUEUED] == 5 && wt_lat_async_unfinished(&d) == 1);
	EXPECT(d.cnt[WT_CNT_ORPHANS] == 1 && d.cnt[WT_CNT_ASYNC_ORPHANS] == 1);
	EXPECT(d.cnt[WT_CNT_STALE] == 1 && d.cnt[WT_CNT_ERRORS] == 0);
	EXPECT(d.cnt[WT_CNT_INSERT_FAIL] == 0);
	EXPECT(d.hist[WT_HIST_SUBMIT].count == 4);
	EXPECT(d.hist[WT_STAGE_TOTAL].count == 6 && d.hist[WT_STAGE_DEVICE].count == 6 &&
	       d.hist[WT_STAGE_COMPLETE].count == 6);
	EXPECT(naev == 6);
	if (naev == 6) {
		EXPECT(aev_check(0, true)->submit_ns > 0);
		aev_check(1, true);
		aev_check(2, false);
		aev_check(3, false);
		aev_check(4, true);
		aev_check(5, true);
	}
	EXPECT(nw == 0 && nt == 0 && ni == 0);
	ring_buffer__free(rb);
	wt_bpf_stop(skel);
}

/*
 * Atomic writes (all_atomic: the kiocbs are fake, so is IOCB_ATOMIC): the
 * hardware path is a REQ_ATOMIC bio of the write, seen in the writing task
 * before an -EIOCBQUEUED return, so it survives the move to the iocb's
 * entry.  The software path needs a real struct iomap_iter (the mapping's
 * IOMAP_F_SHARED): the VM case tools_atomic checks it.
 */
static void check_atomic(void)
{
	struct wt_opts o = { .tool = "test_bpf_state", .hists = true, .events = true,
			     .all_async = true, .all_atomic = true };
	struct ring_buffer *rb;
	int err, i;

	err = wt_bpf_load(&o, false, &skel);
	if (err) {
		fprintf(stderr, "cannot load with all_atomic: %s\n", strerror(-err));
		failures++;
		return;
	}
	naev = 0;
	memset(aev, 0, sizeof(aev));
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_aev, NULL, NULL);
	EXPECT(rb != NULL);
	snap(&s0);
	/* 1: a REQ_ATOMIC bio, queued, completed by the worker */
	abegin(0x1000);
	abatch_submit_opf(1 | T_REQ_ATOMIC);
	acomplete(0x1000, -WT_EIOCBQUEUED);
	in_worker(0x1000, 4096, true);
	/* 2: a REQ_ATOMIC bio, completed in its call */
	abegin(0x2000);
	abatch_submit_opf(1 | T_REQ_ATOMIC);
	abatch_end();
	acomplete(0x2000, 4096);
	/* 3: a plain bio: atomic, no path */
	abegin(0x3000);
	abatch_submit();
	abatch_end();
	acomplete(0x3000, 4096);
	/* 4: no I/O, an error */
	abegin(0x4000);
	acomplete(0x4000, -22);
	snap(&s1);
	wt_snap_diff(&s0, &s1, &d);
	ring_buffer__consume(rb);
	printf("atomic: writes %llu, atomic %llu (hw %llu, sw %llu, no I/O %llu), async %llu;"
	       " event flags", (unsigned long long)d.cnt[WT_CNT_WRITES],
	       (unsigned long long)d.cnt[WT_CNT_ATOMIC], (unsigned long long)d.cnt[WT_CNT_ATOMIC_HW],
	       (unsigned long long)d.cnt[WT_CNT_ATOMIC_SW],
	       (unsigned long long)wt_lat_atomic_noio(&d), (unsigned long long)d.cnt[WT_CNT_ASYNC]);
	for (i = 0; i < naev; i++)
		printf(" 0x%x", aev[i].flags);
	printf("\n");
	EXPECT(d.cnt[WT_CNT_WRITES] == 4 && d.cnt[WT_CNT_ATOMIC] == 4);
	EXPECT(d.cnt[WT_CNT_ATOMIC_HW] == 2 && d.cnt[WT_CNT_ATOMIC_SW] == 0);
	EXPECT(wt_lat_atomic_noio(&d) == 2 && d.cnt[WT_CNT_ASYNC] == 1);
	EXPECT(naev == 4);
	if (naev == 4) {
		EXPECT(aev[0].flags == (WT_EVF_ASYNC | WT_EVF_ATOMIC | WT_EVF_ATOMIC_HW));
		EXPECT(aev[1].flags == (WT_EVF_ATOMIC | WT_EVF_ATOMIC_HW));
		EXPECT(aev[2].flags == WT_EVF_ATOMIC);
		EXPECT(aev[3].flags == WT_EVF_ATOMIC && aev[3].ret == -22);
	}
	ring_buffer__free(rb);
	wt_bpf_stop(skel);
}

/* a synchronous write's batch: device and complete stages, no batch left */
static void check_sync_batch(void)
{
	unsigned int before = entries(skel->maps.inflight, 24) + entries(skel->maps.completing, 24);

	snap(&s0);
	begin(0);
	/* a REQ_ATOMIC bio does not make a write atomic: its kiocb does */
	abatch_submit_opf(1 | T_REQ_ATOMIC);
	abatch_end();
	complete(0, 4096);
	snap(&s1);
	wt_snap_diff(&s0, &s1, &d);
	EXPECT(d.cnt[WT_CNT_ATOMIC] == 0 && d.cnt[WT_CNT_ATOMIC_HW] == 0);
	printf("sync batch: writes %llu, device %llu, complete %llu, async %llu\n",
	       (unsigned long long)d.cnt[WT_CNT_WRITES],
	       (unsigned long long)d.hist[WT_STAGE_DEVICE].count,
	       (unsigned long long)d.hist[WT_STAGE_COMPLETE].count,
	       (unsigned long long)d.cnt[WT_CNT_ASYNC]);
	EXPECT(d.cnt[WT_CNT_WRITES] == 1 && d.cnt[WT_CNT_ASYNC] == 0);
	EXPECT(d.hist[WT_STAGE_DEVICE].count == 1 && d.hist[WT_STAGE_COMPLETE].count == 1);
	EXPECT(entries(skel->maps.inflight, 24) + entries(skel->maps.completing, 24) == before);
}

int main(void)
{
	struct wt_opts o = { .tool = "test_bpf_state", .hists = true };
	int err;

	if (geteuid()) {
		printf("SKIP: needs root\n");
		return 77;
	}
	err = wt_bpf_load(&o, false, &skel);
	if (err) {
		fprintf(stderr, "cannot load the raw_tp programs on %s: %s\n", "this kernel",
			strerror(-err));
		return 1;
	}
	check_eagain();
	check_cumulative();
	check_stale_orphan();
	check_inflight();
	check_sync_batch();
	check_leak();
	check_prog_stats();
	wt_bpf_stop(skel);
	check_breakdown();
	check_async();
	check_atomic();
	if (failures)
		fprintf(stderr, "test_bpf_state: %d failure(s)\n", failures);
	else
		printf("test_bpf_state: all checks passed\n");
	return failures != 0;
}
