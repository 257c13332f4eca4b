// SPDX-License-Identifier: GPL-2.0
/*
 * wtdiff: compare two `wtlat --record` runs stage by stage; exit 1 when a
 * stage of NEW regressed against BASE (docs/wtdiff.md).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "match.h"
#include "opts.h"
#include "record.h"
#include "report.h"

#define EXIT_REGRESSED	1
#define EXIT_BAD	2

static int load(struct wtd_run *run, const char *path)
{
	char err[512];
	FILE *f;
	int rc;

	f = fopen(path, "r");
	if (!f) {
		int e = errno;
		const char *p;

		fprintf(stderr, "wtdiff: cannot open ");
		for (p = path; *p; p++)
			fputc((unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p, stderr);
		fprintf(stderr, ": %s\n", strerror(e));
		memset(run, 0, sizeof(*run));
		return -1;
	}
	rc = wtd_run_load_file(run, f, path, err, sizeof(err));
	fclose(f);
	if (rc)
		fprintf(stderr, "wtdiff: %s\n", err);
	return rc;
}

/* One line: the differences (not allowed ones only, unless all). */
static void mismatch_line(FILE *f, const struct wtd_match *m, bool all, const char *lead,
			  const char *tail)
{
	unsigned int i, k = 0;

	fprintf(f, "wtdiff: %s", lead);
	for (i = 0; i < m->n && i < WTD_MAX_REASONS; i++)
		if (all || !m->allowed[i])
			fprintf(f, "%s%s", k++ ? "; " : "", m->reason[i]);
	fprintf(f, "%s\n", tail);
}

int main(int argc, char **argv)
{
	struct wtd_run *base = calloc(1, sizeof(*base)), *new_ = calloc(1, sizeof(*new_));
	struct wtd_result *res = calloc(1, sizeof(*res));
	struct wtd_match m;
	struct wtd_opts o;
	char err[256];
	int rc = EXIT_BAD;

	if (!base || !new_ || !res) {
		fprintf(stderr, "wtdiff: out of memory\n");
		return EXIT_BAD;
	}
	switch (wtd_opts_parse(argc, argv, &o, err, sizeof(err))) {
	case WTD_OPTS_HELP:
		fputs(wtd_usage, stdout);
		rc = 0;
		goto out;
	case WTD_OPTS_ERROR:
		fprintf(stderr, "%s\n", err);
		goto out;
	}
	if (load(base, o.base) || load(new_, o.new_))
		goto out;
	if (wtd_match_runs(base, new_, o.force ? ~0u : o.allow, &m)) {
		mismatch_line(stderr, &m, false, "runs do not match: ", " (see --allow, --force)");
		goto out;
	}
	if (m.n && o.json)
		mismatch_line(stderr, &m, true, "warning: runs differ (allowed): ", "");
	wtd_compare(base, new_, &o, res);
	if (o.json)
		wtd_report_json(stdout, base, new_, &m, res, &o);
	else
		wtd_report_text(stdout, base, new_, &m, res, &o);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "wtdiff: cannot write the report: %s\n", strerror(errno));
		goto out;
	}
	rc = res->regressed ? EXIT_REGRESSED : 0;
out:
	wtd_run_free(base);
	wtd_run_free(new_);
	free(base);
	free(new_);
	free(res);
	return rc;
}
