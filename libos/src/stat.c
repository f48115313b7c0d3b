// SPDX-License-Identifier: GPL-2.0
/*
 * stat.c: what the program learns about names and fds, and the metadata
 * it may change: stat, fstat, lstat, newfstatat, statx, access,
 * faccessat, faccessat2, readlink, readlinkat, utimensat, and the mode
 * and owner calls (chmod, fchmod, fchmodat, chown, fchown, lchown,
 * fchownat).
 *
 * Every stat field comes from the host file through the module's
 * struct dk_stream_attr (DK_FEATURE_FILE_ATTRS): nothing is made up.
 * The module cannot change a mode or an owner (abi/streams.rst): those
 * calls succeed when they would change nothing and fail with EPERM
 * otherwise.
 */
#include <linux/fcntl.h>
#include <linux/stat.h>

#include "files.h"
#include "mem.h"

#define LX_UTIME_NOW	((1L << 30) - 1)
#define LX_UTIME_OMIT	((1L << 30) - 2)
#define LX_NSEC		1000000000L

/* struct stat of x86-64 (the kernel's asm/stat.h for __x86_64__). */
struct lx_stat {
	unsigned long st_dev;
	unsigned long st_ino;
	unsigned long st_nlink;
	unsigned int st_mode;
	unsigned int st_uid;
	unsigned int st_gid;
	unsigned int pad0;
	unsigned long st_rdev;
	long st_size;
	long st_blksize;
	long st_blocks;
	unsigned long st_atime;
	unsigned long st_atime_nsec;
	unsigned long st_mtime;
	unsigned long st_mtime_nsec;
	unsigned long st_ctime;
	unsigned long st_ctime_nsec;
	long unused[3];
};

/* glibc's makedev: what st_dev holds. */
static unsigned long lx_makedev(unsigned long ma, unsigned long mi)
{
	return ((ma & 0xfffff000UL) << 32) | ((ma & 0xfffUL) << 8) |
	       ((mi & 0xffffff00UL) << 12) | (mi & 0xffUL);
}

/* ns since the epoch as seconds and nanoseconds (floor). */
static void lx_ns_split(int64_t ns, int64_t *sec, uint32_t *nsec)
{
	int64_t s = ns / LX_NSEC, r = ns % LX_NSEC;

	if (r < 0) {
		r += LX_NSEC;
		s--;
	}
	*sec = s;
	*nsec = (uint32_t)r;
}

long lx_attr_file(struct lx_file *f, struct dk_stream_attr *a)
{
	long ret;

	memset(a, 0, sizeof(*a));
	if (f->kind == LX_F_SOCK || f->kind == LX_F_EPOLL) {
		/* Linux: sockets are S_IFSOCK 0777, epoll an anon inode */
		a->file_mode = f->kind == LX_F_SOCK ? S_IFSOCK | 0777 : 0600;
		a->nlink = 1;
		a->blksize = 4096;
		return 0;
	}
	if (f->handle < 0) {
		lx_dev_attr(f, a);
		return 0;
	}
	ret = DkStreamAttributesQueryByHandle(f->handle, a);
	if (ret < 0)
		return ret;
	if (!a->file_mode) {	/* not a host file: a pipe or socket */
		a->file_mode = S_IFIFO | 0600;
		a->nlink = 1;
		a->blksize = 4096;
	}
	return 0;
}

struct lx_attr_req {
	int follow;
	struct dk_stream_attr *a;
};

static long lx_attr_op(const char *abs, void *arg)
{
	struct lx_attr_req *rq = arg;
	char uri[LX_PATH_MAX + 8];

	lx_uri(abs, uri);
	return DkStreamAttributesQueryEx(uri, rq->follow ? 0 :
					 DK_ATTR_QUERY_NOFOLLOW, rq->a,
					 sizeof(*rq->a));
}

long lx_attr_path(const char *abs, int follow, struct dk_stream_attr *a)
{
	struct lx_attr_req rq = { .follow = follow, .a = a };
	struct lx_file *f;
	long ret;

	ret = lx_dev_open(abs, O_RDONLY | O_PATH, &f);
	if (ret == -ENOENT && follow)
		ret = lx_proc_open(abs, O_RDONLY | O_PATH, &f);
	else if (ret == -ENOENT && lx_proc_lattr(abs, a) == 0)
		return 0;
	if (ret != -ENOENT) {
		if (ret < 0)
			return ret;
		ret = lx_attr_file(f, a);
		lx_file_put(f);
		return ret;
	}
	memset(a, 0, sizeof(*a));
	return lx_path_do(abs, follow, lx_attr_op, &rq);
}

