// SPDX-License-Identifier: GPL-2.0
/* Start one picoprocess (see spawn.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "exitcodes.h"
#include "monitor.h"
#include "spawn.h"

pid_t spawn_picoprocess(struct child_args *a, int *fail)
{
	int go[2];
	pid_t pid;

	if (pipe2(go, O_CLOEXEC) < 0) {
		fprintf(stderr, "dbexec: pipe: %s\n", strerror(errno));
		*fail = DBX_EXIT_ERROR;
		return -1;
	}
	a->parent = getpid();
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "dbexec: fork: %s\n", strerror(errno));
		close(go[0]);
		close(go[1]);
		*fail = DBX_EXIT_ERROR;
		return -1;
	}
	if (pid == 0) {
		close(go[1]);
		a->go_fd = go[0];
		child_run(a);
	}
	close(go[0]);
	*fail = monitor_attach(pid, go[1], a->no_trace);
	return *fail ? -1 : pid;
}
