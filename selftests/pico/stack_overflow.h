/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Overflow the calling thread's stack: 1 KiB frames until the guard page
 * below the stack faults.  Shared by threads_pico.c (confined) and
 * exceptions_test.c (libdk in an ordinary process).
 */
#ifndef DBT_STACK_OVERFLOW_H
#define DBT_STACK_OVERFLOW_H

/* Never reached; keeps the recursion finite for the compiler. */
static volatile int overflow_limit = 1 << 30;

static __attribute__((noinline)) int overflow_stack(int depth)
{
	volatile char frame[1024];

	frame[0] = (char)depth;
	if (depth >= overflow_limit)
		return 0;
	return overflow_stack(depth + 1) + frame[0];
}

#endif /* DBT_STACK_OVERFLOW_H */
