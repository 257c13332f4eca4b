// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>

#include "stats.h"

struct out {
	char *buf;
	size_t len, pos;
	bool overflow;
};

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->len - o->pos)
		o->overflow = true;
	else
		o->pos += n;
}

/* comm as a JSON string: quotes, backslashes and control bytes escaped */
static void put_json_str(struct out *o, const char *s)
{
	put(o, "\"");
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			put(o, "\\%c", c);
		else if (c < 0x20)
			put(o, "\\u%04x", c);
		else
			put(o, "%c", c);
	}
	put(o, "\"");
}

int wtrun_format_stats(char *buf, size_t len, const struct wtrun_counts *c,
		       pid_t pid, const char *comm, bool dsync, bool json)
{
	struct out o = { buf, len, 0, false };
	unsigned long long passed = 0;
	int v;

	if (!len)
		return -1;
	for (v = WTRUN_CONVERT + 1; v < WTRUN_NVERDICTS; v++)
		passed += c->calls[v];
	if (json) {
		put(&o, "{\"pid\":%d,\"comm\":", (int)pid);
		put_json_str(&o, comm);
		put(&o, ",\"dsync\":%s,\"converted\":%llu,\"bytes\":%llu,\"passed\":%llu",
		    dsync ? "true" : "false", c->calls[WTRUN_CONVERT], c->bytes, passed);
		for (v = WTRUN_CONVERT + 1; v < WTRUN_NVERDICTS; v++)
			put(&o, ",\"%s\":%llu", wtrun_verdict_name[v], c->calls[v]);
		put(&o, "}\n");
	} else {
		put(&o, "wtrun: pid %d (%s): converted %llu (%llu bytes%s), passed %llu:",
		    (int)pid, comm, c->calls[WTRUN_CONVERT], c->bytes,
		    dsync ? ", dsync" : "", passed);
		for (v = WTRUN_CONVERT + 1; v < WTRUN_NVERDICTS; v++)
			put(&o, " %s %llu", wtrun_verdict_name[v], c->calls[v]);
		put(&o, "\n");
	}
	return o.overflow ? -1 : (int)o.pos;
}
