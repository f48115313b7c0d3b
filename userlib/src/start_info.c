// SPDX-License-Identifier: LGPL-2.1-or-later
/* The start information handed over by dbexec, and its accessors. */
#include <dk.h>

static const struct dk_start_info *dk_si;

long dk_start_info_set(const struct dk_start_info *si)
{
	if (!si || si->magic != DK_START_MAGIC ||
	    si->abi_version != DK_ABI_VERSION || si->dk_fd < 0 ||
	    si->argc > 0x7fffffffU || (si->argc > 0 && !si->argv))
		return -EINVAL;
	dk_set_fd(si->dk_fd);
	dk_si = si;
	return 0;
}

const struct dk_start_info *dk_start_info(void)
{
	return dk_si;
}

long dk_std_handle(int n)
{
	if (n < 0 || n > 2)
		return -EINVAL;
	if (!dk_si || dk_si->std_handles[n] < 0)
		return -EBADF;
	return dk_si->std_handles[n];
}
