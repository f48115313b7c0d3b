// SPDX-License-Identifier: GPL-2.0
/*
 * vfork + execve, posix_spawn and the wait statuses: exit codes, a child
 * that raised SIGTERM (WIFSIGNALED), waitid's siginfo, execve errors
 * (ENOENT, EACCES) seen by the child, /proc/self/exe after an exec.
 * Needs /bin/busybox.
 */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void report(const char *what, pid_t pid)
{
	int st = 0;

	if (waitpid(pid, &st, 0) != pid) {
		printf("%s: waitpid: %s\n", what, strerror(errno));
		return;
	}
	if (WIFEXITED(st))
		printf("%s: exited %d\n", what, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("%s: killed by signal %d\n", what, WTERMSIG(st));
	else
		printf("%s: status %#x\n", what, st);
}

int main(int argc, char **argv)
{
	char *echo[] = { "busybox", "echo", "from the exec'd child", NULL };
	siginfo_t si;
	pid_t pid;
	int err;

	if (argc > 1 && !strcmp(argv[1], "again")) {
		char exe[4096];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

		exe[n > 0 ? n : 0] = 0;
		/* argv[0] is the absolute path the test runs us by. */
		printf("exec'd myself: argc %d argv[2] %s exe-ok %d\n", argc,
		       argv[2], n > 0 && !strcmp(exe, argv[0]));
		return 12;
	}
	setvbuf(stdout, NULL, _IONBF, 0);

	pid = vfork();
	if (pid == 0) {
		execve("/bin/busybox", echo, environ);
		_exit(127);
	}
	report("vfork+exec", pid);

	pid = fork();
	if (pid == 0) {
		char *again[] = { argv[0], "again", "two", NULL };

		execv("/proc/self/exe", again);
		_exit(127);
	}
	report("self-exec", pid);

	pid = fork();
	if (pid == 0) {
		execl("./does-not-exist", "x", (char *)NULL);
		_exit(errno == ENOENT ? 20 : 21);
	}
	report("enoent", pid);

	pid = fork();
	if (pid == 0) {
		execl(".", "x", (char *)NULL);
		_exit(errno == EACCES ? 30 : 31);
	}
	report("eacces", pid);

	pid = fork();
	if (pid == 0) {
		raise(SIGTERM);
		_exit(0);
	}
	report("raise", pid);

	err = posix_spawn(&pid, "/bin/busybox", NULL, NULL, echo, environ);
	if (err)
		printf("posix_spawn: %s\n", strerror(err));
	else
		report("posix_spawn", pid);

	pid = fork();
	if (pid == 0)
		_exit(44);
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, pid, &si, WEXITED) == 0)
		printf("waitid: signo %d code %d status %d pid-ok %d\n",
		       si.si_signo, si.si_code, si.si_status, si.si_pid == pid);
	else
		printf("waitid: %s\n", strerror(errno));
	return 0;
}
