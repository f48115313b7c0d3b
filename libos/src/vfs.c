// SPDX-License-Identifier: GPL-2.0
/*
 * vfs.c: the virtual namespace.  The program sees the manifest's fs
 * roots under their virtual names (file:/data/x is /data/x).  Paths are
 * made absolute against the cwd or a directory fd and normalized
 * lexically; the module walks them beneath their root.  Symlinks the
 * module refuses to follow (absolute targets, targets in another root)
 * are resolved here, component by component, chroot-style: an absolute
 * target restarts at the virtual "/", never at the host's.
 */
#include "files.h"
#include "mem.h"

#ifdef LX_UNIT_TEST
#include <stdlib.h>
#include <string.h>
#define lx_malloc	malloc
#define lx_free		free
#else
#include <linux/fcntl.h>
#endif

/* Append component @c (@n bytes) to the absolute path @out of @len. */
static long lx_push(char *out, size_t size, size_t len, const char *c,
		    size_t n)
{
	if (n == 1 && c[0] == '.')
		return (long)len;
	if (n == 2 && c[0] == '.' && c[1] == '.') {
		while (len > 1 && out[len - 1] != '/')
			len--;
		if (len > 1)
			len--;		/* the slash, unless it is the root */
		out[len] = '\0';
		return (long)len;
	}
	if (len + (len > 1) + n + 1 > size)
		return -ENAMETOOLONG;
	if (len > 1)
		out[len++] = '/';
	memcpy(out + len, c, n);
	len += n;
	out[len] = '\0';
	return (long)len;
}

/* Push every component of @p onto @out (of @len). */
static long lx_push_all(char *out, size_t size, long len, const char *p)
{
	const char *e;

	while (len >= 0 && *p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		for (e = p; *e && *e != '/'; e++)
			;
		len = lx_push(out, size, (size_t)len, p, (size_t)(e - p));
		p = e;
	}
	return len;
}

long lx_path_norm(const char *base, const char *path, char *out,
		  size_t size)
{
	long len;

	if (!path[0])
		return -ENOENT;
	if (size < 2)
		return -ENAMETOOLONG;
	out[0] = '/';
	out[1] = '\0';
	len = 1;
	if (path[0] != '/')
		len = lx_push_all(out, size, len, base);
	return lx_push_all(out, size, len, path);
}

/* lx_path_resolve with @rest and @tgt, LX_PATH_MAX bytes each. */
static long lx_resolve_in(const char *abs, int follow_last, char *out,
			  size_t size, lx_readlink_fn *readlink_fn,
			  char *rest, char *tgt)
{
	size_t len = 1, n, n2;
	int links = 0;
	const char *p, *e;
	long r;

	memcpy(rest, abs, strlen(abs) + 1);
	out[0] = '/';
	out[1] = '\0';
	p = rest;
	for (;;) {
		size_t before = len;
		int last;

		while (*p == '/')
			p++;
		if (!*p)
			return (long)len;
		for (e = p; *e && *e != '/'; e++)
			;
		n = (size_t)(e - p);
		for (last = 1, n2 = 0; e[n2]; n2++)
			if (e[n2] != '/')
				last = 0;
		r = lx_push(out, size, len, p, n);
		if (r < 0)
			return r;
		len = (size_t)r;
		p = e;
		/* "." and "..", or the last name when not followed. */
		if (len <= before || (last && !follow_last))
			continue;
		r = readlink_fn(out, tgt, LX_PATH_MAX - 1);
		if (r == -EINVAL)
			continue;		/* not a symlink */
		if (r == -ENOENT && !last)
			return -ENOENT;
		if (r < 0)
			continue;		/* the operation will tell */
		if (++links > LX_SYMLINK_MAX)
			return -ELOOP;
		if (r == 0)
			return -ENOENT;
		tgt[r] = '\0';
		/* rest := target + "/" + what followed the link */
		n = strlen(p);
		if ((size_t)r + 1 + n + 1 > LX_PATH_MAX)
			return -ENAMETOOLONG;
		memmove(rest + r + 1, p, n + 1);
		memcpy(rest, tgt, (size_t)r);
		rest[r] = '/';
		p = rest;
		/* The link's name goes; an absolute target starts at "/". */
		len = before;
		out[len] = '\0';
		if (tgt[0] == '/') {
			len = 1;
			out[1] = '\0';
		}
	}
}

long lx_path_resolve(const char *abs, int follow_last, char *out,
		     size_t size, lx_readlink_fn *readlink_fn)
{
	char *buf;
	long r;

	if (strlen(abs) >= LX_PATH_MAX || size < 2)
		return -ENAMETOOLONG;
	buf = lx_malloc(2 * LX_PATH_MAX);	/* not on the handler's stack */
	if (!buf)
		return -ENOMEM;
	r = lx_resolve_in(abs, follow_last, out, size, readlink_fn, buf,
			  buf + LX_PATH_MAX);
	lx_free(buf);
	return r;
}

