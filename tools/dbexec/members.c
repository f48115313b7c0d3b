// SPDX-License-Identifier: GPL-2.0
/*
 * The monitor's member table (see members.h).  A member carries a whole
 * manifest (about 20 KiB), so the table holds pointers and each member is
 * allocated when added: lookups then touch one small array instead of
 * faulting in a megabyte of mostly empty slots.
 */
#include <signal.h>
#include <stdlib.h>

#include "members.h"

/* The module's limit, plus room for a top that joined no tree. */
#define MEMBERS_MAX	(DK_TREE_MAX_PROCESSES + 1)

static struct member *members[MEMBERS_MAX];

struct member *member_add(pid_t pid, uint64_t id, const struct manifest *m)
{
	struct member *mb;
	size_t i;

	for (i = 0; i < MEMBERS_MAX; i++) {
		if (members[i])
			continue;
		mb = malloc(sizeof(*mb));
		if (!mb)
			return NULL;
		mb->pid = pid;
		mb->id = id;
		mb->refused = false;
		mb->m = *m;
		mb->m.text = NULL;	/* a copy borrows the words */
		members[i] = mb;
		return mb;
	}
	return NULL;
}

struct member *member_find(pid_t pid)
{
	size_t i;

	for (i = 0; pid > 0 && i < MEMBERS_MAX; i++)
		if (members[i] && members[i]->pid == pid)
			return members[i];
	return NULL;
}

void member_del(struct member *mb)
{
	size_t i;

	for (i = 0; i < MEMBERS_MAX; i++) {
		if (members[i] == mb) {
			members[i] = NULL;
			free(mb);
			return;
		}
	}
}

int member_count(void)
{
	size_t i;
	int n = 0;

	for (i = 0; i < MEMBERS_MAX; i++)
		n += members[i] != NULL;
	return n;
}

void member_kill_all(pid_t except)
{
	size_t i;

	for (i = 0; i < MEMBERS_MAX; i++)
		if (members[i] && members[i]->pid != except)
			kill(members[i]->pid, SIGKILL);
}
