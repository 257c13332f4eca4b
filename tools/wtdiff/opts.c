// SPDX-License-Identifier: GPL-2.0
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "opts.h"
#include "record.h"

const char wtd_usage[] =
"Usage: wtdiff [OPTIONS] BASE NEW\n"
"Compare two `wtlat --record` runs stage by stage and say whether NEW regressed.\n"
"\n"
"  -a, --alpha P          significance level of the tests, 0 < P < 1\n"
"                         (default 0.01)\n"
"  -t, --threshold PCT    slowdown that counts as a regression, in percent\n"
"                         (default 5)\n"
"  -S, --stages LIST      stages to compare, comma separated (default all):\n"
"                         total begin1 lock wbwait copy begin2 device complete\n"
"                         other fallback\n"
"  -A, --allow LIST       differences allowed between the runs, comma separated:\n"
"                         kernel series cpus filters options (say, series, to\n"
"                         compare two states of the patch series)\n"
"  -f, --force            compare runs that do not match at all (warns instead)\n"
"  -j, --json             one JSON object, schema " WTD_SCHEMA "\n"
"  -m, --milliseconds     text in milliseconds\n"
"  -u, --microseconds     text in microseconds (default)\n"
"  -N, --nanoseconds      text in nanoseconds\n"
"  -v, --verbose          the match checks, the merged buckets of each test\n"
"  -h, --help             this text\n"
"\n"
"Per stage: count, mean, p50, p90, p99, p99.9 of BASE and NEW, the change and\n"
"the change in percent. The runs' histograms are summed over their interval\n"
"records (or taken from the end record's totals).\n"
"\n"
"The test: a chi-square test of homogeneity on the 2 x K table of bucket\n"
"counts (BASE and NEW rows, one column per bucket; adjacent sparse buckets\n"
"merged until every expected count is at least 5), giving the statistic, its\n"
"degrees of freedom and a p-value. It uses the counts themselves, so it\n"
"needs no assumption about the shape of a latency distribution, and it asks\n"
"the question a histogram can answer: are the two samples from the same\n"
"distribution at bucket resolution? A change is significant (*) only when the\n"
"test rejects (p < alpha) and, for a percentile, the two estimates lie at\n"
"least two buckets apart, so that their true values differ by more than a\n"
"bucket width (25% with four sub-buckets per power of two) wherever they sit\n"
"in their buckets; for the mean (exact, from the sums), when a z test on the\n"
"means (variances from the buckets) also rejects. Noise inside a bucket is\n"
"never called a change.\n"
"\n"
"A stage REGRESSED when its p50 or its mean changed significantly and is\n"
"higher in NEW by more than the threshold: (NEW - BASE) / BASE > PCT/100.\n"
"IMPROVED is the same, lower. A stage without samples in one of the runs, or\n"
"with too few for one degree of freedom, is not tested.\n"
"\n"
"Runs must match: schema version, kernel release, series head (and series tag,\n"
"if recorded), online CPU count, filters (-p -c -d) and the options that change\n"
"what a write costs (-v turns BPF statistics on); otherwise wtdiff names the\n"
"difference and exits 2, unless --allow names it or --force is given. The\n"
"--tag label, report interval and count, and -S are not compared.\n"
"\n"
"Exit status: 0 no stage regressed, 1 a stage regressed, 2 bad usage, bad\n"
"input or runs that do not match.\n"
"\n"
"EXAMPLES:\n"
"    wtlat --record base.ndjson --tag base 1 30   # a workload, traced\n"
"    wtlat --record new.ndjson --tag new 1 30     # again, after a change\n"
"    wtdiff base.ndjson new.ndjson         # table; exit 1 on a regression\n"
"    wtdiff -S total,device -t 10 base.ndjson new.ndjson\n"
"    wtdiff -j base.ndjson new.ndjson | jq .regressed\n"
"    wtdiff -A series base.ndjson patched.ndjson  # WT_SERIES_HEAD differs\n"
"    wtdiff --force -v old-host.ndjson new-host.ndjson\n";

#define OPTSTRING	":a:t:S:A:fjmuNvh"

/* At most 64 bytes of s with anything but printable ASCII as '?': one-line messages. */
static const char *printable(const char *s, char *buf, size_t n)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < n && i < 64; i++)
		buf[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	buf[i] = 0;
	return buf;
}

static int err_line(char *err, size_t errlen, const char *fmt, const char *arg)
{
	snprintf(err, errlen, fmt, arg);
	return WTD_OPTS_ERROR;
}