#ifndef LX_UNIT_TEST

/* lx_cwd_lock protects lx_cwd. */
struct lx_lock lx_cwd_lock = LX_LOCK_INIT;
static char lx_cwd[LX_PATH_MAX] = "/";

void lx_cwd_get(char *buf)
{
	lx_lock(&lx_cwd_lock);
	memcpy(buf, lx_cwd, strlen(lx_cwd) + 1);
	lx_unlock(&lx_cwd_lock);
}

long lx_cwd_set(const char *abs)
{
	size_t n = strlen(abs);

	if (n >= sizeof(lx_cwd))
		return -ENAMETOOLONG;
	lx_lock(&lx_cwd_lock);
	memcpy(lx_cwd, abs, n + 1);
	lx_unlock(&lx_cwd_lock);
	return 0;
}

long lx_at_path(int dirfd, const char *path, char *out)
{
	long ret = lx_user_strnlen(path, LX_PATH_MAX);

	return ret < 0 ? ret : lx_at_path_k(dirfd, path, out);
}

long lx_at_path_k(int dirfd, const char *path, char *out)
{
	char base[LX_PATH_MAX];
	struct lx_file *f;
	long ret;

	if (path[0] == '/' || dirfd == AT_FDCWD) {
		lx_cwd_get(base);
	} else {
		f = lx_fd_get(dirfd);
		if (!f)
			return -EBADF;
		if (f->kind != LX_F_DIR || !f->path) {
			lx_file_put(f);
			return -ENOTDIR;
		}
		memcpy(base, f->path, strlen(f->path) + 1);
		lx_file_put(f);
	}
	ret = lx_path_norm(base, path, out, LX_PATH_MAX);
	return ret < 0 ? ret : 0;
}

void lx_uri(const char *abs, char *uri)
{
	memcpy(uri, "file:", 5);
	memcpy(uri + 5, abs, strlen(abs) + 1);
}

long lx_vfs_readlink(const char *abs, char *buf, size_t size)
{
	char uri[LX_PATH_MAX + 8];
	long ret;

	ret = lx_proc_readlink(abs, buf, size);
	if (ret != -ENOENT)
		return ret;
	lx_uri(abs, uri);
	return DkStreamReadLink(uri, buf, size);
}

long lx_path_do(const char *abs, int follow_last, lx_path_op *op, void *arg)
{
	char res[LX_PATH_MAX];
	long ret, r;

	ret = op(abs, arg);
	if (ret != -EACCES && ret != -ELOOP)
		return ret;
	r = lx_path_resolve(abs, follow_last, res, sizeof(res),
			    lx_vfs_readlink);
	if (r < 0)
		return ret == -EACCES ? ret : r;
	if (!strcmp(res, abs))
		return ret;
	return op(res, arg);
}

/* mem keeps the umask (ids.c); without it, Linux's default. */
int lx_umask_get(void) __attribute__((weak));

unsigned int lx_files_umask(void)
{
	return lx_umask_get ? (unsigned int)lx_umask_get() & 0777 : 022;
}

/* getcwd(2): the virtual cwd; ERANGE if it does not fit. */
long lx_sys_getcwd(struct lx_call *c)
{
	char cwd[LX_PATH_MAX];
	size_t n;

	lx_cwd_get(cwd);
	n = strlen(cwd) + 1;
	if ((unsigned long)c->a[1] < n)
		return -ERANGE;
	if (!LX_USER_WR(c->a[0], n))
		return -EFAULT;
	memcpy((void *)c->a[0], cwd, n);
	return (long)n;
}

static long lx_chdir_op(const char *abs, void *arg)
{
	struct dk_stream_attr a;
	long ret;

	(void)arg;
	ret = lx_attr_path(abs, 1, &a);
	if (ret < 0)
		return ret;
	if (a.type != DK_STREAM_TYPE_DIR)
		return -ENOTDIR;
	return lx_cwd_set(abs);
}

long lx_sys_chdir(struct lx_call *c)
{
	char abs[LX_PATH_MAX];
	long ret;

	ret = lx_at_path(AT_FDCWD, (const char *)c->a[0], abs);
	if (ret < 0)
		return ret;
	return lx_path_do(abs, 1, lx_chdir_op, NULL);
}

long lx_sys_fchdir(struct lx_call *c)
{
	struct lx_file *f = lx_fd_get((int)c->a[0]);
	long ret;

	if (!f)
		return -EBADF;
	ret = (f->kind == LX_F_DIR && f->path) ? lx_cwd_set(f->path) :
						 -ENOTDIR;
	lx_file_put(f);
	return ret;
}

#endif