/*
 * The libOS's own callers' "this fd" (fstat, fchmod, fchown): no
 * application string to check.  Not an AT_* flag; the calls that take
 * flags from the program refuse unknown bits before.
 */
#define LX_AT_FD	0x40000000

/*
 * The attributes of (@dirfd, @path) with AT_* @flags: AT_EMPTY_PATH and
 * "" name @dirfd itself, AT_SYMLINK_NOFOLLOW does not follow a last
 * symlink.
 */
static long lx_attr_at(int dirfd, const char *path, int flags,
		       struct dk_stream_attr *a)
{
	char abs[LX_PATH_MAX];
	struct lx_file *f;
	long ret;

	if (flags & LX_AT_FD)
		goto by_fd;
	ret = lx_user_strnlen(path, LX_PATH_MAX);
	if (ret < 0)
		return ret;
	if (!path[0] && (flags & AT_EMPTY_PATH)) {
		if (dirfd == AT_FDCWD) {
			lx_cwd_get(abs);
			return lx_attr_path(abs, 1, a);
		}
by_fd:
		f = lx_fd_get(dirfd);
		if (!f)
			return -EBADF;
		ret = lx_attr_file(f, a);
		lx_file_put(f);
		return ret;
	}
	ret = lx_at_path(dirfd, path, abs);
	if (ret < 0)
		return ret;
	return lx_attr_path(abs, !(flags & AT_SYMLINK_NOFOLLOW), a);
}

static void lx_fill_stat(const struct dk_stream_attr *a, struct lx_stat *st)
{
	int64_t s;
	uint32_t ns;

	memset(st, 0, sizeof(*st));
	st->st_dev = lx_makedev(a->dev_major, a->dev_minor);
	st->st_ino = a->ino;
	st->st_nlink = a->nlink;
	st->st_mode = a->file_mode;
	st->st_uid = a->uid;
	st->st_gid = a->gid;
	st->st_rdev = (a->file_mode & S_IFMT) == S_IFCHR ?
		      lx_makedev(a->dev_major, a->dev_minor) : 0;
	if ((a->file_mode & S_IFMT) == S_IFCHR)
		st->st_dev = lx_makedev(0, 6);	/* devtmpfs-like */
	st->st_size = (long)a->file_size;
	st->st_blksize = a->blksize;
	st->st_blocks = (long)a->blocks;
	lx_ns_split(a->atime_ns, &s, &ns);
	st->st_atime = (unsigned long)s;
	st->st_atime_nsec = ns;
	lx_ns_split(a->mtime_ns, &s, &ns);
	st->st_mtime = (unsigned long)s;
	st->st_mtime_nsec = ns;
	lx_ns_split(a->ctime_ns, &s, &ns);
	st->st_ctime = (unsigned long)s;
	st->st_ctime_nsec = ns;
}

static long lx_stat_out(long ret, const struct dk_stream_attr *a, long ubuf)
{
	if (ret < 0)
		return ret;
	if (!LX_USER_WR(ubuf, sizeof(struct lx_stat)))
		return -EFAULT;
	lx_fill_stat(a, (struct lx_stat *)ubuf);
	return 0;
}

long lx_sys_stat(struct lx_call *c)
{
	struct dk_stream_attr a;

	return lx_stat_out(lx_attr_at(AT_FDCWD, (const char *)c->a[0], 0, &a),
			   &a, c->a[1]);
}

long lx_sys_lstat(struct lx_call *c)
{
	struct dk_stream_attr a;

	return lx_stat_out(lx_attr_at(AT_FDCWD, (const char *)c->a[0],
				      AT_SYMLINK_NOFOLLOW, &a), &a, c->a[1]);
}

long lx_sys_fstat(struct lx_call *c)
{
	struct dk_stream_attr a;

	return lx_stat_out(lx_attr_at((int)c->a[0], NULL, LX_AT_FD, &a), &a,
			   c->a[1]);
}

