// SPDX-License-Identifier: GPL-2.0
/*
 * exit and exit_group.
 *
 * exit_group ends the picoprocess with the status (its parent's libOS
 * learns it first as a wait status: proc.c).  exit ends the calling
 * thread: mem's lx_thread_exit_notify() clears and wakes clear_child_tid,
 * then the thread leaves with DkThreadExit; the last thread to exit ends
 * the process with its status, as on Linux.  A thread another thread's
 * execve ends leaves the same way (lx_thread_exit, from signal.c).
 */
#include "lx.h"
#include "proc.h"

LX_NORETURN void lx_exit_group(int status)
{
	lx_proc_exit_notify((status & 0xff) << 8);
	DkProcessExit(status & 0xff);
}

LX_NORETURN void lx_exit_signaled(int sig)
{
	lx_proc_exit_notify(sig & 0x7f);
	DkProcessExit(128 + (sig & 0x7f));
}

long lx_sys_exit_group(struct lx_call *c)
{
	lx_exit_group((int)c->a[0]);
}

LX_NORETURN void lx_thread_exit(int status)
{
	struct lx_thread *t = lx_self();

	__atomic_store_n(&t->exiting, 1, __ATOMIC_RELEASE);
	lx_thread_exit_notify(t);
	if (lx_thread_release(t) == 0)
		lx_exit_group(status);
	DkThreadExit();
}

long lx_sys_exit(struct lx_call *c)
{
	lx_thread_exit((int)c->a[0]);
}
