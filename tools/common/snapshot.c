// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "wt/hist.h"
#include "wt/snapshot.h"

void wt_snap_merge(struct wt_snap *s, const struct wt_stats *percpu, int ncpu, uint64_t ep)
{
	int c, k, b;

	memset(s->cnt, 0, sizeof(s->cnt));
	memset(s->hist, 0, sizeof(s->hist));
	memset(s->has_mm, 0, sizeof(s->has_mm));
	s->epoch = ep;
	for (c = 0; c < ncpu; c++) {
		const struct wt_stats *p = &percpu[c];

		for (k = 0; k < WT_CNT_NR; k++)
			s->cnt[k] += p->cnt[k];
		for (k = 0; k < WT_HIST_NR; k++) {
			const struct wt_hist *src = &p->hist[k];
			struct wt_hist *dst = &s->hist[k];

			for (b = 0; b < WT_HIST_SLOTS; b++)
				dst->slots[b] += src->slots[b];
			dst->count += src->count;
			dst->sum += src->sum;
			if (!src->count || src->mm_epoch != ep)
				continue;
			if (!s->has_mm[k] || src->min < dst->min)
				dst->min = src->min;
			if (!s->has_mm[k] || src->max > dst->max)
				dst->max = src->max;
			s->has_mm[k] = true;
		}
	}
}

static uint64_t sub(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

void wt_snap_diff(const struct wt_snap *prev, const struct wt_snap *cur, struct wt_snap *out)
{
	int k, b, first, last;

	memset(out, 0, sizeof(*out));
	out->epoch = cur->epoch;
	out->mono_ns = cur->mono_ns;
	out->retries = cur->retries;
	out->torn = cur->torn;
	out->prog.run_cnt = sub(cur->prog.run_cnt, prev->prog.run_cnt);
	out->prog.run_time_ns = sub(cur->prog.run_time_ns, prev->prog.run_time_ns);
	out->prog.recursion_misses = sub(cur->prog.recursion_misses, prev->prog.recursion_misses);
	for (k = 0; k < WT_CNT_NR; k++)
		out->cnt[k] = sub(cur->cnt[k], prev->cnt[k]);
	for (k = 0; k < WT_HIST_NR; k++) {
		const struct wt_hist *c = &cur->hist[k], *p = &prev->hist[k];
		struct wt_hist *h = &out->hist[k];
		__u64 lo, hi;

		first = last = -1;
		for (b = 0; b < WT_HIST_SLOTS; b++) {
			h->slots[b] = sub(c->slots[b], p->slots[b]);
			if (h->slots[b]) {
				if (first < 0)
					first = b;
				last = b;
			}
		}
		h->count = sub(c->count, p->count);
		h->sum = sub(c->sum, p->sum);
		if (first < 0)
			continue;
		/* the bounds of the interval's extreme buckets */
		lo = wt_bucket_low(first);
		hi = wt_bucket_high(last) - 1;
		if (last + 1 >= WT_BUCKET_NR)
			hi = ~0ull;
		h->min = lo;
		h->max = hi;
		if (cur->has_mm[k]) {
			if (c->min >= lo && c->min < wt_bucket_high(first))
				h->min = c->min;
			if (c->max <= hi && c->max >= wt_bucket_low(last))
				h->max = c->max;
		}
		out->has_mm[k] = true;
	}
}

void wt_snap_add(struct wt_snap *tot, const struct wt_snap *iv)
{
	int k;

	for (k = 0; k < WT_CNT_NR; k++)
		tot->cnt[k] += iv->cnt[k];
	for (k = 0; k < WT_HIST_NR; k++) {
		wt_hist_merge(&tot->hist[k], &iv->hist[k]);
		tot->has_mm[k] = tot->hist[k].count != 0;
	}
	tot->prog.run_cnt += iv->prog.run_cnt;
	tot->prog.run_time_ns += iv->prog.run_time_ns;
	tot->prog.recursion_misses += iv->prog.recursion_misses;
	tot->retries += iv->retries;
	tot->torn |= iv->torn;
	tot->mono_ns = iv->mono_ns;
}
