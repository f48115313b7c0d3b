// SPDX-License-Identifier: GPL-2.0
/* dbtrace: start the traced command, held until tracing is attached. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "spawn.h"

int dbt_child_spawn(char **argv, struct dbt_child *c)
{
	int p[2];
	char go;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	c->pid = fork();
	if (c->pid < 0) {
		close(p[0]);
		close(p[1]);
		return -errno;
	}
	if (c->pid == 0) {
		close(p[1]);
		if (read(p[0], &go, 1) != 1)
			_exit(127);	/* dbtrace gave up before attaching */
		execvp(argv[0], argv);
		fprintf(stderr, "dbtrace: cannot run %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	close(p[0]);
	c->go_fd = p[1];
	return 0;
}

void dbt_child_release(struct dbt_child *c, int go)
{
	if (c->go_fd < 0)
		return;
	if (go && write(c->go_fd, "g", 1) != 1)
		perror("dbtrace: releasing the command");
	close(c->go_fd);
	c->go_fd = -1;
}

int dbt_child_done(struct dbt_child *c, int *status)
{
	int st;
	pid_t r = waitpid(c->pid, &st, WNOHANG);

	if (r <= 0)
		return r < 0 && errno == ECHILD;
	if (WIFEXITED(st))
		*status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		*status = 128 + WTERMSIG(st);
	else
		return 0;
	return 1;
}
