// SPDX-License-Identifier: GPL-2.0
/* Run the writer threads of one workload and gather their latencies. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wt/load.h"

static int (*const engines[LE_NR])(struct load_worker *) = {
	[LE_SYNC] = load_engine_sync,
	[LE_AIO] = load_engine_aio,
	[LE_URING] = load_engine_uring,
};

static void *worker_main(void *arg)
{
	struct load_worker *w = arg;

	w->err = engines[w->cfg->engine](w);
	return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The first error, else the first short write, names the run's failure. */
static void gather(const struct load_cfg *c, struct load_worker *w, struct load_result *r)
{
	unsigned int t;
	uint64_t k;

	for (t = 0; t < c->threads; t++) {
		if (w[t].err && !r->err) {
			r->err = w[t].err;
			snprintf(r->errmsg, sizeof(r->errmsg), "%s", w[t].errmsg);
		}
		r->shorts += w[t].shorts;
		r->skipped += w[t].skipped;
		for (k = 0; k < w[t].done; k++) {
			r->lat_ns[r->done++] = w[t].lat_ns[k];
			r->total_ns += w[t].lat_ns[k];
		}
	}
	for (t = 0; t < c->threads && !r->err && r->shorts; t++)
		if (w[t].shorts) {
			snprintf(r->errmsg, sizeof(r->errmsg), "%" PRIu64 " short writes (first: %.180s)",
				 r->shorts, w[t].errmsg);
			break;
		}
	qsort(r->lat_ns, r->done, sizeof(*r->lat_ns), cmp_u64);
}

int load_run(const struct load_cfg *c, const int *fds, struct load_result *r)
{
	uint64_t share = c->count / c->threads, extra = c->count % c->threads, t0;
	struct load_worker *w;
	unsigned int t, started;

	memset(r, 0, sizeof(*r));
	w = calloc(c->threads, sizeof(*w));
	r->lat_ns = calloc(c->count ? c->count : 1, sizeof(*r->lat_ns));
	if (!w || !r->lat_ns) {
		free(w);
		free(r->lat_ns);
		r->lat_ns = NULL;
		r->err = -ENOMEM;
		snprintf(r->errmsg, sizeof(r->errmsg), "out of memory");
		return -1;
	}
	t0 = load_now_ns();
	for (started = 0; started < c->threads; started++) {
		struct load_worker *x = &w[started];

		x->cfg = c;
		x->idx = started;
		x->fd = fds[started];
		x->n = share + (started < extra);
		x->first = started * share + (started < extra ? started : extra);
		x->lat_ns = r->lat_ns + x->first;
		if (pthread_create(&x->tid, NULL, worker_main, x)) {
			r->err = -EAGAIN;
			snprintf(r->errmsg, sizeof(r->errmsg), "cannot start thread %u", started);
			break;
		}
	}
	for (t = 0; t < started; t++)
		pthread_join(w[t].tid, NULL);
	r->elapsed_ns = load_now_ns() - t0;
	/*
	 * Each worker's latencies sit at the start of its share of lat_ns;
	 * gather() compacts them in place (destination never passes the source).
	 */
	gather(c, w, r);
	free(w);
	return r->err || r->shorts ? -1 : 0;
}

void load_result_free(struct load_result *r)
{
	free(r->lat_ns);
	r->lat_ns = NULL;
}

uint64_t load_quantile(const struct load_result *r, double q)
{
	uint64_t rank;

	if (!r->done)
		return 0;
	rank = (uint64_t)ceil(q * (double)r->done - 1e-9);
	if (rank < 1)
		rank = 1;
	if (rank > r->done)
		rank = r->done;
	return r->lat_ns[rank - 1];
}
