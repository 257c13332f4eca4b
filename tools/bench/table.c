// SPDX-License-Identifier: GPL-2.0
/* The text table: a block per section, a row per cell. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"

static const char *const section_titles[BS_NR] = {
	"latency by write size: sync engine, 1 thread, sequential overwrite",
	"latency by pattern: sync engine, 1 thread",
	"throughput by queue depth: sequential overwrite, 1 thread",
	"scaling by threads: sync engine, sequential overwrite (disjoint ranges)",
	"the tools' cost: sync engine, 1 thread, sequential overwrite",
};

static void key(char *buf, size_t len, const struct bench_cell *c)
{
	char sz[16];

	bench_size_str(c->size, sz, sizeof(sz));
	switch (c->sec) {
	case BS_SIZE:
		snprintf(buf, len, "%-6s", sz);
		break;
	case BS_PATTERN:
		snprintf(buf, len, "%-6s %-7s", sz, bench_pattern_names[c->pattern]);
		break;
	case BS_QD:
		snprintf(buf, len, "%-6s %-8s %4u", sz, load_engine_names[c->engine], c->qd);
		break;
	case BS_THREADS:
		snprintf(buf, len, "%-6s %7u %-5s", sz, c->threads, c->sep_files ? "each" : "one");
		break;
	default:
		snprintf(buf, len, "%-6s %-7s", sz, bench_tool_names[c->tool]);
		break;
	}
}

static const char *const key_heads[BS_NR] = {
	"SIZE  ", "SIZE   PATTERN", "SIZE   ENGINE     QD", "SIZE   THREADS FILES",
	"SIZE   TOOL   ",
};

static void fig(char *buf, size_t len, const struct bench_summary *s, const char *fmt1)
{
	char a[20], b[20], c[20];

	if (!s->n || isnan(s->median)) {
		snprintf(buf, len, "-");
		return;
	}
	snprintf(a, sizeof(a), fmt1, s->median);
	snprintf(b, sizeof(b), fmt1, s->min);
	snprintf(c, sizeof(c), fmt1, s->max);
	snprintf(buf, len, "%s [%s-%s]", a, b, c);
}

static void ratio(FILE *f, double r)
{
	if (isnan(r))
		fprintf(f, " %9s", "-");
	else
		fprintf(f, " %9.2f", r);
}

void bench_table(FILE *f, const struct bench_matrix *m)
{
	unsigned int sec, i, reps;

	for (sec = 0; sec < BS_NR; sec++) {
		int any = 0;

		for (i = 0; i < m->n; i++)
			any |= m->cells[i].sec == sec;
		if (!any)
			continue;
		reps = m->reps;
		fprintf(f, "\n== %s: %s\n", bench_section_names[sec], section_titles[sec]);
		fprintf(f, "   median of %u repetitions [min-max]; ratios of medians of %s (%s)\n",
			reps, bench_section_metric(sec) == BM_LAT_P50 ? "p50 latency" : "MiB/s",
			bench_section_metric(sec) == BM_LAT_P50 ? "lower is better" :
			"higher is better");
		fprintf(f, "%s %-11s %-26s %-26s", key_heads[sec], "MODE", "P50_US", "MIB/S");
		if (sec == BS_TOOLS)
			fprintf(f, " %9s\n", "/UNTRACED");
		else
			fprintf(f, " %9s %9s\n", "/DIRECT", "/FDATASYNC");
		for (i = 0; i < m->n; i++) {
			const struct bench_cell *c = &m->cells[i];
			char k[64], lat[64], thr[64];

			if (c->sec != sec)
				continue;
			key(k, sizeof(k), c);
			fprintf(f, "%s %-11s ", k, load_mode_names[c->mode]);
			if (c->status != CS_OK) {
				fprintf(f, "%s: %s", bench_status_names[c->status], c->err);
				if (!strcmp(c->err, "no tool") || !strcmp(c->err, "short"))
					fprintf(f, " (%s)", c->msg);
				fputc('\n', f);
				continue;
			}
			fig(lat, sizeof(lat), &c->sum[BM_LAT_P50], "%.1f");
			fig(thr, sizeof(thr), &c->sum[BM_MIBPS], "%.2f");
			fprintf(f, "%-26s %-26s", lat, thr);
			if (sec == BS_TOOLS) {
				ratio(f, c->vs_untraced);
			} else {
				ratio(f, c->vs_direct);
				ratio(f, c->vs_fdatasync);
			}
			fputc('\n', f);
		}
	}
}
