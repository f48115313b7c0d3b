// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: udp: and udp.srv: streams.
 *
 * udp:ADDR:PORT is a socket connected to ADDR:PORT (connect rules);
 * udp.srv:ADDR:PORT is bound to it (bind rules) and receives from anyone.
 * A read returns one datagram (truncated to the buffer) and, when the
 * Source argument is given, the sender as "udp:ADDR:PORT".  A write sends
 * one datagram, to the Dest URI when given (checked against the connect
 * rules on every send), else to the connected peer.
 */
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/udp.h>
#include <linux/uaccess.h>
#include <net/sock.h>

#include "stream.h"

/* Smallest Source buffer accepted: fits any "udp:[v6]:port" name. */
#define DK_UDP_SOURCE_MIN	64

long dk_udp_open(struct dk_ctx *ctx, const char *uri, const char *addr,
		 bool server, u32 options)
{
	struct sockaddr_storage ss;
	struct socket *sock;
	struct file *file;
	char *name;
	int len, ret;

	ret = dk_uri_parse_inet(addr, &ss, &len);
	if (ret)
		return ret;
	if (dk_policy_net_check(ctx, server ? DK_NET_BIND : DK_NET_CONNECT,
				(struct sockaddr *)&ss))
		return dk_policy_deny(DK_CALL_STREAM_OPEN, -EACCES, uri);

	ret = dk_sock_create(ss.ss_family, SOCK_DGRAM, IPPROTO_UDP, &sock);
	if (ret)
		return ret;
	if (server) {
		ret = kernel_bind(sock, (struct sockaddr *)&ss, len);
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
			       O_NONBLOCK : 0, "dk-udp");
	if (IS_ERR(file))
		return PTR_ERR(file);
	name = kmalloc(DK_UDP_SOURCE_MIN, GFP_KERNEL_ACCOUNT);
	if (!name) {
		fput(file);
		return -ENOMEM;
	}
	if (server)
		dk_uri_format_inet(name, DK_UDP_SOURCE_MIN, "udp.srv:",
				   (struct sockaddr *)&ss);
	else
		strscpy(name, uri, DK_UDP_SOURCE_MIN);
	return dk_sock_wrap(ctx, file, server ? DK_STREAM_TYPE_UDP_SRV :
			    DK_STREAM_TYPE_UDP, name, 0);
}

/* Parse and check a Dest URI for a UDP write. */
static int dk_udp_dest(struct dk_ctx *ctx, const char __user *udest,
		       struct sockaddr_storage *ss, int *len)
{
	const char *rest;
	char *uri;
	int ret;

	uri = dk_uri_copy(udest);
	if (IS_ERR(uri))
		return PTR_ERR(uri);
	ret = dk_uri_scheme(uri, &rest);
	if (ret == DK_SCHEME_UDP)
		ret = dk_uri_parse_inet(rest, ss, len);
	else if (ret >= 0)
		ret = -EINVAL;
	if (!ret && dk_policy_net_check(ctx, DK_NET_CONNECT,
					(struct sockaddr *)ss))
		ret = dk_policy_deny(DK_CALL_STREAM_WRITE, -EACCES, uri);
	kfree(uri);
	return ret;
}

/*
 * One datagram in or out.  args[4] is Source (read) or Dest (write);
 * args[5] the Source buffer size.
 */
long dk_udp_io(struct dk_ctx *ctx, struct dk_stream *s, void __user *ubuf,
	       size_t size, bool write, const u64 *args)
{
	char __user *uname = u64_to_user_ptr(args[4]);
	struct sockaddr_storage ss;
	struct msghdr msg = { };
	char name[DK_UDP_SOURCE_MIN];
	struct iovec iov;
	int len, ret, n;

	if (READ_ONCE(s->file->f_flags) & O_NONBLOCK)
		msg.msg_flags = MSG_DONTWAIT;
	if (write && uname) {
		ret = dk_udp_dest(ctx, uname, &ss, &len);
		if (ret)
			return ret;
		msg.msg_name = &ss;
		msg.msg_namelen = len;
	} else if (!write && uname) {
		/* Check the Source buffer first, so no datagram is lost. */
		if (args[5] < DK_UDP_SOURCE_MIN)
			return -EINVAL;
		if (clear_user(uname, DK_UDP_SOURCE_MIN))
			return -EFAULT;
		msg.msg_name = &ss;
		msg.msg_namelen = sizeof(ss);
	}
	ret = import_single_range(write ? ITER_SOURCE : ITER_DEST, ubuf, size,
				  &iov, &msg.msg_iter);
	if (ret)
		return ret;
	if (write)
		return sock_sendmsg(s->sock, &msg);

	ret = sock_recvmsg(s->sock, &msg, msg.msg_flags);
	if (ret >= 0 && uname) {
		n = dk_uri_format_inet(name, sizeof(name), "udp:",
				       (struct sockaddr *)&ss);
		if (n < 0)
			name[0] = '\0';
		if (copy_to_user(uname, name, strlen(name) + 1))
			ret = -EFAULT;
	}
	return ret;
}

/* Length of the next datagram, 0 if none. */
u64 dk_udp_pending(struct dk_stream *s)
{
	struct sock *sk = s->sock->sk;
	struct sk_buff_head *queues[] = { &udp_sk(sk)->reader_queue,
					  &sk->sk_receive_queue };
	struct sk_buff *skb;
	u64 n = 0;
	int i;

	for (i = 0; i < ARRAY_SIZE(queues) && !n; i++) {
		spin_lock_bh(&queues[i]->lock);
		skb = skb_peek(queues[i]);
		if (skb)
			n = skb->len;
		spin_unlock_bh(&queues[i]->lock);
	}
	return n;
}
