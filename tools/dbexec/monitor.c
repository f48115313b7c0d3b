// SPDX-License-Identifier: GPL-2.0
/*
 * The ptrace monitor.
 *
 * A forbidden system call makes the kernel (SECCOMP_RET_TRAP) skip it and
 * send SIGSYS with si_code SYS_SECCOMP, si_syscall and si_arch.  The
 * tracee stops before the signal is delivered (signal-delivery-stop); the
 * monitor notes the call from the siginfo and resumes the tracee with
 * SIGSYS.  Its default action kills the picoprocess, and then the noted
 * call is reported; a picoprocess with a DK_EXC_SYSCALL handler (the
 * module arms SIGSYS for it; rt_sigaction stays forbidden) handles it
 * instead, and nothing is reported.  Every other signal passes through
 * unchanged; group stops and ptrace events are resumed.
 *
 * Fail-closed: PTRACE_O_EXITKILL kills the picoprocess if the monitor
 * dies, and the child set PR_SET_PDEATHSIG too.  Without a tracer the
 * SIGSYS still kills it, unreported.  In libOS mode the top picoprocess
 * is not traced at all (monitor_attach); waitpid still reports its end.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/drawbridge.h>

#include "context.h"
#include "exitcodes.h"
#include "fullio.h"
#include "monitor.h"
#include "seccomp_filter.h"
#include "seccomp_filter_verify.h"
#include "members.h"
#include "names.h"
#include "procreq.h"

#ifndef SYS_SECCOMP
#define SYS_SECCOMP	1
#endif

static volatile sig_atomic_t forward_to;
static volatile sig_atomic_t forwarded;
static int forward_fd = -1;

void monitor_forward_to_pipe(int fd)
{
	forward_fd = fd;
}

/*
 * The first SIGINT, SIGTERM or SIGHUP is passed on as is: the picoprocess
 * has no handlers, so its default action ends it.  It could have blocked
 * it, though (rt_sigreturn restores a signal mask), so a second one is
 * sent as SIGKILL.  In libOS mode every one goes to the libOS's signal
 * pipe instead: the program's own handlers and mask decide, as natively
 * (SIGKILL to dbexec ends both; a full pipe falls back to the above).
 */
