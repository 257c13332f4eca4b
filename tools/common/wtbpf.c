// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "wt/breakdown.h"
#include "wt/json.h"
#include "wt/parse.h"
#include "wt/stages.h"
#include "wt/ticker.h"
#include "wt/wtbpf.h"
#include "wt.skel.h"

const char *const wt_tracepoints[] = {
	"iomap_writethrough_begin",
	"iomap_writethrough_complete",
	"iomap_iter_begin",
	"iomap_iter_begin_done",
	"iomap_wt_folio_get",
	"iomap_wt_folio_locked",
	"iomap_wt_wait_writeback_start",
	"iomap_wt_wait_writeback_end",
	"iomap_wt_folio_copied",
	"iomap_wt_submit",
	"iomap_wt_bio_submit",
	"iomap_wt_io_end",
	"iomap_wt_submit_done",
	"iomap_writethrough_stages",
	NULL,
};
_Static_assert(sizeof(wt_tracepoints) / sizeof(wt_tracepoints[0]) == WT_TP_NR + 1,
	       "wt_tracepoints[] follows enum wt_tp");

/* the index of tracepoint tp in wt_tracepoints[], -1 if none */
static int tp_index(const char *tp)
{
	int i;

	for (i = 0; wt_tracepoints[i]; i++)
		if (!strcmp(wt_tracepoints[i], tp))
			return i;
	return -1;
}

/* o asks for the programs of tracepoint index i (tps 0: every per-stage event) */
static bool tp_wanted(const struct wt_opts *o, int i)
{
	return i >= 0 && ((o->tps ? o->tps : WT_TP_ALL) & (1u << i));
}

/* per-thread state entries per possible CPU, at least the object's default */
#define STATE_PER_CPU 512

static bool verbose;
static int bpf_stats_fd = -1;

static const char *prog_tracepoint(const struct bpf_program *p);

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (!verbose)
		return 0;	/* errors are reported by us, in one line */
	return vfprintf(stderr, fmt, ap);
}

static void error_record(FILE *f, const struct wt_opts *o, int code, const char *msg)
{
	struct wt_json j;

	wt_json_record(&j, f, o->schema ? o->schema : o->tool, "error");
	wt_json_i64(&j, "exit", code);
	wt_json_str(&j, "message", msg);
	wt_json_obj_end(&j);
	wt_json_line_end(&j);
}

int wt_fail(const struct wt_opts *o, int code, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\n", o->tool, msg);
	if (o->json)
		error_record(stdout, o, code, msg);
	if (o->record)
		error_record(o->record, o, code, msg);
	return code;
}

static bool tracefs_has(const char *tp)
{
	static const char *const roots[] = {
		"/sys/kernel/tracing/events/iomap", "/sys/kernel/debug/tracing/events/iomap",
	};
	char path[256];
	unsigned int i;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", roots[i], tp);
		if (!access(path, F_OK))
			return true;
	}
	return false;
}

static bool tracefs_mounted(void)
{
	return !access("/sys/kernel/tracing/events", F_OK) ||
	       !access("/sys/kernel/debug/tracing/events", F_OK);
}

/* btf_trace_<tp> exists in vmlinux BTF for every tracepoint tp_btf can use */
static bool btf_has(const struct btf *btf, const char *tp)
{
	char name[128];

	snprintf(name, sizeof(name), "btf_trace_%s", tp);
	return btf && btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF) > 0;
}

/* --btf PATH must be a kernel's BTF with the types CO-RE relocates against */
static int check_btf_file(const char *path, char *why, size_t len)
{
	struct btf *btf;
	int err;

	libbpf_set_print(libbpf_print);
	if (access(path, R_OK)) {
		snprintf(why, len, "%s", strerror(errno));
		return -1;
	}
	btf = btf__parse(path, NULL);
	if (!btf) {
		char e[128];

		err = errno;
		libbpf_strerror(err, e, sizeof(e));
		snprintf(why, len, "%s", err == ENOENT ? "an ELF file without a .BTF section" :
			 err == LIBBPF_ERRNO__FORMAT || err == EINVAL || err == EPROTO ?
			 "neither raw BTF nor an ELF file with a .BTF section" : e);
		return -1;
	}
	if (btf__find_by_name_kind(btf, "iomap_iter", BTF_KIND_STRUCT) <= 0 ||
	    btf__find_by_name_kind(btf, "kiocb", BTF_KIND_STRUCT) <= 0) {
		snprintf(why, len, "its BTF has no struct iomap_iter or kiocb: not a kernel's");
		btf__free(btf);
		return -1;
	}
	btf__free(btf);
	return 0;
}

