// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <string.h>

#include "wt/json.h"
#include "report.h"

/* ------------------------------------------------------------ text */

/* At most max bytes of s, control characters as '?': the table stays one line per row. */
static void put_clean(FILE *f, const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i] && i < max; i++)
		fputc((unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i], f);
}

static void run_line(FILE *f, const char *label, const struct wtd_run *r)
{
	const char *k = wtd_run_value(r, WTD_RULE_KERNEL), *s = wtd_run_value(r, WTD_RULE_SERIES_HEAD);
	const char *c = wtd_run_value(r, WTD_RULE_CPUS);
	const struct wtd_leaf *t;

	fprintf(f, "%-4s ", label);
	put_clean(f, r->file, 200);
	fprintf(f, ": ");
	put_clean(f, r->schema, 40);
	if (k) {
		fprintf(f, ", kernel ");
		put_clean(f, k, 40);
	}
	if (s) {
		fprintf(f, ", series ");
		put_clean(f, s, 12);
	}
	if (c) {
		fprintf(f, ", ");
		put_clean(f, c, 8);
		fprintf(f, " CPUs");
	}
	t = wtd_run_leaf(r, "tag");
	if (t && !t->is_null) {
		fprintf(f, ", tag ");
		put_clean(f, t->value, 40);
	}
	if (r->from_end)
		fprintf(f, ", end-record totals");
	else
		fprintf(f, ", %llu interval%s %.1f s", (unsigned long long)r->intervals,
			r->intervals == 1 ? "" : "s", r->seconds);
	if (!r->ended)
		fprintf(f, ", no end record");
	fprintf(f, "\n");
}

/* What the run says it missed: the figures are then a lower bound of the traffic. */
static void notes(FILE *f, const char *label, const struct wtd_run *r)
{
	static const char *const missed[] = {
		"orphan_events", "stale_writes", "insert_failures", "recursion_misses",
		"lost_events",
	};
	unsigned long long v;
	size_t i;
	bool any = false;

	for (i = 0; i < sizeof(missed) / sizeof(missed[0]); i++) {
		v = wtd_run_counter(r, missed[i]);
		if (!v)
			continue;
		fprintf(f, "%s %s %llu", any ? "," : "note:", missed[i], v);
		any = true;
	}
	if (any)
		fprintf(f, " in %s: writes whose stages were missed\n", label);
	if (r->torn)
		fprintf(f, "note: %llu interval(s) of %s were read torn (bpf.read_torn)\n",
			(unsigned long long)r->torn, label);
}

static void val(FILE *f, double v, const struct wtd_unit *u)
{
	v /= u->div;
	fprintf(f, fabs(v) >= 1e5 ? " %12.0f" : " %12.2f", v);
}

static void signed_val(FILE *f, double v, const struct wtd_unit *u)
{
	v /= u->div;
	fprintf(f, fabs(v) >= 1e5 ? " %+12.0f" : " %+12.2f", v);
}

static void pct(FILE *f, double rel)
{
	if (isfinite(rel))
		fprintf(f, " %+8.1f%%", 100 * rel);
	else
		fprintf(f, " %9s", "new");
}

static void metric_row(FILE *f, const char *stage, const char *name, const struct wtd_metric *m,
		       const struct wtd_unit *u)
{
	fprintf(f, "%-9s %-7s", stage, name);
	val(f, m->base, u);
	val(f, m->new_, u);
	signed_val(f, m->delta, u);
	pct(f, m->rel);
	fprintf(f, "%s\n", m->significant ? "  *" : "");
}

static void pvalue(FILE *f, double p)
{
	if (p > 0)
		fprintf(f, "%.3g", p);
	else
		fprintf(f, "< 1e-300");
}

static void groups_text(FILE *f, const struct wtd_run *a, const struct wtd_run *b, int i,
			const struct wtd_chi2 *c, const struct wtd_unit *u)
{
	unsigned int g, k, first = 0;

	for (g = 0; g < c->groups; g++) {
		uint64_t na = 0, nb = 0;

		for (k = first; k <= c->group_end[g]; k++) {
			na += a->hist[i].slots[k];
			nb += b->hist[i].slots[k];
		}
		if (g % 3 == 0)
			fprintf(f, "%s%17s", g ? "\n" : "", "");
		fprintf(f, "  [%g, %g) %llu/%llu", wtd_bucket_low(first) / u->div,
			wtd_bucket_high(c->group_end[g]) / u->div, (unsigned long long)na,
			(unsigned long long)nb);
		first = c->group_end[g] + 1;
	}
	fprintf(f, "\n");
}

