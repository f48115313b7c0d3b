// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: stream objects and the generic stream calls.
 *
 * A stream wraps a struct file (see stream.h).  Reads and writes go
 * straight between the picoprocess's buffer and the file through an
 * iov_iter, with no bounce buffer.  DkStreamOpen finds the scheme's open
 * from the URI; every other call checks its arguments, looks the handle
 * up and calls the stream's operation (struct dk_stream_ops, one per
 * kind, in the scheme files), answering for a missing one in one place
 * with the error the ABI documents.
 */
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/uaccess.h>
#include <linux/poll.h>
#include <linux/net.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <net/sock.h>
#include <linux/drawbridge.h>

#include "compat.h"
#include "context.h"
#include "handles.h"
#include "process.h"
#include "stream.h"
#include "table.h"
#include "stream_uri.h"
#include "stream_file.h"
#include "stream_pipe.h"
#include "stream_tcp.h"
#include "stream_udp.h"
#include "vm.h"

/* Woken never: the queue of streams that are always ready. */
static DECLARE_WAIT_QUEUE_HEAD(dk_stream_idle_wq);

static void dk_stream_release(struct dk_object *obj)
{
	struct dk_stream *s = to_dk_stream(obj);

	if (s->ops->release)
		s->ops->release(s);
	if (s->file)
		fput(s->file);
	kfree(s->name);
	kfree(s);
}

/*
 * Wait-any: signaled when a read would not block (data or end of
 * stream), when a client is pending on a server, or when the peer
 * closed.  Nothing is consumed.
 */
static bool dk_stream_try_acquire(struct dk_object *obj)
{
	struct dk_stream *s = to_dk_stream(obj);

	if (s->ops->try_acquire)
		return s->ops->try_acquire(s);
	return vfs_poll(s->file, NULL) &
	       (EPOLLIN | EPOLLRDNORM | EPOLLHUP | EPOLLRDHUP | EPOLLERR);
}

struct dk_wq_probe {
	poll_table pt;
	wait_queue_head_t *wqh;
};

/* Record the first queue a file's poll method would sleep on. */
static void dk_wq_probe_proc(struct file *file, wait_queue_head_t *wqh,
			     poll_table *pt)
{
	struct dk_wq_probe *probe = container_of(pt, struct dk_wq_probe, pt);

	if (!probe->wqh)
		probe->wqh = wqh;
}

static wait_queue_head_t *dk_stream_waitq(struct dk_object *obj)
{
	struct dk_stream *s = to_dk_stream(obj);
	struct dk_wq_probe probe = { .wqh = NULL };

	if (s->ops->waitq)
		return s->ops->waitq(s);
	init_poll_funcptr(&probe.pt, dk_wq_probe_proc);
	vfs_poll(s->file, &probe.pt);
	return probe.wqh ? probe.wqh : &dk_stream_idle_wq;
}

static const struct dk_object_ops dk_stream_obj_ops = {
	.type = DK_OBJ_STREAM,
	.name = "stream",
	.release = dk_stream_release,
	.try_acquire = dk_stream_try_acquire,
	.waitq = dk_stream_waitq,
};

/**
 * dk_stream_alloc - a new, empty stream object charged to @ctx
 * @ctx:          the context
 * @ops:          the stream's kind
 * @access:       DK_ACCESS_* granted
 * @extra_charge: kernel memory to charge beyond the object (pipe buffers)
 *
 * Return: the stream with one reference, ERR_PTR(-EDQUOT) or -ENOMEM.
 */
struct dk_stream *dk_stream_alloc(struct dk_ctx *ctx,
				  const struct dk_stream_ops *ops, u32 access,
				  size_t extra_charge)
{
	struct dk_stream *s;

	s = dk_object_alloc(ctx, &dk_stream_obj_ops, struct dk_stream,
			    sizeof(*s) + extra_charge);
	if (IS_ERR(s))
		return s;
	s->ops = ops;
	s->holder = &s->obj;
	s->access = access;
	mutex_init(&s->name_lock);
	return s;
}

/* Give @s a handle and drop the caller's reference. */
long dk_stream_install(struct dk_ctx *ctx, struct dk_stream *s)
{
	return dk_handle_install_put(ctx, &s->obj);
}

