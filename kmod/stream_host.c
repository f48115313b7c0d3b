// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: launcher streams (DK_IOC_ADD_STREAM).
 *
 * The launcher hands the standard streams over as host file descriptors
 * before the context is sealed.  Each becomes a stream of type
 * DK_STREAM_TYPE_HOST named "host:" that reads and writes the host file
 * as it is (a terminal, a host pipe, a file), follows the host file's
 * poll readiness, and can be made non-blocking; it cannot be deleted,
 * truncated, renamed or mapped.  A socket (the parent stream dbexec hands
 * a DkProcessCreate child) is written with MSG_NOSIGNAL, as every Dk
 * socket stream: a gone peer is EPIPE, never the host's SIGPIPE, which
 * would end the picoprocess unseen.
 */
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/net.h>
#include <linux/uaccess.h>
#include <linux/drawbridge.h>

#include "context.h"
#include "ioctl.h"
#include "stream.h"
#include "stream_file.h"
#include "stream_host.h"
#include "stream_sock.h"

static const struct dk_stream_ops dk_host_stream_ops;

/* DK_IOC_ADD_STREAM: wrap one of the launcher's descriptors. */
long dk_stream_add_host_fd(struct dk_ctx *ctx, const struct dk_ioc_arg *arg)
{
	const struct dk_setup_stream *req = arg->k;
	struct dk_stream *s;
	struct file *file;
	long ret;

	if (!req->access || (req->access & ~DK_ACCESS_RDWR))
		return -EINVAL;
	file = fget(req->fd);
	if (!file)
		return -EBADF;
	if (((req->access & DK_ACCESS_READ) && !(file->f_mode & FMODE_READ)) ||
	    ((req->access & DK_ACCESS_WRITE) && !(file->f_mode & FMODE_WRITE))) {
		ret = -EACCES;
		goto out_fput;
	}
	s = dk_stream_alloc(ctx, &dk_host_stream_ops, req->access, 0);
	if (IS_ERR(s)) {
		ret = PTR_ERR(s);
		goto out_fput;
	}
	s->file = file;
	s->sock = sock_from_file(file);
	return dk_stream_install(ctx, s);

out_fput:
	fput(file);
	return ret;
}

/* DkStreamWrite: sockets never raise SIGPIPE (see the top). */
static long dk_host_write(struct dk_ctx *ctx, struct dk_stream *s,
			  const struct dk_stream_io *io)
{
	if (s->sock)
		return dk_sock_write(ctx, s, io);
	return dk_stream_vfs_write(ctx, s, io);
}

static const struct dk_stream_ops dk_host_stream_ops = {
	.attr_type = DK_STREAM_TYPE_HOST,
	.attr_settable = DK_ATTR_SET_NONBLOCK,
	.read = dk_stream_vfs_read,
	.write = dk_host_write,
	.attr_query = dk_file_attr,
	.attr_set = dk_stream_attr_apply,
	.flush = dk_file_flush,
};
