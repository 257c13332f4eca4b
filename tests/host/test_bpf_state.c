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
 *              write completes
 *   breakdown  with -P/-F/-D and wtsnoop's file names on (the verifier
 *              accepts the dentry walk), each write lands in one key of
 *              each kind
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

static bool has_tid(pid_t tid)
{
	struct { char b[4096]; } *v = malloc(64 * 1024);
	__u32 k = tid;
	bool found = !bpf_map_lookup_elem(bpf_map__fd(skel->maps.tasks), &k, v);

	free(v);
	return found;
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
	check_leak();
	check_prog_stats();
	wt_bpf_stop(skel);
	check_breakdown();
	if (failures)
		fprintf(stderr, "test_bpf_state: %d failure(s)\n", failures);
	else
		printf("test_bpf_state: all checks passed\n");
	return failures != 0;
}