int wt_common_opt(int c, const char *arg, struct wt_opts *o, int bad_opt,
		  const char *bad_arg)
{
	char why[256];
	uint64_t v;

	switch (c) {
	case 'p':
		if (wt_parse_uint(arg, 1, 0x7fffffff, &v)) {
			wt_fail(o, WT_EXIT_USAGE, "invalid PID '%s'", arg);
			return -1;
		}
		o->tgid = v;
		return 0;
	case 'c':
		o->cgroup = arg;
		return 0;
	case 'd':
		if (wt_parse_dev(arg, &o->dev)) {
			wt_fail(o, WT_EXIT_USAGE, "invalid device '%s' (MAJ:MIN or a block device)",
				arg);
			return -1;
		}
		return 0;
	case 'v':
		o->verbose = true;
		return 0;
	case WT_OPT_STAGE_EVENTS:
		o->stage_events = true;
		return 0;
	case WT_OPT_BTF:
		if (check_btf_file(arg, why, sizeof(why))) {
			wt_fail(o, WT_EXIT_USAGE, "--btf %s: cannot use it: %s", arg, why);
			return -1;
		}
		o->btf_path = arg;
		return 0;
	default:
		/* optopt: a short option's letter, or a long option's value */
		if (bad_opt > ' ' && bad_opt < 0x7f)
			wt_fail(o, WT_EXIT_USAGE, "invalid option '-%c' or missing value (see --help)",
				bad_opt);
		else
			wt_fail(o, WT_EXIT_USAGE, "invalid option '%s' or missing value (see --help)",
				bad_arg);
		return -1;
	}
}

bool wt_bpf_stats_on(void)
{
	return bpf_stats_fd >= 0;
}

void wt_bpf_prog_stats(struct wt_bpf *skel, struct wt_prog_stats *ps)
{
	struct bpf_program *p;

	memset(ps, 0, sizeof(*ps));
	bpf_object__for_each_program(p, skel->obj) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);

		if (!bpf_program__autoload(p) || bpf_program__fd(p) < 0)
			continue;
		if (bpf_obj_get_info_by_fd(bpf_program__fd(p), &info, &len))
			continue;
		ps->run_cnt += info.run_cnt;
		ps->run_time_ns += info.run_time_ns;
		ps->recursion_misses += info.recursion_misses;
	}
}

int wt_bpf_snapshot(struct wt_bpf *skel, struct wt_snap *s)
{
	__u64 ep = __atomic_load_n(&skel->data->wt_epoch, __ATOMIC_RELAXED);
	int err;

	err = wt_snap_read(bpf_map__fd(skel->maps.stats), libbpf_num_possible_cpus(), ep, s);
	if (err)
		return err;
	s->mono_ns = wt_mono_ns();
	/* values from now on count towards the next interval's min/max */
	__atomic_store_n(&skel->data->wt_epoch, ep + 1, __ATOMIC_RELEASE);
	wt_bpf_prog_stats(skel, &s->prog);
	return 0;
}

