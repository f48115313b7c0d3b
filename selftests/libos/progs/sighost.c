// SPDX-License-Identifier: GPL-2.0
/*
 * A signal from outside (libos_test's signal= option: to the program
 * natively, to dbexec for a picoprocess): "ready", then wait in pause().
 * With an argument, SIGINT SIGTERM SIGHUP keep their default action (the
 * process dies of it); without, a handler reports the signal and
 * si_code, and the program exits 0.
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "handler.h"

static volatile int got, code;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got = sig;
	code = si->si_code;
}

int main(int argc, char **argv)
{
	(void)argv;
	if (argc < 2) {
		set_handler(SIGINT, on_sig, 0);
		set_handler(SIGTERM, on_sig, 0);
		set_handler(SIGHUP, on_sig, 0);
	}
	printf("ready\n");
	fflush(stdout);
	while (!got)
		pause();
	printf("got %s, si_code SI_USER %d\n", got == SIGINT ? "SIGINT" :
	       got == SIGTERM ? "SIGTERM" : "SIGHUP", code == SI_USER);
	return 0;
}
