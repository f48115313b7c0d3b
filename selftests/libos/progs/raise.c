// SPDX-License-Identifier: GPL-2.0
/*
 * Signals a program sends itself: raise() runs the handler at once (with
 * si_code SI_TKILL and the sender's pid), an ignored signal does nothing,
 * a signal whose default is to ignore it does nothing, and abort() ends
 * the process with SIGABRT's status (134 in a shell).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "handler.h"

static volatile int got, code_ok, pid_ok;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got = sig;
	code_ok = si->si_code == SI_TKILL;
	pid_ok = si->si_pid == getpid();
}

int main(void)
{
	set_handler(SIGUSR1, on_usr1, 0);
	printf("raise: %d\n", raise(SIGUSR1));
	printf("handler: %s, si_code SI_TKILL: %d, si_pid: %d\n",
	       got == SIGUSR1 ? "SIGUSR1" : "none", code_ok, pid_ok);
	signal(SIGUSR2, SIG_IGN);
	printf("ignored: %d\n", raise(SIGUSR2));
	printf("SIGCHLD by default: %d\n", raise(SIGCHLD));
	printf("kill(getpid(), 0): %d\n", kill(getpid(), 0));
	fflush(stdout);
	abort();
}
