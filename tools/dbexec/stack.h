/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The picoprocess's initial stack: a fresh 8 MiB mapping with a guard page
 * below it, holding the argument and environment strings, the argv and
 * envp arrays and the struct
 * dk_start_info that the entry point receives in %rdi; below that guard an
 * exception stack (the calling thread's alternate signal stack) and
 * another guard page.
 */
#ifndef DBX_STACK_H
#define DBX_STACK_H

#include <stddef.h>
#include <stdint.h>
#include <linux/drawbridge.h>

#define STACK_SIZE	(8UL << 20)
/* Bytes of argument strings and pointers accepted (like ARG_MAX). */
#define STACK_ARGS_MAX	(2UL << 20)
/* Most environment strings. */
#define STACK_ENV_MAX	4096

/* Strings the start information points at besides argv (may be NULL/0). */
struct stack_extra {
	int envc;
	char *const *envp;		/* envc strings */
	const char *exec_path;		/* -> dk_start_info.exec_path */
	const char *cwd;		/* -> dk_start_info.cwd */
};

struct initial_stack {
	uintptr_t sp;			/* 16-byte aligned stack pointer */
	struct dk_start_info *info;	/* on the new stack */
};

/*
 * Build the stack for @argc strings @argv and the strings of @x.  @tmpl
 * supplies every start info field except argc, argv, envc, envp,
 * exec_path and cwd, which are filled in here.  Returns 0, or -1 with a
 * reason in @err.
 */
int stack_build(int argc, char *const argv[], const struct stack_extra *x,
		const struct dk_start_info *tmpl, struct initial_stack *out,
		char *err, size_t errlen);

#endif /* DBX_STACK_H */
