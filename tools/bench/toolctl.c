// SPDX-License-Identifier: GPL-2.0
/*
 * The tools' cost section: start wtlat or wtsnoop from wtbench's own
 * directory, output to a file, wait until it says it is tracing, and stop
 * it with SIGINT after the cells that run under it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define READY_TIMEOUT_MS 180000	/* loading BPF under emulation takes a while */

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* 1 when the file holds text, else 0; its last line into last. */
static int file_has(const char *path, const char *text, char *last, size_t len)
{
	char line[512];
	int found = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, text))
			found = 1;
		line[strcspn(line, "\n")] = 0;
		if (*line && last)
			snprintf(last, len, "%.255s", line);
	}
	fclose(f);
	return found;
}

int bench_tool_start(enum bench_tool t, const struct bench_env *e, unsigned int rep,
		     struct bench_toolproc *p, char *msg, size_t len)
{
	const char *name = bench_tool_names[t];
	/* wtlat: stage summaries at the end; wtsnoop: a line per write */
	const char *ready = t == BT_WTLAT ? "Tracing" : "TIME(s)";
	char prog[512], last[256] = "";
	unsigned int waited;
	int status, fd;

	snprintf(prog, sizeof(prog), "%s/%s", e->tooldir, name);
	snprintf(p->out, sizeof(p->out), "%s/wtbench.%s.rep%u.txt",
		 e->outdir ? e->outdir : e->dir, name, rep + 1);
	if (access(prog, X_OK)) {
		snprintf(msg, len, "%s: %s", prog, strerror(errno));
		return -1;
	}
	fd = open(p->out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		snprintf(msg, len, "%s: %s", p->out, strerror(errno));
		return -1;
	}
	fflush(NULL);
	p->pid = fork();
	if (p->pid < 0) {
		snprintf(msg, len, "fork: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (!p->pid) {
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
		if (t == BT_WTLAT)
			execl(prog, name, "-s", (char *)NULL);
		else
			execl(prog, name, (char *)NULL);
		_exit(127);
	}
	close(fd);
	for (waited = 0; waited < READY_TIMEOUT_MS; waited += 50) {
		if (file_has(p->out, ready, NULL, 0))
			return 0;
		if (waitpid(p->pid, &status, WNOHANG) == p->pid) {
			file_has(p->out, ready, last, sizeof(last));
			snprintf(msg, len, "%s exited before tracing: %s", name,
				 *last ? last : "(no output)");
			p->pid = 0;
			return -1;
		}
		sleep_ms(50);
	}
	kill(p->pid, SIGKILL);
	waitpid(p->pid, &status, 0);
	p->pid = 0;
	snprintf(msg, len, "%s did not say '%s' within %d s", name, ready,
		 READY_TIMEOUT_MS / 1000);
	return -1;
}

int bench_tool_stop(struct bench_toolproc *p, char *msg, size_t len)
{
	unsigned int waited;
	int status = 0;

	if (p->pid <= 0)
		return 0;
	kill(p->pid, SIGINT);
	for (waited = 0; waited < 60000; waited += 50) {
		if (waitpid(p->pid, &status, WNOHANG) == p->pid)
			break;
		sleep_ms(50);
	}
	if (waited >= 60000) {
		kill(p->pid, SIGKILL);
		waitpid(p->pid, &status, 0);
		snprintf(msg, len, "did not end within 60 s of SIGINT");
		p->pid = 0;
		return -1;
	}
	p->pid = 0;
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	snprintf(msg, len, "exited with status %d", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return -1;
}
