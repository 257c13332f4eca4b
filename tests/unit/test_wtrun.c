// SPDX-License-Identifier: GPL-2.0
/*
 * wtrun (tools/wtrun): which write calls are converted and why the others
 * are not (the call's arguments; the fd: pipe, device, regular file,
 * O_DIRECT, a remembered refusal and a reused fd number), the stats line
 * and its JSON, the records wtrun collects, the program check (static,
 * dynamic, script, other machine) and where the library is looked for.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "classify.h"
#include "elfkind.h"
#include "record.h"
#include "stats.h"

static int failures;
#define EXPECT(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

static char dir[] = "/tmp/wt-test-wtrun.XXXXXX";

static void check_args(void)
{
	/* flags a caller may pass along with the conversion */
	EXPECT(wtrun_flags_convertible(0));
	EXPECT(wtrun_flags_convertible(0x02));		/* RWF_DSYNC */
	EXPECT(wtrun_flags_convertible(0x04 | 0x08 | 0x10 | 0x01 | 0x100 | 0x20));
	EXPECT(!wtrun_flags_convertible(0x80));		/* RWF_DONTCACHE: EINVAL */
	EXPECT(!wtrun_flags_convertible(0x40));		/* RWF_ATOMIC */
	EXPECT(!wtrun_flags_convertible(0x200));	/* RWF_WRITETHROUGH already */
	EXPECT(!wtrun_flags_convertible(0x400 | 0x02));	/* unknown bit */

	/* write(fd, buf, n): the file position (-1) */
	EXPECT(wtrun_judge_args(0, true, 4096, 1, -1, false) == WTRUN_CONVERT);
	EXPECT(wtrun_judge_args(0, true, 0, 1, -1, false) == WTRUN_PASS_OTHER);
	EXPECT(wtrun_judge_args(0, true, (size_t)SSIZE_MAX + 1, 1, -1, false) == WTRUN_PASS_OTHER);
	/* pwrite: an offset >= 0; a negative one stays EINVAL, never "the position" */
	EXPECT(wtrun_judge_args(0, true, 1, 1, 0, true) == WTRUN_CONVERT);
	EXPECT(wtrun_judge_args(0, true, 1, 1, -1, true) == WTRUN_PASS_OTHER);
	EXPECT(wtrun_judge_args(0, true, 1, 1, -4096, true) == WTRUN_PASS_OTHER);
	/* writev/pwritev: the length is not looked at, the count is */
	EXPECT(wtrun_judge_args(0, false, 0, 3, -1, false) == WTRUN_CONVERT);
	EXPECT(wtrun_judge_args(0, false, 0, 0, -1, false) == WTRUN_PASS_OTHER);
	EXPECT(wtrun_judge_args(0, false, 0, -1, 0, true) == WTRUN_PASS_OTHER);
	/* pwritev2 with its own flags */
	EXPECT(wtrun_judge_args(0x02, false, 0, 1, 8192, true) == WTRUN_CONVERT);
	EXPECT(wtrun_judge_args(0x80, false, 0, 1, 8192, true) == WTRUN_PASS_FLAGS);
	EXPECT(wtrun_judge_args(0x200, false, 0, 1, -1, false) == WTRUN_PASS_FLAGS);
}

static void check_fd_pure(void)
{
	struct wtrun_fdinfo fi = { .ok = true, .mode = S_IFREG | 0644 };

	EXPECT(wtrun_judge_fd(&fi) == WTRUN_CONVERT);
	fi.status_flags = O_WRONLY | O_APPEND;
	EXPECT(wtrun_judge_fd(&fi) == WTRUN_CONVERT);
	fi.status_flags = O_RDWR | O_DIRECT;
	EXPECT(wtrun_judge_fd(&fi) == WTRUN_PASS_DIRECT);
	fi.status_flags = O_RDWR;
	fi.refused = true;
	EXPECT(wtrun_judge_fd(&fi) == WTRUN_PASS_REFUSED);
	fi.refused = false;
	fi.mode = S_IFIFO | 0600;
	EXPECT(wtrun_judge_fd(&fi) == WTRUN_PASS_NONREG);
	fi.mode = S_IFBLK | 0600;	/* a block device is not a file in a file system */
	EXPECT(wtrun_judge_fd(&fi) == WTRUN_PASS_NONREG);
	fi.mode = S_IFSOCK | 0600;
	EXPECT(wtrun_judge_fd(&fi) == WTRUN_PASS_NONREG);
	fi.ok = false;
	fi.mode = S_IFREG;
	EXPECT(wtrun_judge_fd(&fi) == WTRUN_PASS_OTHER);
}

static enum wtrun_verdict fd_verdict(int fd)
{
	struct wtrun_fdinfo fi;

	wtrun_fdinfo(fd, &fi);
	return wtrun_judge_fd(&fi);
}