static void verdict_line(FILE *f, const struct wtd_stage *s, const struct wtd_opts *o)
{
	fprintf(f, "%17s", "");
	if (!s->chi2.tested) {
		if (!s->count_base || !s->count_new)
			fprintf(f, "not tested: no samples in %s\n", !s->count_base ? "BASE" : "NEW");
		else
			fprintf(f, "not tested: too few samples (one group of buckets)\n");
		return;
	}
	fprintf(f, "chi2 %.2f, df %u, p ", s->chi2.stat, s->chi2.df);
	pvalue(f, s->chi2.p);
	fprintf(f, " (alpha %g): ", o->alpha);
	switch (s->verdict) {
	case WTD_V_REGRESSED:
	case WTD_V_IMPROVED:
		fprintf(f, "%s (", s->verdict == WTD_V_REGRESSED ? "REGRESSED" : "improved");
		if (s->slower_p50 || s->faster_p50)
			fprintf(f, "p50 %+.1f%%%s", 100 * s->q[0].rel,
				(s->slower_mean || s->faster_mean) ? ", " : "");
		if (s->slower_mean || s->faster_mean)
			fprintf(f, "mean %+.1f%%", 100 * s->mean.rel);
		fprintf(f, ")\n");
		break;
	case WTD_V_CHANGED:
		fprintf(f, "differs, but p50 and mean within the error and the threshold\n");
		break;
	default:
		fprintf(f, "no change\n");
		break;
	}
}

void wtd_report_text(FILE *f, const struct wtd_run *base, const struct wtd_run *new_,
		     const struct wtd_match *m, const struct wtd_result *r,
		     const struct wtd_opts *o)
{
	const struct wtd_unit *u = &o->unit;
	char hb[16], hn[16], hd[16];
	unsigned int i, k;
	bool first = true;

	run_line(f, "BASE", base);
	run_line(f, "NEW", new_);
	for (i = 0; i < m->n && i < WTD_MAX_REASONS; i++) {
		fprintf(f, "warning: runs differ (%s): ", o->force ? "--force" : "--allow");
		put_clean(f, m->reason[i], WTD_REASON_LEN);
		fprintf(f, "\n");
	}
	notes(f, "BASE", base);
	notes(f, "NEW", new_);
	if (o->verbose) {
		for (i = 0; i < WTD_RULE_NR; i++)
			if (m->unchecked & (1u << i))
				fprintf(f, "match: %s not recorded in either run, not checked\n",
					wtd_rule_names[i]);
		if (!m->n)
			fprintf(f, "match: the runs match\n");
	}
	fprintf(f, "test: chi-square homogeneity of bucket counts, alpha %g; * = significant;"
		" regression: p50 or mean * and > %g%% slower\n\n", o->alpha, 100 * o->threshold);
	snprintf(hb, sizeof(hb), "base(%s)", u->name);
	snprintf(hn, sizeof(hn), "new(%s)", u->name);
	snprintf(hd, sizeof(hd), "delta(%s)", u->name);
	fprintf(f, "%-9s %-7s %12s %12s %12s %9s\n", "stage", "metric", hb, hn, hd, "delta%");
	for (i = 0; i < WTD_NHIST; i++) {
		const struct wtd_stage *s = &r->st[i];
		const char *name = wtd_hist_names[i];

		if (!s->chosen)
			continue;
		if (!s->in_base || !s->in_new) {
			/* fallback is recorded only when there were fallback writes */
			if (s->in_base || s->in_new)
				fprintf(f, "%-9s recorded in %s only, not compared\n", name,
					s->in_base ? "BASE" : "NEW");
			continue;
		}
		if (!first)
			fprintf(f, "\n");
		first = false;
		if (!s->count_base && !s->count_new) {
			fprintf(f, "%-9s no samples in either run\n", name);
			continue;
		}
		fprintf(f, "%-9s %-7s %12llu %12llu %+12lld", name, "count",
			(unsigned long long)s->count_base, (unsigned long long)s->count_new,
			(long long)(s->count_new - s->count_base));
		pct(f, wtd_rel((double)s->count_base, (double)s->count_new));
		fprintf(f, "\n");
		metric_row(f, "", s->mean_exact ? "mean" : "mean~", &s->mean, u);
		for (k = 0; k < WTD_NQ; k++)
			metric_row(f, "", wtd_q_names[k], &s->q[k], u);
		verdict_line(f, s, o);
		if (o->verbose && s->chi2.groups > 1)
			groups_text(f, base, new_, i, &s->chi2, u);
	}
	fprintf(f, "\n");
	if (r->regressed) {
		fprintf(f, "result: REGRESSED:");
		for (i = 0; i < WTD_NHIST; i++)
			if (r->st[i].verdict == WTD_V_REGRESSED)
				fprintf(f, " %s", wtd_hist_names[i]);
		fprintf(f, "\n");
	} else {
		fprintf(f, "result: no regression (%u no change, %u changed within limits,"
			" %u improved, %u not tested)\n", r->same, r->changed, r->improved,
			r->untested);
	}
}

