// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's auxiliary vector for dbexec, as the kernel wrote it.
 *
 * A static glibc's getauxval(AT_HWCAP) answers glibc's own x86 hwcap
 * word (GLRO(dl_hwcap)), not the kernel's AT_HWCAP, so a library OS
 * handed that value would show its program a different auxv than a native
 * run.  /proc/self/auxv is the kernel's copy; it is read once at start-up
 * (before any sandboxing) and getauxval() is the fallback without /proc.
 */
#include <elf.h>
#include <fcntl.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "auxv.h"

#define HOST_AUXV_MAX	64

static Elf64_auxv_t host_vec[HOST_AUXV_MAX];
static int host_n = -1;		/* entries read; -1: use getauxval() */

void host_auxv_load(void)
{
	ssize_t got, total = 0;
	int fd;

	fd = open("/proc/self/auxv", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	while (total < (ssize_t)sizeof(host_vec)) {
		got = read(fd, (char *)host_vec + total, sizeof(host_vec) - total);
		if (got <= 0)
			break;
		total += got;
	}
	close(fd);
	if (total >= (ssize_t)sizeof(host_vec[0]))
		host_n = (int)(total / (ssize_t)sizeof(host_vec[0]));
}

unsigned long host_auxv(unsigned long type)
{
	int i;

	if (host_n < 0)
		return getauxval(type);
	for (i = 0; i < host_n && host_vec[i].a_type != AT_NULL; i++)
		if (host_vec[i].a_type == type)
			return host_vec[i].a_un.a_val;
	return 0;
}
