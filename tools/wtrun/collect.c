// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record.h"
#include "stats.h"

struct rec {
	int pid;
	long seq;
	char comm[sizeof(((struct wtrun_record *)0)->comm) + 1];
	struct wtrun_counts c;
};

static int by_pid(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* read one record file; false if it is not a complete record */
static bool read_record(int dfd, const char *name, struct rec *r)
{
	struct wtrun_record w;
	char *end;
	int fd, v;
	bool ok;

	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return false;
	ok = pread(fd, &w, sizeof(w), 0) == (ssize_t)sizeof(w) && w.magic == WTRUN_RECORD_MAGIC;
	close(fd);
	if (!ok)
		return false;
	r->pid = w.pid;
	r->seq = 0;
	end = strchr(name, '.');
	if (end)
		r->seq = strtol(end + 1, NULL, 10);
	memcpy(r->comm, w.comm, sizeof(w.comm));
	r->comm[sizeof(w.comm)] = 0;
	r->c.bytes = w.bytes;
	for (v = 0; v < WTRUN_NVERDICTS; v++)
		r->c.calls[v] = w.calls[v];
	return true;
}

int wtrun_collect(const char *dir, FILE *out, bool dsync, bool json)
{
	struct rec *recs = NULL, *tmp;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	char line[512];
	int dfd, lines = 0, v;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return -errno;
	dfd = dirfd(d);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			tmp = realloc(recs, cap * sizeof(*recs));
			if (!tmp)
				break;
			recs = tmp;
		}
		if (read_record(dfd, de->d_name, &recs[n]))
			n++;
		unlinkat(dfd, de->d_name, 0);
	}
	closedir(d);
	rmdir(dir);
	if (n)
		qsort(recs, n, sizeof(*recs), by_pid);
	for (i = 0; i < n; i++) {
		unsigned long long any = 0;

		for (v = 0; v < WTRUN_NVERDICTS; v++)
			any += recs[i].c.calls[v];
		if (!any)
			continue;
		if (wtrun_format_stats(line, sizeof(line), &recs[i].c, recs[i].pid,
				       recs[i].comm, dsync, json) > 0) {
			fputs(line, out);
			lines++;
		}
	}
	free(recs);
	return lines;
}
