// SPDX-License-Identifier: GPL-2.0
/* A fault without a handler: the process dies with SIGSEGV, as natively. */
#include <stdio.h>

int main(int argc, char **argv)
{
	volatile int *p = (volatile int *)(long)(16 * argc);

	(void)argv;
	printf("before the fault\n");
	fflush(stdout);
	*p = 1;
	printf("not reached\n");
	return 0;
}
