// SPDX-License-Identifier: LGPL-2.1-or-later
/* The start information handed over by dbexec, and its accessors. */
#include <stddef.h>
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

/* A field added after VER0 is valid if it ends within si->size. */
#define DK_SI_HAS(si, field) \
	((si)->size >= offsetof(struct dk_start_info, field) + \
		       sizeof((si)->field))

char *const *dk_envp(void)
{
	if (!dk_si || !DK_SI_HAS(dk_si, envc))
		return NULL;
	return (char *const *)(uintptr_t)dk_si->envp;
}

const char *dk_getenv(const char *name)
{
	char *const *env = dk_envp();
	size_t n;

	if (!env || !name)
		return NULL;
	for (n = 0; name[n]; n++)
		if (name[n] == '=')
			return NULL;
	for (; *env; env++) {
		const char *e = *env;
		size_t i;

		for (i = 0; i < n && e[i] == name[i]; i++)
			;
		if (i == n && e[i] == '=')
			return e + n + 1;
	}
	return NULL;
}

long dk_exec_handle(void)
{
	if (!dk_si || !DK_SI_HAS(dk_si, exec_handle) || dk_si->exec_handle < 0)
		return -EBADF;
	return dk_si->exec_handle;
}
