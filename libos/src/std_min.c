// SPDX-License-Identifier: GPL-2.0
/*
 * Minimal, weak versions of a few file calls so that hello programs run
 * before the files concern (fd table, vfs) is merged: writes to fd 1
 * and 2 go to the std handles, ioctl answers ENOTTY on 0-2, stat calls
 * and readlink fail.  files' strong definitions replace every one; the
 * lead deletes this file then.
 */
#include <linux/uio.h>

#include "lx.h"

static long lx_min_handle(long fd)
{
	if (fd < 0 || fd > 2 || lx_start_info.std_handles[fd] < 0)
		return -EBADF;
	return lx_start_info.std_handles[fd];
}

static long lx_min_write(long h, const void *buf, unsigned long n)
{
	unsigned long done = 0;
	long ret;

	while (done < n) {
		ret = DkStreamWrite(h, DK_OFFSET_NONE, n - done,
				    (const char *)buf + done);
		if (ret < 0)
			return done ? (long)done : ret;
		if (ret == 0)
			break;
		done += (unsigned long)ret;
	}
	return (long)done;
}

LX_WEAK long lx_sys_write(struct lx_call *c)
{
	long h = lx_min_handle(c->a[0]);

	if (h < 0)
		return h;
	return lx_min_write(h, (const void *)c->a[1], (unsigned long)c->a[2]);
}

LX_WEAK long lx_sys_writev(struct lx_call *c)
{
	const struct iovec *iov = (const struct iovec *)c->a[1];
	long h = lx_min_handle(c->a[0]), ret, total = 0;
	long i;

	if (h < 0)
		return h;
	if (c->a[2] < 0 || c->a[2] > 1024)
		return -EINVAL;
	for (i = 0; i < c->a[2]; i++) {
		ret = lx_min_write(h, iov[i].iov_base, iov[i].iov_len);
		if (ret < 0)
			return total ? total : ret;
		total += ret;
		if ((unsigned long)ret < iov[i].iov_len)
			break;
	}
	return total;
}

LX_WEAK long lx_sys_ioctl(struct lx_call *c)
{
	long h = lx_min_handle(c->a[0]);

	return h < 0 ? h : -ENOTTY;
}

LX_WEAK long lx_sys_newfstatat(struct lx_call *c)
{
	(void)c;
	return -ENOSYS;
}

LX_WEAK long lx_sys_fstat(struct lx_call *c)
{
	(void)c;
	return -ENOSYS;
}

LX_WEAK long lx_sys_readlink(struct lx_call *c)
{
	(void)c;
	return -ENOENT;
}