/* ------------------------------------------------------------ JSON */

static void json_run(struct wt_json *j, const char *key, const struct wtd_run *r)
{
	const struct wtd_leaf *t;
	const char *v;
	size_t i;

	wt_json_obj_begin(j, key);
	wt_json_str(j, "file", r->file);
	wt_json_str(j, "schema", r->schema);
	if ((v = wtd_run_value(r, WTD_RULE_KERNEL)))
		wt_json_str(j, "kernel_release", v);
	if ((v = wtd_run_value(r, WTD_RULE_SERIES_HEAD)))
		wt_json_str(j, "series_head", v);
	if ((v = wtd_run_value(r, WTD_RULE_SERIES_TAG)))
		wt_json_str(j, "series_tag", v);
	if ((v = wtd_run_value(r, WTD_RULE_CPUS)))
		wt_json_str(j, "cpus", v);
	t = wtd_run_leaf(r, "tag");
	if (t && !t->is_null)
		wt_json_str(j, "tag", t->value);
	wt_json_u64(j, "intervals", r->intervals);
	wt_json_u64(j, "torn_intervals", r->torn);
	wt_json_dbl(j, "seconds", r->seconds);
	wt_json_bool(j, "ended", r->ended);
	wt_json_bool(j, "end_totals", r->from_end);
	wt_json_obj_begin(j, "counters");
	for (i = 0; i < r->ncounters; i++)
		wt_json_u64(j, r->counters[i].name, r->counters[i].value);
	wt_json_obj_end(j);
	wt_json_obj_end(j);
}

static void json_metric(struct wt_json *j, const char *key, const struct wtd_metric *m,
			bool is_mean)
{
	wt_json_obj_begin(j, key);
	wt_json_dbl(j, "base_ns", m->base);
	wt_json_dbl(j, "new_ns", m->new_);
	wt_json_dbl(j, "delta_ns", m->delta);
	wt_json_dbl(j, "delta_rel", m->rel);	/* +inf is written as null */
	if (is_mean)
		wt_json_dbl(j, "p_value", m->p);
	else
		wt_json_i64(j, "bucket_shift", m->shift);
	wt_json_bool(j, "significant", m->significant);
	wt_json_obj_end(j);
}

