// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: pipe.srv: and pipe: streams.
 *
 * A pipe is a connected pair of AF_UNIX stream sockets made with the
 * protocol's own socketpair operation: never bound to any address, so
 * nothing outside the two endpoints can reach it.  (create_pipe_files()
 * is not exported; the socket pair gives the same byte stream, in both
 * directions, with the kernel's own buffering, blocking, poll and
 * end-of-stream semantics.)  Each end's send buffer is fixed at
 * DK_PIPE_BUF bytes, and that much kernel memory is charged to the
 * context holding the end, so the kernel memory quota bounds the pipe
 * buffers a context can pin.
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

#include "stream.h"

#define DK_PIPE_NAME_MAX	256
#define DK_PIPE_BACKLOG		128

struct dk_pipe_conn {
	struct list_head node;
	struct file *file;	/* the server's end */
};

/**
 * struct dk_pipe_srv - a registered pipe server
 * @node:     entry in dk_pipe_names (under dk_pipe_mutex)
 * @family:   name space
 * @name:     NAME (owned)
 * @lock:     protects @pending and @npending
 * @pending:  connections not yet accepted
 * @npending: length of @pending
 * @nonblock: DkStreamWaitForClient does not wait
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
	wait_queue_head_t wq;
};

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

/* Make a connected pair of pipe ends as files. */
static int dk_pipe_pair(struct file **fa, struct file **fb)
{
	struct socket *sa, *sb;
	int ret, v = DK_PIPE_BUF / 2;	/* the kernel doubles SO_SNDBUF */

	ret = sock_create(AF_UNIX, SOCK_STREAM, 0, &sa);
	if (ret)
		return ret;
	ret = sock_create(AF_UNIX, SOCK_STREAM, 0, &sb);
	if (ret)
		goto out_a;
	ret = sa->ops->socketpair(sa, sb);
	if (ret)
		goto out_b;
	sock_setsockopt(sa, SOL_SOCKET, SO_SNDBUF, KERNEL_SOCKPTR(&v),
			sizeof(v));
	sock_setsockopt(sb, SOL_SOCKET, SO_SNDBUF, KERNEL_SOCKPTR(&v),
			sizeof(v));
	*fa = sock_alloc_file(sa, 0, "dk-pipe");
	if (IS_ERR(*fa)) {		/* sa was released */
		sock_release(sb);
		return PTR_ERR(*fa);
	}
	*fb = sock_alloc_file(sb, 0, "dk-pipe");
	if (IS_ERR(*fb)) {
		fput(*fa);
		return PTR_ERR(*fb);
	}
	return 0;

out_b:
	sock_release(sb);
out_a:
	sock_release(sa);
	return ret;
}

static long dk_pipe_listen(struct dk_ctx *ctx, const char *uri,
			   const char *name, u32 options)
{
	struct dk_pipe_srv *srv;
	struct dk_stream *s;
	long ret;

	srv = kzalloc(sizeof(*srv), GFP_KERNEL_ACCOUNT);
	if (!srv)
		return -ENOMEM;
	srv->name = kstrdup(name, GFP_KERNEL_ACCOUNT);
	if (!srv->name) {
		kfree(srv);
		return -ENOMEM;
	}
	srv->family = ctx->family;
	spin_lock_init(&srv->lock);
	INIT_LIST_HEAD(&srv->pending);
	init_waitqueue_head(&srv->wq);
	srv->nonblock = options & DK_OPTION_NONBLOCK;

	s = dk_stream_alloc(ctx, DK_STREAM_TYPE_PIPE_SRV, DK_ACCESS_RDWR, 0);
	if (IS_ERR(s)) {
		kfree(srv->name);
		kfree(srv);
		return PTR_ERR(s);
	}
	s->name = kstrdup(uri, GFP_KERNEL_ACCOUNT);
	if (!s->name) {
		kfree(srv->name);
		kfree(srv);
		dk_stream_put(s);
		return -ENOMEM;
	}
	mutex_lock(&dk_pipe_mutex);
	if (dk_pipe_find(srv->family, srv->name)) {
		ret = -EADDRINUSE;
	} else {
		list_add(&srv->node, &dk_pipe_names);
		s->psrv = srv;
		ret = 0;
	}
	mutex_unlock(&dk_pipe_mutex);
	if (ret) {
		kfree(srv->name);
		kfree(srv);
		dk_stream_put(s);
		return ret;
	}
	return dk_stream_install(ctx, s);
}