long lx_sys_newfstatat(struct lx_call *c)
{
	struct dk_stream_attr a;
	int flags = (int)c->a[3];

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT))
		return -EINVAL;
	return lx_stat_out(lx_attr_at((int)c->a[0], (const char *)c->a[1],
				      flags, &a), &a, c->a[2]);
}

static void lx_statx_ts(int64_t ns, struct statx_timestamp *t)
{
	int64_t s;
	uint32_t n;

	lx_ns_split(ns, &s, &n);
	t->tv_sec = s;
	t->tv_nsec = n;
}

long lx_sys_statx(struct lx_call *c)
{
	struct statx *sx = (struct statx *)c->a[4];
	int flags = (int)c->a[2];
	struct dk_stream_attr a;
	long ret;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT |
		      AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((unsigned int)c->a[3] & STATX__RESERVED)
		return -EINVAL;
	ret = lx_attr_at((int)c->a[0], (const char *)c->a[1], flags, &a);
	if (ret < 0)
		return ret;
	if (!LX_USER_WR(sx, sizeof(*sx)))
		return -EFAULT;
	memset(sx, 0, sizeof(*sx));
	sx->stx_mask = STATX_BASIC_STATS;
	sx->stx_blksize = a.blksize;
	sx->stx_nlink = a.nlink;
	sx->stx_uid = a.uid;
	sx->stx_gid = a.gid;
	sx->stx_mode = (uint16_t)a.file_mode;
	sx->stx_ino = a.ino;
	sx->stx_size = a.file_size;
	sx->stx_blocks = a.blocks;
	lx_statx_ts(a.atime_ns, &sx->stx_atime);
	lx_statx_ts(a.mtime_ns, &sx->stx_mtime);
	lx_statx_ts(a.ctime_ns, &sx->stx_ctime);
	if ((a.file_mode & S_IFMT) == S_IFCHR) {
		sx->stx_rdev_major = a.dev_major;
		sx->stx_rdev_minor = a.dev_minor;
		sx->stx_dev_minor = 6;
	} else {
		sx->stx_dev_major = a.dev_major;
		sx->stx_dev_minor = a.dev_minor;
	}
	return 0;
}

/*
 * access(2) from the attributes: the module's READABLE and WRITABLE say
 * what an open would allow (manifest policy and host permissions
 * together); directories' write and execute, and execute of files, go by
 * the permission bits.
 */
static long lx_access_at(int dirfd, const char *path, int mode, int flags)
{
	struct dk_stream_attr a;
	int dir;
	long ret;

	if (mode & ~7)
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	ret = lx_attr_at(dirfd, path, flags, &a);
	if (ret < 0)
		return ret;
	if (!a.file_mode || a.type == DK_STREAM_TYPE_HOST)
		return 0;	/* /dev files, launcher streams */
	dir = (a.file_mode & S_IFMT) == S_IFDIR;
	if ((mode & 4) && !(a.flags & DK_ATTR_READABLE))
		return -EACCES;
	if ((mode & 2) && (dir ? !(a.file_mode & 0222) :
			   !(a.flags & DK_ATTR_WRITABLE)))
		return -EACCES;
	if ((mode & 1) && !(a.file_mode & 0111))
		return -EACCES;
	return 0;
}

long lx_sys_access(struct lx_call *c)
{
	return lx_access_at(AT_FDCWD, (const char *)c->a[0], (int)c->a[1], 0);
}

long lx_sys_faccessat(struct lx_call *c)
{
	return lx_access_at((int)c->a[0], (const char *)c->a[1], (int)c->a[2],
			    0);
}

long lx_sys_faccessat2(struct lx_call *c)
{
	return lx_access_at((int)c->a[0], (const char *)c->a[1], (int)c->a[2],
			    (int)c->a[3]);
}

struct lx_readlink_req {
	char *buf;
	size_t size;
};

