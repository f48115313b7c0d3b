// SPDX-License-Identifier: GPL-2.0
/*
 * Timers and interrupted calls: alarm + pause (si_code SI_KERNEL), a
 * futex wait interrupted without SA_RESTART (EINTR) and restarted with it
 * (the handler changed the word: EAGAIN), nanosleep (EINTR and the time
 * left, even with SA_RESTART), setitimer with an interval, getitimer.
 */
#define _GNU_SOURCE
#include <errno.h>
#define FUTEX_WAIT_PRIVATE 128	/* <linux/futex.h>: musl-gcc has no kernel headers */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "handler.h"

static volatile int alrm, code;
static int word;

static void on_alrm(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	alrm++;
	code = si->si_code;
	__atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
}

static void futex_case(const char *what, int flags)
{
	long ret;
	int err;

	set_handler(SIGALRM, on_alrm, flags);
	word = 0;
	alrm = 0;
	alarm(1);
	errno = 0;
	ret = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	err = errno;
	printf("futex wait %s: %ld %s, handler ran %d\n", what, ret,
	       strerror(err), alrm);
}

int main(void)
{
	struct timespec ts = { 5, 0 }, rem = { 0, 0 };
	struct itimerval it, old;
	int ret, err, i;

	set_handler(SIGALRM, on_alrm, 0);
	printf("alarm(1): %u\n", alarm(1));
	printf("alarm(1) again: %u\n", alarm(1));
	errno = 0;
	ret = pause();
	err = errno;
	printf("pause: %d %s, handler %d, si_code SI_KERNEL %d\n", ret,
	       strerror(err), alrm, code == SI_KERNEL);
	printf("alarm(0) when none: %u\n", alarm(0));

	futex_case("without SA_RESTART", 0);
	futex_case("with SA_RESTART", SA_RESTART);

	set_handler(SIGALRM, on_alrm, SA_RESTART);
	alarm(1);
	errno = 0;
	ret = nanosleep(&ts, &rem);
	err = errno;
	printf("nanosleep 5 s, alarm 1 s, SA_RESTART: %d %s, left 2-4 s %d\n",
	       ret, strerror(err), rem.tv_sec >= 2 && rem.tv_sec <= 4);

	memset(&it, 0, sizeof(it));
	it.it_value.tv_usec = 50000;
	it.it_interval.tv_usec = 50000;
	alrm = 0;
	printf("setitimer: %d\n", setitimer(ITIMER_REAL, &it, NULL));
	for (i = 0; i < 3; i++)
		pause();
	printf("three periods: %d\n", alrm >= 3);
	getitimer(ITIMER_REAL, &old);
	printf("getitimer: interval %ld us, armed %d\n",
	       (long)old.it_interval.tv_usec,
	       old.it_value.tv_sec || old.it_value.tv_usec);
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, &old);
	getitimer(ITIMER_REAL, &old);
	printf("disarmed: %ld %ld\n", (long)old.it_value.tv_sec,
	       (long)old.it_value.tv_usec);
	errno = 0;
	ret = setitimer(5, &it, NULL);
	printf("setitimer(5): %d %s\n", ret, strerror(errno));
	return 0;
}
