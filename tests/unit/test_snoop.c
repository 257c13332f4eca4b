// SPDX-License-Identifier: GPL-2.0
/*
 * wtsnoop's output (tools/common/snoopfmt.c): -n N prints N lines, the
 * relative time of events that arrive out of order, CSV quoting, JSON
 * escaping of comm, the text header's columns, errno names, asynchronous
 * and atomic writes, lines buffered (no write per line).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wt/csv.h"
#include "wt/errname.h"
#include "wt/snoopfmt.h"

static int failures;
#define EXPECT(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

static struct wt_event ev(uint64_t ts, const char *comm, int64_t ret)
{
	struct wt_event e;

	memset(&e, 0, sizeof(e));
	e.ts_ns = ts;
	e.pid = 42;
	e.tid = 43;
	e.dev = 254u << 20 | 1;
	e.ino = 0x83;
	e.pos = 100;
	e.count = 3000;
	e.ret = ret;
	e.stage_ns[WT_STAGE_TOTAL] = 9000;
	e.stage_ns[WT_STAGE_DEVICE] = 5000;
	e.stage_ns[WT_STAGE_OTHER] = 4000;
	e.nr_begin1 = e.nr_begin2 = e.nr_folios = e.nr_submits = e.nr_bios = 1;
	memcpy(e.comm, comm, strnlen(comm, WT_COMM_LEN));
	return e;
}

/* run fn over an output of format fmt, return what it printed (malloc'd) */
static char *capture(enum wt_snoop_fmt fmt, uint64_t t0, uint64_t max,
		     const struct wt_event *evs, int n, bool header)
{
	struct wt_snoop_out o = { .fmt = fmt, .schema = "wt.wtsnoop/5", .t0_ns = t0,
				  .max_events = max };
	char *buf = NULL;
	size_t len = 0;
	int i;

	o.f = open_memstream(&buf, &len);
	if (header)
		wt_snoop_header(&o);
	for (i = 0; i < n; i++)
		wt_snoop_event(&o, &evs[i]);
	fclose(o.f);
	return buf;
}

static int lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* -n 3 over 10 events ready in the ring buffer: 3 lines, in every format */
static void check_max_events(void)
{
	struct wt_event evs[10];
	enum wt_snoop_fmt f;
	int i;

	for (i = 0; i < 10; i++)
		evs[i] = ev(1000 + i, "wtload", 3000);
	for (f = WT_SNOOP_TEXT; f <= WT_SNOOP_CSV; f++) {
		char *out = capture(f, 0, 3, evs, 10, false);

		if (lines(out) != 3) {
			fprintf(stderr, "format %d: -n 3 printed %d lines:\n%s", f, lines(out), out);
			failures++;
		}
		free(out);
	}
}

/* events of another CPU can come first: TIME never wraps to 1.8e10 s */
static void check_reltime(void)
{
	struct wt_event evs[3] = {
		ev(5000000000ull, "a", 0), ev(3000000000ull, "b", 0), ev(500, "c", 0),
	};
	char *out = capture(WT_SNOOP_TEXT, 1000000000ull, 0, evs, 3, false), *l = out;
	double t[3];
	int i;

	EXPECT(wt_snoop_reltime(100, 50) == 0.0);
	EXPECT(wt_snoop_reltime(100, 1000000100) == 1.0);
	for (i = 0; i < 3; i++) {
		t[i] = strtod(l, NULL);
		l = strchr(l, '\n') + 1;
	}
	EXPECT(t[0] == 4.0 && t[1] == 2.0 && t[2] == 0.0);
	if (!(t[0] == 4.0 && t[1] == 2.0 && t[2] == 0.0))
		fprintf(stderr, "relative times:\n%s", out);
	free(out);
}

/* RFC 4180: a field with a comma, a quote or a line break is quoted */
static void check_csv(void)
{
	struct wt_event evs[3] = {
		ev(2000, "a,b\"c", 3000), ev(2000, "new\nline", -28), ev(2000, "wtload", 3000),
	};
	char *out = capture(WT_SNOOP_CSV, 1000, 0, evs, 3, true), *p;
	const char *want;
	char buf[64];
	size_t len = 0;
	FILE *f;

	p = strchr(out, '\n') + 1;
	EXPECT(!strncmp(out, "time_s,comm,pid,", 16));
	EXPECT(strstr(out, ",other_ns,err,file,async,submit_ns,atomic\n") != NULL);
	want = "0.000001,\"a,b\"\"c\",42,43,254:1,131,100,3000,3000,writethrough,";
	EXPECT(!strncmp(p, want, strlen(want)));
	EXPECT(strstr(out, ",\"new\nline\",42,") != NULL);
	EXPECT(strstr(out, ",ENOSPC,,0,,\n") != NULL);
	EXPECT(strstr(out, "0.000001,wtload,42,") != NULL);
	/* every record has as many fields as the header */
	f = fmemopen(buf, sizeof(buf), "w");
	wt_csv_field(f, " lead");
	fputc('|', f);
	wt_csv_field(f, "");
	fclose(f);
	EXPECT(!strcmp(buf, "\" lead\"|"));
	(void)len;
	free(out);
}

