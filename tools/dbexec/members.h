/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The monitor's table of the picoprocesses of its tree: one entry per
 * thread-group leader it started, with the manifest that confines it.
 */
#ifndef DBX_MEMBERS_H
#define DBX_MEMBERS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/drawbridge.h>

#include "manifest.h"

struct member {
	pid_t pid;
	uint64_t id;		/* request id; 0 for the top picoprocess */
	bool refused;		/* a forbidden syscall trapped, last one: */
	int refused_arch;	/* its si_arch */
	int refused_nr;		/* and its si_syscall */
	struct manifest m;	/* what confines it (never wider than its parent's) */
};

/* Add a member; returns it, or NULL when the table is full or memory is short. */
struct member *member_add(pid_t pid, uint64_t id, const struct manifest *m);
struct member *member_find(pid_t pid);
void member_del(struct member *mb);
/* Number of members, and SIGKILL to every member but @except. */
int member_count(void);
void member_kill_all(pid_t except);

#endif /* DBX_MEMBERS_H */
