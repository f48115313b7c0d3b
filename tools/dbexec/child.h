/* SPDX-License-Identifier: GPL-2.0 */
/* The launcher's child: everything from fork to the picoprocess's entry. */
#ifndef DBX_CHILD_H
#define DBX_CHILD_H

#include <stdint.h>
#include <sys/types.h>

#include "elf_loader.h"
#include "manifest.h"

struct child_args {
	const char *program;		/* image path (= argv[0]) */
	int argc;
	char **argv;			/* PROGRAM ARGS... */
	const struct manifest *manifest;
	pid_t parent;			/* the monitor */
	int go_fd;			/* read end: the monitor's release */
	int mon_fd;			/* the monitor's context, to join its tree */
	uint64_t join_id;		/* request served; 0 for the top */
	int parent_fd;			/* stream to the parent, or -1 */
	const struct image *image;	/* already loaded by the monitor, or NULL */
	/* libOS mode (image = the libOS): */
	int exec_fd;			/* the program file, read-only, or -1 */
	const char *exec_path;		/* the program's path as given, or NULL */
	uint32_t libos_flags;		/* DK_START_LIBOS_* */
	int no_trace;			/* no PTRACE_SEIZE (monitor.c) */
	int sig_fd;			/* read end of the signal pipe, or -1 */
};

/*
 * Set up the Drawbridge context, load the image, build the stack, seal,
 * drop everything inherited, wait for the monitor, confine and enter the
 * image.  Never returns: on failure prints why (while stderr is still
 * open) and exits with a dbexec status.
 */
_Noreturn void child_run(const struct child_args *a);

#endif /* DBX_CHILD_H */
