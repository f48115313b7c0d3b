// SPDX-License-Identifier: GPL-2.0
/*
 * socket.c: AF_INET and AF_INET6 sockets over the Dk network streams.
 *
 * socket() makes a description without a Dk stream: the stream is
 * opened when Linux would commit to one: tcp.srv: at listen, tcp: at
 * connect, udp.srv: at bind (or on the first sendto of an unbound UDP
 * socket, as Linux's autobind), udp: at connect of an unbound UDP socket.
 * bind() of a TCP socket only records the address.  The manifest's net
 * rules decide every open (EACCES).  A non-blocking connect is carried
 * out at once (Dk's tcp: connect blocks): it answers EINPROGRESS and the
 * result is in SO_ERROR, the socket then writable, as Linux reports.
 *
 * AF_INET6 sockets are dual-stack by default, as Linux's
 * net.ipv6.bindv6only=0, when the module offers DK_FEATURE_DUAL_STACK: a
 * server on [::] is opened with DK_OPTION_DUAL_STACK and its IPv4 peers
 * are ::ffff:A.B.C.D; a connect to such an address goes through an IPv4
 * stream.  Where the manifest grants the [::] bind but not the 0.0.0.0
 * one, the server falls back to IPv6 only (and IPV6_V6ONLY then reads 1).
 *
 * System calls: socket, bind, listen, accept, accept4, connect,
 * getsockname, getpeername, sendto, recvfrom, sendmsg, recvmsg, shutdown,
 * setsockopt, getsockopt.
 */
#include <linux/fcntl.h>

#include "files.h"
#include "net.h"

/* The socket fd @fd: its description (+1 ref) or NULL with *@err. */
static struct lx_file *lx_sock_get(int fd, long *err)
{
	struct lx_file *f = lx_fd_get(fd);

	*err = 0;
	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	if (f->kind != LX_F_SOCK) {
		lx_file_put(f);
		*err = -ENOTSOCK;
		return NULL;
	}
	return f;
}

static int lx_sock_inet(const struct lx_file *f)
{
	return f->sock.domain == AF_INET || f->sock.domain == AF_INET6;
}

/* The wildcard address of @domain, port 0. */
static void lx_sock_any(int domain, struct lx_sockaddr *a)
{
	memset(a, 0, sizeof(*a));
	a->family = (unsigned short)domain;
}

/* Dk errors as the Linux socket calls report them. */
static long lx_net_err(long ret)
{
	if (ret == -EINTR)
		return -LX_ERESTARTSYS;
	if (ret == -EDQUOT)
		return -ENOBUFS;
	return ret;
}

/* Open "SCHEME:ADDR:PORT" for @f (non-blocking if @f is). */
static long lx_sock_open(struct lx_file *f, const char *scheme,
			 const struct lx_sockaddr *a)
{
	char uri[LX_URI_NET_MAX];

	lx_sockaddr_uri(a, scheme, uri);
	return DkStreamOpen(uri, 0, 0, 0, (f->flags & O_NONBLOCK) ?
			    DK_OPTION_NONBLOCK : 0);
}

static int lx_addr_any6(const struct lx_sockaddr *a)
{
	static const unsigned char zero[16];

	return a->family == AF_INET6 && !memcmp(a->addr, zero, 16);
}

/*
 * Open the server "SCHEME:ADDR:PORT" (tcp.srv or udp.srv) for @f: on
 * [::] of a dual-stack AF_INET6 socket with DK_OPTION_DUAL_STACK, and if
 * the manifest lacks the IPv4 wildcard's bind rule (EACCES) IPv6 only,
 * which IPV6_V6ONLY then reports.
 */
static long lx_sock_open_server(struct lx_file *f, const char *scheme,
				const struct lx_sockaddr *a)
{
	char uri[LX_URI_NET_MAX];
	int opt = (f->flags & O_NONBLOCK) ? DK_OPTION_NONBLOCK : 0;
	long h;

	lx_sockaddr_uri(a, scheme, uri);
	if (!lx_addr_any6(a) || (f->sock.opts & LX_SO_V6ONLY))
		return DkStreamOpen(uri, 0, 0, 0, opt);
	h = DkStreamOpen(uri, 0, 0, 0, opt | DK_OPTION_DUAL_STACK);
	if (h != -EACCES)
		return h;
	h = DkStreamOpen(uri, 0, 0, 0, opt);
	if (h >= 0) {
		lx_lock(&f->lock);
		f->sock.opts |= LX_SO_V6ONLY;
		lx_unlock(&f->lock);
	}
	return h;
}