/* A plain decimal number: digits, one '.', an exponent; no hex, inf or nan. */
static int parse_real(const char *s, double *out)
{
	const char *p;
	char *end;
	double v;

	if (!*s)
		return -1;
	for (p = s; *p; p++)
		if (!strchr("0123456789.eE+-", *p))
			return -1;
	v = strtod(s, &end);
	if (*end || end == s || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

static int parse_stages(const char *s, unsigned int *mask)
{
	const char *p = s, *comma;
	unsigned int m = 0;
	size_t n;
	int i;

	for (;;) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		for (i = 0; i < WTD_NHIST; i++)
			if (strlen(wtd_hist_names[i]) == n && !strncmp(p, wtd_hist_names[i], n))
				break;
		if (i == WTD_NHIST)
			return -1;
		m |= 1u << i;
		if (!comma)
			break;
		p = comma + 1;
	}
	*mask = m;
	return 0;
}

int wtd_opts_parse(int argc, char **argv, struct wtd_opts *o, char *err, size_t errlen)
{
	static const struct option lopts[] = {
		{ "alpha", required_argument, NULL, 'a' },
		{ "threshold", required_argument, NULL, 't' },
		{ "stages", required_argument, NULL, 'S' },
		{ "allow", required_argument, NULL, 'A' },
		{ "force", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "milliseconds", no_argument, NULL, 'm' },
		{ "microseconds", no_argument, NULL, 'u' },
		{ "nanoseconds", no_argument, NULL, 'N' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char pct[64], arg[80];
	size_t n;
	double v;
	int c;

	memset(o, 0, sizeof(*o));
	o->alpha = WTD_DEF_ALPHA;
	o->threshold = WTD_DEF_THRESHOLD;
	o->hists = (1u << WTD_NHIST) - 1;
	o->unit = (struct wtd_unit){ 1e3, "us" };
	if (errlen)
		err[0] = 0;
	opterr = 0;
	optind = 0;	/* full reset of getopt's state */
	while ((c = getopt_long(argc, argv, OPTSTRING, lopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (parse_real(optarg, &v) || !(v > 0 && v < 1))
				return err_line(err, errlen, "wtdiff: invalid alpha '%s' (want 0 < P < 1)",
						printable(optarg, arg, sizeof(arg)));
			o->alpha = v;
			break;
		case 't':
			/* "5", "5%" or "2.5" percent */
			n = strlen(optarg);
			if (n && optarg[n - 1] == '%')
				n--;
			if (n >= sizeof(pct))
				return err_line(err, errlen, "wtdiff: invalid threshold '%s'"
						" (want a percentage, 0 to 1000)",
						printable(optarg, arg, sizeof(arg)));
			memcpy(pct, optarg, n);
			pct[n] = 0;
			if (parse_real(pct, &v) || v < 0 || v > 1000)
				return err_line(err, errlen, "wtdiff: invalid threshold '%s'"
						" (want a percentage, 0 to 1000)",
						printable(optarg, arg, sizeof(arg)));
			o->threshold = v / 100;
			break;
		case 'S':
			if (parse_stages(optarg, &o->hists))
				return err_line(err, errlen, "wtdiff: invalid stage list '%s'"
						" (see --help)", printable(optarg, arg, sizeof(arg)));
			break;
		case 'A':
			if (wtd_parse_allow(optarg, &o->allow))
				return err_line(err, errlen, "wtdiff: invalid --allow list '%s'"
						" (kernel series cpus filters options)",
						printable(optarg, arg, sizeof(arg)));
			break;
		case 'f': o->force = true; break;
		case 'j': o->json = true; break;
		case 'm': o->unit = (struct wtd_unit){ 1e6, "ms" }; break;
		case 'u': o->unit = (struct wtd_unit){ 1e3, "us" }; break;
		case 'N': o->unit = (struct wtd_unit){ 1, "ns" }; break;
		case 'v': o->verbose = true; break;
		case 'h': return WTD_OPTS_HELP;
		case ':':
			return err_line(err, errlen, "wtdiff: option '%s' needs a value (see --help)",
					printable(argv[optind - 1], arg, sizeof(arg)));
		default:
			/* a short option we do not know; else a long one (unknown, or given a value) */
			if (optopt && !strchr(OPTSTRING, optopt)) {
				char o1[2] = { (char)optopt, 0 };

				return err_line(err, errlen, "wtdiff: unknown option -%s (see --help)",
						printable(o1, arg, sizeof(arg)));
			}
			return err_line(err, errlen, "wtdiff: bad option '%s' (see --help)",
					printable(argv[optind - 1], arg, sizeof(arg)));
		}
	}
	if (argc - optind != 2)
		return err_line(err, errlen, "wtdiff: want two record files, BASE and NEW%s"
				" (see --help)", argc - optind > 2 ? ", not more" : "");
	o->base = argv[optind];
	o->new_ = argv[optind + 1];
	return WTD_OPTS_RUN;
}
