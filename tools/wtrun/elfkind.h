/* SPDX-License-Identifier: GPL-2.0 */
/* What wtrun needs to know about the program it runs and its library. */
#ifndef WTRUN_ELFKIND_H
#define WTRUN_ELFKIND_H

#include <stddef.h>

enum wtrun_prog_kind {
	WTRUN_PROG_DYNAMIC,	/* ELF with an interpreter (PT_INTERP): ld.so preloads */
	WTRUN_PROG_STATIC,	/* ELF without one (static, static-pie): no preload */
	WTRUN_PROG_FOREIGN,	/* ELF of another class or machine than wtrun itself */
	WTRUN_PROG_SCRIPT,	/* "#!" script: what matters is its interpreter */
	WTRUN_PROG_OTHER,	/* anything else the kernel may know how to run */
};

/*
 * The kind of the program file at path; for a script, the interpreter's
 * path goes into interp (empty if it has none).  -errno if unreadable.
 */
int wtrun_prog_kind(const char *path, char *interp, size_t len);

/*
 * The preload library's candidate paths, in the order wtrun tries them:
 * next to the wtrun executable (a build tree), the install libdir relative
 * to it (any prefix or DESTDIR), the configured absolute libdir.  Returns
 * the index of the first readable one written to buf, or -1.
 */
int wtrun_find_lib(const char *exe_dir, const char *rel_libdir, const char *abs_libdir,
		   const char *name, char *buf, size_t len);

#endif
