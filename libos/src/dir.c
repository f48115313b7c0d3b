// SPDX-License-Identifier: GPL-2.0
/*
 * dir.c: directories and names: getdents64, mkdir, mkdirat, rmdir,
 * unlink, unlinkat, rename, renameat, renameat2, symlink, symlinkat,
 * link, linkat.
 *
 * A directory stream reads as NUL-separated names without "." and "..";
 * getdents64 puts those two first, then every name with its inode number
 * and type from a no-follow query (one Dk call per entry).  Names are
 * removed and renamed through an open stream of the object
 * (DkStreamDelete, DkStreamChangeName); a last-component symlink through
 * a link stream (DK_OPTION_NOFOLLOW), which names the link itself, where
 * the module offers them (DK_FEATURE_LINK_STREAMS; without, EOPNOTSUPP:
 * an ordinary open would act on the target).  Directories are
 * removed through DkStreamDelete too and symlinks made with
 * DkStreamSymlink when the module offers them (its path_lsm_gap
 * parameter, abi/streams.rst); without, rmdir is EOPNOTSUPP and symlink
 * EPERM.  No hard links (the module makes none).
 */
#include <linux/fcntl.h>
#include <linux/stat.h>

#include "files.h"
#include "mem.h"

#define LX_DBUF_SIZE	8192

/* struct linux_dirent64 */
struct lx_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

#define LX_DT_UNKNOWN	0
#define LX_DT_DIR	4
#define LX_DT_REG	8
#define LX_DT_LNK	10

static unsigned char lx_dtype(const struct dk_stream_attr *a)
{
	switch (a->file_mode & S_IFMT) {
	case S_IFDIR:
		return LX_DT_DIR;
	case S_IFREG:
		return LX_DT_REG;
	case S_IFLNK:
		return LX_DT_LNK;
	case S_IFIFO:
		return 1;
	case S_IFCHR:
		return 2;
	case S_IFBLK:
		return 6;
	case S_IFSOCK:
		return 12;
	default:
		return LX_DT_UNKNOWN;
	}
}

/* Start the listing again: a fresh stream of the same directory. */
long lx_dir_rewind(struct lx_file *f)
{
	char uri[LX_PATH_MAX + 8];
	long h;

	if (!f->path)
		return -EINVAL;
	lx_uri(f->path, uri);
	h = DkStreamOpen(uri, DK_ACCESS_READ, 0, 0, 0);
	if (h < 0)
		return h;
	lx_lock(&f->lock);
	DkObjectClose(f->handle);
	f->handle = h;
	f->dlen = f->doff = 0;
	f->dindex = 0;
	f->deof = 0;
	lx_unlock(&f->lock);
	return 0;
}

/* Inode and type of @name in @f's directory ("." and ".." too). */
static void lx_dent_attr(struct lx_file *f, const char *name, uint64_t *ino,
			 unsigned char *type)
{
	char abs[LX_PATH_MAX];
	struct dk_stream_attr a;

	*type = LX_DT_UNKNOWN;
	if (lx_path_norm(f->path, name, abs, sizeof(abs)) < 0 ||
	    lx_attr_path(abs, 0, &a) < 0 || !a.ino)
		return;
	*ino = a.ino;
	*type = lx_dtype(&a);
}

