/* SPDX-License-Identifier: GPL-2.0 */
/* errno values by name, for the tools' error columns ("EIO", not strerror text). */
#ifndef WT_ERRNAME_H
#define WT_ERRNAME_H

#include <stddef.h>

/*
 * The name of errno value err (positive), e.g. "ENOSPC"; for a value
 * without a name, its number in buf ("530").  Returns the name or buf.
 */
const char *wt_errno_name(int err, char *buf, size_t len);

#endif
