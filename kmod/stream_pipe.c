// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: pipe.srv: and pipe: streams.
 *
 * A pipe is a connected pair of AF_UNIX stream sockets made with the
 * protocol's own socketpair operation: never bound to any address, so
 * nothing outside the two endpoints can reach it.  (create_pipe_files()
 * is not exported; the socket pair gives the same byte stream, in both
 * directions, with the kernel's own buffering, blocking, poll and
 * end-of-stream semantics.)  A packet pipe (DK_OPTION_PACKET) is a
 * SOCK_SEQPACKET pair instead: the same, with message boundaries kept.
 * Each end's send buffer is fixed at
 * DK_PIPE_BUF bytes, and that much kernel memory is charged to the
 * context holding the end, so the kernel memory quota bounds the pipe
 * buffers a context can pin.
 *
 * A connection waiting to be accepted is charged too: DK_PIPE_CONN_CHARGE
 * to the connecting context, which created it, until the server accepts
 * it (the accepted end is then charged to the server like any end) or
 * the server goes away.  The pending end's receive queue holds what the
 * client wrote (about the client's send buffer: the socket lets one
 * buffer's worth plus one packet in) and keeps it after the client closes
 * its end: this charge is what bounds that.  Charging the server instead
 * would let any client of the family fill the server's quota; this way a
 * context can only pin what its own quota allows.
 *
 * Names: pipe.srv:NAME registers NAME in the family name space of the
 * context (ctx->family: one per top-level picoprocess tree); pipe:NAME
 * connects to the server of that name in the caller's family, queuing
 * the server's end for DkStreamWaitForClient.  Unrelated picoprocesses
 * have different families and cannot meet.
 */
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <linux/sched/signal.h>
#include <linux/nsproxy.h>
#include <net/sock.h>
#include <net/af_unix.h>
#include <linux/drawbridge.h>

#include "context.h"
#include "handles.h"
#include "stream.h"
#include "stream_pipe.h"
#include "stream_sock.h"

#define DK_PIPE_NAME_MAX	256
#define DK_PIPE_BACKLOG		128

/**
 * struct dk_pipe_conn - a connection not yet accepted
 * @node:  entry on the server's pending list (under its lock)
 * @file:  the server's end; NULL once an accepted stream took it over
 * @payer: the connecting context: charged DK_PIPE_CONN_CHARGE while the
 *         connection exists (holds a reference)
 */
struct dk_pipe_conn {
	struct list_head node;
	struct file *file;
	struct dk_ctx *payer;
};

/* Kernel memory charged to the client for one unaccepted connection. */
#define DK_PIPE_CONN_CHARGE	(sizeof(struct dk_pipe_conn) + DK_PIPE_BUF)

/**
 * struct dk_pipe_srv - a registered pipe server
 * @node:     entry in dk_pipe_names (under dk_pipe_mutex)
 * @family:   name space
 * @name:     NAME (owned)
 * @lock:     protects @pending and @npending
 * @pending:  connections not yet accepted
 * @npending: length of @pending
 * @nonblock: DkStreamWaitForClient does not wait
 * @packet:   a packet pipe server: takes DK_OPTION_PACKET clients only
 * @wq:       woken when a connection is queued
 */
struct dk_pipe_srv {
	struct list_head node;
	u64 family;
	char *name;
	spinlock_t lock;	/* protects pending, npending */
	struct list_head pending;
	unsigned int npending;
	bool nonblock;
	bool packet;
	wait_queue_head_t wq;
};

static const struct dk_stream_ops dk_pipe_ops, dk_pipe_srv_ops;

/* Registered servers; dk_pipe_mutex protects the list. */
static LIST_HEAD(dk_pipe_names);
static DEFINE_MUTEX(dk_pipe_mutex);

static struct dk_pipe_srv *dk_pipe_find(u64 family, const char *name)
{
	struct dk_pipe_srv *srv;

	lockdep_assert_held(&dk_pipe_mutex);
	list_for_each_entry(srv, &dk_pipe_names, node)
		if (srv->family == family && !strcmp(srv->name, name))
			return srv;
	return NULL;
}

static int dk_pipe_name_ok(const char *name)
{
	size_t n = strnlen(name, DK_PIPE_NAME_MAX);

	if (!n)
		return -EINVAL;
	if (n == DK_PIPE_NAME_MAX)
		return -ENAMETOOLONG;
	return 0;
}

/*
 * Make a connected pair of pipe ends as files, of socket @type
 * (SOCK_STREAM, or SOCK_SEQPACKET for packets); *@fa, *@fb set on success.
 */
static int dk_pipe_pair(int type, struct file **fa, struct file **fb)
{
	struct file *filea, *fileb;
	struct socket *sa, *sb;
	int ret, v = DK_PIPE_BUF / 2;	/* the kernel doubles SO_SNDBUF */

	ret = sock_create(AF_UNIX, type, 0, &sa);
	if (ret)
		return ret;
	ret = sock_create(AF_UNIX, type, 0, &sb);
	if (ret)
		goto out_a;
	ret = sa->ops->socketpair(sa, sb);
	if (ret)
		goto out_b;
	sock_setsockopt(sa, SOL_SOCKET, SO_SNDBUF, KERNEL_SOCKPTR(&v),
			sizeof(v));
	sock_setsockopt(sb, SOL_SOCKET, SO_SNDBUF, KERNEL_SOCKPTR(&v),
			sizeof(v));
	filea = sock_alloc_file(sa, 0, "dk-pipe");
	if (IS_ERR(filea)) {		/* sa was released */
		sock_release(sb);
		return PTR_ERR(filea);
	}
	fileb = sock_alloc_file(sb, 0, "dk-pipe");
	if (IS_ERR(fileb)) {		/* sb was released */
		fput(filea);
		return PTR_ERR(fileb);
	}
	*fa = filea;
	*fb = fileb;
	return 0;

out_b:
	sock_release(sb);
out_a:
	sock_release(sa);
	return ret;
}

/* A connection record charged to @payer, the connecting context. */
static struct dk_pipe_conn *dk_pipe_conn_alloc(struct dk_ctx *payer)
{
	struct dk_pipe_conn *conn;
	int ret;

	conn = kzalloc(sizeof(*conn), GFP_KERNEL_ACCOUNT);
	if (!conn)
		return ERR_PTR(-ENOMEM);
	ret = dk_ctx_charge(payer, DK_PIPE_CONN_CHARGE);
	if (ret) {
		kfree(conn);
		return ERR_PTR(ret);
	}
	dk_ctx_get(payer);
	conn->payer = payer;
	return conn;
}

/*
 * Free a connection that is on no list: close the server's end if the
 * record still has it (the client then reads end of stream) and give the
 * charge back to the client.
 */
static void dk_pipe_conn_free(struct dk_pipe_conn *conn)
{
	struct dk_ctx *payer = conn->payer;

	if (conn->file)
		fput(conn->file);
	kfree(conn);
	dk_ctx_uncharge(payer, DK_PIPE_CONN_CHARGE);
	dk_ctx_put(payer);
}

static long dk_pipe_listen(struct dk_ctx *ctx, const char *uri,
			   const char *name, u32 options)
{
	struct dk_handle_resv resv;
	struct dk_pipe_srv *srv;
	struct dk_stream *s;
	long ret;

	/* The registration and both names are charged with the server. */
	s = dk_stream_alloc(ctx, &dk_pipe_srv_ops, DK_ACCESS_RDWR,
			    sizeof(*srv) + strlen(name) + strlen(uri) + 2);
	if (IS_ERR(s))
		return PTR_ERR(s);
	srv = kzalloc(sizeof(*srv), GFP_KERNEL_ACCOUNT);
	if (!srv) {
		ret = -ENOMEM;
		goto out_put;
	}
	srv->name = kstrdup(name, GFP_KERNEL_ACCOUNT);
	s->name = kstrdup(uri, GFP_KERNEL_ACCOUNT);
	if (!srv->name || !s->name) {
		ret = -ENOMEM;
		goto out_free;
	}
	srv->family = ctx->family;
	spin_lock_init(&srv->lock);
	INIT_LIST_HEAD(&srv->pending);
	init_waitqueue_head(&srv->wq);
	srv->nonblock = options & DK_OPTION_NONBLOCK;
	srv->packet = options & DK_OPTION_PACKET;
	/* No client may find a server that its handle could not name. */
	ret = dk_handle_reserve(ctx, &resv);
	if (ret)
		goto out_free;

	mutex_lock(&dk_pipe_mutex);
	if (dk_pipe_find(srv->family, srv->name)) {
		ret = -EADDRINUSE;
	} else {
		list_add(&srv->node, &dk_pipe_names);
		s->psrv = srv;
	}
	mutex_unlock(&dk_pipe_mutex);
	if (ret) {
		dk_handle_cancel(ctx, &resv);
		goto out_free;
	}
	ret = dk_handle_commit(ctx, &resv, &s->obj);
	dk_stream_put(s);
	return ret;

out_free:
	kfree(srv->name);
	kfree(srv);
out_put:
	dk_stream_put(s);
	return ret;
}

static long dk_pipe_connect(struct dk_ctx *ctx, const char *uri,
			    const char *name, u32 options)
{
	struct dk_handle_resv resv;
	struct dk_pipe_conn *conn;
	struct dk_pipe_srv *srv;
	struct dk_stream *s;
	struct file *mine;
	long ret;

	s = dk_stream_alloc(ctx, &dk_pipe_ops, DK_ACCESS_RDWR,
			    DK_PIPE_BUF + strlen(uri) + 1);
	if (IS_ERR(s))
		return PTR_ERR(s);
	/* The server's end, until accepted, is charged to this context too. */
	conn = dk_pipe_conn_alloc(ctx);
	if (IS_ERR(conn)) {
		ret = PTR_ERR(conn);
		goto out_put;
	}
	s->name = kstrdup(uri, GFP_KERNEL_ACCOUNT);
	if (!s->name) {
		ret = -ENOMEM;
		goto out_conn;
	}
	ret = dk_pipe_pair((options & DK_OPTION_PACKET) ? SOCK_SEQPACKET :
			   SOCK_STREAM, &mine, &conn->file);
	if (ret)
		goto out_conn;
	s->file = mine;
	s->sock = mine->private_data;
	if (options & DK_OPTION_NONBLOCK)
		dk_stream_set_nonblock(mine, true);
	/* Once queued, the server may accept it: nothing may fail after. */
	ret = dk_handle_reserve(ctx, &resv);
	if (ret)
		goto out_conn;

	mutex_lock(&dk_pipe_mutex);
	srv = dk_pipe_find(ctx->family, name);
	if (!srv) {
		ret = -ECONNREFUSED;
	} else if (srv->packet != !!(options & DK_OPTION_PACKET)) {
		ret = -EPROTOTYPE;	/* as connect(2) between socket types */
	} else {
		spin_lock(&srv->lock);
		if (srv->npending >= DK_PIPE_BACKLOG) {
			ret = -EAGAIN;
		} else {
			list_add_tail(&conn->node, &srv->pending);
			WRITE_ONCE(srv->npending, srv->npending + 1);
		}
		spin_unlock(&srv->lock);
		if (!ret)
			wake_up_interruptible(&srv->wq);
	}
	mutex_unlock(&dk_pipe_mutex);
	if (ret) {
		dk_handle_cancel(ctx, &resv);
		goto out_conn;
	}
	ret = dk_handle_commit(ctx, &resv, &s->obj);
	dk_stream_put(s);
	return ret;

out_conn:
	dk_pipe_conn_free(conn);
out_put:
	dk_stream_put(s);	/* releases mine, if any */
	return ret;
}

/* DkStreamOpen for pipe.srv:NAME (server) and pipe:NAME. */
long dk_pipe_open(struct dk_ctx *ctx, const struct dk_open_args *req)
{
	long ret = dk_pipe_name_ok(req->rest);

	if (ret)
		return ret;
	return req->server ?
	       dk_pipe_listen(ctx, req->uri, req->rest, req->options) :
	       dk_pipe_connect(ctx, req->uri, req->rest, req->options);
}

/* Wait-any on a server: a client is waiting (nothing consumed). */
static bool dk_pipe_srv_ready(struct dk_stream *s)
{
	return READ_ONCE(s->psrv->npending) != 0;
}

/* Pending clients: how many wait to be accepted. */
static u64 dk_pipe_srv_pending(struct dk_stream *s)
{
	return READ_ONCE(s->psrv->npending);
}

static wait_queue_head_t *dk_pipe_srv_waitq(struct dk_stream *s)
{
	return &s->psrv->wq;
}

/* DkStreamPoll on a server: readable while a client waits. */
static __poll_t dk_pipe_srv_poll(struct dk_stream *s, poll_table *pt)
{
	poll_wait(NULL, &s->psrv->wq, pt);
	return dk_pipe_srv_ready(s) ? EPOLLIN | EPOLLRDNORM : 0;
}

/* A server's blocking mode is fixed at open: it can only be confirmed. */
static int dk_pipe_srv_attr_set(struct dk_stream *s,
				const struct dk_stream_attr_set *a)
{
	return (a->flags & DK_ATTR_NONBLOCK) ? -EINVAL : 0;
}

static struct dk_pipe_conn *dk_pipe_dequeue(struct dk_pipe_srv *srv)
{
	struct dk_pipe_conn *conn;

	spin_lock(&srv->lock);
	conn = list_first_entry_or_null(&srv->pending, struct dk_pipe_conn,
					node);
	if (conn) {
		list_del(&conn->node);
		WRITE_ONCE(srv->npending, srv->npending - 1);
	}
	spin_unlock(&srv->lock);
	return conn;
}

/*
 * The accepted end's stream, charged to the server's context, and its
 * handle, reserved: made before a connection is dequeued, so that a
 * failure leaves the connection where it was.
 */
static struct dk_stream *dk_pipe_accept_prepare(struct dk_ctx *ctx,
						struct dk_pipe_srv *srv,
						struct dk_handle_resv *resv)
{
	struct dk_stream *ns;
	int ret;

	ret = dk_handle_reserve(ctx, resv);
	if (ret)
		return ERR_PTR(ret);
	ns = dk_stream_alloc(ctx, &dk_pipe_ops, DK_ACCESS_RDWR,
			     DK_PIPE_BUF + sizeof("pipe:") + strlen(srv->name));
	if (IS_ERR(ns)) {
		dk_handle_cancel(ctx, resv);
		return ns;
	}
	ns->name = kasprintf(GFP_KERNEL_ACCOUNT, "pipe:%s", srv->name);
	if (!ns->name) {
		dk_stream_put(ns);
		dk_handle_cancel(ctx, resv);
		return ERR_PTR(-ENOMEM);
	}
	return ns;
}

/*
 * DkStreamWaitForClient on a pipe server.  The new stream takes over the
 * server's end: it is charged to the server's context, and the client's
 * charge for the pending connection is returned.
 */
static long dk_pipe_accept(struct dk_ctx *ctx, struct dk_stream *s)
{
	struct dk_pipe_srv *srv = s->psrv;
	struct dk_stream *ns = NULL;
	struct dk_handle_resv resv;
	struct dk_pipe_conn *conn;
	long ret;

	for (;;) {
		if (!dk_pipe_srv_ready(s)) {
			ret = srv->nonblock ? -EAGAIN :
			      wait_event_interruptible(srv->wq,
						       dk_pipe_srv_ready(s));
			if (ret)
				goto out;
		}
		if (!ns) {
			ns = dk_pipe_accept_prepare(ctx, srv, &resv);
			if (IS_ERR(ns)) {
				ret = PTR_ERR(ns);
				ns = NULL;
				goto out;
			}
		}
		/* Another acceptor may have taken it: then wait again. */
		conn = dk_pipe_dequeue(srv);
		if (conn)
			break;
	}
	ns->file = conn->file;
	ns->sock = conn->file->private_data;
	conn->file = NULL;
	dk_pipe_conn_free(conn);
	ret = dk_handle_commit(ctx, &resv, &ns->obj);
	dk_stream_put(ns);
	return ret;

out:
	if (ns) {
		dk_stream_put(ns);
		dk_handle_cancel(ctx, &resv);
	}
	return ret;
}

/* Unregister a server and drop its unaccepted connections. */
static void dk_pipe_srv_release(struct dk_stream *s)
{
	struct dk_pipe_srv *srv = s->psrv;
	struct dk_pipe_conn *conn;

	if (!srv)
		return;		/* the open failed before registering it */
	mutex_lock(&dk_pipe_mutex);
	list_del(&srv->node);
	mutex_unlock(&dk_pipe_mutex);
	/* Nothing can be queued now: connects find servers under the mutex. */
	while ((conn = dk_pipe_dequeue(srv)))
		dk_pipe_conn_free(conn);
	kfree(srv->name);
	kfree(srv);
}

/* Bytes queued for reading on a pipe end; a packet pipe's next message. */
static u64 dk_pipe_pending(struct dk_stream *s)
{
	struct sock *sk = s->sock->sk;
	struct sk_buff *skb;
	u64 n = 0;

	spin_lock(&sk->sk_receive_queue.lock);
	if (s->sock->type == SOCK_SEQPACKET) {
		skb = skb_peek(&sk->sk_receive_queue);
		n = skb ? skb->len : 0;
	} else {
		skb_queue_walk(&sk->sk_receive_queue, skb)
			n += skb->len - min_t(u32, skb->len,
					      UNIXCB(skb).consumed);
	}
	spin_unlock(&sk->sk_receive_queue.lock);
	return n;
}

/* A pipe end: its buffer sizes are fixed and charged, not settable. */
static const struct dk_stream_ops dk_pipe_ops = {
	.attr_type = DK_STREAM_TYPE_PIPE,
	.attr_settable = DK_ATTR_SET_NONBLOCK,
	.can_peek = true,
	.read = dk_sock_read,
	.write = dk_sock_write,
	.pending = dk_pipe_pending,
	.attr_set = dk_stream_attr_apply,
	.delete = dk_sock_shutdown,
	.waitq = dk_sock_waitq,
};

/* A registered name: no file behind it, it only accepts. */
static const struct dk_stream_ops dk_pipe_srv_ops = {
	.attr_type = DK_STREAM_TYPE_PIPE_SRV,
	.attr_settable = DK_ATTR_SET_NONBLOCK,
	.pending = dk_pipe_srv_pending,
	.attr_set = dk_pipe_srv_attr_set,
	.accept = dk_pipe_accept,
	.try_acquire = dk_pipe_srv_ready,
	.waitq = dk_pipe_srv_waitq,
	.poll = dk_pipe_srv_poll,
	.release = dk_pipe_srv_release,
};
