/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Is the loaded module one this dbexec can drive?  The judgement of the
 * module's DK_IOC_GET_INFO answer, kept apart from the ioctl so that a
 * test can feed it any answer.
 */
#ifndef DBX_ABI_H
#define DBX_ABI_H

#include <stddef.h>
#include <linux/drawbridge.h>

/* The DK_FEATURE_* bits dbexec relies on: manifests, the process tree. */
#define DBX_FEATURES_NEEDED	(DK_FEATURE_FS_ROOTS | DK_FEATURE_NET_RULES | \
				 DK_FEATURE_PROCESS_TREE)

/*
 * @err: 0 if DK_IOC_GET_INFO succeeded and filled @info, else its errno.
 * Returns 0 if this dbexec can use the module; else -1 with one sentence
 * saying why (module too old, too new, lacking a feature, not answering)
 * in @msg (@size bytes).
 */
int abi_check(int err, const struct dk_context_info *info, char *msg,
	      size_t size);

#endif /* DBX_ABI_H */
