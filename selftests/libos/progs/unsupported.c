// SPDX-License-Identifier: GPL-2.0
/*
 * A system call no kernel implements (vserver, 236): ENOSYS natively and
 * under the libOS, which also reports it by name, once per number.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	int i;

	for (i = 0; i < 2; i++) {
		long r = syscall(SYS_vserver, 0, 0, 0);

		printf("vserver: %ld %s\n", r, r < 0 ? strerror(errno) : "");
	}
	return 0;
}