int wt_bpf_load(const struct wt_opts *o, bool use_btf, struct wt_bpf **out)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .btf_custom_path = o->btf_path);
	struct bpf_program *p;
	struct wt_bpf *skel;
	int ncpu, err;
	__u32 n;

	*out = NULL;
	verbose = o->verbose;
	libbpf_set_print(libbpf_print);
	skel = wt_bpf__open_opts(&oo);
	if (!skel)
		return -errno;
	skel->rodata->targ_tgid = o->tgid;
	skel->rodata->targ_dev = o->dev;
	skel->rodata->filter_cg = o->cgroup != NULL;
	skel->rodata->emit_events = o->events;
	skel->rodata->want_hists = o->hists;
	skel->rodata->min_total_ns = o->min_total_ns;
	skel->rodata->emit_file = o->file_names;
	skel->rodata->bk_kinds = o->bk_kinds;
	skel->rodata->all_async = o->all_async;
	skel->rodata->all_atomic = o->all_atomic;
	bpf_map__set_max_entries(skel->maps.bk, o->bk_kinds ? WT_BK_ENTRIES : 1);
	if (o->ringbuf_bytes)
		bpf_map__set_max_entries(skel->maps.events, o->ringbuf_bytes);
	if (!o->events)
		bpf_map__set_max_entries(skel->maps.events, 4096);
	/* the reader is woken when an eighth of the ring waits (else on its timer) */
	skel->rodata->rb_wakeup_bytes = bpf_map__max_entries(skel->maps.events) / 8;
	/* room for every thread in flight, so the LRU never evicts a live one */
	ncpu = libbpf_num_possible_cpus();
	n = bpf_map__max_entries(skel->maps.tasks);
	if (ncpu > 0 && (__u32)ncpu * STATE_PER_CPU > n)
		n = ncpu * STATE_PER_CPU;
	/* the kernel's one event per write keeps no state in them: their least */
	if (!((o->tps ? o->tps : WT_TP_ALL) & WT_TP_ALL))
		n = ncpu > 0 ? ncpu : 1;
	bpf_map__set_max_entries(skel->maps.tasks, n);
	bpf_map__set_max_entries(skel->maps.inflight, n);
	bpf_map__set_max_entries(skel->maps.completing, n);
	/* aio and io_uring writes in flight: queue depth times threads */
	bpf_map__set_max_entries(skel->maps.writes, n);
	/* a batch's own state only for the stages that time batches */
	skel->rodata->track_batches = tp_wanted(o, WT_TP_IO_END);
	bpf_object__for_each_program(p, skel->obj) {
		const char *name = bpf_program__name(p);
		size_t len = strlen(name);
		bool is_btf = len > 4 && !strcmp(name + len - 4, "_btf");

		bpf_program__set_autoload(p, is_btf == use_btf &&
					  tp_wanted(o, tp_index(prog_tracepoint(p))));
	}
	err = wt_bpf__load(skel);
	if (err) {
		err = err < 0 ? err : -errno;
		wt_bpf__destroy(skel);
		return err;
	}
	*out = skel;
	return 0;
}

int wt_bpf_bk_read(struct wt_bpf *skel, struct wt_bk_entry **out, size_t *n,
		   uint64_t *overflow)
{
	int fd = bpf_map__fd(skel->maps.bk);
	size_t cap = bpf_map__max_entries(skel->maps.bk), k = 0;
	struct wt_bk_key key, next, *prev = NULL;
	struct wt_bk_entry *e = calloc(cap ? cap : 1, sizeof(*e));

	*out = NULL;
	*n = 0;
	*overflow = __atomic_load_n(&skel->bss->bk_overflow, __ATOMIC_RELAXED);
	if (!e)
		return -ENOMEM;
	while (k < cap && !bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &e[k].val))
			continue;	/* deleted meanwhile: never here */
		e[k].key = key;
		k++;
	}
	*out = e;
	*n = k;
	return 0;
}

/* "raw_tp/iomap_wt_io_end" -> "iomap_wt_io_end" */
static const char *prog_tracepoint(const struct bpf_program *p)
{
	const char *sec = bpf_program__section_name(p), *slash = strchr(sec, '/');

	return slash ? slash + 1 : sec;
}

static int attach_all(const struct wt_opts *o, struct wt_bpf *skel, const char *mode)
{
	const struct bpf_object_skeleton *s = skel->skeleton;
	int i, err;

	for (i = 0; i < s->prog_cnt; i++) {
		struct bpf_program *p = *s->progs[i].prog;
		struct bpf_link *link;

		if (!bpf_program__autoload(p))
			continue;
		link = bpf_program__attach(p);
		if (!link) {
			err = errno;
			return wt_fail(o, WT_EXIT_ERROR, "cannot attach to tracepoint %s (%s): %s",
				       prog_tracepoint(p), mode, strerror(err));
		}
		*s->progs[i].link = link;
	}
	return 0;
}

/*
 * The kernel reports each write's stage times in one event (a series with
 * iomap_writethrough_stages), which a tp_btf program reads in place.  Its
 * writes carry no cgroup of their writer to an asynchronous completion: a
 * cgroup filter (-c) needs the per-stage events, as does --stage-events.
 */