static void check_json(void)
{
	struct wt_event evs[2] = { ev(2000, "x\"\\\x01\xff\xc3\xa9", -5), ev(2000, "ok", 3000) };
	char *out = capture(WT_SNOOP_JSON, 1000, 0, evs, 2, true);
	int before = failures;

	EXPECT(strstr(out, "\"comm\":\"x\\\"\\\\\\u0001\\u00ff\xc3\xa9\",") != NULL);
	EXPECT(strstr(out, "\"ret\":-5,\"err\":\"EIO\",\"path\":\"writethrough\"") != NULL);
	EXPECT(strstr(out, "\"ret\":3000,\"path\":\"writethrough\"") != NULL);
	EXPECT(strstr(out, "\"time_s\":0.000001,") != NULL);
	EXPECT(lines(out) == 2);
	if (failures != before)
		fprintf(stderr, "%s", out);
	free(out);
}

/* no column name twice; the device is MAJ:MIN, the stage DEVICE */
static void check_header(void)
{
	struct wt_event evs[1] = { ev(2000, "wtcheck", -11) };
	char *out = capture(WT_SNOOP_TEXT, 1000, 0, evs, 1, true), *save = NULL, *tok, *line2;
	char *names[64];
	int n = 0, i, k;

	line2 = strchr(out, '\n');
	*line2++ = 0;
	for (tok = strtok_r(out, " ", &save); tok && n < 64; tok = strtok_r(NULL, " ", &save))
		names[n++] = tok;
	for (i = 0; i < n; i++)
		for (k = i + 1; k < n; k++)
			if (!strcmp(names[i], names[k])) {
				fprintf(stderr, "header column %s twice\n", names[i]);
				failures++;
			}
	EXPECT(n == 21);
	EXPECT(n > 3 && !strcmp(names[3], "MAJ:MIN") && !strcmp(names[n - 1], "ERR"));
	/* the line: ERR is the errno name, the last column */
	tok = line2;
	EXPECT(strlen(tok) > 8 && !strcmp(tok + strlen(tok) - 8, " EAGAIN\n"));
	free(out);
}

/*
 * An asynchronous write: flagged, with its submission time, in every
 * format; a synchronous one says it is not, and has no submission time.
 */
static void check_async(void)
{
	struct wt_event evs[2] = { ev(2000, "wtload", 4096), ev(2000, "wtload", 4096) };
	char *out, *l2;
	int before = failures;

	evs[0].flags = WT_EVF_ASYNC;
	evs[0].submit_ns = 1500;
	out = capture(WT_SNOOP_JSON, 1000, 0, evs, 2, true);
	EXPECT(strstr(out, "\"atomic\":null,\"async\":true,\"submit_ns\":1500,\"stage_ns\":{") != NULL);
	EXPECT(strstr(out, "\"atomic\":null,\"async\":false,\"submit_ns\":null,\"stage_ns\":{") != NULL);
	free(out);
	out = capture(WT_SNOOP_CSV, 1000, 0, evs, 2, true);
	EXPECT(strstr(out, ",,1,1500,\n0.000001,") != NULL);
	EXPECT(lines(out) == 3 && !strcmp(out + strlen(out) - 6, ",,0,,\n"));
	free(out);
	/* text: SUBMIT after TOTAL(us); 9.0 is the total in microseconds */
	out = capture(WT_SNOOP_TEXT, 1000, 0, evs, 2, true);
	l2 = strchr(out, '\n') + 1;
	EXPECT(strstr(out, " TOTAL(us)  SUBMIT FILE ") != NULL);
	EXPECT(strstr(l2, "      9.0     1.5 -") != NULL);
	EXPECT(strstr(strchr(l2, '\n') + 1, "      9.0       - -") != NULL);
	if (failures != before)
		fprintf(stderr, "%s", out);
	free(out);
}

/*
 * Atomic writes: hw, sw, none (no I/O), or not atomic, in every format;
 * HW wins when both flags are set; the flags are apart from async.
 */
