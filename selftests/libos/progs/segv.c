// SPDX-License-Identifier: GPL-2.0
/*
 * A fault the program handles itself: its SIGSEGV handler gets the
 * faulting address in si_addr and leaves with a status of its own.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "handler.h"

static volatile int *const target = (int *)0x10008;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	static const char ok[] = "SIGSEGV at the expected address\n";
	static const char bad[] = "SIGSEGV at a wrong address\n";

	(void)uc;
	if (sig == SIGSEGV && si->si_addr == (void *)target)
		write(1, ok, sizeof(ok) - 1);
	else
		write(1, bad, sizeof(bad) - 1);
	_exit(42);
}

int main(void)
{
	if (set_handler(SIGSEGV, on_segv, 0)) {
		perror("sigaction");
		return 1;
	}
	printf("before the fault\n");
	fflush(stdout);
	*target = 1;
	printf("not reached\n");
	return 0;
}
