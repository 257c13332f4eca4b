// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "elfkind.h"

#if __SIZEOF_POINTER__ == 8
#define MY_CLASS ELFCLASS64
typedef Elf64_Ehdr Ehdr;
typedef Elf64_Phdr Phdr;
#else
#define MY_CLASS ELFCLASS32
typedef Elf32_Ehdr Ehdr;
typedef Elf32_Phdr Phdr;
#endif

#if defined(__x86_64__)
#define MY_MACHINE EM_X86_64
#elif defined(__aarch64__)
#define MY_MACHINE EM_AARCH64
#elif defined(__i386__)
#define MY_MACHINE EM_386
#else
#define MY_MACHINE EM_NONE	/* not checked */
#endif

static int script_interp(int fd, char *interp, size_t len)
{
	char line[256];
	ssize_t n = pread(fd, line, sizeof(line) - 1, 0);
	size_t a, b;

	if (n < 2)
		return WTRUN_PROG_OTHER;
	line[n] = 0;
	line[strcspn(line, "\n")] = 0;
	for (a = 2; line[a] == ' ' || line[a] == '\t'; a++)
		;
	b = a + strcspn(line + a, " \t");
	if (interp && len) {
		if (b - a >= len)
			return -ENAMETOOLONG;
		memcpy(interp, line + a, b - a);
		interp[b - a] = 0;
	}
	return WTRUN_PROG_SCRIPT;
}

int wtrun_prog_kind(const char *path, char *interp, size_t len)
{
	unsigned char id[EI_NIDENT];
	Ehdr eh;
	Phdr ph;
	int fd, kind, i;

	if (interp && len)
		interp[0] = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	kind = WTRUN_PROG_OTHER;
	if (pread(fd, id, sizeof(id), 0) != (ssize_t)sizeof(id)) {
		if (pread(fd, id, 2, 0) == 2 && id[0] == '#' && id[1] == '!')
			kind = script_interp(fd, interp, len);
		goto out;
	}
	if (id[0] == '#' && id[1] == '!') {
		kind = script_interp(fd, interp, len);
		goto out;
	}
	if (memcmp(id, ELFMAG, SELFMAG))
		goto out;
	kind = WTRUN_PROG_FOREIGN;
	if (id[EI_CLASS] != MY_CLASS ||
	    pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    (MY_MACHINE != EM_NONE && eh.e_machine != MY_MACHINE))
		goto out;
	kind = WTRUN_PROG_STATIC;
	for (i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph), eh.e_phoff + (off_t)i * eh.e_phentsize) !=
		    (ssize_t)sizeof(ph))
			break;
		if (ph.p_type == PT_INTERP) {
			kind = WTRUN_PROG_DYNAMIC;
			break;
		}
	}
out:
	close(fd);
	return kind;
}

int wtrun_find_lib(const char *exe_dir, const char *rel_libdir, const char *abs_libdir,
		   const char *name, char *buf, size_t len)
{
	int i;

	for (i = 0; i < 3; i++) {
		int n;

		if (i == 0)
			n = snprintf(buf, len, "%s/%s", exe_dir, name);
		else if (i == 1)
			n = snprintf(buf, len, "%s/%s/%s", exe_dir, rel_libdir, name);
		else
			n = snprintf(buf, len, "%s/%s", abs_libdir, name);
		if (n > 0 && (size_t)n < len && access(buf, R_OK) == 0)
			return i;
	}
	return -1;
}