/*
 * The address a client stream of @f opens for @a: a dual-stack socket
 * reaches ::ffff:A.B.C.D through an IPv4 stream, as Linux does (the
 * module refuses the mapped spelling, Documentation/manifest.rst).
 */
static struct lx_sockaddr lx_sock_unmap(const struct lx_file *f,
					const struct lx_sockaddr *a)
{
	static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };
	struct lx_sockaddr v4 = *a;

	if (a->family != AF_INET6 || (f->sock.opts & LX_SO_V6ONLY) ||
	    memcmp(a->addr, mapped, sizeof(mapped)))
		return v4;
	v4.family = AF_INET;
	memmove(v4.addr, a->addr + 12, 4);
	memset(v4.addr + 4, 0, 12);
	v4.scope = 0;
	return v4;
}

/*
 * An IPv4 address as an AF_INET6 socket reports it, ::ffff:A.B.C.D (the
 * source of a datagram on the IPv4 stream of lx_sock_unmap).
 */
static void lx_sock_map(struct lx_sockaddr *a)
{
	memmove(a->addr + 12, a->addr, 4);
	memset(a->addr, 0, 10);
	a->addr[10] = 0xff;
	a->addr[11] = 0xff;
	a->family = AF_INET6;
	a->scope = 0;
}

/* What setsockopt asked for before the stream existed, applied now. */
static void lx_sock_apply(struct lx_file *f, long h)
{
	struct dk_stream_attr_set set = { 0 };

	if (f->sock.type == SOCK_STREAM && (f->sock.opts & LX_SO_NODELAY)) {
		set.mask |= DK_ATTR_SET_TCP_NODELAY;
		set.flags |= DK_ATTR_TCP_NODELAY;
	}
	if (f->sock.rcvbuf) {
		set.mask |= DK_ATTR_SET_RECV_BUF;
		set.recv_buf = (uint32_t)f->sock.rcvbuf;
	}
	if (f->sock.sndbuf) {
		set.mask |= DK_ATTR_SET_SEND_BUF;
		set.send_buf = (uint32_t)f->sock.sndbuf;
	}
	if (set.mask)
		DkStreamAttributesSetByHandle(h, &set);
}

/* The real address of a server stream (port 0 resolved). */
static void lx_sock_name(long h, struct lx_sockaddr *a)
{
	char uri[LX_URI_NET_MAX];
	struct lx_sockaddr n;

	if (DkStreamGetName(h, 0, uri, sizeof(uri)) > 0 &&
	    !lx_sockaddr_parse(uri, &n))
		*a = n;
}

/*
 * Install @f, which has @h as its stream (or -1), as @f's state says;
 * under f->lock by the caller.
 */
static void lx_sock_set_handle(struct lx_file *f, long h)
{
	long old = f->handle;

	f->handle = h;
	if (old >= 0)
		DkObjectClose(old);
}

/*
 * The server stream @h (udp.srv: or tcp.srv:) becomes @f's, in @state:
 * the options asked for so far applied, its real address (port 0
 * resolved) @f's local one.  Under f->lock by the caller.
 */
static void lx_sock_set_server(struct lx_file *f, long h, int state)
{
	lx_sock_apply(f, h);
	lx_sock_name(h, &f->sock.local);
	lx_sock_set_handle(f, h);
	f->sock.state = state;
}

