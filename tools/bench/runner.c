// SPDX-License-Identifier: GPL-2.0
/*
 * Run the matrix: prepare the files once, then per repetition every cell
 * once in matrix order (A B C A B C), the cells of each tool state
 * together while that tool is attached.  Before every run the files are
 * made clean and uncached (overwrites) or empty (appends), so no run
 * inherits the page cache or dirty data of the one before it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "wt/errname.h"

#define FILL_BYTE 0xa5

static void file_path(const struct bench_env *e, const struct bench_cell *c, unsigned int k,
		      char *buf, size_t len)
{
	snprintf(buf, len, "%s/wtbench.%s.%u", e->dir, c->pattern == BP_APPEND ? "ap" : "ow", k);
}

static uint64_t cell_bytes(const struct bench_cell *c)
{
	return c->count * c->size;
}

/* Overwrite files: written once, in full, with real blocks (no holes). */
static int prep_files(const struct bench_matrix *m, const struct bench_env *e, char *msg,
		      size_t len)
{
	uint64_t span = 0, off;
	unsigned int nfiles = 1, i, k;
	static char buf[1 << 20];
	char path[600];

	for (i = 0; i < m->n; i++) {
		const struct bench_cell *c = &m->cells[i];

		if (c->pattern != BP_APPEND && cell_bytes(c) > span)
			span = cell_bytes(c);
		if (c->sep_files && c->threads > nfiles)
			nfiles = c->threads;
	}
	memset(buf, 0x5a, sizeof(buf));
	for (k = 0; span && k < nfiles; k++) {
		int fd;

		file_path(e, &(struct bench_cell){ .pattern = BP_SEQ }, k, path, sizeof(path));
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0) {
			snprintf(msg, len, "%.200s: %s", path, strerror(errno));
			return -1;
		}
		for (off = 0; off < span; off += sizeof(buf))
			if (pwrite(fd, buf, sizeof(buf), (off_t)off) != (ssize_t)sizeof(buf)) {
				snprintf(msg, len, "writing %.200s: %s", path, strerror(errno));
				close(fd);
				return -1;
			}
		if (fsync(fd)) {
			snprintf(msg, len, "fsync %.200s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		close(fd);
	}
	return 0;
}

/* Clean and uncached (overwrite), or empty (append). */
static int reset_file(const char *path, int append)
{
	int fd = open(path, O_RDWR | O_CREAT, 0644), r = 0;

	if (fd < 0)
		return -errno;
	if (append && ftruncate(fd, 0))
		r = -errno;
	if (!r && fsync(fd))
		r = -errno;
	if (!r)
		posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	close(fd);
	return r;
}

/* What the kernel cannot do is n/a, anything else an error. */
static int is_unsupported(int err)
{
	return err == EOPNOTSUPP || err == EINVAL || err == ENOSYS;
}

static void cell_failed(struct bench_cell *c, int err, const char *msg)
{
	char nb[16];

	c->status = err && is_unsupported(err) ? CS_NA : CS_ERROR;
	snprintf(c->err, sizeof(c->err), "%s", err ? wt_errno_name(err, nb, sizeof(nb)) : "short");
	snprintf(c->msg, sizeof(c->msg), "%s", msg);
}

static void run_cell(struct bench_cell *c, const struct bench_env *e, unsigned int rep)
{
	struct load_cfg cfg = {
		.mode = c->mode, .engine = c->engine, .size = c->size, .count = c->count,
		.threads = c->threads, .qd = c->qd, .seed = rep + 1, .fill = FILL_BYTE,
		.pattern = c->pattern == BP_RAND ? LP_RAND : LP_SEQ,
	};
	unsigned int nfiles = c->sep_files ? c->threads : 1, k;
	int fds[64], ret = 0;
	struct load_result r;
	struct bench_run *run;
	char path[600];

	cfg.span = cell_bytes(c);
	for (k = 0; k < nfiles; k++)
		fds[k] = -1;
	for (k = 0; k < nfiles && !ret; k++) {
		file_path(e, c, k, path, sizeof(path));
		ret = reset_file(path, c->pattern == BP_APPEND);
		if (ret) {
			cell_failed(c, -ret, "preparing the file");
			break;
		}
		fds[k] = open(path, load_open_flags(&cfg), 0644);
		if (fds[k] < 0) {
			ret = -errno;
			cell_failed(c, errno, "open");
		}
	}
	for (k = nfiles; !ret && k < c->threads; k++)
		fds[k] = fds[0];
	if (!ret) {
		if (load_run(&cfg, fds, &r))
			cell_failed(c, r.err ? -r.err : 0, r.errmsg);
		else {
			run = &c->runs[c->nruns++];
			run->writes = r.done;
			run->secs = r.elapsed_ns / 1e9;
			run->v[BM_LAT_P50] = load_quantile(&r, 0.5) / 1e3;
			run->v[BM_LAT_P99] = load_quantile(&r, 0.99) / 1e3;
			run->v[BM_LAT_AVG] = r.done ? r.total_ns / 1e3 / r.done : 0;
			run->v[BM_IOPS] = r.done / run->secs;
			run->v[BM_MIBPS] = r.done * (double)c->size / run->secs / 1048576.0;
			c->status = CS_OK;
		}
		load_result_free(&r);
	}
	for (k = 0; k < nfiles; k++)
		if (fds[k] >= 0)
			close(fds[k]);
}

static void progress(const struct bench_env *e, const struct bench_matrix *m,
		     const struct bench_cell *c, unsigned int rep, unsigned int idx)
{
	const struct bench_run *r = c->nruns ? &c->runs[c->nruns - 1] : NULL;
	char sz[16];

	if (!e->progress || (!e->verbose && c->status == CS_OK))
		return;
	fprintf(e->progress, "wtbench: rep %u/%u cell %u/%u %s %s %s %s %s qd %u threads %u%s "
		"tool %s: ", rep + 1, m->reps, idx + 1, m->n, bench_section_names[c->sec],
		load_mode_names[c->mode], bench_size_str(c->size, sz, sizeof(sz)),
		bench_pattern_names[c->pattern], load_engine_names[c->engine], c->qd,
		c->threads, c->sep_files ? " (a file each)" : "", bench_tool_names[c->tool]);
	if (c->status == CS_OK && r)
		fprintf(e->progress, "p50 %.1f us, %.2f MiB/s\n", r->v[BM_LAT_P50],
			r->v[BM_MIBPS]);
	else
		fprintf(e->progress, "%s: %s (%s)\n", bench_status_names[c->status], c->err,
			c->msg);
}

int bench_run_matrix(struct bench_matrix *m, const struct bench_env *e)
{
	char msg[256];
	unsigned int rep, i, t, ran;
	int errors = 0;
	uint64_t t0;

	if (prep_files(m, e, msg, sizeof(msg))) {
		fprintf(stderr, "wtbench: %s\n", msg);
		return -1;
	}
	for (rep = 0; rep < m->reps; rep++) {
		t0 = load_now_ns();
		ran = 0;
		for (t = 0; t < BT_NR; t++) {
			struct bench_toolproc tp = { 0 };
			int want = 0;

			for (i = 0; i < m->n; i++)
				want |= m->cells[i].tool == t && (m->cells[i].status == CS_PENDING ||
								  m->cells[i].status == CS_OK);
			if (!want)
				continue;
			if (t != BT_NONE && bench_tool_start(t, e, rep, &tp, msg, sizeof(msg))) {
				for (i = 0; i < m->n; i++)
					if (m->cells[i].tool == t) {
						m->cells[i].status = CS_NA;
						snprintf(m->cells[i].err, sizeof(m->cells[i].err),
							 "%s", "no tool");
						snprintf(m->cells[i].msg, sizeof(m->cells[i].msg),
							 "%s", msg);
					}
				if (e->progress)
					fprintf(e->progress, "wtbench: %s: n/a: %s\n",
						bench_tool_names[t], msg);
				continue;
			}
			for (i = 0; i < m->n; i++) {
				struct bench_cell *c = &m->cells[i];

				if (c->tool != t || (c->status != CS_PENDING && c->status != CS_OK))
					continue;
				run_cell(c, e, rep);
				ran++;
				progress(e, m, c, rep, i);
			}
			if (t != BT_NONE && bench_tool_stop(&tp, msg, sizeof(msg)) && e->progress)
				fprintf(e->progress, "wtbench: %s %s\n", bench_tool_names[t], msg);
		}
		if (e->progress)
			fprintf(e->progress, "wtbench: repetition %u of %u: %u runs in %.1f s\n",
				rep + 1, m->reps, ran, (load_now_ns() - t0) / 1e9);
	}
	for (i = 0; i < m->n; i++)
		errors += m->cells[i].status == CS_ERROR;
	bench_compute(m);
	return errors ? 1 : 0;
}
