// SPDX-License-Identifier: GPL-2.0
/*
 * Per-thread state and TLS: GS base points at the thread's struct
 * lx_thread (WRGSBASE), FS base is the application's (WRFSBASE for
 * arch_prctl(ARCH_SET_FS) and CLONE_SETTLS).  Both instructions need
 * FSGSBASE enabled by the kernel (Linux >= 5.9, AT_HWCAP2 bit 1); the
 * libOS refuses to start without it (main.c).
 */
#include "lx.h"
#include "mem.h"

#define LX_ARCH_SET_GS		0x1001
#define LX_ARCH_SET_FS		0x1002
#define LX_ARCH_GET_FS		0x1003
#define LX_ARCH_GET_GS		0x1004

/* Threads counted live; thread ids handed out. */
static int lx_live;
static int lx_next_tid = 1;

int lx_have_fsgsbase(void)
{
	return (lx_start_info.hwcap2 & LX_HWCAP2_FSGSBASE) != 0;
}

/* Set by the probe's SIGILL handler. */
static volatile int lx_probe_failed;

static void lx_probe_sigill(struct dk_exception *exc)
{
	struct sigcontext *r = (struct sigcontext *)(uintptr_t)exc->regs;

	lx_probe_failed = 1;
	r->rip += 5;		/* rdfsbase %rax: f3 48 0f ae c0 */
}

int lx_probe_fsgsbase(void)
{
	unsigned long v = 0;
	long ret;

	ret = DkSetExceptionHandler((void *)lx_probe_sigill,
				    DK_EXC_ILLEGAL_INSTRUCTION);
	if (ret < 0) {
		lx_log("FSGSBASE probe: %s", dk_strerror(ret));
		return 0;
	}
	lx_probe_failed = 0;
	__asm__ volatile (".byte 0xf3, 0x48, 0x0f, 0xae, 0xc0"
			  : "+a" (v) : : "memory");
	DkSetExceptionHandler(NULL, DK_EXC_ILLEGAL_INSTRUCTION);
	return !lx_probe_failed;
}

void lx_set_fsbase(unsigned long base)
{
	__asm__ volatile ("wrfsbase %0" : : "r" (base) : "memory");
}

unsigned long lx_get_fsbase(void)
{
	unsigned long base;

	__asm__ volatile ("rdfsbase %0" : "=r" (base));
	return base;
}

static void lx_set_gsbase(unsigned long base)
{
	__asm__ volatile ("wrgsbase %0" : : "r" (base) : "memory");
}

static unsigned long lx_get_gsbase(void)
{
	unsigned long base;

	__asm__ volatile ("rdgsbase %0" : "=r" (base));
	return base;
}

int lx_tid_alloc(void)
{
	return __atomic_fetch_add(&lx_next_tid, 1, __ATOMIC_RELAXED);
}

struct lx_thread *lx_thread_alloc(int tid)
{
	struct lx_thread *t = lx_calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->self = t;
	t->tid = tid;
	/* A thread that exists already (not the first) passes its mask on. */
	if (lx_get_gsbase())
		t->sigmask = lx_self()->sigmask;
	__atomic_fetch_add(&lx_live, 1, __ATOMIC_RELAXED);
	return t;
}

void lx_thread_start(struct lx_thread *t)
{
	lx_set_gsbase((unsigned long)t);
	lx_set_fsbase(t->fsbase);
}

int lx_thread_live(void)
{
	return __atomic_load_n(&lx_live, __ATOMIC_RELAXED);
}

int lx_thread_release(struct lx_thread *t)
{
	(void)t;
	return __atomic_sub_fetch(&lx_live, 1, __ATOMIC_ACQ_REL);
}

/*
 * arch_prctl: FS is the application's.  GS is the libOS's own, so
 * ARCH_SET_GS/ARCH_GET_GS answer EINVAL (static glibc and musl never use
 * GS on x86-64).
 */
long lx_sys_arch_prctl(struct lx_call *c)
{
	struct lx_thread *t = lx_self();

	switch (c->a[0]) {
	case LX_ARCH_SET_FS:
		t->fsbase = (unsigned long)c->a[1];
		lx_set_fsbase(t->fsbase);
		return 0;
	case LX_ARCH_GET_FS:
		if (!LX_USER_WR(c->a[1], sizeof(unsigned long)))
			return -EFAULT;
		*(unsigned long *)c->a[1] = lx_get_fsbase();
		return 0;
	default:
		return -EINVAL;
	}
}

/* rseq: not offered; glibc and musl carry on without it. */
long lx_sys_rseq(struct lx_call *c)
{
	(void)c;
	return -ENOSYS;
}

/*
 * Resume the application with a full register context.  The target
 * stack receives rip, rflags and rdi just below its rsp (a fresh stack
 * or the red zone of a context that does not run yet), popped last.
 * Offsets are those of struct sigcontext (checked below).
 */
_Static_assert(offsetof(struct sigcontext, r8) == 0, "sigcontext");
_Static_assert(offsetof(struct sigcontext, rdi) == 64, "sigcontext");
_Static_assert(offsetof(struct sigcontext, rsp) == 120, "sigcontext");
_Static_assert(offsetof(struct sigcontext, rip) == 128, "sigcontext");
_Static_assert(offsetof(struct sigcontext, eflags) == 136, "sigcontext");

__asm__(
	"	.text\n"
	"	.globl	lx_resume\n"
	"	.hidden	lx_resume\n"
	"	.type	lx_resume, @function\n"
	"lx_resume:\n"
	"	movq	120(%rdi), %rsp\n"	/* rsp */
	"	pushq	128(%rdi)\n"		/* rip */
	"	pushq	136(%rdi)\n"		/* eflags */
	"	pushq	64(%rdi)\n"		/* rdi */
	"	movq	0(%rdi), %r8\n"
	"	movq	8(%rdi), %r9\n"
	"	movq	16(%rdi), %r10\n"
	"	movq	24(%rdi), %r11\n"
	"	movq	32(%rdi), %r12\n"
	"	movq	40(%rdi), %r13\n"
	"	movq	48(%rdi), %r14\n"
	"	movq	56(%rdi), %r15\n"
	"	movq	72(%rdi), %rsi\n"
	"	movq	80(%rdi), %rbp\n"
	"	movq	88(%rdi), %rbx\n"
	"	movq	96(%rdi), %rdx\n"
	"	movq	104(%rdi), %rax\n"
	"	movq	112(%rdi), %rcx\n"
	"	popq	%rdi\n"
	"	popfq\n"
	"	ret\n"
	"	.size	lx_resume, . - lx_resume\n");
