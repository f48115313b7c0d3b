// SPDX-License-Identifier: GPL-2.0
/*
 * Signals: dispositions, masks, pending sets, delivery and the system
 * calls around them (rt_sigaction, rt_sigprocmask, rt_sigpending,
 * sigaltstack, rt_sigsuspend, pause, rt_sigtimedwait, rt_sigqueueinfo,
 * rt_tgsigqueueinfo, kill, tkill, tgkill, rt_sigreturn; alarm and the
 * ITIMER_REAL timer are in sigtimer.c).
 *
 * State.  Dispositions and the process-directed pending set are
 * process-wide; the mask (struct lx_thread.sigmask), the thread-directed
 * pending set and the alternate stack (struct lx_mthread) are per thread.
 * Each program thread has a struct lx_sthread (priv[LX_PRIV_SIGNAL]) on
 * the list lx_sig_threads: its Dk thread handle (for
 * DkThreadRaiseException), its "kick" event and its pending signals.
 *
 * Delivery happens on the target thread only, at three places:
 *  - the end of every emulated system call (lx_sig_syscall_exit): the
 *    handler's -LX_ERESTART* becomes -EINTR or a restart (rip back over
 *    the syscall instruction, rax = the number), then a frame is built on
 *    the interrupted context for each deliverable signal;
 *  - a DK_EXC_RAISED upcall that interrupted application code (a running
 *    thread another thread, the timer thread or a listener signalled):
 *    the frame is built on the upcall's registers;
 *  - a fault (SIGSEGV, SIGILL, SIGFPE) of the program, synchronously.
 * A sender (lx_sig_post, from any libOS thread) queues the signal, picks
 * the thread that takes it, sets that thread's kick event (every blocking
 * wait of the libOS also waits on it: lx_sig_wait) and raises an
 * exception on it (interrupts a running thread, and a thread blocked in a
 * host call, whose Dk call then returns -EINTR).  A raise that finds its
 * thread inside the libOS outside a system call (it is on its way back to
 * the program) cannot deliver there; it asks the timer thread to raise
 * again a moment later (lx_sig_retry).
 *
 * Frames are Linux's x86-64 rt_sigframe: a return address, struct
 * ucontext (uc_mcontext = the interrupted registers, uc_sigmask,
 * uc_stack), struct siginfo, and the FP/xsave state 64-byte aligned above
 * them, below the red zone or at the top of the alternate stack.
 * SA_RESTORER is required, as on x86-64 (without it the process gets
 * SIGSEGV), but the return address is the libOS's trampoline, a ud2 whose
 * fault upcall restores registers, FP state, mask and the alternate stack
 * from the (possibly modified) frame, as rt_sigreturn does.
 *
 * Default actions: terminate and core end the process with status
 * 128 + N (lx_sig_die); ignore, and stop/continue (no job control: also
 * ignored) do nothing.  A fault without a handler lets the host end the
 * picoprocess with the real signal.
 *
 * execve ends the other threads (lx_sig_exec_end_others) as Linux's
 * SIGKILL to the group does: each is marked doomed, which reads as a
 * pending SIGKILL to its waits (they return -EINTR), and kicked; it ends
 * itself at a point where it holds no libOS lock: the start or end of a
 * system call, or a raise upcall that interrupted the program's code.
 */
#include "lx.h"
#include "lxtime.h"
#include "mem.h"
#include "sig.h"
#include "thread.h"

static const uint32_t lx_sig_fault_events[] = {
	DK_EXC_MEMORY_FAULT, DK_EXC_ILLEGAL_INSTRUCTION, DK_EXC_ARITHMETIC,
};

/*
 * lx_sig_lock protects lx_sig_actions, lx_sig_proc_pending/info, the
 * list lx_sig_threads, lx_sig_exec_owner and every lx_sthread's pending,
 * info, waitset and handle.  Never held across a blocking call.
 */
struct lx_lock lx_sig_lock = LX_LOCK_INIT;
static struct lx_sigaction lx_sig_actions[LX_NSIG];
static uint64_t lx_sig_proc_pending;
static struct lx_siginfo lx_sig_proc_info[LX_NSIG];
struct lx_sthread *lx_sig_threads;
/* The thread whose execve is ending the others (new ones are doomed). */
static struct lx_sthread *lx_sig_exec_owner;

/*
 * Real-time signals (LX_SIGRTMIN and up) are queued: the first pending
 * one of a number is in the pending bit and its info slot, as a standard
 * signal; each further one waits in this pool (under lx_sig_lock) for
 * its turn, in the order sent (@seq).  @owner: the thread it is directed
 * to, NULL for the process.
 */
#define LX_SIGRTMIN		32
#define LX_SIG_RTQ_MAX		128

struct lx_sig_rtq {
	struct lx_sthread *owner;
	uint64_t seq;		/* 0: a free entry */
	struct lx_siginfo info;
};

static struct lx_sig_rtq lx_sig_rtq[LX_SIG_RTQ_MAX];
static uint64_t lx_sig_rtq_seq;

/* Set by a raise that could not deliver: the timer thread raises again. */
int lx_sig_retry_any;

/* The libOS image's bounds (the linker's symbols). */
extern const char __ehdr_start[] __attribute__((visibility("hidden")));
extern const char _end[] __attribute__((visibility("hidden")));

static int lx_rip_in_libos(unsigned long rip)
{
	return rip >= (unsigned long)__ehdr_start &&
	       rip < (unsigned long)_end;
}

/* The GS base: the calling thread's struct lx_thread, 0 if none yet. */
static struct lx_thread *lx_sig_gs(void)
{
	unsigned long gs;

	__asm__ volatile ("rdgsbase %0" : "=r" (gs));
	return (struct lx_thread *)gs;
}

/* The calling thread's signal record, NULL if it has none. */
static struct lx_sthread *lx_sig_cur(void)
{
	struct lx_thread *t = lx_sig_gs();

	return t ? t->priv[LX_PRIV_SIGNAL] : NULL;
}

static int lx_sig_dfl_ignored(int sig)
{
	return (LX_SIG_DFL_IGNORE & LX_SIG_BIT(sig)) != 0;
}

/* With the lock: would @sig be discarded at once (ignored)? */
static int lx_sig_ignored_locked(int sig)
{
	unsigned long h = lx_sig_actions[sig - 1].handler;

	return h == LX_SIG_IGN || (h == LX_SIG_DFL && lx_sig_dfl_ignored(sig));
}

