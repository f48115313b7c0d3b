/* SPDX-License-Identifier: GPL-2.0 */
/* Start one picoprocess of the tree: fork, confine (child.c), attach. */
#ifndef DBX_SPAWN_H
#define DBX_SPAWN_H

#include <sys/types.h>

#include "child.h"

/*
 * Fork a picoprocess described by @a (a->parent and a->go_fd are filled
 * in here), attach to it and release it.  Returns its pid, or -1 with the
 * exit status to report in *@fail (the child's own status if it failed
 * and said why, else DBX_EXIT_ERROR after printing).
 */
pid_t spawn_picoprocess(struct child_args *a, int *fail);

#endif /* DBX_SPAWN_H */
