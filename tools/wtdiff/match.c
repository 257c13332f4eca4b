// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "match.h"

const char *const wtd_rule_names[WTD_RULE_NR] = {
	"schema version", "kernel release", "series head", "series tag", "CPU count",
	"filters", "options",
};

const char *const wtd_rule_keys[WTD_RULE_NR] = {
	NULL, "kernel", "series", "series", "cpus", "filters", "options",
};

/*
 * Where a rule's value lives in the start record.  The first candidate
 * that either run has is compared: one scalar, or with prefix every scalar
 * under the path, narrowed to the members named in only or leaving out
 * those in skip.  wtlat's own names (docs/tools.md) come first.
 */
struct cand {
	const char *path;
	bool prefix;
	const char *const *only;
	const char *const *skip;
};

#define NCAND 4

static const char *const filter_keys[] = { "pid", "cgroup", "dev", NULL };
/*
 * Options that do not change what a write costs: the report interval and
 * count (intervals are summed), the stages shown (a stage missing from a
 * run is reported as such), where the BTF came from.
 */
static const char *const option_skip[] = {
	"pid", "cgroup", "dev", "interval_s", "count", "stages", "btf", NULL,
};

static const struct cand rules[WTD_RULE_NR][NCAND] = {
	[WTD_RULE_SCHEMA] = { { "schema" } },
	[WTD_RULE_KERNEL] = { { "kernel.release" }, { "kernel_release" }, { "release" } },
	[WTD_RULE_SERIES_HEAD] = { { "series_head" }, { "kernel.series_head" }, { "series.head" } },
	[WTD_RULE_SERIES_TAG] = { { "series_tag" }, { "kernel.series_tag" }, { "series.tag" } },
	[WTD_RULE_CPUS] = { { "cpus.online" }, { "cpus" }, { "nr_cpus" } },
	[WTD_RULE_FILTERS] = { { "options", true, filter_keys }, { "filters", true } },
	[WTD_RULE_OPTIONS] = { { "options", true, NULL, option_skip } },
};

static bool in_list(const char *const *list, const char *key, size_t n)
{
	for (; *list; list++)
		if (strlen(*list) == n && !strncmp(*list, key, n))
			return true;
	return false;
}

/* path is c->path or below it, and passes the only/skip lists. */
static bool selects(const struct cand *c, const char *path)
{
	size_t n = strlen(c->path), k;
	const char *sub;

	if (!c->prefix)
		return !strcmp(path, c->path);
	if (strncmp(path, c->path, n) || (path[n] && path[n] != '.' && path[n] != '['))
		return false;
	if (path[n] != '.')
		return !c->only;	/* the whole value, or an array item */
	sub = path + n + 1;
	k = strcspn(sub, ".[");
	if (c->only && !in_list(c->only, sub, k))
		return false;
	if (c->skip && in_list(c->skip, sub, k))
		return false;
	return true;
}

static bool run_has(const struct wtd_run *r, const struct cand *c)
{
	size_t i;

	for (i = 0; i < r->nstart; i++)
		if (selects(c, r->start[i].path))
			return true;
	return false;
}

static const struct cand *rule_cand(const struct wtd_run *a, const struct wtd_run *b,
				    enum wtd_rule rule)
{
	const struct cand *c;
	int i;

	for (i = 0; i < NCAND && rules[rule][i].path; i++) {
		c = &rules[rule][i];
		if (run_has(a, c) || run_has(b, c))
			return c;
	}
	return NULL;
}

const char *wtd_run_value(const struct wtd_run *run, enum wtd_rule rule)
{
	const struct cand *c = rule_cand(run, run, rule);
	const struct wtd_leaf *l = c && !c->prefix ? wtd_run_leaf(run, c->path) : NULL;

	return l && !l->is_null ? l->value : NULL;
}

int wtd_parse_allow(const char *s, unsigned int *mask)
{
	const char *p = s, *comma;
	unsigned int m = 0;
	bool found;
	size_t n;
	int r;

	for (;;) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		found = false;
		for (r = 0; r < WTD_RULE_NR; r++) {
			if (wtd_rule_keys[r] && strlen(wtd_rule_keys[r]) == n &&
			    !strncmp(p, wtd_rule_keys[r], n)) {
				m |= 1u << r;
				found = true;
			}
		}
		if (!found)
			return -1;
		if (!comma)
			break;
		p = comma + 1;
	}
	*mask = m;
	return 0;
}

static bool leaf_eq(const struct wtd_leaf *a, const struct wtd_leaf *b)
{
	if (a->is_num && b->is_num)
		return a->num == b->num;
	return !strcmp(a->value, b->value);
}

__attribute__((format(printf, 3, 4)))
static void add_reason(struct wtd_match *m, bool allowed, const char *fmt, ...)
{
	va_list ap;
	char *p;

	if (m->n < WTD_MAX_REASONS) {
		va_start(ap, fmt);
		vsnprintf(m->reason[m->n], WTD_REASON_LEN, fmt, ap);
		va_end(ap);
		/* values from the files may hold anything: one line */
		for (p = m->reason[m->n]; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
		m->allowed[m->n] = allowed;
	}
	m->n++;
	if (!allowed)
		m->nmismatch++;
}

/* Every selected scalar of a must be in b with the same value; the first difference is kept. */
static bool prefix_diff(const struct wtd_run *a, const struct wtd_run *b, const struct cand *c,
			struct wtd_match *m, const char *what, bool a_is_base, bool allowed)
{
	const struct wtd_leaf *la, *lb;
	size_t i;

	for (i = 0; i < a->nstart; i++) {
		la = &a->start[i];
		if (!selects(c, la->path))
			continue;
		lb = wtd_run_leaf(b, la->path);
		if (!lb) {
			add_reason(m, allowed, "%s differ: %s is %.60s in %s only", what, la->path,
				   la->value, a_is_base ? "BASE" : "NEW");
			return true;
		}
		if (!leaf_eq(la, lb)) {
			add_reason(m, allowed, "%s differ: %s is %.60s in BASE, %.60s in NEW", what,
				   la->path, a_is_base ? la->value : lb->value,
				   a_is_base ? lb->value : la->value);
			return true;
		}
	}
	return false;
}

unsigned int wtd_match_runs(const struct wtd_run *base, const struct wtd_run *new_,
			    unsigned int allow, struct wtd_match *m)
{
	const struct wtd_leaf *lb, *ln;
	const struct cand *c;
	bool allowed;
	int r;

	memset(m, 0, sizeof(*m));
	for (r = 0; r < WTD_RULE_NR; r++) {
		c = rule_cand(base, new_, r);
		allowed = allow & (1u << r);
		if (!c) {
			m->unchecked |= 1u << r;
			continue;
		}
		if (c->prefix) {
			if (!prefix_diff(base, new_, c, m, wtd_rule_names[r], true, allowed))
				prefix_diff(new_, base, c, m, wtd_rule_names[r], false, allowed);
			continue;
		}
		lb = wtd_run_leaf(base, c->path);
		ln = wtd_run_leaf(new_, c->path);
		if (!lb || !ln)
			add_reason(m, allowed, "%s: %.60s recorded in %s only", wtd_rule_names[r],
				   (lb ? lb : ln)->value, lb ? "BASE" : "NEW");
		else if (!leaf_eq(lb, ln))
			add_reason(m, allowed, "%s differs: %.60s in BASE, %.60s in NEW",
				   wtd_rule_names[r], lb->value, ln->value);
	}
	return m->nmismatch;
}
