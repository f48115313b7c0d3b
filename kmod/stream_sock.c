// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: what the socket streams share (tcp:, udp:, pipe
 * ends and the stream to a child process).
 *
 * Sockets are created with sock_create() in the caller's network name
 * space and with the caller's credentials, wrapped in a file with
 * sock_alloc_file().  Clients connect (checked against the manifest's
 * connect rules), servers bind (bind rules).  Port 0 asks for any port
 * and is allowed only by a rule whose range includes 0.  IPv6 sockets are
 * IPV6_V6ONLY, so IPv6 rules never carry IPv4 traffic, except a wildcard
 * server opened with DK_OPTION_DUAL_STACK, which needs the IPv4 wildcard's
 * bind rule as well and whose IPv4 peers are ::ffff:A.B.C.D.
 */
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <net/sock.h>
#include <net/ipv6.h>
#include <linux/drawbridge.h>

#include "compat.h"
#include "context.h"
#include "policy.h"
#include "stream.h"
#include "stream_uri.h"
#include "stream_sock.h"

#define DK_SOCKNAME_MAX	64

/*
 * A socket for a tcp: or udp: stream.  An AF_INET6 socket is made
 * IPV6_V6ONLY before it is bound or connected, whatever the host's
 * net.ipv6.bindv6only: it then never connects or sends to an IPv4-mapped
 * address, a [::] server accepts and receives IPv6 peers only, and
 * binding it leaves the IPv4 port free.  IPv4 goes through AF_INET
 * sockets, which only IPv4 rules grant.  @dual (a [::] server with
 * DK_OPTION_DUAL_STACK, whose IPv4 bind rule was checked) makes it the
 * other way round, also whatever the host's default.
 */
static int dk_sock_create(int family, int type, bool dual,
			  struct socket **res)
{
	int proto = type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
	int ret = sock_create(family, type, proto, res), off = 0;

	if (ret || family != AF_INET6)
		return ret;
	if (dual)
		ret = (*res)->ops->setsockopt(*res, SOL_IPV6, IPV6_V6ONLY,
					      KERNEL_SOCKPTR(&off),
					      sizeof(off));
	else
		ret = ip6_sock_set_v6only((*res)->sk);
	if (ret) {
		sock_release(*res);
		*res = NULL;
	}
	return ret;
}

/*
 * DK_OPTION_DUAL_STACK: only on the IPv6 wildcard of a server (else
 * EINVAL), and only when the bind rules grant the IPv4 wildcard's same
 * port too (else EACCES; the caller checks the [::] one), since the
 * socket then takes that port for IPv4 as well.
 */
static int dk_sock_dual_check(struct dk_ctx *ctx,
			      const struct dk_open_args *req,
			      const struct sockaddr_storage *ss)
{
	const struct sockaddr_in6 *in6 = (const void *)ss;
	struct sockaddr_in in = { .sin_family = AF_INET };

	if (!req->server || ss->ss_family != AF_INET6 ||
	    !ipv6_addr_any(&in6->sin6_addr))
		return -EINVAL;
	in.sin_port = in6->sin6_port;
	if (dk_policy_net_check(ctx, DK_NET_BIND, (struct sockaddr *)&in))
		return dk_policy_deny(DK_CALL_STREAM_OPEN, -EACCES, req->uri);
	return 0;
}

/**
 * dk_sock_open - the socket of a tcp:, tcp.srv:, udp: or udp.srv: stream
 * @ctx:     the caller's context (its policy decides)
 * @req:     the request; @req->rest is "ADDR:PORT"
 * @type:    SOCK_STREAM (TCP) or SOCK_DGRAM (UDP)
 * @backlog: servers: listen with this backlog (0: do not listen)
 * @ss:      out: the address; for servers the bound one (port 0 resolved)
 *
 * Servers bind (bind rules), clients connect (connect rules).
 * Return: the socket's file, or ERR_PTR(-EINVAL) for a malformed address
 * or DK_OPTION_DUAL_STACK on anything but a [::] server, ERR_PTR(-EACCES)
 * when the policy refuses (traced), or the error of the socket, bind,
 * listen or connect.
 */