long lx_sys_socket(struct lx_call *c)
{
	int domain = (int)c->a[0], type = (int)c->a[1], proto = (int)c->a[2];
	int base = type & SOCK_TYPE_MASK, fd;
	struct lx_file *f;

	if (type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (domain == AF_UNIX)
		return -EAFNOSUPPORT;	/* socketpair only (pipe.c) */
	if (domain != AF_INET && domain != AF_INET6)
		return -EAFNOSUPPORT;
	if (base != SOCK_STREAM && base != SOCK_DGRAM)
		return base == SOCK_SEQPACKET || base == 3 /* RAW */ ?
		       -EPROTONOSUPPORT : -EINVAL;
	if (proto && !(base == SOCK_STREAM && proto == IPPROTO_TCP) &&
	    !(base == SOCK_DGRAM && proto == IPPROTO_UDP))
		return -EPROTONOSUPPORT;
	f = lx_file_new(LX_F_SOCK, -1, O_RDWR |
			((type & SOCK_NONBLOCK) ? O_NONBLOCK : 0), NULL);
	if (!f)
		return -ENOMEM;
	f->sock.domain = domain;
	f->sock.type = base;
	f->sock.protocol = base == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
	f->sock.state = LX_SS_NEW;
	if (domain == AF_INET6 && !lx_module_has(DK_FEATURE_DUAL_STACK))
		f->sock.opts |= LX_SO_V6ONLY;
	fd = lx_fd_install(f, 0, type & SOCK_CLOEXEC);
	if (fd < 0)
		lx_file_put(f);
	return fd;
}

/*
 * bind and connect: the socket of fd a[0] (+1 ref) with the address at
 * a[1], a[2] in *@a; NULL with *@err: EBADF, ENOTSOCK, @notinet for a
 * socket that is not AF_INET or AF_INET6, or the address's error.
 */
static struct lx_file *lx_sock_get_addr(struct lx_call *c, long notinet,
					struct lx_sockaddr *a, long *err)
{
	struct lx_file *f = lx_sock_get((int)c->a[0], err);

	if (!f)
		return NULL;
	*err = lx_sock_inet(f) ? lx_sockaddr_from_user((const void *)c->a[1],
						       (unsigned long)c->a[2],
						       f->sock.domain, a) :
	       notinet;
	if (*err < 0) {
		lx_file_put(f);
		return NULL;
	}
	return f;
}

long lx_sys_bind(struct lx_call *c)
{
	struct lx_sockaddr a;
	struct lx_file *f;
	long ret, h;

	f = lx_sock_get_addr(c, -EINVAL, &a, &ret);
	if (!f)
		return ret;
	lx_lock(&f->lock);
	if (f->sock.local.family || f->sock.state != LX_SS_NEW) {
		lx_unlock(&f->lock);
		ret = -EINVAL;
		goto out;
	}
	f->sock.local = a;
	lx_unlock(&f->lock);
	if (f->sock.type == SOCK_DGRAM) {
		h = lx_sock_open_server(f, "udp.srv", &a);
		lx_lock(&f->lock);
		if (h < 0) {
			memset(&f->sock.local, 0, sizeof(f->sock.local));
			ret = lx_net_err(h);
		} else {
			lx_sock_set_server(f, h, LX_SS_BOUND);
		}
		lx_unlock(&f->lock);
	}
out:
	lx_file_put(f);
	return ret;
}

long lx_sys_listen(struct lx_call *c)
{
	struct lx_sockaddr a;
	struct lx_file *f;
	long ret, h;

	f = lx_sock_get((int)c->a[0], &ret);
	if (!f)
		return ret;
	if (f->sock.type != SOCK_STREAM || !lx_sock_inet(f)) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	lx_lock(&f->lock);
	if (f->sock.state == LX_SS_LISTEN) {
		lx_unlock(&f->lock);
		ret = 0;	/* a new backlog: Dk's is fixed */
		goto out;
	}
	if (f->sock.state != LX_SS_NEW) {
		lx_unlock(&f->lock);
		ret = -EINVAL;
		goto out;
	}
	a = f->sock.local;
	lx_unlock(&f->lock);
	if (!a.family)
		lx_sock_any(f->sock.domain, &a);	/* autobind */
	h = lx_sock_open_server(f, "tcp.srv", &a);
	if (h < 0) {
		ret = lx_net_err(h);
		goto out;
	}
	lx_lock(&f->lock);
	if (f->sock.state != LX_SS_NEW) {	/* a racing listen won */
		lx_unlock(&f->lock);
		DkObjectClose(h);
		goto out;
	}
	f->sock.local = a;
	lx_sock_set_server(f, h, LX_SS_LISTEN);
	lx_unlock(&f->lock);
out:
	lx_file_put(f);
	return ret;
}

long lx_sys_accept4(struct lx_call *c)
{
	int flags = (int)c->a[3];
	struct dk_stream_attr_set set = { .mask = DK_ATTR_SET_NONBLOCK };
	void *uaddr = (void *)c->a[1];
	int *ulen = (int *)c->a[2], fd;
	struct lx_file *f, *nf;
	long ret, h;

	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	f = lx_sock_get((int)c->a[0], &ret);
	if (!f)
		return ret;
	if (f->sock.type != SOCK_STREAM) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	if (f->sock.state != LX_SS_LISTEN) {
		ret = -EINVAL;
		goto out;
	}
	if (uaddr && (!ulen || *ulen < 0)) {
		ret = -EINVAL;
		goto out;
	}
	h = DkStreamWaitForClient(f->handle);
	if (h < 0) {
		ret = lx_io_note_read(f, lx_net_err(h));
		goto out;
	}
	lx_io_note_read(f, 1);
	/* Linux: the new socket's O_NONBLOCK is accept4's, not inherited */
	if ((flags & SOCK_NONBLOCK) || (f->flags & O_NONBLOCK)) {
		set.flags = (flags & SOCK_NONBLOCK) ? DK_ATTR_NONBLOCK : 0;
		DkStreamAttributesSetByHandle(h, &set);
	}
	nf = lx_file_new(LX_F_SOCK, h, O_RDWR |
			 ((flags & SOCK_NONBLOCK) ? O_NONBLOCK : 0), NULL);
	if (!nf) {
		DkObjectClose(h);
		ret = -ENOMEM;
		goto out;
	}
	nf->sock = f->sock;
	nf->sock.state = LX_SS_CONNECTED;
	nf->sock.error = 0;
	nf->sock.shut = 0;
	lx_sock_name(h, &nf->sock.peer);
	fd = lx_fd_install(nf, 0, flags & SOCK_CLOEXEC);
	if (fd < 0) {
		lx_file_put(nf);
		ret = fd;
		goto out;
	}
	if (uaddr)
		lx_sockaddr_to_user(&nf->sock.peer, uaddr, ulen);
	ret = fd;
out:
	lx_file_put(f);
	return ret;
}

/* accept is accept4 without flags (a[3] is not one of its arguments). */
long lx_sys_accept(struct lx_call *c)
{
	c->a[3] = 0;
	return lx_sys_accept4(c);
}

long lx_sys_connect(struct lx_call *c)
{
	struct lx_sockaddr a, v4;
	struct lx_file *f;
	int nonblock, udp_bound = 0;
	long ret, h;

	f = lx_sock_get_addr(c, -EISCONN, &a, &ret);
	if (!f)
		return ret;
	lx_lock(&f->lock);
	if (f->sock.type == SOCK_STREAM && f->sock.state != LX_SS_NEW) {
		ret = f->sock.state == LX_SS_CONNECTED ? -EISCONN :
		      f->sock.state == LX_SS_FAILED ? -ECONNABORTED : -EINVAL;
		if (f->sock.state == LX_SS_FAILED && f->sock.error) {
			ret = -f->sock.error;
			f->sock.error = 0;
		}
		lx_unlock(&f->lock);
		goto out;
	}
	udp_bound = f->sock.type == SOCK_DGRAM && f->handle >= 0 &&
		    f->sock.local.family;
	if (udp_bound) {
		/* a bound UDP socket keeps its udp.srv: and sends to @a */
		f->sock.peer = a;
		f->sock.state = LX_SS_CONNECTED;
		lx_unlock(&f->lock);
		goto out;
	}
	lx_unlock(&f->lock);
	nonblock = f->flags & O_NONBLOCK;
	v4 = lx_sock_unmap(f, &a);
	h = lx_sock_open(f, f->sock.type == SOCK_STREAM ? "tcp" : "udp", &v4);
	lx_lock(&f->lock);
	if (h < 0) {
		ret = lx_net_err(h);
		if (nonblock && f->sock.type == SOCK_STREAM &&
		    ret != -EACCES && ret != -LX_ERESTARTSYS) {
			f->sock.state = LX_SS_FAILED;
			f->sock.error = (int)-ret;
			ret = -EINPROGRESS;
		}
		lx_unlock(&f->lock);
		goto out;
	}
	lx_sock_apply(f, h);
	lx_sock_set_handle(f, h);
	f->sock.peer = a;
	f->sock.state = LX_SS_CONNECTED;
	lx_unlock(&f->lock);
	if (nonblock && f->sock.type == SOCK_STREAM)
		ret = -EINPROGRESS;
out:
	lx_file_put(f);
	return ret;
}

static long lx_sock_addr_out(struct lx_call *c, int peer)
{
	void *uaddr = (void *)c->a[1];
	int *ulen = (int *)c->a[2];
	struct lx_sockaddr a;
	struct lx_file *f;
	long ret = 0;

	f = lx_sock_get((int)c->a[0], &ret);
	if (!f)
		return ret;
	if (!ulen || *ulen < 0) {
		ret = -EINVAL;
		goto out;
	}
	lx_lock(&f->lock);
	if (peer && f->sock.state != LX_SS_CONNECTED)
		ret = -ENOTCONN;
	a = peer ? f->sock.peer : f->sock.local;
	lx_unlock(&f->lock);
	if (ret)
		goto out;
	if (!a.family)
		lx_sock_any(f->sock.domain, &a);
	lx_sockaddr_to_user(&a, uaddr, ulen);
out:
	lx_file_put(f);
	return ret;
}

long lx_sys_getsockname(struct lx_call *c)
{
	return lx_sock_addr_out(c, 0);
}

long lx_sys_getpeername(struct lx_call *c)
{
	return lx_sock_addr_out(c, 1);
}

/* An unbound UDP socket's first send: bind the wildcard, any port. */
static long lx_udp_autobind(struct lx_file *f)
{
	struct lx_sockaddr a;
	long h, ret = 0;

	lx_sock_any(f->sock.domain, &a);
	h = lx_sock_open_server(f, "udp.srv", &a);
	if (h < 0)
		return lx_net_err(h);
	lx_lock(&f->lock);
	if (f->handle >= 0) {		/* a racing send or bind won */
		DkObjectClose(h);
	} else {
		f->sock.local = a;
		lx_sock_set_server(f, h, f->sock.state == LX_SS_NEW ?
				   LX_SS_BOUND : f->sock.state);
	}
	lx_unlock(&f->lock);
	return ret;
}

/* One send of an iovec array; @to NULL for the connected peer. */
static long lx_sock_sendv(struct lx_file *f, const struct iovec *iov,
			  unsigned long cnt, int msg,
			  const struct lx_sockaddr *to)
{
	unsigned long i, total = 0, n = 0;
	char *buf;
	long ret;

	if (msg & MSG_OOB)
		return -EOPNOTSUPP;
	if (cnt > UIO_MAXIOV)
		return -EMSGSIZE;
	if (to && f->sock.type == SOCK_STREAM)
		to = NULL;	/* Linux ignores it on a connected stream */
	if (to && f->handle < 0 && f->sock.type == SOCK_DGRAM) {
		ret = lx_udp_autobind(f);
		if (ret < 0)
			return ret;
	}
	for (i = 0; i < cnt; i++) {
		total += iov[i].iov_len;
		if (iov[i].iov_len)
			n++;
	}
	/* A datagram or packet is one write: gather the pieces first. */
	if (f->sock.type != SOCK_STREAM && n > 1) {
		/* UDP's limit; a packet pipe's send buffer, 256 KiB */
		if (total > (LX_SOCK_UDP(f) ? 65536UL : 256UL << 10))
			return -EMSGSIZE;
		buf = lx_malloc(total ? total : 1);
		if (!buf)
			return -ENOMEM;
		for (i = 0, n = 0; i < cnt; n += iov[i].iov_len, i++)
			memcpy(buf + n, iov[i].iov_base, iov[i].iov_len);
		ret = lx_stream_write(f, buf, total, msg, to);
		lx_free(buf);
		return ret;
	}
	if (n <= 1) {
		for (i = 0; i < cnt && !iov[i].iov_len; i++)
			;
		return lx_stream_write(f, i < cnt ? iov[i].iov_base : "",
				       i < cnt ? iov[i].iov_len : 0, msg, to);
	}
	for (i = 0, total = 0; i < cnt; i++) {
		if (!iov[i].iov_len)
			continue;
		ret = lx_stream_write(f, iov[i].iov_base, iov[i].iov_len,
				      total ? msg | MSG_NOSIGNAL : msg, to);
		if (ret < 0)
			return total ? (long)total : ret;
		total += (unsigned long)ret;
		if ((unsigned long)ret < iov[i].iov_len)
			break;
	}
	return (long)total;
}

/* One receive into an iovec array; the sender into @from if not NULL. */
static long lx_sock_recvv(struct lx_file *f, const struct iovec *iov,
			  unsigned long cnt, int msg,
			  struct lx_sockaddr *from)
{
	unsigned long i, total = 0, n = 0, off;
	char *buf;
	long ret;

	if (cnt > UIO_MAXIOV)
		return -EMSGSIZE;
	if (f->sock.type == SOCK_DGRAM && f->handle < 0)
		return (msg & MSG_DONTWAIT) || (f->flags & O_NONBLOCK) ?
		       -EAGAIN : -ENOTCONN;
	for (i = 0; i < cnt; i++) {
		total += iov[i].iov_len;
		if (iov[i].iov_len)
			n++;
	}
	if (n <= 1) {
		for (i = 0; i < cnt && !iov[i].iov_len; i++)
			;
		return lx_stream_read(f, i < cnt ? iov[i].iov_base : NULL,
				      i < cnt ? iov[i].iov_len : 0, msg, from);
	}
	/* Read once into a buffer and scatter (a datagram is one read). */
	if (total > DK_STREAM_IO_MAX)
		total = DK_STREAM_IO_MAX;
	buf = lx_malloc(total);
	if (!buf)
		return -ENOMEM;
	ret = lx_stream_read(f, buf, total, msg, from);
	for (i = 0, off = 0; ret > 0 && i < cnt && off < (unsigned long)ret;
	     i++) {
		n = iov[i].iov_len;
		if (n > (unsigned long)ret - off)
			n = (unsigned long)ret - off;
		memcpy(iov[i].iov_base, buf + off, n);
		off += n;
	}
	lx_free(buf);
	return ret;
}

/*
 * sendto and sendmsg: one send on fd @fd to the address @name, @namelen
 * (datagram sockets; NULL: the connected peer).  @control: the message
 * has ancillary data, which no socket here takes.
 */
static long lx_sock_send_to(int fd, const struct iovec *iov,
			    unsigned long cnt, int flags, const void *name,
			    unsigned long namelen, int control)
{
	struct lx_sockaddr to, *top = NULL;
	struct lx_file *f;
	long ret;

	f = lx_sock_get(fd, &ret);
	if (!f)
		return ret;
	if (control) {
		ret = -EOPNOTSUPP;	/* no ancillary data (SCM_RIGHTS) */
		goto out;
	}
	if (name && LX_SOCK_UDP(f)) {	/* AF_UNIX pairs: the peer */
		ret = lx_sockaddr_from_user(name, namelen, f->sock.domain,
					    &to);
		if (ret < 0)
			goto out;
		top = &to;
	}
	ret = lx_sock_sendv(f, iov, cnt, flags, top);
out:
	lx_file_put(f);
	return ret;
}

/*
 * recvfrom and recvmsg: one receive on fd @fd; the sender's address to
 * @uaddr if not NULL, its length in *@ulen (in: the room, EINVAL if
 * negative, as Linux; out: the address's full length).
 */
static long lx_sock_recv_from(int fd, const struct iovec *iov,
			      unsigned long cnt, int flags, void *uaddr,
			      int *ulen)
{
	struct lx_sockaddr from;
	struct lx_file *f;
	long ret;

	f = lx_sock_get(fd, &ret);
	if (!f)
		return ret;
	if (uaddr && (!ulen || *ulen < 0)) {
		ret = -EINVAL;
		goto out;
	}
	memset(&from, 0, sizeof(from));
	ret = lx_sock_recvv(f, iov, cnt, flags, uaddr ? &from : NULL);
	if (ret >= 0 && uaddr) {
		if (!from.family)
			from.family = (unsigned short)f->sock.domain;
		else if (from.family == AF_INET && f->sock.domain == AF_INET6)
			lx_sock_map(&from);
		lx_sockaddr_to_user(&from, uaddr, ulen);
	}
out:
	lx_file_put(f);
	return ret;
}

long lx_sys_sendto(struct lx_call *c)
{
	struct iovec iov = { (void *)c->a[1], (size_t)c->a[2] };

	return lx_sock_send_to((int)c->a[0], &iov, 1, (int)c->a[3],
			       (const void *)c->a[4], (unsigned long)c->a[5],
			       0);
}

long lx_sys_recvfrom(struct lx_call *c)
{
	struct iovec iov = { (void *)c->a[1], (size_t)c->a[2] };

	return lx_sock_recv_from((int)c->a[0], &iov, 1, (int)c->a[3],
				 (void *)c->a[4], (int *)c->a[5]);
}

long lx_sys_sendmsg(struct lx_call *c)
{
	const struct lx_msghdr *m = (const void *)c->a[1];

	return lx_sock_send_to((int)c->a[0], m->msg_iov, m->msg_iovlen,
			       (int)c->a[2], m->msg_name,
			       m->msg_namelen < 0 ? 0 :
			       (unsigned long)m->msg_namelen,
			       m->msg_controllen != 0);
}

long lx_sys_recvmsg(struct lx_call *c)
{
	struct lx_msghdr *m = (void *)c->a[1];
	long ret;

	ret = lx_sock_recv_from((int)c->a[0], m->msg_iov, m->msg_iovlen,
				(int)c->a[2], m->msg_name, &m->msg_namelen);
	if (ret >= 0) {
		m->msg_controllen = 0;
		m->msg_flags = 0;
	}
	return ret;
}

long lx_sys_shutdown(struct lx_call *c)
{
	int how = (int)c->a[1];
	struct lx_file *f;
	long ret;

	f = lx_sock_get((int)c->a[0], &ret);
	if (!f)
		return ret;
	if (how < SHUT_RD || how > SHUT_RDWR) {
		ret = -EINVAL;
		goto out;
	}
	if (f->sock.state != LX_SS_CONNECTED || f->handle < 0 ||
	    (f->sock.type == SOCK_DGRAM && f->sock.local.family &&
	     f->sock.domain != AF_UNIX)) {
		ret = -ENOTCONN;
		goto out;
	}
	ret = DkStreamDelete(f->handle, how == SHUT_RD ? DK_DELETE_READ :
			     how == SHUT_WR ? DK_DELETE_WRITE : DK_DELETE_ALL);
	if (!ret) {
		lx_lock(&f->lock);
		f->sock.shut |= how + 1;
		lx_unlock(&f->lock);
	}
out:
	lx_file_put(f);
	return ret;
}

/* The socket options kept as flags: level, name, LX_SO_* bit. */
static int lx_sockopt_bit(int level, int name)
{
	if (level == SOL_SOCKET && name == SO_REUSEADDR)
		return LX_SO_REUSEADDR;
	if (level == SOL_SOCKET && name == SO_REUSEPORT)
		return LX_SO_REUSEPORT;
	if (level == SOL_SOCKET && name == SO_KEEPALIVE)
		return LX_SO_KEEPALIVE;
	if (level == SOL_TCP && name == TCP_NODELAY)
		return LX_SO_NODELAY;
	return 0;
}

/*
 * IPV6_V6ONLY: only before the socket is bound (Linux: EINVAL after
 * bind, listen or connect, which bind it); a dual-stack socket only when
 * the module makes them (else ENOPROTOOPT, as before the option was).
 */
static long lx_sock_set_v6only(struct lx_file *f, int v)
{
	long ret = 0;

	if (!v && !lx_module_has(DK_FEATURE_DUAL_STACK))
		return -ENOPROTOOPT;
	lx_lock(&f->lock);
	if (f->sock.local.family || f->sock.state != LX_SS_NEW ||
	    f->handle >= 0)
		ret = -EINVAL;
	else if (v)
		f->sock.opts |= LX_SO_V6ONLY;
	else
		f->sock.opts &= ~LX_SO_V6ONLY;
	lx_unlock(&f->lock);
	return ret;
}

long lx_sys_setsockopt(struct lx_call *c)
{
	int level = (int)c->a[1], name = (int)c->a[2], bit, v;
	const int *val = (const int *)c->a[3];
	struct lx_file *f;
	long ret;

	f = lx_sock_get((int)c->a[0], &ret);
	if (!f)
		return ret;
	if ((unsigned long)c->a[4] < sizeof(int)) {
		ret = -EINVAL;
		goto out;
	}
	v = *val;
	bit = lx_sockopt_bit(level, name);
	if (bit == LX_SO_NODELAY && f->sock.type != SOCK_STREAM) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	if (f->sock.domain == AF_UNIX && level == SOL_TCP) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	if (bit) {
		lx_lock(&f->lock);
		f->sock.opts = v ? f->sock.opts | bit : f->sock.opts & ~bit;
		lx_unlock(&f->lock);
		if (bit == LX_SO_NODELAY && f->handle >= 0 &&
		    f->sock.state == LX_SS_CONNECTED) {
			struct dk_stream_attr_set set = {
				.mask = DK_ATTR_SET_TCP_NODELAY,
				.flags = v ? DK_ATTR_TCP_NODELAY : 0,
			};

			ret = DkStreamAttributesSetByHandle(f->handle, &set);
		}
		goto out;
	}
	if (level == IPPROTO_IPV6 && name == IPV6_V6ONLY &&
	    f->sock.domain == AF_INET6) {
		ret = lx_sock_set_v6only(f, v);
		goto out;
	}
	if (level == SOL_SOCKET && (name == SO_RCVBUF || name == SO_SNDBUF)) {
		if (v < 1)
			v = 1;
		if (v > (1 << 29))
			v = 1 << 29;
		lx_lock(&f->lock);
		if (name == SO_RCVBUF)
			f->sock.rcvbuf = v;
		else
			f->sock.sndbuf = v;
		lx_unlock(&f->lock);
		if (f->handle >= 0 && lx_sock_inet(f))
			lx_sock_apply(f, f->handle);
		goto out;
	}
	ret = level == SOL_SOCKET || level == SOL_TCP || level == IPPROTO_IP ||
	      level == IPPROTO_IPV6 ? -ENOPROTOOPT : -EOPNOTSUPP;
out:
	lx_file_put(f);
	return ret;
}

long lx_sys_getsockopt(struct lx_call *c)
{
	int level = (int)c->a[1], name = (int)c->a[2], bit, v = 0;
	int *val = (int *)c->a[3], *ulen = (int *)c->a[4];
	struct dk_stream_attr a;
	struct lx_file *f;
	long ret;

	f = lx_sock_get((int)c->a[0], &ret);
	if (!f)
		return ret;
	if (!ulen || *ulen < 0) {
		ret = -EINVAL;
		goto out;
	}
	bit = lx_sockopt_bit(level, name);
	lx_lock(&f->lock);
	if (bit) {
		v = !!(f->sock.opts & bit);
	} else if (level == SOL_SOCKET && name == SO_ERROR) {
		v = f->sock.error;
		f->sock.error = 0;
	} else if (level == SOL_SOCKET && name == SO_TYPE) {
		v = f->sock.type;
	} else if (level == SOL_SOCKET && name == SO_DOMAIN) {
		v = f->sock.domain;
	} else if (level == SOL_SOCKET && name == SO_PROTOCOL) {
		v = f->sock.protocol;
	} else if (level == SOL_SOCKET && name == SO_ACCEPTCONN) {
		v = f->sock.state == LX_SS_LISTEN;
	} else if (level == SOL_SOCKET &&
		   (name == SO_RCVBUF || name == SO_SNDBUF)) {
		v = name == SO_RCVBUF ? f->sock.rcvbuf : f->sock.sndbuf;
		v = v ? 2 * v : 212992;		/* Linux doubles; its default */
		if (f->handle >= 0 &&
		    !DkStreamAttributesQueryByHandle(f->handle, &a))
			v = (int)(name == SO_RCVBUF ? a.recv_buf : a.send_buf);
	} else if (level == IPPROTO_IPV6 && f->sock.domain == AF_INET6) {
		if (name == IPV6_V6ONLY)
			v = !!(f->sock.opts & LX_SO_V6ONLY);
		else
			ret = -ENOPROTOOPT;	/* as Linux's ipv6_getsockopt */
	} else {
		ret = level == SOL_SOCKET || level == SOL_TCP ?
		      -ENOPROTOOPT : -EOPNOTSUPP;
	}
	lx_unlock(&f->lock);
	if (!ret) {
		if ((unsigned int)*ulen > sizeof(int))
			*ulen = sizeof(int);
		memcpy(val, &v, (size_t)*ulen);
	}
out:
	lx_file_put(f);
	return ret;
}
