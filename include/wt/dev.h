/* SPDX-License-Identifier: GPL-2.0 */
/* Device numbers as the kernel's dev_t (major << 20 | minor). */
#ifndef WT_DEV_H
#define WT_DEV_H

#include <stddef.h>
#include <stdint.h>

/* "MAJ:MIN" or a block device path -> the kernel's dev_t; 0 or -1. */
int wt_parse_dev(const char *s, uint32_t *dev);
/* Kernel dev_t -> "maj:min" */
void wt_format_dev(uint32_t dev, char *buf, size_t len);

#endif
