// SPDX-License-Identifier: GPL-2.0
/*
 * wtlat's breakdowns (tools/common/breakdown.c) and the file names both
 * tools print: the dentry components joined root first under the mount
 * point, left truncation for wtsnoop's FILE column, the order and top-N of
 * the keys, the count/avg/p50/p99 per key in text and JSON, and the
 * command's end fields of launch mode (latrec.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "wt/breakdown.h"
#include "wt/hist.h"
#include "wt/json.h"
#include "wt/latrec.h"

static int failures;
#define EXPECT(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

/* components leaf first, NUL-separated, an empty one at the end */
static void comps(char *buf, const char *const *c, int n)
{
	size_t off = 0;
	int i;

	memset(buf, 0x55, WT_FILE_LEN);	/* garbage past the end must not show */
	for (i = 0; i < n; i++) {
		strcpy(buf + off, c[i]);
		off += strlen(c[i]) + 1;
	}
	buf[off] = 0;
}

static void check_join(void)
{
	static const char *const abc[] = { "file", "dir", "top" };
	static const char *const cut[] = { "file", "dir", "..." };
	char buf[WT_FILE_LEN], out[512];

	comps(buf, abc, 3);
	EXPECT(!strcmp(wt_file_join(buf, NULL, out, sizeof(out)), "/top/dir/file"));
	EXPECT(!strcmp(wt_file_join(buf, "/", out, sizeof(out)), "/top/dir/file"));
	EXPECT(!strcmp(wt_file_join(buf, "/mnt", out, sizeof(out)), "/mnt/top/dir/file"));
	comps(buf, cut, 3);
	EXPECT(!strcmp(wt_file_join(buf, "/mnt", out, sizeof(out)), "/mnt/.../dir/file"));
	comps(buf, abc, 0);
	EXPECT(!strcmp(wt_file_join(buf, "/mnt", out, sizeof(out)), ""));
	/* a component that runs off the end of the buffer is dropped */
	memset(buf, 'x', sizeof(buf));
	strcpy(buf, "leaf");
	EXPECT(!strcmp(wt_file_join(buf, NULL, out, sizeof(out)), "/leaf"));
	/* a small output is cut, still terminated */
	comps(buf, abc, 3);
	wt_file_join(buf, "/mnt", out, 8);
	EXPECT(strlen(out) == 7 && !strncmp(out, "/mnt/to", 7));
}

static void check_trunc(void)
{
	char out[64];

	EXPECT(!strcmp(wt_trunc_left("/a/b", 24, out, sizeof(out)), "/a/b"));
	EXPECT(!strcmp(wt_trunc_left("/mnt/some/long/dir/name/file.dat", 24, out, sizeof(out)),
		       "...ong/dir/name/file.dat"));
	EXPECT(strlen(wt_trunc_left("/mnt/some/long/dir/name/file.dat", 24, out, sizeof(out))) == 24);
	EXPECT(!strcmp(wt_trunc_left("123456789012345678901234", 24, out, sizeof(out)),
		       "123456789012345678901234"));
}

static void entry(struct wt_bk_entry *e, uint32_t kind, uint64_t id, int n, uint64_t ns,
		  int ndev, uint64_t dns)
{
	int i;

	memset(e, 0, sizeof(*e));
	e->key.kind = kind;
	e->key.dev = kind == WT_BK_PID ? 0 : (254u << 20) | 1;
	e->key.id = id;
	for (i = 0; i < n; i++)
		wt_hist_add(&e->val.total, ns);
	for (i = 0; i < ndev; i++)
		wt_hist_add(&e->val.device, dns);
	if (kind == WT_BK_PID)
		snprintf(e->val.comm, sizeof(e->val.comm), "proc%llu", (unsigned long long)id);
	if (kind == WT_BK_FILE) {
		static const char *const c[] = { "f", "d" };

		comps(e->val.file, c, 2);
	}
}

static int count_lines(const char *s, const char *needle)
{
	int n = 0;

	for (; (s = strstr(s, needle)); s++)
		n++;
	return n;
}