/* Into a libOS buffer first: /proc/self links are copied by the libOS. */
static long lx_readlink_op(const char *abs, void *arg)
{
	struct lx_readlink_req *rq = arg;
	char tgt[LX_PATH_MAX];
	long n;

	n = lx_vfs_readlink(abs, tgt, rq->size < sizeof(tgt) ? rq->size :
							       sizeof(tgt));
	if (n <= 0)
		return n;
	if (!LX_USER_WR(rq->buf, (unsigned long)n))
		return -EFAULT;
	memcpy(rq->buf, tgt, (size_t)n);
	return n;
}

static long lx_readlink_at(int dirfd, const char *path, char *buf, long size)
{
	struct lx_readlink_req rq = { .buf = buf, .size = (size_t)size };
	char abs[LX_PATH_MAX];
	long ret;

	if (size <= 0)
		return -EINVAL;
	ret = lx_at_path(dirfd, path, abs);
	if (ret < 0)
		return ret;
	return lx_path_do(abs, 0, lx_readlink_op, &rq);
}

long lx_sys_readlink(struct lx_call *c)
{
	return lx_readlink_at(AT_FDCWD, (const char *)c->a[0],
			      (char *)c->a[1], c->a[2]);
}

long lx_sys_readlinkat(struct lx_call *c)
{
	return lx_readlink_at((int)c->a[0], (const char *)c->a[1],
			      (char *)c->a[2], c->a[3]);
}

/* struct timespec of x86-64. */
struct lx_timespec {
	long sec;
	long nsec;
};


/*
 * The file whose metadata a call changes: fd @dirfd's own (@by_fd), else
 * the name (@dirfd, @path) opened for reading, else for writing (the
 * module changes times and modes through a handle).  @nofollow: a final
 * symlink is EOPNOTSUPP (Dk has no call on a link itself).
 */
static long lx_meta_open(int dirfd, const char *path, int by_fd,
			 int nofollow, struct lx_file **f)
{
	char abs[LX_PATH_MAX];
	struct dk_stream_attr a;
	long ret;

	if (by_fd) {
		*f = lx_fd_get(dirfd);
		return *f ? 0 : -EBADF;
	}
	ret = lx_at_path(dirfd, path, abs);
	if (ret < 0)
		return ret;
	if (nofollow) {
		ret = lx_attr_path(abs, 0, &a);
		if (ret < 0)
			return ret;
		if (a.type == DK_STREAM_TYPE_SYMLINK)
			return -EOPNOTSUPP;	/* no link times */
	}
	ret = lx_open_path(abs, O_RDONLY, 0, f);
	if (ret == -EACCES)
		ret = lx_open_path(abs, O_WRONLY, 0, f);
	return ret;
}

/* One utimensat time into @ns and the NOW/OMIT flags. */
static long lx_time_in(const struct lx_timespec *t, __s64 *ns,
		       uint32_t *flags, uint32_t now, uint32_t omit)
{
	if (t->nsec == LX_UTIME_NOW) {
		*flags |= now;
	} else if (t->nsec == LX_UTIME_OMIT) {
		*flags |= omit;
	} else {
		if (t->nsec < 0 || t->nsec >= LX_NSEC)
			return -EINVAL;
		*ns = t->sec * LX_NSEC + t->nsec;
	}
	return 0;
}

long lx_sys_utimensat(struct lx_call *c)
{
	const struct lx_timespec *ts = (const void *)c->a[2];
	int dirfd = (int)c->a[0], flags = (int)c->a[3];
	const char *path = (const char *)c->a[1];
	struct dk_stream_times t = { 0 };
	struct lx_file *f;
	long ret;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (ts && !LX_USER_RD(ts, 2 * sizeof(*ts)))
		return -EFAULT;
	if (path) {
		ret = lx_user_strnlen(path, LX_PATH_MAX);
		if (ret < 0)
			return ret;
	}
	if (!ts) {
		t.flags = DK_TIMES_ATIME_NOW | DK_TIMES_MTIME_NOW;
	} else if (lx_time_in(&ts[0], &t.atime_ns, &t.flags,
			      DK_TIMES_ATIME_NOW, DK_TIMES_ATIME_OMIT) ||
		   lx_time_in(&ts[1], &t.mtime_ns, &t.flags,
			      DK_TIMES_MTIME_NOW, DK_TIMES_MTIME_OMIT)) {
		return -EINVAL;
	}
	ret = lx_meta_open(dirfd, path,
			   !path || (!path[0] && (flags & AT_EMPTY_PATH)),
			   flags & AT_SYMLINK_NOFOLLOW, &f);
	if (ret < 0)
		return ret;
	if (f->kind == LX_F_STREAM || f->kind == LX_F_DIR)
		ret = DkStreamSetTimes(f->handle, &t);
	else
		ret = f->kind == LX_F_HOST ? -EPERM : 0;
	lx_file_put(f);
	return ret;
}

