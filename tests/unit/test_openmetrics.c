// SPDX-License-Identifier: GPL-2.0
/*
 * wtlat --openmetrics (tools/common/openmetrics.c) on fixed histograms:
 * the exposition is checked line by line against the OpenMetrics 1.0
 * text format (metadata order and units, names and label names, counter
 * and histogram sample names, no interleaving, "# EOF" last), every
 * histogram's buckets cumulative with +Inf equal to _count, the exact
 * bucket counts and sums of known values, canonical "le" values; then,
 * where Debian's python3-prometheus-client is installed, by its strict
 * OpenMetrics parser and by its Prometheus text parser (the format
 * node-exporter's textfile collector reads).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wt/breakdown.h"
#include "wt/openmetrics.h"
#include "wt/stages.h"

static int failures;
#define EXPECT(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)
#define BAD(line, why) do { fprintf(stderr, "line %d: %s: %s\n", line, why, cur_line); failures++; } while (0)

static const char *cur_line;

static bool valid_name(const char *s, size_t n, bool colon)
{
	size_t i;

	if (!n || isdigit((unsigned char)s[0]))
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && !(colon && s[i] == ':'))
			return false;
	return true;
}

static bool ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && !strcmp(s + a - b, suf);
}

/* the state of the histogram series being read */
struct series {
	char key[256];		/* labels but le */
	char last_le[40];
	double last_le_v;
	unsigned long long last, inf;
	bool has_inf, has_count, has_sum;
};

static void series_end(struct series *s, int line)
{
	if (!s->key[0] && !s->has_inf && !s->has_count)
		return;
	if (!s->has_inf)
		BAD(line, "histogram without a +Inf bucket");
	if (!s->has_count || !s->has_sum)
		BAD(line, "histogram without _count or _sum");
	memset(s, 0, sizeof(*s));
}

/*
 * Check an exposition against the OpenMetrics 1.0 text format, as far as
 * wtlat uses it (counter, gauge, histogram).  Returns the number of
 * families.
 */
