// SPDX-License-Identifier: GPL-2.0
/*
 * Asynchronous signals a program sends itself, and the frame its handler
 * gets: kill() (SI_USER, si_pid), sigqueue() (SI_QUEUE, si_value),
 * tgkill() (SI_TKILL); a handler that changes the interrupted registers,
 * an SSE register through uc_mcontext.fpregs and the mask to restore in
 * uc_sigmask, all of which sigreturn must apply; the handler's own FP use
 * must not leak into the interrupted code; SA_NODEFER and SA_RESETHAND;
 * blocked signals: sigpending, sigsuspend, sigtimedwait.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "handler.h"

static volatile int got, code, pid_ok, value, self_blocked, depth, maxdepth,
		    calls;

static void on_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got = sig;
	code = si->si_code;
	pid_ok = si->si_pid == getpid();
	value = si->si_value.sival_int;
}

/* Rewrites rbx and xmm7 of the interrupted code; blocks SIGUSR2 after. */
static void on_edit(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	volatile double d = 3.25;
	sigset_t cur;

	(void)sig;
	(void)si;
	/* The handler's own FP work: must not reach the interrupted code. */
	__asm__ volatile ("xorps %%xmm7, %%xmm7" ::: "xmm7");
	d = d * d;
	sigprocmask(SIG_SETMASK, NULL, &cur);
	self_blocked = sigismember(&cur, SIGUSR1);
	uc->uc_mcontext.gregs[REG_RBX] = 42;
	uc->uc_mcontext.fpregs->_xmm[6].element[0] = 0x12345678;
	sigaddset(&uc->uc_sigmask, SIGUSR2);
}

static void on_nest(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	depth++;
	calls++;
	if (depth > maxdepth)
		maxdepth = depth;
	if (calls < 3)
		raise(sig);
	depth--;
}

static void on_plain(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	got = sig;
}

int main(void)
{
	sigset_t set, old;
	siginfo_t si;
	union sigval sv;
	struct timespec zero = { 0, 0 };
	long rbx = 1, nr = SYS_kill;
	uint32_t x6 = 7, x7 = 9, x6_out = 0, x7_out = 0;
	int ret;

	set_handler(SIGUSR1, on_info, 0);
	printf("kill: %d\n", kill(getpid(), SIGUSR1));
	printf("  got %d si_code SI_USER %d si_pid ok %d\n", got,
	       code == SI_USER, pid_ok);
	sv.sival_int = 77;
	got = 0;
	printf("sigqueue: %d\n", sigqueue(getpid(), SIGUSR1, sv));
	printf("  got %d si_code SI_QUEUE %d value %d\n", got,
	       code == SI_QUEUE, value);
	got = 0;
	printf("tgkill: %ld\n",
	       syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1));
	printf("  got %d si_code SI_TKILL %d\n", got, code == SI_TKILL);

	/* The handler edits the context kill() returns to. */
	set_handler(SIGUSR1, on_edit, 0);
	__asm__ volatile ("movd %[a], %%xmm6\n\t"
			  "movd %[b], %%xmm7\n\t"
			  "syscall\n\t"
			  "movd %%xmm6, %[c]\n\t"
			  "movd %%xmm7, %[d]"
			  : "+a" (nr), "+b" (rbx), [c] "=r" (x6_out),
			    [d] "=r" (x7_out)
			  : "D" ((long)getpid()), "S" ((long)SIGUSR1),
			    [a] "r" (x6), [b] "r" (x7)
			  : "rcx", "r11", "memory", "xmm6", "xmm7");
	printf("edited frame: kill %ld rbx %ld xmm6 %#x xmm7 %u, blocked inside %d\n",
	       nr, rbx, x6_out, x7_out, self_blocked);
	sigprocmask(SIG_SETMASK, NULL, &old);
	printf("  after: SIGUSR2 blocked %d, SIGUSR1 blocked %d\n",
	       sigismember(&old, SIGUSR2), sigismember(&old, SIGUSR1));
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);

	set_handler(SIGUSR1, on_nest, SA_NODEFER);
	raise(SIGUSR1);
	printf("SA_NODEFER nesting depth %d calls %d\n", maxdepth, calls);
	maxdepth = 0;
	calls = 0;
	set_handler(SIGUSR1, on_nest, 0);
	raise(SIGUSR1);
	printf("without SA_NODEFER depth %d calls %d\n", maxdepth, calls);

	set_handler(SIGUSR2, on_plain, SA_RESETHAND);
	got = 0;
	raise(SIGUSR2);
	{
		struct sigaction sa;

		sigaction(SIGUSR2, NULL, &sa);
		printf("SA_RESETHAND: got %d, now SIG_DFL %d\n", got,
		       sa.sa_handler == SIG_DFL);
	}

	/* Blocked: pending, then sigsuspend takes it. */
	set_handler(SIGUSR1, on_plain, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	got = 0;
	kill(getpid(), SIGUSR1);
	sigpending(&set);
	printf("blocked: got %d, pending %d\n", got, sigismember(&set, SIGUSR1));
	sigemptyset(&set);
	errno = 0;
	ret = sigsuspend(&set);
	printf("sigsuspend: %d %s got %d\n", ret, strerror(errno), got);
	sigprocmask(SIG_SETMASK, NULL, &set);
	printf("  mask restored: SIGUSR1 blocked %d\n", sigismember(&set, SIGUSR1));

	/* sigtimedwait takes a blocked signal without its handler. */
	got = 0;
	kill(getpid(), SIGUSR1);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	memset(&si, 0, sizeof(si));
	ret = sigtimedwait(&set, &si, &zero);
	printf("sigtimedwait: %d si_code SI_USER %d handler %d\n", ret,
	       si.si_code == SI_USER, got);
	errno = 0;
	ret = sigtimedwait(&set, &si, &zero);
	printf("  nothing pending: %d %s\n", ret, strerror(errno));
	zero.tv_nsec = 20000000;
	ret = sigtimedwait(&set, &si, &zero);
	printf("  20 ms: %d %s\n", ret, strerror(errno));
	sigprocmask(SIG_SETMASK, &old, NULL);

	/* Invalid arguments. */
	errno = 0;
	ret = kill(getpid(), 65);
	printf("kill(self, 65): %d %s\n", ret, strerror(errno));
	errno = 0;
	ret = sigaction(SIGKILL, &(struct sigaction){ 0 }, NULL);
	printf("sigaction(SIGKILL): %d %s\n", ret, strerror(errno));
	errno = 0;
	ret = (int)syscall(SYS_tgkill, getpid(), 999999, SIGUSR1);
	printf("tgkill(self, 999999): %d %s\n", ret, strerror(errno));
	fflush(stdout);
	raise(SIGTERM);
	printf("not reached\n");
	return 0;
}
