/* SPDX-License-Identifier: GPL-2.0 */
/* Replacing a file whole, for readers that may open it at any moment. */
#ifndef WT_FILEREPLACE_H
#define WT_FILEREPLACE_H

#include <stdio.h>

/*
 * Write path anew: fill(f, arg) writes the content into a temporary file
 * in path's directory (".NAME.XXXXXX": hidden, and not matching a
 * collector's "*.prom"), which is made mode 0644 and renamed over path.
 * A reader opens either the old file or the new one, never a part of
 * one.  fill returns 0, or non-zero to give up (path is left as it was).
 * Returns 0 or -errno; no temporary file is left behind either way.
 */
int wt_file_replace(const char *path, int (*fill)(FILE *f, void *arg), void *arg);

/*
 * Whether path can be replaced: makes and removes a temporary file in its
 * directory, path itself untouched.  0 or -errno.
 */
int wt_file_replace_check(const char *path);

#endif