static void check_sort_print(void)
{
	static struct wt_bk_entry e[6];
	struct wt_bk_sum sm;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	entry(&e[0], WT_BK_FILE, 10, 1, 1000, 1, 500);
	entry(&e[1], WT_BK_PID, 7, 2, 1000, 0, 0);	/* 2000 ns */
	entry(&e[2], WT_BK_PID, 8, 1, 5000, 1, 4000);	/* 5000 ns: first */
	entry(&e[3], WT_BK_DEV, 0, 3, 1000, 3, 800);
	entry(&e[4], WT_BK_PID, 9, 4, 500, 0, 0);	/* 2000 ns, more writes: before pid 7 */
	entry(&e[5], WT_BK_FILE, 11, 20, 1000, 0, 0);
	wt_bk_sort(e, 6);
	EXPECT(e[0].key.kind == WT_BK_PID && e[0].key.id == 8);
	EXPECT(e[1].key.id == 9 && e[2].key.id == 7);
	EXPECT(e[3].key.kind == WT_BK_FILE && e[3].key.id == 11);
	EXPECT(e[5].key.kind == WT_BK_DEV);

	wt_bk_summarize(&e[0].val.total, &sm);
	EXPECT(sm.count == 1 && sm.avg == 5000);
	EXPECT(sm.p50 >= 4096 && sm.p50 < 6144 && sm.p99 == sm.p50);
	wt_bk_summarize(&e[1].val.device, &sm);
	EXPECT(sm.count == 0 && sm.avg == 0 && sm.p99 == 0);

	/* text: top 2 of 3 processes, in that order */
	f = open_memstream(&buf, &len);
	wt_bk_print_text(f, WT_BK_PID, e, 6, 2, &wt_unit_us, 0);
	fclose(f);
	EXPECT(strstr(buf, "per pid: 3 key(s), top shown") != NULL);
	EXPECT(count_lines(buf, " proc") == 2);
	EXPECT(strstr(buf, "proc8") && strstr(buf, "proc9") && !strstr(buf, "proc7"));
	EXPECT(strstr(buf, "proc8") < strstr(buf, "proc9"));
	free(buf);

	/* text: files, all, the path from the dentry */
	buf = NULL;
	f = open_memstream(&buf, &len);
	wt_bk_print_text(f, WT_BK_FILE, e, 6, 0, &wt_unit_us, 3);
	fclose(f);
	EXPECT(count_lines(buf, "/d/f\n") == 2);
	EXPECT(strstr(buf, "map full") != NULL);
	free(buf);

	/* JSON: one record per key shown, with the kind's fields */
	buf = NULL;
	f = open_memstream(&buf, &len);
	wt_bk_print_json(f, "s/1", WT_BK_PID, e, 6, 10, 0);
	wt_bk_print_json(f, "s/1", WT_BK_FILE, e, 6, 1, 0);
	wt_bk_print_json(f, "s/1", WT_BK_DEV, e, 6, 10, 0);
	fclose(f);
	EXPECT(count_lines(buf, "\"type\":\"breakdown\"") == 5);
	EXPECT(strstr(buf, "\"by\":\"pid\",\"rank\":1,\"keys\":3,\"overflow\":0,\"pid\":8,"
		       "\"comm\":\"proc8\",\"total\":{\"count\":1,\"avg_ns\":5000,") != NULL);
	EXPECT(strstr(buf, "\"device\":{\"count\":1,\"avg_ns\":4000,") != NULL);
	EXPECT(strstr(buf, "\"by\":\"file\",\"rank\":1,\"keys\":2,\"overflow\":0,"
		       "\"dev\":\"254:1\",\"ino\":11,") != NULL);
	EXPECT(count_lines(buf, "\"by\":\"file\"") == 1);
	EXPECT(strstr(buf, "\"by\":\"dev\",\"rank\":1,\"keys\":1,\"overflow\":0,\"dev\":\"254:1\","
		       "\"total\":{\"count\":3,") != NULL);
	free(buf);
	EXPECT(!strcmp(wt_bk_kind_name(WT_BK_FILE), "file"));
}

static void check_cmd_fields(void)
{
	struct wt_lat_cmd c = { .name = "wtload", .pid = 42, .exited = true, .status = 3 << 8 };
	char *buf = NULL;
	size_t len = 0;
	struct wt_json j;
	FILE *f = open_memstream(&buf, &len);

	wt_json_record(&j, f, "s/1", "end");
	wt_lat_cmd_json(&j, &c);
	wt_json_obj_end(&j);
	wt_json_line_end(&j);
	c.status = 9;	/* SIGKILL */
	wt_json_record(&j, f, "s/1", "end");
	wt_lat_cmd_json(&j, &c);
	wt_json_obj_end(&j);
	wt_json_line_end(&j);
	wt_lat_cmd_text(f, &c);
	c.status = 0;
	wt_lat_cmd_text(f, &c);
	fclose(f);
	EXPECT(strstr(buf, "\"cmd\":\"wtload\",\"cmd_pid\":42,\"cmd_exit\":3,\"cmd_signal\":null}")
	       != NULL);
	EXPECT(strstr(buf, "\"cmd_exit\":null,\"cmd_signal\":9}") != NULL);
	EXPECT(strstr(buf, "command wtload (pid 42) killed by signal 9") != NULL);
	EXPECT(strstr(buf, "command wtload (pid 42) exited with status 0\n") != NULL);
	free(buf);
}

int main(void)
{
	check_join();
	check_trunc();
	check_sort_print();
	check_cmd_fields();
	if (failures)
		fprintf(stderr, "test_breakdown: %d failure(s)\n", failures);
	else
		printf("test_breakdown: all checks passed\n");
	return failures != 0;
}
