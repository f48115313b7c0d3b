/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers of the test picoprocesses: no libc, so string
 * comparison and raw host system calls are written out once here.
 */
#ifndef PICO_UTIL_H
#define PICO_UTIL_H

#include <dk.h>

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

/*
 * Write the line "@k=@v" to @out: a negative @v as its errno name
 * (dk_strerror), the form the tests compare.
 */
static inline void pico_say(long out, const char *k, long v)
{
	char buf[32];

	dk_write_str(out, k);
	dk_write_str(out, "=");
	if (v < 0) {
		dk_write_str(out, dk_strerror(v));
	} else {
		dk_format_i64(buf, sizeof(buf), v);
		dk_write_str(out, buf);
	}
	dk_write_str(out, "\n");
}

/* Wait for the end of the child process @h; its exit code.  Closes @h. */
static inline long pico_reap(long h)
{
	int32_t hs[1] = { (int32_t)h };
	long code = DkObjectsWaitAny(1, hs, DK_TIMEOUT_INFINITE);

	if (code == 0)
		code = DkProcessExitCode(h);
	DkObjectClose(h);
	return code;
}

#endif /* PICO_UTIL_H */
