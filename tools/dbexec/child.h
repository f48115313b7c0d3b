/* SPDX-License-Identifier: GPL-2.0 */
/* The launcher's child: everything from fork to the picoprocess's entry. */
#ifndef DBX_CHILD_H
#define DBX_CHILD_H

#include <sys/types.h>

#include "manifest.h"

struct child_args {
	const char *program;		/* image path (= argv[0]) */
	int argc;
	char **argv;			/* PROGRAM ARGS... */
	const struct manifest *manifest;
	pid_t parent;			/* the monitor */
	int go_fd;			/* read end: the monitor's release */
};

/*
 * Set up the Drawbridge context, load the image, build the stack, seal,
 * drop everything inherited, wait for the monitor, confine and enter the
 * image.  Never returns: on failure prints why (while stderr is still
 * open) and exits with a dbexec status.
 */
_Noreturn void child_run(const struct child_args *a);

#endif /* DBX_CHILD_H */
