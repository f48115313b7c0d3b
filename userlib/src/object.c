// SPDX-License-Identifier: LGPL-2.1-or-later
/* Dk calls: generic object handles. */
#include <dk.h>

long DkObjectReference(long h)
{
	return dk_call(DK_CALL_OBJECT_REFERENCE, (uint64_t)h, 0, 0, 0, 0, 0);
}

long DkObjectClose(long h)
{
	return dk_call(DK_CALL_OBJECT_CLOSE, (uint64_t)h, 0, 0, 0, 0, 0);
}