/*
 * chown, and chmod where the module cannot: no way to change the owner
 * (the module never gives files away), and no chmod without the module's
 * path_lsm_gap.  A call that changes nothing succeeds, as Linux's does;
 * anything else is EPERM.
 */
static long lx_meta_at(int dirfd, const char *path, int flags, long mode,
		       long uid, long gid)
{
	struct dk_stream_attr a;
	long ret;

	ret = lx_attr_at(dirfd, path, flags, &a);
	if (ret < 0)
		return ret;
	if (mode >= 0 && (mode & 07777) != (a.file_mode & 07777))
		return -EPERM;
	if ((uid != -1 && (uint32_t)uid != a.uid) ||
	    (gid != -1 && (uint32_t)gid != a.gid))
		return -EPERM;
	return 0;
}

/* chmod on an open file: DK_ATTR_SET_MODE on a file or directory. */
static long lx_chmod_file(struct lx_file *f, unsigned int mode)
{
	struct dk_stream_attr_set set = {
		.mask = DK_ATTR_SET_MODE, .mode = mode & 07777,
	};

	if (f->kind != LX_F_STREAM && f->kind != LX_F_DIR)
		return -EOPNOTSUPP;	/* devices, std streams: not ours */
	return DkStreamAttributesSetByHandle(f->handle, &set);
}

/*
 * chmod(2), fchmod(2), fchmodat(2) (@dirfd and @path, or LX_AT_FD for
 * the fd @dirfd): the object is opened (following symlinks, as
 * chmod does) for reading, else writing; one the caller can do neither
 * with is EACCES (Linux needs only ownership).  Where the module refuses
 * (EOPNOTSUPP), lx_meta_at's answer.
 */
static long lx_chmod_at(int dirfd, const char *path, int flags,
			unsigned int mode)
{
	struct lx_file *f;
	long ret;

	ret = lx_meta_open(dirfd, path, flags & LX_AT_FD, 0, &f);
	if (ret == -EISDIR)
		ret = -EACCES;	/* a directory we cannot read */
	if (ret < 0)
		return ret;
	ret = lx_chmod_file(f, mode);
	lx_file_put(f);
	if (ret == -EOPNOTSUPP)
		ret = lx_meta_at(dirfd, path, flags, mode & 07777, -1, -1);
	return ret;
}

long lx_sys_chmod(struct lx_call *c)
{
	return lx_chmod_at(AT_FDCWD, (const char *)c->a[0], 0,
			   (unsigned int)c->a[1]);
}

long lx_sys_fchmod(struct lx_call *c)
{
	return lx_chmod_at((int)c->a[0], NULL, LX_AT_FD,
			   (unsigned int)c->a[1]);
}

long lx_sys_fchmodat(struct lx_call *c)
{
	return lx_chmod_at((int)c->a[0], (const char *)c->a[1], 0,
			   (unsigned int)c->a[2]);
}

long lx_sys_chown(struct lx_call *c)
{
	return lx_meta_at(AT_FDCWD, (const char *)c->a[0], 0, -1,
			  (int)c->a[1], (int)c->a[2]);
}

long lx_sys_lchown(struct lx_call *c)
{
	return lx_meta_at(AT_FDCWD, (const char *)c->a[0],
			  AT_SYMLINK_NOFOLLOW, -1, (int)c->a[1], (int)c->a[2]);
}

long lx_sys_fchown(struct lx_call *c)
{
	return lx_meta_at((int)c->a[0], NULL, LX_AT_FD, -1, (int)c->a[1],
			  (int)c->a[2]);
}

long lx_sys_fchownat(struct lx_call *c)
{
	if ((int)c->a[4] & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return lx_meta_at((int)c->a[0], (const char *)c->a[1], (int)c->a[4],
			  -1, (int)c->a[2], (int)c->a[3]);
}
