// SPDX-License-Identifier: GPL-2.0
/*
 * Synchronous signals: rt_sigaction, rt_sigprocmask, sigaltstack,
 * rt_sigreturn, and the delivery of the application's own faults
 * (SIGSEGV, SIGILL, SIGFPE) to the handlers it installed.
 *
 * The libOS handles the Dk fault events (DkSetExceptionHandler).  For a
 * fault in the application with a handler installed it builds a Linux
 * x86-64 signal frame on the application's stack (or its sigaltstack):
 * return address, ucontext (uc_mcontext = the interrupted registers, the
 * FP/xsave state copied next to it, uc_sigmask), siginfo; then points the
 * interrupted context at the handler and returns from the upcall, so the
 * host resumes the thread in the handler.  The handler returns into the
 * libOS's restorer, a ud2: that illegal instruction comes back here and
 * restores the frame's context (what rt_sigreturn does; a trapped
 * rt_sigreturn system call does the same).  The libOS never uses the
 * program's sa_restorer: a real rt_sigreturn would act on the host's
 * signal state.
 *
 * Without a handler (SIG_DFL, SIG_IGN, or the signal blocked, as Linux
 * forces such faults) the libOS removes its own fault handler and lets
 * the instruction fault again, so the host ends the picoprocess with that
 * signal as it would end the native process.
 *
 * Dispositions are process-wide (lx_sig_lock); masks and the alternate
 * stack are per thread (struct lx_thread.sigmask, struct lx_mthread).
 * Asynchronous signals (kill, timers, SIGCHLD) are not delivered yet.
 */
#include "lx.h"
#include "mem.h"
#include "thread.h"

#define LX_NSIG			64
#define LX_SIGILL		4
#define LX_SIGFPE		8
#define LX_SIGKILL		9
#define LX_SIGSEGV		11
#define LX_SIGSTOP		19
#define LX_SIG_BIT(s)		(1ULL << ((s) - 1))
#define LX_SIG_UNBLOCKABLE	(LX_SIG_BIT(LX_SIGKILL) | LX_SIG_BIT(LX_SIGSTOP))

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

#define LX_UC_FP_XSTATE		0x1
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

