// SPDX-License-Identifier: GPL-2.0
/*
 * A static program without a C library: checks the register state and
 * the stack Linux gives a new process (%rsp 16-byte aligned at argc,
 * %rdx 0, argv and envp pointers in place), prints its arguments with
 * raw write system calls and exits with exit_group.  Needs nothing of
 * the libOS but the loader, the initial stack, write and exit_group.
 */
#include <stddef.h>

#define NR_WRITE	1
#define NR_EXIT_GROUP	231

static long sys3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile ("syscall" : "=a" (ret)
			  : "0" (nr), "D" (a), "S" (b), "d" (c)
			  : "rcx", "r11", "memory");
	return ret;
}

static size_t len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void out(const char *s)
{
	sys3(NR_WRITE, 1, (long)s, (long)len(s));
}

void lx_test_main(long *sp, long rdx) __attribute__((used, noreturn));

void lx_test_main(long *sp, long rdx)
{
	long argc = sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	long i;

	out(((unsigned long)sp & 15) ? "rsp misaligned\n" : "rsp aligned\n");
	out(rdx ? "rdx set\n" : "rdx 0\n");
	out(argv[argc] ? "argv not NULL-terminated\n" : "argv terminated\n");
	for (i = 0; i < argc; i++) {
		out("arg: ");
		out(argv[i]);
		out("\n");
	}
	for (i = 0; envp[i]; i++)
		;
	out(i < 1000 ? "envp terminated\n" : "envp too long\n");
	sys3(NR_EXIT_GROUP, argc == 3 ? 7 : 0, 0, 0);
	for (;;)
		;
}

/* The entry: hand the initial %rsp and %rdx to C, stack aligned. */
__asm__(
	"	.text\n"
	"	.globl	_start\n"
	"	.type	_start, @function\n"
	"_start:\n"
	"	movq	%rsp, %rdi\n"
	"	movq	%rdx, %rsi\n"
	"	andq	$-16, %rsp\n"
	"	call	lx_test_main\n"
	"	ud2\n"
	"	.size	_start, . - _start\n");
