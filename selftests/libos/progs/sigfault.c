// SPDX-License-Identifier: GPL-2.0
/*
 * Synchronous signals a program handles and returns from: a write to a
 * read-only page (the handler makes it writable and returns, so the write
 * is retried), a division by zero and an illegal instruction (the handler
 * leaves with siglongjmp), a fault handled on an alternate stack, and the
 * signal mask inside and after a handler.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "handler.h"

static char *page;
static long pagesz;
static sigjmp_buf env;
static volatile int hits;
static volatile int blocked_inside;
static char altstack[65536];
static volatile int on_alt;

static void on_segv(int sig, siginfo_t *si, void *ucv)
{
	int local;

	(void)ucv;
	hits++;
	on_alt = (char *)&local >= altstack &&
		 (char *)&local < altstack + sizeof(altstack);
	if (sig != SIGSEGV || si->si_addr != page + 100) {
		printf("wrong siginfo: sig %d\n", sig);
		_exit(3);
	}
	{
		sigset_t cur;

		sigprocmask(SIG_SETMASK, NULL, &cur);
		blocked_inside = sigismember(&cur, SIGSEGV);
	}
	mprotect(page, pagesz, PROT_READ | PROT_WRITE);
}

static void on_jump(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	siglongjmp(env, sig);
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	if (set_handler(sig, fn, flags)) {
		perror("sigaction");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	volatile int zero = argc - 1;	/* 0 when run without arguments */
	sigset_t cur;
	stack_t ss;
	int sig;

	(void)argv;
	pagesz = sysconf(_SC_PAGESIZE);
	page = mmap(NULL, pagesz, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0);
	if (page == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	handle(SIGSEGV, on_segv, 0);
	*(volatile char *)(page + 100) = 'x';	/* faults once, retried after the handler */
	printf("write retried: %c, handler ran %d time(s), SIGSEGV blocked inside: %d\n",
	       page[100], hits, blocked_inside);
	sigprocmask(SIG_SETMASK, NULL, &cur);
	printf("SIGSEGV blocked after return: %d\n", sigismember(&cur, SIGSEGV));

	/* The same on an alternate signal stack. */
	ss.ss_sp = altstack;
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 0;
	if (sigaltstack(&ss, NULL)) {
		perror("sigaltstack");
		return 1;
	}
	handle(SIGSEGV, on_segv, SA_ONSTACK);
	mprotect(page, pagesz, PROT_READ);
	*(volatile char *)(page + 100) = 'y';
	printf("alternate stack: %d, value %c, handler ran %d time(s)\n",
	       on_alt, page[100], hits);

	handle(SIGFPE, on_jump, 0);
	sig = sigsetjmp(env, 1);
	if (!sig) {
		printf("%d\n", 10 / zero);
		printf("no SIGFPE\n");
	} else {
		printf("division by zero: signal %s\n", sig == SIGFPE ? "SIGFPE" : "other");
	}

	handle(SIGILL, on_jump, 0);
	sig = sigsetjmp(env, 1);
	if (!sig) {
		__asm__ volatile ("ud2");
		printf("no SIGILL\n");
	} else {
		printf("illegal instruction: signal %s\n", sig == SIGILL ? "SIGILL" : "other");
	}
	sigprocmask(SIG_SETMASK, NULL, &cur);
	printf("after siglongjmp, SIGILL blocked: %d\n", sigismember(&cur, SIGILL));
	return 0;
}
