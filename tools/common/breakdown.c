// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "wt/breakdown.h"
#include "wt/dev.h"
#include "wt/hist.h"
#include "wt/json.h"

void wt_bk_summarize(const struct wt_hist *h, struct wt_bk_sum *s)
{
	__u64 lo, hi;

	memset(s, 0, sizeof(*s));
	if (!h->count)
		return;
	s->count = h->count;
	s->avg = h->sum / h->count;
	s->p50 = wt_hist_quantile(h, 0.50, &lo, &hi);
	s->p99 = wt_hist_quantile(h, 0.99, &lo, &hi);
}

static int cmp(const void *pa, const void *pb)
{
	const struct wt_bk_entry *a = pa, *b = pb;

	if (a->key.kind != b->key.kind)
		return a->key.kind < b->key.kind ? -1 : 1;
	if (a->val.total.sum != b->val.total.sum)
		return a->val.total.sum > b->val.total.sum ? -1 : 1;
	if (a->val.total.count != b->val.total.count)
		return a->val.total.count > b->val.total.count ? -1 : 1;
	if (a->key.dev != b->key.dev)
		return a->key.dev < b->key.dev ? -1 : 1;
	if (a->key.id != b->key.id)
		return a->key.id < b->key.id ? -1 : 1;
	return 0;
}

void wt_bk_sort(struct wt_bk_entry *e, size_t n)
{
	if (n > 1)
		qsort(e, n, sizeof(*e), cmp);
}

const char *wt_bk_kind_name(uint32_t kind)
{
	switch (kind) {
	case WT_BK_PID: return "pid";
	case WT_BK_FILE: return "file";
	case WT_BK_DEV: return "dev";
	}
	return "?";
}

char *wt_file_join(const char *buf, const char *mnt, char *out, size_t len)
{
	const char *comp[WT_FILE_DEPTH + 1];
	size_t off = 0, n = 0, used = 0;
	int i;

	while (off < WT_FILE_LEN && buf[off] && n < WT_FILE_DEPTH + 1) {
		size_t l = strnlen(buf + off, WT_FILE_LEN - off);

		if (off + l >= WT_FILE_LEN)	/* not terminated: drop it */
			break;
		comp[n++] = buf + off;
		off += l + 1;
	}
	if (!len)
		return out;
	out[0] = 0;
	if (!n)
		return out;	/* unknown: empty */
	if (mnt && strcmp(mnt, "/"))
		used = (size_t)snprintf(out, len, "%s", mnt);
	for (i = (int)n - 1; i >= 0 && used < len; i--)
		used += (size_t)snprintf(out + used, len - used, "/%s", comp[i]);
	return out;
}

/* a small cache of /proc/self/mountinfo: dev -> mount point of its root */
static struct {
	uint32_t dev;
	char mnt[256];
	int found;
} mcache[16];
static unsigned int mcache_n;

const char *wt_mount_point(uint32_t dev)
{
	char line[1024], root[256], mnt[256];
	unsigned int i, maj, min;
	FILE *f;
	int found = 0;

	for (i = 0; i < mcache_n; i++)
		if (mcache[i].dev == dev)
			return mcache[i].found ? mcache[i].mnt : NULL;
	f = fopen("/proc/self/mountinfo", "r");
	if (f) {
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, "%*u %*u %u:%u %255s %255s", &maj, &min, root, mnt) != 4)
				continue;
			if (((maj << 20) | min) == dev && !strcmp(root, "/")) {
				found = 1;
				break;
			}
		}
		fclose(f);
	}
	if (mcache_n < sizeof(mcache) / sizeof(mcache[0])) {
		i = mcache_n++;
		mcache[i].dev = dev;
		mcache[i].found = found;
		snprintf(mcache[i].mnt, sizeof(mcache[i].mnt), "%s", found ? mnt : "");
		return found ? mcache[i].mnt : NULL;
	}
	return NULL;
}

char *wt_trunc_left(const char *s, size_t width, char *out, size_t len)
{
	size_t l = strlen(s);

	if (l <= width || width < 4)
		snprintf(out, len, "%s", s);
	else
		snprintf(out, len, "...%s", s + l - (width - 3));
	return out;
}

/* the key as text: "1234 comm", "/mnt/file (254:0)", "254:0" */
static void key_text(const struct wt_bk_entry *e, char *buf, size_t len)
{
	char dev[24], path[WT_FILE_LEN + 300], comm[WT_COMM_LEN + 1];

	wt_format_dev(e->key.dev, dev, sizeof(dev));
	switch (e->key.kind) {
	case WT_BK_PID:
		memcpy(comm, e->val.comm, WT_COMM_LEN);
		comm[WT_COMM_LEN] = 0;
		snprintf(buf, len, "%-7llu %s", (unsigned long long)e->key.id, comm);
		break;
	case WT_BK_FILE:
		wt_file_join(e->val.file, wt_mount_point(e->key.dev), path, sizeof(path));
		snprintf(buf, len, "%-7s %-9llx %s", dev, (unsigned long long)e->key.id,
			 path[0] ? path : "-");
		break;
	default:
		snprintf(buf, len, "%s", dev);
		break;
	}
}

