// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: tcp: and tcp.srv: streams.
 *
 * tcp:ADDR:PORT connects (checked against the manifest's connect rules),
 * tcp.srv:ADDR:PORT binds and listens (bind rules); the socket is made by
 * dk_sock_open (stream_sock.c).  A server only accepts: reading, writing
 * or shutting it down is refused.
 */
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <linux/drawbridge.h>

#include "context.h"
#include "stream.h"
#include "stream_sock.h"
#include "stream_tcp.h"

#define DK_TCP_BACKLOG	128

static const struct dk_stream_ops dk_tcp_ops, dk_tcp_srv_ops;

/* DkStreamOpen for tcp:ADDR:PORT (connect) and tcp.srv:ADDR:PORT (listen). */
long dk_tcp_open(struct dk_ctx *ctx, const struct dk_open_args *req)
{
	struct sockaddr_storage ss;
	struct file *file;
	char *name;

	file = dk_sock_open(ctx, req, SOCK_STREAM, DK_TCP_BACKLOG, &ss);
	if (IS_ERR(file))
		return PTR_ERR(file);
	/* Servers are named by their real address (port 0 resolved). */
	name = req->server ? dk_sock_name("tcp.srv:", (struct sockaddr *)&ss) :
			     kstrdup(req->uri, GFP_KERNEL_ACCOUNT);
	if (!name) {
		fput(file);
		return -ENOMEM;
	}
	return dk_sock_wrap(ctx, file, req->server ? &dk_tcp_srv_ops :
			    &dk_tcp_ops, name);
}

/* DkStreamWaitForClient on a TCP server. */
static long dk_tcp_accept(struct dk_ctx *ctx, struct dk_stream *s)
{
	struct sockaddr_storage ss;
	struct socket *nsock;
	struct file *file;
	char *name;
	int ret;

	ret = kernel_accept(s->sock, &nsock,
			    READ_ONCE(s->file->f_flags) & O_NONBLOCK);
	if (ret)
		return ret;
	file = sock_alloc_file(nsock, 0, "dk-tcp");
	if (IS_ERR(file))
		return PTR_ERR(file);
	if (kernel_getpeername(nsock, (struct sockaddr *)&ss) < 0)
		ss.ss_family = AF_UNSPEC;
	name = dk_sock_name("tcp:", (struct sockaddr *)&ss);
	if (!name) {
		fput(file);
		return -ENOMEM;
	}
	return dk_sock_wrap(ctx, file, &dk_tcp_ops, name);
}

/* Bytes readable now on a TCP connection. */
static u64 dk_tcp_pending(struct dk_stream *s)
{
	const struct tcp_sock *tp = tcp_sk(s->sock->sk);
	u32 nxt, copied;

	nxt = READ_ONCE(tp->rcv_nxt);
	copied = READ_ONCE(tp->copied_seq);
	return (s32)(nxt - copied) > 0 ? nxt - copied : 0;
}

static void dk_tcp_attr_query(struct dk_stream *s, struct dk_stream_attr *a)
{
	dk_stream_attr_common(s, a);
	/* A racy read is fine: the answer may be stale anyway. */
	if (tcp_sk(s->sock->sk)->nonagle & TCP_NAGLE_OFF)
		a->flags |= DK_ATTR_TCP_NODELAY;
}

static int dk_tcp_attr_set(struct dk_stream *s,
			   const struct dk_stream_attr_set *a)
{
	int ret, v = !!(a->flags & DK_ATTR_TCP_NODELAY);

	if (a->mask & DK_ATTR_SET_TCP_NODELAY) {
		ret = s->sock->ops->setsockopt(s->sock, SOL_TCP, TCP_NODELAY,
					       KERNEL_SOCKPTR(&v), sizeof(v));
		if (ret)
			return ret;
	}
	return dk_stream_attr_apply(s, a);
}

#define DK_TCP_SETTABLE	(DK_ATTR_SET_NONBLOCK | DK_ATTR_SET_TCP_NODELAY | \
			 DK_ATTR_SET_RECV_BUF | DK_ATTR_SET_SEND_BUF)

static const struct dk_stream_ops dk_tcp_ops = {
	.attr_type = DK_STREAM_TYPE_TCP,
	.attr_settable = DK_TCP_SETTABLE,
	.can_peek = true,
	.read = dk_sock_read,
	.write = dk_sock_write,
	.attr_query = dk_tcp_attr_query,
	.pending = dk_tcp_pending,
	.attr_set = dk_tcp_attr_set,
	.delete = dk_sock_shutdown,
	.waitq = dk_sock_waitq,
};

/* Clients waiting on a server: its accept queue's length. */
static u64 dk_tcp_srv_pending(struct dk_stream *s)
{
	return READ_ONCE(s->sock->sk->sk_ack_backlog);
}

/* A server only accepts: no reads, writes or shutdown. */
static const struct dk_stream_ops dk_tcp_srv_ops = {
	.attr_type = DK_STREAM_TYPE_TCP_SRV,
	.attr_settable = DK_TCP_SETTABLE,
	.pending = dk_tcp_srv_pending,
	.attr_set = dk_tcp_attr_set,
	.accept = dk_tcp_accept,
	.waitq = dk_sock_waitq,
};
