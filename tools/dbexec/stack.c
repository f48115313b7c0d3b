// SPDX-License-Identifier: GPL-2.0
/*
 * Initial stack construction.  Layout, from the top of the mapping down:
 *
 *   argument strings, environment strings, exec path, cwd
 *   argv[0..argc-1], NULL          (8-byte aligned)
 *   envp[0..envc-1], NULL
 *   struct dk_start_info           (16-byte aligned)
 *   <- sp (16-byte aligned; the entry point's frame starts here)
 *   ... 8 MiB in all ...
 *   guard page (PROT_NONE)
 *   exception stack (DK_THREAD_EXC_STACK_SIZE), the alternate signal stack
 *   guard page (PROT_NONE)
 *
 * The same order as a Dk thread's stack block (uapi header), so exception
 * upcalls of the first thread, a stack overflow's included, run on an
 * exception stack too.  sigaltstack(2) is called here, before
 * confinement: a confined picoprocess cannot.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "stack.h"

static uintptr_t align_down(uintptr_t v, uintptr_t a)
{
	return v & ~(a - 1);
}

/* Copy @s to *@str, advancing it; returns the copy. */
static char *put_str(char **str, const char *s)
{
	size_t len = strlen(s) + 1;
	char *copy = *str;

	memcpy(copy, s, len);
	*str += len;
	return copy;
}

int stack_build(int argc, char *const argv[], const struct stack_extra *x,
		const struct dk_start_info *tmpl, struct initial_stack *out,
		char *err, size_t errlen)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t guard = page > 0 ? (size_t)page : 4096;
	size_t exc = DK_THREAD_EXC_STACK_SIZE;
	size_t len = guard + exc + guard + STACK_SIZE;
	size_t strings = 0;
	stack_t ss;
	struct dk_start_info *si;
	uintptr_t top, p;
	size_t ptrs = (size_t)argc + 1 + (size_t)x->envc + 1;
	char **uargv, **uenvp;
	char *str, *exec_path = NULL, *cwd = NULL;
	void *map;
	int i;

	if (argc < 0 || x->envc < 0 || x->envc > STACK_ENV_MAX) {
		snprintf(err, errlen, "bad argument count");
		return -1;
	}
	for (i = 0; i < argc + x->envc + 2; i++) {
		const char *s = i < argc ? argv[i] :
				i < argc + x->envc ? x->envp[i - argc] :
				i == argc + x->envc ? x->exec_path : x->cwd;

		if (s)
			strings += strlen(s) + 1;
		if (strings + sizeof(char *) * ptrs > STACK_ARGS_MAX) {
			snprintf(err, errlen, "argument list too long (more than %lu bytes)",
				 STACK_ARGS_MAX);
			return -1;
		}
	}

	map = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (map == MAP_FAILED) {
		snprintf(err, errlen, "cannot map the stack: %s", strerror(errno));
		return -1;
	}
	if (mprotect(map, guard, PROT_NONE) < 0 ||
	    mprotect((char *)map + guard + exc, guard, PROT_NONE) < 0) {
		snprintf(err, errlen, "cannot set the stack guard pages: %s",
			 strerror(errno));
		munmap(map, len);
		return -1;
	}
	ss.ss_sp = (char *)map + guard;
	ss.ss_size = exc;
	ss.ss_flags = 0;
	if (sigaltstack(&ss, NULL) < 0) {
		snprintf(err, errlen, "cannot set the exception stack: %s",
			 strerror(errno));
		munmap(map, len);
		return -1;
	}
	top = (uintptr_t)map + len;

	/* Strings at the top, in order; the argv and envp arrays below. */
	str = (char *)(top - strings);
	p = align_down((uintptr_t)str, sizeof(char *)) - sizeof(char *) * ptrs;
	uargv = (char **)p;
	uenvp = uargv + argc + 1;
	for (i = 0; i < argc; i++)
		uargv[i] = put_str(&str, argv[i]);
	uargv[argc] = NULL;
	for (i = 0; i < x->envc; i++)
		uenvp[i] = put_str(&str, x->envp[i]);
	uenvp[x->envc] = NULL;
	if (x->exec_path)
		exec_path = put_str(&str, x->exec_path);
	if (x->cwd)
		cwd = put_str(&str, x->cwd);

	p = align_down(p - sizeof(*si), 16);
	si = (struct dk_start_info *)p;
	*si = *tmpl;
	si->argc = (__u32)argc;
	si->argv = (__u64)(uintptr_t)uargv;
	si->envc = (__u32)x->envc;
	si->envp = (__u64)(uintptr_t)uenvp;
	si->exec_path = (__u64)(uintptr_t)exec_path;
	si->cwd = (__u64)(uintptr_t)cwd;

	out->sp = p;
	out->info = si;
	return 0;
}