static int check_exposition(char *text)
{
	char fam[128] = "", type[16] = "", seen[64][128];
	int nseen = 0, line = 0, state = 0;	/* 0 meta allowed, 1 samples */
	struct series s = { 0 };
	bool eof = false;
	char *save = NULL, *l;
	size_t len = strlen(text);

	EXPECT(len > 6 && !strcmp(text + len - 6, "# EOF\n"));
	EXPECT(!strchr(text, '\r'));
	for (l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		line++;
		cur_line = l;
		if (eof)
			BAD(line, "line after # EOF");
		if (!strcmp(l, "# EOF")) {
			series_end(&s, line);
			eof = true;
			continue;
		}
		if (l[0] == '#') {
			char kw[8], name[128], rest[256] = "";
			int i;

			if (sscanf(l, "# %7s %127s %255[^\n]", kw, name, rest) < 3 || !rest[0]) {
				BAD(line, "bad metadata line");
				continue;
			}
			if (!valid_name(name, strlen(name), true))
				BAD(line, "invalid metric family name");
			if (strcmp(name, fam)) {
				/* a new family: TYPE first, never seen before */
				series_end(&s, line);
				if (strcmp(kw, "TYPE"))
					BAD(line, "family does not start with # TYPE");
				for (i = 0; i < nseen; i++)
					if (!strcmp(seen[i], name))
						BAD(line, "family appears twice (interleaved)");
				if (nseen < 64)
					snprintf(seen[nseen++], sizeof(seen[0]), "%s", name);
				snprintf(fam, sizeof(fam), "%s", name);
				state = 0;
			} else if (state) {
				BAD(line, "metadata after samples");
			}
			if (!strcmp(kw, "TYPE")) {
				if (strcmp(rest, "counter") && strcmp(rest, "gauge") &&
				    strcmp(rest, "histogram"))
					BAD(line, "type other than counter, gauge, histogram");
				snprintf(type, sizeof(type), "%s", rest);
				if (!strcmp(type, "counter") && ends_with(name, "_total"))
					BAD(line, "counter family named ..._total");
			} else if (!strcmp(kw, "UNIT")) {
				char suf[64];

				snprintf(suf, sizeof(suf), "_%s", rest);
				if (!ends_with(name, suf))
					BAD(line, "unit is not the suffix of the family name");
			} else if (strcmp(kw, "HELP")) {
				BAD(line, "unknown metadata keyword");
			}
			continue;
		}
		/* a sample: name[{labels}] value */
		{
			size_t nl = strcspn(l, "{ ");
			char sname[160], key[256] = "", le[40] = "", *p = l + nl, *end;
			unsigned long long v;
			bool is_bucket, is_count, is_sum;

			state = 1;
			snprintf(sname, sizeof(sname), "%.*s", (int)nl, l);
			if (!valid_name(l, nl, true))
				BAD(line, "invalid sample name");
			if (*p == '{') {
				char *q = p + 1;
				bool ok = true;

				while (*q && *q != '}') {
					size_t ln = strcspn(q, "=");
					char *vend;

					if (!valid_name(q, ln, false) || q[ln + 1] != '"') {
						BAD(line, "invalid label");
						ok = false;
						break;
					}
					/* the value ends at a quote that no backslash escapes */
					for (vend = q + ln + 2; *vend && *vend != '"'; vend++) {
						if (*vend != '\\')
							continue;
						if (vend[1] != '\\' && vend[1] != '"' && vend[1] != 'n')
							BAD(line, "invalid escape in a label value");
						vend++;
					}
					if (!*vend) {
						BAD(line, "bad label value");
						ok = false;
						break;
					}
					if (ln == 2 && !strncmp(q, "le", 2))
						snprintf(le, sizeof(le), "%.*s", (int)(vend - q - 4), q + 4);
					else
						snprintf(key + strlen(key), sizeof(key) - strlen(key), "%.*s;",
							 (int)(vend + 1 - q), q);
					q = vend + 1;
					if (*q == ',')
						q++;
				}
				if (!ok)
					continue;
				if (*q != '}') {
					BAD(line, "unclosed labels");
					continue;
				}
				p = q + 1;
			}
			if (*p != ' ') {
				BAD(line, "no space before the value");
				continue;
			}
			strtod(p + 1, &end);
			if (end == p + 1 || *end)
				BAD(line, "value is not a number");
			if (!strcmp(type, "counter")) {
				char want[160];

				snprintf(want, sizeof(want), "%s_total", fam);
				if (strcmp(sname, want))
					BAD(line, "counter sample not named FAMILY_total");
				continue;
			}
			if (!strcmp(type, "gauge")) {
				if (strcmp(sname, fam))
					BAD(line, "gauge sample not named as its family");
				continue;
			}
			is_bucket = !strncmp(sname, fam, strlen(fam)) && !strcmp(sname + strlen(fam), "_bucket");
			is_count = !strncmp(sname, fam, strlen(fam)) && !strcmp(sname + strlen(fam), "_count");
			is_sum = !strncmp(sname, fam, strlen(fam)) && !strcmp(sname + strlen(fam), "_sum");
			if (!is_bucket && !is_count && !is_sum) {
				BAD(line, "histogram sample not _bucket, _count or _sum");
				continue;
			}
			if (strcmp(key, s.key)) {
				series_end(&s, line);
				snprintf(s.key, sizeof(s.key), "%s", key);
			}
			if (is_sum)
				s.has_sum = true;
			if (is_sum)
				continue;
			v = strtoull(p + 1, &end, 10);
			if (*end)
				BAD(line, "bucket or count not an integer");
			if (is_count) {
				if (!s.has_inf || v != s.inf)
					BAD(line, "_count differs from the +Inf bucket");
				s.has_count = true;
				continue;
			}
			if (!le[0]) {
				BAD(line, "bucket without le");
				continue;
			}
			if (s.has_inf)
				BAD(line, "bucket after +Inf");
			if (s.last_le[0] && strtod(le, NULL) <= s.last_le_v)
				BAD(line, "le not increasing");
			if (v < s.last)
				BAD(line, "bucket counts not cumulative");
			s.last = v;
			s.last_le_v = strtod(le, NULL);
			snprintf(s.last_le, sizeof(s.last_le), "%s", le);
			if (!strcmp(le, "+Inf")) {
				s.has_inf = true;
				s.inf = v;
			}
		}
	}
	EXPECT(eof);
	return nseen;
}

static bool has_line(const char *text, const char *want)
{
	char *w;
	const char *p = text;
	size_t n;

	if (asprintf(&w, "\n%s\n", want) < 0)
		return false;
	n = strlen(w);
	while ((p = strstr(p, w + 1))) {
		if ((p == text || p[-1] == '\n') && !strncmp(p, w + 1, n - 1))
			break;
		p++;
	}
	free(w);
	if (!p)
		fprintf(stderr, "missing line: %s\n", want);
	return p != NULL;
}

