/* SPDX-License-Identifier: GPL-2.0 */
/* wtdiff's output: the aligned text table, or one JSON object. */
#ifndef WTDIFF_REPORT_H
#define WTDIFF_REPORT_H

#include <stdio.h>

#include "compare.h"
#include "match.h"

void wtd_report_text(FILE *f, const struct wtd_run *base, const struct wtd_run *new_,
		     const struct wtd_match *m, const struct wtd_result *r,
		     const struct wtd_opts *o);
void wtd_report_json(FILE *f, const struct wtd_run *base, const struct wtd_run *new_,
		     const struct wtd_match *m, const struct wtd_result *r,
		     const struct wtd_opts *o);

#endif
