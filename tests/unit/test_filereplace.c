// SPDX-License-Identifier: GPL-2.0
/*
 * wt_file_replace() (tools/common/filereplace.c), as wtlat --openmetrics
 * uses it every interval: a reader process opens and reads the file as
 * fast as it can while it is replaced 3000 times by turns with a 256 KiB
 * and a 100-byte content, and must never see anything but a whole one
 * (its size line matches what it read, it ends with "# EOF").  Also: the
 * file is mode 0644 whatever the umask, a fill that gives up leaves the old
 * file, a missing directory is an error, and no temporary file is left.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wt/filereplace.h"

static int failures;
#define EXPECT(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

#define BIG	(256 * 1024)
#define ROUNDS	3000

struct content {
	size_t size;	/* bytes in all */
	int gen;
};

/* "# size N gen G\n", filler lines, "# EOF\n": N bytes in all */
static int fill(FILE *f, void *arg)
{
	const struct content *c = arg;
	char head[64];
	size_t n, left;

	n = (size_t)snprintf(head, sizeof(head), "# size %zu gen %d\n", c->size, c->gen);
	fputs(head, f);
	left = c->size - n - 6;
	while (left > 0) {
		size_t k = left > 64 ? 64 : left;

		/* k - 1 characters and a line feed */
		fprintf(f, "%.*s\n", (int)k - 1,
			"x_bucket{le=\"0.5\"} 1234567890123456789012345678901234567890123456");
		left -= k;
	}
	fputs("# EOF\n", f);
	return 0;
}

static int give_up(FILE *f, void *arg)
{
	(void)arg;
	fputs("partial", f);
	return -1;
}

/* read path whole; 1 if it is a whole content, 0 if not, -1 if absent */
static int read_whole(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n, want;

	if (!f)
		return -1;
	n = fread(buf, 1, cap - 1, f);
	fclose(f);
	buf[n] = 0;
	if (sscanf(buf, "# size %zu", &want) != 1)
		return 0;
	return n == want && n >= 6 && !memcmp(buf + n - 6, "# EOF\n", 6);
}

/* the reader: counts whole and torn reads until SIGTERM */
static volatile sig_atomic_t stop;
static void on_term(int sig) { (void)sig; stop = 1; }

static void reader(const char *path, int out)
{
	static char buf[BIG + 4096];
	long whole = 0, torn = 0, absent = 0;
	char msg[96];
	int r;

	signal(SIGTERM, on_term);
	while (!stop) {
		r = read_whole(path, buf, sizeof(buf));
		if (r > 0)
			whole++;
		else if (r == 0)
			torn++;
		else
			absent++;
	}
	snprintf(msg, sizeof(msg), "%ld %ld %ld\n", whole, torn, absent);
	if (write(out, msg, strlen(msg)) < 0)
		_exit(2);
	_exit(0);
}

static int temp_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	if (d)
		closedir(d);
	return n;
}

int main(void)
{
	char dir[] = "/tmp/wt-test-replace.XXXXXX", path[256], bad[300], buf[256], cmd[300];
	struct content c = { .size = 100 };
	long whole = 0, torn = 0, absent = 0;
	int p[2], i, err, status;
	struct stat st;
	pid_t pid;
	FILE *f;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/wt.prom", dir);
	umask(077);
	EXPECT(wt_file_replace(path, fill, &c) == 0);
	EXPECT(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
	umask(022);

	/* a reader never sees a part of a file */
	if (pipe(p))
		return 1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		reader(path, p[1]);
	}
	close(p[1]);
	for (i = 0; i < ROUNDS; i++) {
		c.size = i % 2 ? 100 : BIG;
		c.gen = i;
		err = wt_file_replace(path, fill, &c);
		if (err) {
			fprintf(stderr, "round %d: %s\n", i, strerror(-err));
			failures++;
			break;
		}
	}
	kill(pid, SIGTERM);
	f = fdopen(p[0], "r");
	if (!f || fscanf(f, "%ld %ld %ld", &whole, &torn, &absent) != 3)
		failures++;
	waitpid(pid, &status, 0);
	printf("reader: %ld whole reads, %ld torn, %ld without a file, over %d replacements\n",
	       whole, torn, absent, ROUNDS);
	EXPECT(torn == 0 && absent == 0);
	EXPECT(whole >= 20);

	/* giving up leaves the old file; no temporary file stays */
	EXPECT(wt_file_replace(path, give_up, NULL) != 0);
	EXPECT(read_whole(path, buf, sizeof(buf)) == 1);
	EXPECT(temp_files(dir) == 0);

	/* a directory that does not exist */
	snprintf(bad, sizeof(bad), "%s/nodir/wt.prom", dir);
	EXPECT(wt_file_replace(bad, fill, &c) == -ENOENT);
	EXPECT(wt_file_replace_check(bad) == -ENOENT);
	/* the check leaves path and the directory as they were */
	EXPECT(wt_file_replace_check(path) == 0);
	EXPECT(read_whole(path, buf, sizeof(buf)) == 1 && temp_files(dir) == 0);
	unlink(path);
	EXPECT(wt_file_replace_check(path) == 0 && access(path, F_OK) != 0);

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		failures++;
	if (failures) {
		fprintf(stderr, "%d failure(s)\n", failures);
		return 1;
	}
	printf("filereplace: ok\n");
	return 0;
}
