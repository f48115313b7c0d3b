// SPDX-License-Identifier: LGPL-2.1-or-later
/* Dk calls: generic object handles. */
#include <dk.h>

#include "calls.h"

long DkObjectReference(long h)
{
	return dk_call_OBJECT_REFERENCE(h);
}

long DkObjectClose(long h)
{
	return dk_call_OBJECT_CLOSE(h);
}
