// SPDX-License-Identifier: GPL-2.0
/*
 * vfork children that read the parent's memory: a 6 MiB heap buffer the
 * parent wrote before the vfork (checksummed by the child: its exit
 * status and output), stack variables the child writes (a 256 KiB
 * array, fresh stack pages), a write(2) straight from the heap buffer,
 * an execve whose path and argv strings live in the heap, and a child
 * that _exits with the buffer untouched.  Each time the parent shows it
 * was suspended: the child slept 100 ms and wrote to a pipe before it
 * ended or exec'd, and the parent finds the bytes there (non-blocking
 * read) and at least 100 ms gone when vfork returns.
 *
 *   vfork [EXEC-PATH]      EXEC-PATH: a busybox for the exec case
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE	(6UL << 20)
#define STACK_WORDS	(256 * 1024 / sizeof(uint32_t))

extern char **environ;

static int pfd[2];

static uint32_t sum(const uint32_t *p, size_t n)
{
	uint32_t s = 0x12345678;
	size_t i;

	for (i = 0; i < n; i++)
		s = (s ^ p[i]) * 16777619u;
	return s;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The child's work before it ends: sleep, then a line on the pipe. */
static void child_note(const char *what)
{
	struct timespec d = { 0, 100 * 1000 * 1000 };
	char line[128];
	int n;

	nanosleep(&d, NULL);
	n = snprintf(line, sizeof(line), "child %s\n", what);
	if (write(pfd[1], line, (size_t)n) != n)
		_exit(99);
}

/* Stack pages the parent never touched: written and read back. */
static uint32_t child_stack(uint32_t seed)
{
	volatile uint32_t big[STACK_WORDS];
	uint32_t s = 0;
	size_t i;

	for (i = 0; i < STACK_WORDS; i++)
		big[i] = seed + (uint32_t)i;
	for (i = 0; i < STACK_WORDS; i += 1024)
		s += big[i];
	return s;
}

/* After a vfork: the child's line must already be on the pipe. */
static void parent_check(const char *what, pid_t pid, long long t0)
{
	long long dt = now_ms() - t0;
	char line[256];
	ssize_t n;
	int st;

	n = read(pfd[0], line, sizeof(line) - 1);
	line[n > 0 ? n : 0] = 0;
	if (waitpid(pid, &st, 0) != pid) {
		printf("%s: waitpid: %s\n", what, strerror(errno));
		return;
	}
	/* After the wait: an exec'd child's output comes first. */
	printf("%s: suspended %s, child said: %s", what,
	       dt >= 100 ? "yes" : "NO", n > 0 ? line : "(nothing)\n");
	if (WIFEXITED(st))
		printf("%s: exited %d\n", what, WEXITSTATUS(st));
	else
		printf("%s: status %#x\n", what, st);
}

int main(int argc, char **argv)
{
	uint32_t *buf = malloc(BUF_SIZE);
	size_t n = BUF_SIZE / sizeof(*buf), i;
	volatile uint32_t expect;
	char *path, *arg;
	long long t0;
	pid_t pid;

	if (!buf || pipe2(pfd, O_CLOEXEC) < 0 ||
	    fcntl(pfd[0], F_SETFL, O_NONBLOCK) < 0)
		return 1;
	setvbuf(stdout, NULL, _IONBF, 0);
	for (i = 0; i < n; i++)
		buf[i] = (uint32_t)(i * 2654435761u);
	expect = sum(buf, n);
	printf("parent sum %08x\n", expect);

	/* 1: the whole buffer read, the stack written, _exit. */
	t0 = now_ms();
	pid = vfork();
	if (pid == 0) {
		uint32_t s = sum(buf, n);
		uint32_t st = child_stack(s);
		char what[96];

		snprintf(what, sizeof(what), "sum %08x stack %08x", s, st);
		child_note(what);
		_exit(s == expect ? 0 : 1);
	}
	parent_check("heap", pid, t0);
	printf("stack expected %08x\n", child_stack(expect));

	/* 2: write(2) from the heap (the parent's data, never read). */
	memcpy(buf + 1024, "from the parent's heap\n", 23);
	t0 = now_ms();
	pid = vfork();
	if (pid == 0) {
		child_note("writes");
		_exit(write(pfd[1], buf + 1024, 23) == 23 ? 2 : 3);
	}
	parent_check("write", pid, t0);

	/* 3: execve with its path and argv in the heap. */
	if (argc > 1) {
		path = (char *)(buf + n / 2);
		arg = (char *)(buf + n - 64);
		strcpy(path, argv[1]);
		strcpy(arg, "exec'd with a string from the parent's heap");
		t0 = now_ms();
		pid = vfork();
		if (pid == 0) {
			char *args[] = { "busybox", "echo", arg, NULL };

			child_note("execs");
			execve(path, args, environ);
			_exit(127);
		}
		parent_check("exec", pid, t0);
	}

	/* 4: nothing of the heap touched. */
	t0 = now_ms();
	pid = vfork();
	if (pid == 0) {
		child_note("exits");
		_exit(4);
	}
	parent_check("exit", pid, t0);
	return 0;
}
