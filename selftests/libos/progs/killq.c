// SPDX-License-Identifier: GPL-2.0
/*
 * kill between the processes of a tree: a pid or process group that
 * exists answers 0 (kill(pid, 0) too), one that does not ESRCH, from
 * the top of the tree and from a grandchild.  Real-time signals sent
 * while blocked (sigqueue here, kill from a child) are queued and all
 * delivered on unblock, lowest number first, each number in the order
 * sent with its value; a standard signal sent twice is delivered once.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* A pid no process of the test has (pids are below pid_max, 4194304). */
#define MISSING		4194001

static const char *kill_res(pid_t pid, int sig)
{
	if (kill(pid, sig) == 0)
		return "0";
	return errno == ESRCH ? "ESRCH" : strerror(errno);
}

static void tree_kills(void)
{
	pid_t top = getpid(), a, b;
	int p[2], q[2], st;
	char c;

	if (pipe(p) || pipe(q)) {
		perror("pipe");
		exit(1);
	}
	a = fork();
	if (a == 0) {
		setpgid(0, 0);
		close(q[1]);
		b = fork();
		if (b == 0) {
			b = getpid();
			printf("grandchild: top %s, missing %s, -missing %s\n",
			       kill_res(top, 0), kill_res(MISSING, 0),
			       kill_res(-MISSING, 0));
			if (write(p[1], &b, sizeof(b)) != sizeof(b))
				_exit(1);
			if (read(q[0], &c, 1) != 0)
				_exit(1);
			_exit(0);
		}
		waitpid(b, &st, 0);
		_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 1);
	}
	if (read(p[0], &b, sizeof(b)) != sizeof(b)) {
		perror("read");
		exit(1);
	}
	printf("child %s, its group %s, grandchild %s, -grandchild %s\n",
	       kill_res(a, 0), kill_res(-a, 0), kill_res(b, 0),
	       kill_res(-b, 0));
	printf("missing: %s, with SIGUSR1 %s, group %s, group SIGUSR1 %s\n",
	       kill_res(MISSING, 0), kill_res(MISSING, SIGUSR1),
	       kill_res(-MISSING, 0), kill_res(-MISSING, SIGUSR1));
	close(q[1]);
	waitpid(a, &st, 0);
	printf("child exited %d; then: %s, group %s\n",
	       WIFEXITED(st) ? WEXITSTATUS(st) : -1, kill_res(a, 0),
	       kill_res(-a, 0));
}

static volatile sig_atomic_t n_got;
static struct {
	int sig, val, code, from_child;
} got[32];
static pid_t rt_child;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (n_got < 32) {
		got[n_got].sig = sig;
		got[n_got].val = si->si_value.sival_int;
		got[n_got].code = si->si_code;
		got[n_got].from_child = si->si_pid == rt_child;
		n_got++;
	}
}

static void rt_queue(void)
{
	int sigs[] = { SIGUSR1, SIGRTMIN, SIGRTMIN + 1, SIGRTMIN + 2 };
	struct sigaction sa;
	sigset_t set, pend;
	union sigval v;
	unsigned int i;
	int st;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sig;
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);	/* one handler at a time: in order */
	sigemptyset(&set);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sigaction(sigs[i], &sa, NULL);
		sigaddset(&set, sigs[i]);
	}
	sigprocmask(SIG_BLOCK, &set, NULL);
	v.sival_int = 1;
	sigqueue(getpid(), SIGRTMIN + 1, v);
	v.sival_int = 2;
	sigqueue(getpid(), SIGRTMIN, v);
	v.sival_int = 3;
	sigqueue(getpid(), SIGRTMIN, v);
	v.sival_int = 4;
	sigqueue(getpid(), SIGRTMIN + 1, v);
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	rt_child = fork();
	if (rt_child == 0) {
		for (i = 0; i < 3; i++)
			kill(getppid(), SIGRTMIN + 2);
		_exit(0);
	}
	waitpid(rt_child, &st, 0);
	sigpending(&pend);
	printf("pending: usr1 %d rtmin %d rtmin+1 %d rtmin+2 %d; got %d\n",
	       sigismember(&pend, SIGUSR1), sigismember(&pend, SIGRTMIN),
	       sigismember(&pend, SIGRTMIN + 1),
	       sigismember(&pend, SIGRTMIN + 2), (int)n_got);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	for (i = 0; i < (unsigned int)n_got; i++) {
		if (got[i].sig == SIGUSR1)
			printf("SIGUSR1\n");
		else if (got[i].code == SI_QUEUE)
			printf("SIGRTMIN+%d value %d\n",
			       got[i].sig - SIGRTMIN, got[i].val);
		else
			printf("SIGRTMIN+%d code %d from the child %d\n",
			       got[i].sig - SIGRTMIN, got[i].code,
			       got[i].from_child);
	}
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	tree_kills();
	rt_queue();
	return 0;
}
