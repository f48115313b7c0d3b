// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Dk calls: threads.
 *
 * DkThreadCreate is two halves: the module makes the thread object and
 * its handle, then libdk issues the host clone(2) with the one flag set
 * the confinement policy allows (DK_THREAD_CLONE_FLAGS).  The new thread
 * starts in dk_thread_main, whose first Dk call attaches it to the object
 * (Documentation/design/threads.rst).
 */
#include <dk.h>

#include "calls.h"

#include "raw.h"

/* What the new thread finds at the top of its stack. */
struct dk_thread_start {
	void (*routine)(void *);
	void *arg;
	uint64_t token;
	uint64_t reserved;
};

long dk_clone_thread(unsigned long flags, struct dk_thread_start *sp)
	__attribute__((visibility("hidden")));
_Noreturn void dk_thread_main(struct dk_thread_start *st)
	__attribute__((visibility("hidden"), used));

/*
 * clone(flags, sp, NULL, NULL, 0).  The parent returns the result; the
 * child runs on sp, which points at its 16-byte aligned start block, and
 * calls dk_thread_main(sp) as the outermost frame.
 */
DK_RAW_CLONE(dk_clone_thread, dk_thread_main);

_Noreturn void dk_thread_main(struct dk_thread_start *st)
{
	void (*routine)(void *) = st->routine;
	void *arg = st->arg;

	/* Blocks here while the thread was created suspended. */
	if (dk_call_THREAD_ATTACH(st->token) < 0)
		dk_raw_exit(0);
	routine(arg);
	DkThreadExit();
}

/*
 * Allocate a thread's stack block (DK_THREAD_STACK_LEN, layout in the uapi
 * header): guard page, exception stack, guard page, stack.
 */
static long dk_stack_alloc(uint64_t len, uintptr_t *base)
{
	const uint64_t upper_guard = DK_THREAD_GUARD_SIZE + DK_THREAD_EXC_STACK_SIZE;
	void *p = 0;
	long ret;

	ret = DkVirtualMemoryAlloc(&p, len, DK_MEM_RESERVE | DK_MEM_COMMIT,
				   DK_PROT_READ | DK_PROT_WRITE);
	if (ret < 0)
		return ret;
	ret = DkVirtualMemoryProtect(p, DK_THREAD_GUARD_SIZE, DK_PROT_NONE);
	if (ret >= 0)
		ret = DkVirtualMemoryProtect((char *)p + upper_guard,
					     DK_THREAD_GUARD_SIZE, DK_PROT_NONE);
	if (ret < 0) {
		DkVirtualMemoryFree(p, len, DK_MEM_RELEASE);
		return ret;
	}
	*base = (uintptr_t)p;
	return 0;
}

long DkThreadCreate(void (*routine)(void *), void *arg, void *stack,
		    uint32_t flags)
{
	const uint64_t len = DK_THREAD_STACK_LEN;
	struct dk_thread_create_out out = { .size = sizeof(out) };
	struct dk_thread_start *st;
	uintptr_t top, base = 0;
	long h, ret;

	if (!routine || (flags & ~DK_THREAD_CREATE_SUSPENDED))
		return -EINVAL;
	if (stack) {
		top = (uintptr_t)stack & ~(uintptr_t)15;
		if (top < 4096)
			return -EINVAL;
		h = dk_call_THREAD_CREATE((const void *)routine, arg, NULL,
					  flags, 0, &out);
		if (h < 0)
			return h;
	} else {
		/* An ended thread's stack if the module has one, else a new one. */
		h = dk_call_THREAD_CREATE((const void *)routine, arg, NULL,
					  flags | DK_THREAD_OWN_STACK, len,
					  &out);
		if (h == -ENOENT) {
			ret = dk_stack_alloc(len, &base);
			if (ret < 0)
				return ret;
			h = dk_call_THREAD_CREATE((const void *)routine, arg,
						  (const void *)base,
						  flags | DK_THREAD_OWN_STACK,
						  len, &out);
			if (h < 0)
				DkVirtualMemoryFree((void *)base, len,
						    DK_MEM_RELEASE);
		}
		if (h < 0)
			return h;
		top = out.stack + len;
	}
	st = (struct dk_thread_start *)(top - sizeof(*st));
	st->routine = routine;
	st->arg = arg;
	st->token = out.token;
	st->reserved = 0;

	ret = dk_clone_thread(DK_THREAD_CLONE_FLAGS, st);
	if (ret < 0) {
		/* Ends the object; the module keeps or frees its stack. */
		dk_call_THREAD_ABORT(out.token);
		DkObjectClose(h);
		return ret;
	}
	return h;
}

_Noreturn void DkThreadExit(void)
{
	dk_call_THREAD_EXIT();
	dk_raw_exit(0);
}

long DkThreadYieldExecution(void)
{
	return dk_call_THREAD_YIELD_EXECUTION();
}

long DkThreadDelayExecution(uint64_t ns)
{
	return dk_call_THREAD_DELAY_EXECUTION(ns);
}

long DkThreadResume(long h)
{
	return dk_call_THREAD_RESUME(h);
}

long DkThreadRaiseException(long h, void *opaque)
{
	return dk_call_THREAD_RAISE_EXCEPTION(h, opaque);
}
