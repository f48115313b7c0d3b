// SPDX-License-Identifier: GPL-2.0
/* Signal and system call names for the monitor's reports. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <seccomp.h>
#include <linux/audit.h>

#include "names.h"

#define X32_BIT		0x40000000

const char *signal_name(int sig, char *buf, size_t len)
{
	const char *abbrev = sigabbrev_np(sig);

	if (abbrev)
		snprintf(buf, len, "SIG%s", abbrev);
	else if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		snprintf(buf, len, "SIGRTMIN+%d", sig - SIGRTMIN);
	else
		snprintf(buf, len, "signal %d", sig);
	return buf;
}

const char *syscall_describe(uint32_t arch, int nr, char *buf, size_t len)
{
	uint32_t token = 0;
	const char *label = NULL;
	char *name = NULL;

	if (arch == AUDIT_ARCH_X86_64 && (nr & X32_BIT)) {
		token = SCMP_ARCH_X32;
		label = "x32";
	} else if (arch == AUDIT_ARCH_X86_64) {
		token = SCMP_ARCH_X86_64;
	} else if (arch == AUDIT_ARCH_I386) {
		token = SCMP_ARCH_X86;
		label = "i386";
	}
	if (token)
		name = seccomp_syscall_resolve_num_arch(token, nr);

	if (label)
		snprintf(buf, len, "%s (%d, %s)", name ? name : "unknown", nr, label);
	else if (token)
		snprintf(buf, len, "%s (%d)", name ? name : "unknown", nr);
	else
		snprintf(buf, len, "unknown (%d, arch 0x%x)", nr, arch);
	free(name);
	return buf;
}