/* With the lock: queue one more @info for @owner; 0 or -EAGAIN (full). */
static long lx_sig_rtq_add(struct lx_sthread *owner,
			   const struct lx_siginfo *info)
{
	struct lx_sig_rtq *q;

	for (q = lx_sig_rtq; q < lx_sig_rtq + LX_SIG_RTQ_MAX; q++) {
		if (!q->seq) {
			q->owner = owner;
			q->seq = ++lx_sig_rtq_seq;
			q->info = *info;
			return 0;
		}
	}
	return -EAGAIN;
}

/*
 * With the lock: move the oldest queued @sig of @owner into *@info.
 * 1 if there was one, else 0.
 */
static int lx_sig_rtq_next(struct lx_sthread *owner, int sig,
			   struct lx_siginfo *info)
{
	struct lx_sig_rtq *q, *first = NULL;

	for (q = lx_sig_rtq; q < lx_sig_rtq + LX_SIG_RTQ_MAX; q++)
		if (q->seq && q->owner == owner && q->info.si_signo == sig &&
		    (!first || q->seq < first->seq))
			first = q;
	if (!first)
		return 0;
	*info = first->info;
	first->seq = 0;
	return 1;
}

/*
 * With the lock: forget the queued signals of @owner (all owners if
 * @all) of number @sig (all numbers if 0).
 */
static void lx_sig_rtq_drop(struct lx_sthread *owner, int all, int sig)
{
	struct lx_sig_rtq *q;

	for (q = lx_sig_rtq; q < lx_sig_rtq + LX_SIG_RTQ_MAX; q++)
		if (q->seq && (all || q->owner == owner) &&
		    (!sig || q->info.si_signo == sig))
			q->seq = 0;
}

/*
 * With the lock: make @sig pending in *@pending with @info in @slots,
 * or, a real-time signal already pending, queue it for @owner.  0, or
 * -EAGAIN when the queue is full for a signal that carries a value (as
 * Linux; kill's are absorbed then).
 */
static long lx_sig_pend_locked(uint64_t *pending, struct lx_siginfo *slots,
			       struct lx_sthread *owner,
			       const struct lx_siginfo *info)
{
	int sig = info->si_signo;

	if (!(*pending & LX_SIG_BIT(sig))) {
		*pending |= LX_SIG_BIT(sig);
		slots[sig - 1] = *info;
		return 0;
	}
	if (sig < LX_SIGRTMIN || !lx_sig_rtq_add(owner, info))
		return 0;
	return info->si_code == LX_SI_USER ? 0 : -EAGAIN;
}

/* ------------------------------------------------------------------ */
/* Threads                                                              */
/* ------------------------------------------------------------------ */

static uint64_t lx_sig_ready_locked(const struct lx_sthread *s);
static void lx_sig_kick_locked(struct lx_sthread *s);

long lx_sig_thread_new(struct lx_thread *t)
{
	struct lx_sthread *s = t->priv[LX_PRIV_SIGNAL];
	long ev;

	if (s)
		return 0;
	s = lx_calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	ev = DkSynchronizationEventCreate(0);
	if (ev < 0) {
		lx_free(s);
		return ev;
	}
	s->t = t;
	s->handle = -1;
	s->kick = ev;
	lx_lock(&lx_sig_lock);
	if (lx_sig_exec_owner)		/* made by a thread execve ends */
		s->doomed = 1;
	s->next = lx_sig_threads;
	lx_sig_threads = s;
	s->linked = 1;
	lx_unlock(&lx_sig_lock);
	t->priv[LX_PRIV_SIGNAL] = s;
	return 0;
}

void lx_sig_thread_attach(struct lx_thread *t, long handle)
{
	struct lx_sthread *s = t->priv[LX_PRIV_SIGNAL];

	if (!s)
		return;
	lx_lock(&lx_sig_lock);
	if (s->linked) {
		s->handle = handle;
		/* Signals queued before the handle was known. */
		if (lx_sig_ready_locked(s))
			lx_sig_kick_locked(s);
	}
	lx_unlock(&lx_sig_lock);
}

void lx_sig_thread_detach(struct lx_thread *t)
{
	struct lx_sthread *s = t->priv[LX_PRIV_SIGNAL], **pp;

	if (!s)
		return;
	lx_lock(&lx_sig_lock);
	if (s->linked) {
		for (pp = &lx_sig_threads; *pp; pp = &(*pp)->next) {
			if (*pp == s) {
				*pp = s->next;
				break;
			}
		}
		s->linked = 0;
		s->handle = -1;
		s->pending = 0;
		lx_sig_rtq_drop(s, 0, 0);
	}
	lx_unlock(&lx_sig_lock);
}

/* ------------------------------------------------------------------ */
/* Sending                                                              */
/* ------------------------------------------------------------------ */

/* A default action ends the process: its parent's wait sees the signal. */
LX_NORETURN void lx_sig_die(int sig)
{
	lx_exit_signaled(sig);
}

/*
 * With the lock: signals @s would take now (pending and not blocked);
 * a thread an execve ends has SIGKILL.
 */
static uint64_t lx_sig_ready_locked(const struct lx_sthread *s)
{
	uint64_t mask = __atomic_load_n(&s->t->sigmask, __ATOMIC_RELAXED);
	uint64_t kill = __atomic_load_n(&s->doomed, __ATOMIC_RELAXED) ?
			LX_SIG_BIT(LX_SIGKILL) : 0;

	return ((s->pending | lx_sig_proc_pending) & (~mask | s->waitset)) |
	       kill;
}

/* With the lock: does @s take @sig now (not blocked, or waited for)? */
static int lx_sig_wants_locked(const struct lx_sthread *s, int sig)
{
	uint64_t mask = __atomic_load_n(&s->t->sigmask, __ATOMIC_RELAXED);

	return ((~mask | s->waitset) & LX_SIG_BIT(sig)) != 0;
}

/* With the lock: make @s look at its pending signals. */
static void lx_sig_kick_locked(struct lx_sthread *s)
{
	DkEventSet(s->kick);
	if (s->handle >= 0 && lx_sig_gs() != s->t)
		DkThreadRaiseException(s->handle, s);
}

static struct lx_sthread *lx_sig_find_locked(int tid)
{
	struct lx_sthread *s;

	for (s = lx_sig_threads; s; s = s->next)
		if (s->t->tid == tid)
			return s;
	return NULL;
}

/*
 * Queue @info (si_signo set) for thread @tid (0: the process) and wake
 * the thread that takes it.  0, -ESRCH (no such thread) or -EAGAIN (the
 * real-time queue is full).  A pending standard signal of the same
 * number absorbs it; real-time signals queue (lx_sig_pend_locked).
 */