/*
 * The stream a handle names, for the stream calls: a stream handle's own,
 * or a process handle's stream to the child.  Drop with dk_stream_put().
 */
struct dk_stream *dk_stream_get(struct dk_ctx *ctx, u64 handle)
{
	return dk_process_stream_get(ctx, handle);
}

void dk_stream_put(struct dk_stream *s)
{
	dk_object_put(s->holder);
}

/*
 * DkStreamOpen: the open of each URI scheme.  @options: the DK_OPTION_*
 * bits it takes besides DK_OPTION_NONBLOCK (the others are EINVAL).
 */
static const struct {
	long (*open)(struct dk_ctx *ctx, const struct dk_open_args *req);
	bool server;
	bool creates;	/* file names: Create flags */
	u32 options;
} dk_scheme_open[] = {
	[DK_SCHEME_FILE] = { dk_file_open, false, true, DK_OPTION_NOFOLLOW },
	[DK_SCHEME_PIPE] = { dk_pipe_open, false, false, DK_OPTION_PACKET },
	[DK_SCHEME_PIPE_SRV] = { dk_pipe_open, true, false, DK_OPTION_PACKET },
	[DK_SCHEME_TCP] = { dk_tcp_open, false, false },
	[DK_SCHEME_TCP_SRV] = { dk_tcp_open, true, false,
				DK_OPTION_DUAL_STACK },
	[DK_SCHEME_UDP] = { dk_udp_open, false, false },
	[DK_SCHEME_UDP_SRV] = { dk_udp_open, true, false,
				DK_OPTION_DUAL_STACK },
};

/* DkStreamOpen(Uri, Access, Share, Create, Options): a new handle. */
long dk_sys_stream_open(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_open_args req = {
		.access = args[1], .share = args[2], .create = args[3],
		.options = args[4],
	};
	char *uri;
	long ret;

	if (args[1] > U32_MAX || args[2] > U32_MAX || args[3] > U32_MAX ||
	    args[4] > U32_MAX)
		return -EINVAL;
	if (req.access & ~DK_ACCESS_RDWR || req.share & ~DK_SHARE_MASK ||
	    req.create & ~(DK_CREATE_TRY | DK_CREATE_ALWAYS | DK_CREATE_DIR |
			   DK_CREATE_TRUNCATE) ||
	    req.options & ~(DK_OPTION_NONBLOCK | DK_OPTION_NOFOLLOW |
			    DK_OPTION_DUAL_STACK | DK_OPTION_PACKET))
		return -EINVAL;
	uri = dk_uri_copy(u64_to_user_ptr(args[0]));
	if (IS_ERR(uri))
		return PTR_ERR(uri);

	req.uri = uri;
	ret = dk_uri_scheme(uri, &req.rest);
	if (ret >= 0 && ret < ARRAY_SIZE(dk_scheme_open)) {
		req.server = dk_scheme_open[ret].server;
		/* Create flags name files only; options as the table says. */
		if ((req.create && !dk_scheme_open[ret].creates) ||
		    (req.options & ~(DK_OPTION_NONBLOCK |
				     dk_scheme_open[ret].options)))
			ret = -EINVAL;
		else
			ret = dk_scheme_open[ret].open(ctx, &req);
	}
	kfree(uri);
	return ret;
}

/**
 * dk_stream_vfs_io - DkStreamRead/Write through the file's read and write
 * @s:     the stream
 * @io:    the request; @io->offset is used by seekable files unless it is
 *         DK_OFFSET_NONE, which means the current position (it then
 *         advances); stream-like files ignore it
 * @write: write, else read
 *
 * For regular files and launcher streams.
 */
