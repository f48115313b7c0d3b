/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the test programs: install an SA_SIGINFO handler. */
#ifndef PROGS_HANDLER_H
#define PROGS_HANDLER_H

#include <signal.h>
#include <string.h>

/* sigaction(@sig) with @fn, SA_SIGINFO | @flags, nothing masked. */
static inline int set_handler(int sig, void (*fn)(int, siginfo_t *, void *),
			      int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	return sigaction(sig, &sa, NULL);
}

#endif /* PROGS_HANDLER_H */
