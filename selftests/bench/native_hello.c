// SPDX-License-Identifier: GPL-2.0
/* Native baseline for picoprocess start-up: a static hello world. */
#include <stdio.h>

int main(int argc, char **argv)
{
	(void)argc;
	printf("Hello from a native process! %s\n", argv[0]);
	return 0;
}
