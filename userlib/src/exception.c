// SPDX-License-Identifier: LGPL-2.1-or-later
/* Dk calls: exceptions. */
#include <dk.h>

long DkSetExceptionHandler(void *handler, uint32_t event)
{
	return dk_call(DK_CALL_SET_EXCEPTION_HANDLER, (uintptr_t)handler,
		       event, 0, 0, 0, 0);
}

long DkExceptionReturn(void *context)
{
	return dk_call(DK_CALL_EXCEPTION_RETURN, (uintptr_t)context,
		       0, 0, 0, 0, 0);
}
