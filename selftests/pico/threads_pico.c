// SPDX-License-Identifier: GPL-2.0
/*
 * Picoprocess exercising threads under confinement (threads_test.c runs
 * it through dbexec).
 *   threads_pico ok        4 threads x 1000 semaphore-protected increments,
 *                          a raised exception on a blocked thread, a
 *                          skipped memory fault; prints "counter=4000 ok"
 *   threads_pico badclone  clone(2) with CLONE_FILES added: must be killed
 *   threads_pico fault     a memory fault without a handler
 *   threads_pico overflow [thread]
 *                          a stack overflow on the first thread (or on a
 *                          Dk thread) with a memory-fault handler: prints
 *                          where the handler ran and exits with 42
 */
#include <asm/sigcontext.h>
#include "dk.h"
#include "pico_util.h"
#include "stack_overflow.h"

static long sem, out;
static long counter;
static volatile uint64_t seen_opaque;

static void worker(void *p)
{
	int32_t hs[1] = { (int32_t)sem };
	int i;

	(void)p;
	for (i = 0; i < 1000; i++) {
		if (DkObjectsWaitAny(1, hs, DK_TIMEOUT_INFINITE) != 0)
			DkProcessExit(3);
		counter++;
		DkSemaphoreRelease(sem, 1);
	}
}

static void sleeper(void *p)
{
	*(volatile long *)p = DkThreadDelayExecution(DK_TIMEOUT_INFINITE);
}

extern char pico_load_end[];
static void handler(struct dk_exception *exc)
{
	struct sigcontext *regs = (struct sigcontext *)(uintptr_t)exc->regs;

	if (exc->event == DK_EXC_RAISED)
		seen_opaque = exc->opaque;
	else
		regs->rip = (uintptr_t)pico_load_end;
}

/* Runs on the exception stack just below the guard page that was hit. */
static void overflow_handler(struct dk_exception *exc)
{
	volatile char here = 0;
	uintptr_t sp = (uintptr_t)&here;
	int below = sp < exc->addr &&
		    exc->addr < sp + DK_THREAD_EXC_STACK_SIZE + DK_THREAD_GUARD_SIZE;

	dk_write_str(out, exc->event == DK_EXC_MEMORY_FAULT ?
		     "overflow: memory fault" : "overflow: other event");
	dk_write_str(out, below ? ", handler on the exception stack\n" :
		     ", handler elsewhere\n");
	DkProcessExit(42);
}

static void overflow_main(void *p)
{
	(void)p;
	overflow_stack(0);
}

static int run_overflow(int on_thread)
{
	int32_t hs[1];
	long t;

	if (DkSetExceptionHandler(overflow_handler, DK_EXC_MEMORY_FAULT))
		return 30;
	if (!on_thread)
		return overflow_stack(0) ? 31 : 32;
	t = DkThreadCreate(overflow_main, 0, 0, 0);
	if (t < 0)
		return 33;
	hs[0] = (int32_t)t;
	DkObjectsWaitAny(1, hs, DK_TIMEOUT_INFINITE);
	return 34;
}

static int run_ok(void)
{
	volatile long slept = 1;
	int32_t hs[4];
	long t[4], s;
	char num[32];
	int i, v = 5;

	sem = DkSemaphoreCreate(1, 1);
	if (sem < 0)
		return 10;
	for (i = 0; i < 4; i++) {
		t[i] = DkThreadCreate(worker, 0, 0, 0);
		if (t[i] < 0)
			return 11;
		hs[i] = (int32_t)t[i];
	}
	for (i = 0; i < 4; i++) {
		int32_t h1[1] = { hs[i] };

		if (DkObjectsWaitAny(1, h1, DK_TIMEOUT_INFINITE) != 0)
			return 12;
	}
	if (DkSetExceptionHandler(handler, DK_EXC_RAISED) ||
	    DkSetExceptionHandler(handler, DK_EXC_MEMORY_FAULT))
		return 13;
	s = DkThreadCreate(sleeper, (void *)&slept, 0, 0);
	if (s < 0)
		return 14;
	/*
	 * A raise that lands before the sleeper is in its delay runs the
	 * handler and leaves the delay to start afterwards, forever: nothing
	 * tells when the thread has got there, so raise again until it ends.
	 * The first delay only makes one raise the usual case.
	 */
	DkThreadDelayExecution(20000000);
	hs[0] = (int32_t)s;
	for (;;) {
		long r = DkThreadRaiseException(s, (void *)0x5eed);

		if (r && r != -EAGAIN && r != -ESRCH)
			return 15;
		r = DkObjectsWaitAny(1, hs, 100000000);
		if (r == 0)
			break;
		if (r != -ETIMEDOUT)
			return 16;
	}
	if (slept != -EINTR || seen_opaque != 0x5eed)
		return 16;
	__asm__ volatile ("movl (%1), %0\npico_load_end:\n"
			  : "+r" (v) : "r" (8UL) : "memory");
	if (v != 5)
		return 17;
	dk_write_str(out, "counter=");
	dk_format_u64(num, sizeof(num), (uint64_t)counter);
	dk_write_str(out, num);
	dk_write_str(out, counter == 4000 ? " ok\n" : " bad\n");
	return counter == 4000 ? 0 : 18;
}

int main(int argc, char **argv)
{
	out = dk_std_handle(1);
	if (argc > 1 && pico_streq(argv[1], "badclone")) {
		long r;

		__asm__ volatile ("syscall" : "=a" (r)
				  : "0" (56L), "D" (DK_THREAD_CLONE_FLAGS | 0x400UL),
				    "S" (0L), "d" (0L)
				  : "rcx", "r11", "r10", "r8", "memory");
		return 20;
	}
	if (argc > 1 && pico_streq(argv[1], "overflow"))
		return run_overflow(argc > 2 && pico_streq(argv[2], "thread"));
	if (argc > 1 && pico_streq(argv[1], "fault")) {
		volatile uintptr_t bad = 16;

		return *(volatile int *)bad;
	}
	return run_ok();
}
