// SPDX-License-Identifier: GPL-2.0
/* The first program a libOS runs: stdio, argv, exit status. */
#include <stdio.h>

int main(int argc, char **argv)
{
	int i;

	printf("Hello, world!\n");
	for (i = 1; i < argc; i++)
		printf("argv[%d] = %s\n", i, argv[i]);
	return argc > 1 ? 3 : 0;
}
