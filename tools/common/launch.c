// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wt/launch.h"

static int exec_ok(const char *p)
{
	struct stat st;

	if (stat(p, &st))
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EACCES;
	return access(p, X_OK) ? -errno : 0;
}

int wt_find_cmd(const char *cmd, const char *path_env, char *buf, size_t len)
{
	const char *p, *end;
	int err, first = -ENOENT;

	if (!cmd || !*cmd)
		return -ENOENT;
	if (strchr(cmd, '/')) {
		if ((size_t)snprintf(buf, len, "%s", cmd) >= len)
			return -ENAMETOOLONG;
		return exec_ok(buf);
	}
	if (!path_env)
		path_env = "/usr/local/bin:/bin:/usr/bin";
	for (p = path_env; ; p = end + 1) {
		size_t n;

		end = strchr(p, ':');
		n = end ? (size_t)(end - p) : strlen(p);
		/* an empty entry is the current directory */
		if ((size_t)snprintf(buf, len, "%.*s%s%s", (int)n, n ? p : ".", "/", cmd) < len) {
			err = exec_ok(buf);
			if (!err)
				return 0;
			if (err == -EACCES)
				first = err;
		}
		if (!end)
			break;
	}
	return first;
}

int wt_launch_split(int argc, char **argv, char ***cmd)
{
	int i;

	*cmd = NULL;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			*cmd = argv + i + 1;
			return i;
		}
	}
	return argc;
}

int wt_launch_hold(struct wt_launch *l, char *const argv[])
{
	int go[2], er[2], err;
	char c;

	memset(l, 0, sizeof(*l));
	l->go_fd = l->err_fd = -1;
	if (pipe2(go, O_CLOEXEC))
		return -errno;
	if (pipe2(er, O_CLOEXEC)) {
		err = -errno;
		close(go[0]);
		close(go[1]);
		return err;
	}
	l->pid = fork();
	if (l->pid < 0) {
		err = -errno;
		close(go[0]); close(go[1]); close(er[0]); close(er[1]);
		l->pid = 0;
		return err;
	}
	if (!l->pid) {
		close(go[1]);
		close(er[0]);
		/* held: a byte says go, end of file says give up */
		if (read(go[0], &c, 1) != 1)
			_exit(WT_EXIT_NOT_FOUND);
		close(go[0]);
		execvp(argv[0], argv);
		err = errno;
		if (write(er[1], &err, sizeof(err)) < 0)
			_exit(WT_EXIT_NOT_FOUND);
		_exit(WT_EXIT_NOT_FOUND);
	}
	close(go[0]);
	close(er[1]);
	l->go_fd = go[1];
	l->err_fd = er[0];
	return 0;
}

int wt_launch_release(struct wt_launch *l)
{
	ssize_t n;
	int err = 0;

	if (write(l->go_fd, "g", 1) != 1)
		err = errno;
	close(l->go_fd);
	l->go_fd = -1;
	if (err) {
		wt_launch_abort(l);
		return -err;
	}
	/* end of file: the exec closed it; an errno: the exec failed */
	do
		n = read(l->err_fd, &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	close(l->err_fd);
	l->err_fd = -1;
	if (n == sizeof(err)) {
		wt_launch_reap(l, true);
		return -err;
	}
	return 0;
}

void wt_launch_abort(struct wt_launch *l)
{
	if (l->go_fd >= 0)
		close(l->go_fd);
	if (l->err_fd >= 0)
		close(l->err_fd);
	l->go_fd = l->err_fd = -1;
	if (l->pid && !l->exited)
		wt_launch_reap(l, true);
}

bool wt_launch_reap(struct wt_launch *l, bool block)
{
	pid_t r;

	if (!l->pid || l->exited)
		return l->exited;
	do
		r = waitpid(l->pid, &l->status, block ? 0 : WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == l->pid)
		l->exited = true;
	return l->exited;
}

int wt_wait_status_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}