static bool use_stages_event(const struct wt_opts *o, const struct btf *kbtf)
{
	return !o->stage_events && !o->cgroup && !o->all_async && !o->all_atomic &&
	       btf_has(kbtf, wt_tracepoints[WT_TP_STAGES]);
}

int wt_bpf_start(const struct wt_opts *uo, struct wt_bpf **out, const char **attach_mode)
{
	char missing[1024] = "";
	struct wt_opts lo = *uo, *o = &lo;
	struct btf *kbtf;
	struct wt_bpf *skel;
	bool use_btf, check = !getenv("WT_NO_TP_CHECK");
	int i, err, nmiss = 0;

	*out = NULL;
	verbose = o->verbose;
	libbpf_set_print(libbpf_print);

	kbtf = btf__load_vmlinux_btf();
	if (!kbtf && !o->btf_path)
		return wt_fail(o, WT_EXIT_NO_BTF, "this kernel has no BTF (no /sys/kernel/btf/vmlinux)"
			       " and CO-RE needs its types: pass --btf PATH, the vmlinux of this kernel"
			       " built with CONFIG_DEBUG_INFO_BTF=y");
	if (use_stages_event(o, kbtf)) {
		/* one program, whatever the stages shown: it has them all */
		wt_traced = wt_trace_set_stages_event();
		o->tps = wt_traced.tps;
	}
	/* tp_btf needs the running kernel's BTF of every tracepoint */
	use_btf = kbtf != NULL;
	for (i = 0; wt_tracepoints[i]; i++) {
		const char *tp = wt_tracepoints[i];
		bool here = btf_has(kbtf, tp) || tracefs_has(tp);

		if (!tp_wanted(o, i))
			continue;

		if (!btf_has(kbtf, tp))
			use_btf = false;
		/* without kernel BTF or tracefs there is nothing to ask: attaching will tell */
		if (!here && (kbtf || tracefs_mounted())) {
			size_t n = strlen(missing);

			snprintf(missing + n, sizeof(missing) - n, "%s%s", nmiss ? " " : "", tp);
			nmiss++;
		}
	}
	btf__free(kbtf);
	if (nmiss && check)
		return wt_fail(o, WT_EXIT_NO_TRACEPOINTS, "this kernel lacks %d write-through "
			       "tracepoint(s): %s (boot a kernel built from kernel/patches)",
			       nmiss, missing);
	*attach_mode = use_btf ? "tp_btf" : "raw_tp";

	err = wt_bpf_load(o, use_btf, &skel);
	if (err) {
		if (err == -EPERM || geteuid() != 0)
			return wt_fail(o, WT_EXIT_PERM, "not allowed to load BPF programs (%s): run "
				       "as root (CAP_BPF and CAP_PERFMON)", strerror(-err));
		return wt_fail(o, WT_EXIT_ERROR, "cannot load the BPF programs (%s): %s (-v shows "
			       "the verifier log)", *attach_mode, strerror(-err));
	}
	if (o->cgroup) {
		int cfd = open(o->cgroup, O_RDONLY | O_DIRECTORY);
		__u32 zero = 0;

		if (cfd < 0 || bpf_map_update_elem(bpf_map__fd(skel->maps.cgroup_map), &zero,
						   &cfd, BPF_ANY)) {
			err = errno;
			if (cfd >= 0)
				close(cfd);
			wt_bpf__destroy(skel);
			return wt_fail(o, WT_EXIT_ERROR, "cannot use cgroup %s: %s", o->cgroup,
				       strerror(err));
		}
		close(cfd);
	}
	/* run time per program, for the overhead figure: only when asked (-v) */
	if (o->verbose) {
		bpf_stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
		if (bpf_stats_fd < 0)
			fprintf(stderr, "%s: BPF run-time statistics refused (%s): no cost figure\n",
				o->tool, strerror(errno));
	}
	err = attach_all(o, skel, *attach_mode);
	if (err) {
		wt_bpf_stop(skel);
		return err;
	}
	*out = skel;
	return WT_EXIT_OK;
}

void wt_bpf_stop(struct wt_bpf *skel)
{
	if (bpf_stats_fd >= 0)
		close(bpf_stats_fd);
	bpf_stats_fd = -1;
	wt_bpf__destroy(skel);
}