static long dk_pipe_connect(struct dk_ctx *ctx, const char *uri,
			    const char *name, u32 options)
{
	struct dk_pipe_conn *conn;
	struct dk_pipe_srv *srv;
	struct file *mine, *theirs;
	struct dk_stream *s;
	long ret;

	s = dk_stream_alloc(ctx, DK_STREAM_TYPE_PIPE, DK_ACCESS_RDWR,
			    DK_PIPE_BUF);
	if (IS_ERR(s))
		return PTR_ERR(s);
	s->name = kstrdup(uri, GFP_KERNEL_ACCOUNT);
	conn = kzalloc(sizeof(*conn), GFP_KERNEL_ACCOUNT);
	if (!s->name || !conn) {
		ret = -ENOMEM;
		goto out_free;
	}
	ret = dk_pipe_pair(&mine, &theirs);
	if (ret)
		goto out_free;
	s->file = mine;
	s->sock = mine->private_data;
	conn->file = theirs;
	if (options & DK_OPTION_NONBLOCK)
		dk_stream_set_nonblock(mine, true);

	mutex_lock(&dk_pipe_mutex);
	srv = dk_pipe_find(ctx->family, name);
	if (!srv) {
		ret = -ECONNREFUSED;
	} else {
		spin_lock(&srv->lock);
		if (srv->npending >= DK_PIPE_BACKLOG) {
			ret = -EAGAIN;
		} else {
			list_add_tail(&conn->node, &srv->pending);
			srv->npending++;
			ret = 0;
		}
		spin_unlock(&srv->lock);
		if (!ret)
			wake_up_interruptible(&srv->wq);
	}
	mutex_unlock(&dk_pipe_mutex);
	if (ret) {
		fput(theirs);
		goto out_free;
	}
	return dk_stream_install(ctx, s);

out_free:
	kfree(conn);
	dk_stream_put(s);	/* releases mine, if any */
	return ret;
}

/* DkStreamOpen for pipe.srv:NAME (@server) and pipe:NAME. */
long dk_pipe_open(struct dk_ctx *ctx, const char *uri, const char *name,
		  bool server, u32 options)
{
	long ret = dk_pipe_name_ok(name);

	if (ret)
		return ret;
	return server ? dk_pipe_listen(ctx, uri, name, options) :
			dk_pipe_connect(ctx, uri, name, options);
}

bool dk_pipe_srv_ready(struct dk_stream *s)
{
	return READ_ONCE(s->psrv->npending) != 0;
}

wait_queue_head_t *dk_pipe_srv_waitq(struct dk_stream *s)
{
	return &s->psrv->wq;
}

static struct dk_pipe_conn *dk_pipe_dequeue(struct dk_pipe_srv *srv)
{
	struct dk_pipe_conn *conn;

	spin_lock(&srv->lock);
	conn = list_first_entry_or_null(&srv->pending, struct dk_pipe_conn,
					node);
	if (conn) {
		list_del(&conn->node);
		srv->npending--;
	}
	spin_unlock(&srv->lock);
	return conn;
}

/* DkStreamWaitForClient on a pipe server. */
long dk_pipe_accept(struct dk_ctx *ctx, struct dk_stream *s)
{
	struct dk_pipe_srv *srv = s->psrv;
	struct dk_pipe_conn *conn;
	struct dk_stream *ns;
	long ret;

	for (;;) {
		conn = dk_pipe_dequeue(srv);
		if (conn)
			break;
		if (srv->nonblock)
			return -EAGAIN;
		ret = wait_event_interruptible(srv->wq, dk_pipe_srv_ready(s));
		if (ret)
			return ret;
	}
	ns = dk_stream_alloc(ctx, DK_STREAM_TYPE_PIPE, DK_ACCESS_RDWR,
			     DK_PIPE_BUF);
	if (IS_ERR(ns)) {
		ret = PTR_ERR(ns);
		goto out_requeue;
	}
	ns->name = kasprintf(GFP_KERNEL_ACCOUNT, "pipe:%s", srv->name);
	if (!ns->name) {
		dk_stream_put(ns);
		ret = -ENOMEM;
		goto out_requeue;
	}
	ns->file = conn->file;
	ns->sock = conn->file->private_data;
	kfree(conn);
	return dk_stream_install(ctx, ns);

out_requeue:
	/* Keep the connection for a later try: nothing is lost. */
	spin_lock(&srv->lock);
	list_add(&conn->node, &srv->pending);
	srv->npending++;
	spin_unlock(&srv->lock);
	return ret;
}

/* Unregister a server and drop its unaccepted connections. */
void dk_pipe_srv_release(struct dk_stream *s)
{
	struct dk_pipe_srv *srv = s->psrv;
	struct dk_pipe_conn *conn;

	mutex_lock(&dk_pipe_mutex);
	list_del(&srv->node);
	mutex_unlock(&dk_pipe_mutex);
	while ((conn = dk_pipe_dequeue(srv))) {
		fput(conn->file);	/* the client sees end of stream */
		kfree(conn);
	}
	kfree(srv->name);
	kfree(srv);
}

/* Bytes queued for reading on a pipe end. */
u64 dk_pipe_pending(struct dk_stream *s)
{
	struct sock *sk = s->sock->sk;
	struct sk_buff *skb;
	u64 n = 0;

	spin_lock(&sk->sk_receive_queue.lock);
	skb_queue_walk(&sk->sk_receive_queue, skb)
		n += skb->len - min_t(u32, skb->len, UNIXCB(skb).consumed);
	spin_unlock(&sk->sk_receive_queue.lock);
	return n;
}
