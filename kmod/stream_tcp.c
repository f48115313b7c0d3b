// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: tcp: and tcp.srv: streams, and the socket helpers
 * shared with udp:.
 *
 * Sockets are created with sock_create() in the caller's network name
 * space and with the caller's credentials, wrapped in a file with
 * sock_alloc_file(), so reads and writes use the generic file path.
 * tcp:ADDR:PORT connects (checked against the manifest's connect rules),
 * tcp.srv:ADDR:PORT binds and listens (bind rules).  Port 0 asks for any
 * port and is allowed only by a rule whose range includes 0.  IPv6
 * sockets are IPV6_V6ONLY (dk_sock_create), so IPv6 rules never carry
 * IPv4 traffic.
 */
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/ipv6.h>

#include "stream.h"

#define DK_TCP_BACKLOG	128
#define DK_SOCKNAME_MAX	64

/**
 * dk_sock_wrap - give a socket file a stream handle
 * @file: from sock_alloc_file(); consumed
 * @name: kmalloc'd URI; consumed
 *
 * Return: the handle or a negative errno.
 */
long dk_sock_wrap(struct dk_ctx *ctx, struct file *file, u32 type,
		  char *name, size_t extra_charge)
{
	struct dk_stream *s;

	s = dk_stream_alloc(ctx, type, DK_ACCESS_RDWR, extra_charge);
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

/**
 * dk_sock_create - a socket for a tcp: or udp: stream
 *
 * An AF_INET6 socket is made IPV6_V6ONLY before it is bound or connected,
 * whatever the host's net.ipv6.bindv6only: it then never connects or
 * sends to an IPv4-mapped address, a [::] server accepts and receives
 * IPv6 peers only, and binding it leaves the IPv4 port free.  IPv4 goes
 * through AF_INET sockets, which only IPv4 rules grant.
 *
 * Return: 0 with *@res set, or a negative errno.
 */
int dk_sock_create(int family, int type, int proto, struct socket **res)
{
	int ret = sock_create(family, type, proto, res);

	if (ret || family != AF_INET6)
		return ret;
	ret = ip6_sock_set_v6only((*res)->sk);
	if (ret) {
		sock_release(*res);
		*res = NULL;
	}
	return ret;
}

/* A URI naming @sa, for accepted connections and bound servers. */
static char *dk_sock_name(const char *scheme, const struct sockaddr *sa)
{
	char *buf = kmalloc(DK_SOCKNAME_MAX, GFP_KERNEL_ACCOUNT);

	if (buf && dk_uri_format_inet(buf, DK_SOCKNAME_MAX, scheme, sa) < 0)
		buf[0] = '\0';
	return buf;
}

long dk_tcp_open(struct dk_ctx *ctx, const char *uri, const char *addr,
		 bool server, u32 options)
{
	const u32 nr = DK_CALL_STREAM_OPEN;
	struct sockaddr_storage ss;
	struct socket *sock;
	struct file *file;
	char *name;
	int len, ret, one = 1;

	ret = dk_uri_parse_inet(addr, &ss, &len);
	if (ret)
		return ret;
	if (dk_policy_net_check(ctx, server ? DK_NET_BIND : DK_NET_CONNECT,
				(struct sockaddr *)&ss))
		return dk_policy_deny(nr, -EACCES, uri);

	ret = dk_sock_create(ss.ss_family, SOCK_STREAM, IPPROTO_TCP, &sock);
	if (ret)
		return ret;
	if (server) {
		sock_setsockopt(sock, SOL_SOCKET, SO_REUSEADDR,
				KERNEL_SOCKPTR(&one), sizeof(one));
		ret = kernel_bind(sock, (struct sockaddr *)&ss, len);
		if (!ret)
			ret = kernel_listen(sock, DK_TCP_BACKLOG);
		if (!ret)
			ret = kernel_getsockname(sock, (struct sockaddr *)&ss);
		ret = ret < 0 ? ret : 0;
	} else {
		ret = kernel_connect(sock, (struct sockaddr *)&ss, len, 0);
	}
	if (ret) {
		sock_release(sock);
		return ret;
	}
	file = sock_alloc_file(sock, (options & DK_OPTION_NONBLOCK) ?
			       O_NONBLOCK : 0, "dk-tcp");
	if (IS_ERR(file))
		return PTR_ERR(file);
	/* Servers are named by their real address (port 0 resolved). */
	name = server ? dk_sock_name("tcp.srv:", (struct sockaddr *)&ss) :
			kstrdup(uri, GFP_KERNEL_ACCOUNT);
	if (!name) {
		fput(file);
		return -ENOMEM;
	}
	return dk_sock_wrap(ctx, file, server ? DK_STREAM_TYPE_TCP_SRV :
			    DK_STREAM_TYPE_TCP, name, 0);
}

/* DkStreamWaitForClient on a TCP server. */
long dk_tcp_accept(struct dk_ctx *ctx, struct dk_stream *s)
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
	return dk_sock_wrap(ctx, file, DK_STREAM_TYPE_TCP, name, 0);
}

/* Bytes readable now on a TCP connection; pending clients on a server. */
u64 dk_tcp_pending(struct dk_stream *s)
{
	struct sock *sk = s->sock->sk;
	const struct tcp_sock *tp = tcp_sk(sk);
	u32 nxt, copied;

	if (READ_ONCE(sk->sk_state) == TCP_LISTEN)
		return READ_ONCE(sk->sk_ack_backlog);
	nxt = READ_ONCE(tp->rcv_nxt);
	copied = READ_ONCE(tp->copied_seq);
	return (s32)(nxt - copied) > 0 ? nxt - copied : 0;
}

int dk_tcp_set_nodelay(struct dk_stream *s, bool on)
{
	int v = on;

	return s->sock->ops->setsockopt(s->sock, SOL_TCP, TCP_NODELAY,
					KERNEL_SOCKPTR(&v), sizeof(v));
}

bool dk_tcp_nodelay(struct dk_stream *s)
{
	return tcp_sk(s->sock->sk)->nonagle & TCP_NAGLE_OFF;	/* racy read is fine */
}
