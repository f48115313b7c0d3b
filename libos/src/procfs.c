// SPDX-License-Identifier: GPL-2.0
/*
 * procfs.c: the /proc/self names programs use: /proc/self/exe (the
 * program's path, made absolute against the start-up cwd) and
 * /proc/self/fd/N (the path of the file fd N has open; "pipe:[0]"-like
 * names for streams without one).  Both are symlinks to lstat, as on
 * Linux.  /proc/PID with the caller's own pid is not recognised yet.
 */
#include <linux/fcntl.h>
#include <linux/stat.h>

#include "files.h"
#include "lxtime.h"

/* Length of the /proc/self/fd/N prefix. */
#define LX_PROC_FD_LEN	(sizeof("/proc/self/fd/") - 1)

static long lx_proc_copy(const char *s, char *buf, size_t size)
{
	size_t n = strlen(s);

	if (n > size)
		n = size;
	memcpy(buf, s, n);
	return (long)n;
}

/* The program's absolute virtual path into @out (LX_PATH_MAX). */
static long lx_proc_exe(char *out)
{
	const char *p = lx_start_info.exec_path;
	char cwd[LX_PATH_MAX];

	if (!p)
		return -ENOENT;
	if (lx_start_info.cwd && lx_path_norm("/", lx_start_info.cwd, cwd,
					      sizeof(cwd)) < 0)
		return -ENOENT;
	if (!lx_start_info.cwd)
		memcpy(cwd, "/", 2);
	return lx_path_norm(cwd, p, out, LX_PATH_MAX) < 0 ? -ENOENT : 0;
}

static int lx_proc_fdnum(const char *abs)
{
	const char *p;
	long n = 0;

	if (strncmp(abs, "/proc/self/fd/", LX_PROC_FD_LEN))
		return -1;
	for (p = abs + LX_PROC_FD_LEN; *p >= '0' && *p <= '9' && n < LX_FD_MAX;
	     p++)
		n = n * 10 + (*p - '0');
	return (p == abs + LX_PROC_FD_LEN || *p || n >= LX_FD_MAX) ? -1 :
								     (int)n;
}

/* The file of /proc/self/fd/N (a reference), or NULL: no such name. */
static struct lx_file *lx_proc_fd_file(const char *abs)
{
	int fd = lx_proc_fdnum(abs);

	return fd < 0 ? NULL : lx_fd_get(fd);
}

long lx_proc_readlink(const char *abs, char *buf, size_t size)
{
	char path[LX_PATH_MAX];
	struct lx_file *f;
	long ret;

	if (!strcmp(abs, "/proc/self/exe")) {
		ret = lx_proc_exe(path);
		return ret < 0 ? ret : lx_proc_copy(path, buf, size);
	}
	f = lx_proc_fd_file(abs);
	if (!f)
		return -ENOENT;
	if (f->path)
		ret = lx_proc_copy(f->path, buf, size);
	else
		ret = lx_proc_copy(f->kind == LX_F_HOST ? "pipe:[0]" :
				   f->kind == LX_F_PIPE ? "pipe:[1]" :
				   f->kind == LX_F_SOCK ? "socket:[1]" :
				   f->kind == LX_F_EPOLL ?
				   "anon_inode:[eventpoll]" :
				   "anon_inode:[libos]", buf, size);
	lx_file_put(f);
	return ret;
}

/*
 * lstat of a /proc/self link: a symlink (uid and gid 0, as the libOS's
 * ids), its permissions the fd's access mode as Linux shows them
 * (lr-x, l-wx or lrwx for the owner), /proc/self/exe lrwxrwxrwx; the
 * size is 64 for an fd, as Linux reports.  -ENOENT for other names and
 * closed fds.
 */
long lx_proc_lattr(const char *abs, struct dk_stream_attr *a)
{
	struct lx_file *f;

	memset(a, 0, sizeof(*a));
	if (!strcmp(abs, "/proc/self/exe")) {
		a->file_mode = S_IFLNK | 0777;
	} else {
		f = lx_proc_fd_file(abs);
		if (!f)
			return -ENOENT;
		a->file_mode = S_IFLNK | 0700;
		if ((f->flags & O_ACCMODE) == O_RDONLY)
			a->file_mode &= ~0200;
		else if ((f->flags & O_ACCMODE) == O_WRONLY)
			a->file_mode &= ~0400;
		a->file_size = 64;
		lx_file_put(f);
	}
	a->type = DK_STREAM_TYPE_SYMLINK;
	a->nlink = 1;
	a->blksize = 1024;
	a->atime_ns = a->mtime_ns = a->ctime_ns = (int64_t)lx_time_real();
	return 0;
}

long lx_proc_open(const char *abs, int flags, struct lx_file **out)
{
	char path[LX_PATH_MAX];
	long ret;

	if (!strcmp(abs, "/proc/self/exe")) {
		ret = lx_proc_exe(path);
		if (ret < 0)
			return ret;
		if (!strcmp(path, abs))
			return -ELOOP;
		return lx_open_path(path, flags, 0, out);
	}
	*out = lx_proc_fd_file(abs);
	return *out ? 0 : -ENOENT;
}