long lx_sig_send(int tid, const struct lx_siginfo *info)
{
	int sig = info->si_signo;
	struct lx_sthread *s, *me, *to = NULL;
	long ret = 0;

	if (sig == LX_SIGKILL) {
		if (tid) {
			lx_lock(&lx_sig_lock);
			s = lx_sig_find_locked(tid);
			lx_unlock(&lx_sig_lock);
			if (!s)
				return -ESRCH;
		}
		lx_sig_die(LX_SIGKILL);
	}
	lx_lock(&lx_sig_lock);
	if (tid) {
		to = lx_sig_find_locked(tid);
		if (!to) {
			lx_unlock(&lx_sig_lock);
			return -ESRCH;
		}
		if (lx_sig_ignored_locked(sig) && lx_sig_wants_locked(to, sig))
			goto out;
		ret = lx_sig_pend_locked(&to->pending, to->info, to, info);
		if (!lx_sig_wants_locked(to, sig))
			to = NULL;
	} else {
		/* The caller first (kill(getpid()) runs the handler on its
		 * return, as Linux), then any thread that does not block it. */
		me = lx_sig_cur();
		if (me && me->linked && lx_sig_wants_locked(me, sig))
			to = me;
		for (s = lx_sig_threads; s && !to; s = s->next)
			if (lx_sig_wants_locked(s, sig))
				to = s;
		if (lx_sig_ignored_locked(sig) && (to || !lx_sig_threads))
			goto out;
		ret = lx_sig_pend_locked(&lx_sig_proc_pending,
					 lx_sig_proc_info, NULL, info);
	}
	if (to)
		lx_sig_kick_locked(to);
out:
	lx_unlock(&lx_sig_lock);
	return ret;
}

void lx_sig_post(int tid, int sig, int code, int sender_pid)
{
	struct lx_siginfo info;

	if (sig < 1 || sig > LX_NSIG)
		return;
	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.u.kill.pid = sender_pid;
	lx_sig_send(tid, &info);
}

/*
 * With the lock: take the lowest signal of @allowed pending for @s (its
 * own first, then the process's) into @info.  The signal, or 0.
 */
static int lx_sig_dequeue_locked(struct lx_sthread *s, uint64_t allowed,
				 struct lx_siginfo *info)
{
	uint64_t p = s->pending & allowed;
	int sig;

	if (p) {
		sig = __builtin_ctzll(p) + 1;
		*info = s->info[sig - 1];
		if (!lx_sig_rtq_next(s, sig, &s->info[sig - 1]))
			s->pending &= ~LX_SIG_BIT(sig);
		return sig;
	}
	p = lx_sig_proc_pending & allowed;
	if (!p)
		return 0;
	sig = __builtin_ctzll(p) + 1;
	*info = lx_sig_proc_info[sig - 1];
	if (!lx_sig_rtq_next(NULL, sig, &lx_sig_proc_info[sig - 1]))
		lx_sig_proc_pending &= ~LX_SIG_BIT(sig);
	return sig;
}

/* Does the calling thread have a signal to take now? */
static int lx_sig_interrupted(struct lx_sthread *s)
{
	int ret;

	lx_lock(&lx_sig_lock);
	ret = lx_sig_ready_locked(s) != 0;
	lx_unlock(&lx_sig_lock);
	return ret;
}

int lx_sig_pending_here(void)
{
	struct lx_sthread *s = lx_sig_cur();

	return s ? lx_sig_interrupted(s) : 0;
}

