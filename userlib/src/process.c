// SPDX-License-Identifier: LGPL-2.1-or-later
/* Dk calls: processes. */
#include <dk.h>

#include "calls.h"

#include "raw.h"

long DkProcessCreate(const char *uri, const char *const *args,
		     const long *handles, unsigned int count)
{
	return dk_call_PROCESS_CREATE(uri, args, handles, count);
}

long DkProcessGetInherited(long *handles, unsigned int max)
{
	return dk_call_PROCESS_GET_INHERITED(handles, max);
}

long DkProcessExitCode(long h)
{
	struct dk_stream_attr attr;
	long ret = DkStreamAttributesQueryByHandle(h, &attr);

	if (ret < 0)
		return ret;
	if (attr.type != DK_STREAM_TYPE_PROCESS)
		return -EBADFD;
	if (!(attr.flags & DK_ATTR_EXITED))
		return -EAGAIN;
	return (long)attr.size;
}

_Noreturn void DkProcessExit(int code)
{
	dk_call_PROCESS_EXIT(code);
	/* Should the call return, end the process with the host exit_group. */
	dk_raw_exit_group(code);
}
