// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: stream objects and the generic stream calls.
 *
 * A stream wraps a struct file (see stream.h).  Reads and writes go
 * straight between the picoprocess's buffer and the file through an
 * iov_iter, with no bounce buffer.  The launcher hands the standard
 * streams over as host file descriptors (DK_IOC_ADD_STREAM) before the
 * context is sealed; DkStreamOpen creates the others from URIs, and the
 * scheme files do the scheme-specific work.
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

#include "stream.h"
#include "tree.h"

/* Woken never: the queue of streams that are always ready. */
static DECLARE_WAIT_QUEUE_HEAD(dk_stream_idle_wq);

static void dk_stream_release(struct dk_object *obj)
{
	struct dk_stream *s = container_of(obj, struct dk_stream, obj);

	if (s->psrv)
		dk_pipe_srv_release(s);
	if (s->file)
		fput(s->file);
	if (s->root.mnt)
		path_put(&s->root);
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
	struct dk_stream *s = container_of(obj, struct dk_stream, obj);

	if (s->type == DK_STREAM_TYPE_PIPE_SRV)
		return dk_pipe_srv_ready(s);
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
	struct dk_stream *s = container_of(obj, struct dk_stream, obj);
	struct dk_wq_probe probe = { .wqh = NULL };

	if (s->type == DK_STREAM_TYPE_PIPE_SRV)
		return dk_pipe_srv_waitq(s);
	if (s->sock)
		return sk_sleep(s->sock->sk);
	init_poll_funcptr(&probe.pt, dk_wq_probe_proc);
	vfs_poll(s->file, &probe.pt);
	return probe.wqh ? probe.wqh : &dk_stream_idle_wq;
}

static const struct dk_object_ops dk_stream_ops = {
	.type = DK_OBJ_STREAM,
	.name = "stream",
	.release = dk_stream_release,
	.try_acquire = dk_stream_try_acquire,
	.waitq = dk_stream_waitq,
};

/**
 * dk_stream_alloc - a new, empty stream object charged to @ctx
 * @extra_charge: kernel memory to charge beyond the object (pipe buffers)
 *
 * Return: the stream with one reference, ERR_PTR(-EDQUOT) or -ENOMEM.
 */
struct dk_stream *dk_stream_alloc(struct dk_ctx *ctx, u32 type, u32 access,
				  size_t extra_charge)
{
	struct dk_stream *s;
	int ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return ERR_PTR(-ENOMEM);
	ret = dk_object_init(&s->obj, &dk_stream_ops, ctx,
			     sizeof(*s) + extra_charge);
	if (ret) {
		kfree(s);
		return ERR_PTR(ret);
	}
	s->type = type;
	s->access = access;
	mutex_init(&s->name_lock);
	return s;
}

/* Give @s a handle and drop the caller's reference. */
long dk_stream_install(struct dk_ctx *ctx, struct dk_stream *s)
{
	long ret = dk_handle_install(ctx, &s->obj);

	dk_object_put(&s->obj);
	return ret;
}

struct dk_stream *dk_stream_get(struct dk_ctx *ctx, u64 handle)
{
	/* A process handle is a stream to the child too. */
	struct dk_object *obj = dk_process_stream_get(ctx, handle);

	if (IS_ERR(obj))
		return ERR_CAST(obj);
	return container_of(obj, struct dk_stream, obj);
}

void dk_stream_put(struct dk_stream *s)
{
	dk_object_put(&s->obj);
}

/*
 * Wrap @file, the parent's end of a parent/child stream socket (reference
 * taken over on success), for the process calls; not installed.
 *
 * Its buffer is charged like a pipe end's, DK_PIPE_BUF, but with the
 * process object that holds the stream (process.c), so that the charge
 * is taken before the child starts.  What the child writes stays queued
 * on this end after the child is gone, for as long as the parent keeps
 * the process handle: the charge bounds that.  This end's own send
 * buffer is fixed at DK_PIPE_BUF, as a pipe end's.
 */
struct dk_object *dk_stream_wrap_file(struct dk_ctx *ctx, struct file *file,
				      u32 access)
{
	struct socket *sock = sock_from_file(file);
	int v = DK_PIPE_BUF / 2;	/* the kernel doubles SO_SNDBUF */
	struct dk_stream *s;

	if (!sock)
		return ERR_PTR(-ENOTSOCK);
	s = dk_stream_alloc(ctx, DK_STREAM_TYPE_PIPE, access, 0);
	if (IS_ERR(s))
		return ERR_CAST(s);
	sock_setsockopt(sock, SOL_SOCKET, SO_SNDBUF, KERNEL_SOCKPTR(&v),
			sizeof(v));
	s->file = file;
	s->sock = sock;
	return &s->obj;
}

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
	s = dk_stream_alloc(ctx, DK_STREAM_TYPE_HOST, req->access, 0);
	if (IS_ERR(s)) {
		ret = PTR_ERR(s);
		goto out_fput;
	}
	s->file = file;
	return dk_stream_install(ctx, s);

