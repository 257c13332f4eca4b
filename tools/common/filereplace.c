// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wt/filereplace.h"

static int no_fill(FILE *f, void *arg)
{
	(void)f;
	(void)arg;
	errno = ECANCELED;
	return -1;
}

int wt_file_replace_check(const char *path)
{
	int err = wt_file_replace(path, no_fill, NULL);

	return err == -ECANCELED ? 0 : err;
}

int wt_file_replace(const char *path, int (*fill)(FILE *f, void *arg), void *arg)
{
	char *d = strdup(path), *b = strdup(path), *tmp = NULL;
	FILE *f = NULL;
	int fd = -1, err = 0;
	bool made = false;

	if (!d || !b || asprintf(&tmp, "%s/.%s.XXXXXX", dirname(d), basename(b)) < 0) {
		tmp = NULL;
		err = -ENOMEM;
		goto out;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	made = true;
	/* mkstemp makes it 0600: a collector running as another user reads it */
	if (fchmod(fd, 0644)) {
		err = -errno;
		goto out;
	}
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		goto out;
	}
	fd = -1;
	errno = 0;
	if (fill(f, arg) || fflush(f) || ferror(f)) {
		err = errno ? -errno : -EIO;
		goto out;
	}
	if (fclose(f)) {
		f = NULL;
		err = -errno;
		goto out;
	}
	f = NULL;
	if (rename(tmp, path))
		err = -errno;
out:
	if (f)
		fclose(f);
	if (fd >= 0)
		close(fd);
	if (err && made)
		unlink(tmp);
	free(tmp);
	free(d);
	free(b);
	return err;
}
