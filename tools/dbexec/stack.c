// SPDX-License-Identifier: GPL-2.0
/*
 * Initial stack construction.  Layout, from the top of the mapping down:
 *
 *   argument strings
 *   argv[0..argc-1], NULL          (8-byte aligned)
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

int stack_build(int argc, char *const argv[], const struct dk_start_info *tmpl,
		struct initial_stack *out, char *err, size_t errlen)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t guard = page > 0 ? (size_t)page : 4096;
	size_t exc = DK_THREAD_EXC_STACK_SIZE;
	size_t len = guard + exc + guard + STACK_SIZE;
	size_t strings = 0;
	stack_t ss;
	struct dk_start_info *si;
	uintptr_t top, p;
	char **uargv;
	char *str;
	void *map;
	int i;

	if (argc < 0) {
		snprintf(err, errlen, "bad argument count");
		return -1;
	}
	for (i = 0; i < argc; i++) {
		strings += strlen(argv[i]) + 1;
		if (strings + sizeof(char *) * ((size_t)i + 2) > STACK_ARGS_MAX) {
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

	/* Strings at the top, in order; the argv array just below. */
	str = (char *)(top - strings);
	p = align_down((uintptr_t)str, sizeof(char *)) -
	    sizeof(char *) * ((size_t)argc + 1);
	uargv = (char **)p;
	for (i = 0; i < argc; i++) {
		size_t len = strlen(argv[i]) + 1;

		memcpy(str, argv[i], len);
		uargv[i] = str;
		str += len;
	}
	uargv[argc] = NULL;

	p = align_down(p - sizeof(*si), 16);
	si = (struct dk_start_info *)p;
	*si = *tmpl;
	si->argc = (__u32)argc;
	si->argv = (__u64)(uintptr_t)uargv;

	out->sp = p;
	out->info = si;
	return 0;
}
