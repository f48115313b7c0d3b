/* SPDX-License-Identifier: GPL-2.0 */
/* Human-readable names of signals and trapped system calls. */
#ifndef DBX_NAMES_H
#define DBX_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* "SIGSEGV", "SIGRTMIN+3", or "signal N". */
const char *signal_name(int sig, char *buf, size_t len);

/*
 * Describe system call @nr of audit architecture @arch as the monitor
 * reports it: "getpid (39)", "getpid (20, i386)",
 * "getpid (1073741863, x32)", "unknown (N)", "unknown (N, arch 0xA)".
 */
const char *syscall_describe(uint32_t arch, int nr, char *buf, size_t len);

#endif /* DBX_NAMES_H */
