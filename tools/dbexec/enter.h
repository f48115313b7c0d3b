/* SPDX-License-Identifier: GPL-2.0 */
/* The last step of the launcher: confine and jump into the image. */
#ifndef DBX_ENTER_H
#define DBX_ENTER_H

#include <stdint.h>
#include <linux/filter.h>

/*
 * Install the seccomp program @prog with the raw seccomp(2) system call
 * and, if that worked, switch to stack @sp and jump to @entry with %rdi =
 * @info.  Both happen in one asm block, so no C library code runs once
 * the filter is in force.  Returns (a negative errno) only if seccomp(2)
 * failed; the caller is then still unconfined.
 */
long enter_picoprocess(const struct sock_fprog *prog, uintptr_t entry,
		       uintptr_t sp, const void *info);

#endif /* DBX_ENTER_H */
