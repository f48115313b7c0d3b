// SPDX-License-Identifier: LGPL-2.1-or-later
/* The start information handed over by dbexec, and its accessors. */
#include <dk.h>

static const struct dk_start_info *dk_si;

long dk_start_info_set(const struct dk_start_info *si)
{
	if (!si || si->magic != DK_START_MAGIC ||
	    si->abi_version != DK_ABI_VERSION ||
	    si->size < DK_START_INFO_SIZE_VER0 || si->dk_fd < 0 ||
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

long dk_abi_info(uint32_t *version, uint64_t *features)
{
	if (!dk_si)
		return -ENOENT;
	if (version)
		*version = dk_si->abi_version;
	if (features)
		*features = dk_si->features;
	return 0;
}

long dk_parent_handle(void)
{
	if (!dk_si || dk_si->parent_handle < 0)
		return -EBADF;
	return dk_si->parent_handle;
}

long dk_std_handle(int n)
{
	if (n < 0 || n > 2)
		return -EINVAL;
	if (!dk_si || dk_si->std_handles[n] < 0)
		return -EBADF;
	return dk_si->std_handles[n];
}
