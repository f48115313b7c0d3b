// SPDX-License-Identifier: GPL-2.0
/*
 * kill between the processes of a tree: a pid or process group that
 * exists answers 0 (kill(pid, 0) too), one that does not ESRCH, from
 * the top of the tree and from a grandchild.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* A pid no process of the test has (pids are below pid_max, 4194304). */
#define MISSING		4194001

static const char *kill_res(pid_t pid, int sig)
{
	if (kill(pid, sig) == 0)
		return "0";
	return errno == ESRCH ? "ESRCH" : strerror(errno);
}

static void tree_kills(void)
{
	pid_t top = getpid(), a, b;
	int p[2], q[2], st;
	char c;

	if (pipe(p) || pipe(q)) {
		perror("pipe");
		exit(1);
	}
	a = fork();
	if (a == 0) {
		setpgid(0, 0);
		close(q[1]);
		b = fork();
		if (b == 0) {
			b = getpid();
			printf("grandchild: top %s, missing %s, -missing %s\n",
			       kill_res(top, 0), kill_res(MISSING, 0),
			       kill_res(-MISSING, 0));
			if (write(p[1], &b, sizeof(b)) != sizeof(b))
				_exit(1);
			if (read(q[0], &c, 1) != 0)
				_exit(1);
			_exit(0);
		}
		waitpid(b, &st, 0);
		_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 1);
	}
	if (read(p[0], &b, sizeof(b)) != sizeof(b)) {
		perror("read");
		exit(1);
	}
	printf("child %s, its group %s, grandchild %s, -grandchild %s\n",
	       kill_res(a, 0), kill_res(-a, 0), kill_res(b, 0),
	       kill_res(-b, 0));
	printf("missing: %s, with SIGUSR1 %s, group %s, group SIGUSR1 %s\n",
	       kill_res(MISSING, 0), kill_res(MISSING, SIGUSR1),
	       kill_res(-MISSING, 0), kill_res(-MISSING, SIGUSR1));
	close(q[1]);
	waitpid(a, &st, 0);
	printf("child exited %d; then: %s, group %s\n",
	       WIFEXITED(st) ? WEXITSTATUS(st) : -1, kill_res(a, 0),
	       kill_res(-a, 0));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	tree_kills();
	return 0;
}