/* Fill @out (@size bytes) with entries; the file's lock is held. */
static long lx_getdents_locked(struct lx_file *f, char *out,
			       unsigned long size)
{
	unsigned long used = 0, reclen, n;
	struct lx_dirent64 *d;
	const char *name;
	long r;

	for (;;) {
		if (f->dindex == 0) {
			name = ".";
		} else if (f->dindex == 1) {
			name = "..";
		} else {
			if (f->doff >= f->dlen) {
				if (f->deof)
					break;
				r = DkStreamRead(f->handle, DK_OFFSET_NONE,
						 LX_DBUF_SIZE, f->dbuf);
				if (r < 0)
					return used ? (long)used : r;
				f->dlen = (unsigned long)r;
				f->doff = 0;
				if (!r) {
					f->deof = 1;
					break;
				}
			}
			name = f->dbuf + f->doff;
		}
		n = strlen(name);
		reclen = (offsetof(struct lx_dirent64, d_name) + n + 1 + 7) &
			 ~7UL;
		if (used + reclen > size)
			return used ? (long)used : -EINVAL;
		d = (struct lx_dirent64 *)(out + used);
		if (!LX_USER_WR(d, reclen))
			return used ? (long)used : -EFAULT;
		d->d_ino = f->dindex + 1;
		lx_dent_attr(f, name, &d->d_ino, &d->d_type);
		d->d_off = (int64_t)f->dindex + 1;
		d->d_reclen = (unsigned short)reclen;
		memcpy(d->d_name, name, n + 1);
		memset(d->d_name + n + 1, 0,
		       reclen - offsetof(struct lx_dirent64, d_name) - n - 1);
		used += reclen;
		if (f->dindex >= 2)
			f->doff += n + 1;
		f->dindex++;
	}
	return (long)used;
}

long lx_sys_getdents64(struct lx_call *c)
{
	struct lx_file *f = lx_fd_get((int)c->a[0]);
	long ret;

	if (!f)
		return -EBADF;
	if (f->kind != LX_F_DIR) {
		lx_file_put(f);
		return -ENOTDIR;
	}
	lx_lock(&f->lock);
	if (!f->dbuf)
		f->dbuf = lx_malloc(LX_DBUF_SIZE);
	ret = f->dbuf ? lx_getdents_locked(f, (char *)c->a[1],
					   (unsigned long)c->a[2]) : -ENOMEM;
	lx_unlock(&f->lock);
	lx_file_put(f);
	return ret;
}

static long lx_mkdir_op(const char *abs, void *arg)
{
	unsigned int mode = *(unsigned int *)arg;
	char uri[LX_PATH_MAX + 8];
	long h;

	lx_uri(abs, uri);
	h = DkStreamOpen(uri, DK_ACCESS_READ, mode ? mode : 0700,
			 DK_CREATE_ALWAYS | DK_CREATE_DIR, 0);
	if (h < 0)
		return h;
	DkObjectClose(h);
	return 0;
}

static long lx_mkdir_at(int dirfd, const char *path, unsigned int mode)
{
	char abs[LX_PATH_MAX];
	long ret;

	ret = lx_at_path(dirfd, path, abs);
	if (ret < 0)
		return ret;
	mode &= 0777 & ~lx_files_umask();
	return lx_path_do(abs, 0, lx_mkdir_op, &mode);
}

long lx_sys_mkdir(struct lx_call *c)
{
	return lx_mkdir_at(AT_FDCWD, (const char *)c->a[0],
			   (unsigned int)c->a[1]);
}

long lx_sys_mkdirat(struct lx_call *c)
{
	return lx_mkdir_at((int)c->a[0], (const char *)c->a[1],
			   (unsigned int)c->a[2]);
}

/* What removing or renaming the name @abs needs to know of it. */
#define LX_WANT_DIR	1
#define LX_WANT_NONDIR	2

/* The object a name change acts on. */
struct lx_name {
	struct lx_file *f;	/* its open file; NULL for a link stream */
	long h;			/* the stream to delete or rename (or < 0) */
	uint32_t type;		/* DK_STREAM_TYPE_* */
};

/* Whether an object of @type may be removed as @want asks. */
static long lx_want_type(uint32_t type, int want)
{
	if ((want & LX_WANT_DIR) && type != DK_STREAM_TYPE_DIR)
		return -ENOTDIR;
	if ((want & LX_WANT_NONDIR) && type == DK_STREAM_TYPE_DIR)
		return -EISDIR;
	return 0;
}

static long lx_open_link_op(const char *abs, void *arg)
{
	char uri[LX_PATH_MAX + 8];

	(void)arg;
	lx_uri(abs, uri);
	return DkStreamOpen(uri, DK_ACCESS_READ, 0, 0, DK_OPTION_NOFOLLOW);
}