static long dk_stream_vfs_io(struct dk_stream *s,
			     const struct dk_stream_io *io, bool write)
{
	struct file *file = s->file;
	struct iov_iter iter;
	struct iovec iov;
	loff_t pos;
	long ret;

	if (io->offset != DK_OFFSET_NONE && io->offset > LLONG_MAX &&
	    !(file->f_mode & FMODE_STREAM))
		return -EINVAL;
	ret = dk_import_one_range(write ? ITER_SOURCE : ITER_DEST, io->buf,
				  io->size, &iov, &iter);
	if (ret)
		return ret;

	if (file->f_mode & FMODE_STREAM) {
		ret = write ? vfs_iter_write(file, &iter, NULL, 0) :
			      vfs_iter_read(file, &iter, NULL, 0);
	} else if (io->offset != DK_OFFSET_NONE) {
		pos = io->offset;
		ret = write ? vfs_iter_write(file, &iter, &pos, 0) :
			      vfs_iter_read(file, &iter, &pos, 0);
	} else {
		/* Shared file position: serialize like read(2) does. */
		mutex_lock(&file->f_pos_lock);
		pos = file->f_pos;
		ret = write ? vfs_iter_write(file, &iter, &pos, 0) :
			      vfs_iter_read(file, &iter, &pos, 0);
		if (ret >= 0)
			file->f_pos = pos;
		mutex_unlock(&file->f_pos_lock);
	}
	return ret;
}

long dk_stream_vfs_read(struct dk_ctx *ctx, struct dk_stream *s,
			const struct dk_stream_io *io)
{
	return dk_stream_vfs_io(s, io, false);
}

long dk_stream_vfs_write(struct dk_ctx *ctx, struct dk_stream *s,
			 const struct dk_stream_io *io)
{
	return dk_stream_vfs_io(s, io, true);
}

/*
 * DkStreamRead(Handle, Offset, Size, Buffer, Source, SourceSize) and
 * DkStreamWrite(Handle, Offset, Size, Buffer, Dest): move Size bytes
 * between Buffer and the stream.  Servers have neither (-ENOTCONN).  An
 * Offset of DK_OFFSET_PEEK is a read that consumes nothing, for the
 * streams that can (-EINVAL for the others and for writes).
 */
static long dk_stream_io(struct dk_ctx *ctx, const u64 *args, bool write)
{
	struct dk_stream_io io = {
		.buf = u64_to_user_ptr(args[3]),
		.size = args[2],
		.offset = args[1],
		.addr = u64_to_user_ptr(args[4]),
		.addr_size = args[5],
	};
	long (*op)(struct dk_ctx *ctx, struct dk_stream *s,
		   const struct dk_stream_io *io);
	struct dk_stream *s;
	long ret;

	if (args[2] > DK_STREAM_IO_MAX)
		return -EINVAL;
	s = dk_stream_get(ctx, args[0]);
	if (IS_ERR(s))
		return PTR_ERR(s);
	op = write ? s->ops->write : s->ops->read;
	io.peek = io.offset == DK_OFFSET_PEEK;
	if (!(s->access & (write ? DK_ACCESS_WRITE : DK_ACCESS_READ)))
		ret = -EACCES;
	else if (!op)
		ret = -ENOTCONN;
	else if (io.peek && (write || !s->ops->can_peek))
		ret = -EINVAL;
	else
		ret = op(ctx, s, &io);
	dk_stream_put(s);
	return ret;
}

/*
 * DkStreamRead(Handle, Offset, Size, Buffer, Source, SourceSize): bytes
 * read, 0 at end of stream.  UDP streams write the sender's URI to Source
 * when it is not 0.
 */
long dk_sys_stream_read(struct dk_ctx *ctx, const u64 *args)
{
	return dk_stream_io(ctx, args, false);
}

/*
 * DkStreamWrite(Handle, Offset, Size, Buffer, Dest): bytes written.  UDP
 * streams send to the URI Dest when it is not 0.
 */
long dk_sys_stream_write(struct dk_ctx *ctx, const u64 *args)
{
	return dk_stream_io(ctx, args, true);
}

/*
 * DkStreamGetName(Handle, Flags, Buffer, Size): length of the name,
 * without NUL.  Flags must be 0.
 */
long dk_sys_stream_get_name(struct dk_ctx *ctx, const u64 *args)
{
	char __user *ubuf = u64_to_user_ptr(args[2]);
	struct dk_stream *s;
	const char *name;
	size_t len;
	long ret;

	if (args[1])
		return -EINVAL;
	s = dk_stream_get(ctx, args[0]);
	if (IS_ERR(s))
		return PTR_ERR(s);
	mutex_lock(&s->name_lock);
	name = s->name ? s->name : "host:";
	len = strlen(name);
	if (args[3] <= len)
		ret = -ERANGE;
	else if (copy_to_user(ubuf, name, len + 1))
		ret = -EFAULT;
	else
		ret = len;
	mutex_unlock(&s->name_lock);
	dk_stream_put(s);
	return ret;
}

