// SPDX-License-Identifier: LGPL-2.1-or-later
/* The descriptor of this program's Drawbridge context. */
#include <dk.h>

static int dk_fd = -1;

int dk_get_fd(void)
{
	return dk_fd;
}

void dk_set_fd(int fd)
{
	dk_fd = fd;
}