static void check_fd_real(void)
{
	char a[4200], b[4200];
	struct wtrun_fdinfo fi;
	int p[2], fd, fd2, null, fl;

	EXPECT(!pipe(p));
	EXPECT(fd_verdict(p[1]) == WTRUN_PASS_NONREG);
	null = open("/dev/null", O_WRONLY);
	EXPECT(null >= 0 && fd_verdict(null) == WTRUN_PASS_NONREG);

	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	fd = open(a, O_CREAT | O_WRONLY, 0600);
	EXPECT(fd >= 0 && fd_verdict(fd) == WTRUN_CONVERT);

	/* a refusal is remembered for this file on this fd ... */
	wtrun_fdinfo(fd, &fi);
	wtrun_refused_set(fd, fi.dev, fi.ino);
	EXPECT(fd_verdict(fd) == WTRUN_PASS_REFUSED);
	/* ... and not for another file that gets the same fd number */
	close(fd);
	fd2 = open(b, O_CREAT | O_WRONLY, 0600);
	EXPECT(fd2 == fd);
	EXPECT(fd_verdict(fd2) == WTRUN_CONVERT);
	/* O_DIRECT set later with F_SETFL is seen at the next write */
	fl = fcntl(fd2, F_GETFL);
	if (fcntl(fd2, F_SETFL, fl | O_DIRECT) == 0)
		EXPECT(fd_verdict(fd2) == WTRUN_PASS_DIRECT);
	else
		fprintf(stderr, "note: no O_DIRECT on %s (%s), not checked\n", dir, strerror(errno));
	close(fd2);
	wtrun_refused_clear();

	/* a bad fd passes through (the real call gives EBADF); errno is kept */
	errno = 1234;
	EXPECT(fd_verdict(-1) == WTRUN_PASS_OTHER && errno == 1234);
	EXPECT(fd_verdict(987654) == WTRUN_PASS_OTHER && errno == 1234);
	/* fds past the table are never remembered */
	wtrun_refused_set(987654, 1, 2);
	EXPECT(!wtrun_refused_match(987654, 1, 2));
	close(p[0]);
	close(p[1]);
	close(null);
	unlink(a);
	unlink(b);
}

static void check_stats(void)
{
	struct wtrun_counts c = { .calls = { 8, 1, 2, 3, 4, 5 }, .bytes = 32768 };
	char buf[512];

	EXPECT(wtrun_format_stats(buf, sizeof(buf), &c, 42, "dd", false, false) > 0);
	EXPECT(!strcmp(buf, "wtrun: pid 42 (dd): converted 8 (32768 bytes), passed 15: "
			    "nonreg 1 direct 2 refused 3 flags 4 other 5\n"));
	EXPECT(wtrun_format_stats(buf, sizeof(buf), &c, 42, "dd", true, false) > 0);
	EXPECT(strstr(buf, "(32768 bytes, dsync)"));
	EXPECT(wtrun_format_stats(buf, sizeof(buf), &c, 7, "a\"b\\c\n", true, true) > 0);
	EXPECT(!strcmp(buf, "{\"pid\":7,\"comm\":\"a\\\"b\\\\c\\u000a\",\"dsync\":true,"
			    "\"converted\":8,\"bytes\":32768,\"passed\":15,\"nonreg\":1,"
			    "\"direct\":2,\"refused\":3,\"flags\":4,\"other\":5}\n"));
	EXPECT(wtrun_format_stats(buf, 20, &c, 42, "dd", false, false) == -1);
}

static void put_record(const char *d, const char *name, int pid, const char *comm,
		       unsigned long long conv, unsigned long long nonreg, bool magic)
{
	struct wtrun_record r;
	char path[4200];
	FILE *f;

	memset(&r, 0, sizeof(r));
	r.magic = magic ? WTRUN_RECORD_MAGIC : 0;
	r.pid = pid;
	snprintf(r.comm, sizeof(r.comm), "%s", comm);
	r.calls[WTRUN_CONVERT] = conv;
	r.calls[WTRUN_PASS_NONREG] = nonreg;
	r.bytes = conv * 4096;
	snprintf(path, sizeof(path), "%s/%s", d, name);
	f = fopen(path, "w");
	EXPECT(f && fwrite(&r, sizeof(r), 1, f) == 1);
	if (f)
		fclose(f);
}

