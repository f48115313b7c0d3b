// SPDX-License-Identifier: GPL-2.0
/*
 * fork, vfork and waitpid: the child sees a copy of the parent's memory
 * (data, heap, stack), inherits fds with their shared offset, and its
 * exit status reaches the parent through waitpid (exit codes, WNOHANG,
 * ECHILD).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int data_var = 42;

static void check_status(pid_t pid, int want)
{
	int st = 0;
	pid_t r = waitpid(pid, &st, 0);

	if (r != pid) {
		printf("waitpid: %d %s\n", (int)r, strerror(errno));
		exit(1);
	}
	if (WIFEXITED(st))
		printf("exited %d (want %d)\n", WEXITSTATUS(st), want);
	else if (WIFSIGNALED(st))
		printf("killed by %d\n", WTERMSIG(st));
}

int main(void)
{
	char *heap = malloc(100000);
	int stack_var = 7, st, fd;
	pid_t pid, r;

	setvbuf(stdout, NULL, _IONBF, 0);	/* nothing buffered to fork */
	strcpy(heap + 50000, "heap text");
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		printf("child: data %d stack %d heap %s ppid-ok %d\n", data_var,
		       stack_var, heap + 50000, getppid() != getpid());
		data_var = 1;
		_exit(5);
	}
	check_status(pid, 5);
	printf("parent: data %d (child's write not seen)\n", data_var);

	/* WNOHANG before the child ends; then blocking. */
	pid = fork();
	if (pid == 0) {
		usleep(200000);
		exit(9);
	}
	r = waitpid(pid, &st, WNOHANG);
	printf("wnohang: %s\n", r == 0 ? "0" : r == pid ? "the child (early)" : "error");
	if (r == 0)
		check_status(pid, 9);
	else
		printf("exited 9 (want 9)\n");

	/* No children left. */
	r = waitpid(-1, &st, 0);
	printf("no child: %d %s\n", (int)r, r < 0 ? strerror(errno) : "");

	/* An fd opened before fork, written by the child. */
	fd = open("fork-out.txt", O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0) {
		perror("open");
		return 1;
	}
	if (write(fd, "parent1\n", 8) != 8)
		return 1;
	pid = fork();
	if (pid == 0) {
		if (write(fd, "child\n", 6) != 6)
			_exit(2);
		_exit(0);
	}
	check_status(pid, 0);
	/* The offset is shared: this goes after the child's line. */
	if (write(fd, "parent2\n", 8) != 8)
		return 1;
	close(fd);
	fd = open("fork-out.txt", O_RDONLY);
	{
		char buf[64] = "";
		ssize_t n = read(fd, buf, sizeof(buf) - 1);

		printf("file: %zd bytes\n%s", n, n > 0 ? buf : "");
	}
	close(fd);

	/* vfork + _exit. */
	pid = vfork();
	if (pid == 0)
		_exit(3);
	check_status(pid, 3);

	/* Several children, reaped with -1 in any order. */
	{
		int i, sum = 0;

		for (i = 1; i <= 3; i++) {
			pid = fork();
			if (pid == 0)
				_exit(10 * i);
		}
		for (i = 0; i < 3; i++) {
			r = wait(&st);
			if (r > 0 && WIFEXITED(st))
				sum += WEXITSTATUS(st);
		}
		printf("sum of statuses: %d\n", sum);
	}
	return 0;
}