out_fput:
	fput(file);
	return ret;
}

/* DkStreamOpen(Uri, Access, Share, Create, Options): a new handle. */
long dk_sys_stream_open(struct dk_ctx *ctx, const u64 *args)
{
	u32 access = args[1], share = args[2], create = args[3];
	u32 options = args[4];
	const char *rest;
	char *uri;
	long ret;

	if (args[1] > U32_MAX || args[2] > U32_MAX || args[3] > U32_MAX ||
	    args[4] > U32_MAX)
		return -EINVAL;
	if (access & ~DK_ACCESS_RDWR || share & ~DK_SHARE_MASK ||
	    create & ~(DK_CREATE_TRY | DK_CREATE_ALWAYS | DK_CREATE_DIR |
		       DK_CREATE_TRUNCATE) ||
	    options & ~DK_OPTION_NONBLOCK)
		return -EINVAL;
	uri = dk_uri_copy(u64_to_user_ptr(args[0]));
	if (IS_ERR(uri))
		return PTR_ERR(uri);

	ret = dk_uri_scheme(uri, &rest);
	switch (ret) {
	case DK_SCHEME_FILE:
		ret = dk_file_open(ctx, uri, rest, access, share, create,
				   options);
		break;
	case DK_SCHEME_PIPE:
	case DK_SCHEME_PIPE_SRV:
		ret = create ? -EINVAL :
		      dk_pipe_open(ctx, uri, rest, ret == DK_SCHEME_PIPE_SRV,
				   options);
		break;
	case DK_SCHEME_TCP:
	case DK_SCHEME_TCP_SRV:
		ret = create ? -EINVAL :
		      dk_tcp_open(ctx, uri, rest, ret == DK_SCHEME_TCP_SRV,
				  options);
		break;
	case DK_SCHEME_UDP:
	case DK_SCHEME_UDP_SRV:
		ret = create ? -EINVAL :
		      dk_udp_open(ctx, uri, rest, ret == DK_SCHEME_UDP_SRV,
				  options);
		break;
	default:
		break;	/* a negative error from dk_uri_scheme */
	}
	kfree(uri);
	return ret;
}

/*
 * Move @size bytes between @ubuf and the stream.  @offset is used by
 * seekable files unless it is DK_OFFSET_NONE; sequential streams ignore it
 * and, for seekable files, DK_OFFSET_NONE means the current position,
 * which then advances.
 */
