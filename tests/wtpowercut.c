// SPDX-License-Identifier: GPL-2.0
/*
 * wtpowercut: the guest side of the power-cut loop (tests/vm/powercut.sh).
 *
 *   wtpowercut write FILE SLOTS QD SEED MODE
 *	Fill FILE with SLOTS 4 KiB slots of generation 0 and fsync it, then
 *	rewrite random slots, each with its next generation, QD in flight
 *	(never two to one slot), for ever.  Every write whose completion
 *	reported success is printed as "A SLOT GEN" once the completion is
 *	seen.  After a seeded number of completions it prints WT-CRASH-NOW
 *	and goes on writing: the host kills QEMU at whatever point the writes
 *	have reached by then.  MODE: aio (aio RWF_WRITETHROUGH|RWF_DSYNC),
 *	sync (pwritev2 RWF_WRITETHROUGH|RWF_DSYNC), buffered (plain pwrite,
 *	not durable: the control that shows the check finds lost writes).
 *   wtpowercut check FILE SLOTS
 *	After the reboot: "S SLOT GEN" for each slot that holds one whole
 *	generation of its own data, "S SLOT X" for any other content.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "aio.h"
#include "probe.h"
#include "wt/parse.h"
#include "wt/rwf.h"

#define SLOT 4096
#define MAXQD 64

static int usage(void)
{
	fprintf(stderr, "usage: wtpowercut write FILE SLOTS QD SEED aio|sync|buffered | "
		"check FILE SLOTS (see tests/wtpowercut.c)\n");
	return 2;
}

static void fill(unsigned char *buf, uint64_t slot, uint64_t gen)
{
	uint64_t w[2] = { slot, gen };
	size_t i;

	for (i = 0; i < SLOT; i += sizeof(w))
		memcpy(buf + i, w, sizeof(w));
}

/* the generation that @buf holds whole for @slot, or -1 */
static int64_t generation(const unsigned char *buf, uint64_t slot)
{
	uint64_t w[2];
	size_t i;

	memcpy(w, buf, sizeof(w));
	if (w[0] != slot)
		return -1;
	for (i = sizeof(w); i < SLOT; i += sizeof(w))
		if (memcmp(buf + i, w, sizeof(w)))
			return -1;
	return (int64_t)w[1];
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int cmd_write(int argc, char **argv)
{
	uint64_t slots, qd, seed, done = 0, crash_at, s, *gen;
	unsigned char *bufs, *busy;
	struct iocb cbs[MAXQD];
	aio_context_t ctx = 0;
	unsigned int inflight = 0, k;
	int fd, mode, flags = RWF_WRITETHROUGH | RWF_DSYNC;

	if (argc != 6 || wt_parse_uint(argv[2], 16, 1 << 20, &slots) ||
	    wt_parse_uint(argv[3], 1, MAXQD, &qd) || wt_parse_uint(argv[4], 1, UINT64_MAX, &seed))
		return usage();
	if (!strcmp(argv[5], "aio"))
		mode = 0;
	else if (!strcmp(argv[5], "sync"))
		mode = 1;
	else if (!strcmp(argv[5], "buffered"))
		mode = 2;
	else
		return usage();
	if (mode)
		qd = 1;
	gen = calloc(slots, sizeof(*gen));
	busy = calloc(slots, 1);
	if (!gen || !busy || posix_memalign((void **)&bufs, 4096, (size_t)MAXQD * SLOT))
		return setup_error("malloc", argv[1]);
	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return setup_error("open", argv[1]);
	for (s = 0; s < slots; s++) {
		fill(bufs, s, 0);
		if (pwrite(fd, bufs, SLOT, s * SLOT) != SLOT)
			return setup_error("prefill", argv[1]);
	}
	if (fsync(fd))
		return setup_error("fsync", argv[1]);
	if (!mode && aio_setup(qd, &ctx))
		return setup_error("io_setup", argv[1]);
	s = seed * 0x9e3779b97f4a7c15ull | 1;
	crash_at = 100 + rnd(&s) % 400;
	printf("powercut: %s writes to %" PRIu64 " slots at QD %" PRIu64 ", crash after %"
	       PRIu64 " completions\n", argv[5], slots, qd, crash_at);
	memset(cbs, 0, sizeof(cbs));
	for (;;) {
		/* submit into every free iocb */
		for (k = 0; k < qd && inflight < qd; k++) {
			struct iocb *cb = &cbs[k];
			uint64_t slot;

			if (cb->aio_data)
				continue;
			do
				slot = rnd(&s) % slots;
			while (busy[slot]);
			gen[slot]++;
			fill(bufs + (size_t)k * SLOT, slot, gen[slot]);
			if (mode) {
				struct iovec iov = { bufs + (size_t)k * SLOT, SLOT };
				ssize_t r = mode == 1 ?
					pwritev2(fd, &iov, 1, slot * SLOT, flags) :
					pwrite(fd, iov.iov_base, SLOT, slot * SLOT);

				if (r == SLOT)
					printf("A %" PRIu64 " %" PRIu64 "\n", slot, gen[slot]);
				else
					printf("E %" PRIu64 " %" PRIu64 " %zd\n", slot, gen[slot], r);
				done++;
				continue;
			}
			aio_prep_write(cb, fd, bufs + (size_t)k * SLOT, SLOT, slot * SLOT, flags,
				       ((uint64_t)slot << 16) | (k + 1));
			if (aio_submit(ctx, 1, &cb) != 1)
				return setup_error("io_submit", argv[1]);
			busy[slot] = 1;
			inflight++;
		}
		if (!mode) {
			struct io_event ev[MAXQD];
			int got = aio_getevents(ctx, 1, MAXQD, ev, NULL), e;

			if (got < 0)
				return setup_error("io_getevents", argv[1]);
			for (e = 0; e < got; e++) {
				uint64_t slot = ev[e].data >> 16;

				if (ev[e].res == SLOT)
					printf("A %" PRIu64 " %" PRIu64 "\n", slot, gen[slot]);
				else
					printf("E %" PRIu64 " %" PRIu64 " %lld\n", slot, gen[slot],
					       (long long)ev[e].res);
				busy[slot] = 0;
				cbs[(ev[e].data & 0xffff) - 1].aio_data = 0;
				inflight--;
				done++;
			}
		}
		if (done >= crash_at && done - crash_at < qd + 1) {
			printf("WT-CRASH-NOW\n");
			crash_at = UINT64_MAX;
		}
	}
}

static int cmd_check(int argc, char **argv)
{
	unsigned char buf[SLOT];
	uint64_t slots, s;
	int fd;

	if (argc != 3 || wt_parse_uint(argv[2], 16, 1 << 20, &slots))
		return usage();
	fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		return setup_error("open", argv[1]);
	for (s = 0; s < slots; s++) {
		int64_t g = -1;

		if (pread(fd, buf, SLOT, s * SLOT) == SLOT)
			g = generation(buf, s);
		if (g < 0)
			printf("S %" PRIu64 " X\n", s);
		else
			printf("S %" PRIu64 " %" PRId64 "\n", s, g);
	}
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "write"))
		return cmd_write(argc - 1, argv + 1);
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	return usage();
}
