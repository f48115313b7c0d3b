/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Self-check of the generated seccomp program before it is installed: run
 * it on a set of system calls and require exactly the documented verdicts.
 * This makes the policy's properties (only the four rules allow, x32 and
 * i386 entry trap, argument checks are exact) independent of how a given
 * libseccomp version compiles the rules.
 */
#ifndef DBX_SECCOMP_FILTER_VERIFY_H
#define DBX_SECCOMP_FILTER_VERIFY_H

#include <stddef.h>
#include <linux/filter.h>

/* Returns 0 if @prog behaves as required for @dk_fd, else -1 and @err. */
int filter_verify(const struct sock_fprog *prog, int dk_fd, char *err,
		  size_t errlen);

#endif /* DBX_SECCOMP_FILTER_VERIFY_H */
