// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: udp: and udp.srv: streams.
 *
 * udp:ADDR:PORT is a socket connected to ADDR:PORT (connect rules);
 * udp.srv:ADDR:PORT is bound to it (bind rules) and receives from anyone.
 * A read returns one datagram (truncated to the buffer) and, when the
 * Source argument is given, the sender as "udp:ADDR:PORT".  A write sends
 * one datagram, to the Dest URI when given (checked against the connect
 * rules on every send), else to the connected peer.  A dual-stack server
 * (udp.srv:[::]:P, DK_OPTION_DUAL_STACK) names its IPv4 senders
 * udp:[::ffff:A.B.C.D]:P and may answer them so: such a Dest is checked
 * against the IPv4 rules, as the address A.B.C.D it stands for.
 */
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/udp.h>
#include <linux/uaccess.h>
#include <net/sock.h>
#include <net/ipv6.h>
#include <linux/drawbridge.h>

#include "compat.h"
#include "context.h"
#include "policy.h"
#include "stream.h"
#include "stream_uri.h"
#include "stream_sock.h"
#include "stream_udp.h"

/* Smallest Source buffer accepted: fits any "udp:[v6]:port" name. */
#define DK_UDP_SOURCE_MIN	64

static const struct dk_stream_ops dk_udp_ops, dk_udp_srv_ops;

/* DkStreamOpen for udp:ADDR:PORT (connect) and udp.srv:ADDR:PORT (bind). */
long dk_udp_open(struct dk_ctx *ctx, const struct dk_open_args *req)
{
	struct sockaddr_storage ss;
	struct file *file;
	char *name;

	file = dk_sock_open(ctx, req, SOCK_DGRAM, 0, &ss);
	if (IS_ERR(file))
		return PTR_ERR(file);
	name = kmalloc(DK_UDP_SOURCE_MIN, GFP_KERNEL_ACCOUNT);
	if (!name) {
		fput(file);
		return -ENOMEM;
	}
	if (req->server)
		dk_uri_format_inet(name, DK_UDP_SOURCE_MIN, "udp.srv:",
				   (struct sockaddr *)&ss);
	else
		strscpy(name, req->uri, DK_UDP_SOURCE_MIN);
	return dk_sock_wrap(ctx, file, req->server ? &dk_udp_srv_ops :
			    &dk_udp_ops, name);
}

/*
 * The address the connect rules judge for a send from @sk to @ss: on a
 * dual-stack socket an IPv4-mapped address is the IPv4 address it stands
 * for (in @in); otherwise @ss as it is (dk_policy_net_check refuses the
 * mapped spelling).
 */
static const struct sockaddr *dk_udp_judged(const struct sock *sk,
					    const struct sockaddr_storage *ss,
					    struct sockaddr_in *in)
{
	const struct sockaddr_in6 *in6 = (const void *)ss;

	if (ss->ss_family != AF_INET6 || sk->sk_family != AF_INET6 ||
	    ipv6_only_sock(sk) || !ipv6_addr_v4mapped(&in6->sin6_addr))
		return (const struct sockaddr *)ss;
	in->sin_family = AF_INET;
	in->sin_port = in6->sin6_port;
	in->sin_addr.s_addr = in6->sin6_addr.s6_addr32[3];
	return (const struct sockaddr *)in;
}

/* Parse and check a Dest URI for a UDP write from @s. */
static int dk_udp_dest(struct dk_ctx *ctx, struct dk_stream *s,
		       const char __user *udest, struct sockaddr_storage *ss,
		       int *len)
{
	struct sockaddr_in in = { };
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
					dk_udp_judged(s->sock->sk, ss, &in)))
		ret = dk_policy_deny(DK_CALL_STREAM_WRITE, -EACCES, uri);
	kfree(uri);
	return ret;
}

/*
 * One datagram in or out.  @io->addr is Source (read) or Dest (write);
 * @io->addr_size the Source buffer size.
 */
static long dk_udp_io(struct dk_ctx *ctx, struct dk_stream *s,
		      const struct dk_stream_io *io, bool write)
{
	char __user *uname = io->addr;
	struct sockaddr_storage ss;
	struct msghdr msg = { };
	char name[DK_UDP_SOURCE_MIN];
	struct iovec iov;
	int len, ret, n;

	if (READ_ONCE(s->file->f_flags) & O_NONBLOCK)
		msg.msg_flags = MSG_DONTWAIT;
	if (io->peek)
		msg.msg_flags |= MSG_PEEK;	/* the datagram stays queued */
	if (write && uname) {
		ret = dk_udp_dest(ctx, s, uname, &ss, &len);
		if (ret)
			return ret;
		msg.msg_name = &ss;
		msg.msg_namelen = len;
	} else if (!write && uname) {
		/* Check the Source buffer first, so no datagram is lost. */
		if (io->addr_size < DK_UDP_SOURCE_MIN)
			return -EINVAL;
		if (clear_user(uname, DK_UDP_SOURCE_MIN))
			return -EFAULT;
		msg.msg_name = &ss;
		msg.msg_namelen = sizeof(ss);
	}
	ret = dk_import_one_range(write ? ITER_SOURCE : ITER_DEST, io->buf,
				  io->size, &iov, &msg.msg_iter);
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

static long dk_udp_read(struct dk_ctx *ctx, struct dk_stream *s,
			const struct dk_stream_io *io)
{
	return dk_udp_io(ctx, s, io, false);
}

static long dk_udp_write(struct dk_ctx *ctx, struct dk_stream *s,
			 const struct dk_stream_io *io)
{
	return dk_udp_io(ctx, s, io, true);
}

/* Length of the next datagram, 0 if none. */
static u64 dk_udp_pending(struct dk_stream *s)
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

#define DK_UDP_SETTABLE	(DK_ATTR_SET_NONBLOCK | DK_ATTR_SET_RECV_BUF | \
			 DK_ATTR_SET_SEND_BUF)

static const struct dk_stream_ops dk_udp_ops = {
	.attr_type = DK_STREAM_TYPE_UDP,
	.attr_settable = DK_UDP_SETTABLE,
	.can_peek = true,
	.read = dk_udp_read,
	.write = dk_udp_write,
	.pending = dk_udp_pending,
	.attr_set = dk_stream_attr_apply,
	.delete = dk_sock_shutdown,
	.waitq = dk_sock_waitq,
};

/* A bound server receives from and sends to anyone; it is not shut down. */
static const struct dk_stream_ops dk_udp_srv_ops = {
	.attr_type = DK_STREAM_TYPE_UDP_SRV,
	.attr_settable = DK_UDP_SETTABLE,
	.can_peek = true,
	.read = dk_udp_read,
	.write = dk_udp_write,
	.pending = dk_udp_pending,
	.attr_set = dk_stream_attr_apply,
	.waitq = dk_sock_waitq,
};