/*
 * A link stream of the symlink @abs.  The name may change between the
 * query and the open (then the flag opens what is there): its type is
 * checked again on the stream.
 */
static long lx_open_link(const char *abs, int want, struct lx_name *n)
{
	struct dk_stream_attr a;
	long ret;

	if (!lx_module_has(DK_FEATURE_LINK_STREAMS))
		return -EOPNOTSUPP;	/* the module cannot name a link */
	ret = lx_path_do(abs, 0, lx_open_link_op, NULL);
	if (ret < 0)
		return ret;
	n->h = ret;
	memset(&a, 0, sizeof(a));
	ret = DkStreamAttributesQueryByHandle(n->h, &a);
	if (!ret)
		ret = lx_want_type(a.type, want);
	if (ret < 0) {
		DkObjectClose(n->h);
		return ret;
	}
	n->type = a.type;
	return 0;
}

/*
 * Open the object named by @abs for a name change, a last symlink as a
 * link stream; @want: the type unlink or rmdir requires.  Release with
 * lx_name_put().
 */
static long lx_open_name(const char *abs, int want, struct lx_name *n)
{
	struct dk_stream_attr a;
	long ret;

	n->f = NULL;
	ret = lx_attr_path(abs, 0, &a);
	if (ret < 0)
		return ret;
	ret = lx_want_type(a.type, want);
	if (ret < 0)
		return ret;
	if (a.type == DK_STREAM_TYPE_SYMLINK)
		return lx_open_link(abs, want, n);
	ret = lx_open_path(abs, O_RDONLY | O_NOFOLLOW, 0, &n->f);
	if (ret < 0)
		return ret;
	n->h = n->f->handle;
	n->type = n->f->kind == LX_F_DIR ? DK_STREAM_TYPE_DIR : a.type;
	return 0;
}

static void lx_name_put(struct lx_name *n)
{
	if (n->f)
		lx_file_put(n->f);
	else
		DkObjectClose(n->h);
}

/* The last component of @path, as given (trailing slashes skipped). */
static int lx_last_is(const char *path, const char *name)
{
	size_t n = strlen(path), len = strlen(name);

	while (n > 1 && path[n - 1] == '/')
		n--;
	if (n < len || memcmp(path + n - len, name, len))
		return 0;
	return n == len || path[n - len - 1] == '/';
}

static long lx_remove_at(int dirfd, const char *path, int want)
{
	char abs[LX_PATH_MAX];
	struct lx_name n;
	long ret;

	ret = lx_at_path(dirfd, path, abs);
	if (ret < 0)
		return ret;
	/* rmdir(2) acts on the name as given: "." and ".." are refused. */
	if ((want & LX_WANT_DIR) && lx_last_is(path, "."))
		return -EINVAL;
	if ((want & LX_WANT_DIR) && lx_last_is(path, ".."))
		return -ENOTEMPTY;
	if (!strcmp(abs, "/"))
		return -EBUSY;
	ret = lx_open_name(abs, want, &n);
	if (ret < 0)
		return ret;
	ret = n.h >= 0 ? DkStreamDelete(n.h, DK_DELETE_ALL) : -EPERM;
	lx_name_put(&n);
	return ret;
}

long lx_sys_unlink(struct lx_call *c)
{
	return lx_remove_at(AT_FDCWD, (const char *)c->a[0], LX_WANT_NONDIR);
}

long lx_sys_rmdir(struct lx_call *c)
{
	return lx_remove_at(AT_FDCWD, (const char *)c->a[0], LX_WANT_DIR);
}

long lx_sys_unlinkat(struct lx_call *c)
{
	int flags = (int)c->a[2];

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return lx_remove_at((int)c->a[0], (const char *)c->a[1],
			    (flags & AT_REMOVEDIR) ? LX_WANT_DIR :
						     LX_WANT_NONDIR);
}

