// SPDX-License-Identifier: GPL-2.0
/* The sync engine: one pwritev2() (or mmap store) at a time per thread. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "wt/errname.h"
#include "wt/load.h"

/* volatile: the stores around the copy must not be merged away */
static __thread sigjmp_buf *volatile mmap_jmp;

/* a store through the mapping raced with a truncate: skip that write */
static void on_sigbus(int sig)
{
	if (mmap_jmp)
		siglongjmp(*mmap_jmp, 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

void load_print_write(const struct load_cfg *c, uint64_t i, uint64_t lat_ns)
{
	printf("write %" PRIu64 " offset %" PRIu64 " length %" PRIu64 " lat_us %.1f\n",
	       i, load_offset(c, i), c->size, lat_ns / 1000.0);
}

int load_fail(struct load_worker *w, const char *what, uint64_t off, int err)
{
	char nb[16];

	snprintf(w->errmsg, sizeof(w->errmsg), "%s at %" PRIu64 ": %s (%s)", what, off,
		 wt_errno_name(err, nb, sizeof(nb)), strerror(err));
	return -err;
}

/* 0 when done or skipped past EOF (counted in w->skipped), or a negative errno */
static int mmap_write(struct load_worker *w, const unsigned char *buf, uint64_t off)
{
	uint64_t pg = (uint64_t)sysconf(_SC_PAGESIZE), size = w->cfg->size;
	uint64_t moff = off & ~(pg - 1), mlen = off + size - moff;
	struct stat st;
	unsigned char *p;
	sigjmp_buf jb;

	if (fstat(w->fd, &st) || (uint64_t)st.st_size < off + size) {
		w->skipped++;
		return 0;
	}
	p = mmap(NULL, mlen, PROT_READ | PROT_WRITE, MAP_SHARED, w->fd, (off_t)moff);
	if (p == MAP_FAILED)
		return load_fail(w, "mmap", off, errno);
	if (sigsetjmp(jb, 1) == 0) {
		mmap_jmp = &jb;
		memcpy(p + (off - moff), buf, size);
	} else {
		w->skipped++;
	}
	mmap_jmp = NULL;
	munmap(p, mlen);
	return 0;
}

/* 0 done, 1 short (counted), or a negative errno */
static int one_write(struct load_worker *w, const unsigned char *buf, uint64_t off)
{
	const struct load_cfg *c = w->cfg;
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = c->size };
	ssize_t n;

	if (c->mode == LM_MMAP)
		return mmap_write(w, buf, off);
	n = pwritev2(w->fd, &iov, 1, (off_t)off, load_rw_flags(c));
	if (n < 0)
		return load_fail(w, "pwritev2", off, errno);
	if ((uint64_t)n != c->size) {
		if (!w->shorts++)
			snprintf(w->errmsg, sizeof(w->errmsg),
				 "short write at %" PRIu64 ": %zd of %" PRIu64, off, n, c->size);
		return 1;
	}
	if (c->mode == LM_FDATASYNC && fdatasync(w->fd))
		return load_fail(w, "fdatasync after the write", off, errno);
	return 0;
}

int load_engine_sync(struct load_worker *w)
{
	const struct load_cfg *c = w->cfg;
	unsigned char *buf;
	uint64_t k;
	int ret = 0;

	if (c->mode == LM_MMAP)
		signal(SIGBUS, on_sigbus);
	if (posix_memalign((void **)&buf, 4096, c->size))
		return load_fail(w, "buffer", 0, ENOMEM);
	for (k = 0; k < w->n; k++) {
		uint64_t i = w->first + k, t0, lat;

		load_fill(c, buf, i);
		t0 = load_now_ns();
		ret = one_write(w, buf, load_offset(c, i));
		lat = load_now_ns() - t0;
		if (ret < 0)
			break;
		if (ret) {	/* short: not a completed write */
			ret = 0;
			continue;
		}
		w->lat_ns[w->done++] = lat;
		if (c->verbose)
			load_print_write(c, i, lat);
	}
	free(buf);
	return ret;
}
