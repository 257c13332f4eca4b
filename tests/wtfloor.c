// SPDX-License-Identifier: GPL-2.0
/*
 * wtfloor: attach an empty BPF program to each per-stage write-through trace
 * event the tools use (or to those named: also iomap_writethrough_stages,
 * the kernel's one event per write), run a command, detach.  The command's
 * rate under wtfloor against its rate untraced is the dispatch floor: what
 * any tool built on those events costs before its programs do anything.
 *
 *   wtfloor [-e EVENT[,EVENT...]] -- CMD [ARGS...]
 *
 * Prints "wtfloor: N programs attached" on stderr; exits with CMD's status,
 * 2 on bad arguments, 1 if loading or attaching fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include "floor.skel.h"

/* the event that stands for all the others, attached only when named */
#define STAGES_EVENT "iomap_writethrough_stages"

static int selected(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	if (!list)
		return strcmp(name, STAGES_EVENT) != 0;
	while ((p = strstr(p, name))) {
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == 0))
			return 1;
		p += n;
	}
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: wtfloor [-e EVENT[,EVENT...]] -- CMD [ARGS...]\n"
		"Attach an empty BPF program to each write-through trace event (or to\n"
		"those named), run CMD, detach: CMD's rate against its rate untraced is\n"
		"the tracepoints' BPF dispatch floor.\n"
		"EXAMPLES\n"
		"  wtfloor -- wtload -m wt -s 4k -n 1000 /mnt/f\n"
		"  wtfloor -e iomap_writethrough_begin,iomap_writethrough_complete -- CMD\n"
		"  wtfloor -e " STAGES_EVENT " -- CMD   # the one event per write\n");
}

int main(int argc, char **argv)
{
	const char *events = NULL;
	struct bpf_link *links[32];
	struct bpf_program *p;
	struct floor_bpf *skel;
	int c, i, n = 0, want = 0, status;
	pid_t pid;

	while ((c = getopt(argc, argv, "+e:h")) != -1) {
		switch (c) {
		case 'e': events = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "wtfloor: no command (wtfloor -h)\n");
		return 2;
	}
	libbpf_set_print(NULL);
	skel = floor_bpf__open();
	if (!skel) {
		fprintf(stderr, "wtfloor: cannot open the BPF object: %s\n", strerror(errno));
		return 1;
	}
	bpf_object__for_each_program(p, skel->obj) {
		int on = selected(events, bpf_program__name(p));

		bpf_program__set_autoload(p, on);
		want += on;
	}
	if (!want) {
		fprintf(stderr, "wtfloor: no such event in '%s'\n", events);
		floor_bpf__destroy(skel);
		return 2;
	}
	if (floor_bpf__load(skel)) {
		fprintf(stderr, "wtfloor: cannot load the programs (no write-through trace events?)\n");
		floor_bpf__destroy(skel);
		return 1;
	}
	bpf_object__for_each_program(p, skel->obj) {
		if (!bpf_program__autoload(p) || n == (int)(sizeof(links) / sizeof(links[0])))
			continue;
		links[n] = bpf_program__attach(p);
		if (!links[n]) {
			fprintf(stderr, "wtfloor: cannot attach to %s: %s\n",
				bpf_program__name(p), strerror(errno));
			for (i = 0; i < n; i++)
				bpf_link__destroy(links[i]);
			floor_bpf__destroy(skel);
			return 1;
		}
		n++;
	}
	fprintf(stderr, "wtfloor: %d programs attached\n", n);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "wtfloor: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "wtfloor: %s: %s\n", argv[optind], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	for (i = 0; i < n; i++)
		bpf_link__destroy(links[i]);
	floor_bpf__destroy(skel);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