/**
 * dk_stream_attr_common - the attributes every stream has
 * @s: the stream
 * @a: filled in (zeroed by the caller)
 *
 * Type, access, non-blocking mode, pending bytes (the scheme's @pending),
 * and for sockets the buffer sizes and end of stream.  The default
 * @attr_query; schemes with more call it first.
 */
void dk_stream_attr_common(struct dk_stream *s, struct dk_stream_attr *a)
{
	a->type = s->ops->attr_type;
	if (s->access & DK_ACCESS_READ)
		a->flags |= DK_ATTR_READABLE;
	if (s->access & DK_ACCESS_WRITE)
		a->flags |= DK_ATTR_WRITABLE;
	if (s->file && (READ_ONCE(s->file->f_flags) & O_NONBLOCK))
		a->flags |= DK_ATTR_NONBLOCK;
	if (s->sock) {
		struct sock *sk = s->sock->sk;

		a->recv_buf = READ_ONCE(sk->sk_rcvbuf);
		a->send_buf = READ_ONCE(sk->sk_sndbuf);
		if (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN)
			a->flags |= DK_ATTR_EOF;
	}
	if (s->ops->pending)
		a->pending = s->ops->pending(s);
}

/*
 * How many bytes of struct dk_stream_attr the caller takes: its Size
 * argument, 0 for DK_STREAM_ATTR_SIZE_VER0 (callers from before the
 * argument).  Larger structures than ours get ours; the rest of theirs is
 * left alone (the structure is output only).
 */
static long dk_attr_out_size(u64 usize)
{
	if (!usize)
		return DK_STREAM_ATTR_SIZE_VER0;
	if (usize < DK_STREAM_ATTR_SIZE_VER0)
		return -EINVAL;
	return min_t(u64, usize, sizeof(struct dk_stream_attr));
}

/* DkStreamAttributesQueryByHandle(Handle, Attr*, Size) */
long dk_sys_stream_attr_query_handle(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_stream_attr a = { };
	long ret = dk_attr_out_size(args[2]);
	struct dk_stream *s;
	size_t n;

	if (ret < 0)
		return ret;
	n = ret;
	ret = 0;
	s = dk_stream_get(ctx, args[0]);
	if (IS_ERR(s))
		return PTR_ERR(s);
	if (s->ops->attr_query)
		s->ops->attr_query(s, &a);
	else
		dk_stream_attr_common(s, &a);
	if (copy_to_user(u64_to_user_ptr(args[1]), &a, n))
		ret = -EFAULT;
	dk_stream_put(s);
	return ret;
}

/* DkStreamAttributesQuery(Uri, Attr*, Size, Flags): file: URIs only. */
long dk_sys_stream_attr_query(struct dk_ctx *ctx, const u64 *args)
{
	long ret = dk_attr_out_size(args[2]);
	struct dk_stream_attr a;
	const char *rest;
	char *uri;
	size_t n;

	if (ret < 0)
		return ret;
	n = ret;
	if (args[3] & ~(u64)DK_ATTR_QUERY_NOFOLLOW)
		return -EINVAL;
	uri = dk_uri_copy(u64_to_user_ptr(args[0]));
	if (IS_ERR(uri))
		return PTR_ERR(uri);
	ret = dk_uri_scheme(uri, &rest);
	if (ret == DK_SCHEME_FILE) {
		memset(&a, 0, sizeof(a));
		ret = dk_file_attr_query(ctx, rest, args[3], &a);
		if (!ret && copy_to_user(u64_to_user_ptr(args[1]), &a, n))
			ret = -EFAULT;
	} else if (ret >= 0) {
		ret = -EINVAL;	/* only file: names something to query */
	}
	kfree(uri);
	return ret;
}