static long dk_stream_io(struct dk_ctx *ctx, const u64 *args, bool write)
{
	void __user *ubuf = u64_to_user_ptr(args[3]);
	u64 offset = args[1], size = args[2];
	struct dk_stream *s;
	struct iov_iter iter;
	struct iovec iov;
	struct file *file;
	loff_t pos;
	long ret;

	if (size > DK_STREAM_IO_MAX)
		return -EINVAL;
	s = dk_stream_get(ctx, args[0]);
	if (IS_ERR(s))
		return PTR_ERR(s);
	file = s->file;

	if (!(s->access & (write ? DK_ACCESS_WRITE : DK_ACCESS_READ))) {
		ret = -EACCES;
		goto out_put;
	}
	switch (s->type) {
	case DK_STREAM_TYPE_PIPE_SRV:
	case DK_STREAM_TYPE_TCP_SRV:
		ret = -ENOTCONN;	/* servers only accept */
		goto out_put;
	case DK_STREAM_TYPE_DIR:
		ret = write ? -EISDIR :
			      dk_file_read_dir(s, ubuf, size);
		goto out_put;
	case DK_STREAM_TYPE_UDP:
	case DK_STREAM_TYPE_UDP_SRV:
		ret = dk_udp_io(ctx, s, ubuf, size, write, args);
		goto out_put;
	}
	if (offset != DK_OFFSET_NONE && offset > LLONG_MAX &&
	    !s->sock && !(file->f_mode & FMODE_STREAM)) {
		ret = -EINVAL;
		goto out_put;
	}
	ret = import_single_range(write ? ITER_SOURCE : ITER_DEST, ubuf, size,
				  &iov, &iter);
	if (ret)
		goto out_put;

	if (s->sock) {
		/* Sockets and pipes: never SIGPIPE; the error says it. */
		struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };

		if (READ_ONCE(file->f_flags) & O_NONBLOCK)
			msg.msg_flags |= MSG_DONTWAIT;
		msg.msg_iter = iter;
		ret = write ? sock_sendmsg(s->sock, &msg) :
			      sock_recvmsg(s->sock, &msg,
					   msg.msg_flags & MSG_DONTWAIT);
	} else if (file->f_mode & FMODE_STREAM) {
		ret = write ? vfs_iter_write(file, &iter, NULL, 0) :
			      vfs_iter_read(file, &iter, NULL, 0);
	} else if (offset != DK_OFFSET_NONE) {
		pos = offset;
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

out_put:
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

/* Fill in the attributes common to every stream. */
static void dk_stream_attr(struct dk_stream *s, struct dk_stream_attr *a)
{
	memset(a, 0, sizeof(*a));
	a->type = s->type;
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
	switch (s->type) {
	case DK_STREAM_TYPE_FILE:
	case DK_STREAM_TYPE_DIR:
	case DK_STREAM_TYPE_HOST:
		dk_file_attr(s, a);
		break;
	case DK_STREAM_TYPE_PIPE:
		a->pending = dk_pipe_pending(s);
		break;
	case DK_STREAM_TYPE_PIPE_SRV:
		a->pending = dk_pipe_srv_ready(s);
		break;
	case DK_STREAM_TYPE_TCP:
		a->pending = dk_tcp_pending(s);
		if (dk_tcp_nodelay(s))
			a->flags |= DK_ATTR_TCP_NODELAY;
		break;
	case DK_STREAM_TYPE_UDP:
	case DK_STREAM_TYPE_UDP_SRV:
		a->pending = dk_udp_pending(s);
		break;
	}
}

/* DkStreamAttributesQueryByHandle(Handle, Attr*) */
long dk_sys_stream_attr_query_handle(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_stream_attr a;
	struct dk_stream *s;
	long ret = 0;

	s = dk_stream_get(ctx, args[0]);
	if (IS_ERR(s))
		return PTR_ERR(s);
	dk_stream_attr(s, &a);
	if (copy_to_user(u64_to_user_ptr(args[1]), &a, sizeof(a)))
		ret = -EFAULT;
	dk_stream_put(s);
	return ret;
}

/* DkStreamAttributesQuery(Uri, Attr*): file: URIs only. */
long dk_sys_stream_attr_query(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_stream_attr a;
	const char *rest;
	char *uri;
	long ret;

	uri = dk_uri_copy(u64_to_user_ptr(args[0]));
	if (IS_ERR(uri))
		return PTR_ERR(uri);
	ret = dk_uri_scheme(uri, &rest);
	if (ret == DK_SCHEME_FILE) {
		memset(&a, 0, sizeof(a));
		ret = dk_file_attr_query(ctx, rest, &a);
		if (!ret && copy_to_user(u64_to_user_ptr(args[1]), &a,
					 sizeof(a)))
			ret = -EFAULT;
	} else if (ret >= 0) {
		ret = -EINVAL;	/* only file: names something to query */
	}
	kfree(uri);
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

/*
 * DkStreamAttributesSetByHandle(Handle, Attr*): applies DK_ATTR_NONBLOCK
 * (sockets and pipes), DK_ATTR_TCP_NODELAY (TCP), and non-zero recv_buf
 * and send_buf (sockets).  Other fields are ignored.
 */
long dk_sys_stream_attr_set_handle(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_stream_attr a;
	struct dk_stream *s;
	long ret = 0;
	int v;

	if (copy_from_user(&a, u64_to_user_ptr(args[1]), sizeof(a)))
		return -EFAULT;
	if (a.recv_buf > INT_MAX / 2 || a.send_buf > INT_MAX / 2)
		return -EINVAL;
	s = dk_stream_get(ctx, args[0]);
	if (IS_ERR(s))
		return PTR_ERR(s);
	if (s->type == DK_STREAM_TYPE_PIPE_SRV) {
		ret = (a.flags & DK_ATTR_NONBLOCK) ? -EINVAL : 0;
		goto out_put;
	}
	if (!s->sock && (a.recv_buf || a.send_buf ||
			 (a.flags & DK_ATTR_TCP_NODELAY))) {
		ret = -EINVAL;
		goto out_put;
	}
	if (s->type == DK_STREAM_TYPE_TCP || s->type == DK_STREAM_TYPE_TCP_SRV)
		ret = dk_tcp_set_nodelay(s, a.flags & DK_ATTR_TCP_NODELAY);
	else if (a.flags & DK_ATTR_TCP_NODELAY)
		ret = -EINVAL;
	if (ret)
		goto out_put;
	/* Pipe buffers are charged at a fixed size: not adjustable. */
	if (s->type == DK_STREAM_TYPE_PIPE && (a.recv_buf || a.send_buf)) {
		ret = -EINVAL;
		goto out_put;
	}
	if (a.recv_buf) {
		v = a.recv_buf;
		ret = sock_setsockopt(s->sock, SOL_SOCKET, SO_RCVBUF,
				      KERNEL_SOCKPTR(&v), sizeof(v));
	}
	if (!ret && a.send_buf) {
		v = a.send_buf;
		ret = sock_setsockopt(s->sock, SOL_SOCKET, SO_SNDBUF,
				      KERNEL_SOCKPTR(&v), sizeof(v));
	}
	if (!ret && s->type != DK_STREAM_TYPE_FILE &&
	    s->type != DK_STREAM_TYPE_DIR)
		ret = dk_stream_set_nonblock(s->file,
					     a.flags & DK_ATTR_NONBLOCK);
out_put:
	dk_stream_put(s);
	return ret;
}

/* DkStreamFlush(Handle): write file data and metadata to storage. */
long dk_sys_stream_flush(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_stream *s;
	long ret = 0;

	s = dk_stream_get(ctx, args[0]);
	if (IS_ERR(s))
		return PTR_ERR(s);
	if (s->type == DK_STREAM_TYPE_FILE || s->type == DK_STREAM_TYPE_DIR ||
	    s->type == DK_STREAM_TYPE_HOST)
		ret = vfs_fsync(s->file, 0);
	if (ret == -EINVAL || ret == -EROFS)
		ret = 0;	/* nothing to flush on this kind of file */
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
	if (s->type != DK_STREAM_TYPE_FILE)
		ret = s->type == DK_STREAM_TYPE_DIR ? -EISDIR : -EINVAL;
	else
		ret = dk_file_set_length(s, args[1]);
	dk_stream_put(s);
	return ret;
}

/*
 * DkStreamDelete(Handle, Which): files are unlinked (Which must be
 * DK_DELETE_ALL; directories are refused, see dk_file_delete); sockets and
 * pipes are shut down in the direction(s) Which names (DK_DELETE_ALL: both).
 */
long dk_sys_stream_delete(struct dk_ctx *ctx, const u64 *args)
{
	static const int how[] = { SHUT_RDWR, SHUT_RD, SHUT_WR };
	struct dk_stream *s;
	long ret;

	if (args[1] > DK_DELETE_WRITE)
		return -EINVAL;
	s = dk_stream_get(ctx, args[0]);
	if (IS_ERR(s))
		return PTR_ERR(s);
	switch (s->type) {
	case DK_STREAM_TYPE_FILE:
	case DK_STREAM_TYPE_DIR:
		ret = args[1] ? -EINVAL : dk_file_delete(s);
		break;
	case DK_STREAM_TYPE_PIPE:
	case DK_STREAM_TYPE_TCP:
	case DK_STREAM_TYPE_UDP:
		ret = kernel_sock_shutdown(s->sock, how[args[1]]);
		break;
	default:
		ret = -EINVAL;
	}
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
	if (s->type == DK_STREAM_TYPE_PIPE_SRV)
		ret = dk_pipe_accept(ctx, s);
	else if (s->type == DK_STREAM_TYPE_TCP_SRV)
		ret = dk_tcp_accept(ctx, s);
	else
		ret = -EINVAL;
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
	if (ret >= 0 && (ret != DK_SCHEME_FILE ||
			 (s->type != DK_STREAM_TYPE_FILE &&
			  s->type != DK_STREAM_TYPE_DIR)))
		ret = -EINVAL;
	else if (ret >= 0)
		ret = dk_file_rename(ctx, s, uri, rest);
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
	unsigned long len, got, mprot = 0, flags;
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
	if (prot & DK_PROT_READ)
		mprot |= PROT_READ;
	if (prot & DK_PROT_WRITE)
		mprot |= PROT_WRITE;
	if (prot & DK_PROT_EXEC)
		mprot |= PROT_EXEC;
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
	if (s->type != DK_STREAM_TYPE_FILE) {
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
	got = vm_mmap(s->file, addr, len, mprot, flags, offset);
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
