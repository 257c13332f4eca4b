// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>
#include <string.h>

#include "wt/breakdown.h"
#include "wt/csv.h"
#include "wt/errname.h"
#include "wt/json.h"
#include "wt/snoopfmt.h"
#include "wt/stages.h"
#include "wt/dev.h"

double wt_snoop_reltime(uint64_t t0, uint64_t ts)
{
	int64_t d = (int64_t)(ts - t0);

	return d > 0 ? d / 1e9 : 0.0;
}

static const char *path_name(const struct wt_event *e, bool brief)
{
	if (e->path == WT_PATH_FALLBACK)
		return brief ? "fb" : "fallback";
	return brief ? "wt" : "writethrough";
}

/* an atomic write's path: "hw", "sw", "none" (no I/O); NULL if not atomic */
const char *wt_snoop_atomic_name(__u32 flags)
{
	switch (wt_evf_atomic_path(flags)) {
	case WT_ATOMIC_HW: return "hw";
	case WT_ATOMIC_SW: return "sw";
	case WT_ATOMIC_NOIO: return "none";
	default: return NULL;
	}
}

/* comm as a C string; printable ASCII only for the text columns */
static void comm_str(const struct wt_event *e, char *buf, bool printable)
{
	int i;

	memcpy(buf, e->comm, WT_COMM_LEN);
	buf[WT_COMM_LEN] = 0;
	if (printable)
		for (i = 0; buf[i]; i++)
			if ((unsigned char)buf[i] < 0x20 || (unsigned char)buf[i] >= 0x7f)
				buf[i] = '?';
}

