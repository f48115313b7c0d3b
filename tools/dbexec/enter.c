// SPDX-License-Identifier: GPL-2.0
/* Install the filter and enter the picoprocess (x86-64). */
#include <sys/syscall.h>
#include <linux/seccomp.h>

#include "enter.h"

long enter_picoprocess(const struct sock_fprog *prog, uintptr_t entry,
		       uintptr_t sp, const void *info)
{
	register uintptr_t r12 __asm__("r12") = sp;
	register uintptr_t r13 __asm__("r13") = (uintptr_t)info;
	register uintptr_t r14 __asm__("r14") = entry;
	long ret;

	/*
	 * seccomp(SECCOMP_SET_MODE_FILTER, 0, prog).  On success: new
	 * stack, %rdi = start info, every other general register cleared
	 * except the jump target, and jump.  On failure fall out with the
	 * error in %rax.  The success path never returns, so only the
	 * registers syscall itself changes are clobbered on the way out.
	 */
	__asm__ volatile (
		"syscall\n\t"
		"testq	%%rax, %%rax\n\t"
		"jnz	1f\n\t"
		"movq	%%r12, %%rsp\n\t"
		"movq	%%r13, %%rdi\n\t"
		"xorl	%%eax, %%eax\n\t"
		"xorl	%%ebx, %%ebx\n\t"
		"xorl	%%ecx, %%ecx\n\t"
		"xorl	%%edx, %%edx\n\t"
		"xorl	%%esi, %%esi\n\t"
		"xorl	%%ebp, %%ebp\n\t"
		"xorl	%%r8d, %%r8d\n\t"
		"xorl	%%r9d, %%r9d\n\t"
		"xorl	%%r10d, %%r10d\n\t"
		"xorl	%%r11d, %%r11d\n\t"
		"xorl	%%r12d, %%r12d\n\t"
		"xorl	%%r13d, %%r13d\n\t"
		"xorl	%%r15d, %%r15d\n\t"
		"jmpq	*%%r14\n"
		"1:"
		: "=a" (ret)
		: "0" ((long)SYS_seccomp), "D" ((long)SECCOMP_SET_MODE_FILTER),
		  "S" (0L), "d" (prog), "r" (r12), "r" (r13), "r" (r14)
		: "rcx", "r11", "memory", "cc");
	return ret;
}
