// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <string.h>

#include "wt/hist.h"
#include "wt/json.h"

const struct wt_unit wt_unit_ns = { 1.0, "nsecs" };
const struct wt_unit wt_unit_us = { 1e3, "usecs" };
const struct wt_unit wt_unit_ms = { 1e6, "msecs" };

void wt_hist_merge(struct wt_hist *dst, const struct wt_hist *src)
{
	int i;

	if (!src->count)
		return;
	for (i = 0; i < WT_HIST_SLOTS; i++)
		dst->slots[i] += src->slots[i];
	if (!dst->count || src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
	dst->count += src->count;
	dst->sum += src->sum;
}

double wt_hist_error_bound(void)
{
	return 0.5 / WT_SUB;
}

__u64 wt_hist_quantile(const struct wt_hist *h, double q, __u64 *lo, __u64 *hi)
{
	__u64 total = 0, rank, cum = 0, l, u;
	int b;

	for (b = 0; b < WT_HIST_SLOTS; b++)
		total += h->slots[b];
	if (!total) {
		if (lo)
			*lo = 0;
		if (hi)
			*hi = 0;
		return 0;
	}
	if (q <= 0)
		q = 1e-12;
	if (q > 1)
		q = 1;
	rank = (__u64)ceil(q * (double)total);
	if (rank < 1)
		rank = 1;
	for (b = 0; b < WT_HIST_SLOTS; b++) {
		cum += h->slots[b];
		if (cum >= rank)
			break;
	}
	if (b == WT_HIST_SLOTS)
		b = WT_HIST_SLOTS - 1;
	l = wt_bucket_low(b);
	u = wt_bucket_high(b);
	/* the exact extremes narrow the first and last buckets */
	if (h->count && h->min > l && h->min < u)
		l = h->min;
	if (h->count && h->max >= l && h->max < u)
		u = h->max + 1;
	if (lo)
		*lo = l;
	if (hi)
		*hi = u;
	return l + (u - 1 - l) / 2;
}

static void print_val(FILE *f, double v)
{
	if (v >= 100000)
		fprintf(f, "%10.0f", v);
	else
		fprintf(f, "%10.2f", v);
}

void wt_hist_print_summary(FILE *f, const struct wt_hist *h, const struct wt_unit *u)
{
	static const double qs[] = { 0.5, 0.9, 0.99, 0.999 };
	static const char *const names[] = { "p50", "p90", "p99", "p99.9" };
	int i;

	if (!h->count) {
		fprintf(f, "    count 0\n");
		return;
	}
	fprintf(f, "    count %llu  avg %.2f  min %.2f  max %.2f %s\n",
		(unsigned long long)h->count, (double)h->sum / h->count / u->div,
		h->min / u->div, h->max / u->div, u->name);
	fprintf(f, "   ");
	for (i = 0; i < 4; i++)
		fprintf(f, " %s %.2f", names[i], wt_hist_quantile(h, qs[i], NULL, NULL) / u->div);
	fprintf(f, " %s (each within +-%.1f%%)\n", u->name, 100 * wt_hist_error_bound());
}

static void stars(FILE *f, __u64 n, __u64 maxc, int width)
{
	int k, nst = maxc ? (int)((n * width + maxc - 1) / maxc) : 0;

	fputc('|', f);
	for (k = 0; k < width; k++)
		fputc(k < nst ? '*' : ' ', f);
	fputc('|', f);
}

void wt_hist_print_linear(FILE *f, const struct wt_hist *h, const char *title,
			  const struct wt_unit *u)
{
	__u64 maxc = 0;
	int first = -1, last = -1, b;

	fprintf(f, "%s\n", title);
	for (b = 0; b < WT_BUCKET_NR; b++) {
		if (!h->slots[b])
			continue;
		if (first < 0)
			first = b;
		last = b;
		if (h->slots[b] > maxc)
			maxc = h->slots[b];
	}
	if (first < 0) {
		fprintf(f, "    (no events)\n");
		return;
	}
	fprintf(f, "    %10s %-12s: %-8s distribution\n", u->name, "", "count");
	for (b = first; b <= last; b++) {
		fprintf(f, "    ");
		print_val(f, wt_bucket_low(b) / u->div);
		fprintf(f, " -> ");
		print_val(f, wt_bucket_high(b) / u->div);
		fprintf(f, " : %-8llu ", (unsigned long long)h->slots[b]);
		stars(f, h->slots[b], maxc, 40);
		fputc('\n', f);
	}
	wt_hist_print_summary(f, h, u);
}

void wt_hist_fmt_bound(char *buf, size_t len, double v, double div)
{
	char *p;

	snprintf(buf, len, "%.6f", v / div);
	p = buf + strlen(buf) - 1;
	while (p > buf && *p == '0')
		*p-- = 0;
	if (*p == '.')
		*p = 0;
}

#define LOG2_ROWS 64

void wt_hist_print(FILE *f, const struct wt_hist *h, const char *title,
		   const struct wt_unit *u)
{
	__u64 rows[LOG2_ROWS] = { 0 }, maxc = 0;
	int first = -1, last = -1, b, r;
	char lo[32], hi[32];

	fprintf(f, "%s\n", title);
	for (b = 0; b < WT_BUCKET_NR; b++) {
		if (!h->slots[b])
			continue;
		r = wt_hist_log2_row(b);
		rows[r] += h->slots[b];
		if (first < 0)
			first = r;
		last = r;
	}
	if (first < 0) {
		fprintf(f, "    (no events)\n");
		return;
	}
	for (r = first; r <= last; r++)
		if (rows[r] > maxc)
			maxc = rows[r];
	fprintf(f, "%14s%-16s : count    distribution\n", u->name, "");
	for (r = first; r <= last; r++) {
		wt_hist_fmt_bound(lo, sizeof(lo), r ? ldexp(1, r) : 0, u->div);
		wt_hist_fmt_bound(hi, sizeof(hi), ldexp(1, r + 1), u->div);
		fprintf(f, "%14s -> %-12s : %-8llu ", lo, hi, (unsigned long long)rows[r]);
		stars(f, rows[r], maxc, 40);
		fputc('\n', f);
	}
	wt_hist_print_summary(f, h, u);
}

void wt_hist_json(struct wt_json *j, const struct wt_hist *h)
{
	static const double qs[] = { 0.5, 0.9, 0.99, 0.999 };
	static const char *const names[] = { "p50", "p90", "p99", "p99_9" };
	__u64 lo, hi, v;
	int i, b;

	wt_json_u64(j, "count", h->count);
	wt_json_u64(j, "sum_ns", h->sum);
	wt_json_u64(j, "min_ns", h->count ? h->min : 0);
	wt_json_u64(j, "max_ns", h->max);
	wt_json_dbl(j, "avg_ns", h->count ? (double)h->sum / h->count : 0.0);
	wt_json_obj_begin(j, "percentiles");
	for (i = 0; i < 4; i++) {
		v = wt_hist_quantile(h, qs[i], &lo, &hi);
		wt_json_obj_begin(j, names[i]);
		wt_json_u64(j, "ns", v);
		/* the value lies in [lo, hi): its bucket narrowed by min and max */
		wt_json_u64(j, "lo_ns", lo);
		wt_json_u64(j, "hi_ns", hi);
		wt_json_u64(j, "bucket_lo_ns", h->count ? wt_bucket_low(wt_bucket(v)) : 0);
		wt_json_u64(j, "bucket_hi_ns", h->count ? wt_bucket_high(wt_bucket(v)) : 0);
		wt_json_obj_end(j);
	}
	wt_json_obj_end(j);
	wt_json_arr_begin(j, "buckets");
	for (b = 0; b < WT_HIST_SLOTS; b++) {
		if (!h->slots[b])
			continue;
		wt_json_obj_begin(j, NULL);
		wt_json_u64(j, "lo_ns", wt_bucket_low(b));
		wt_json_u64(j, "hi_ns", wt_bucket_high(b));
		wt_json_u64(j, "count", h->slots[b]);
		wt_json_obj_end(j);
	}
	wt_json_arr_end(j);
}
