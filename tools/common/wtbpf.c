// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "wt/parse.h"
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
	NULL,
};

static bool verbose;
static int bpf_stats_fd = -1;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (!verbose)
		return 0;	/* errors are reported by us, in one line */
	return vfprintf(stderr, fmt, ap);
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

int wt_parse_dev(const char *s, uint32_t *dev)
{
	uint64_t maj, min;
	const char *colon = strchr(s, ':');
	struct stat st;

	if (colon && s[0] != '/') {
		char buf[32];

		if ((size_t)(colon - s) >= sizeof(buf))
			return -1;
		memcpy(buf, s, colon - s);
		buf[colon - s] = 0;
		if (wt_parse_uint(buf, 0, 4095, &maj) || wt_parse_uint(colon + 1, 0, (1 << 20) - 1, &min))
			return -1;
	} else {
		if (stat(s, &st) || !S_ISBLK(st.st_mode))
			return -1;
		maj = major(st.st_rdev);
		min = minor(st.st_rdev);
	}
	*dev = (uint32_t)(maj << 20 | min);
	return 0;
}

int wt_common_opt(int c, const char *arg, struct wt_opts *o, int bad_opt,
		  const char *bad_arg)
{
	uint64_t v;

	switch (c) {
	case 'p':
		if (wt_parse_uint(arg, 1, 0x7fffffff, &v)) {
			fprintf(stderr, "%s: invalid PID '%s'\n", o->tool, arg);
			return -1;
		}
		o->tgid = v;
		return 0;
	case 'c':
		o->cgroup = arg;
		return 0;
	case 'd':
		if (wt_parse_dev(arg, &o->dev)) {
			fprintf(stderr, "%s: invalid device '%s' (MAJ:MIN or a block device)\n",
				o->tool, arg);
			return -1;
		}
		return 0;
	case 'v':
		o->verbose = true;
		return 0;
	default:
		if (bad_opt)
			fprintf(stderr, "%s: invalid option '-%c' or missing value (see --help)\n",
				o->tool, bad_opt);
		else
			fprintf(stderr, "%s: invalid option '%s' (see --help)\n", o->tool, bad_arg);
		return -1;
	}
}

void wt_format_dev(uint32_t dev, char *buf, size_t len)
{
	snprintf(buf, len, "%u:%u", dev >> 20, dev & ((1u << 20) - 1));
}

void wt_bpf_cost(struct wt_bpf *skel, struct wt_bpf_cost *c)
{
	struct bpf_program *p;

	memset(c, 0, sizeof(*c));
	c->enabled = bpf_stats_fd >= 0;
	bpf_object__for_each_program(p, skel->obj) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);

		if (!bpf_program__autoload(p) || bpf_program__fd(p) < 0)
			continue;
		if (bpf_obj_get_info_by_fd(bpf_program__fd(p), &info, &len))
			continue;
		c->run_cnt += info.run_cnt;
		c->run_time_ns += info.run_time_ns;
	}
}

int wt_bpf_start(const struct wt_opts *o, struct wt_bpf **out, const char **attach_mode)
{
	char missing[1024] = "";
	struct btf *vmlinux_btf;
	struct bpf_program *p;
	struct wt_bpf *skel;
	bool use_btf = true;
	int i, err, nmiss = 0;

	*out = NULL;
	verbose = o->verbose;
	libbpf_set_print(libbpf_print);

	vmlinux_btf = btf__load_vmlinux_btf();
	for (i = 0; wt_tracepoints[i]; i++) {
		const char *tp = wt_tracepoints[i];
		bool here = btf_has(vmlinux_btf, tp) || (tracefs_mounted() && tracefs_has(tp));

		if (!btf_has(vmlinux_btf, tp))
			use_btf = false;
		if (!here) {
			size_t n = strlen(missing);

			snprintf(missing + n, sizeof(missing) - n, "%s%s", nmiss ? " " : "", tp);
			nmiss++;
		}
	}
	btf__free(vmlinux_btf);
	if (nmiss) {
		fprintf(stderr, "%s: this kernel lacks %d write-through tracepoint(s): %s "
			"(boot a kernel built from kernel/patches)\n", o->tool, nmiss, missing);
		return WT_EXIT_NO_TRACEPOINTS;
	}
	*attach_mode = use_btf ? "tp_btf" : "raw_tp";

	skel = wt_bpf__open();
	if (!skel) {
		fprintf(stderr, "%s: cannot open the BPF object: %s\n", o->tool, strerror(errno));
		return WT_EXIT_ERROR;
	}
	skel->rodata->targ_tgid = o->tgid;
	skel->rodata->targ_dev = o->dev;
	skel->rodata->filter_cg = o->cgroup != NULL;
	skel->rodata->emit_events = o->events;
	skel->rodata->want_hists = o->hists;
	skel->rodata->min_total_ns = o->min_total_ns;
	if (o->ringbuf_bytes)
		bpf_map__set_max_entries(skel->maps.events, o->ringbuf_bytes);
	if (!o->events)
		bpf_map__set_max_entries(skel->maps.events, 4096);
	bpf_object__for_each_program(p, skel->obj) {
		const char *name = bpf_program__name(p);
		size_t n = strlen(name);
		bool is_btf = n > 4 && !strcmp(name + n - 4, "_btf");

		bpf_program__set_autoload(p, is_btf == use_btf);
	}

	err = wt_bpf__load(skel);
	if (err) {
		if (err == -EPERM || errno == EPERM || geteuid() != 0)
			fprintf(stderr, "%s: not allowed to load BPF programs (%s): run as root "
				"(CAP_BPF and CAP_PERFMON)\n", o->tool, strerror(-err));
		else
			fprintf(stderr, "%s: cannot load the BPF programs: %s (-v shows the "
				"verifier log)\n", o->tool, strerror(-err));
		wt_bpf__destroy(skel);
		return err == -EPERM || geteuid() ? WT_EXIT_PERM : WT_EXIT_ERROR;
	}
	if (o->cgroup) {
		int cfd = open(o->cgroup, O_RDONLY | O_DIRECTORY);
		__u32 zero = 0;

		if (cfd < 0 || bpf_map_update_elem(bpf_map__fd(skel->maps.cgroup_map), &zero,
						   &cfd, BPF_ANY)) {
			fprintf(stderr, "%s: cannot use cgroup %s: %s\n", o->tool, o->cgroup,
				strerror(errno));
			if (cfd >= 0)
				close(cfd);
			wt_bpf__destroy(skel);
			return WT_EXIT_ERROR;
		}
		close(cfd);
	}
	err = wt_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "%s: cannot attach to the tracepoints (%s): %s\n", o->tool,
			*attach_mode, strerror(-err));
		wt_bpf__destroy(skel);
		return WT_EXIT_ERROR;
	}
	/* run time per program, for the overhead figure; fine if refused */
	bpf_stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
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
