/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libdk internal: the two host system calls other than ioctl that the
 * confinement policy allows a picoprocess, issued without a C library.
 */
#ifndef DK_RAW_H
#define DK_RAW_H

#include <dk.h>

static inline _Noreturn void dk_raw_exit_loop(long nr, long code)
{
	for (;;) {
		long ret;

		__asm__ volatile ("syscall"
				  : "=a" (ret)
				  : "0" (nr), "D" (code)
				  : "rcx", "r11", "memory");
		(void)ret;
	}
}

/* exit(2): end the calling thread. */
static inline _Noreturn void dk_raw_exit(int code)
{
	dk_raw_exit_loop(DK_SYS_EXIT, code);
}

/* exit_group(2): end the whole process. */
static inline _Noreturn void dk_raw_exit_group(int code)
{
	dk_raw_exit_loop(DK_SYS_EXIT_GROUP, code);
}

/*
 * DK_RAW_CLONE(name, entry) defines
 *	long name(unsigned long flags, void *sp)
 * issuing clone(flags, sp, NULL, NULL, 0).  The parent returns the result;
 * the child runs on @sp and calls entry(sp) as its outermost frame (entry
 * never returns).  Declare both with hidden visibility, and @entry as used.
 */
#define DK_RAW_CLONE(name, entry)					\
	__asm__("	.text\n"						\
		"	.globl	" #name "\n"					\
		"	.hidden	" #name "\n"					\
		"	.type	" #name ", @function\n"			\
		#name ":\n"						\
		"	movl	$56, %eax\n"					\
		"	xorl	%edx, %edx\n"					\
		"	xorl	%r10d, %r10d\n"				\
		"	xorl	%r8d, %r8d\n"					\
		"	syscall\n"						\
		"	testq	%rax, %rax\n"					\
		"	jz	1f\n"						\
		"	ret\n"							\
		"1:	xorl	%ebp, %ebp\n"					\
		"	movq	%rsp, %rdi\n"					\
		"	call	" #entry "\n"					\
		"	ud2\n"							\
		"	.size	" #name ", . - " #name "\n")

#endif /* DK_RAW_H */