static void json_stage(struct wt_json *j, const struct wtd_run *a, const struct wtd_run *b, int i,
		       const struct wtd_stage *s)
{
	unsigned int g, k, first = 0;

	wt_json_obj_begin(j, wtd_hist_names[i]);
	wt_json_str(j, "verdict", wtd_verdict_names[s->verdict]);
	wt_json_bool(j, "in_base", s->in_base);
	wt_json_bool(j, "in_new", s->in_new);
	if (s->verdict == WTD_V_ABSENT) {
		wt_json_obj_end(j);
		return;
	}
	wt_json_obj_begin(j, "count");
	wt_json_u64(j, "base", s->count_base);
	wt_json_u64(j, "new", s->count_new);
	wt_json_dbl(j, "delta_rel", wtd_rel((double)s->count_base, (double)s->count_new));
	wt_json_obj_end(j);
	wt_json_bool(j, "mean_exact", s->mean_exact);
	json_metric(j, "mean", &s->mean, true);
	for (k = 0; k < WTD_NQ; k++)
		json_metric(j, wtd_q_keys[k], &s->q[k], false);
	wt_json_obj_begin(j, "chi2");
	wt_json_bool(j, "tested", s->chi2.tested);
	wt_json_dbl(j, "statistic", s->chi2.stat);
	wt_json_u64(j, "df", s->chi2.df);
	wt_json_dbl(j, "p_value", s->chi2.p);
	wt_json_arr_begin(j, "groups");
	for (g = 0; s->chi2.groups > 1 && g < s->chi2.groups; g++) {
		uint64_t na = 0, nb = 0;

		for (k = first; k <= s->chi2.group_end[g]; k++) {
			na += a->hist[i].slots[k];
			nb += b->hist[i].slots[k];
		}
		wt_json_obj_begin(j, NULL);
		wt_json_u64(j, "lo_ns", wtd_bucket_low(first));
		wt_json_u64(j, "hi_ns", wtd_bucket_high(s->chi2.group_end[g]));
		wt_json_u64(j, "base", na);
		wt_json_u64(j, "new", nb);
		wt_json_obj_end(j);
		first = s->chi2.group_end[g] + 1;
	}
	wt_json_arr_end(j);
	wt_json_obj_end(j);
	wt_json_arr_begin(j, "regressed_on");
	if (s->slower_p50)
		wt_json_str(j, NULL, "p50");
	if (s->slower_mean)
		wt_json_str(j, NULL, "mean");
	wt_json_arr_end(j);
	wt_json_arr_begin(j, "improved_on");
	if (s->faster_p50)
		wt_json_str(j, NULL, "p50");
	if (s->faster_mean)
		wt_json_str(j, NULL, "mean");
	wt_json_arr_end(j);
	wt_json_obj_end(j);
}

static void json_verdict_list(struct wt_json *j, const char *key, const struct wtd_result *r,
			      enum wtd_verdict v)
{
	int i;

	wt_json_arr_begin(j, key);
	for (i = 0; i < WTD_NHIST; i++)
		if (r->st[i].verdict == v)
			wt_json_str(j, NULL, wtd_hist_names[i]);
	wt_json_arr_end(j);
}

void wtd_report_json(FILE *f, const struct wtd_run *base, const struct wtd_run *new_,
		     const struct wtd_match *m, const struct wtd_result *r,
		     const struct wtd_opts *o)
{
	struct wt_json j;
	unsigned int i;

	wt_json_record(&j, f, WTD_SCHEMA, "diff");
	json_run(&j, "base", base);
	json_run(&j, "new", new_);
	wt_json_obj_begin(&j, "match");
	wt_json_bool(&j, "ok", !m->n);
	wt_json_bool(&j, "forced", m->n && o->force);
	wt_json_arr_begin(&j, "differences");
	for (i = 0; i < m->n && i < WTD_MAX_REASONS; i++)
		wt_json_str(&j, NULL, m->reason[i]);
	wt_json_arr_end(&j);
	wt_json_arr_begin(&j, "unchecked");
	for (i = 0; i < WTD_RULE_NR; i++)
		if (m->unchecked & (1u << i))
			wt_json_str(&j, NULL, wtd_rule_names[i]);
	wt_json_arr_end(&j);
	wt_json_obj_end(&j);
	wt_json_obj_begin(&j, "test");
	wt_json_str(&j, "name", "chi-square test of homogeneity on bucket counts");
	wt_json_dbl(&j, "alpha", o->alpha);
	wt_json_dbl(&j, "min_expected", WTD_MIN_EXPECTED);
	wt_json_dbl(&j, "threshold", o->threshold);
	wt_json_dbl(&j, "bucket_width", 1.0 / WT_SUB);
	wt_json_u64(&j, "min_bucket_shift", 2);
	wt_json_obj_end(&j);
	wt_json_obj_begin(&j, "stages");
	for (i = 0; i < WTD_NHIST; i++)
		if (r->st[i].chosen)
			json_stage(&j, base, new_, i, &r->st[i]);
	wt_json_obj_end(&j);
	json_verdict_list(&j, "regressed", r, WTD_V_REGRESSED);
	json_verdict_list(&j, "improved", r, WTD_V_IMPROVED);
	wt_json_u64(&j, "exit", r->regressed ? 1 : 0);
	wt_json_obj_end(&j);
	wt_json_line_end(&j);
}