static void check_floats(void)
{
	static const struct { double v; const char *s; } c[] = {
		/* OpenMetrics 1.0, "Canonical Numbers" */
		{ 0.0, "0.0" }, { 0.001, "0.001" }, { 0.002, "0.002" }, { 0.01, "0.01" },
		{ 0.1, "0.1" }, { 0.9, "0.9" }, { 0.95, "0.95" }, { 0.99, "0.99" },
		{ 0.999, "0.999" }, { 1.0, "1.0" }, { 1.7, "1.7" }, { 10.0, "10.0" },
		{ 1e-10, "1e-10" }, { 1e-9, "1e-09" }, { 1e-5, "1e-05" }, { 1e-4, "0.0001" },
		{ 100000.0, "100000.0" }, { 1e6, "1e+06" }, { 1e10, "1e+10" },
		/* wtlat's bounds */
		{ 256e-9, "2.56e-07" }, { 65536e-9, "6.5536e-05" }, { 131072e-9, "0.000131072" },
		{ 68.719476736, "68.719476736" }, { 1.048576, "1.048576" },
		{ 1.0 / 0.0, "+Inf" }, { -0.25, "-0.25" },
	};
	char buf[40];
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		wt_om_float(buf, sizeof(buf), c[i].v);
		if (strcmp(buf, c[i].s)) {
			fprintf(stderr, "wt_om_float(%g) = %s, want %s\n", c[i].v, buf, c[i].s);
			failures++;
		}
	}
}

