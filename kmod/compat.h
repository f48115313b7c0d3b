/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: what some kernels export but do not declare.
 *
 * Each entry is an exported symbol (EXPORT_SYMBOL) whose declaration sits
 * in a kernel-internal header on some of the kernels the module builds
 * for.  kmod/Kbuild looks for it in the public header (DK_HAVE_*); where
 * it is missing it is declared here, with the prototype of the kernel's
 * own header.
 */
#ifndef _DK_COMPAT_H
#define _DK_COMPAT_H

#include <linux/namei.h>

/*
 * vfs_path_lookup() (fs/namei.c) is the only exported lookup that starts
 * at a given root and takes LOOKUP_BENEATH and friends, which the file
 * streams' containment relies on (stream_file.c).  6.1 declares it in
 * fs/internal.h only; 6.12 has it in <linux/namei.h>.
 */
#ifndef DK_HAVE_VFS_PATH_LOOKUP
int vfs_path_lookup(struct dentry *dentry, struct vfsmount *mnt,
		    const char *name, unsigned int flags, struct path *path);
#endif

#endif /* _DK_COMPAT_H */
