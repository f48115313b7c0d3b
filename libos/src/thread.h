/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mem's per-thread record (struct lx_thread.priv[LX_PRIV_THREAD]) and the
 * futex calls other files use (thread.c, futex.c, signal.c).
 */
#ifndef LX_THREAD_H
#define LX_THREAD_H

#include "lx.h"

struct lx_mthread {
	long event;			/* futex wait event, -1 until needed */
	char name[16];			/* prctl(PR_SET_NAME) */
	unsigned long robust_head;	/* set_robust_list */
	unsigned long altstack_sp;	/* sigaltstack: base, size, flags */
	unsigned long altstack_size;
	int altstack_flags;
};

/* @t's record, made on first use; NULL if out of memory. */
struct lx_mthread *lx_mthread(struct lx_thread *t);
/* @t's name (prctl PR_SET_NAME/PR_GET_NAME, 16 bytes), NULL if no memory. */
char *lx_thread_name(struct lx_thread *t);
/* ids.c: record the process id (the main thread's tid). */
void lx_ids_init(void);
/* ids.c: the umask, for files that create files. */
int lx_umask_get(void);
void lx_umask_set(int mask);
/* thread.c: start the thread that makes the program's threads. */
long lx_thread_init(void);
/* signal.c: install the fault handlers (synchronous signals). */
long lx_signal_init(void);
/*
 * main.c: run the program's main thread (@t, registers @regs) on a Dk
 * thread of its own, so that signals can interrupt it; the calling
 * (first) thread becomes the signal timer thread.
 */
LX_NORETURN void lx_thread_run_main(struct lx_thread *t,
				    const struct sigcontext *regs);
/* Program threads whose host thread has not ended yet (the spawner's). */
int lx_thread_hosts(void);
/* Wake up to @n waiters of the futex at @uaddr (any bitset). */
long lx_futex_wake(unsigned long uaddr, int n);

#endif /* LX_THREAD_H */
