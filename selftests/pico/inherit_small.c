// SPDX-License-Identifier: GPL-2.0
/*
 * inherit_small: a child image with a low handle limit (its sidecar
 * inherit_small.manifest) for inherit_test.c: exits with the number of
 * handles it inherited.
 */
#include <dk.h>

int main(void)
{
	long n = DkProcessGetInherited(0, 0);

	return n < 0 ? 250 : (int)n;
}
