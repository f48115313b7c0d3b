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

#endif /* DK_RAW_H */
