/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Launch mode of wtlat and wtsnoop (`TOOL [OPTIONS] -- CMD ARGS...`): the
 * command is forked held, blocked on a pipe before exec, so that the BPF
 * programs can be attached filtered to its process first; then released.
 */
#ifndef WT_LAUNCH_H
#define WT_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define WT_EXIT_NOT_FOUND 127	/* CMD not found or not executable (as the shell) */

struct wt_launch {
	pid_t pid;		/* the held child, 0: none */
	int go_fd;		/* write end: a byte releases the child, close aborts it */
	int err_fd;		/* read end: errno of a failed exec (close-on-exec pipe) */
	bool exited;		/* reaped */
	int status;		/* wait status, when exited */
};

/*
 * Find cmd as execvp() would: itself if it holds a '/', else the first
 * executable regular file of that name in $PATH (or the default path).
 * Writes the path into buf; 0, or -errno (ENOENT, EACCES).
 */
int wt_find_cmd(const char *cmd, const char *path_env, char *buf, size_t len);

/*
 * Split `TOOL [OPTIONS] -- CMD ARGS...` at the first "--": returns the
 * number of arguments before it (the tool's, for getopt) and sets *cmd to
 * the command's NULL-terminated argv, or NULL when there is no "--" (returns
 * argc then).  *cmd points at an empty list for a trailing "--".
 */
int wt_launch_split(int argc, char **argv, char ***cmd);

/* Fork argv held.  0, or -errno. */
int wt_launch_hold(struct wt_launch *l, char *const argv[]);

/*
 * Release the held child: it execs.  0, or -errno of the failed exec (the
 * child has then exited with WT_EXIT_NOT_FOUND and is reaped).
 */
int wt_launch_release(struct wt_launch *l);

/* Abort a held child (it exits without exec) and reap it. */
void wt_launch_abort(struct wt_launch *l);

/* Reap the child if it has exited; with block, wait for it.  true if exited. */
bool wt_launch_reap(struct wt_launch *l, bool block);

/* Exit status like a shell's: the code, or 128 + signal number. */
int wt_wait_status_code(int status);

#endif
