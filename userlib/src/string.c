// SPDX-License-Identifier: LGPL-2.1-or-later
/* String helpers for programs without a C library. */
#include <dk.h>

uint64_t dk_strlen(const char *s)
{
	uint64_t n = 0;

	while (s[n])
		n++;
	return n;
}
