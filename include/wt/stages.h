/* SPDX-License-Identifier: GPL-2.0 */
/* Stage names for output and -S parsing (user space). */
#ifndef WT_STAGES_H
#define WT_STAGES_H

#include "wt/wt_events.h"

extern const char *const wt_stage_names[WT_STAGE_NR];
extern const char *const wt_stage_desc[WT_STAGE_NR];
/* JSON names of the counters (enum wt_counter) */
extern const char *const wt_counter_names[WT_CNT_NR];

/* "total,begin2" -> bitmask of (1 << WT_STAGE_x); 0 or -1 */
int wt_parse_stages(const char *s, unsigned int *mask);

#endif