/* text columns: name, width */
static const struct {
	const char *name;
	int width;
} cols[] = {
	{ "TIME(s)", -11 }, { "COMM", -15 }, { "PID", -7 }, { "MAJ:MIN", -7 }, { "INO", -9 },
	{ "OFFSET", -10 }, { "LEN", -8 }, { "PATH", -4 }, { "ATOM", -4 }, { "B1", 7 }, { "LOCK", 7 },
	{ "WBW", 7 }, { "COPY", 7 }, { "B2", 7 }, { "DEVICE", 8 }, { "CMPL", 7 },
	{ "OTHER", 7 }, { "TOTAL(us)", 9 }, { "SUBMIT", 7 }, { "FILE", -WT_SNOOP_FILE_COL },
	{ "ERR", 0 },
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

/* the stage in each text stage column, from B1 on */
static const int col_stage[] = {
	WT_STAGE_BEGIN1, WT_STAGE_LOCK, WT_STAGE_WBWAIT, WT_STAGE_COPY, WT_STAGE_BEGIN2,
	WT_STAGE_DEVICE, WT_STAGE_COMPLETE, WT_STAGE_OTHER, WT_STAGE_TOTAL,
};
#define FIRST_STAGE_COL 9
#define NSTAGE_COLS (sizeof(col_stage) / sizeof(col_stage[0]))

static bool is_async(const struct wt_event *e)
{
	return e->flags & WT_EVF_ASYNC;
}

static void text_row(FILE *f, const char *const v[NCOLS])
{
	unsigned int i;

	for (i = 0; i < NCOLS; i++) {
		if (i)
			fputc(' ', f);
		if (cols[i].width)
			fprintf(f, "%*s", cols[i].width, v[i]);
		else
			fputs(v[i], f);
	}
	fputc('\n', f);
}

int wt_snoop_buffer(FILE *f)
{
	static char buf[1 << 20];

	return setvbuf(f, buf, _IOFBF, sizeof(buf));
}

void wt_snoop_header(const struct wt_snoop_out *o)
{
	const char *v[NCOLS];
	unsigned int i;
	int s;

	switch (o->fmt) {
	case WT_SNOOP_TEXT:
		for (i = 0; i < NCOLS; i++)
			v[i] = cols[i].name;
		text_row(o->f, v);
		break;
	case WT_SNOOP_CSV:
		fputs("time_s,comm,pid,tid,dev,ino,offset,length,ret,path", o->f);
		for (s = 0; s < WT_STAGE_NR; s++)
			fprintf(o->f, ",%s_ns", wt_stage_names[s]);
		fputs(",err,file,async,submit_ns,atomic\n", o->f);
		break;
	case WT_SNOOP_JSON:
		break;
	}
}

static void print_json(const struct wt_snoop_out *o, const struct wt_event *e,
		       const char *comm, const char *dev, const char *err, const char *file)
{
	bool fb = e->path == WT_PATH_FALLBACK;
	struct wt_json j;
	int s;

	wt_json_record(&j, o->f, o->schema, "write");
	wt_json_u64(&j, "ts_ns", e->ts_ns);
	wt_json_ns_as_s(&j, "time_s", e->ts_ns > o->t0_ns ? e->ts_ns - o->t0_ns : 0);
	wt_json_str(&j, "comm", comm);
	wt_json_u64(&j, "pid", e->pid);
	wt_json_u64(&j, "tid", e->tid);
	wt_json_str(&j, "dev", dev);
	wt_json_u64(&j, "ino", e->ino);
	wt_json_i64(&j, "offset", e->pos);
	wt_json_i64(&j, "length", e->count);
	wt_json_i64(&j, "ret", e->ret);
	if (err)
		wt_json_str(&j, "err", err);
	wt_json_str(&j, "path", path_name(e, false));
	wt_json_str_or_null(&j, "file", file[0] ? file : NULL);
	wt_json_u64(&j, "iomap_begin_1", e->nr_begin1);
	wt_json_u64(&j, "iomap_begin_2", e->nr_begin2);
	wt_json_u64(&j, "folios", e->nr_folios);
	wt_json_u64(&j, "dio_submits", e->nr_submits);
	wt_json_u64(&j, "bios", e->nr_bios);
	wt_json_str_or_null(&j, "atomic", wt_snoop_atomic_name(e->flags));
	wt_json_bool(&j, "async", is_async(e));
	if (is_async(e))
		wt_json_u64(&j, "submit_ns", e->submit_ns);
	else
		wt_json_null(&j, "submit_ns");
	wt_json_obj_begin(&j, "stage_ns");
	for (s = 0; s < WT_STAGE_NR; s++)
		if (!fb || s == WT_STAGE_TOTAL)
			wt_json_u64(&j, wt_stage_names[s], e->stage_ns[s]);
	wt_json_obj_end(&j);
	wt_json_obj_end(&j);
	/* no flush per line: the caller flushes after each drain of the ring */
	wt_json_line_end_buffered(&j);
}

static void print_csv(const struct wt_snoop_out *o, const struct wt_event *e,
		      const char *comm, const char *dev, const char *err, const char *file)
{
	bool fb = e->path == WT_PATH_FALLBACK;
	FILE *f = o->f;
	int s;

	fprintf(f, "%.6f,", wt_snoop_reltime(o->t0_ns, e->ts_ns));
	wt_csv_field(f, comm);
	fprintf(f, ",%u,%u,%s,%llu,%lld,%lld,%lld,%s", e->pid, e->tid, dev,
		(unsigned long long)e->ino, (long long)e->pos, (long long)e->count,
		(long long)e->ret, path_name(e, false));
	for (s = 0; s < WT_STAGE_NR; s++) {
		if (!fb || s == WT_STAGE_TOTAL)
			fprintf(f, ",%llu", (unsigned long long)e->stage_ns[s]);
		else
			fputc(',', f);
	}
	fprintf(f, ",%s,", err ? err : "");
	wt_csv_field(f, file);
	if (is_async(e))
		fprintf(f, ",1,%llu,", (unsigned long long)e->submit_ns);
	else
		fputs(",0,,", f);
	fprintf(f, "%s\n", wt_snoop_atomic_name(e->flags) ? wt_snoop_atomic_name(e->flags) : "");
}

static void print_text(const struct wt_snoop_out *o, const struct wt_event *e,
		       const char *comm, const char *dev, const char *err, const char *file)
{
	char buf[NCOLS][32];
	unsigned char *p;
	const char *v[NCOLS];
	unsigned int i;
	int s;

	snprintf(buf[0], sizeof(buf[0]), "%.6f", wt_snoop_reltime(o->t0_ns, e->ts_ns));
	snprintf(buf[1], sizeof(buf[1]), "%.15s", comm);
	snprintf(buf[2], sizeof(buf[2]), "%u", e->pid);
	snprintf(buf[3], sizeof(buf[3]), "%s", dev);
	snprintf(buf[4], sizeof(buf[4]), "%llx", (unsigned long long)e->ino);
	snprintf(buf[5], sizeof(buf[5]), "%lld", (long long)e->pos);
	snprintf(buf[6], sizeof(buf[6]), "%lld", (long long)e->count);
	snprintf(buf[7], sizeof(buf[7]), "%s", path_name(e, true));
	snprintf(buf[8], sizeof(buf[8]), "%s", wt_snoop_atomic_name(e->flags) ?
		 wt_snoop_atomic_name(e->flags) : "-");
	for (i = FIRST_STAGE_COL; i < FIRST_STAGE_COL + NSTAGE_COLS; i++) {
		s = col_stage[i - FIRST_STAGE_COL];
		if (e->path == WT_PATH_FALLBACK && s != WT_STAGE_TOTAL)
			snprintf(buf[i], sizeof(buf[i]), "-");
		else
			snprintf(buf[i], sizeof(buf[i]), "%.1f", e->stage_ns[s] / 1000.0);
	}
	if (is_async(e))
		snprintf(buf[i], sizeof(buf[i]), "%.1f", e->submit_ns / 1000.0);
	else
		snprintf(buf[i], sizeof(buf[i]), "-");
	/* the end of a long path says most: cut from the left */
	wt_trunc_left(file[0] ? file : "-", WT_SNOOP_FILE_COL, buf[NCOLS - 2], sizeof(buf[0]));
	for (p = (unsigned char *)buf[NCOLS - 2]; *p; p++)
		if (*p < 0x20 || *p >= 0x7f)
			*p = '?';
	snprintf(buf[NCOLS - 1], sizeof(buf[0]), "%s", err ? err : "0");
	for (i = 0; i < NCOLS; i++)
		v[i] = buf[i];
	text_row(o->f, v);
}

int wt_snoop_event(struct wt_snoop_out *o, const struct wt_event *e)
{
	char comm[WT_COMM_LEN + 1], dev[24], errbuf[16], file[WT_FILE_LEN + 300];
	const char *err = NULL;

	if (wt_snoop_full(o))
		return 0;
	comm_str(e, comm, o->fmt == WT_SNOOP_TEXT);
	wt_format_dev(e->dev, dev, sizeof(dev));
	wt_file_join(e->file, e->file[0] ? wt_mount_point(e->dev) : NULL, file, sizeof(file));
	if (e->ret < 0)
		err = wt_errno_name((int)-e->ret, errbuf, sizeof(errbuf));
	switch (o->fmt) {
	case WT_SNOOP_JSON: print_json(o, e, comm, dev, err, file); break;
	case WT_SNOOP_CSV: print_csv(o, e, comm, dev, err, file); break;
	case WT_SNOOP_TEXT: print_text(o, e, comm, dev, err, file); break;
	}
	o->printed++;
	return 1;
}