/* DkStreamReadLink(Uri, Buffer*, Size): file: URIs only. */
long dk_sys_stream_read_link(struct dk_ctx *ctx, const u64 *args)
{
	const char *rest;
	char *uri;
	long ret;

	uri = dk_uri_copy(u64_to_user_ptr(args[0]));
	if (IS_ERR(uri))
		return PTR_ERR(uri);
	ret = dk_uri_scheme(uri, &rest);
	if (ret == DK_SCHEME_FILE)
		ret = dk_file_read_link(ctx, rest, u64_to_user_ptr(args[1]),
					args[2]);
	else if (ret >= 0)
		ret = -EINVAL;
	kfree(uri);
	return ret;
}

/*
 * DkStreamSymlink(Target, Uri): make the symlink Uri (file: only) whose
 * target is the NUL-terminated string Target, stored as given.
 */
long dk_sys_stream_symlink(struct dk_ctx *ctx, const u64 *args)
{
	const char *rest;
	char *target, *uri;
	long ret;

	target = strndup_user(u64_to_user_ptr(args[0]), PATH_MAX);
	if (IS_ERR(target))
		return PTR_ERR(target) == -EINVAL ? -ENAMETOOLONG :
						    PTR_ERR(target);
	uri = dk_uri_copy(u64_to_user_ptr(args[1]));
	if (IS_ERR(uri)) {
		ret = PTR_ERR(uri);
		goto out_target;
	}
	ret = dk_uri_scheme(uri, &rest);
	if (ret == DK_SCHEME_FILE)
		ret = *target ? dk_file_symlink(ctx, rest, target) : -ENOENT;
	else if (ret >= 0)
		ret = -EINVAL;
	kfree(uri);
out_target:
	kfree(target);
	return ret;
}

int dk_stream_set_nonblock(struct file *file, bool on)
{
	spin_lock(&file->f_lock);
	if (on)
		file->f_flags |= O_NONBLOCK;
	else
		file->f_flags &= ~O_NONBLOCK;
	spin_unlock(&file->f_lock);
	return 0;
}

/**
 * dk_stream_attr_apply - apply the generic settings of @a to @s
 * @s: the stream
 * @a: the checked request
 *
 * The socket buffer sizes (SO_RCVBUF, SO_SNDBUF) and the file's
 * non-blocking mode, each when its DK_ATTR_SET_* bit is in @a->mask.  For
 * the @attr_set of schemes whose @attr_settable allows them.
 */
int dk_stream_attr_apply(struct dk_stream *s,
			 const struct dk_stream_attr_set *a)
{
	int ret = 0, v;

	if (a->mask & DK_ATTR_SET_RECV_BUF) {
		v = a->recv_buf;
		ret = sock_setsockopt(s->sock, SOL_SOCKET, SO_RCVBUF,
				      KERNEL_SOCKPTR(&v), sizeof(v));
	}
	if (!ret && (a->mask & DK_ATTR_SET_SEND_BUF)) {
		v = a->send_buf;
		ret = sock_setsockopt(s->sock, SOL_SOCKET, SO_SNDBUF,
				      KERNEL_SOCKPTR(&v), sizeof(v));
	}
	if (!ret && (a->mask & DK_ATTR_SET_NONBLOCK))
		ret = dk_stream_set_nonblock(s->file,
					     a->flags & DK_ATTR_NONBLOCK);
	return ret;
}

/* Flags with a DK_ATTR_SET_* bit, the one each needs in the mask. */
#define DK_ATTR_SET_FLAGS	(DK_ATTR_NONBLOCK | DK_ATTR_TCP_NODELAY)

/*
 * DkStreamAttributesSetByHandle(Handle, struct dk_stream_attr_set *):
 * applies the settings its mask names; see Documentation/abi/streams.rst.
 */
