// SPDX-License-Identifier: GPL-2.0
/*
 * wtcheck: on-disk assertions for the guest tests.
 *
 *   wtcheck bytes FILE HEX[,HEX...]   every byte of FILE is one of these
 *   wtcheck eoftail FILE DEVICE       the EOF block on DEVICE is zero past EOF
 *   wtcheck size FILE BYTES           st_size is exactly BYTES
 *   wtcheck pwrite FILE OFF LEN FLAGS pwritev2 with FLAGS (hex); prints
 *                                     "ret N" or "errno NAME", exit 0
 *   wtcheck clone SRC DST             DST shares SRC's extents (FICLONE)
 *
 * "bytes" finds data that no writer wrote (stale blocks, torn mixes of
 * other files).  "eoftail" reads the block that holds EOF straight from the
 * block device, found with FIEMAP, so it sees what a crash would leave.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/fiemap.h>
#include <linux/fs.h>

#include "wt/parse.h"

#ifndef FICLONE
#define FICLONE _IOW(0x94, 9, int)
#endif

static int fail(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "wtcheck: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	return 1;
}

static int check_bytes(const char *path, const char *list)
{
	unsigned char allowed[256] = { 0 }, buf[65536];
	char *copy = strdup(list), *tok, *save = NULL;
	uint64_t off = 0, counts[256] = { 0 };
	ssize_t n, i;
	int fd, k;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *end;
		long v = strtol(tok, &end, 16);

		if (*end || v < 0 || v > 255)
			return fail("invalid byte '%s'%s", tok, "");
		allowed[v] = 1;
	}
	free(copy);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return fail("open %s: %s", path, strerror(errno));
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++) {
			counts[buf[i]]++;
			if (!allowed[buf[i]]) {
				fprintf(stderr, "wtcheck: %s: byte 0x%02x at offset %" PRIu64
					" was written by nobody\n", path, buf[i], off + i);
				return 1;
			}
		}
		off += n;
	}
	if (n < 0)
		return fail("read %s: %s", path, strerror(errno));
	printf("wtcheck: %s: %" PRIu64 " bytes, all expected:", path, off);
	for (k = 0; k < 256; k++)
		if (counts[k])
			printf(" 0x%02x x%" PRIu64, k, counts[k]);
	printf("\n");
	close(fd);
	return 0;
}

static int check_eoftail(const char *path, const char *dev)
{
	struct {
		struct fiemap fm;
		struct fiemap_extent ext[1];
	} f;
	struct statfs sfs;
	struct stat st;
	uint64_t bs, eof_blk, phys;
	unsigned char *blk;
	unsigned int tail, i;
	int fd, dfd;

	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) || fstatfs(fd, &sfs))
		return fail("open/stat %s: %s", path, strerror(errno));
	bs = sfs.f_bsize;
	if (st.st_size % bs == 0) {
		printf("wtcheck: %s: size %jd is block aligned, no tail\n", path,
		       (intmax_t)st.st_size);
		return 0;
	}
	eof_blk = st.st_size / bs * bs;
	memset(&f, 0, sizeof(f));
	f.fm.fm_start = eof_blk;
	f.fm.fm_length = bs;
	f.fm.fm_flags = FIEMAP_FLAG_SYNC;
	f.fm.fm_extent_count = 1;
	if (ioctl(fd, FS_IOC_FIEMAP, &f.fm))
		return fail("FIEMAP %s: %s", path, strerror(errno));
	if (f.fm.fm_mapped_extents != 1)
		return fail("%s: EOF block not mapped%s", path, "");
	if (f.ext[0].fe_flags & FIEMAP_EXTENT_UNWRITTEN) {
		printf("wtcheck: %s: EOF block unwritten (reads as zeroes)\n", path);
		return 0;
	}
	phys = f.ext[0].fe_physical + (eof_blk - f.ext[0].fe_logical);
	dfd = open(dev, O_RDONLY | O_DIRECT);
	if (dfd < 0 || posix_memalign((void **)&blk, 4096, bs < 4096 ? 4096 : bs))
		return fail("open %s: %s", dev, strerror(errno));
	if (pread(dfd, blk, bs, (off_t)phys) != (ssize_t)bs)
		return fail("read %s: %s", dev, strerror(errno));
	tail = st.st_size - eof_blk;
	for (i = tail; i < bs; i++) {
		if (blk[i]) {
			fprintf(stderr, "wtcheck: %s: byte %u of the EOF block (file offset %"
				PRIu64 ", past EOF %jd) is 0x%02x on disk, not zero\n", path, i,
				eof_blk + i, (intmax_t)st.st_size, blk[i]);
			return 1;
		}
	}
	printf("wtcheck: %s: size %jd, EOF block at disk byte %" PRIu64 ", %" PRIu64
	       " bytes past EOF are zero\n", path, (intmax_t)st.st_size, phys, bs - tail);
	return 0;
}

static int check_size(const char *path, const char *want)
{
	struct stat st;
	uint64_t w;

	if (wt_parse_size(want, &w))
		return fail("invalid size '%s'%s", want, "");
	if (stat(path, &st))
		return fail("stat %s: %s", path, strerror(errno));
	if ((uint64_t)st.st_size != w) {
		fprintf(stderr, "wtcheck: %s: size %jd, expected %" PRIu64 "\n", path,
			(intmax_t)st.st_size, w);
		return 1;
	}
	printf("wtcheck: %s: size %" PRIu64 " as expected\n", path, w);
	return 0;
}

static int do_pwrite(const char *path, const char *off_s, const char *len_s,
		    const char *flags_s)
{
	uint64_t off, len;
	unsigned long flags;
	struct iovec iov;
	char *end, *buf;
	ssize_t r;
	int fd;

	flags = strtoul(flags_s, &end, 16);
	if (*end || wt_parse_size(off_s, &off) || wt_parse_size(len_s, &len) || !len)
		return fail("invalid pwrite arguments%s%s", "", "");
	buf = malloc(len);
	if (!buf)
		return 1;
	memset(buf, 'p', len);
	iov.iov_base = buf;
	iov.iov_len = len;
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	if (fd < 0)
		return fail("open %s: %s", path, strerror(errno));
	r = pwritev2(fd, &iov, 1, (off_t)off, (int)flags);
	if (r < 0)
		printf("errno %s\n", strerrorname_np(errno));
	else
		printf("ret %zd\n", r);
	close(fd);
	free(buf);
	return 0;
}

static int do_clone(const char *src, const char *dst)
{
	int s = open(src, O_RDONLY), d = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (s < 0 || d < 0)
		return fail("open %s/%s", src, dst);
	if (ioctl(d, FICLONE, s))
		return fail("FICLONE %s: %s", dst, strerror(errno));
	printf("wtcheck: %s shares the extents of %s\n", dst, src);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "pwrite"))
		return do_pwrite(argv[2], argv[3], argv[4], argv[5]);
	if (argc == 4 && !strcmp(argv[1], "clone"))
		return do_clone(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "bytes"))
		return check_bytes(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "eoftail"))
		return check_eoftail(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "size"))
		return check_size(argv[2], argv[3]);
	fprintf(stderr, "usage: wtcheck bytes FILE HEX[,HEX...] | eoftail FILE DEVICE | size FILE BYTES"
		" | pwrite FILE OFF LEN FLAGS | clone SRC DST\n");
	return 2;
}
