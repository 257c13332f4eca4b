// SPDX-License-Identifier: GPL-2.0
/*
 * wturing: io_uring write-through probes for the VM tests.
 *
 *   wturing teardown FILE QD BS
 *	A child queues QD io_uring RWF_WRITETHROUGH writes of BS bytes to
 *	its own slots of FILE (inside EOF) and exits (closing the ring)
 *	without waiting for them; a second child does the same and closes
 *	the ring with io_uring_queue_exit() first.  io_uring cancels what it
 *	had not issued yet (writes punted to a worker), so each slot must
 *	hold either its old or its new data, whole; the parent then
 *	truncates and unlinks the file: a leaked in-flight count or folio
 *	would hang or fail here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <liburing.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "wt/parse.h"
#include "wt/rwf.h"

static int usage(void)
{
	fprintf(stderr, "usage: wturing teardown FILE QD BS (see tests/wturing.c)\n");
	return 2;
}

static void fill(unsigned char *buf, size_t len, uint64_t slot)
{
	uint64_t w = slot * 0x9e3779b97f4a7c15ull + 1;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8)
		memcpy(buf + i, &w, 8);
}

/* 'O' throughout, in 4 KiB folios (each a 4 KiB buffered write) */
static int prefill(const char *path, size_t size)
{
	unsigned char buf[4096];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644), ok = 1;
	size_t off;

	if (fd < 0)
		return -1;
	memset(buf, 'O', sizeof(buf));
	for (off = 0; off < size && ok; off += sizeof(buf))
		ok = pwrite(fd, buf, sizeof(buf), off) == (ssize_t)sizeof(buf);
	ok = ok && !fsync(fd);
	close(fd);
	return ok ? 0 : -1;
}

/* queue @qd writes to slots [first, first + qd) and leave, by exit or queue_exit */
static void child(const char *path, unsigned int qd, size_t bs, unsigned int first, int close_ring)
{
	struct io_uring ring;
	unsigned char *bufs;
	struct iovec *iov = calloc(qd, sizeof(*iov));
	unsigned int i;
	int fd = open(path, O_WRONLY);

	if (fd < 0 || !iov || io_uring_queue_init(qd, &ring, 0) ||
	    posix_memalign((void **)&bufs, 4096, (size_t)qd * bs))
		_exit(2);
	for (i = 0; i < qd; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		fill(bufs + (size_t)i * bs, bs, first + i);
		iov[i] = (struct iovec){ bufs + (size_t)i * bs, bs };
		io_uring_prep_writev2(sqe, fd, &iov[i], 1, (uint64_t)(first + i) * bs,
				      RWF_WRITETHROUGH);
	}
	if (io_uring_submit(&ring) != (int)qd)
		_exit(2);
	if (close_ring)
		io_uring_queue_exit(&ring);
	_exit(0);
}

static int cmd_teardown(int argc, char **argv)
{
	uint64_t qd, bs;
	unsigned char *want, *got, *old;
	int pass, status, fd, bad = 0;
	uint64_t i, nnew[2] = { 0, 0 };

	if (argc != 4 || wt_parse_uint(argv[2], 1, 256, &qd) || wt_parse_size(argv[3], &bs) ||
	    !bs || bs % 4096 || bs > (1 << 20))
		return usage();
	if (prefill(argv[1], 2 * qd * bs))
		return setup_error("prefill", argv[1]);
	for (pass = 0; pass < 2; pass++) {
		pid_t pid = fork();

		if (pid < 0)
			return setup_error("fork", argv[1]);
		if (!pid)
			child(argv[1], qd, bs, pass * qd, pass);
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
			return setup_error("child", argv[1]);
	}
	want = malloc(bs);
	got = malloc(bs);
	old = malloc(bs);
	fd = open(argv[1], O_RDWR);
	if (!want || !got || !old || fd < 0)
		return setup_error("open", argv[1]);
	memset(old, 'O', bs);
	for (i = 0; i < 2 * qd && bad < 4; i++) {
		fill(want, bs, i);
		if (pread(fd, got, bs, i * bs) != (ssize_t)bs)
			return setup_error("pread", argv[1]);
		if (!memcmp(want, got, bs)) {
			nnew[i >= qd]++;
		} else if (memcmp(old, got, bs)) {
			printf("FAIL: slot %" PRIu64 " (%s) holds neither its old nor its new data\n",
			       i, i < qd ? "process exited" : "ring closed");
			bad++;
		}
	}
	if (bad)
		return 1;
	if (ftruncate(fd, 0) || close(fd) || unlink(argv[1]))
		return setup_error("truncate/unlink", argv[1]);
	printf("ok: io_uring write-through writes left behind: by an exiting process %" PRIu64
	       " of %" PRIu64 " written, by a closed ring %" PRIu64 " of %" PRIu64
	       " (the rest cancelled, old data whole); truncate and unlink went through\n",
	       nnew[0], qd, nnew[1], qd);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "teardown"))
		return cmd_teardown(argc - 1, argv + 1);
	return usage();
}