static void check_atomic(void)
{
	static const struct {
		__u32 flags;
		const char *json, *csv, *text;
	} c[] = {
		{ 0, "\"atomic\":null,", ",\n", " wt   -    " },
		{ WT_EVF_ATOMIC | WT_EVF_ATOMIC_HW, "\"atomic\":\"hw\",", ",hw\n", " wt   hw   " },
		{ WT_EVF_ATOMIC | WT_EVF_ATOMIC_SW, "\"atomic\":\"sw\",", ",sw\n", " wt   sw   " },
		{ WT_EVF_ATOMIC, "\"atomic\":\"none\",", ",none\n", " wt   none " },
		{ WT_EVF_ATOMIC | WT_EVF_ATOMIC_HW | WT_EVF_ATOMIC_SW, "\"atomic\":\"hw\",", ",hw\n",
		  " wt   hw   " },
		/* a path flag without WT_EVF_ATOMIC is not an atomic write */
		{ WT_EVF_ATOMIC_SW, "\"atomic\":null,", ",\n", " wt   -    " },
		{ WT_EVF_ASYNC | WT_EVF_ATOMIC | WT_EVF_ATOMIC_SW, "\"atomic\":\"sw\",\"async\":true,",
		  ",1,0,sw\n", " wt   sw   " },
	};
	struct wt_event e = ev(2000, "wtatomic", 16384);
	unsigned int i;
	char *out;
	int before;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		before = failures;
		e.flags = c[i].flags;
		out = capture(WT_SNOOP_JSON, 1000, 0, &e, 1, true);
		EXPECT(strstr(out, c[i].json) != NULL);
		free(out);
		out = capture(WT_SNOOP_CSV, 1000, 0, &e, 1, true);
		EXPECT(strlen(out) > strlen(c[i].csv) &&
		       !strcmp(out + strlen(out) - strlen(c[i].csv), c[i].csv));
		free(out);
		out = capture(WT_SNOOP_TEXT, 1000, 0, &e, 1, true);
		/* the header has no " wt " */
		EXPECT(strstr(out, c[i].text) != NULL);
		EXPECT(strstr(out, " PATH ATOM      B1 ") != NULL);
		if (failures != before)
			fprintf(stderr, "atomic case %u (flags 0x%x):\n%s", i, c[i].flags, out);
		free(out);
	}
	EXPECT(wt_evf_atomic_path(WT_EVF_ATOMIC) == WT_ATOMIC_NOIO);
	EXPECT(wt_evf_atomic_path(WT_EVF_ASYNC) == WT_ATOMIC_NONE);
}

static void check_errno_names(void)
{
	char buf[16];

	EXPECT(!strcmp(wt_errno_name(EIO, buf, sizeof(buf)), "EIO"));
	EXPECT(!strcmp(wt_errno_name(ENOSPC, buf, sizeof(buf)), "ENOSPC"));
	EXPECT(!strcmp(wt_errno_name(EAGAIN, buf, sizeof(buf)), "EAGAIN"));
	EXPECT(!strcmp(wt_errno_name(EOPNOTSUPP, buf, sizeof(buf)), "EOPNOTSUPP"));
	EXPECT(!strcmp(wt_errno_name(EDQUOT, buf, sizeof(buf)), "EDQUOT"));
	EXPECT(!strcmp(wt_errno_name(EFBIG, buf, sizeof(buf)), "EFBIG"));
	EXPECT(!strcmp(wt_errno_name(524, buf, sizeof(buf)), "ENOTSUPP"));
	EXPECT(!strcmp(wt_errno_name(9999, buf, sizeof(buf)), "9999"));
	EXPECT(!strcmp(wt_errno_name(0, buf, sizeof(buf)), "0"));
}

/* a FILE whose writes reach the sink below: counted, and kept */
struct sink {
	int writes;
	size_t bytes;
};

static ssize_t sink_write(void *cookie, const char *buf, size_t size)
{
	struct sink *k = cookie;

	(void)buf;
	k->writes++;
	k->bytes += size;
	return size;
}

/*
 * Into a file, wtsnoop's lines go out in large writes: buffered, flushed
 * after each drain of the ring, never one write per line (in JSON, CSV
 * and text alike).
 */
static void check_buffered(void)
{
	static const enum wt_snoop_fmt fmts[] = { WT_SNOOP_JSON, WT_SNOOP_CSV, WT_SNOOP_TEXT };
	cookie_io_functions_t io = { .write = sink_write };
	struct wt_event e = ev(5000, "wtload", 3000);
	unsigned int i, n;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		struct wt_snoop_out o = { .fmt = fmts[i], .schema = "wt.wtsnoop/5", .t0_ns = 1000 };
		struct sink k = { 0 };

		o.f = fopencookie(&k, "w", io);
		if (!o.f) {
			failures++;
			return;
		}
		EXPECT(!wt_snoop_buffer(o.f));
		for (n = 0; n < 200; n++)
			wt_snoop_event(&o, &e);
		if (k.writes) {
			fprintf(stderr, "format %d: 200 lines made %d writes before the flush\n",
				fmts[i], k.writes);
			failures++;
		}
		fflush(o.f);
		EXPECT(k.writes == 1 && k.bytes > 200 * 50);
		fclose(o.f);
	}
}

int main(void)
{
	check_max_events();
	check_reltime();
	check_csv();
	check_json();
	check_header();
	check_async();
	check_atomic();
	check_errno_names();
	check_buffered();
	if (failures)
		fprintf(stderr, "test_snoop: %d failure(s)\n", failures);
	else
		printf("test_snoop: all checks passed\n");
	return failures != 0;
}
