/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: compatibility with the kernels the module supports
 * (6.1 and 6.12 LTS, see Documentation/testing.rst).
 *
 * One small helper per interface that changed between them, keyed on
 * LINUX_VERSION_CODE and naming the kernel version and commit that changed
 * it.  Call sites use the helper; no function is copied here.
 *
 * Also what some kernels export but do not declare: an exported symbol
 * (EXPORT_SYMBOL) whose declaration sits in a kernel-internal header on
 * some of the supported kernels.  kmod/Kbuild looks for it in the public
 * header (DK_HAVE_*); where it is missing it is declared here, with the
 * prototype of the kernel's own header.
 */
#ifndef _DK_COMPAT_H
#define _DK_COMPAT_H

#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/sched/mm.h>
#include <linux/uio.h>
#include <linux/version.h>

/* Building for kernel @a.@b or later. */
#define DK_KERNEL_GE(a, b)	(KERNEL_VERSION(a, b, 0) <= LINUX_VERSION_CODE)

/*
 * File leases and delegations (break_deleg_wait()) have their own header
 * since 6.3 (commit "filelock: move file locking definitions to separate
 * header file"), which <linux/fs.h> no longer includes in later kernels.
 */
#if DK_KERNEL_GE(6, 3)
#include <linux/filelock.h>
#endif

/*
 * __assign_str() lost its source argument in 6.10 (commit "tracing/treewide:
 * Remove second parameter of __assign_str()"): the source is the one given
 * to __string().
 */
#if DK_KERNEL_GE(6, 10)
#define dk_assign_str(dst, src)	__assign_str(dst)
#else
#define dk_assign_str(dst, src)	__assign_str(dst, src)
#endif

/*
 * One user buffer as an iov_iter.  import_single_range() is gone by 6.8
 * (removed after 6.5, once its callers had moved to import_ubuf()), and
 * import_ubuf() is there from 6.5 at the latest (added after 6.2).  Both
 * check access_ok() and clamp @len to MAX_RW_COUNT; 6.5 has both, so the
 * switch is made there.  @iov is scratch space for the old interface.
 */
static inline int dk_import_one_range(int rw, void __user *buf, size_t len,
				      struct iovec *iov, struct iov_iter *iter)
{
#if DK_KERNEL_GE(6, 5)
	return import_ubuf(rw, buf, len, iter);
#else
	return import_single_range(rw, buf, len, iov, iter);
#endif
}

/*
 * The VFS names a mount's ID mapping with a struct mnt_idmap since 6.3
 * (Christian Brauner's series, e.g. commit "fs: port vfs_*() helpers to
 * struct mnt_idmap"); before, with the mount's user namespace.  struct
 * dk_idmap is whichever the VFS calls take (inode_permission, lookup_one,
 * vfs_mkdir, vfs_unlink, vfs_rename); dk_mnt_idmap() gets it from a mount.
 */
#if DK_KERNEL_GE(6, 3)
#define dk_idmap		mnt_idmap
#define dk_mnt_idmap(mnt)	mnt_idmap(mnt)
#define dk_rd_old_idmap		old_mnt_idmap
#define dk_rd_new_idmap		new_mnt_idmap
#else
#define dk_idmap		user_namespace
#define dk_mnt_idmap(mnt)	mnt_user_ns(mnt)
#define dk_rd_old_idmap		old_mnt_userns
#define dk_rd_new_idmap		new_mnt_userns
#endif

/* Both ends of a rename are in one mount: one mapping for both. */
static inline void dk_rename_set_idmap(struct renamedata *rd,
				       struct dk_idmap *idmap)
{
	rd->dk_rd_old_idmap = idmap;
	rd->dk_rd_new_idmap = idmap;
}

/*
 * A free range of @len bytes in @mm, which must be current->mm (callers
 * hold its mmap lock).  Since 6.10 (commit "mm: switch
 * mm->get_unmapped_area() to a flag") get_unmapped_area() is an inline
 * around the unexported __get_unmapped_area(); modules call the exported
 * mm_get_unmapped_area() instead.
 */
#if DK_KERNEL_GE(6, 10)
#define dk_get_unmapped_area(mm, len) \
	mm_get_unmapped_area(mm, NULL, 0, len, 0, 0)
#else
#define dk_get_unmapped_area(mm, len) \
	get_unmapped_area(NULL, 0, len, 0, 0)
#endif

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
