/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The few kernel types the write-through BPF programs read, declared for
 * CO-RE: libbpf relocates every field access against the running kernel's
 * BTF, so only the fields used are listed, in any order.
 */
#ifndef WT_CORE_H
#define WT_CORE_H

#include <linux/types.h>
#include <linux/bpf.h>

typedef __s64 loff_t;
typedef __u32 dev_t;
typedef unsigned long size_t;
typedef long ssize_t;
typedef __u64 u64;
typedef __u32 u32;
typedef __u16 u16;
typedef __u32 blk_opf_t;
typedef _Bool bool;
#define true 1
#define false 0

struct super_block {
	dev_t s_dev;
} __attribute__((preserve_access_index));

struct inode {
	struct super_block *i_sb;
	unsigned long i_ino;
} __attribute__((preserve_access_index));

struct qstr {
	const unsigned char *name;
} __attribute__((preserve_access_index));

struct dentry {
	struct dentry *d_parent;
	struct qstr d_name;
} __attribute__((preserve_access_index));

struct path {
	struct dentry *dentry;
} __attribute__((preserve_access_index));

struct file {
	struct inode *f_inode;
	struct path f_path;
} __attribute__((preserve_access_index));

struct kiocb {
	struct file *ki_filp;
	loff_t ki_pos;
	void *ki_complete;	/* NULL: a synchronous kiocb (is_sync_kiocb()) */
	int ki_flags;
} __attribute__((preserve_access_index));

struct iomap {
	__u64 addr;
	loff_t offset;
	__u64 length;
	__u16 type;
	__u16 flags;
} __attribute__((preserve_access_index));

struct iomap_iter {
	struct inode *inode;
	loff_t pos;
	__u64 len;
	unsigned int flags;
	struct iomap iomap;
} __attribute__((preserve_access_index));

struct folio;

/*
 * include/linux/iomap.h: one write-through call, timed for the
 * iomap_writethrough_stages event (kernels with that event only)
 */
enum iomap_wt_stage {
	IOMAP_WT_STAGE_BEGIN1,
	IOMAP_WT_STAGE_LOCK,
	IOMAP_WT_STAGE_WBWAIT,
	IOMAP_WT_STAGE_COPY,
	IOMAP_WT_STAGE_BEGIN2,
	IOMAP_WT_STAGE_DEVICE,
	IOMAP_WT_STAGE_COMPLETE,
	IOMAP_WT_NR_STAGES,
};

#define IOMAP_WT_CALL_ASYNC	(1U << 0)
#define IOMAP_WT_CALL_ATOMIC_HW	(1U << 1)
#define IOMAP_WT_CALL_ATOMIC_SW	(1U << 2)

struct iomap_wt_call {
	struct kiocb *iocb;
	u64 start;
	u64 submit_ns;
	u64 ns[IOMAP_WT_NR_STAGES];
	loff_t pos;
	size_t count;
	unsigned int stages;
	unsigned int flags;
	unsigned int nr_begin1;
	unsigned int nr_begin2;
	unsigned int nr_folios;
	unsigned int nr_submits;
	unsigned int nr_bios;
	int pid;
	int tgid;
	char comm[16];
} __attribute__((preserve_access_index));

/* include/linux/iomap.h: how a write-through call was carried out */
enum iomap_wt_path {
	IOMAP_WT_PATH_WRITETHROUGH,
	IOMAP_WT_PATH_FALLBACK,
};

/* include/linux/iomap.h iter flags */
#define IOMAP_DIRECT		(1 << 4)
#define IOMAP_ATOMIC		(1 << 9)
#define IOMAP_WRITETHROUGH	(1 << 11)

/* include/linux/iomap.h mapping flags (struct iomap.flags) */
#define IOMAP_F_SHARED		(1U << 2)
#define IOMAP_F_ATOMIC_BIO	(1U << 8)

/* include/linux/fs.h: IOCB_ATOMIC is RWF_ATOMIC (uapi) */
#define IOCB_ATOMIC		0x00000040

/* include/linux/blk_types.h: the bit of REQ_ATOMIC, relocated by CO-RE */
enum req_flag_bits {
	__REQ_ATOMIC = 27,
};

#endif