struct file *dk_sock_open(struct dk_ctx *ctx, const struct dk_open_args *req,
			  int type, int backlog, struct sockaddr_storage *ss)
{
	struct sockaddr *sa = (struct sockaddr *)ss;
	bool dual = req->options & DK_OPTION_DUAL_STACK;
	struct socket *sock;
	int len, ret, one = 1;

	ret = dk_uri_parse_inet(req->rest, ss, &len);
	if (ret)
		return ERR_PTR(ret);
	ret = dual ? dk_sock_dual_check(ctx, req, ss) : 0;
	if (ret)
		return ERR_PTR(ret);
	if (dk_policy_net_check(ctx, req->server ? DK_NET_BIND : DK_NET_CONNECT,
				sa))
		return ERR_PTR(dk_policy_deny(DK_CALL_STREAM_OPEN, -EACCES,
					      req->uri));

	ret = dk_sock_create(ss->ss_family, type, dual, &sock);
	if (ret)
		return ERR_PTR(ret);
	if (req->server) {
		if (backlog)
			sock_setsockopt(sock, SOL_SOCKET, SO_REUSEADDR,
					KERNEL_SOCKPTR(&one), sizeof(one));
		ret = kernel_bind(sock, sa, len);
		if (!ret && backlog)
			ret = kernel_listen(sock, backlog);
		if (!ret)
			ret = kernel_getsockname(sock, sa);
		ret = ret < 0 ? ret : 0;
	} else {
		ret = kernel_connect(sock, sa, len, 0);
	}
	if (ret) {
		sock_release(sock);
		return ERR_PTR(ret);
	}
	return sock_alloc_file(sock, (req->options & DK_OPTION_NONBLOCK) ?
			       O_NONBLOCK : 0,
			       type == SOCK_STREAM ? "dk-tcp" : "dk-udp");
}

/**
 * dk_sock_wrap - give a socket file a stream handle
 * @ctx:  the context
 * @file: from sock_alloc_file(); consumed
 * @ops:  the stream's kind
 * @name: kmalloc'd URI; consumed
 *
 * Return: the handle or a negative errno.
 */
long dk_sock_wrap(struct dk_ctx *ctx, struct file *file,
		  const struct dk_stream_ops *ops, char *name)
{
	struct dk_stream *s;

	s = dk_stream_alloc(ctx, ops, DK_ACCESS_RDWR, 0);
	if (IS_ERR(s)) {
		fput(file);
		kfree(name);
		return PTR_ERR(s);
	}
	s->file = file;
	s->sock = file->private_data;
	s->name = name;
	return dk_stream_install(ctx, s);
}

/* A URI naming @sa, for accepted connections and bound servers. */
char *dk_sock_name(const char *scheme, const struct sockaddr *sa)
{
	char *buf = kmalloc(DK_SOCKNAME_MAX, GFP_KERNEL_ACCOUNT);

	if (buf && dk_uri_format_inet(buf, DK_SOCKNAME_MAX, scheme, sa) < 0)
		buf[0] = '\0';
	return buf;
}

/*
 * Byte-stream sockets and pipes: never SIGPIPE; the error says it.  A
 * peek is MSG_PEEK: the socket's own receive lock serializes it with
 * reads, so a concurrent read neither loses nor repeats bytes.
 */
static long dk_sock_io(struct dk_stream *s, const struct dk_stream_io *io,
		       bool write)
{
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	struct iovec iov;
	long ret;

	ret = dk_import_one_range(write ? ITER_SOURCE : ITER_DEST, io->buf,
				  io->size, &iov, &msg.msg_iter);
	if (ret)
		return ret;
	if (READ_ONCE(s->file->f_flags) & O_NONBLOCK)
		msg.msg_flags |= MSG_DONTWAIT;
	if (write)
		return sock_sendmsg(s->sock, &msg);
	return sock_recvmsg(s->sock, &msg, (msg.msg_flags & MSG_DONTWAIT) |
			    (io->peek ? MSG_PEEK : 0));
}

long dk_sock_read(struct dk_ctx *ctx, struct dk_stream *s,
		  const struct dk_stream_io *io)
{
	return dk_sock_io(s, io, false);
}

long dk_sock_write(struct dk_ctx *ctx, struct dk_stream *s,
		   const struct dk_stream_io *io)
{
	return dk_sock_io(s, io, true);
}

/* DkStreamDelete on a connection: shut down the direction(s) @which names. */
long dk_sock_shutdown(struct dk_stream *s, u32 which)
{
	static const int how[] = {
		[DK_DELETE_ALL] = SHUT_RDWR,
		[DK_DELETE_READ] = SHUT_RD,
		[DK_DELETE_WRITE] = SHUT_WR,
	};

	return kernel_sock_shutdown(s->sock, how[which]);
}

wait_queue_head_t *dk_sock_waitq(struct dk_stream *s)
{
	return sk_sleep(s->sock->sk);
}
