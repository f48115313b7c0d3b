// SPDX-License-Identifier: LGPL-2.1-or-later
/* Dk calls: processes. */
#include <dk.h>

#include "raw.h"

long DkProcessCreate(const char *uri, const char *const *args)
{
	return dk_call(DK_CALL_PROCESS_CREATE, (uintptr_t)uri,
		       (uintptr_t)args, 0, 0, 0, 0);
}

_Noreturn void DkProcessExit(int code)
{
	dk_call(DK_CALL_PROCESS_EXIT, (uint64_t)(int64_t)code, 0, 0, 0, 0, 0);
	/* Should the call return, end the process with the host exit_group. */
	dk_raw_exit_group(code);
}
