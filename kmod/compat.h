/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: what older kernels export but do not declare.
 *
 * Each entry is an exported symbol (EXPORT_SYMBOL) whose declaration sits
 * in a kernel-internal header on some of the kernels the module builds
 * for; it is declared here with the exact prototype of the kernel's own
 * header, and only for those kernels.
 */
#ifndef _DK_COMPAT_H
#define _DK_COMPAT_H

#include <linux/version.h>
#include <linux/namei.h>

/*
 * vfs_path_lookup() (fs/namei.c) is the only exported lookup that starts
 * at a given root and takes LOOKUP_BENEATH and friends, which the file
 * streams' containment relies on (stream_file.c).  Before it moved to
 * <linux/namei.h> it was declared in fs/internal.h only: checked against
 * 6.1 (internal.h) and 6.12 (namei.h).
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 12, 0)
int vfs_path_lookup(struct dentry *dentry, struct vfsmount *mnt,
		    const char *name, unsigned int flags, struct path *path);
#endif

#endif /* _DK_COMPAT_H */
