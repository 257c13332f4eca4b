// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wt/breakdown.h"
#include "wt/dev.h"
#include "wt/openmetrics.h"
#include "wt/stages.h"
#include "wt/utf8.h"

/* HELP of each counter; its family is "wt_" and its JSON name (stages.c) */
static const char *const counter_help[WT_CNT_NR] = {
	[WT_CNT_WRITES] = "Write-through path writes completed (aio and io_uring ones at their completion).",
	[WT_CNT_ERRORS] = "Write-through path writes that returned an error.",
	[WT_CNT_BYTES] = "Bytes written by write-through path writes.",
	[WT_CNT_FALLBACK] = "Write-through calls that took the buffered fallback (reflink, COW, zoned).",
	[WT_CNT_FB_ERRORS] = "Fallback writes that returned an error.",
	[WT_CNT_FB_BYTES] = "Bytes written by fallback writes.",
	[WT_CNT_EAGAIN] = "Write-through calls that returned EAGAIN (RWF_NOWAIT); in no histogram.",
	[WT_CNT_BEGIN_ALL] = "iomap_begin calls of write-through writes (call 1 and call 2).",
	[WT_CNT_BEGIN1] = "iomap_begin call 1 of write-through writes (front end).",
	[WT_CNT_BEGIN2] = "iomap_begin call 2 of write-through writes (direct I/O back end).",
	[WT_CNT_SUBMITS] = "Batches handed to direct I/O by write-through writes.",
	[WT_CNT_BIOS] = "Bios of those batches sent to the device.",
	[WT_CNT_FOLIOS] = "Folios written through.",
	[WT_CNT_LOST] = "Events wtsnoop dropped (always 0 for wtlat).",
	[WT_CNT_ORPHANS] = "Completions with no write state to match.",
	[WT_CNT_STALE] = "Write state left by a call whose end was missed.",
	[WT_CNT_INSERT_FAIL] = "Write or batch state that could not be stored.",
	[WT_CNT_ASYNC] = "Writes (of wt_writes) that completed after returning -EIOCBQUEUED.",
	[WT_CNT_QUEUED] = "Calls that returned -EIOCBQUEUED.",
	[WT_CNT_ASYNC_ORPHANS] = "Completions of queued aio/io_uring writes with no state to match.",
	[WT_CNT_ATOMIC] = "Writes (of wt_writes) with RWF_ATOMIC.",
	[WT_CNT_ATOMIC_HW] = "Atomic writes sent as one REQ_ATOMIC bio (hardware path).",
	[WT_CNT_ATOMIC_SW] = "Atomic writes written out of place and remapped (software path).",
};

/* counters measured in a unit: their family name ends in it */
static const char *counter_unit(int k)
{
	return k == WT_CNT_BYTES || k == WT_CNT_FB_BYTES ? "bytes" : NULL;
}

void wt_om_float(char *buf, size_t len, double v)
{
	char e[40], digits[24], *p;
	int prec, exp, nd = 0, i;
	size_t o = 0;

	if (isinf(v)) {
		snprintf(buf, len, "%s", v > 0 ? "+Inf" : "-Inf");
		return;
	}
	if (isnan(v)) {
		snprintf(buf, len, "NaN");
		return;
	}
	if (v == 0) {
		snprintf(buf, len, "0.0");
		return;
	}
	if (v < 0 && len > 1) {
		buf[0] = '-';
		wt_om_float(buf + 1, len - 1, -v);
		return;
	}
	/* the fewest significant digits that read back as v */
	for (prec = 1; prec <= 17; prec++) {
		snprintf(e, sizeof(e), "%.*e", prec - 1, v);
		if (strtod(e, NULL) == v)
			break;
	}
	for (p = e; *p && *p != 'e'; p++)
		if (*p != '.')
			digits[nd++] = *p;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = 0;
	exp = atoi(p + 1);
	if (exp < -4 || exp >= 6) {
		/* d[.ddd]e±XX, as Go's %g */
		snprintf(buf, len, "%c%s%se%c%02d", digits[0], nd > 1 ? "." : "", digits + 1,
			 exp < 0 ? '-' : '+', abs(exp));
		return;
	}
	if (exp < 0) {
		o += snprintf(buf + o, len - o, "0.");
		for (i = 0; i < -exp - 1; i++)
			o += snprintf(buf + o, len - o, "0");
		snprintf(buf + o, len - o, "%s", digits);
	} else if (nd <= exp + 1) {
		o += snprintf(buf + o, len - o, "%s", digits);
		for (i = nd; i < exp + 1; i++)
			o += snprintf(buf + o, len - o, "0");
		snprintf(buf + o, len - o, ".0");
	} else {
		snprintf(buf + o, len - o, "%.*s.%s", exp + 1, digits, digits + exp + 1);
	}
}