/* python3-prometheus-client's parsers, where installed: 0 ok, 77 absent */
static int python_check_file(const char *path, bool counts)
{
	static const char script[] =
		"import sys\n"
		"from prometheus_client.openmetrics.parser import text_string_to_metric_families as om\n"
		"from prometheus_client.parser import text_string_to_metric_families as prom\n"
		"from prometheus_client.utils import floatToGoString\n"
		"t = open(sys.argv[1]).read()\n"
		"fams = {f.name: f for f in om(t)}\n"
		"assert fams['wt_stage_seconds'].type == 'histogram', 'stage type'\n"
		"assert fams['wt_writes'].type == 'counter', 'counter type'\n"
		"assert fams['wt_bytes'].unit == 'bytes', 'bytes unit'\n"
		"for s in fams['wt_stage_seconds'].samples:\n"
		"    if 'le' in s.labels:\n"
		"        le = s.labels['le']\n"
		"        assert le == floatToGoString(float(le)), 'uncanonical le ' + le\n"
		"p = {f.name: f for f in prom(t)}\n"
		"assert p['wt_stage_seconds'].type == 'histogram', 'prometheus text: stage type'\n"
		"n = [s for s in p['wt_stage_seconds'].samples if s.name == 'wt_stage_seconds_count'"
		" and s.labels == {'stage': 'total'}]\n"
		"assert len(sys.argv) > 2 or (n and n[0].value == 7), 'prometheus text: count'\n"
		"print('python3-prometheus-client: OpenMetrics and Prometheus text parsers accept it,"
		" %d families' % len(fams))\n";
	char cmd[512], spath[] = "/tmp/wt-test-om-py.XXXXXX";
	FILE *f;
	int fd, rc;

	if (system("/usr/bin/python3 -c 'import prometheus_client' 2>/dev/null")) {
		printf("python3-prometheus-client not installed: its parsers not run\n");
		return 77;
	}
	fd = mkstemp(spath);
	f = fdopen(fd, "w");
	fputs(script, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 %s %s%s", spath, path, counts ? "" : " bk");
	rc = system(cmd);
	unlink(spath);
	return rc ? 1 : 0;
}

/* the same for an exposition in memory: 0 ok (or absent), else 1 */
static int python_check(const char *text, bool counts)
{
	char path[] = "/tmp/wt-test-om.XXXXXX";
	int fd = mkstemp(path), rc;
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");

	if (!f)
		return 1;
	fputs(text, f);
	fclose(f);
	rc = python_check_file(path, counts);
	unlink(path);
	return rc == 77 ? 0 : rc;
}

/* label values: escapes, invalid UTF-8 replaced, valid UTF-8 kept */
static void check_labels(void)
{
	char out[64];

	EXPECT(!strcmp(wt_om_label("dd", 16, out, sizeof(out)), "dd"));
	EXPECT(!strcmp(wt_om_label("a\"b\\c\nd", 16, out, sizeof(out)), "a\\\"b\\\\c\\nd"));
	EXPECT(!strcmp(wt_om_label("x\xffy", 16, out, sizeof(out)), "x\xef\xbf\xbdy"));
	EXPECT(!strcmp(wt_om_label("\xc3\xa9t\xc3", 16, out, sizeof(out)), "\xc3\xa9t\xef\xbf\xbd"));
	/* overlong "/" and a surrogate are not UTF-8 */
	EXPECT(!strcmp(wt_om_label("\xc0\xaf", 16, out, sizeof(out)),
		       "\xef\xbf\xbd\xef\xbf\xbd"));
	EXPECT(!strcmp(wt_om_label("\xed\xa0\x80", 16, out, sizeof(out)),
		       "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"));
	/* a comm of 16 bytes with no NUL stops at 16; the output never overflows */
	EXPECT(!strcmp(wt_om_label("0123456789abcdefXYZ", 16, out, sizeof(out)), "0123456789abcdef"));
	EXPECT(!strcmp(wt_om_label("\"\"\"\"", 16, out, 6), "\\\"\\\""));
}

/* -P/-F/-D: one family per kind, top N keys, labels, overflow */
static int check_breakdowns(void)
{
	static struct wt_snap tot;
	static struct wt_bk_entry e[4];
	struct wt_om_bk bk = { .e = e, .n = 4, .top = 1, .overflow = 5,
			       .kinds = 1u << WT_BK_PID | 1u << WT_BK_FILE | 1u << WT_BK_DEV };
	struct wt_om_info info = { .bk = &bk };
	char *text = NULL, *copy;
	size_t len = 0;
	int fams;
	FILE *f;

	e[0].key = (struct wt_bk_key){ .kind = WT_BK_PID, .id = 4242 };
	memcpy(e[0].val.comm, "dd \"x\"\xff", 8);
	wt_hist_add(&e[0].val.total, 3000);
	wt_hist_add(&e[0].val.device, 1000);
	e[1].key = (struct wt_bk_key){ .kind = WT_BK_PID, .id = 7 };	/* less time: not in top 1 */
	memcpy(e[1].val.comm, "small", 6);
	wt_hist_add(&e[1].val.total, 10);
	e[2].key = (struct wt_bk_key){ .kind = WT_BK_FILE, .dev = 250u << 20 | 7, .id = 131 };
	memcpy(e[2].val.file, "f\0dir\0", 7);
	wt_hist_add(&e[2].val.total, 5000);
	e[3].key = (struct wt_bk_key){ .kind = WT_BK_DEV, .dev = 250u << 20 | 7 };
	wt_hist_add(&e[3].val.total, 5000);
	wt_hist_add(&e[3].val.device, 4000);
	wt_bk_sort(e, 4);

	f = open_memstream(&text, &len);
	EXPECT(wt_om_write(f, &tot, &info) == 0);
	fclose(f);
	EXPECT(has_line(text, "# TYPE wt_process_stage_seconds histogram"));
	EXPECT(has_line(text, "wt_process_stage_seconds_count{pid=\"4242\",comm=\"dd \\\"x\\\"\xef\xbf\xbd\","
			      "stage=\"total\"} 1"));
	EXPECT(has_line(text, "wt_process_stage_seconds_bucket{pid=\"4242\",comm=\"dd \\\"x\\\"\xef\xbf\xbd\","
			      "stage=\"device\",le=\"1.024e-06\"} 1"));
	EXPECT(!strstr(text, "pid=\"7\""));
	EXPECT(has_line(text, "wt_file_stage_seconds_count{dev=\"250:7\",ino=\"131\",path=\"/dir/f\","
			      "stage=\"total\"} 1"));
	EXPECT(has_line(text, "wt_device_stage_seconds_sum{dev=\"250:7\",stage=\"device\"} 0.000004000"));
	EXPECT(has_line(text, "wt_breakdown_overflow_total 5"));
	EXPECT(len > 6 && !strcmp(text + len - 6, "# EOF\n"));
	copy = strdup(text);
	fams = check_exposition(copy);
	free(copy);
	EXPECT(fams == 3 + WT_CNT_NR + 3 + 3 + 1);
	EXPECT(python_check(text, false) == 0);
	free(text);
	return fams;
}

int main(void)
{
	static struct wt_snap tot;
	struct wt_om_info info = { .start_real_ns = 1795988839123456789ull,
				   .seconds_ns = 12500000000ull };
	static const __u64 vals[] = { 100, 300, 1000, 1024, 5000, 2000000000ull, 1000000000000ull };
	char *text = NULL, *copy;
	size_t len = 0, i;
	int fams, k;
	FILE *f;

	check_floats();
	check_labels();
	check_breakdowns();

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		wt_hist_add(&tot.hist[WT_STAGE_TOTAL], vals[i]);
	wt_hist_add(&tot.hist[WT_STAGE_LOCK], 3000);
	wt_hist_add(&tot.hist[WT_HIST_FALLBACK], 7000000);
	tot.cnt[WT_CNT_WRITES] = 7;
	tot.cnt[WT_CNT_BYTES] = 7 * 4096;
	tot.cnt[WT_CNT_EAGAIN] = 2;
	tot.cnt[WT_CNT_INSERT_FAIL] = 1;
	tot.prog.recursion_misses = 3;

	f = open_memstream(&text, &len);
	EXPECT(wt_om_write(f, &tot, &info) == 0);
	fclose(f);

	/* the values of the fixed histograms */
	EXPECT(has_line(text, "wt_stage_seconds_bucket{stage=\"total\",le=\"2.56e-07\"} 1"));
	EXPECT(has_line(text, "wt_stage_seconds_bucket{stage=\"total\",le=\"5.12e-07\"} 2"));
	EXPECT(has_line(text, "wt_stage_seconds_bucket{stage=\"total\",le=\"1.024e-06\"} 3"));
	/* 1024 ns is not below 2^10 ns: counted from the next bound on */
	EXPECT(has_line(text, "wt_stage_seconds_bucket{stage=\"total\",le=\"2.048e-06\"} 4"));
	EXPECT(has_line(text, "wt_stage_seconds_bucket{stage=\"total\",le=\"4.096e-06\"} 4"));
	EXPECT(has_line(text, "wt_stage_seconds_bucket{stage=\"total\",le=\"8.192e-06\"} 5"));
	EXPECT(has_line(text, "wt_stage_seconds_bucket{stage=\"total\",le=\"1.073741824\"} 5"));
	EXPECT(has_line(text, "wt_stage_seconds_bucket{stage=\"total\",le=\"2.147483648\"} 6"));
	/* 1000 s is past the last finite bound */
	EXPECT(has_line(text, "wt_stage_seconds_bucket{stage=\"total\",le=\"68.719476736\"} 6"));
	EXPECT(has_line(text, "wt_stage_seconds_bucket{stage=\"total\",le=\"+Inf\"} 7"));
	EXPECT(has_line(text, "wt_stage_seconds_count{stage=\"total\"} 7"));
	EXPECT(has_line(text, "wt_stage_seconds_sum{stage=\"total\"} 1002.000007424"));
	EXPECT(has_line(text, "wt_stage_seconds_bucket{stage=\"lock\",le=\"2.048e-06\"} 0"));
	EXPECT(has_line(text, "wt_stage_seconds_bucket{stage=\"lock\",le=\"4.096e-06\"} 1"));
	EXPECT(has_line(text, "wt_stage_seconds_bucket{stage=\"device\",le=\"+Inf\"} 0"));
	EXPECT(has_line(text, "wt_stage_seconds_sum{stage=\"device\"} 0.000000000"));
	EXPECT(has_line(text, "wt_fallback_seconds_bucket{le=\"0.008388608\"} 1"));
	EXPECT(has_line(text, "wt_fallback_seconds_count 1"));
	EXPECT(has_line(text, "wt_async_submit_seconds_count 0"));
	EXPECT(has_line(text, "wt_writes_total 7"));
	EXPECT(has_line(text, "# UNIT wt_bytes bytes"));
	EXPECT(has_line(text, "wt_bytes_total 28672"));
	EXPECT(has_line(text, "wt_eagain_total 2"));
	EXPECT(has_line(text, "wt_insert_failures_total 1"));
	EXPECT(has_line(text, "wt_recursion_misses_total 3"));
	EXPECT(has_line(text, "wt_traced_seconds_total 12.500000000"));
	EXPECT(has_line(text, "wt_start_time_seconds 1795988839.123456789"));
	for (k = 0; k < WT_CNT_NR; k++) {
		char want[96];

		snprintf(want, sizeof(want), "# TYPE wt_%s counter", wt_counter_names[k]);
		EXPECT(has_line(text, want));
	}
	/* 29 finite bounds and +Inf per histogram */
	EXPECT(WT_OM_LE_LAST - WT_OM_LE_FIRST + 1 == 29);
	EXPECT(wt_om_below(&tot.hist[WT_STAGE_TOTAL], 64) == 7);

	/* the format itself */
	copy = strdup(text);
	fams = check_exposition(copy);
	free(copy);
	EXPECT(fams == 3 + WT_CNT_NR + 3);

	/* the parsers of python3-prometheus-client */
	EXPECT(python_check(text, true) == 0);
	free(text);

	if (failures) {
		fprintf(stderr, "%d failure(s)\n", failures);
		return 1;
	}
	printf("openmetrics: ok (%d families)\n", fams);
	return 0;
}
