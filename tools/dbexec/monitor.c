// SPDX-License-Identifier: GPL-2.0
/*
 * The ptrace monitor.
 *
 * A forbidden system call makes the kernel (SECCOMP_RET_TRAP) skip it and
 * send SIGSYS with si_code SYS_SECCOMP, si_syscall and si_arch.  The
 * tracee stops before the signal is delivered (signal-delivery-stop); the
 * monitor reads the siginfo, reports the call and resumes the tracee with
 * SIGSYS, whose default action kills it (a picoprocess cannot install a
 * handler: rt_sigaction is forbidden).  Every other signal passes through
 * unchanged; group stops and ptrace events are resumed.
 *
 * Fail-closed: PTRACE_O_EXITKILL kills the picoprocess if the monitor
 * dies, and the child set PR_SET_PDEATHSIG too.  Without a tracer the
 * SIGSYS still kills it, unreported.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exitcodes.h"
#include "monitor.h"
#include "names.h"

#ifndef SYS_SECCOMP
#define SYS_SECCOMP	1
#endif

static volatile sig_atomic_t forward_to;
static volatile sig_atomic_t forwarded;

/*
 * The first SIGINT, SIGTERM or SIGHUP is passed on as is: the picoprocess
 * has no handlers, so its default action ends it.  It could have blocked
 * it, though (rt_sigreturn restores a signal mask), so a second one is
 * sent as SIGKILL.
 */
static void forward_signal(int sig)
{
	int saved = errno;

	if (forward_to > 0)
		kill((pid_t)forward_to, forwarded++ ? SIGKILL : sig);
	errno = saved;
}

static void install_forwarding(pid_t child)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	sigset_t set;
	size_t i;

	forward_to = child;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forward_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&set);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sigaddset(&sa.sa_mask, sigs[i]);	/* handler not nested */
		sigaddset(&set, sigs[i]);
	}
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* Attach failed: relay the child's own end if it got there first. */
static int attach_failed(pid_t child, int err)
{
	int st;

	kill(child, SIGKILL);
	while (waitpid(child, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);	/* it had already failed and said why */
	fprintf(stderr, "dbexec: cannot trace the picoprocess: ptrace(PTRACE_SEIZE): %s\n",
		strerror(err));
	return DBX_EXIT_ERROR;
}

/*
 * A signal-delivery-stop of SIGSYS: report it if seccomp caused it.
 * Returns true if reported.
 */
static bool report_seccomp(pid_t pid)
{
	siginfo_t si;
	char desc[128];

	if (ptrace(PTRACE_GETSIGINFO, pid, NULL, &si) < 0 ||
	    si.si_code != SYS_SECCOMP)
		return false;
	fprintf(stderr, "dbexec: picoprocess killed: forbidden host syscall %s\n",
		syscall_describe(si.si_arch, si.si_syscall, desc, sizeof(desc)));
	return true;
}

static int finish(int st, bool reported)
{
	char name[32];
	int sig;

	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	sig = WTERMSIG(st);
	if (!(reported && sig == SIGSYS))
		fprintf(stderr, "dbexec: picoprocess killed by signal %s\n",
			signal_name(sig, name, sizeof(name)));
	return DBX_EXIT_SIGNAL + sig;
}

int monitor_run(pid_t child, int go_fd)
{
	bool reported = false;
	const char go = 'g';
	ssize_t n;
	int st;

	if (ptrace(PTRACE_SEIZE, child, NULL,
		   (void *)(long)(PTRACE_O_EXITKILL | PTRACE_O_TRACECLONE)) < 0) {
		int err = errno;

		close(go_fd);
		return attach_failed(child, err);
	}
	install_forwarding(child);
	/* Release the child; if it is already gone, waitpid says how. */
	signal(SIGPIPE, SIG_IGN);
	n = write(go_fd, &go, 1);
	(void)n;	/* if it fails the child is gone: waitpid tells how */
	close(go_fd);

	for (;;) {
		pid_t pid = waitpid(-1, &st, __WALL);
		int sig, event;

		if (pid < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "dbexec: waitpid: %s\n", strerror(errno));
			return DBX_EXIT_ERROR;
		}
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			if (pid == child)
				return finish(st, reported);
			continue;	/* another thread of the picoprocess */
		}
		if (!WIFSTOPPED(st))
			continue;
		sig = WSTOPSIG(st);
		event = st >> 16;
		if (event != 0) {
			/* PTRACE_EVENT_STOP (group stop, new thread) or
			 * PTRACE_EVENT_CLONE: just resume. */
			ptrace(PTRACE_CONT, pid, NULL, NULL);
			continue;
		}
		/* Signal-delivery-stop. */
		if (sig == SIGSYS && report_seccomp(pid))
			reported = true;
		ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig);
	}
}
