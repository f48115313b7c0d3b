// SPDX-License-Identifier: GPL-2.0
/* Launcher child hygiene (see sandbox.h). */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/close_range.h>
#include <linux/seccomp.h>

#include "sandbox.h"

int sandbox_die_with_parent(pid_t parent)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		return -1;
	/* The parent may have died before the request took effect. */
	if (getppid() != parent) {
		errno = ESRCH;
		return -1;
	}
	return 0;
}

int sandbox_no_core(void)
{
	const struct rlimit zero = { 0, 0 };

	return setrlimit(RLIMIT_CORE, &zero);
}

int sandbox_no_new_privs(void)
{
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

int sandbox_check_seccomp(void)
{
	unsigned int action = SECCOMP_RET_TRAP;

	return (int)syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action);
}

static int close_span(unsigned int lo, unsigned int hi)
{
	if (lo > hi)
		return 0;
	return close_range(lo, hi, 0);
}

int sandbox_close_fds(int keep_a, int keep_b)
{
	unsigned int a = (unsigned int)keep_a, b = (unsigned int)keep_b;

	if (keep_a < 0 || keep_b < 0) {
		errno = EINVAL;
		return -1;
	}
	if (a > b) {
		unsigned int t = a;

		a = b;
		b = t;
	}
	if ((a > 0 && close_span(0, a - 1) < 0) ||
	    (b > a && close_span(a + 1, b - 1) < 0) ||
	    (b < ~0U && close_span(b + 1, ~0U) < 0))
		return -1;
	return 0;
}

/* The kernel's struct sigaction for rt_sigaction(2). */
struct ksigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

void sandbox_reset_signals(void)
{
	const struct ksigaction dfl = { .handler = SIG_DFL };
	unsigned long none = 0;
	int sig;

	/*
	 * rt_sigaction directly: glibc's sigaction() refuses the signals it
	 * reserves for itself, whose handlers must not survive either.
	 * Failures (SIGKILL, SIGSTOP) are expected and harmless.
	 */
	for (sig = 1; sig <= 64; sig++)
		syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof(dfl.mask));
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, sizeof(none));
}

void sandbox_ignore_forwarded(void)
{
	const struct ksigaction ign = { .handler = SIG_IGN };

	syscall(SYS_rt_sigaction, SIGINT, &ign, NULL, sizeof(ign.mask));
	syscall(SYS_rt_sigaction, SIGTERM, &ign, NULL, sizeof(ign.mask));
	syscall(SYS_rt_sigaction, SIGHUP, &ign, NULL, sizeof(ign.mask));
}
