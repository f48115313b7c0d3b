// SPDX-License-Identifier: GPL-2.0
/*
 * Signals between threads: tgkill to a thread blocked in a futex wait
 * (the wait ends with EINTR; EAGAIN if the handler ran first), tgkill to
 * a thread running a busy loop (only the signal can stop it), a
 * process-directed signal that only one thread does not block (it runs
 * there: per-thread masks), and SIGTERM's default action from a thread.
 */
#define _GNU_SOURCE
#include <errno.h>
#define FUTEX_WAIT_PRIVATE 128	/* <linux/futex.h>: musl-gcc has no kernel headers */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "handler.h"

static int word, ready;
static volatile int stop, err_a;
static volatile long ret_a;
static volatile pid_t tid_a, tid_b, tid_c, ran_on;

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
	ran_on = gettid_();
	__atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
}

static void on_usr2(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
	stop = 1;
}

static void *waiter(void *arg)
{
	(void)arg;
	tid_a = gettid_();
	__atomic_store_n(&ready, 1, __ATOMIC_SEQ_CST);
	errno = 0;
	ret_a = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	err_a = errno;
	return NULL;
}

static void *spinner(void *arg)
{
	(void)arg;
	tid_b = gettid_();
	__atomic_store_n(&ready, 1, __ATOMIC_SEQ_CST);
	while (!stop)
		;
	return NULL;
}

static void *suspender(void *arg)
{
	sigset_t none;

	(void)arg;
	tid_c = gettid_();
	sigemptyset(&none);
	__atomic_store_n(&ready, 1, __ATOMIC_SEQ_CST);
	sigsuspend(&none);
	return NULL;
}

static void start(pthread_t *t, void *(*fn)(void *))
{
	__atomic_store_n(&ready, 0, __ATOMIC_SEQ_CST);
	pthread_create(t, NULL, fn, NULL);
	while (!__atomic_load_n(&ready, __ATOMIC_SEQ_CST))
		usleep(1000);
}

int main(void)
{
	pthread_t t;
	sigset_t usr1;

	set_handler(SIGUSR1, on_usr1, 0);
	set_handler(SIGUSR2, on_usr2, 0);

	start(&t, waiter);
	usleep(200000);
	syscall(SYS_tgkill, getpid(), tid_a, SIGUSR1);
	pthread_join(t, NULL);
	printf("futex waiter: ended %d (EINTR or EAGAIN), handler on it %d\n",
	       ret_a == -1 && (err_a == EINTR || err_a == EAGAIN),
	       ran_on == tid_a);

	start(&t, spinner);
	syscall(SYS_tgkill, getpid(), tid_b, SIGUSR2);
	pthread_join(t, NULL);
	printf("busy thread stopped by its handler: %d\n", stop);

	/* Blocked here and (until sigsuspend) there: only C can take it. */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &usr1, NULL);
	ran_on = 0;
	start(&t, suspender);
	kill(getpid(), SIGUSR1);
	pthread_join(t, NULL);
	printf("process signal ran on the thread not blocking it: %d\n",
	       ran_on == tid_c);
	fflush(stdout);
	kill(getpid(), SIGTERM);
	pause();
	return 0;
}
