// SPDX-License-Identifier: GPL-2.0
/*
 * dev.c: the device names the libOS provides itself: /dev/null,
 * /dev/zero, /dev/urandom and /dev/random (DkRandomBitsRead),
 * /dev/stdin, /dev/stdout, /dev/stderr and /dev/fd/N (the open file
 * description of that fd, as a dup: Linux reopens it, which differs only
 * in the offset being shared).  Their stat answers are Linux's usual
 * character devices (1:3, 1:5, 1:9, 1:8).
 */
#include <linux/fcntl.h>
#include <linux/stat.h>

#include "files.h"

struct lx_dev {
	const char *name;
	int kind;
	unsigned int minor;
};

static const struct lx_dev lx_devs[] = {
	{ "/dev/null", LX_F_NULL, 3 },
	{ "/dev/zero", LX_F_ZERO, 5 },
	{ "/dev/urandom", LX_F_RANDOM, 9 },
	{ "/dev/random", LX_F_RANDOM, 8 },
};

/* The fd @abs names: /dev/stdin..stderr, /dev/fd/N; -1 if none. */
static int lx_dev_fdnum(const char *abs)
{
	static const char *const std[] = {
		"/dev/stdin", "/dev/stdout", "/dev/stderr"
	};
	const char *p;
	long n = 0;
	int i;

	for (i = 0; i < 3; i++)
		if (!strcmp(abs, std[i]))
			return i;
	if (strncmp(abs, "/dev/fd/", 8))
		return -1;
	for (p = abs + 8; *p >= '0' && *p <= '9' && n < LX_FD_MAX; p++)
		n = n * 10 + (*p - '0');
	return (p == abs + 8 || *p || n >= LX_FD_MAX) ? -1 : (int)n;
}

long lx_dev_open(const char *abs, int flags, struct lx_file **out)
{
	struct lx_file *f;
	unsigned int i;
	int fd;

	fd = lx_dev_fdnum(abs);
	if (fd >= 0) {
		f = lx_fd_get(fd);
		if (!f)
			return -ENOENT;
		*out = f;
		return 0;
	}
	for (i = 0; i < LX_ARRAY_SIZE(lx_devs); i++) {
		if (strcmp(abs, lx_devs[i].name))
			continue;
		if (flags & O_DIRECTORY)
			return -ENOTDIR;
		f = lx_file_new(lx_devs[i].kind, -1, flags, abs);
		if (!f)
			return -ENOMEM;
		*out = f;
		return 0;
	}
	return -ENOENT;
}

void lx_dev_attr(struct lx_file *f, struct dk_stream_attr *a)
{
	unsigned int i;

	memset(a, 0, sizeof(*a));
	a->type = DK_STREAM_TYPE_FILE;
	a->file_mode = S_IFCHR | 0666;
	a->mode = 0666;
	a->nlink = 1;
	a->blksize = 4096;
	a->dev_major = 1;
	a->flags = DK_ATTR_READABLE | DK_ATTR_WRITABLE;
	for (i = 0; i < LX_ARRAY_SIZE(lx_devs); i++)
		if (f->path && !strcmp(f->path, lx_devs[i].name))
			a->dev_minor = lx_devs[i].minor;
}