static void check_collect(void)
{
	char d[4200], out[2048] = "";
	FILE *f;
	int n;

	snprintf(d, sizeof(d), "%s/stats", dir);
	EXPECT(!mkdir(d, 0700));
	put_record(d, "300.0", 300, "xfs_io", 4, 0, true);
	put_record(d, "200.1", 200, "dd", 0, 3, true);	/* after an exec */
	put_record(d, "200.0", 200, "sh", 1, 0, true);
	put_record(d, "250.0", 250, "idle", 0, 0, true);	/* wrote nothing: no line */
	put_record(d, "260.0", 260, "torn", 9, 9, false);	/* not filled in: ignored */
	f = fmemopen(out, sizeof(out), "w");
	n = wtrun_collect(d, f, false, false);
	fclose(f);
	EXPECT(n == 3);
	EXPECT(!strcmp(out,
		"wtrun: pid 200 (sh): converted 1 (4096 bytes), passed 0: nonreg 0 direct 0 refused 0 flags 0 other 0\n"
		"wtrun: pid 200 (dd): converted 0 (0 bytes), passed 3: nonreg 3 direct 0 refused 0 flags 0 other 0\n"
		"wtrun: pid 300 (xfs_io): converted 4 (16384 bytes), passed 0: nonreg 0 direct 0 refused 0 flags 0 other 0\n"));
	EXPECT(access(d, F_OK) && errno == ENOENT);	/* removed */
	EXPECT(wtrun_collect(d, stdout, false, false) == -ENOENT);
}

static void write_file(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, mode);

	EXPECT(fd >= 0 && write(fd, data, len) == (ssize_t)len);
	close(fd);
}

static void check_prog_kind(void)
{
	char p[4200], interp[256];
	Elf32_Ehdr e32 = { .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS32, ELFDATA2LSB, EV_CURRENT } };
	int k;

	if (!access("/bin/busybox", R_OK)) {
		k = wtrun_prog_kind("/bin/busybox", NULL, 0);
		/* Debian's busybox-static is static; another busybox may not be */
		if (k != WTRUN_PROG_DYNAMIC)
			EXPECT(k == WTRUN_PROG_STATIC);
	}
	EXPECT(wtrun_prog_kind("/proc/self/exe", NULL, 0) == WTRUN_PROG_DYNAMIC);

	snprintf(p, sizeof(p), "%s/script", dir);
	write_file(p, "#!  /bin/sh -e\necho hi\n", 23, 0755);
	EXPECT(wtrun_prog_kind(p, interp, sizeof(interp)) == WTRUN_PROG_SCRIPT);
	EXPECT(!strcmp(interp, "/bin/sh"));
	write_file(p, "#!", 2, 0755);
	EXPECT(wtrun_prog_kind(p, interp, sizeof(interp)) == WTRUN_PROG_SCRIPT && !interp[0]);
	write_file(p, "plain text, no ELF header here\n", 31, 0755);
	EXPECT(wtrun_prog_kind(p, interp, sizeof(interp)) == WTRUN_PROG_OTHER);
	write_file(p, &e32, sizeof(e32), 0755);
	EXPECT(wtrun_prog_kind(p, NULL, 0) == WTRUN_PROG_FOREIGN);
	snprintf(p, sizeof(p), "%s/nonexistent", dir);
	EXPECT(wtrun_prog_kind(p, NULL, 0) == -ENOENT);
}

static void check_find_lib(void)
{
	char bin[4200], lib[4200], p[8500], buf[8500];

	snprintf(bin, sizeof(bin), "%s/usr/bin", dir);
	snprintf(lib, sizeof(lib), "%s/usr/lib/wt", dir);
	snprintf(p, sizeof(p), "mkdir -p %s %s", bin, lib);
	EXPECT(!system(p));
	EXPECT(wtrun_find_lib(bin, "../lib/wt", "/nonexistent/lib/wt", "libwtrun.so", buf, sizeof(buf)) == -1);
	/* installed: the libdir relative to the launcher */
	snprintf(p, sizeof(p), "%s/libwtrun.so", lib);
	write_file(p, "x", 1, 0644);
	EXPECT(wtrun_find_lib(bin, "../lib/wt", "/nonexistent/lib/wt", "libwtrun.so", buf, sizeof(buf)) == 1);
	EXPECT(!strcmp(buf + strlen(bin), "/../lib/wt/libwtrun.so"));
	/* the configured absolute libdir */
	EXPECT(wtrun_find_lib("/nonexistent", "../lib/wt", lib, "libwtrun.so", buf, sizeof(buf)) == 2);
	/* a build tree: next to the launcher wins */
	snprintf(p, sizeof(p), "%s/libwtrun.so", bin);
	write_file(p, "x", 1, 0644);
	EXPECT(wtrun_find_lib(bin, "../lib/wt", "/nonexistent/lib/wt", "libwtrun.so", buf, sizeof(buf)) == 0);
	EXPECT(!strcmp(buf, p));
}

int main(void)
{
	char cmd[128];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	check_args();
	check_fd_pure();
	check_fd_real();
	check_stats();
	check_collect();
	check_prog_kind();
	check_find_lib();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		fprintf(stderr, "note: could not remove %s\n", dir);
	if (failures) {
		fprintf(stderr, "%d failure(s)\n", failures);
		return 1;
	}
	printf("ok: wtrun classification, stats, records, program check, library lookup\n");
	return 0;
}
