/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * RWF_WRITETHROUGH for applications built against kernel headers that do
 * not have it yet.  The value is the one the series in kernel/ assigns in
 * include/uapi/linux/fs.h.
 */
#ifndef WT_RWF_H
#define WT_RWF_H

#ifndef RWF_WRITETHROUGH
/* buffered write that is sent to disk at once, through the page cache */
#define RWF_WRITETHROUGH 0x00000200
#endif

#endif /* WT_RWF_H */
