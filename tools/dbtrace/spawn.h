/* SPDX-License-Identifier: GPL-2.0 */
/* dbtrace: start the traced command, held until tracing is attached. */
#ifndef DBT_SPAWN_H
#define DBT_SPAWN_H

#include <sys/types.h>

struct dbt_child {
	pid_t pid;
	int go_fd;	/* write end of the start pipe, -1 once released */
};

/* Fork a child that waits for dbt_child_release() and then execs @argv. */
int dbt_child_spawn(char **argv, struct dbt_child *c);

/* Let the child exec (@go) or make it exit 127 without running (!@go). */
void dbt_child_release(struct dbt_child *c, int go);

/*
 * Non-blocking check: 1 if the child has ended (its status, as an exit
 * status for dbtrace, stored in @status), 0 if it still runs.
 */
int dbt_child_done(struct dbt_child *c, int *status);

#endif /* DBT_SPAWN_H */
