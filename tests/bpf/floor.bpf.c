/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The dispatch floor of the tools: one empty program on each write-through
 * trace event wtlat and wtsnoop attach to.  What a write costs under these
 * is what the tracepoints' BPF dispatch costs, whatever the programs do
 * (tests/wtfloor.c, tests/vm/cases/tools_floor.sh).
 */
#include "wt_core.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#define FLOOR(name)					\
SEC("tp_btf/" #name)					\
int BPF_PROG(name) { return 0; }

FLOOR(iomap_writethrough_begin)
FLOOR(iomap_writethrough_complete)
FLOOR(iomap_iter_begin)
FLOOR(iomap_iter_begin_done)
FLOOR(iomap_wt_folio_get)
FLOOR(iomap_wt_folio_locked)
FLOOR(iomap_wt_wait_writeback_start)
FLOOR(iomap_wt_wait_writeback_end)
FLOOR(iomap_wt_folio_copied)
FLOOR(iomap_wt_submit)
FLOOR(iomap_wt_bio_submit)
FLOOR(iomap_wt_io_end)
FLOOR(iomap_wt_submit_done)
/* the kernel's one event per write: only when named (-e) */
FLOOR(iomap_writethrough_stages)
