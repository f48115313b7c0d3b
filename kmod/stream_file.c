// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: file: streams (regular files and directories).
 *
 * Every name is resolved beneath a manifest root by the kernel's own path
 * walk with LOOKUP_BENEATH | LOOKUP_NO_XDEV | LOOKUP_NO_MAGICLINKS: ".."
 * above the root, absolute symlinks, symlinks leading out, mount crossings
 * and /proc magic links all fail inside the walk (-EXDEV/-ELOOP), and the
 * module reports them as DK_E_DENIED with a drawbridge:dk_policy_deny
 * event.  Creation looks up the parent the same way and creates a single
 * component in it.  Only regular files and directories can be opened, and
 * the type is checked on the object before it is opened; with
 * DK_OPTION_NOFOLLOW a final symlink opens as a link stream, an O_PATH
 * file of the link itself that can only be deleted, renamed, queried
 * and closed (dk_link_ops).
 *
 * Every change of a name takes the steps of its system call (a link
 * stream's too): a fresh lookup under the parent's lock giving a dentry
 * reference of our own, then the LSM path hook (security_path_mknod
 * through the open path, security_path_mkdir, security_path_unlink,
 * security_path_rename; vfs_truncate calls security_path_truncate), then
 * the vfs_* call.
 *
 * Three changes have no exported path hook: removing a directory
 * (security_path_rmdir), making a symlink (security_path_symlink) and
 * chmod (security_path_chmod).  With the path_lsm_gap parameter (the
 * default) they are made through vfs_rmdir, vfs_symlink and
 * notify_change, whose inode hooks (security_inode_rmdir, _symlink,
 * _setattr) run as for the system calls, but path-based LSMs (AppArmor,
 * TOMOYO, Landlock) do not see them; with path_lsm_gap=0 they are
 * refused with -EOPNOTSUPP.  See Documentation/design/threat-model.rst.
 *
 * A directory stream reads as a sequence of entry names, each terminated
 * by a NUL byte, "." and ".." left out; a read returns whole entries only
 * and 0 once all were returned.
 */
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/namei.h>
#include <linux/mount.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/uaccess.h>
#include <linux/cred.h>
#include <linux/mm.h>
#include <linux/security.h>
#include <linux/dcache.h>
#include <linux/overflow.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/drawbridge.h>

#include "context.h"
#include "policy.h"
#include "stream.h"
#include "stream_uri.h"
#include "stream_file.h"
#include "compat.h"

#define DK_LOOKUP	(LOOKUP_BENEATH | LOOKUP_NO_XDEV | LOOKUP_NO_MAGICLINKS)
#define DK_DIR_CHUNK	(64U << 10)
/* Rounds of "look up, else create exclusively" before giving up. */
#define DK_CREATE_TRIES	8

static const struct dk_stream_ops dk_file_ops, dk_dir_ops, dk_link_ops;

/*
 * Whether rmdir, symlink and chmod are offered without their path LSM
 * hooks (above).  Read-only after load: it is the admin's choice.
 */
static bool dk_path_lsm_gap = true;
module_param_named(path_lsm_gap, dk_path_lsm_gap, bool, 0444);
MODULE_PARM_DESC(path_lsm_gap,
		 "Offer directory removal, symlink creation and chmod, which path-based LSMs cannot mediate for modules (default Y)");

/* Whether DK_FEATURE_PATH_CHANGES is offered: path_lsm_gap, fixed at load. */
bool dk_file_path_changes(void)
{
	return dk_path_lsm_gap;
}

/* Errors of a scoped walk that mean "tried to leave the root". */
static bool dk_escape_err(int err)
{
	return err == -EXDEV || err == -ELOOP;
}

/* Trace and convert an escape attempt; other errors pass through. */
static int dk_walk_err(u32 nr, int err, const char *uri)
{
	if (dk_escape_err(err))
		return dk_policy_deny(nr, -EACCES, uri);
	return err;
}

/*
 * The manifest's grant for the virtual path @path of call @nr; a name no
 * root covers is traced under @name and denied, and so is a read-only
 * root when @rw (the request writes or changes a name).  Release @g with
 * dk_fs_grant_put().
 */
static long dk_file_grant(struct dk_ctx *ctx, u32 nr, const char *path,
			  const char *name, bool rw, struct dk_fs_grant *g)
{
	long ret = dk_policy_fs_grant(ctx, path, g);

	if (ret == -EACCES)
		return dk_policy_deny(nr, ret, name);
	if (ret)
		return ret;
	if (rw && !g->rw) {
		dk_fs_grant_put(g);
		return dk_policy_deny(nr, -EACCES, name);
	}
	return 0;
}

/* Look up @rel beneath @root. */
static int dk_lookup_beneath(const struct path *root, const char *rel,
			     unsigned int flags, struct path *out)
{
	return vfs_path_lookup(root->dentry, root->mnt, *rel ? rel : ".",
			       DK_LOOKUP | flags, out);
}

/* Look up the grant's name for call @nr; an escape is traced (@name). */
static int dk_grant_lookup(u32 nr, const struct dk_fs_grant *g,
			   const char *name, unsigned int flags,
			   struct path *out)
{
	int ret = dk_lookup_beneath(&g->root, g->rel, flags, out);

	return ret ? dk_walk_err(nr, ret, name) : 0;
}

/*
 * Split @rel into a parent (looked up beneath @root) and a last component
 * copied to @last.  "." and ".." and empty names are refused.
 */
static int dk_lookup_parent(const struct path *root, const char *rel,
			    struct path *parent, char **last)
{
	const char *slash, *name;
	size_t n;
	char *dir;
	int ret;

	n = strlen(rel);
	while (n && rel[n - 1] == '/')
		n--;
	slash = NULL;
	for (name = rel; name < rel + n; name++)
		if (*name == '/')
			slash = name;
	name = slash ? slash + 1 : rel;
	if (name == rel + n || (rel + n - name == 1 && name[0] == '.') ||
	    (rel + n - name == 2 && name[0] == '.' && name[1] == '.'))
		return -EINVAL;
	*last = kstrndup(name, rel + n - name, GFP_KERNEL);
	if (!*last)
		return -ENOMEM;
	dir = kstrndup(rel, slash ? slash - rel : 0, GFP_KERNEL);
	if (!dir) {
		ret = -ENOMEM;
		goto out_last;
	}
	ret = dk_lookup_beneath(root, dir, LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
				parent);
	kfree(dir);
	if (!ret)
		return 0;
out_last:
	kfree(*last);
	*last = NULL;
	return ret;
}

/*
 * The parent of the grant's name and its last component, for a name made
 * or renamed into by call @nr: an escape, or a parent in a nested
 * read-only root, is traced (@name) and denied.
 */
static int dk_grant_parent(u32 nr, struct dk_fs_grant *g, const char *name,
			   struct path *parent, char **last)
{
	int ret = dk_lookup_parent(&g->root, g->rel, parent, last);

	if (ret)
		return dk_walk_err(nr, ret, name);
	if (dk_fs_grant_narrow(g, parent->dentry, false))
		return 0;
	path_put(parent);
	kfree(*last);
	*last = NULL;
	return dk_policy_deny(nr, -EACCES, name);
}

/* End what dk_name_begin() began. */
static void dk_name_end(const struct path *parent)
{
	inode_unlock(d_inode(parent->dentry));
	mnt_drop_write(parent->mnt);
}

/*
 * Begin a change of the name @last in @parent with the steps of the
 * system calls: write access to the mount, the parent's lock, a fresh
 * lookup of the name under it, into @out with a reference of its own.
 * On success the caller ends with dk_name_end(); on error nothing is
 * left to undo.
 */
static int dk_name_begin(const struct path *parent, const char *last,
			 struct dentry **out)
{
	struct dentry *d;
	int ret;

	ret = mnt_want_write(parent->mnt);
	if (ret)
		return ret;
	inode_lock_nested(d_inode(parent->dentry), I_MUTEX_PARENT);
	d = lookup_one(dk_mnt_idmap(parent->mnt), last, parent->dentry,
		       strlen(last));
	if (IS_ERR(d)) {
		dk_name_end(parent);
		return PTR_ERR(d);
	}
	*out = d;
	return 0;
}

/* What a picoprocess may open: regular files and directories only. */
static int dk_check_type(struct inode *inode, u32 access)
{
	if (S_ISDIR(inode->i_mode))
		return (access & DK_ACCESS_WRITE) ? -EISDIR : 0;
	if (!S_ISREG(inode->i_mode))
		return -ENXIO;
	return 0;
}

static int dk_access_mask(u32 access)
{
	int mask = 0;

	if (access & DK_ACCESS_READ)
		mask |= MAY_READ;
	if (access & DK_ACCESS_WRITE)
		mask |= MAY_WRITE;
	return mask;
}

static int dk_open_flags(u32 access, u32 options)
{
	int flags = O_LARGEFILE;

	if ((access & DK_ACCESS_RDWR) == DK_ACCESS_RDWR)
		flags |= O_RDWR;
	else if (access & DK_ACCESS_WRITE)
		flags |= O_WRONLY;
	if (options & DK_OPTION_NONBLOCK)
		flags |= O_NONBLOCK;
	return flags;
}

/*
 * Open @path, an object found beneath @g's root (the caller keeps its
 * reference).  Its type, the rights of the nested roots it lies in (@g is
 * narrowed to them) and the host's permissions are checked on this very
 * dentry before dentry_open, so the object opened is the object checked,
 * and no FIFO or device node ever sees its open method run.  dentry_open
 * calls the security_file_open hook.
 */
static struct file *dk_open_path(struct dk_fs_grant *g,
				 const struct path *path, u32 access,
				 int flags)
{
	struct inode *inode = d_inode(path->dentry);
	int ret;

	if (!dk_fs_grant_narrow(g, path->dentry, true) &&
	    (access & DK_ACCESS_WRITE))
		return ERR_PTR(-EXDEV);	/* denied like an escape */
	ret = dk_check_type(inode, access);
	if (!ret)
		ret = inode_permission(dk_mnt_idmap(path->mnt), inode,
				       dk_access_mask(access));
	if (!ret && (access & DK_ACCESS_WRITE) && IS_APPEND(inode))
		ret = -EPERM;
	if (ret)
		return ERR_PTR(ret);
	if (S_ISDIR(inode->i_mode))
		flags |= O_DIRECTORY;
	return dentry_open(path, flags, current_cred());
}

/*
 * Open the symlink @path itself, found beneath @g's root without
 * following it, for a link stream: an O_PATH open of this very dentry,
 * which runs no open method, reads nothing and follows nothing.  The
 * rights are those where the link's own name lies (@g narrowed at it,
 * never at its target), as unlinkat(2) asks of the link's directory.
 */
static struct file *dk_open_link(struct dk_fs_grant *g,
				 const struct path *path, u32 access)
{
	if (!dk_fs_grant_narrow(g, path->dentry, true) &&
	    (access & DK_ACCESS_WRITE))
		return ERR_PTR(-EXDEV);	/* denied like an escape */
	return dentry_open(path, O_PATH | O_NOFOLLOW, current_cred());
}

/*
 * Open the grant's existing name: scoped walk, then dk_open_path; with
 * @nofollow a final symlink is not followed and opens as a link stream.
 */
static struct file *dk_open_existing(struct dk_fs_grant *g, u32 access,
				     int flags, bool nofollow)
{
	struct path path;
	struct file *file;
	int ret;

	ret = dk_lookup_beneath(&g->root, g->rel,
				nofollow ? 0 : LOOKUP_FOLLOW, &path);
	if (ret)
		return ERR_PTR(ret);
	if (d_is_symlink(path.dentry))	/* only when not followed */
		file = dk_open_link(g, &path, access);
	else
		file = dk_open_path(g, &path, access, flags);
	path_put(&path);
	return file;
}

/* The ops of the stream that wraps @file, as dk_file_open opened it. */
static const struct dk_stream_ops *dk_file_kind(struct file *file)
{
	umode_t mode = file_inode(file)->i_mode;

	if (S_ISDIR(mode))
		return &dk_dir_ops;
	return S_ISLNK(mode) ? &dk_link_ops : &dk_file_ops;
}

/*
 * Make the directory @last in @parent, or find an existing one unless
 * @excl, and return it in @out with a reference of its own.  The steps of
 * mkdirat(2): look the name up under the parent's lock, the LSM path hook
 * (Landlock, AppArmor, TOMOYO decide here), vfs_mkdir.
 */
static int dk_mkdir(const struct path *parent, const char *last, umode_t mode,
		    bool excl, struct dentry **out)
{
	struct dk_idmap *userns = dk_mnt_idmap(parent->mnt);
	struct inode *dir = d_inode(parent->dentry);
	struct dentry *d;
	int ret;

	ret = dk_name_begin(parent, last, &d);
	if (ret)
		return ret;
	if (d_really_is_positive(d)) {
		ret = excl ? -EEXIST : (d_is_dir(d) ? 0 : -ENOTDIR);
		goto out_found;
	}
	ret = security_path_mkdir(parent, d, mode);
	if (!ret)
		ret = vfs_mkdir(userns, dir, d, mode);
	if (!ret && (d_really_is_negative(d) || d_unhashed(d))) {
		/*
		 * Some file systems instantiate another dentry: look again,
		 * still under the lock, so it is the directory just made.
		 */
		dput(d);
		d = lookup_one(userns, last, parent->dentry, strlen(last));
		if (IS_ERR(d)) {
			ret = PTR_ERR(d);
			goto out_end;
		}
		if (!d_is_dir(d))
			ret = -ENOENT;
	}
out_found:
	if (ret)
		dput(d);
	else
		*out = d;
out_end:
	dk_name_end(parent);
	return ret;
}

/* Create the directory @last in @parent (or find it) and open it. */
static struct file *dk_open_mkdir(struct dk_fs_grant *g,
				  const struct path *parent, const char *last,
				  u32 access, u32 create, int flags,
				  umode_t mode)
{
	struct path path = { .mnt = parent->mnt };
	struct file *file;
	int ret;

	ret = dk_mkdir(parent, last, mode, create & DK_CREATE_ALWAYS,
		       &path.dentry);
	if (ret)
		return ERR_PTR(ret);
	/* Like the walk's LOOKUP_NO_XDEV: not the directory under a mount. */
	if (d_mountpoint(path.dentry))
		file = ERR_PTR(-EXDEV);
	else
		file = dk_open_path(g, &path, access, flags);
	dput(path.dentry);
	return file;
}

/*
 * Open the regular file @last in @parent, creating it if missing.  An
 * existing name is looked up without opening it (no symlink followed, no
 * mount crossed) and opened only if it is a regular file; a missing one
 * is created with O_CREAT | O_EXCL, which creates and opens a new regular
 * file through the kernel's open path (security_path_mknod included) and
 * opens nothing else.  A name that appears or vanishes between the two
 * steps is tried again a bounded number of times.
 */
static struct file *dk_open_file(struct dk_fs_grant *g,
				 const struct path *parent, const char *last,
				 u32 access, u32 create, int flags,
				 umode_t mode)
{
	int oflags = flags | O_CREAT | O_EXCL | O_NOFOLLOW;
	struct file *file = ERR_PTR(-EAGAIN);
	unsigned int tries;
	struct path path;
	int ret;

	for (tries = 0; tries < DK_CREATE_TRIES; tries++) {
		if (!(create & DK_CREATE_ALWAYS)) {
			ret = dk_lookup_beneath(parent, last, 0, &path);
			if (!ret) {
				if (d_is_symlink(path.dentry))
					file = ERR_PTR(-ELOOP);
				else if (d_is_dir(path.dentry))
					file = ERR_PTR(-EISDIR);
				else
					file = dk_open_path(g, &path, access,
							    flags);
				path_put(&path);
				return file;
			}
			if (ret != -ENOENT)
				return ERR_PTR(ret);
		}
		/* Belt and braces: never block in a special file's open. */
		file = file_open_root(parent, last, oflags | O_NONBLOCK, mode);
		if (!IS_ERR(file)) {
			if (!S_ISREG(file_inode(file)->i_mode)) {
				fput(file);
				return ERR_PTR(-ENXIO);
			}
			if (!(flags & O_NONBLOCK))
				dk_stream_set_nonblock(file, false);
			return file;
		}
		if (PTR_ERR(file) != -EEXIST || (create & DK_CREATE_ALWAYS))
			return file;
		file = ERR_PTR(-EAGAIN);	/* created meanwhile: again */
	}
	return file;
}

/* Create (or open) the grant's name beneath its root. */
static struct file *dk_open_create(struct dk_fs_grant *g, u32 access,
				   u32 create, int flags, umode_t mode)
{
	struct path parent;
	struct file *file;
	char *last;
	int ret;

	ret = dk_lookup_parent(&g->root, g->rel, &parent, &last);
	if (ret)
		return ERR_PTR(ret);
	if (!dk_fs_grant_narrow(g, parent.dentry, false))
		file = ERR_PTR(-EXDEV);	/* a nested read-only root */
	else if (create & DK_CREATE_DIR)
		file = dk_open_mkdir(g, &parent, last, access, create, flags,
				     mode);
	else
		file = dk_open_file(g, &parent, last, access, create, flags,
				    mode);
	path_put(&parent);
	kfree(last);
	return file;
}

/**
 * dk_file_open - DkStreamOpen for file: URIs
 * @ctx: the caller's context
 * @req: the request; @req->rest is the virtual path after "file:"
 */
long dk_file_open(struct dk_ctx *ctx, const struct dk_open_args *req)
{
	u32 access = req->access, create = req->create;
	bool creating = create & (DK_CREATE_TRY | DK_CREATE_ALWAYS);
	bool nofollow = req->options & DK_OPTION_NOFOLLOW;
	const char *uri = req->uri;
	struct dk_fs_grant g;
	struct dk_stream *s;
	struct file *file;
	umode_t mode;
	long ret;

	if (!access)
		return -EINVAL;
	if ((create & DK_CREATE_DIR) &&
	    (!creating || (create & DK_CREATE_TRUNCATE)))
		return -EINVAL;
	if ((create & DK_CREATE_TRUNCATE) && !(access & DK_ACCESS_WRITE))
		return -EINVAL;
	ret = dk_file_grant(ctx, DK_CALL_STREAM_OPEN, req->rest, uri,
			    (access & DK_ACCESS_WRITE) || creating, &g);
	if (ret)
		return ret;

	mode = req->share ? req->share :
			    ((create & DK_CREATE_DIR) ? 0700 : 0600);
	if (creating)
		file = dk_open_create(&g, access, create,
				      dk_open_flags(access, req->options), mode);
	else
		file = dk_open_existing(&g, access,
					dk_open_flags(access, req->options),
					nofollow);
	if (IS_ERR(file)) {
		ret = dk_walk_err(DK_CALL_STREAM_OPEN, PTR_ERR(file), uri);
		goto out_grant;
	}
	/* Belt and braces: the file must live on the root's mount. */
	if (file->f_path.mnt != g.root.mnt) {
		ret = dk_policy_deny(DK_CALL_STREAM_OPEN, -EACCES, uri);
		goto out_fput;
	}
	if (create & DK_CREATE_TRUNCATE) {
		/* As open(2) with O_NOFOLLOW | O_TRUNC on a symlink. */
		ret = dk_file_kind(file) == &dk_link_ops ? -ELOOP :
			vfs_truncate(&file->f_path, 0);
		if (ret)
			goto out_fput;
	}

	s = dk_stream_alloc(ctx, dk_file_kind(file), access, 0);
	if (IS_ERR(s)) {
		ret = PTR_ERR(s);
		goto out_fput;
	}
	s->name = kstrdup(uri, GFP_KERNEL_ACCOUNT);
	if (!s->name) {
		dk_stream_put(s);
		ret = -ENOMEM;
		goto out_fput;
	}
	s->file = file;
	s->root = g.root;
	path_get(&s->root);
	s->root_rw = g.rw;	/* as narrowed where the name led */
	dk_fs_grant_put(&g);
	return dk_stream_install(ctx, s);

out_fput:
	fput(file);
out_grant:
	dk_fs_grant_put(&g);
	return ret;
}

struct dk_dirbuf {
	struct dir_context ctx;
	char *buf;
	size_t size;
	size_t used;
	bool full;
};

static bool dk_dir_actor(struct dir_context *ctx, const char *name, int len,
			 loff_t off, u64 ino, unsigned int type)
{
	struct dk_dirbuf *db = container_of(ctx, struct dk_dirbuf, ctx);

	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return true;
	if (db->used + len + 1 > db->size) {
		db->full = true;
		return false;
	}
	memcpy(db->buf + db->used, name, len);
	db->buf[db->used + len] = '\0';
	db->used += len + 1;
	return true;
}

/*
 * DkStreamRead on a directory.  Return: bytes of whole NUL-terminated
 * names, 0 at the end, -ERANGE when the buffer cannot hold the next name,
 * -EFAULT for an unwritable buffer (the position is then restored,
 * nothing is lost).
 */
static long dk_dir_read(struct dk_ctx *ctx, struct dk_stream *s,
			const struct dk_stream_io *io)
{
	struct file *file = s->file;
	struct dk_dirbuf db = { .ctx.actor = dk_dir_actor };
	loff_t saved;
	long ret;

	if (!io->size)
		return 0;
	db.size = min_t(size_t, io->size, DK_DIR_CHUNK);
	db.buf = kvmalloc(db.size, GFP_KERNEL_ACCOUNT);
	if (!db.buf)
		return -ENOMEM;

	mutex_lock(&file->f_pos_lock);
	saved = file->f_pos;
	db.ctx.pos = file->f_pos;
	ret = iterate_dir(file, &db.ctx);
	if (!ret && !db.used && db.full)
		ret = -ERANGE;
	if (!ret && db.used && copy_to_user(io->buf, db.buf, db.used))
		ret = -EFAULT;
	if (ret) {
		/* Put the position back; nothing was handed out. */
		vfs_llseek(file, saved, SEEK_SET);
	} else {
		ret = db.used;
	}
	mutex_unlock(&file->f_pos_lock);
	kvfree(db.buf);
	return ret;
}

/*
 * The stat fields of @st; ids as the caller's user namespace sees them
 * (vfs_getattr already applied the mount's ID mapping).
 */
static void dk_fill_stat(const struct kstat *st, struct dk_stream_attr *a)
{
	struct user_namespace *ns = current_user_ns();

	a->type = S_ISDIR(st->mode) ? DK_STREAM_TYPE_DIR : a->type;
	a->size = S_ISREG(st->mode) ? st->size : 0;
	a->mode = st->mode & 07777;
	a->ino = st->ino;
	a->dev_major = MAJOR(st->dev);
	a->dev_minor = MINOR(st->dev);
	a->nlink = st->nlink;
	a->file_mode = st->mode;
	a->uid = from_kuid_munged(ns, st->uid);
	a->gid = from_kgid_munged(ns, st->gid);
	a->blocks = st->blocks;
	a->blksize = st->blksize;
	a->atime_ns = timespec64_to_ns(&st->atime);
	a->mtime_ns = timespec64_to_ns(&st->mtime);
	a->ctime_ns = timespec64_to_ns(&st->ctime);
	a->file_size = st->size;
}

/* Directories are read as names only. */
static long dk_dir_write(struct dk_ctx *ctx, struct dk_stream *s,
			 const struct dk_stream_io *io)
{
	return -EISDIR;
}

/* Attributes of an open file, directory or launcher stream. */
void dk_file_attr(struct dk_stream *s, struct dk_stream_attr *a)
{
	struct kstat st;

	dk_stream_attr_common(s, a);
	if (vfs_getattr(&s->file->f_path, &st, STATX_BASIC_STATS,
			AT_STATX_SYNC_AS_STAT))
		return;
	dk_fill_stat(&st, a);
}

/* A regular file also reports what a read at its position would get. */
static void dk_file_attr_pending(struct dk_stream *s,
				 struct dk_stream_attr *a)
{
	loff_t pos;

	dk_file_attr(s, a);
	pos = READ_ONCE(s->file->f_pos);
	a->pending = a->size > pos ? a->size - pos : 0;
}

/* DkStreamFlush: write data and metadata to storage. */
int dk_file_flush(struct dk_stream *s)
{
	int ret = vfs_fsync(s->file, 0);

	if (ret == -EINVAL || ret == -EROFS)
		ret = 0;	/* nothing to flush on this kind of file */
	return ret;
}

/*
 * DkStreamAttributesQuery for file: names.  With DK_ATTR_QUERY_NOFOLLOW a
 * final symlink is not followed and reports DK_STREAM_TYPE_SYMLINK with
 * its own attributes (lstat); symlinks before the last component are
 * followed as always (beneath the root only).
 */
long dk_file_attr_query(struct dk_ctx *ctx, const char *path, u64 flags,
			struct dk_stream_attr *a)
{
	unsigned int follow = (flags & DK_ATTR_QUERY_NOFOLLOW) ? 0 :
			      LOOKUP_FOLLOW;
	const u32 nr = DK_CALL_STREAM_ATTRIBUTES_QUERY;
	struct dk_fs_grant g;
	struct path p;
	struct kstat st;
	struct inode *inode;
	long ret;

	ret = dk_file_grant(ctx, nr, path, path, false, &g);
	if (ret)
		return ret;
	ret = dk_grant_lookup(nr, &g, path, follow, &p);
	if (ret)
		goto out_grant;
	ret = vfs_getattr(&p, &st, STATX_BASIC_STATS, AT_STATX_SYNC_AS_STAT);
	if (ret)
		goto out_path;
	inode = d_inode(p.dentry);
	a->type = S_ISDIR(st.mode) ? DK_STREAM_TYPE_DIR :
		  S_ISLNK(st.mode) ? DK_STREAM_TYPE_SYMLINK :
		  DK_STREAM_TYPE_FILE;
	dk_fill_stat(&st, a);
	if (S_ISLNK(st.mode))
		a->size = st.size;
	a->pending = a->size;
	if (!S_ISLNK(st.mode) &&
	    !inode_permission(dk_mnt_idmap(p.mnt), inode, MAY_READ))
		a->flags |= DK_ATTR_READABLE;
	if (S_ISREG(st.mode) && dk_fs_grant_narrow(&g, p.dentry, true) &&
	    !inode_permission(dk_mnt_idmap(p.mnt), inode, MAY_WRITE))
		a->flags |= DK_ATTR_WRITABLE;
out_path:
	path_put(&p);
out_grant:
	dk_fs_grant_put(&g);
	return ret;
}

/**
 * dk_file_read_link - DkStreamReadLink for file: names
 * @ctx:  the caller's context
 * @path: the virtual path after "file:"
 * @buf:  user buffer for the target (not NUL-terminated)
 * @size: its size; the target is cut to it, as readlink(2) does
 *
 * The name is looked up beneath its root without following a final
 * symlink; vfs_get_link runs the security_inode_readlink hook, and the
 * link's atime is touched as readlinkat(2) does.  The target is returned
 * as stored: an absolute one is the caller's to resolve in its own
 * namespace, the module never follows it.
 *
 * Return: the bytes stored, -EINVAL if the name is not a symlink or
 * @size is 0, the lookup's errors otherwise.
 */
long dk_file_read_link(struct dk_ctx *ctx, const char *path,
		       char __user *buf, u64 size)
{
	const u32 nr = DK_CALL_STREAM_READ_LINK;
	DEFINE_DELAYED_CALL(done);
	struct dk_fs_grant g;
	const char *target;
	struct path p;
	size_t len;
	long ret;

	if (!size)
		return -EINVAL;
	ret = dk_file_grant(ctx, nr, path, path, false, &g);
	if (ret)
		return ret;
	ret = dk_grant_lookup(nr, &g, path, 0, &p);
	if (ret)
		goto out_grant;
	target = vfs_get_link(p.dentry, &done);
	if (IS_ERR(target)) {
		ret = PTR_ERR(target);
		goto out_path;
	}
	len = strlen(target);
	if (size < len)
		len = size;
	if (len > DK_READLINK_MAX)
		len = DK_READLINK_MAX;
	ret = copy_to_user(buf, target, len) ? -EFAULT : len;
	do_delayed_call(&done);
	if (ret >= 0)
		touch_atime(&p);
out_path:
	path_put(&p);
out_grant:
	dk_fs_grant_put(&g);
	return ret;
}

/* Deny a request on an open file stream, tracing its current name. */
static int dk_stream_deny(struct dk_stream *s, u32 nr)
{
	mutex_lock(&s->name_lock);
	dk_policy_deny(nr, -EACCES, s->name);
	mutex_unlock(&s->name_lock);
	return -EACCES;
}

static int dk_file_writable(struct dk_stream *s, u32 nr)
{
	return s->root_rw ? 0 : dk_stream_deny(s, nr);
}

/* DkStreamSetLength on a file stream opened for writing. */
static long dk_file_set_length(struct dk_stream *s, u64 len)
{
	int ret = dk_file_writable(s, DK_CALL_STREAM_SET_LENGTH);

	if (ret)
		return ret;
	if (!(s->access & DK_ACCESS_WRITE))
		return -EACCES;
	return vfs_truncate(&s->file->f_path, len);
}

/*
 * Look up afresh, in @dir (locked by the caller), the name that the open
 * file's dentry @cur has there now, as the system calls look up what they
 * act on.  The result carries a reference of its own, so vfs_unlink's
 * d_delete never turns the dentry the open file holds negative, and it
 * must still be the open file's inode (-ENOENT if the name was removed or
 * now names something else).
 */
static struct dentry *dk_lookup_again(struct dk_idmap *userns,
				      struct dentry *dir, struct dentry *cur)
{
	struct name_snapshot name;
	struct dentry *d;

	if (cur->d_parent != dir)
		return ERR_PTR(-ENOENT);	/* moved meanwhile */
	take_dentry_name_snapshot(&name, cur);
	d = lookup_one(userns, name.name.name, dir, name.name.len);
	release_dentry_name_snapshot(&name);
	if (!IS_ERR(d) && (d_really_is_negative(d) ||
			   d_inode(d) != d_inode(cur))) {
		dput(d);
		d = ERR_PTR(-ENOENT);
	}
	return d;
}

/*
 * DkStreamDelete on a file or directory: remove its current name, the
 * steps of unlinkat(2) (fresh lookup under the parent's lock,
 * security_path_unlink, vfs_unlink), for a directory those of rmdir(2)
 * less security_path_rmdir, which is not exported: vfs_rmdir, where
 * security_inode_rmdir runs and a non-empty directory is -ENOTEMPTY, a
 * mount point -EBUSY.  Without path_lsm_gap a directory is refused with
 * -EOPNOTSUPP, as path-based LSMs (Landlock, AppArmor, TOMOYO) would not
 * be asked.  A root's own directory is never removed: the stream's rights
 * were narrowed at open (another root's directory is read-only there).
 */
static long dk_file_unlink(struct dk_stream *s, bool is_dir)
{
	struct dentry *cur = s->file->f_path.dentry, *victim;
	struct path parent = { .mnt = s->file->f_path.mnt };
	struct dk_idmap *userns = dk_mnt_idmap(parent.mnt);
	bool escaped = false;
	struct inode *dir;
	int ret;

	ret = dk_file_writable(s, DK_CALL_STREAM_DELETE);
	if (ret)
		return ret;
	if (cur == s->root.dentry || IS_ROOT(cur))
		return dk_stream_deny(s, DK_CALL_STREAM_DELETE);
	if (is_dir && !dk_path_lsm_gap)
		return -EOPNOTSUPP;
	ret = mnt_want_write(parent.mnt);
	if (ret)
		return ret;
	parent.dentry = dget_parent(cur);
	dir = d_inode(parent.dentry);
	inode_lock_nested(dir, I_MUTEX_PARENT);
	if (!is_subdir(parent.dentry, s->root.dentry)) {
		escaped = true;	/* moved out of the root by the host */
		goto out_unlock;
	}
	victim = dk_lookup_again(userns, parent.dentry, cur);
	if (IS_ERR(victim)) {
		ret = PTR_ERR(victim);
		goto out_unlock;
	}
	if (is_dir) {
		ret = vfs_rmdir(userns, dir, victim);
	} else {
		ret = security_path_unlink(&parent, victim);
		if (!ret)
			ret = vfs_unlink(userns, dir, victim, NULL);
	}
	dput(victim);
out_unlock:
	inode_unlock(dir);
	dput(parent.dentry);
	mnt_drop_write(parent.mnt);
	if (escaped)
		ret = dk_stream_deny(s, DK_CALL_STREAM_DELETE);
	return ret;
}

/*
 * Rename the open file @s to @last in @newp (beneath @g's root): the
 * steps of renameat2(2), with the old name looked up afresh and both
 * parents referenced by us.  Sets *@escaped when a parent is no longer
 * beneath the root, or the new name lies in a nested read-only root or
 * is another root's directory.
 */
static int dk_do_rename(struct dk_stream *s, struct dk_fs_grant *g,
			const struct path *newp, const char *last,
			bool *escaped)
{
	struct dentry *cur = s->file->f_path.dentry, *trap, *old, *newd;
	struct path oldp = { .mnt = s->file->f_path.mnt };
	struct dk_idmap *userns = dk_mnt_idmap(oldp.mnt);
	struct renamedata rd = { };
	int ret;

	if (cur == s->root.dentry || IS_ROOT(cur))
		return -EBUSY;
	if (newp->mnt != oldp.mnt)
		return -EXDEV;
	ret = mnt_want_write(oldp.mnt);
	if (ret)
		return ret;
	trap = lock_rename_child(cur, newp->dentry);
	/* Stable while locked; our reference keeps it past the move. */
	oldp.dentry = dget(cur->d_parent);
	if (!is_subdir(oldp.dentry, s->root.dentry) ||
	    !is_subdir(newp->dentry, s->root.dentry) ||
	    !dk_fs_grant_narrow(g, newp->dentry, false)) {
		*escaped = true;
		ret = -EACCES;
		goto out_unlock;
	}
	old = dk_lookup_again(userns, oldp.dentry, cur);
	if (IS_ERR(old)) {
		ret = PTR_ERR(old);
		goto out_unlock;
	}
	newd = lookup_one(userns, last, newp->dentry, strlen(last));
	if (IS_ERR(newd)) {
		ret = PTR_ERR(newd);
		goto out_old;
	}
	if (old == trap)
		ret = -EINVAL;		/* a directory into itself */
	else if (newd == trap)
		ret = -ENOTEMPTY;	/* over one of its own ancestors */
	else if (d_really_is_positive(newd) &&
		 !dk_fs_grant_narrow(g, newd, true))
		*escaped = true;	/* another root's directory */
	else
		ret = security_path_rename(&oldp, old, newp, newd, 0);
	if (*escaped)
		ret = -EACCES;
	if (!ret) {
		dk_rename_set_idmap(&rd, userns);
		rd.old_dir = d_inode(oldp.dentry);
		rd.old_dentry = old;
		rd.new_dir = d_inode(newp->dentry);
		rd.new_dentry = newd;
		ret = vfs_rename(&rd);
	}
	dput(newd);
out_old:
	dput(old);
out_unlock:
	unlock_rename(newp->dentry, oldp.dentry);
	dput(oldp.dentry);
	mnt_drop_write(oldp.mnt);
	return ret;
}

/* DkStreamChangeName for file streams: both names in one rw root. */
static long dk_file_rename(struct dk_ctx *ctx, struct dk_stream *s,
			   const char *uri, int scheme, const char *path)
{
	const u32 nr = DK_CALL_STREAM_CHANGE_NAME;
	struct dk_fs_grant g;
	bool escaped = false;
	struct path parent;
	char *last, *name;
	long ret;

	if (scheme != DK_SCHEME_FILE)
		return -EINVAL;
	ret = dk_file_grant(ctx, nr, path, uri, true, &g);
	if (ret)
		return ret;
	if (!s->root_rw) {
		ret = dk_policy_deny(nr, -EACCES, uri);
		goto out_grant;
	}
	if (!path_equal(&g.root, &s->root)) {
		ret = -EXDEV;	/* renames stay within one root */
		goto out_grant;
	}
	ret = dk_grant_parent(nr, &g, uri, &parent, &last);
	if (ret)
		goto out_grant;
	name = kstrdup(uri, GFP_KERNEL_ACCOUNT);
	ret = name ? dk_do_rename(s, &g, &parent, last, &escaped) : -ENOMEM;
	if (escaped)
		ret = dk_policy_deny(nr, -EACCES, uri);
	if (!ret) {
		mutex_lock(&s->name_lock);
		swap(s->name, name);
		mutex_unlock(&s->name_lock);
	}
	kfree(name);
	kfree(last);
	path_put(&parent);
out_grant:
	dk_fs_grant_put(&g);
	return ret;
}

/* DkStreamDelete: unlink the file; no direction applies to a file. */
static long dk_file_delete(struct dk_stream *s, u32 which)
{
	return which ? -EINVAL : dk_file_unlink(s, false);
}

static long dk_dir_delete(struct dk_stream *s, u32 which)
{
	return which ? -EINVAL : dk_file_unlink(s, true);
}

static long dk_dir_set_length(struct dk_stream *s, u64 len)
{
	return -EISDIR;
}

/* DkStreamMap: the mapping goes through the file's own mmap. */
static unsigned long dk_file_map(struct dk_stream *s, unsigned long addr,
				 unsigned long len, unsigned long prot,
				 unsigned long flags, unsigned long offset)
{
	return vm_mmap(s->file, addr, len, prot, flags, offset);
}

/*
 * notify_change on an open file with the steps of the system calls
 * (utimensat, fchmod): write access to the mount, the inode lock, a
 * delegation broken and waited for, then again from @ia as given.  A
 * mode in @ia keeps the file's type bits, read under the lock.
 */
static int dk_file_setattr(struct file *file, struct iattr *ia)
{
	struct inode *inode = file_inode(file), *delegated = NULL;
	const struct iattr orig = *ia;
	int ret;

	ret = mnt_want_write(file->f_path.mnt);
	if (ret)
		return ret;
retry:
	inode_lock(inode);
	if (ia->ia_valid & ATTR_MODE)
		ia->ia_mode = (orig.ia_mode & S_IALLUGO) |
			      (inode->i_mode & ~S_IALLUGO);
	ret = notify_change(dk_mnt_idmap(file->f_path.mnt), file->f_path.dentry,
			    ia, &delegated);
	inode_unlock(inode);
	if (delegated) {
		ret = break_deleg_wait(&delegated);
		if (!ret) {
			*ia = orig;
			goto retry;
		}
	}
	mnt_drop_write(file->f_path.mnt);
	return ret;
}

/*
 * DkStreamSetTimes(Handle, struct dk_stream_times *): utimensat(2) on an
 * open file or directory of a read-write root.  The steps of vfs_utimes
 * (which 6.1 does not export): notify_change under the inode lock, which
 * checks ownership for explicit times (EPERM) and runs
 * security_inode_setattr; Linux has no path hook for times.  Setting both
 * to the current time without owning the file needs a handle opened for
 * writing (EACCES), where utimensat(2) checks write permission.
 */
long dk_sys_stream_set_times(struct dk_ctx *ctx, const u64 *args)
{
	struct iattr ia = { .ia_valid = ATTR_CTIME };
	struct dk_stream_times t;
	struct dk_stream *s;
	struct inode *inode;
	long ret;

	if (copy_from_user(&t, u64_to_user_ptr(args[1]), sizeof(t)))
		return -EFAULT;
	if ((t.flags & ~DK_TIMES_ALL) || t.reserved ||
	    (t.flags & (DK_TIMES_ATIME_NOW | DK_TIMES_ATIME_OMIT)) ==
	    (DK_TIMES_ATIME_NOW | DK_TIMES_ATIME_OMIT) ||
	    (t.flags & (DK_TIMES_MTIME_NOW | DK_TIMES_MTIME_OMIT)) ==
	    (DK_TIMES_MTIME_NOW | DK_TIMES_MTIME_OMIT))
		return -EINVAL;
	if (!(t.flags & DK_TIMES_ATIME_OMIT)) {
		ia.ia_valid |= ATTR_ATIME;
		if (!(t.flags & DK_TIMES_ATIME_NOW)) {
			ia.ia_atime = ns_to_timespec64(t.atime_ns);
			ia.ia_valid |= ATTR_ATIME_SET;
		}
	}
	if (!(t.flags & DK_TIMES_MTIME_OMIT)) {
		ia.ia_valid |= ATTR_MTIME;
		if (!(t.flags & DK_TIMES_MTIME_NOW)) {
			ia.ia_mtime = ns_to_timespec64(t.mtime_ns);
			ia.ia_valid |= ATTR_MTIME_SET;
		}
	}
	s = dk_stream_get(ctx, args[0]);
	if (IS_ERR(s))
		return PTR_ERR(s);
	if (s->ops != &dk_file_ops && s->ops != &dk_dir_ops) {
		ret = -EINVAL;
		goto out_put;
	}
	ret = dk_file_writable(s, DK_CALL_STREAM_SET_TIMES);
	if (ret)
		goto out_put;
	if (ia.ia_valid == ATTR_CTIME)
		goto out_put;	/* both omitted: nothing to do */
	/* As utimensat(2): only "both now" is a touch, the rest a set. */
	if ((t.flags & (DK_TIMES_ATIME_NOW | DK_TIMES_MTIME_NOW)) ==
	    (DK_TIMES_ATIME_NOW | DK_TIMES_MTIME_NOW))
		ia.ia_valid |= ATTR_TOUCH;
	else
		ia.ia_valid |= ATTR_TIMES_SET;
	inode = file_inode(s->file);
	if (!(ia.ia_valid & ATTR_TIMES_SET) &&
	    !(s->access & DK_ACCESS_WRITE) &&
	    !inode_owner_or_capable(dk_mnt_idmap(s->file->f_path.mnt), inode)) {
		ret = -EACCES;
		goto out_put;
	}
	ret = dk_file_setattr(s->file, &ia);
out_put:
	dk_stream_put(s);
	return ret;
}

/*
 * chmod on an open file or directory of a read-write root: the steps of
 * chmod_common less security_path_chmod (not exported): notify_change
 * under the inode lock, whose setattr_prepare lets only the owner (or
 * CAP_FOWNER in the inode's user namespace) change the mode (-EPERM)
 * and clears S_ISGID as chmod(2) does, and which runs
 * security_inode_setattr.  Any stream access will do, as for fchmod(2).
 */
static int dk_file_chmod(struct dk_stream *s, umode_t mode)
{
	struct iattr ia = { .ia_valid = ATTR_MODE | ATTR_CTIME,
			    .ia_mode = mode & S_IALLUGO };
	int ret;

	if (!dk_path_lsm_gap)
		return -EOPNOTSUPP;
	ret = dk_file_writable(s, DK_CALL_STREAM_ATTRIBUTES_SET_BY_HANDLE);
	if (ret)
		return ret;
	return dk_file_setattr(s->file, &ia);
}

/* DkStreamAttributesSetByHandle: a file's non-blocking mode is moot. */
static int dk_file_attr_set(struct dk_stream *s,
			    const struct dk_stream_attr_set *a)
{
	if (a->mask & DK_ATTR_SET_MODE)
		return dk_file_chmod(s, a->mode);
	return 0;
}

/*
 * Make the symlink @last in @parent: the steps of symlinkat(2) less
 * security_path_symlink (not exported): the name looked up under the
 * parent's lock, vfs_symlink, which runs security_inode_symlink.
 */
static int dk_do_symlink(const struct path *parent, const char *last,
			 const char *target)
{
	struct dentry *d;
	int ret;

	ret = dk_name_begin(parent, last, &d);
	if (ret)
		return ret;
	if (d_really_is_positive(d))
		ret = -EEXIST;
	else
		ret = vfs_symlink(dk_mnt_idmap(parent->mnt),
				  d_inode(parent->dentry), d, target);
	dput(d);
	dk_name_end(parent);
	return ret;
}

/**
 * dk_file_symlink - DkStreamSymlink for file: names
 * @ctx:    the caller's context
 * @path:   the virtual path of the new link, after "file:"
 * @target: the link's content, stored as given (never resolved here)
 *
 * The link's directory is looked up beneath its root like a new file's
 * (no escape, no nested read-only root).  The target is not checked: the
 * module never follows an absolute or escaping symlink (LOOKUP_BENEATH),
 * and a host process that follows one does so with its own rights.
 *
 * Return: 0, -EEXIST if the name exists, -EACCES for a read-only root or
 * an escape, -EOPNOTSUPP without path_lsm_gap, the VFS's errors.
 */
long dk_file_symlink(struct dk_ctx *ctx, const char *path, const char *target)
{
	const u32 nr = DK_CALL_STREAM_SYMLINK;
	struct dk_fs_grant g;
	struct path parent;
	char *last;
	long ret;

	if (!dk_path_lsm_gap)
		return -EOPNOTSUPP;
	ret = dk_file_grant(ctx, nr, path, path, true, &g);
	if (ret)
		return ret;
	ret = dk_grant_parent(nr, &g, path, &parent, &last);
	if (ret)
		goto out_grant;
	ret = dk_do_symlink(&parent, last, target);
	path_put(&parent);
	kfree(last);
out_grant:
	dk_fs_grant_put(&g);
	return ret;
}

static void dk_file_release(struct dk_stream *s)
{
	if (s->root.mnt)	/* not yet set when the open failed */
		path_put(&s->root);
}

/* DkStreamPoll on a directory: readable (its entries), never writable. */
static __poll_t dk_dir_poll(struct dk_stream *s, poll_table *pt)
{
	return EPOLLIN | EPOLLRDNORM;
}

/*
 * Regular files and directories are always ready for wait-any (their
 * poll says so); a non-blocking mode is accepted and changes nothing.
 */
static const struct dk_stream_ops dk_file_ops = {
	.attr_type = DK_STREAM_TYPE_FILE,
	.attr_settable = DK_ATTR_SET_NONBLOCK | DK_ATTR_SET_MODE,
	.attr_set = dk_file_attr_set,
	.read = dk_stream_vfs_read,
	.write = dk_stream_vfs_write,
	.attr_query = dk_file_attr_pending,
	.flush = dk_file_flush,
	.set_length = dk_file_set_length,
	.delete = dk_file_delete,
	.rename = dk_file_rename,
	.map = dk_file_map,
	.release = dk_file_release,
};

static const struct dk_stream_ops dk_dir_ops = {
	.attr_type = DK_STREAM_TYPE_DIR,
	.attr_settable = DK_ATTR_SET_NONBLOCK | DK_ATTR_SET_MODE,
	.attr_set = dk_file_attr_set,
	.read = dk_dir_read,
	.write = dk_dir_write,
	.attr_query = dk_file_attr,
	.flush = dk_file_flush,
	.set_length = dk_dir_set_length,
	.delete = dk_dir_delete,
	.rename = dk_file_rename,
	.poll = dk_dir_poll,
	.release = dk_file_release,
};

/*
 * Link streams (DK_OPTION_NOFOLLOW on a symlink): the link's name, for
 * DkStreamDelete, DkStreamChangeName, the attributes and close.  Its
 * content is the target, read by name with DkStreamReadLink; every data
 * operation (read, write, map, set length, seek) is -EBADFD, the
 * ABI's "object of the wrong type", whatever the stream's access (Linux
 * answers EBADF on an O_PATH descriptor; here EBADF means a handle that
 * is not open).
 */
static long dk_link_io(struct dk_ctx *ctx, struct dk_stream *s,
		       const struct dk_stream_io *io)
{
	return -EBADFD;
}

static long dk_link_set_length(struct dk_stream *s, u64 len)
{
	return -EBADFD;
}

static unsigned long dk_link_map(struct dk_stream *s, unsigned long addr,
				 unsigned long len, unsigned long prot,
				 unsigned long flags, unsigned long offset)
{
	return -EBADFD;
}

/* The link's own attributes (lstat); nothing to read or write. */
static void dk_link_attr(struct dk_stream *s, struct dk_stream_attr *a)
{
	dk_file_attr(s, a);
	a->flags &= ~(DK_ATTR_READABLE | DK_ATTR_WRITABLE);
	a->size = a->file_size;	/* the target's length */
}

static const struct dk_stream_ops dk_link_ops = {
	.attr_type = DK_STREAM_TYPE_SYMLINK,
	.read = dk_link_io,
	.write = dk_link_io,
	.attr_query = dk_link_attr,
	.set_length = dk_link_set_length,
	.delete = dk_file_delete,
	.rename = dk_file_rename,
	.map = dk_link_map,
	.release = dk_file_release,
};

/*
 * DkStreamSeek(Handle, Offset, Whence, Pos): set a file stream's own
 * position, the one DK_OFFSET_NONE reads and writes use and advance, as
 * lseek(2) does; the new position is written to the s64 at Pos (a call
 * result has 31 bits), and 0 returned.  Taken under the file's f_pos_lock like those
 * reads and writes (dk_stream_vfs_io), so a seek and a sequential read
 * or write on the same stream -- in this picoprocess or in another that
 * inherited it -- never interleave.  Directories: only a rewind (SET 0).
 * Errors: -EINVAL (bad Whence, negative result, past the file system's
 * largest offset, a directory other than a rewind), -EOVERFLOW (the sum
 * overflows), -ESPIPE (not a file or directory stream), -EBADFD (a link
 * stream), -EBADF/-EXDEV,
 * -EFAULT (Pos unwritable; the position has moved).
 */
long dk_sys_stream_seek(struct dk_ctx *ctx, const u64 *args)
{
	s64 off = (s64)args[1];
	u64 whence = args[2];
	struct dk_stream *s;
	struct file *file;
	loff_t base, pos;
	long ret;

	s = dk_stream_get(ctx, args[0]);
	if (IS_ERR(s))
		return PTR_ERR(s);
	file = s->file;
	if (s->ops == &dk_link_ops) {
		ret = -EBADFD;	/* no position: the link's name only */
	} else if (s->ops != &dk_file_ops && s->ops != &dk_dir_ops) {
		ret = -ESPIPE;
	} else if (whence > DK_SEEK_END) {
		ret = -EINVAL;
	} else if (s->ops == &dk_dir_ops &&
		   (whence != DK_SEEK_SET || off != 0)) {
		ret = -EINVAL;
	} else {
		mutex_lock(&file->f_pos_lock);
		if (whence == DK_SEEK_SET)
			base = 0;
		else if (whence == DK_SEEK_CUR)
			base = file->f_pos;
		else
			base = i_size_read(file_inode(file));
		if (check_add_overflow(base, off, &pos))
			ret = -EOVERFLOW;
		else if (pos < 0)
			ret = -EINVAL;
		else
			ret = vfs_llseek(file, pos, SEEK_SET);
		mutex_unlock(&file->f_pos_lock);
	}
	dk_stream_put(s);
	if (ret < 0)
		return ret;
	/* Moved already, as _llseek(2) has when its result is unwritable. */
	pos = ret;
	if (copy_to_user(u64_to_user_ptr(args[3]), &pos, sizeof(pos)))
		return -EFAULT;
	return 0;
}
