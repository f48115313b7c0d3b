// SPDX-License-Identifier: GPL-2.0
/*
 * System call entry: the DK_EXC_SYSCALL handler and the dispatch table.
 *
 * The host's seccomp filter refuses every system call of the application
 * and raises SIGSYS; the module turns it into a DK_EXC_SYSCALL exception
 * whose register context has the call number in rax, the arguments in
 * rdi rsi rdx r10 r8 r9 and rip after the syscall instruction.  The
 * handler looks the number up in a table built from the five .def files,
 * stores the result in rax and returns, which resumes the application.
 *
 * A number without a handler answers -ENOSYS and is reported once
 * ("libos: unsupported system call NAME (NR)"); with LX_START_STRICT the
 * report is fatal.
 */
#include "lx.h"
#include "mem.h"
#include "proc.h"

/* The handlers, indexed by number; NULL: unsupported. */
static lx_sys_fn *const lx_sys_table[LX_NR_MAX] = {
#define LX_SYS(name) [__NR_##name] = lx_sys_##name,
#include "sys_core.def"
#include "sys_files.def"
#include "sys_mem.def"
#include "sys_thread.def"
#include "sys_misc.def"
#include "sys_proc.def"
#undef LX_SYS
};

/* Names from the kernel's <asm/unistd_64.h>, generated at build time. */
static const char *const lx_sys_names[LX_NR_MAX] = {
#include "sysnames.h"
};

/* One bit per number: already reported as unsupported. */
static unsigned long lx_reported[LX_NR_MAX / (8 * sizeof(unsigned long))];

/* Process exit status of a strict-mode unsupported call: 128 + SIGSYS. */
#define LX_STRICT_EXIT		(128 + 31)

const char *lx_syscall_name(long nr)
{
	if (nr < 0 || nr >= LX_NR_MAX)
		return NULL;
	return lx_sys_names[nr];
}

static long lx_unsupported(long nr)
{
	const char *name = lx_syscall_name(nr);
	unsigned long bit, old = 0;
	unsigned int word;

	if (nr >= 0 && nr < LX_NR_MAX) {
		word = (unsigned int)nr / (8 * sizeof(unsigned long));
		bit = 1UL << ((unsigned int)nr % (8 * sizeof(unsigned long)));
		old = __atomic_fetch_or(&lx_reported[word], bit,
					__ATOMIC_RELAXED) & bit;
	}
	if (!old)
		lx_log("unsupported system call %s (%ld)", name ? name : "?",
		       nr);
	if (lx_start_info.flags & LX_START_STRICT)
		lx_exit_group(LX_STRICT_EXIT);
	return -ENOSYS;
}

long lx_dispatch(struct lx_call *c)
{
	lx_sys_fn *fn = NULL;

	if (c->nr >= 0 && c->nr < LX_NR_MAX)
		fn = lx_sys_table[c->nr];
	if (!fn)
		return lx_unsupported(c->nr);
	if (__atomic_load_n(&lx_mem_lazy, __ATOMIC_ACQUIRE))
		lx_vfork_syscall(c);
	return fn(c);
}

static void lx_syscall_entry(struct dk_exception *exc)
{
	struct sigcontext *r = (struct sigcontext *)(uintptr_t)exc->regs;
	struct lx_call c = {
		.nr = (long)r->rax,
		.a = { (long)r->rdi, (long)r->rsi, (long)r->rdx,
		       (long)r->r10, (long)r->r8, (long)r->r9 },
		.regs = r,
	};

	if (exc->event != DK_EXC_SYSCALL)
		lx_fatal("unexpected exception %u at %#lx", exc->event,
			 (unsigned long)exc->addr);
	lx_sig_syscall_enter();
	r->rax = (unsigned long)lx_dispatch(&c);
	lx_sig_syscall_exit(&c);	/* signals; -LX_ERESTART* resolved */
}

long lx_syscall_init(void)
{
	return DkSetExceptionHandler((void *)lx_syscall_entry, DK_EXC_SYSCALL);
}
