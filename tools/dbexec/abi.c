// SPDX-License-Identifier: GPL-2.0
/* The module's ABI version and features against dbexec's (see abi.h). */
#include <stdio.h>
#include <string.h>

#include "abi.h"

#define INFO_HAS(info, field) \
	((info)->size >= offsetof(struct dk_context_info, field) + \
			 sizeof((info)->field))

int abi_check(int err, const struct dk_context_info *info, char *msg,
	      size_t size)
{
	unsigned long long missing;

	if (err == ENOTTY) {
		/* Version 1 matched the command number exactly. */
		snprintf(msg, size, "the Drawbridge module is too old: it predates ABI version %u of this dbexec (DK_IOC_GET_INFO unknown); load the drawbridge.ko built with this dbexec",
			 DK_ABI_VERSION);
		return -1;
	}
	if (err) {
		snprintf(msg, size, "%s does not answer DK_IOC_GET_INFO: %s (not the Drawbridge module?)",
			 DK_DEVICE_PATH, strerror(err));
		return -1;
	}
	if (!INFO_HAS(info, features)) {
		snprintf(msg, size, "the Drawbridge module reports no ABI version");
		return -1;
	}
	if (info->abi_version < DK_ABI_VERSION) {
		snprintf(msg, size, "the Drawbridge module is too old: it speaks ABI version %u, this dbexec needs %u; load the drawbridge.ko built with this dbexec",
			 info->abi_version, DK_ABI_VERSION);
		return -1;
	}
	if (info->abi_version > DK_ABI_VERSION) {
		snprintf(msg, size, "the Drawbridge module is too new: it speaks ABI version %u, this dbexec only %u; use the dbexec built with the module",
			 info->abi_version, DK_ABI_VERSION);
		return -1;
	}
	missing = DBX_FEATURES_NEEDED & ~info->features;
	if (missing) {
		snprintf(msg, size, "the Drawbridge module lacks features 0x%llx (DK_FEATURE_*) that this dbexec needs",
			 missing);
		return -1;
	}
	return 0;
}