struct lx_siginfo {
	int si_signo;
	int si_errno;
	int si_code;
	int pad;
	unsigned long si_addr;
	char rest[128 - 24];
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

static struct lx_lock lx_sig_lock = LX_LOCK_INIT;	/* lx_sig_actions */
static struct lx_sigaction lx_sig_actions[LX_NSIG];

/* The restorer every frame returns to: an illegal instruction. */
void lx_sigreturn_trampoline(void);
__asm__(
	"	.text\n"
	"	.globl	lx_sigreturn_trampoline\n"
	"	.hidden	lx_sigreturn_trampoline\n"
	"	.type	lx_sigreturn_trampoline, @function\n"
	"lx_sigreturn_trampoline:\n"
	"	ud2\n"
	"	.size	lx_sigreturn_trampoline, . - lx_sigreturn_trampoline\n");

long lx_sys_rt_sigaction(struct lx_call *c)
{
	int sig = (int)c->a[0];
	const struct lx_sigaction *act = (const void *)c->a[1];
	struct lx_sigaction *oact = (void *)c->a[2], nw, old;

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
	lx_lock(&lx_sig_lock);
	old = lx_sig_actions[sig - 1];
	if (act)
		lx_sig_actions[sig - 1] = nw;
	lx_unlock(&lx_sig_lock);
	if (oact)
		memcpy(oact, &old, sizeof(old));
	return 0;
}

static long lx_sig_pending(struct lx_call *c);

long lx_sys_rt_sigprocmask(struct lx_call *c)
{
	struct lx_thread *t = lx_self();
	const uint64_t *set = (const void *)c->a[1];
	uint64_t *oset = (void *)c->a[2], old = t->sigmask, nw;

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
	if (set) {
		t->sigmask = nw & ~LX_SIG_UNBLOCKABLE;
		return lx_sig_pending(c);
	}
	return 0;
}

/* Is @sp on the calling thread's alternate signal stack? */
static int lx_on_altstack(const struct lx_mthread *m, unsigned long sp)
{
	return m->altstack_size && sp > m->altstack_sp &&
	       sp - m->altstack_sp <= m->altstack_size;
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

/* Bytes of the FP/xsave area at @fp (the host's frame's). */
static unsigned long lx_fp_size(const void *fp)
{
	const uint32_t *sw = (const uint32_t *)((const char *)fp + 464);

	/* struct _fpx_sw_bytes at offset 464: magic1, extended_size. */
	if (sw[0] == LX_FP_XSTATE_MAGIC1 && sw[1] > 512 && sw[1] < 65536)
		return sw[1];
	return 512;
}

/*
 * Restore the context of the frame whose ucontext is at @ucp into @regs
 * (rt_sigreturn).  0, or -EFAULT if the frame is not readable.
 */
static long lx_sigreturn(struct sigcontext *regs, unsigned long ucp)
{
	const struct lx_ucontext *uc = (const void *)ucp;
	const struct sigcontext *mc = &uc->uc_mcontext;
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
	lx_self()->sigmask = uc->uc_sigmask & ~LX_SIG_UNBLOCKABLE;
	return 0;
}

/* Trapped rt_sigreturn: the frame's ucontext is at rsp (pretcode popped). */
long lx_sys_rt_sigreturn(struct lx_call *c)
{
	if (lx_sigreturn(c->regs, c->regs->rsp) < 0)
		lx_fatal("rt_sigreturn: bad frame at %#lx",
			 (unsigned long)c->regs->rsp);
	return (long)c->regs->rax;	/* the dispatcher stores it back */
}

/*
 * Build the frame for signal @sig with action @act on the application's
 * stack and point @regs at the handler.  0, or -EFAULT if the stack
 * cannot take the frame.
 */
static long lx_sig_setup(struct sigcontext *regs, int sig, int code,
			 unsigned long addr, const struct lx_sigaction *act)
{
	struct lx_thread *t = lx_self();
	struct lx_mthread *m = lx_mthread(t);
	unsigned long sp = regs->rsp, top, fp = 0, fpsize = 0;
	struct lx_sigframe *f;

	if (!m)
		return -ENOMEM;
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
	sp -= sizeof(*f);
	sp = ((sp + 8) & ~15UL) - 8;	/* as after a call: rsp + 8 aligned */
	if (!LX_USER_WR(sp, top - sp))
		return -EFAULT;

	f = (void *)sp;
	memset(f, 0, sizeof(*f));
	if (fp)
		memcpy((void *)fp, regs->fpstate, fpsize);
	f->pretcode = (unsigned long)lx_sigreturn_trampoline;
	f->uc.uc_flags = fp ? LX_UC_FP_XSTATE : 0;
	f->uc.uc_stack.sp = m->altstack_sp;
	f->uc.uc_stack.size = m->altstack_size;
	f->uc.uc_stack.flags = m->altstack_size ? m->altstack_flags :
			       LX_SS_DISABLE;
	f->uc.uc_mcontext = *regs;
	f->uc.uc_mcontext.fpstate = (void *)fp;
	f->uc.uc_sigmask = t->sigmask;
	f->info.si_signo = sig;
	f->info.si_code = code;
	f->info.si_addr = addr;

	regs->rdi = (unsigned long)sig;
	regs->rsi = (unsigned long)&f->info;
	regs->rdx = (unsigned long)&f->uc;
	regs->rax = 0;
	regs->rsp = sp;
	regs->rip = act->handler;
	regs->eflags &= ~(LX_EFLAGS_DF | LX_EFLAGS_TF | LX_EFLAGS_RF);

	t->sigmask |= act->mask;
	if (!(act->flags & LX_SA_NODEFER))
		t->sigmask |= LX_SIG_BIT(sig);
	t->sigmask &= ~LX_SIG_UNBLOCKABLE;
	if ((m->altstack_flags & (int)LX_SS_AUTODISARM) &&
	    top == m->altstack_sp + m->altstack_size) {
		m->altstack_sp = m->altstack_size = 0;
	}
	return 0;
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

static void lx_fault_entry(struct dk_exception *exc)
{
	struct sigcontext *regs = (struct sigcontext *)(uintptr_t)exc->regs;
	struct lx_sigaction act;
	int sig;

	if (exc->event == DK_EXC_ILLEGAL_INSTRUCTION &&
	    regs->rip == (unsigned long)lx_sigreturn_trampoline) {
		if (lx_sigreturn(regs, regs->rsp) < 0)
			lx_fatal("signal return: bad frame at %#lx",
				 (unsigned long)regs->rsp);
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
		goto die;
	}
	lx_lock(&lx_sig_lock);
	act = lx_sig_actions[sig - 1];
	if (act.handler > LX_SIG_IGN && (act.flags & LX_SA_RESETHAND))
		lx_sig_actions[sig - 1].handler = LX_SIG_DFL;
	lx_unlock(&lx_sig_lock);
	/* Linux forces a blocked or ignored fault signal to its default. */
	if (act.handler <= LX_SIG_IGN || (lx_self()->sigmask & LX_SIG_BIT(sig)))
		goto die;
	if (lx_sig_setup(regs, sig, exc->code, exc->addr, &act) < 0)
		goto die;
	return;

die:
	/* The host's default action: the instruction faults again. */
	DkSetExceptionHandler(NULL, exc->event);
}

/* Signals whose default action is to ignore them. */
#define LX_SIG_DFL_IGNORED	(LX_SIG_BIT(17) | LX_SIG_BIT(18) | \
				 LX_SIG_BIT(23) | LX_SIG_BIT(28))
#define LX_SI_USER		0
#define LX_SI_TKILL		(-6)

/*
 * A signal the program sends itself (kill, tkill, tgkill: raise(),
 * abort()), delivered at once on the calling thread, as Linux does for a
 * signal to oneself that is not blocked.  @c's context is the system
 * call's: the frame's saved rax is 0, the call's result.
 */
static long lx_sig_deliver(struct lx_call *c, int sig, int code)
{
	struct lx_sigaction act;

	lx_lock(&lx_sig_lock);
	act = lx_sig_actions[sig - 1];
	if (act.handler > LX_SIG_IGN && (act.flags & LX_SA_RESETHAND))
		lx_sig_actions[sig - 1].handler = LX_SIG_DFL;
	lx_unlock(&lx_sig_lock);
	if (act.handler == LX_SIG_IGN)
		return 0;
	if (act.handler == LX_SIG_DFL) {
		if (LX_SIG_DFL_IGNORED & LX_SIG_BIT(sig))
			return 0;
		/* No host signal to die of: the shell's status, 128 + N. */
		lx_exit_signaled(sig);
	}
	c->regs->rax = 0;
	/* si_pid (the caller) and si_uid (0) share si_addr's place. */
	if (lx_sig_setup(c->regs, sig, code,
			 (unsigned long)lx_sys_getpid(c), &act) < 0)
		lx_exit_group(128 + LX_SIGSEGV);
	return 0;	/* rax at the handler's entry: unused */
}

static long lx_sig_self(struct lx_call *c, int sig, int code)
{
	struct lx_mthread *m = lx_mthread(lx_self());

	if (sig < 0 || sig > LX_NSIG)
		return -EINVAL;
	if (!sig)
		return 0;	/* the existence check */
	if (lx_self()->sigmask & LX_SIG_BIT(sig)) {
		/* Pending until unblocked (rt_sigprocmask delivers it). */
		if (m) {
			m->pending |= LX_SIG_BIT(sig);
			m->pending_code[sig - 1] = code;
		}
		return 0;
	}
	return lx_sig_deliver(c, sig, code);
}

/* After a mask change: deliver the lowest pending signal now unblocked. */
static long lx_sig_pending(struct lx_call *c)
{
	struct lx_mthread *m = lx_mthread(lx_self());
	uint64_t ready;
	int sig;

	if (!m)
		return 0;
	ready = m->pending & ~lx_self()->sigmask;
	if (!ready)
		return 0;
	sig = __builtin_ctzll(ready) + 1;
	m->pending &= ~LX_SIG_BIT(sig);
	return lx_sig_deliver(c, sig, m->pending_code[sig - 1]);
}

long lx_sys_tgkill(struct lx_call *c)
{
	if (c->a[0] <= 0 || c->a[1] <= 0)
		return -EINVAL;
	if (c->a[0] != lx_sys_getpid(c) || c->a[1] != lx_self()->tid)
		return -ESRCH;	/* other threads: not yet (libos.rst) */
	return lx_sig_self(c, (int)c->a[2], LX_SI_TKILL);
}

long lx_sys_tkill(struct lx_call *c)
{
	if (c->a[0] <= 0)
		return -EINVAL;
	if (c->a[0] != lx_self()->tid)
		return -ESRCH;
	return lx_sig_self(c, (int)c->a[1], LX_SI_TKILL);
}

long lx_sys_kill(struct lx_call *c)
{
	extern long lx_sys_getpid(struct lx_call *c);
	long pid = c->a[0];

	if (pid != lx_sys_getpid(c) && pid != 0 && pid != -lx_sys_getpid(c))
		return -ESRCH;	/* other processes: not yet (libos.rst) */
	return lx_sig_self(c, (int)c->a[1], LX_SI_USER);
}

long lx_signal_init(void)
{
	static const uint32_t events[] = {
		DK_EXC_MEMORY_FAULT, DK_EXC_ILLEGAL_INSTRUCTION,
		DK_EXC_ARITHMETIC,
	};
	unsigned int i;
	long ret;

	for (i = 0; i < LX_ARRAY_SIZE(events); i++) {
		ret = DkSetExceptionHandler((void *)lx_fault_entry, events[i]);
		if (ret < 0)
			return ret;
	}
	return 0;
}
