// SPDX-License-Identifier: GPL-2.0
/*
 * Plots: per section a data file (gnuplot blocks, one per line of the
 * plot) and a gnuplot script that makes an SVG; gnuplot runs on them when
 * it is installed (Debian: gnuplot-nox), else the scripts stay for later.
 *   size.svg     p50 latency vs write size, a line per mode
 *   qd.svg       throughput vs queue depth, a line per engine and mode
 *   threads.svg  throughput vs threads, a line per mode and file layout
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

/* A line of a plot: the cells of a section that share everything but x. */
static int same_line(const struct bench_cell *a, const struct bench_cell *b)
{
	return a->sec == b->sec && a->mode == b->mode && a->engine == b->engine &&
	       a->sep_files == b->sep_files && a->pattern == b->pattern && a->tool == b->tool &&
	       (a->sec == BS_SIZE || a->size == b->size) &&
	       (a->sec == BS_QD || a->qd == b->qd) &&
	       (a->sec == BS_THREADS || a->threads == b->threads);
}

static double xval(const struct bench_cell *c)
{
	return c->sec == BS_SIZE ? c->size / 1024.0 : c->sec == BS_QD ? c->qd : c->threads;
}

static void line_title(char *buf, size_t len, const struct bench_cell *c)
{
	if (c->sec == BS_QD)
		snprintf(buf, len, "%s %s", load_engine_names[c->engine], load_mode_names[c->mode]);
	else if (c->sec == BS_THREADS)
		snprintf(buf, len, "%s, %s", load_mode_names[c->mode],
			 c->sep_files ? "a file each" : "one file");
	else
		snprintf(buf, len, "%s", load_mode_names[c->mode]);
}

static int cmp_x(const void *a, const void *b)
{
	double x = xval(*(const struct bench_cell *const *)a);
	double y = xval(*(const struct bench_cell *const *)b);

	return x < y ? -1 : x > y;
}

static int plot_section(const struct bench_matrix *m, const struct bench_kernel *k,
			const char *dir, enum bench_section sec, FILE *log)
{
	static const char *const titles[BS_NR] = {
		[BS_SIZE] = "p50 write latency by write size (sync, 1 thread, sequential overwrite)",
		[BS_QD] = "throughput by queue depth (1 thread, sequential overwrite)",
		[BS_THREADS] = "throughput by threads (sync, sequential overwrite)",
	};
	enum bench_metric met = sec == BS_SIZE ? BM_LAT_P50 : BM_MIBPS;
	const struct bench_cell **pts = calloc(m->n, sizeof(*pts));
	char *done = calloc(m->n, 1), path[600], t[96], sz[16];
	unsigned int i, j, np, blocks = 0;
	FILE *dat, *gp;
	int ret = 0;

	if (!pts || !done) {
		free(pts);
		free(done);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s.dat", dir, bench_section_names[sec]);
	dat = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/%s.gp", dir, bench_section_names[sec]);
	gp = fopen(path, "w");
	if (!dat || !gp) {
		if (dat)
			fclose(dat);
		if (gp)
			fclose(gp);
		free(pts);
		free(done);
		fprintf(log, "wtbench: cannot write %s: %m\n", path);
		return -1;
	}
	fprintf(gp, "# wtbench plot of section %s: gnuplot %s.gp makes %s.svg\n"
		"set terminal svg size 960,600 dynamic font 'sans,11' background '#ffffff'\n"
		"set termoption noenhanced\nset output '%s.svg'\n"
		"set title \"%s\\nkernel %s%s%s, median of %u repetitions, bars: min-max\"\n"
		"set grid\nset key outside right\n",
		bench_section_names[sec], bench_section_names[sec], bench_section_names[sec],
		bench_section_names[sec], titles[sec], k->release, *k->series ? " series " : "",
		k->series, m->reps);
	if (sec == BS_SIZE)
		fprintf(gp, "set logscale xy\nset xlabel 'write size (KiB)'\n"
			"set ylabel 'p50 latency (us)'\n");
	else
		fprintf(gp, "set logscale x 2\nset logscale y\nset xlabel '%s'\n"
			"set ylabel 'MiB/s (log scale)'\n", sec == BS_QD ? "queue depth" : "threads");
	for (i = 0; i < m->n; i++) {
		const struct bench_cell *c = &m->cells[i];

		if (c->sec != sec || done[i])
			continue;
		for (np = 0, j = i; j < m->n; j++)
			if (!done[j] && same_line(c, &m->cells[j])) {
				done[j] = 1;
				if (m->cells[j].status == CS_OK)
					pts[np++] = &m->cells[j];
			}
		if (!np)
			continue;
		qsort(pts, np, sizeof(*pts), cmp_x);
		line_title(t, sizeof(t), c);
		if (sec != BS_SIZE)
			snprintf(t + strlen(t), sizeof(t) - strlen(t), " %s",
				 bench_size_str(c->size, sz, sizeof(sz)));
		fprintf(dat, "%s# %s\n", blocks ? "\n\n" : "", t);
		for (j = 0; j < np; j++)
			fprintf(dat, "%g %g %g %g\n", xval(pts[j]), pts[j]->sum[met].median,
				pts[j]->sum[met].min, pts[j]->sum[met].max);
		fprintf(gp, "%s '%s.dat' index %u using 1:2:3:4 with yerrorlines title '%s'",
			blocks ? ", \\\n    " : "plot", bench_section_names[sec], blocks, t);
		blocks++;
	}
	fputc('\n', gp);
	fclose(dat);
	fclose(gp);
	free(pts);
	free(done);
	if (!blocks) {
		snprintf(path, sizeof(path), "%s/%s.gp", dir, bench_section_names[sec]);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%s.dat", dir, bench_section_names[sec]);
		unlink(path);
		return 0;
	}
	return ret;
}

static int have_gnuplot(void)
{
	return !system("command -v gnuplot >/dev/null 2>&1");
}

int bench_plot(const struct bench_matrix *m, const struct bench_kernel *k, const char *dir,
	       FILE *log)
{
	static const enum bench_section secs[] = { BS_SIZE, BS_QD, BS_THREADS };
	char cmd[1200];
	unsigned int i;
	int gnuplot = have_gnuplot(), ret = 0;

	for (i = 0; i < sizeof(secs) / sizeof(secs[0]); i++) {
		char path[600];

		if (plot_section(m, k, dir, secs[i], log))
			return -1;
		snprintf(path, sizeof(path), "%s/%s.gp", dir, bench_section_names[secs[i]]);
		if (access(path, F_OK))
			continue;
		if (!gnuplot) {
			fprintf(log, "wtbench: no gnuplot (apt-get install gnuplot-nox): run "
				"'cd %s && gnuplot %s.gp'\n", dir, bench_section_names[secs[i]]);
			continue;
		}
		snprintf(cmd, sizeof(cmd), "cd '%s' && gnuplot %s.gp", dir,
			 bench_section_names[secs[i]]);
		if (system(cmd)) {
			fprintf(log, "wtbench: gnuplot failed on %s\n", path);
			ret = -1;
		} else {
			fprintf(log, "wtbench: plot %s/%s.svg\n", dir, bench_section_names[secs[i]]);
		}
	}
	return ret;
}