long dk_sys_stream_attr_set_handle(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_stream_attr_set a;
	struct dk_stream *s;
	long ret;

	if (copy_from_user(&a, u64_to_user_ptr(args[1]), sizeof(a)))
		return -EFAULT;
	if ((a.mask & ~DK_ATTR_SET_ALL) || (a.flags & ~DK_ATTR_SET_FLAGS) ||
	    a.reserved || (a.mode & ~07777) ||
	    (a.mode && !(a.mask & DK_ATTR_SET_MODE)))
		return -EINVAL;
	if (((a.flags & DK_ATTR_NONBLOCK) && !(a.mask & DK_ATTR_SET_NONBLOCK)) ||
	    ((a.flags & DK_ATTR_TCP_NODELAY) &&
	     !(a.mask & DK_ATTR_SET_TCP_NODELAY)))
		return -EINVAL;
	if (((a.mask & DK_ATTR_SET_RECV_BUF) &&
	     (!a.recv_buf || a.recv_buf > INT_MAX / 2)) ||
	    ((a.mask & DK_ATTR_SET_SEND_BUF) &&
	     (!a.send_buf || a.send_buf > INT_MAX / 2)))
		return -EINVAL;
	s = dk_stream_get(ctx, args[0]);
	if (IS_ERR(s))
		return PTR_ERR(s);
	if (a.mask & ~s->ops->attr_settable)
		ret = -EINVAL;	/* an option this kind of stream lacks */
	else if (a.mask && s->ops->attr_set)
		ret = s->ops->attr_set(s, &a);
	else
		ret = 0;
	dk_stream_put(s);
	return ret;
}

/* DkStreamFlush(Handle): write file data and metadata to storage. */
long dk_sys_stream_flush(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_stream *s;
	long ret;

	s = dk_stream_get(ctx, args[0]);
	if (IS_ERR(s))
		return PTR_ERR(s);
	ret = s->ops->flush ? s->ops->flush(s) : 0;
	dk_stream_put(s);
	return ret;
}

/* DkStreamSetLength(Handle, Length) */
long dk_sys_stream_set_length(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_stream *s;
	long ret;

	if (args[1] > LLONG_MAX)
		return -EINVAL;
	s = dk_stream_get(ctx, args[0]);
	if (IS_ERR(s))
		return PTR_ERR(s);
	ret = s->ops->set_length ? s->ops->set_length(s, args[1]) : -EINVAL;
	dk_stream_put(s);
	return ret;
}

/*
 * DkStreamDelete(Handle, Which): files are unlinked (Which must be
 * DK_DELETE_ALL; directories are refused); connections are shut down in
 * the direction(s) Which names (DK_DELETE_ALL: both).
 */
long dk_sys_stream_delete(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_stream *s;
	long ret;

	if (args[1] > DK_DELETE_WRITE)
		return -EINVAL;
	s = dk_stream_get(ctx, args[0]);
	if (IS_ERR(s))
		return PTR_ERR(s);
	ret = s->ops->delete ? s->ops->delete(s, args[1]) : -EINVAL;
	dk_stream_put(s);
	return ret;
}

/* DkStreamWaitForClient(Handle): the new connection's handle. */
long dk_sys_stream_wait_for_client(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_stream *s;
	long ret;

	s = dk_stream_get(ctx, args[0]);
	if (IS_ERR(s))
		return PTR_ERR(s);
	ret = s->ops->accept ? s->ops->accept(ctx, s) : -EINVAL;
	dk_stream_put(s);
	return ret;
}

/* DkStreamChangeName(Handle, NewUri): rename a file within its root. */
long dk_sys_stream_change_name(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_stream *s;
	const char *rest;
	char *uri;
	long ret;

	uri = dk_uri_copy(u64_to_user_ptr(args[1]));
	if (IS_ERR(uri))
		return PTR_ERR(uri);
	s = dk_stream_get(ctx, args[0]);
	if (IS_ERR(s)) {
		ret = PTR_ERR(s);
		goto out_free;
	}
	ret = dk_uri_scheme(uri, &rest);
	if (ret >= 0)
		ret = s->ops->rename ? s->ops->rename(ctx, s, uri, ret, rest) :
				       -EINVAL;
	dk_stream_put(s);
out_free:
	kfree(uri);
	return ret;
}

/* ---- DkStreamMap / DkStreamUnmap --------------------------------- */

/* One DkStreamMap mapping; on ctx->maps under ctx->vm_lock. */
struct dk_stream_map {
	struct list_head node;
	unsigned long start;
	unsigned long len;
};

#define DK_MAPS_MAX	4096

/*
 * DkStreamMap(Handle, u64 *Addr, Prot, Offset, Size): map a file stream.
 * *Addr 0 lets the kernel choose; otherwise the range must be free.
 * DK_PROT_WRITECOPY makes the mapping private, else writes through it
 * reach the file.
 */