uint64_t wt_om_below(const struct wt_hist *h, unsigned int k)
{
	uint64_t n = 0, bound = k >= 64 ? ~0ull : 1ull << k;
	unsigned int b;

	/* 2^k is a bucket bound (k >= 2): whole buckets lie below it */
	for (b = 0; b < WT_HIST_SLOTS && wt_bucket_low(b) < bound; b++)
		n += h->slots[b];
	return n < h->count ? n : h->count;
}

/* ns as seconds, exactly: 1234567890 -> 1.234567890 */
static void seconds(FILE *f, uint64_t ns)
{
	fprintf(f, "%llu.%09llu", (unsigned long long)(ns / 1000000000u),
		(unsigned long long)(ns % 1000000000u));
}

static void meta(FILE *f, const char *name, const char *type, const char *unit,
		 const char *help)
{
	fprintf(f, "# TYPE %s %s\n", name, type);
	if (unit)
		fprintf(f, "# UNIT %s %s\n", name, unit);
	fprintf(f, "# HELP %s %s\n", name, help);
}

/* one histogram's samples; label: "stage=\"total\"," or "" */
static void hist(FILE *f, const char *name, const char *label, const struct wt_hist *h)
{
	const char *sep = *label ? "{" : "";
	char le[40];
	unsigned int k;
	size_t n = strlen(label);

	for (k = WT_OM_LE_FIRST; k <= WT_OM_LE_LAST; k++) {
		wt_om_float(le, sizeof(le), (double)(1ull << k) / 1e9);
		fprintf(f, "%s_bucket{%sle=\"%s\"} %llu\n", name, label, le,
			(unsigned long long)wt_om_below(h, k));
	}
	fprintf(f, "%s_bucket{%sle=\"+Inf\"} %llu\n", name, label, (unsigned long long)h->count);
	/* the label without its trailing comma */
	fprintf(f, "%s_count%s%.*s%s %llu\n", name, sep, n ? (int)n - 1 : 0, label,
		*label ? "}" : "", (unsigned long long)h->count);
	fprintf(f, "%s_sum%s%.*s%s ", name, sep, n ? (int)n - 1 : 0, label, *label ? "}" : "");
	seconds(f, h->sum);
	fputc('\n', f);
}

char *wt_om_label(const char *s, size_t len, char *out, size_t outlen)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0, l;

	if (!outlen)
		return out;
	while (i < len && u[i]) {
		const char *rep = NULL;

		l = wt_utf8_len(u + i, len - i);	/* a NUL is never a continuation byte */
		if (!l) {
			rep = "\xef\xbf\xbd";	/* U+FFFD */
			l = 1;
		} else if (u[i] == '\\') {
			rep = "\\\\";
		} else if (u[i] == '"') {
			rep = "\\\"";
		} else if (u[i] == '\n') {
			rep = "\\n";
		}
		if (rep) {
			if (o + strlen(rep) >= outlen)
				break;
			memcpy(out + o, rep, strlen(rep));
			o += strlen(rep);
		} else {
			if (o + l >= outlen)
				break;
			memcpy(out + o, s + i, l);
			o += l;
		}
		i += l;
	}
	out[o] = 0;
	return out;
}

