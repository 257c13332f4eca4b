// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <string.h>

#include "compare.h"

const double wtd_q[WTD_NQ] = { 0.5, 0.9, 0.99, 0.999 };
const char *const wtd_q_names[WTD_NQ] = { "p50", "p90", "p99", "p99.9" };
const char *const wtd_q_keys[WTD_NQ] = { "p50", "p90", "p99", "p99_9" };

const char *const wtd_verdict_names[] = {
	[WTD_V_ABSENT] = "absent", [WTD_V_UNTESTED] = "untested", [WTD_V_SAME] = "no change",
	[WTD_V_CHANGED] = "changed", [WTD_V_IMPROVED] = "improved",
	[WTD_V_REGRESSED] = "regressed",
};

double wtd_rel(double base, double new_)
{
	if (base > 0)
		return (new_ - base) / base;
	return new_ > 0 ? INFINITY : 0.0;
}

/* The mean: exact from sum / count, else from bucket midpoints. */
static double hist_mean(const struct wt_hist *h, bool exact)
{
	double n = 0, s = 0;
	unsigned int b;

	if (exact)
		return h->count ? (double)h->sum / (double)h->count : 0.0;
	for (b = 0; b <= WTD_LAST_BUCKET; b++) {
		n += (double)h->slots[b];
		s += (double)h->slots[b] *
		     ((double)wtd_bucket_low(b) + (double)wtd_bucket_high(b)) / 2;
	}
	return n ? s / n : 0.0;
}

static void set_metric(struct wtd_metric *m, double base, double new_)
{
	m->base = base;
	m->new_ = new_;
	m->delta = new_ - base;
	m->rel = wtd_rel(base, new_);
}

static void compare_stage(const struct wtd_run *a, const struct wtd_run *b, int i,
			  const struct wtd_opts *o, struct wtd_stage *s)
{
	const struct wt_hist *ha = &a->hist[i], *hb = &b->hist[i];
	unsigned int ba, bb;
	bool differ;
	int k;

	s->in_base = a->present[i];
	s->in_new = b->present[i];
	if (!s->chosen || !s->in_base || !s->in_new) {
		s->verdict = WTD_V_ABSENT;
		return;
	}
	s->count_base = ha->count;
	s->count_new = hb->count;
	s->mean_exact = a->have_sum[i] && b->have_sum[i];
	set_metric(&s->mean, hist_mean(ha, s->mean_exact), hist_mean(hb, s->mean_exact));
	for (k = 0; k < WTD_NQ; k++) {
		double va = (double)wtd_quantile(ha, wtd_q[k], &ba);
		double vb = (double)wtd_quantile(hb, wtd_q[k], &bb);

		set_metric(&s->q[k], va, vb);
		s->q[k].shift = (int)bb - (int)ba;
	}
	wtd_chi2_homogeneity(ha->slots, hb->slots, &s->chi2);
	s->mean.p = 1.0;
	if (!s->chi2.tested) {
		s->verdict = WTD_V_UNTESTED;
		return;
	}
	differ = s->chi2.p < o->alpha;
	s->mean.p = wtd_mean_test(ha, s->mean.base, hb, s->mean.new_);
	s->mean.significant = differ && s->mean.p < o->alpha;
	for (k = 0; k < WTD_NQ; k++)
		s->q[k].significant = differ && (s->q[k].shift >= 2 || s->q[k].shift <= -2);
	s->slower_p50 = s->q[0].significant && s->q[0].shift > 0 && s->q[0].rel > o->threshold;
	s->faster_p50 = s->q[0].significant && s->q[0].shift < 0 && s->q[0].rel < -o->threshold;
	s->slower_mean = s->mean.significant && s->mean.rel > o->threshold;
	s->faster_mean = s->mean.significant && s->mean.rel < -o->threshold;
	if (s->slower_p50 || s->slower_mean)
		s->verdict = WTD_V_REGRESSED;
	else if (s->faster_p50 || s->faster_mean)
		s->verdict = WTD_V_IMPROVED;
	else if (differ)
		s->verdict = WTD_V_CHANGED;
	else
		s->verdict = WTD_V_SAME;
}

void wtd_compare(const struct wtd_run *base, const struct wtd_run *new_,
		 const struct wtd_opts *o, struct wtd_result *r)
{
	int i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < WTD_NHIST; i++) {
		struct wtd_stage *s = &r->st[i];

		s->chosen = o->hists & (1u << i);
		compare_stage(base, new_, i, o, s);
		switch (s->verdict) {
		case WTD_V_REGRESSED: r->regressed++; break;
		case WTD_V_IMPROVED: r->improved++; break;
		case WTD_V_CHANGED: r->changed++; break;
		case WTD_V_SAME: r->same++; break;
		case WTD_V_UNTESTED: r->untested++; break;
		default: break;
		}
	}
}