static long lx_rename_at(int olddirfd, const char *oldpath, int newdirfd,
			 const char *newpath, unsigned int flags)
{
	char oldabs[LX_PATH_MAX], newabs[LX_PATH_MAX + 8];
	struct dk_stream_attr a;
	struct lx_name n;
	long ret;

	if (flags)
		return -EINVAL;		/* RENAME_NOREPLACE & co.: not yet */
	ret = lx_at_path(olddirfd, oldpath, oldabs);
	if (ret < 0)
		return ret;
	ret = lx_at_path(newdirfd, newpath, newabs + 5);
	if (ret < 0)
		return ret;
	if (!strcmp(oldabs, newabs + 5))
		return 0;
	ret = lx_open_name(oldabs, 0, &n);
	if (ret < 0)
		return ret;
	/* rename(2)'s type rules the module leaves to the file system. */
	if (lx_attr_path(newabs + 5, 0, &a) == 0)
		ret = lx_want_type(a.type, n.type == DK_STREAM_TYPE_DIR ?
					   LX_WANT_DIR : LX_WANT_NONDIR);
	if (!ret) {
		memcpy(newabs, "file:", 5);
		ret = n.h >= 0 ? DkStreamChangeName(n.h, newabs) : -EXDEV;
	}
	lx_name_put(&n);
	return ret;
}

long lx_sys_rename(struct lx_call *c)
{
	return lx_rename_at(AT_FDCWD, (const char *)c->a[0], AT_FDCWD,
			    (const char *)c->a[1], 0);
}

long lx_sys_renameat(struct lx_call *c)
{
	return lx_rename_at((int)c->a[0], (const char *)c->a[1], (int)c->a[2],
			    (const char *)c->a[3], 0);
}

long lx_sys_renameat2(struct lx_call *c)
{
	return lx_rename_at((int)c->a[0], (const char *)c->a[1], (int)c->a[2],
			    (const char *)c->a[3], (unsigned int)c->a[4]);
}

static long lx_symlink_op(const char *abs, void *arg)
{
	char uri[LX_PATH_MAX + 8];

	lx_uri(abs, uri);
	return DkStreamSymlink((const char *)arg, uri);
}

/*
 * symlink(2) over DkStreamSymlink; the target is the module's to read
 * (EFAULT, ENOENT for "", ENAMETOOLONG).  A module without it (loaded
 * with path_lsm_gap=0) answers EOPNOTSUPP: EPERM, as for hard links.
 */
static long lx_symlink_at(const char *target, int dirfd, const char *path)
{
	char abs[LX_PATH_MAX];
	long ret;

	ret = lx_at_path(dirfd, path, abs);
	if (ret < 0)
		return ret;
	ret = lx_path_do(abs, 0, lx_symlink_op, (void *)target);
	return ret == -EOPNOTSUPP ? -EPERM : ret;
}

/*
 * No hard link creation (the module makes none).  An existing name is
 * still EEXIST.
 */
static long lx_link_at(int dirfd, const char *path)
{
	char abs[LX_PATH_MAX];
	struct dk_stream_attr a;
	long ret;

	ret = lx_at_path(dirfd, path, abs);
	if (ret < 0)
		return ret;
	if (lx_attr_path(abs, 0, &a) == 0)
		return -EEXIST;
	return -EPERM;
}

long lx_sys_symlink(struct lx_call *c)
{
	return lx_symlink_at((const char *)c->a[0], AT_FDCWD,
			     (const char *)c->a[1]);
}

long lx_sys_symlinkat(struct lx_call *c)
{
	return lx_symlink_at((const char *)c->a[0], (int)c->a[1],
			     (const char *)c->a[2]);
}

long lx_sys_link(struct lx_call *c)
{
	return lx_link_at(AT_FDCWD, (const char *)c->a[1]);
}

long lx_sys_linkat(struct lx_call *c)
{
	return lx_link_at((int)c->a[2], (const char *)c->a[3]);
}