/* the breakdowns: one histogram family per kind, stage total and device */
static void breakdowns(FILE *f, const struct wt_om_bk *bk)
{
	static const char *const family[] = {
		[WT_BK_PID] = "wt_process_stage_seconds",
		[WT_BK_FILE] = "wt_file_stage_seconds",
		[WT_BK_DEV] = "wt_device_stage_seconds",
	};
	static const char *const help[] = {
		[WT_BK_PID] = "Per process (pid, comm of its first write): the total and device stages"
			      " of its write-through path writes, cumulative since wtlat started.",
		[WT_BK_FILE] = "Per file (dev, ino, path): the total and device stages of its"
			       " write-through path writes, cumulative since wtlat started.",
		[WT_BK_DEV] = "Per device (dev): the total and device stages of its write-through"
			      " path writes, cumulative since wtlat started.",
	};
	char dev[24], path[WT_FILE_LEN + 300], val[3 * (WT_FILE_LEN + 300)], label[4 * WT_FILE_LEN + 1024];
	uint32_t k;
	size_t i, rank;

	for (k = WT_BK_PID; k <= WT_BK_DEV; k++) {
		if (!(bk->kinds & (1u << k)))
			continue;
		meta(f, family[k], "histogram", "seconds", help[k]);
		for (i = 0, rank = 0; i < bk->n && (!bk->top || rank < bk->top); i++) {
			const struct wt_bk_entry *e = &bk->e[i];
			size_t o;

			if (e->key.kind != k)
				continue;
			rank++;
			wt_format_dev(e->key.dev, dev, sizeof(dev));
			if (k == WT_BK_PID) {
				wt_om_label(e->val.comm, WT_COMM_LEN, val, sizeof(val));
				o = snprintf(label, sizeof(label), "pid=\"%llu\",comm=\"%s\",",
					     (unsigned long long)e->key.id, val);
			} else if (k == WT_BK_FILE) {
				wt_file_join(e->val.file, wt_mount_point(e->key.dev), path, sizeof(path));
				wt_om_label(path, sizeof(path), val, sizeof(val));
				o = snprintf(label, sizeof(label), "dev=\"%s\",ino=\"%llu\",path=\"%s\",",
					     dev, (unsigned long long)e->key.id, val);
			} else {
				o = snprintf(label, sizeof(label), "dev=\"%s\",", dev);
			}
			snprintf(label + o, sizeof(label) - o, "stage=\"total\",");
			hist(f, family[k], label, &e->val.total);
			snprintf(label + o, sizeof(label) - o, "stage=\"device\",");
			hist(f, family[k], label, &e->val.device);
		}
	}
	meta(f, "wt_breakdown_overflow", "counter", NULL,
	     "Breakdown keys (processes, files, devices) the BPF map had no room for.");
	fprintf(f, "wt_breakdown_overflow_total %llu\n", (unsigned long long)bk->overflow);
}

int wt_om_write(FILE *f, const struct wt_snap *tot, const struct wt_om_info *info)
{
	char name[64], label[48];
	int s, k;

	meta(f, "wt_stage_seconds", "histogram", "seconds",
	     "Per write-through path write, the time of each stage (stage label; total is the"
	     " whole call, other the rest of it). Cumulative since wtlat started.");
	for (s = 0; s < WT_STAGE_NR; s++) {
		if (!(wt_traced.stages & (1u << s)))
			continue;	/* not traced (wtlat -S) */
		snprintf(label, sizeof(label), "stage=\"%s\",", wt_stage_names[s]);
		hist(f, "wt_stage_seconds", label, &tot->hist[s]);
	}
	meta(f, "wt_fallback_seconds", "histogram", "seconds",
	     "Whole call of the writes that took the buffered fallback.");
	hist(f, "wt_fallback_seconds", "", &tot->hist[WT_HIST_FALLBACK]);
	meta(f, "wt_async_submit_seconds", "histogram", "seconds",
	     "Asynchronous writes: begin until their call returned -EIOCBQUEUED.");
	hist(f, "wt_async_submit_seconds", "", &tot->hist[WT_HIST_SUBMIT]);
	for (k = 0; k < WT_CNT_NR; k++) {
		if (!wt_counted(k))
			continue;
		snprintf(name, sizeof(name), "wt_%s", wt_counter_names[k]);
		meta(f, name, "counter", counter_unit(k), counter_help[k]);
		fprintf(f, "%s_total %llu\n", name, (unsigned long long)tot->cnt[k]);
	}
	meta(f, "wt_recursion_misses", "counter", NULL,
	     "Runs of the BPF programs the kernel skipped: their events are missing.");
	fprintf(f, "wt_recursion_misses_total %llu\n",
		(unsigned long long)tot->prog.recursion_misses);
	meta(f, "wt_traced_seconds", "counter", "seconds",
	     "Time traced: from wtlat's first read of the maps to its last.");
	fputs("wt_traced_seconds_total ", f);
	seconds(f, info->seconds_ns);
	fputc('\n', f);
	meta(f, "wt_start_time_seconds", "gauge", "seconds",
	     "Wall clock when wtlat started counting (the counters restart from 0 with it).");
	fputs("wt_start_time_seconds ", f);
	seconds(f, info->start_real_ns);
	fputc('\n', f);
	if (info->bk)
		breakdowns(f, info->bk);
	fputs("# EOF\n", f);
	return ferror(f) ? -1 : 0;
}
