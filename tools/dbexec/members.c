// SPDX-License-Identifier: GPL-2.0
/* The monitor's member table (see members.h). */
#include <signal.h>
#include <string.h>

#include "members.h"

/* The module's limit, plus room for a top that joined no tree. */
static struct member members[DK_TREE_MAX_PROCESSES + 1];

struct member *member_add(pid_t pid, uint64_t id, const struct manifest *m)
{
	size_t i;

	for (i = 0; i < sizeof(members) / sizeof(members[0]); i++) {
		if (!members[i].pid) {
			members[i].pid = pid;
			members[i].id = id;
			members[i].reported = false;
			members[i].m = *m;
			return &members[i];
		}
	}
	return NULL;
}

struct member *member_find(pid_t pid)
{
	size_t i;

	for (i = 0; pid > 0 && i < sizeof(members) / sizeof(members[0]); i++)
		if (members[i].pid == pid)
			return &members[i];
	return NULL;
}

void member_del(struct member *mb)
{
	memset(mb, 0, sizeof(*mb));
}

int member_count(void)
{
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(members) / sizeof(members[0]); i++)
		n += members[i].pid != 0;
	return n;
}

void member_kill_all(pid_t except)
{
	size_t i;

	for (i = 0; i < sizeof(members) / sizeof(members[0]); i++)
		if (members[i].pid && members[i].pid != except)
			kill(members[i].pid, SIGKILL);
}
