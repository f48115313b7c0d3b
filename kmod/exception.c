// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: exception upcalls.
 *
 * Exceptions are host signals: SIGSEGV/SIGBUS (memory fault), SIGILL,
 * SIGFPE, DK_EXC_HOST_SIGNAL for DkThreadRaiseException, and SIGSYS for
 * a host system call the seccomp filter refused (DK_EXC_SYSCALL: the
 * call is never executed; seccomp forces the signal, so one raised while
 * SIGSYS is blocked, inside the handler, still ends the process).  A confined
 * picoprocess cannot call sigaction, so DkSetExceptionHandler arms the
 * host signal for it: libdk passes its upcall entry and its rt_sigreturn
 * trampoline, and the module writes the disposition into the (shared)
 * signal handler table under siglock, the same update kernel_sigaction()
 * makes, plus the flags and restorer a 64-bit SA_SIGINFO handler needs.
 * (A direct write to task internals, kept on purpose: do_sigaction() is
 * not exported, and kernel_sigaction(), which is, sets the handler only.
 * Nothing else needs doing: a handler or SIG_DFL, never SIG_IGN, is set,
 * so no queued signal has to be discarded as do_sigaction() would.)
 * libdk keeps the program's handler per event and dispatches to it; there
 * is no Dk call on the exception path except DkExceptionReturn's check.
 * Without a handler the disposition is SIG_DFL: the fault ends the
 * picoprocess and the monitor reports the signal.
 */
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/uaccess.h>
#include <linux/drawbridge.h>

#include "context.h"
#include "table.h"

/* Host signals of each event; 0 ends a row. */
static const int dk_exc_signals[DK_EXC_COUNT][2] = {
	[DK_EXC_MEMORY_FAULT] = { SIGSEGV, SIGBUS },
	[DK_EXC_ILLEGAL_INSTRUCTION] = { SIGILL, 0 },
	[DK_EXC_ARITHMETIC] = { SIGFPE, 0 },
	[DK_EXC_RAISED] = { DK_EXC_HOST_SIGNAL, 0 },
	[DK_EXC_SYSCALL] = { SIGSYS, 0 },
};

/*
 * DkSetExceptionHandler(Entry, Event, Restorer): the module's half, called
 * by libdk.  Entry 0 restores the default (the picoprocess ends on such an
 * exception).  Errors: -EINVAL (Event not DK_EXC_*, Entry without
 * Restorer), -EFAULT (an address outside user space).
 */
long dk_sys_set_exception_handler(struct dk_ctx *ctx, const u64 *args)
{
	/* A task's own sighand only changes in exec: stable here. */
	struct sighand_struct *sh = rcu_dereference_protected(current->sighand,
							      true);
	u64 entry = args[0], event = args[1], restorer = args[2];
	unsigned int i;

	if (!event || event >= DK_EXC_COUNT)
		return -EINVAL;
	if (entry && !restorer)
		return -EINVAL;
	if (entry >= TASK_SIZE_MAX || restorer >= TASK_SIZE_MAX)
		return -EFAULT;

	spin_lock_irq(&sh->siglock);
	for (i = 0; i < ARRAY_SIZE(dk_exc_signals[0]); i++) {
		int sig = dk_exc_signals[event][i];
		struct k_sigaction *ka;

		if (!sig)
			break;
		ka = &sh->action[sig - 1];
		sigemptyset(&ka->sa.sa_mask);
		if (entry) {
			ka->sa.sa_handler = (__sighandler_t)entry;
			ka->sa.sa_flags = SA_SIGINFO | SA_RESTORER | SA_ONSTACK;
			ka->sa.sa_restorer = (__sigrestore_t)restorer;
		} else {
			ka->sa.sa_handler = SIG_DFL;
			ka->sa.sa_flags = 0;
			ka->sa.sa_restorer = NULL;
		}
	}
	spin_unlock_irq(&sh->siglock);
	return 0;
}

/*
 * DkExceptionReturn(Context): check that Context is the struct
 * dk_exception of an upcall before libdk resumes its frame with
 * rt_sigreturn.  Errors: -EFAULT (unreadable), -EINVAL (not one).
 */
long dk_sys_exception_return(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_exception exc;

	if (copy_from_user(&exc, u64_to_user_ptr(args[0]), sizeof(exc)))
		return -EFAULT;
	if (exc.magic != DK_EXC_MAGIC || exc.size < DK_EXCEPTION_SIZE_VER0 ||
	    !exc.event || exc.event >= DK_EXC_COUNT || !exc.frame || !exc.regs ||
	    exc.frame >= TASK_SIZE_MAX || exc.regs >= TASK_SIZE_MAX)
		return -EINVAL;
	return 0;
}