static void forward_signal(int sig)
{
	unsigned char b = (unsigned char)sig;
	int saved = errno;

	if (forward_fd >= 0 && write(forward_fd, &b, 1) == 1) {
		errno = saved;
		return;
	}
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
 * A signal-delivery-stop of SIGSYS: if seccomp caused it, remember the
 * call in @mb.  The picoprocess may have a DK_EXC_SYSCALL handler that
 * deals with it, so nothing is reported until SIGSYS actually kills it.
 */
static void note_seccomp(pid_t pid, struct member *mb)
{
	siginfo_t si;

	if (!mb || ptrace(PTRACE_GETSIGINFO, pid, NULL, &si) < 0 ||
	    si.si_code != SYS_SECCOMP)
		return;
	mb->refused = true;
	mb->refused_arch = (int)si.si_arch;
	mb->refused_nr = si.si_syscall;
}

/* The exit status for @st, after saying why if a signal killed it. */
static int finish(int st, const struct member *mb, pid_t who)
{
	char name[32], desc[128];
	int sig;

	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	sig = WTERMSIG(st);
	if (sig == SIGSYS && mb->refused) {
		syscall_describe((unsigned int)mb->refused_arch, mb->refused_nr,
				 desc, sizeof(desc));
		if (who)
			fprintf(stderr, "dbexec: picoprocess %d killed: forbidden host syscall %s\n",
				(int)who, desc);
		else
			fprintf(stderr, "dbexec: picoprocess killed: forbidden host syscall %s\n",
				desc);
	} else if (who) {
		fprintf(stderr, "dbexec: picoprocess %d killed by signal %s\n",
			(int)who, signal_name(sig, name, sizeof(name)));
	} else {
		fprintf(stderr, "dbexec: picoprocess killed by signal %s\n",
			signal_name(sig, name, sizeof(name)));
	}
	return DBX_EXIT_SIGNAL + sig;
}

/* The confinement filter, built and self-checked once per monitor. */
static const struct sock_fprog *monitor_filter(void)
{
	static struct sock_fprog prog;
	static int state;	/* 0: not built yet, 1: ready, -1: failed */
	char err[256];

	if (!state) {
		if (filter_build(DK_FD, &prog, err, sizeof(err)) < 0 ||
		    filter_verify(&prog, DK_FD, err, sizeof(err)) < 0) {
			fprintf(stderr, "dbexec: confinement: %s\n", err);
			state = -1;
		} else {
			state = 1;
		}
	}
	return state > 0 ? &prog : NULL;
}

int monitor_attach(pid_t child, int go_fd, int no_trace)
{
	const struct sock_fprog *prog;
	struct monitor_go go = { .go = 'g' };

	/*
	 * libOS mode: no tracer.  Every signal-delivery-stop would cost the
	 * libOS's emulated system calls 4-45 times the trap itself; the
	 * fail-closed properties do not depend on the tracer
	 * (confinement.rst, "libOS mode").
	 */
	if (!no_trace && ptrace(PTRACE_SEIZE, child, NULL,
		   (void *)(long)(PTRACE_O_EXITKILL | PTRACE_O_TRACECLONE)) < 0) {
		int err = errno;

		close(go_fd);
		return attach_failed(child, err);
	}
	/*
	 * Release the child with the filter.  Without one (it failed its
	 * self-check) the child is not released: it exits on the closed pipe.
	 * If the child is already gone, waitpid says how.
	 */
	prog = monitor_filter();
	if (prog) {
		go.len = prog->len;
		if (write_full(go_fd, &go, sizeof(go)) == 0)
			write_full(go_fd, prog->filter,
				   prog->len * sizeof(prog->filter[0]));
	}
	close(go_fd);
	return 0;
}

/* Tell the module how a child of a DkProcessCreate ended. */
static void report_exit(int mon_fd, const struct member *mb, int st)
{
	struct dk_monitor_reply r = { .id = mb->id, .status = st };

	if (mb->id)
		ioctl(mon_fd, DK_IOC_MONITOR_EXITED, &r);
}

/* One waitpid result; returns true when the top picoprocess ended. */
static bool handle_wait(int mon_fd, pid_t top, pid_t pid, int st, int *code)
{
	struct member *mb = member_find(pid);
	int sig, event;

	if (WIFEXITED(st) || WIFSIGNALED(st)) {
		if (!mb)
			return false;	/* another thread of a picoprocess */
		if (pid == top) {
			*code = finish(st, mb, 0);
			member_del(mb);
			return true;
		}
		/*
		 * A child's end is its parent's to report (through the process
		 * handle); the monitor names only a confinement violation.  A
		 * child killed because its parent withdrew the request, or by
		 * a signal from its own tree, says nothing here, as natively.
		 */
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS && mb->refused)
			finish(st, mb, pid);
		report_exit(mon_fd, mb, st);
		member_del(mb);
		return false;
	}
	if (!WIFSTOPPED(st))
		return false;
	sig = WSTOPSIG(st);
	event = st >> 16;
	if (event != 0) {
		/* PTRACE_EVENT_STOP (group stop, new thread) or
		 * PTRACE_EVENT_CLONE: just resume. */
		ptrace(PTRACE_CONT, pid, NULL, NULL);
		return false;
	}
	/* Signal-delivery-stop. */
	if (sig == SIGSYS) {
		struct member *leader = mb;
		char path[64], buf[256];
		FILE *f;

		if (!leader) {	/* a thread: find its process */
			snprintf(path, sizeof(path), "/proc/%d/status", pid);
			f = fopen(path, "r");
			while (f && fgets(buf, sizeof(buf), f))
				if (!strncmp(buf, "Tgid:", 5))
					leader = member_find(atoi(buf + 5));
			if (f)
				fclose(f);
		}
		note_seccomp(pid, leader);
	}
	ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig);
	return false;
}

/* Reap whatever is ready; true once the top picoprocess has ended. */
static bool reap(int mon_fd, pid_t top, bool block, int *code)
{
	bool top_done = false;
	int st;

	for (;;) {
		pid_t pid = waitpid(-1, &st, __WALL | (block ? 0 : WNOHANG));

		if (pid == 0)
			return top_done;
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			if (errno != ECHILD)
				fprintf(stderr, "dbexec: waitpid: %s\n", strerror(errno));
			return top_done;
		}
		if (handle_wait(mon_fd, top, pid, st, code))
			top_done = true;
		if (block && !member_count())
			return top_done;
	}
}

int monitor_run(pid_t top, int mon_fd)
{
	struct pollfd pfd[2];
	sigset_t chld;
	int sfd, code = DBX_EXIT_ERROR;

	install_forwarding(top);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sfd < 0) {
		fprintf(stderr, "dbexec: signalfd: %s\n", strerror(errno));
		kill(top, SIGKILL);
		reap(mon_fd, top, true, &code);
		return DBX_EXIT_ERROR;
	}
	pfd[0].fd = sfd;
	pfd[0].events = POLLIN;
	pfd[1].fd = mon_fd;
	pfd[1].events = POLLIN;

	for (;;) {
		struct signalfd_siginfo si;

		if (reap(mon_fd, top, false, &code))
			break;
		if (poll(pfd, 2, -1) < 0 && errno != EINTR) {
			fprintf(stderr, "dbexec: poll: %s\n", strerror(errno));
			member_kill_all(0);
			break;
		}
		while (read(sfd, &si, sizeof(si)) == sizeof(si))
			;
		if (pfd[1].revents & POLLIN)
			procreq_service(mon_fd);
	}
	/* The top has ended: so does the rest of its tree. */
	member_kill_all(top);
	if (member_count())
		reap(mon_fd, top, true, &code);
	close(sfd);
	return code;
}
