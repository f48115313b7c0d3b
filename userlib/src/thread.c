// SPDX-License-Identifier: LGPL-2.1-or-later
/* Dk calls: threads. */
#include <dk.h>

#include "raw.h"

long DkThreadCreate(void (*routine)(void *), void *arg, void *stack,
		    uint32_t flags)
{
	return dk_call(DK_CALL_THREAD_CREATE, (uintptr_t)routine,
		       (uintptr_t)arg, (uintptr_t)stack, flags, 0, 0);
}

_Noreturn void DkThreadExit(void)
{
	dk_call(DK_CALL_THREAD_EXIT, 0, 0, 0, 0, 0, 0);
	/* Should the call return, end the thread with the host exit. */
	dk_raw_exit(0);
}

long DkThreadYieldExecution(void)
{
	return dk_call(DK_CALL_THREAD_YIELD_EXECUTION, 0, 0, 0, 0, 0, 0);
}

long DkThreadDelayExecution(uint64_t ns)
{
	return dk_call(DK_CALL_THREAD_DELAY_EXECUTION, ns, 0, 0, 0, 0, 0);
}

long DkThreadResume(long h)
{
	return dk_call(DK_CALL_THREAD_RESUME, (uint64_t)h, 0, 0, 0, 0, 0);
}

long DkThreadRaiseException(long h, void *opaque)
{
	return dk_call(DK_CALL_THREAD_RAISE_EXCEPTION, (uint64_t)h,
		       (uintptr_t)opaque, 0, 0, 0, 0);
}
