/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux native aio through the raw system calls, for the guest probes: the
 * guest has no libaio, and these need only a write at a time.
 */
#ifndef WT_TESTS_AIO_H
#define WT_TESTS_AIO_H

#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/aio_abi.h>

static inline int aio_setup(unsigned int nr, aio_context_t *ctx)
{
	*ctx = 0;
	return syscall(SYS_io_setup, nr, ctx);
}

static inline int aio_destroy(aio_context_t ctx)
{
	return syscall(SYS_io_destroy, ctx);
}

/* a pwritev2()-style write of @len bytes at @off with RWF_* @flags */
static inline void aio_prep_write(struct iocb *cb, int fd, const void *buf,
				  size_t len, uint64_t off, int flags,
				  uint64_t data)
{
	memset(cb, 0, sizeof(*cb));
	cb->aio_fildes = fd;
	cb->aio_lio_opcode = IOCB_CMD_PWRITE;
	cb->aio_buf = (uintptr_t)buf;
	cb->aio_nbytes = len;
	cb->aio_offset = off;
	cb->aio_rw_flags = flags;
	cb->aio_data = data;
}

static inline int aio_submit(aio_context_t ctx, long nr, struct iocb **cbs)
{
	return syscall(SYS_io_submit, ctx, nr, cbs);
}

static inline int aio_getevents(aio_context_t ctx, long min, long max,
				struct io_event *ev, struct timespec *timeout)
{
	return syscall(SYS_io_getevents, ctx, min, max, ev, timeout);
}

#endif
