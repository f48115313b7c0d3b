// SPDX-License-Identifier: GPL-2.0
/*
 * execve from a thread that is not the main thread, while the other
 * threads are blocked in a read of an empty pipe, in nanosleep, spinning
 * in a busy loop and (the main thread) in pthread_join's futex wait.
 * Linux ends them all without running anything of theirs (no atexit
 * handler, no output), and the new image starts with one thread whose
 * thread id is the process id.  The new image does it all again once
 * (stage 2), then checks once more.
 *
 *   execthreads            stage 0: start, exec from a thread
 *   execthreads N PID R W  stage N: the image after the Nth exec (PID:
 *                          the process id before, R W: the old pipe)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define STAGES	2

static const char *self;
static int stage, pfd[2], started;
static volatile int spin = 1;

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static void not_expected(void)
{
	printf("stage %d: atexit handler ran\n", stage);
}

static void *reader(void *arg)
{
	char c;
	ssize_t n;

	(void)arg;
	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	n = read(pfd[0], &c, 1);
	printf("stage %d: reader woke (%zd)\n", stage, n);
	return NULL;
}

static void *sleeper(void *arg)
{
	struct timespec ts = { 60, 0 };

	(void)arg;
	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	nanosleep(&ts, NULL);
	printf("stage %d: sleeper woke\n", stage);
	return NULL;
}

static void *spinner(void *arg)
{
	unsigned long n = 0;

	(void)arg;
	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	while (spin)
		n++;
	printf("stage %d: spinner stopped after %lu\n", stage, n);
	return NULL;
}

static void *execer(void *arg)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	char st[16], pid[16], rfd[16], wfd[16];
	char *argv[] = { (char *)self, st, pid, rfd, wfd, NULL };

	(void)arg;
	while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < 3)
		sched_yield();
	nanosleep(&ts, NULL);	/* let them block */
	snprintf(st, sizeof(st), "%d", stage + 1);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	snprintf(rfd, sizeof(rfd), "%d", pfd[0]);
	snprintf(wfd, sizeof(wfd), "%d", pfd[1]);
	printf("stage %d: exec from a thread that is %sthe main thread\n",
	       stage, gettid_() == getpid() ? "" : "not ");
	fflush(stdout);
	execv(self, argv);
	printf("stage %d: execv: %s\n", stage, strerror(errno));
	exit(3);
}

/* The threads of this stage, then exec from one of them; never returns. */
static void run_stage(void)
{
	void *(*fn[])(void *) = { reader, sleeper, spinner, execer };
	pthread_t t[4];
	unsigned int i;

	atexit(not_expected);
	if (pipe(pfd) < 0) {
		perror("pipe");
		exit(1);
	}
	for (i = 0; i < 4; i++) {
		errno = pthread_create(&t[i], NULL, fn[i], NULL);
		if (errno) {
			perror("pthread_create");
			exit(1);
		}
	}
	pthread_join(t[3], NULL);
	printf("stage %d: join returned\n", stage);
	exit(2);
}

/* One-thread checks of the image after an exec. */
static int check(int oldpid, int rfd, int wfd)
{
	struct dirent *e;
	char c = 'x';
	int ok = 1, n = 0;
	ssize_t r;
	DIR *d;

	printf("stage %d: pid %s, tid %s pid\n", stage,
	       getpid() == oldpid ? "kept" : "changed",
	       gettid_() == getpid() ? "==" : "!=");
	/* The old reader is gone: nothing takes this byte but us. */
	if (fcntl(rfd, F_SETFL, O_NONBLOCK) < 0 || write(wfd, &c, 1) != 1) {
		printf("stage %d: old pipe: %s\n", stage, strerror(errno));
		ok = 0;
	} else {
		c = 0;
		r = read(rfd, &c, 1);
		printf("stage %d: old pipe read %zd '%c'\n", stage, r,
		       c ? c : '-');
	}
	/* Linux's /proc/self/task: one entry (skipped where not offered). */
	d = opendir("/proc/self/task");
	if (d) {
		while ((e = readdir(d)))
			if (e->d_name[0] != '.')
				n++;
		closedir(d);
		if (n != 1) {
			printf("stage %d: %d tasks\n", stage, n);
			ok = 0;
		}
	}
	return ok;
}

int main(int argc, char **argv)
{
	self = argv[0];
	if (argc >= 5)
		stage = atoi(argv[1]);
	if (stage > 0 && !check(atoi(argv[2]), atoi(argv[3]), atoi(argv[4])))
		return 1;
	if (stage < STAGES)
		run_stage();
	printf("stage %d: done\n", stage);
	return 0;
}
