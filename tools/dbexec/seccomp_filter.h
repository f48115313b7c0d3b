/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The raw host system call allowlist of a picoprocess, as a seccomp BPF
 * program built with libseccomp.  Documentation/confinement.rst explains
 * each rule.
 */
#ifndef DBX_SECCOMP_FILTER_H
#define DBX_SECCOMP_FILTER_H

#include <stddef.h>
#include <stdio.h>
#include <linux/filter.h>

/*
 * Build the filter for a picoprocess whose context is at descriptor
 * @dk_fd.  On success fills @prog with a malloc'ed program (free with
 * filter_free) and returns 0; on failure returns -1 with a reason in @err.
 */
int filter_build(int dk_fd, struct sock_fprog *prog, char *err, size_t errlen);
void filter_free(struct sock_fprog *prog);

/* Write libseccomp's readable form of the filter for @dk_fd to @out. */
int filter_dump(int dk_fd, FILE *out, char *err, size_t errlen);

#endif /* DBX_SECCOMP_FILTER_H */
