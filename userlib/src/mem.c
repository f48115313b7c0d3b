// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * memcpy, memmove, memset and memcmp: the functions the compiler may call
 * on its own even in freestanding code.  Static library only: ordinary
 * programs get them from their C library.
 *
 * Built with -fno-builtin -fno-tree-loop-distribute-patterns so the
 * compiler cannot turn these loops back into calls to themselves.
 */
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* Ascending byte copy; correct for any overlap with dst below src. */
static void copy_up(void *dst, const void *src, size_t n)
{
	__asm__ volatile ("rep movsb"
			  : "+D" (dst), "+S" (src), "+c" (n)
			  :
			  : "memory");
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	copy_up(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* Compare addresses as integers: relational operators on pointers
	 * into different objects are undefined. */
	if ((uintptr_t)d - (uintptr_t)s >= n) {
		copy_up(dst, src, n);	/* dst below src, or no overlap */
		return dst;
	}
	while (n > 0) {
		n--;
		d[n] = s[n];
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;

	__asm__ volatile ("rep stosb"
			  : "+D" (d), "+c" (n)
			  : "a" (c)
			  : "memory");
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] != q[i])
			return p[i] < q[i] ? -1 : 1;
	}
	return 0;
}