static const char *const key_header[] = {
	[WT_BK_PID] = "PID     COMM",
	[WT_BK_FILE] = "MAJ:MIN INO       FILE",
	[WT_BK_DEV] = "MAJ:MIN",
};

static size_t count_kind(uint32_t kind, const struct wt_bk_entry *e, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += e[i].key.kind == kind;
	return k;
}

void wt_bk_print_text(FILE *f, uint32_t kind, const struct wt_bk_entry *e, size_t n,
		      unsigned int top, const struct wt_unit *u, uint64_t overflow)
{
	size_t i, shown = 0, nk = count_kind(kind, e, n);
	char key[WT_FILE_LEN + 400];

	if (kind < WT_BK_PID || kind > WT_BK_DEV)
		return;
	fprintf(f, "\nper %s: %zu key(s)%s, by total time%s; total and device stage in %s\n",
		wt_bk_kind_name(kind), nk, top && nk > top ? ", top shown" : "",
		overflow ? " (map full: some keys not counted)" : "", u->name);
	fprintf(f, "%8s %9s %9s %9s %8s %9s %9s %9s  %s\n", "COUNT", "AVG", "P50", "P99",
		"DEV_CNT", "DEV_AVG", "DEV_P50", "DEV_P99", key_header[kind]);
	for (i = 0; i < n && (!top || shown < top); i++) {
		struct wt_bk_sum t, d;

		if (e[i].key.kind != kind)
			continue;
		wt_bk_summarize(&e[i].val.total, &t);
		wt_bk_summarize(&e[i].val.device, &d);
		key_text(&e[i], key, sizeof(key));
		fprintf(f, "%8llu %9.1f %9.1f %9.1f %8llu %9.1f %9.1f %9.1f  %s\n",
			(unsigned long long)t.count, t.avg / u->div, t.p50 / u->div, t.p99 / u->div,
			(unsigned long long)d.count, d.avg / u->div, d.p50 / u->div, d.p99 / u->div,
			key);
		shown++;
	}
}

static void sum_json(struct wt_json *j, const char *name, const struct wt_hist *h)
{
	struct wt_bk_sum s;

	wt_bk_summarize(h, &s);
	wt_json_obj_begin(j, name);
	wt_json_u64(j, "count", s.count);
	wt_json_u64(j, "avg_ns", s.avg);
	wt_json_u64(j, "p50_ns", s.p50);
	wt_json_u64(j, "p99_ns", s.p99);
	wt_json_obj_end(j);
}

void wt_bk_print_json(FILE *f, const char *schema, uint32_t kind, const struct wt_bk_entry *e,
		      size_t n, unsigned int top, uint64_t overflow)
{
	size_t i, rank = 0, nk = count_kind(kind, e, n);
	char dev[24], path[WT_FILE_LEN + 300], comm[WT_COMM_LEN + 1];
	struct wt_json j;

	for (i = 0; i < n && (!top || rank < top); i++) {
		if (e[i].key.kind != kind)
			continue;
		rank++;
		wt_json_record(&j, f, schema, "breakdown");
		wt_json_str(&j, "by", wt_bk_kind_name(kind));
		wt_json_u64(&j, "rank", rank);
		wt_json_u64(&j, "keys", nk);
		wt_json_u64(&j, "overflow", overflow);
		wt_format_dev(e[i].key.dev, dev, sizeof(dev));
		switch (kind) {
		case WT_BK_PID:
			memcpy(comm, e[i].val.comm, WT_COMM_LEN);
			comm[WT_COMM_LEN] = 0;
			wt_json_u64(&j, "pid", e[i].key.id);
			wt_json_str(&j, "comm", comm);
			break;
		case WT_BK_FILE:
			wt_json_str(&j, "dev", dev);
			wt_json_u64(&j, "ino", e[i].key.id);
			wt_json_str(&j, "file", wt_file_join(e[i].val.file,
							     wt_mount_point(e[i].key.dev),
							     path, sizeof(path)));
			break;
		default:
			wt_json_str(&j, "dev", dev);
			break;
		}
		sum_json(&j, "total", &e[i].val.total);
		sum_json(&j, "device", &e[i].val.device);
		wt_json_obj_end(&j);
		wt_json_line_end(&j);
	}
}
