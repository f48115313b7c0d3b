/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dbexec: the manifest's policy directives ("fs" and "net"), turned into
 * DK_IOC_ADD_FS_ROOT / DK_IOC_ADD_NET_RULE on the picoprocess's context.
 * Format: Documentation/manifest.rst.
 */
#ifndef DBEXEC_MANIFEST_POLICY_H
#define DBEXEC_MANIFEST_POLICY_H

#include <stddef.h>

/*
 * Apply one directive.  @argv[0] is "fs" or "net"; @file and @line name
 * the manifest line for messages.  Returns 0, or -1 with a message
 * "FILE:LINE: ..." in @err.
 */
int dbx_policy_directive(int dkfd, const char *file, int line, int argc,
			 char *const argv[], char *err, size_t errlen);

/* Is @word a directive this file handles? */
int dbx_policy_is_directive(const char *word);

#endif /* DBEXEC_MANIFEST_POLICY_H */
