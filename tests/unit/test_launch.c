// SPDX-License-Identifier: GPL-2.0
/*
 * Launch mode (tools/common/launch.c): splitting the tool's arguments from
 * the command's at "--", finding the command as execvp() would, holding it
 * until released (a held command that is aborted never runs), a failed
 * exec reported as its errno, and the exit status as a shell gives it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wt/launch.h"

static int failures;
#define EXPECT(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

static void check_split(void)
{
	char *a1[] = { "wtlat", "-j", "--", "wtload", "-n", "20", NULL };
	char *a2[] = { "wtlat", "-j", "1", NULL };
	char *a3[] = { "wtlat", "--", NULL };
	char **cmd;

	EXPECT(wt_launch_split(6, a1, &cmd) == 2 && cmd == a1 + 3 && !strcmp(cmd[0], "wtload"));
	EXPECT(wt_launch_split(3, a2, &cmd) == 3 && cmd == NULL);
	EXPECT(wt_launch_split(2, a3, &cmd) == 1 && cmd && cmd[0] == NULL);
}

static void check_find(char *dir)
{
	char buf[4096], path[4096], p[8192];
	FILE *f;

	EXPECT(!wt_find_cmd("sh", "/nonexistent:/bin:/usr/bin", buf, sizeof(buf)));
	EXPECT(strstr(buf, "/sh") != NULL);
	EXPECT(wt_find_cmd("wt-no-such-command", "/bin:/usr/bin", buf, sizeof(buf)) == -ENOENT);
	EXPECT(wt_find_cmd("/nonexistent/x", NULL, buf, sizeof(buf)) == -ENOENT);
	EXPECT(wt_find_cmd("", NULL, buf, sizeof(buf)) == -ENOENT);
	/* found but not executable: EACCES; a directory is not a command */
	snprintf(path, sizeof(path), "%s/noexec", dir);
	f = fopen(path, "w");
	EXPECT(f != NULL);
	if (f)
		fclose(f);
	chmod(path, 0644);
	if (geteuid())	/* root may execute anything with an x bit: none here */
		EXPECT(wt_find_cmd("noexec", dir, buf, sizeof(buf)) == -EACCES);
	EXPECT(wt_find_cmd("noexec", dir, buf, sizeof(buf)) < 0);
	EXPECT(wt_find_cmd(dir, NULL, buf, sizeof(buf)) == -EACCES);
	snprintf(p, sizeof(p), "%s:/bin:/usr/bin", dir);
	EXPECT(!wt_find_cmd("sh", p, buf, sizeof(buf)));
	unlink(path);
}

static void check_hold(char *dir)
{
	char marker[4096], script[8192];
	char *sh[] = { "sh", "-c", script, NULL };
	char *missing[] = { "/nonexistent/wt-cmd", NULL };
	struct wt_launch l;

	snprintf(marker, sizeof(marker), "%s/ran", dir);
	snprintf(script, sizeof(script), "touch %s; exit 7", marker);

	/* aborted while held: never runs */
	EXPECT(!wt_launch_hold(&l, sh));
	usleep(100000);
	EXPECT(access(marker, F_OK) != 0);
	wt_launch_abort(&l);
	EXPECT(l.exited && access(marker, F_OK) != 0);

	/* released: runs, its status is its exit code */
	EXPECT(!wt_launch_hold(&l, sh));
	EXPECT(!wt_launch_release(&l));
	EXPECT(wt_launch_reap(&l, true));
	EXPECT(access(marker, F_OK) == 0);
	EXPECT(wt_wait_status_code(l.status) == 7);
	unlink(marker);

	/* an exec that fails: its errno, and the child is reaped */
	EXPECT(!wt_launch_hold(&l, missing));
	EXPECT(wt_launch_release(&l) == -ENOENT);
	EXPECT(l.exited && wt_wait_status_code(l.status) == WT_EXIT_NOT_FOUND);

	/* a signal: 128 + its number */
	snprintf(script, sizeof(script), "kill -KILL $$");
	EXPECT(!wt_launch_hold(&l, sh));
	EXPECT(!wt_launch_release(&l));
	EXPECT(wt_launch_reap(&l, true));
	EXPECT(wt_wait_status_code(l.status) == 128 + SIGKILL);
}

int main(void)
{
	char dir[] = "/tmp/wt-test-launch.XXXXXX";

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	check_split();
	check_find(dir);
	check_hold(dir);
	rmdir(dir);
	EXPECT(wt_wait_status_code(0) == 0);
	EXPECT(wt_wait_status_code(2 << 8) == 2);
	if (failures)
		fprintf(stderr, "test_launch: %d failure(s)\n", failures);
	else
		printf("test_launch: all checks passed\n");
	return failures != 0;
}
