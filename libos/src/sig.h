/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interface of the signal files (signal.c, sigtimer.c): Linux's
 * x86-64 signal structures, the per-thread signal record and the timer
 * thread.  Other concerns use lx.h's lx_sig_* calls only.
 */
#ifndef LX_SIG_H
#define LX_SIG_H

#include "lx.h"

#define LX_NSIG			64
#define LX_SIGILL		4
#define LX_SIGFPE		8
#define LX_SIGKILL		9
#define LX_SIGSEGV		11
#define LX_SIGALRM		14
#define LX_SIGSTOP		19
#define LX_SIG_BIT(s)		(1ULL << ((s) - 1))
#define LX_SIG_UNBLOCKABLE	(LX_SIG_BIT(LX_SIGKILL) | LX_SIG_BIT(LX_SIGSTOP))
/*
 * Default action "ignore": SIGCHLD SIGCONT SIGURG SIGWINCH, and the stop
 * signals SIGSTOP SIGTSTP SIGTTIN SIGTTOU (no job control: libos.rst).
 */
#define LX_SIG_DFL_IGNORE	(LX_SIG_BIT(17) | LX_SIG_BIT(18) | \
				 LX_SIG_BIT(19) | LX_SIG_BIT(20) | \
				 LX_SIG_BIT(21) | LX_SIG_BIT(22) | \
				 LX_SIG_BIT(23) | LX_SIG_BIT(28))

#define LX_SIG_DFL		0UL
#define LX_SIG_IGN		1UL

#define LX_SA_SIGINFO		0x00000004UL
#define LX_SA_RESTORER		0x04000000UL
#define LX_SA_ONSTACK		0x08000000UL
#define LX_SA_RESTART		0x10000000UL
#define LX_SA_NODEFER		0x40000000UL
#define LX_SA_RESETHAND		0x80000000UL

#define LX_SIG_BLOCK		0
#define LX_SIG_UNBLOCK		1
#define LX_SIG_SETMASK		2

#define LX_SS_ONSTACK		1
#define LX_SS_DISABLE		2
#define LX_SS_AUTODISARM	(1U << 31)
#define LX_MINSIGSTKSZ		2048

#define LX_SI_USER		0
#define LX_SI_KERNEL		0x80
#define LX_SI_TKILL		(-6)

#define LX_UC_FP_XSTATE		0x1
#define LX_UC_SIGCONTEXT_SS	0x2
#define LX_UC_STRICT_RESTORE_SS	0x4
#define LX_FP_XSTATE_MAGIC1	0x46505853U
#define LX_EFLAGS_FIX		0x50dd5UL	/* AC OF DF TF SF ZF AF PF CF RF */
#define LX_EFLAGS_DF		0x400UL
#define LX_EFLAGS_TF		0x100UL
#define LX_EFLAGS_RF		0x10000UL

/* The kernel's struct sigaction of x86-64 (rt_sigaction's argument). */
struct lx_sigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	uint64_t mask;
};

struct lx_stack {
	unsigned long sp;
	int flags;
	unsigned long size;
};

struct lx_ucontext {
	unsigned long uc_flags;
	unsigned long uc_link;
	struct lx_stack uc_stack;
	struct sigcontext uc_mcontext;
	uint64_t uc_sigmask;
};

/* Linux's siginfo_t of x86-64: 128 bytes, the union at offset 16. */
struct lx_siginfo {
	int si_signo;
	int si_errno;
	int si_code;
	int pad;
	union {
		struct {
			int pid;	/* si_pid */
			unsigned int uid;
			unsigned long value;	/* si_value, si_status */
		} kill;
		unsigned long addr;	/* si_addr */
		char rest[128 - 16];
	} u;
};

/* Linux's struct rt_sigframe; the FP state follows, 64-byte aligned. */
struct lx_sigframe {
	unsigned long pretcode;
	struct lx_ucontext uc;
	struct lx_siginfo info;
};

_Static_assert(sizeof(struct lx_siginfo) == 128, "siginfo");
_Static_assert(offsetof(struct lx_ucontext, uc_mcontext) == 40, "ucontext");
_Static_assert(offsetof(struct lx_ucontext, uc_sigmask) == 296, "ucontext");
_Static_assert(sizeof(struct sigcontext) == 256, "sigcontext");

/*
 * One program thread's signal record (struct lx_thread.priv
 * [LX_PRIV_SIGNAL]).  @pending, @info, @waitset, @handle, @next and
 * @linked are under lx_sig_lock; the rest belongs to the thread itself
 * (@retry: atomic, also set by its raise upcall; @doomed: set once under
 * lx_sig_lock by another thread's execve, read atomically).
 */
struct lx_sthread {
	struct lx_sthread *next;	/* lx_sig_threads */
	struct lx_thread *t;
	long handle;		/* Dk thread handle (the spawner's), -1 */
	long kick;		/* synchronization event: look at signals */
	int linked;		/* on lx_sig_threads (not ended) */
	int in_libos;		/* depth of libOS upcalls (system calls) */
	int retry;		/* a raise found it busy: raise again */
	int doomed;		/* another thread's execve ends this one */
	int has_saved;		/* rt_sigsuspend: restore saved_mask */
	uint64_t saved_mask;
	uint64_t waitset;	/* rt_sigtimedwait: blocked ones it takes */
	uint64_t pending;	/* thread-directed */
	struct lx_siginfo info[LX_NSIG];
};

extern struct lx_lock lx_sig_lock;
extern struct lx_sthread *lx_sig_threads;
extern int lx_sig_retry_any;

/* Queue @info (si_signo set) for thread @tid, 0: the process. */
long lx_sig_send(int tid, const struct lx_siginfo *info);
/* Raise again every thread whose raise found it busy (timer thread). */
void lx_sig_retry_kicks(void);
/* sigtimer.c: have the timer thread call lx_sig_retry_kicks soon. */
void lx_sig_retry(void);
/* sighost.c: start the listener of dbexec's signal pipe, if any. */
long lx_sighost_init(void);
/* sigtimer.c: the timer thread's event (lx_signal_init). */
long lx_sig_timer_init(void);

/* For proc.c: exec resets handled signals; fork copies the actions. */
void lx_sig_get_actions(struct lx_sigaction out[LX_NSIG]);
void lx_sig_set_actions(const struct lx_sigaction in[LX_NSIG]);

#endif /* LX_SIG_H */
