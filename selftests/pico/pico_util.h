/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers of the test picoprocesses: no libc, so string
 * comparison and raw host system calls are written out once here.
 */
#ifndef PICO_UTIL_H
#define PICO_UTIL_H

static inline int pico_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* A raw 64-bit host system call with up to three arguments. */
static inline long pico_raw3(long nr, long a0, long a1, long a2)
{
	long ret;

	__asm__ volatile ("syscall"
			  : "=a" (ret)
			  : "0" (nr), "D" (a0), "S" (a1), "d" (a2)
			  : "rcx", "r11", "memory");
	return ret;
}

/* The same through the i386 gate (int $0x80), arguments zero. */
static inline long pico_int80(long nr)
{
	long ret;

	__asm__ volatile ("int $0x80"
			  : "=a" (ret)
			  : "0" (nr), "b" (0L), "c" (0L), "d" (0L)
			  : "memory");
	return ret;
}

#endif /* PICO_UTIL_H */