long lx_sig_wait(uint32_t n, const int32_t *handles, int64_t timeout_ns)
{
	struct lx_sthread *s = lx_sig_cur();
	int32_t hs[DK_WAIT_MAX];
	uint64_t deadline = 0, now;
	int64_t left = timeout_ns;
	long ret;

	if (!s || n >= DK_WAIT_MAX)
		return DkObjectsWaitAny(n, handles, timeout_ns);
	if (timeout_ns > 0)
		deadline = lx_time_mono() + (uint64_t)timeout_ns;
	if (n)
		memcpy(hs, handles, n * sizeof(*hs));
	hs[n] = (int32_t)s->kick;
	for (;;) {
		if (lx_sig_interrupted(s))
			return -EINTR;
		ret = DkObjectsWaitAny(n + 1, hs, left);
		if (ret >= 0 && ret < (long)n)
			return ret;
		if (ret != (long)n && ret != -EINTR)
			return ret;
		if (timeout_ns > 0) {
			now = lx_time_mono();
			if (now >= deadline)
				left = 0;
			else
				left = (int64_t)(deadline - now);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Frames                                                               */
/* ------------------------------------------------------------------ */

/* Is @sp on the calling thread's alternate signal stack? */
static int lx_on_altstack(const struct lx_mthread *m, unsigned long sp)
{
	return m->altstack_size && sp > m->altstack_sp &&
	       sp - m->altstack_sp <= m->altstack_size;
}

/* Bytes of the FP/xsave area at @fp (the host's frame's). */
static unsigned long lx_fp_size(const void *fp)
{
	const uint32_t *sw = (const uint32_t *)((const char *)fp + 464);

	/* struct _fpx_sw_bytes at offset 464: magic1, extended_size. */
	if (sw[0] == LX_FP_XSTATE_MAGIC1 && sw[1] > 512 && sw[1] < 65536)
		return sw[1];
	return 512;
}

/* Set the calling thread's mask (SIGKILL and SIGSTOP never blocked). */
static void lx_sig_setmask(struct lx_thread *t, uint64_t mask)
{
	__atomic_store_n(&t->sigmask, mask & ~LX_SIG_UNBLOCKABLE,
			 __ATOMIC_RELEASE);
}

/*
 * Restore the context of the frame whose ucontext is at @ucp into @regs
 * (rt_sigreturn).  0, or -EFAULT if the frame is not readable.
 */
static long lx_sigreturn(struct sigcontext *regs, unsigned long ucp)
{
	const struct lx_ucontext *uc = (const void *)ucp;
	const struct sigcontext *mc = &uc->uc_mcontext;
	struct lx_mthread *m = lx_mthread(lx_self());
	void *hfp = regs->fpstate;
	unsigned long eflags;

	if (!LX_USER_RD(uc, sizeof(*uc)))
		return -EFAULT;
	if (mc->fpstate && hfp) {
		unsigned long n = lx_fp_size(hfp);

		if (!LX_USER_RD(mc->fpstate, n))
			return -EFAULT;
		memcpy(hfp, mc->fpstate, n);
	}
	eflags = (regs->eflags & ~LX_EFLAGS_FIX) | (mc->eflags & LX_EFLAGS_FIX);
	regs->r8 = mc->r8;
	regs->r9 = mc->r9;
	regs->r10 = mc->r10;
	regs->r11 = mc->r11;
	regs->r12 = mc->r12;
	regs->r13 = mc->r13;
	regs->r14 = mc->r14;
	regs->r15 = mc->r15;
	regs->rdi = mc->rdi;
	regs->rsi = mc->rsi;
	regs->rbp = mc->rbp;
	regs->rbx = mc->rbx;
	regs->rdx = mc->rdx;
	regs->rax = mc->rax;
	regs->rcx = mc->rcx;
	regs->rsp = mc->rsp;
	regs->rip = mc->rip;
	regs->eflags = eflags;
	lx_sig_setmask(lx_self(), uc->uc_sigmask);
	/* The alternate stack as the frame says (sigaltstack rules). */
	if (m && !lx_on_altstack(m, regs->rsp)) {
		if (uc->uc_stack.flags & LX_SS_DISABLE) {
			m->altstack_sp = m->altstack_size = 0;
			m->altstack_flags = 0;
		} else if (uc->uc_stack.size >= LX_MINSIGSTKSZ) {
			m->altstack_sp = uc->uc_stack.sp;
			m->altstack_size = uc->uc_stack.size;
			m->altstack_flags = uc->uc_stack.flags &
					    (int)LX_SS_AUTODISARM;
		}
	}
	return 0;
}

/*
 * The return address of every frame: an illegal instruction the fault
 * upcall recognizes.  The program's sa_restorer cannot be used: its
 * rt_sigreturn is one of the few calls the host runs for real (libdk
 * returns from its upcalls with it), so it would act on the host's frame
 * state instead of coming to the libOS.
 */
void lx_sigreturn_trampoline(void);
__asm__(
	"	.text\n"
	"	.globl	lx_sigreturn_trampoline\n"
	"	.hidden	lx_sigreturn_trampoline\n"
	"	.type	lx_sigreturn_trampoline, @function\n"
	"lx_sigreturn_trampoline:\n"
	"	ud2\n"
	"	.size	lx_sigreturn_trampoline, . - lx_sigreturn_trampoline\n");

/* An rt_sigreturn the host refused (not run by the restorer above). */
long lx_sys_rt_sigreturn(struct lx_call *c)
{
	if (lx_sigreturn(c->regs, c->regs->rsp) < 0)
		lx_sig_die(LX_SIGSEGV);
	return (long)c->regs->rax;	/* the dispatcher stores it back */
}

/*
 * Build the frame for @info with action @act on the application's stack
 * (or alternate stack), saving @oldmask as the mask to restore, and point
 * @regs at the handler.  0, or -EFAULT if the frame cannot be built.
 */
static long lx_sig_setup(struct sigcontext *regs, const struct lx_siginfo *info,
			 const struct lx_sigaction *act, uint64_t oldmask)
{
	struct lx_thread *t = lx_self();
	struct lx_mthread *m = lx_mthread(t);
	unsigned long sp = regs->rsp, top, fp = 0, fpsize = 0;
	int sig = info->si_signo;
	struct lx_sigframe *f;

	if (!m || !(act->flags & LX_SA_RESTORER))
		return -EFAULT;
	if ((act->flags & LX_SA_ONSTACK) && m->altstack_size &&
	    !lx_on_altstack(m, sp))
		sp = m->altstack_sp + m->altstack_size;
	else
		sp -= 128;	/* the red zone */
	top = sp;
	if (regs->fpstate) {
		fpsize = lx_fp_size(regs->fpstate);
		sp = (sp - fpsize) & ~63UL;
		fp = sp;
	}
	sp = ((sp - sizeof(*f)) & ~15UL) - 8;	/* as after a call */
	if (!LX_USER_WR(sp, top - sp))
		return -EFAULT;

	f = (void *)sp;
	memset(f, 0, sizeof(*f));
	if (fp)
		memcpy((void *)fp, regs->fpstate, fpsize);
	f->pretcode = (unsigned long)lx_sigreturn_trampoline;
	f->uc.uc_flags = (fp ? LX_UC_FP_XSTATE : 0) | LX_UC_SIGCONTEXT_SS |
			 LX_UC_STRICT_RESTORE_SS;
	f->uc.uc_stack.sp = m->altstack_sp;
	f->uc.uc_stack.size = m->altstack_size;
	f->uc.uc_stack.flags = m->altstack_size ? m->altstack_flags :
			       LX_SS_DISABLE;
	f->uc.uc_mcontext = *regs;
	f->uc.uc_mcontext.fpstate = (void *)fp;
	f->uc.uc_mcontext.oldmask = oldmask;
	f->uc.uc_sigmask = oldmask;
	f->info = *info;

	regs->rdi = (unsigned long)sig;
	regs->rsi = (unsigned long)&f->info;
	regs->rdx = (unsigned long)&f->uc;
	regs->rax = 0;
	regs->rsp = sp;
	regs->rip = act->handler;
	regs->eflags &= ~(LX_EFLAGS_DF | LX_EFLAGS_TF | LX_EFLAGS_RF);

	oldmask = t->sigmask | act->mask;
	if (!(act->flags & LX_SA_NODEFER))
		oldmask |= LX_SIG_BIT(sig);
	lx_sig_setmask(t, oldmask);
	if ((m->altstack_flags & (int)LX_SS_AUTODISARM) &&
	    top == m->altstack_sp + m->altstack_size) {
		m->altstack_sp = m->altstack_size = 0;
		m->altstack_flags = 0;
	}
	return 0;
}

/* The action for @sig, taken: SA_RESETHAND resets it for the next one. */
static struct lx_sigaction lx_sig_take_action(int sig)
{
	struct lx_sigaction act;

	lx_lock(&lx_sig_lock);
	act = lx_sig_actions[sig - 1];
	if (act.handler > LX_SIG_IGN && (act.flags & LX_SA_RESETHAND)) {
		lx_sig_actions[sig - 1].handler = LX_SIG_DFL;
		lx_sig_actions[sig - 1].flags &= ~LX_SA_SIGINFO;
	}
	lx_unlock(&lx_sig_lock);
	return act;
}

/* Is @rax one of the restart codes a blocking handler returns? */
static int lx_is_restart(long rax)
{
	return rax == -LX_ERESTARTSYS || rax == -LX_ERESTARTNOINTR ||
	       rax == -LX_ERESTARTNOHAND;
}

/*
 * Deliver the calling thread's deliverable signals on @regs.  @nr >= 0:
 * @regs is the end of system call @nr (rax its result, possibly a restart
 * code).  Every frame is built on the previous one, as Linux does.
 */
static void lx_sig_deliver(struct lx_sthread *s, struct sigcontext *regs,
			   long nr)
{
	struct lx_thread *t = s->t;
	struct lx_siginfo info;
	struct lx_sigaction act;
	uint64_t oldmask;
	int sig, framed = 0;
	long rax;

	for (;;) {
		lx_lock(&lx_sig_lock);
		sig = lx_sig_dequeue_locked(s, ~t->sigmask, &info);
		lx_unlock(&lx_sig_lock);
		if (!sig)
			break;
		act = lx_sig_take_action(sig);
		if (act.handler == LX_SIG_IGN)
			continue;
		if (act.handler == LX_SIG_DFL) {
			if (lx_sig_dfl_ignored(sig))
				continue;
			lx_sig_die(sig);
		}
		rax = (long)regs->rax;
		if (nr >= 0 && lx_is_restart(rax)) {
			if (rax == -LX_ERESTARTNOINTR ||
			    (rax == -LX_ERESTARTSYS &&
			     (act.flags & LX_SA_RESTART))) {
				regs->rax = (unsigned long)nr;
				regs->rip -= 2;		/* the syscall again */
			} else {
				regs->rax = (unsigned long)-EINTR;
			}
		}
		nr = -1;
		oldmask = t->sigmask;
		if (s->has_saved) {		/* rt_sigsuspend's */
			oldmask = s->saved_mask;
			s->has_saved = 0;
		}
		if (lx_sig_setup(regs, &info, &act, oldmask) < 0)
			lx_sig_die(LX_SIGSEGV);
		framed = 1;
	}
	/* No handler ran: the call starts again, unseen by the program. */
	if (nr >= 0 && lx_is_restart((long)regs->rax)) {
		regs->rax = (unsigned long)nr;
		regs->rip -= 2;
	}
	if (!framed && s->has_saved) {
		lx_sig_setmask(t, s->saved_mask);
		s->has_saved = 0;
	}
}

void lx_sig_syscall_enter(void)
{
	struct lx_sthread *s = lx_sig_cur();

	/* A thread not made through lx_sig_thread_new (no raise for it). */
	if (!s && lx_sig_gs() && lx_sig_thread_new(lx_sig_gs()) == 0)
		s = lx_sig_cur();
	if (!s)
		return;
	if (__atomic_load_n(&s->doomed, __ATOMIC_SEQ_CST))
		lx_thread_exit(0);	/* another thread's execve */
	__atomic_add_fetch(&s->in_libos, 1, __ATOMIC_SEQ_CST);
}

void lx_sig_syscall_exit(struct lx_call *c)
{
	struct lx_sthread *s = lx_sig_cur();
	long nr = c->nr == __NR_rt_sigreturn ? -1 : c->nr;

	if (!s)
		return;
	/*
	 * Out of the libOS as far as a raise is concerned, then look: a
	 * signal queued after the look raises an upcall that finds this
	 * thread outside any call and has the timer thread raise again.
	 */
	__atomic_sub_fetch(&s->in_libos, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&s->doomed, __ATOMIC_SEQ_CST))
		lx_thread_exit(0);	/* another thread's execve */
	lx_sig_deliver(s, c->regs, nr);
}

/* DK_EXC_RAISED: a signal may be waiting for the interrupted thread. */
static void lx_raised_entry(struct dk_exception *exc)
{
	struct sigcontext *regs = (struct sigcontext *)(uintptr_t)exc->regs;
	struct lx_sthread *s = (void *)(uintptr_t)exc->opaque, *cur;

	if (!s)
		return;
	cur = lx_sig_cur();
	/* In a system call: its end delivers (a blocked wait says EINTR). */
	if (cur == s && __atomic_load_n(&s->in_libos, __ATOMIC_SEQ_CST))
		return;
	if (cur != s || lx_rip_in_libos(regs->rip)) {
		/* Starting up, or on the way back to the program: later. */
		__atomic_store_n(&s->retry, 1, __ATOMIC_SEQ_CST);
		lx_sig_retry();
		return;
	}
	/* In the program's code: no libOS lock is held. */
	if (__atomic_load_n(&s->doomed, __ATOMIC_SEQ_CST))
		lx_thread_exit(0);	/* another thread's execve */
	__atomic_add_fetch(&s->in_libos, 1, __ATOMIC_SEQ_CST);
	lx_sig_deliver(s, regs, -1);
	__atomic_sub_fetch(&s->in_libos, 1, __ATOMIC_SEQ_CST);
}

void lx_sig_retry_kicks(void)
{
	struct lx_sthread *s;

	lx_lock(&lx_sig_lock);
	for (s = lx_sig_threads; s; s = s->next) {
		if (!__atomic_exchange_n(&s->retry, 0, __ATOMIC_SEQ_CST))
			continue;
		if (lx_sig_ready_locked(s))
			lx_sig_kick_locked(s);
	}
	lx_unlock(&lx_sig_lock);
}

/* Is @rip in the application's memory (not the libOS, not the vDSO)? */
static int lx_rip_is_app(unsigned long rip)
{
	int ok;

	lx_mem_lock();
	ok = lx_vma_find(&lx_mem_vmas, rip) != NULL &&
	     lx_vma_real(lx_vma_find(&lx_mem_vmas, rip));
	lx_mem_unlock();
	return ok;
}

/* A fault of the program: its handler now, or the host's default. */
static void lx_fault_entry(struct dk_exception *exc)
{
	struct sigcontext *regs = (struct sigcontext *)(uintptr_t)exc->regs;
	struct lx_sthread *s = lx_sig_cur();
	struct lx_siginfo info;
	struct lx_sigaction act;
	int sig;

	/* A vfork child's page not fetched yet (fork.c): fetch, resume. */
	if (exc->event == DK_EXC_MEMORY_FAULT && lx_vfork_fault(exc->addr))
		return;
	if (exc->event == DK_EXC_ILLEGAL_INSTRUCTION &&
	    regs->rip == (unsigned long)lx_sigreturn_trampoline && s) {
		/* A handler returned: its frame's ucontext is at rsp. */
		__atomic_add_fetch(&s->in_libos, 1, __ATOMIC_SEQ_CST);
		if (lx_sigreturn(regs, regs->rsp) < 0)
			lx_sig_die(LX_SIGSEGV);
		__atomic_sub_fetch(&s->in_libos, 1, __ATOMIC_SEQ_CST);
		lx_sig_deliver(s, regs, -1);	/* now unblocked ones */
		return;
	}
	switch (exc->event) {
	case DK_EXC_MEMORY_FAULT:
		sig = LX_SIGSEGV;
		break;
	case DK_EXC_ILLEGAL_INSTRUCTION:
		sig = LX_SIGILL;
		break;
	case DK_EXC_ARITHMETIC:
		sig = LX_SIGFPE;
		break;
	default:
		lx_fatal("unexpected exception %u", exc->event);
	}
	if (!lx_rip_is_app(regs->rip)) {
		lx_log("fault (signal %d) outside the program at %#lx, address %#lx",
		       sig, (unsigned long)regs->rip, (unsigned long)exc->addr);
		if (lx_rip_in_libos(regs->rip))
			lx_log("libOS offset %#lx, caller %#lx",
			       (unsigned long)(regs->rip - (unsigned long)__ehdr_start),
			       *(unsigned long *)regs->rsp - (unsigned long)__ehdr_start);
		goto die;
	}
	/* Linux forces a blocked or ignored fault signal to its default. */
	if (lx_self()->sigmask & LX_SIG_BIT(sig))
		goto die;
	act = lx_sig_take_action(sig);
	if (act.handler <= LX_SIG_IGN)
		goto die;
	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = exc->code;
	info.u.addr = exc->addr;
	if (s)
		__atomic_add_fetch(&s->in_libos, 1, __ATOMIC_SEQ_CST);
	if (lx_sig_setup(regs, &info, &act, lx_self()->sigmask) < 0)
		goto die;
	if (s)
		__atomic_sub_fetch(&s->in_libos, 1, __ATOMIC_SEQ_CST);
	return;

die:
	/* The host's default action: the instruction faults again. */
	DkSetExceptionHandler(NULL, exc->event);
}

/* ------------------------------------------------------------------ */
/* System calls                                                         */
/* ------------------------------------------------------------------ */

long lx_sys_rt_sigaction(struct lx_call *c)
{
	int sig = (int)c->a[0];
	const struct lx_sigaction *act = (const void *)c->a[1];
	struct lx_sigaction *oact = (void *)c->a[2], nw, old;
	uint64_t bit;

	if (c->a[3] != sizeof(uint64_t))
		return -EINVAL;
	if (sig < 1 || sig > LX_NSIG)
		return -EINVAL;
	if (act && (sig == LX_SIGKILL || sig == LX_SIGSTOP))
		return -EINVAL;
	if (act) {
		if (!LX_USER_RD(act, sizeof(*act)))
			return -EFAULT;
		memcpy(&nw, act, sizeof(nw));
		nw.mask &= ~LX_SIG_UNBLOCKABLE;
	}
	if (oact && !LX_USER_WR(oact, sizeof(*oact)))
		return -EFAULT;
	bit = LX_SIG_BIT(sig);
	lx_lock(&lx_sig_lock);
	old = lx_sig_actions[sig - 1];
	if (act) {
		struct lx_sthread *s;

		lx_sig_actions[sig - 1] = nw;
		/* Now ignored: pending ones are discarded (POSIX). */
		if (lx_sig_ignored_locked(sig)) {
			lx_sig_proc_pending &= ~bit;
			for (s = lx_sig_threads; s; s = s->next)
				s->pending &= ~bit;
			lx_sig_rtq_drop(NULL, 1, sig);
		}
	}
	lx_unlock(&lx_sig_lock);
	if (oact)
		memcpy(oact, &old, sizeof(old));
	return 0;
}

long lx_sys_rt_sigprocmask(struct lx_call *c)
{
	struct lx_thread *t = lx_self();
	const uint64_t *set = (const void *)c->a[1];
	uint64_t *oset = (void *)c->a[2], old = t->sigmask, nw = 0;

	if (c->a[3] != sizeof(uint64_t))
		return -EINVAL;
	if (set) {
		if (!LX_USER_RD(set, sizeof(*set)))
			return -EFAULT;
		nw = *set;
		switch (c->a[0]) {
		case LX_SIG_BLOCK:
			nw = old | nw;
			break;
		case LX_SIG_UNBLOCK:
			nw = old & ~nw;
			break;
		case LX_SIG_SETMASK:
			break;
		default:
			return -EINVAL;
		}
	}
	if (oset) {
		if (!LX_USER_WR(oset, sizeof(*oset)))
			return -EFAULT;
		*oset = old;
	}
	/* Newly unblocked pending signals: delivered at the call's end. */
	if (set)
		lx_sig_setmask(t, nw);
	return 0;
}

long lx_sys_rt_sigpending(struct lx_call *c)
{
	struct lx_sthread *s = lx_sig_cur();
	uint64_t *set = (void *)c->a[0], p = 0;

	if ((unsigned long)c->a[1] > sizeof(uint64_t))
		return -EINVAL;
	if (!LX_USER_WR(set, (unsigned long)c->a[1]))
		return -EFAULT;
	lx_lock(&lx_sig_lock);
	p = lx_sig_proc_pending | (s ? s->pending : 0);
	lx_unlock(&lx_sig_lock);
	p &= lx_self()->sigmask;
	memcpy(set, &p, (unsigned long)c->a[1]);
	return 0;
}

long lx_sys_sigaltstack(struct lx_call *c)
{
	struct lx_mthread *m = lx_mthread(lx_self());
	const struct lx_stack *ss = (const void *)c->a[0];
	struct lx_stack *oss = (void *)c->a[1], nw = { 0 };
	int on;

	if (!m)
		return -ENOMEM;
	on = lx_on_altstack(m, c->regs->rsp);
	if (ss) {
		if (!LX_USER_RD(ss, sizeof(*ss)))
			return -EFAULT;
		nw = *ss;
	}
	if (oss) {
		if (!LX_USER_WR(oss, sizeof(*oss)))
			return -EFAULT;
		oss->sp = m->altstack_sp;
		oss->size = m->altstack_size;
		oss->flags = on ? LX_SS_ONSTACK :
			     m->altstack_size ? m->altstack_flags :
			     LX_SS_DISABLE;
	}
	if (!ss)
		return 0;
	if (on)
		return -EPERM;
	if (nw.flags & ~(LX_SS_DISABLE | LX_SS_ONSTACK | LX_SS_AUTODISARM))
		return -EINVAL;
	if (nw.flags & LX_SS_DISABLE) {
		m->altstack_sp = m->altstack_size = 0;
		m->altstack_flags = 0;
		return 0;
	}
	if (nw.size < LX_MINSIGSTKSZ)
		return -ENOMEM;
	m->altstack_sp = nw.sp;
	m->altstack_size = nw.size;
	m->altstack_flags = nw.flags & (int)LX_SS_AUTODISARM;
	return 0;
}

/* Sleep until a signal is delivered to the calling thread. */
static long lx_sig_sleep(void)
{
	long ret;

	do
		ret = lx_sig_wait(0, NULL, DK_TIMEOUT_INFINITE);
	while (ret != -EINTR);
	return -LX_ERESTARTNOHAND;
}

long lx_sys_pause(struct lx_call *c)
{
	(void)c;
	return lx_sig_sleep();
}

long lx_sys_rt_sigsuspend(struct lx_call *c)
{
	struct lx_thread *t = lx_self();
	struct lx_sthread *s = lx_sig_cur();
	const uint64_t *set = (const void *)c->a[0];

	if (c->a[1] != sizeof(uint64_t))
		return -EINVAL;
	if (!LX_USER_RD(set, sizeof(*set)))
		return -EFAULT;
	if (!s)
		return -ENOMEM;
	/* The handler's frame saves the old mask; sigreturn restores it. */
	s->saved_mask = t->sigmask;
	s->has_saved = 1;
	lx_sig_setmask(t, *set);
	return lx_sig_sleep();
}

long lx_sys_rt_sigtimedwait(struct lx_call *c)
{
	struct lx_sthread *s = lx_sig_cur();
	const uint64_t *uset = (const void *)c->a[0];
	struct lx_siginfo *uinfo = (void *)c->a[1], info;
	int64_t timeout = DK_TIMEOUT_INFINITE;
	uint64_t set, ns;
	long ret;
	int sig;

	if (c->a[3] != sizeof(uint64_t))
		return -EINVAL;
	if (!LX_USER_RD(uset, sizeof(*uset)))
		return -EFAULT;
	if (uinfo && !LX_USER_WR(uinfo, sizeof(*uinfo)))
		return -EFAULT;
	if (c->a[2]) {
		ret = lx_time_get_ts((const void *)c->a[2], &ns);
		if (ret < 0)
			return ret;
		timeout = ns > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)ns;
	}
	if (!s)
		return -ENOMEM;
	set = *uset & ~LX_SIG_UNBLOCKABLE;
	lx_lock(&lx_sig_lock);
	s->waitset = set;
	lx_unlock(&lx_sig_lock);
	for (;;) {
		lx_lock(&lx_sig_lock);
		sig = lx_sig_dequeue_locked(s, set, &info);
		/* Another signal the thread takes now: EINTR. */
		ret = (lx_sig_ready_locked(s) & ~set) != 0;
		if (sig || ret || !timeout)
			s->waitset = 0;
		lx_unlock(&lx_sig_lock);
		if (sig)
			break;
		if (ret)
			return -EINTR;
		if (!timeout)
			return -EAGAIN;
		ret = lx_sig_wait(0, NULL, timeout);
		if (ret == -ETIMEDOUT) {
			timeout = 0;	/* one more look, then EAGAIN */
		} else if (ret < 0 && ret != -EINTR) {
			lx_lock(&lx_sig_lock);
			s->waitset = 0;
			lx_unlock(&lx_sig_lock);
			return ret;
		}
	}
	if (uinfo)
		memcpy(uinfo, &info, sizeof(info));
	return sig;
}

/* The existence check and signal number rules of kill and friends. */
static int lx_sig_valid(long sig)
{
	return sig >= 0 && sig <= LX_NSIG;
}

static long lx_sig_kill_info(int tid, long sig, int code, int pid)
{
	struct lx_siginfo info;

	memset(&info, 0, sizeof(info));
	info.si_signo = (int)sig;
	info.si_code = code;
	info.u.kill.pid = pid;
	if (!sig) {
		if (tid) {
			lx_lock(&lx_sig_lock);
			sig = lx_sig_find_locked(tid) ? 0 : -ESRCH;
			lx_unlock(&lx_sig_lock);
		}
		return sig;
	}
	return lx_sig_send(tid, &info);
}

long lx_sys_kill(struct lx_call *c)
{
	long pid = c->a[0], sig = c->a[1], self = lx_sys_getpid(c);
	long pgrp = lx_sys_getpgrp(c), ret;

	if (!lx_sig_valid(sig))
		return -EINVAL;
	if (pid == self)
		return lx_sig_kill_info(0, sig, LX_SI_USER, (int)self);
	/* proc.c's: other processes, groups (this one too if in it), -1. */
	if (lx_proc_signal)
		return lx_proc_signal((int)pid, (int)sig);
	ret = -ESRCH;
	if (pid == 0 || pid == -pgrp)
		ret = lx_sig_kill_info(0, sig, LX_SI_USER, (int)self);
	return ret;
}

long lx_sys_tgkill(struct lx_call *c)
{
	if (c->a[0] <= 0 || c->a[1] <= 0 || !lx_sig_valid(c->a[2]))
		return -EINVAL;
	if (c->a[0] != lx_sys_getpid(c))
		return -ESRCH;	/* threads of other processes: libos.rst */
	return lx_sig_kill_info((int)c->a[1], c->a[2], LX_SI_TKILL,
				(int)lx_sys_getpid(c));
}

long lx_sys_tkill(struct lx_call *c)
{
	if (c->a[0] <= 0 || !lx_sig_valid(c->a[1]))
		return -EINVAL;
	return lx_sig_kill_info((int)c->a[0], c->a[1], LX_SI_TKILL,
				(int)lx_sys_getpid(c));
}

/* rt_sigqueueinfo and rt_tgsigqueueinfo to this process. */
static long lx_sig_queue(long tgid, int tid, long sig, const void *uinfo,
			 struct lx_call *c)
{
	struct lx_siginfo info;

	if (!lx_sig_valid(sig))
		return -EINVAL;
	if (!LX_USER_RD(uinfo, sizeof(info)))
		return -EFAULT;
	if (tgid != lx_sys_getpid(c))
		return -ESRCH;	/* other processes: libos.rst */
	memcpy(&info, uinfo, sizeof(info));
	info.si_signo = (int)sig;
	if (!sig)
		return lx_sig_kill_info(tid, 0, 0, 0);
	return lx_sig_send(tid, &info);
}

long lx_sys_rt_sigqueueinfo(struct lx_call *c)
{
	return lx_sig_queue(c->a[0], 0, c->a[1], (const void *)c->a[2], c);
}

long lx_sys_rt_tgsigqueueinfo(struct lx_call *c)
{
	if (c->a[0] <= 0 || c->a[1] <= 0)
		return -EINVAL;
	return lx_sig_queue(c->a[0], (int)c->a[1], c->a[2],
			    (const void *)c->a[3], c);
}

/* ------------------------------------------------------------------ */
/* Process state for exec and fork (proc.c)                             */
/* ------------------------------------------------------------------ */

void lx_sig_exec_reset(void)
{
	struct lx_thread *t = lx_sig_gs();
	struct lx_mthread *m = t ? lx_mthread(t) : NULL;
	int i;

	if (m) {		/* the new image has no alternate stack */
		m->altstack_sp = m->altstack_size = 0;
		m->altstack_flags = 0;
	}

	lx_lock(&lx_sig_lock);
	for (i = 0; i < LX_NSIG; i++) {
		if (lx_sig_actions[i].handler > LX_SIG_IGN) {
			memset(&lx_sig_actions[i], 0, sizeof(lx_sig_actions[i]));
		}
	}
	lx_unlock(&lx_sig_lock);
}

/*
 * How long execve waits for the other threads to end: they end at their
 * next system call boundary or raise upcall, which takes a few raises
 * when a raise finds a thread on its way back to the program.
 */
#define LX_EXEC_END_NS		(10ULL * 1000000000ULL)
#define LX_EXEC_POLL_NS		1000000ULL	/* look every 1 ms */
#define LX_EXEC_KICK_EVERY	10		/* raise again every 10 looks */

/*
 * With the lock: the threads but @me still on the list; doom and raise
 * them if @kick.
 */
static int lx_sig_others_locked(struct lx_sthread *me, int kick)
{
	struct lx_sthread *s;
	int n = 0;

	for (s = lx_sig_threads; s; s = s->next) {
		if (s == me)
			continue;
		if (kick) {
			__atomic_store_n(&s->doomed, 1, __ATOMIC_SEQ_CST);
			lx_sig_kick_locked(s);
		}
		n++;
	}
	return n;
}

long lx_sig_exec_end_others(void)
{
	struct lx_sthread *me = lx_sig_cur();
	uint64_t deadline;
	int n, i;

	lx_lock(&lx_sig_lock);
	if ((me && __atomic_load_n(&me->doomed, __ATOMIC_SEQ_CST)) ||
	    (lx_sig_exec_owner && lx_sig_exec_owner != me)) {
		/* Another thread's execve won: this one ends at the exit. */
		lx_unlock(&lx_sig_lock);
		return -LX_ERESTARTNOINTR;
	}
	lx_sig_exec_owner = me;
	n = lx_sig_others_locked(me, 1);
	lx_unlock(&lx_sig_lock);

	/* Gone: off the list (lx_thread_exit) and reaped (host thread). */
	deadline = lx_time_mono() + LX_EXEC_END_NS;
	for (i = 1; n || lx_thread_hosts() > 1; i++) {
		if (lx_time_mono() >= deadline) {
			lx_log("execve: %d other thread(s) did not end", n);
			break;
		}
		DkThreadDelayExecution(LX_EXEC_POLL_NS);
		lx_lock(&lx_sig_lock);
		n = lx_sig_others_locked(me, i % LX_EXEC_KICK_EVERY == 0);
		lx_unlock(&lx_sig_lock);
	}

	lx_lock(&lx_sig_lock);
	lx_sig_exec_owner = NULL;
	lx_unlock(&lx_sig_lock);
	return 0;
}

/* What a fork child inherits: dispositions, mask, alternate stack. */
struct lx_sig_fork {
	struct lx_sigaction actions[LX_NSIG];
	uint64_t mask;
	unsigned long altstack_sp, altstack_size;
	int altstack_flags;
};

unsigned long lx_sig_fork_size(void)
{
	return sizeof(struct lx_sig_fork);
}

void lx_sig_fork_save(void *buf, unsigned long size)
{
	struct lx_mthread *m = lx_mthread(lx_self());
	struct lx_sig_fork f;

	memset(&f, 0, sizeof(f));
	lx_sig_get_actions(f.actions);
	f.mask = lx_self()->sigmask;
	if (m) {
		f.altstack_sp = m->altstack_sp;
		f.altstack_size = m->altstack_size;
		f.altstack_flags = m->altstack_flags;
	}
	memcpy(buf, &f, size < sizeof(f) ? size : sizeof(f));
}

void lx_sig_fork_restore(const void *buf, unsigned long size)
{
	struct lx_thread *t = lx_sig_gs();
	struct lx_mthread *m;
	struct lx_sig_fork f;

	if (size < sizeof(f))
		return;
	memcpy(&f, buf, sizeof(f));
	lx_sig_set_actions(f.actions);
	if (!t)
		return;
	lx_sig_setmask(t, f.mask);
	m = lx_mthread(t);
	if (m) {
		m->altstack_sp = f.altstack_sp;
		m->altstack_size = f.altstack_size;
		m->altstack_flags = f.altstack_flags;
	}
}

void lx_sig_get_actions(struct lx_sigaction out[LX_NSIG])
{
	lx_lock(&lx_sig_lock);
	memcpy(out, lx_sig_actions, sizeof(lx_sig_actions));
	lx_unlock(&lx_sig_lock);
}

void lx_sig_set_actions(const struct lx_sigaction in[LX_NSIG])
{
	lx_lock(&lx_sig_lock);
	memcpy(lx_sig_actions, in, sizeof(lx_sig_actions));
	lx_unlock(&lx_sig_lock);
}

long lx_signal_init(void)
{
	unsigned int i;
	long ret;

	for (i = 0; i < LX_ARRAY_SIZE(lx_sig_fault_events); i++) {
		ret = DkSetExceptionHandler((void *)lx_fault_entry,
					    lx_sig_fault_events[i]);
		if (ret < 0)
			return ret;
	}
	ret = lx_sig_timer_init();
	if (ret < 0)
		return ret;
	ret = lx_sighost_init();
	if (ret < 0)
		return ret;
	return DkSetExceptionHandler((void *)lx_raised_entry, DK_EXC_RAISED);
}