long dk_sys_stream_map(struct dk_ctx *ctx, const u64 *args)
{
	u64 __user *uaddr = u64_to_user_ptr(args[1]);
	u64 prot = args[2], offset = args[3], size = args[4];
	unsigned long len, got, mprot, flags;
	struct dk_stream_map *m, *it;
	struct dk_stream *s;
	unsigned int n = 0;
	u64 addr;
	long ret;

	if (prot & ~(u64)(DK_PROT_READ | DK_PROT_WRITE | DK_PROT_EXEC |
			  DK_PROT_WRITECOPY))
		return -EINVAL;
	if (!size || size > TASK_SIZE_MAX || (offset & ~PAGE_MASK) ||
	    offset > LLONG_MAX - PAGE_ALIGN(size))
		return -EINVAL;
	len = PAGE_ALIGN(size);
	if (get_user(addr, uaddr))
		return -EFAULT;
	if ((addr & ~PAGE_MASK) || addr > TASK_SIZE_MAX - len)
		return -EINVAL;
	mprot = dk_prot_to_mmap(prot);
	flags = (prot & DK_PROT_WRITECOPY) ? MAP_PRIVATE : MAP_SHARED;
	if (addr)
		flags |= MAP_FIXED_NOREPLACE;

	m = kzalloc(sizeof(*m), GFP_KERNEL_ACCOUNT);
	if (!m)
		return -ENOMEM;
	s = dk_stream_get(ctx, args[0]);
	if (IS_ERR(s)) {
		ret = PTR_ERR(s);
		goto out_free;
	}
	if (!s->ops->map) {
		ret = -EINVAL;
		goto out_put;
	}
	/* A shared writable mapping is a write: needs write access. */
	if (!(s->access & DK_ACCESS_READ) ||
	    ((mprot & PROT_WRITE) && !(prot & DK_PROT_WRITECOPY) &&
	     !(s->access & DK_ACCESS_WRITE))) {
		ret = -EACCES;
		goto out_put;
	}

	mutex_lock(&ctx->vm_lock);
	list_for_each_entry(it, &ctx->maps, node)
		n++;
	if (n >= DK_MAPS_MAX) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	if (ctx->vm_used + len > ctx->max_vm) {
		ret = -EDQUOT;
		goto out_unlock;
	}
	got = s->ops->map(s, addr, len, mprot, flags, offset);
	if (IS_ERR_VALUE(got)) {
		ret = (long)got;
		goto out_unlock;
	}
	if (put_user((u64)got, uaddr)) {
		vm_munmap(got, len);
		ret = -EFAULT;
		goto out_unlock;
	}
	m->start = got;
	m->len = len;
	list_add(&m->node, &ctx->maps);
	ctx->vm_used += len;
	m = NULL;
	ret = 0;
out_unlock:
	mutex_unlock(&ctx->vm_lock);
out_put:
	dk_stream_put(s);
out_free:
	kfree(m);
	return ret;
}

/*
 * DkStreamUnmap(Addr, Size): remove a whole mapping made by DkStreamMap
 * (-EFAULT for any other range).
 */
long dk_sys_stream_unmap(struct dk_ctx *ctx, const u64 *args)
{
	unsigned long start = args[0], len = PAGE_ALIGN(args[1]);
	struct dk_stream_map *m;
	long ret = -EFAULT;

	if (!args[1] || args[1] > TASK_SIZE_MAX || (start & ~PAGE_MASK))
		return -EINVAL;
	mutex_lock(&ctx->vm_lock);
	list_for_each_entry(m, &ctx->maps, node) {
		if (m->start != start || m->len != len)
			continue;
		ret = vm_munmap(start, len);
		if (!ret) {
			list_del(&m->node);
			ctx->vm_used -= min_t(u64, ctx->vm_used, len);
			kfree(m);
		}
		break;
	}
	mutex_unlock(&ctx->vm_lock);
	return ret;
}

/* Context teardown: forget the records (the mm goes its own way). */
void dk_stream_maps_free(struct dk_ctx *ctx)
{
	struct dk_stream_map *m, *tmp;

	list_for_each_entry_safe(m, tmp, &ctx->maps, node)
		kfree(m);
}
