// SPDX-License-Identifier: GPL-2.0
/*
 * pipe.c: pipes and the data path of pipes and sockets.
 *
 * A Linux pipe is a pair of Dk pipe ends: pipe() registers a pipe.srv:
 * under a fresh random name, connects a pipe: client to it, accepts the
 * connection and closes the server, leaving two connected ends (the
 * name is gone again before pipe() returns).  A Dk pipe carries bytes
 * both ways; the libOS makes fd[0] the read end (O_RDONLY) and fd[1] the
 * write end (O_WRONLY), so the other direction is EBADF as on Linux.
 * When every fd of the write end is closed its Dk handle goes and the
 * reader sees end of file; when the read end goes a write fails with
 * EPIPE and raises SIGPIPE.  socketpair(AF_UNIX, SOCK_STREAM) is the same
 * pair with both ends read-write; SOCK_SEQPACKET and SOCK_DGRAM pairs are
 * packet pipes (DK_OPTION_PACKET), which keep message boundaries.
 *
 * System calls: pipe, pipe2, socketpair.
 */
#include <linux/fcntl.h>

#include "files.h"
#include "net.h"

#define LX_SIGPIPE		13
#define LX_SI_KERNEL		0x80

/* signal.c's delivery; absent (NULL) in a libOS without signal delivery. */
void lx_sig_post(int tid, int sig, int code, int sender_pid) LX_WEAK;

/* Tries at a fresh name before pipe() gives up (EADDRINUSE each time). */
#define LX_PIPE_NAME_TRIES	8

/* A connected pair of pipe ends; @options: DK_OPTION_PACKET or 0. */
long lx_pipe_pair(long *a, long *b, uint32_t options)
{
	char name[48], uri[64];
	uint64_t r[2];
	long srv = -EADDRINUSE, cli, acc;
	int i;

	for (i = 0; i < LX_PIPE_NAME_TRIES && srv == -EADDRINUSE; i++) {
		if (DkRandomBitsRead(r, sizeof(r)) != sizeof(r))
			return -EIO;
		lx_snprintf(name, sizeof(name), "lx.%lx.%lx",
			    (unsigned long)r[0], (unsigned long)r[1]);
		lx_snprintf(uri, sizeof(uri), "pipe.srv:%s", name);
		srv = DkStreamOpen(uri, 0, 0, 0, options);
	}
	if (srv < 0)
		return srv == -EDQUOT ? -ENFILE : srv;
	lx_snprintf(uri, sizeof(uri), "pipe:%s", name);
	cli = DkStreamOpen(uri, 0, 0, 0, options);
	if (cli < 0)
		goto out_srv;
	acc = DkStreamWaitForClient(srv);
	if (acc < 0) {
		DkObjectClose(cli);
		cli = acc;
		goto out_srv;
	}
	DkObjectClose(srv);
	*a = acc;
	*b = cli;
	return 0;
out_srv:
	DkObjectClose(srv);
	return cli == -EDQUOT ? -ENFILE : cli;
}

/*
 * Two descriptions over a new pipe pair, installed as fds; @kind and
 * @fl0/@fl1 (status flags) decide what they are.  Returns 0 with the fds
 * in @fds, or -errno with nothing left behind.
 */
static long lx_pair_install(int kind, int fl0, int fl1, int cloexec,
			    int nonblock, const struct lx_sock *sk, int *fds)
{
	struct dk_stream_attr_set set = {
		.mask = DK_ATTR_SET_NONBLOCK, .flags = DK_ATTR_NONBLOCK,
	};
	struct lx_file *f[2] = { NULL, NULL };
	long h[2], ret;
	int i, fd[2] = { -1, -1 };

	ret = lx_pipe_pair(&h[0], &h[1], sk && sk->type != SOCK_STREAM ?
			   DK_OPTION_PACKET : 0);
	if (ret < 0)
		return ret;
	for (i = 0; i < 2; i++) {
		if (nonblock) {
			ret = DkStreamAttributesSetByHandle(h[i], &set);
			if (ret < 0)
				goto out;
		}
		f[i] = lx_file_new(kind, h[i], i ? fl1 : fl0, NULL);
		if (!f[i]) {
			ret = -ENOMEM;
			goto out;
		}
		h[i] = -1;	/* the description has it */
		if (sk)
			f[i]->sock = *sk;
	}
	for (i = 0; i < 2; i++) {
		fd[i] = lx_fd_install(f[i], 0, cloexec);
		if (fd[i] < 0) {
			ret = fd[i];
			goto out;
		}
		f[i] = NULL;	/* the table has it */
	}
	fds[0] = fd[0];
	fds[1] = fd[1];
	return 0;
out:
	for (i = 0; i < 2; i++) {
		if (fd[i] >= 0)
			lx_fd_close(fd[i]);
		lx_file_put(f[i]);
		if (h[i] >= 0)
			DkObjectClose(h[i]);
	}
	return ret;
}

static long lx_do_pipe(int *ufds, int flags)
{
	int fds[2];
	long ret;

	if (flags & ~(O_NONBLOCK | O_CLOEXEC))
		return -EINVAL;	/* O_DIRECT (packet mode): not offered */
	ret = lx_pair_install(LX_F_PIPE, O_RDONLY | (flags & O_NONBLOCK),
			      O_WRONLY | (flags & O_NONBLOCK),
			      flags & O_CLOEXEC, flags & O_NONBLOCK, NULL, fds);
	if (ret < 0)
		return ret;
	ufds[0] = fds[0];
	ufds[1] = fds[1];
	return 0;
}

long lx_sys_pipe(struct lx_call *c)
{
	return lx_do_pipe((int *)c->a[0], 0);
}

long lx_sys_pipe2(struct lx_call *c)
{
	return lx_do_pipe((int *)c->a[0], (int)c->a[1]);
}

long lx_sys_socketpair(struct lx_call *c)
{
	int domain = (int)c->a[0], type = (int)c->a[1], proto = (int)c->a[2];
	int *ufds = (int *)c->a[3], fds[2], fl, base = type & SOCK_TYPE_MASK;
	struct lx_sock sk;
	long ret;

	if (domain != AF_UNIX)
		return (domain == AF_INET || domain == AF_INET6) ?
		       -EOPNOTSUPP : -EAFNOSUPPORT;
	if (type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (base != SOCK_STREAM && base != SOCK_DGRAM &&
	    base != SOCK_SEQPACKET)
		return -EINVAL;
	if (base != SOCK_STREAM && !lx_module_has(DK_FEATURE_PIPE_PACKETS))
		return -EOPNOTSUPP;
	if (proto)
		return -EPROTONOSUPPORT;
	memset(&sk, 0, sizeof(sk));
	sk.domain = AF_UNIX;
	sk.type = base;
	sk.state = LX_SS_CONNECTED;
	sk.local.family = AF_UNIX;
	sk.peer.family = AF_UNIX;
	fl = O_RDWR | ((type & SOCK_NONBLOCK) ? O_NONBLOCK : 0);
	ret = lx_pair_install(LX_F_SOCK, fl, fl, type & SOCK_CLOEXEC,
			      type & SOCK_NONBLOCK, &sk, fds);
	if (ret < 0)
		return ret;
	ufds[0] = fds[0];
	ufds[1] = fds[1];
	return 0;
}

/* Dk's EINTR: the wait was interrupted by an exception upcall. */
static long lx_io_ret(long ret)
{
	return ret == -EINTR ? -LX_ERESTARTSYS : ret;
}

/* MSG_DONTWAIT on a blocking stream: would a read wait? */
static int lx_would_block_read(struct lx_file *f)
{
	struct dk_stream_attr a;

	if (DkStreamAttributesQueryByHandle(f->handle, &a) < 0)
		return 0;	/* let the read report it */
	return !a.pending && !(a.flags & DK_ATTR_EOF);
}

/*
 * read, recv, recvfrom, recvmsg of a pipe or socket.  MSG_PEEK is a read
 * at DK_OFFSET_PEEK (one peek: with MSG_WAITALL too, it returns what is
 * there rather than waiting for @n bytes), EOPNOTSUPP from a module
 * without DK_FEATURE_PEEK.
 */
static long lx_stream_read1(struct lx_file *f, void *buf, unsigned long n,
			    int msg, struct lx_sockaddr *from)
{
	uint64_t off = DK_OFFSET_NONE;
	char src[LX_URI_NET_MAX];
	long ret;

	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (f->kind == LX_F_SOCK) {
		if ((msg & MSG_OOB) ||
		    ((msg & MSG_PEEK) && !lx_module_has(DK_FEATURE_PEEK)))
			return -EOPNOTSUPP;
		if (msg & MSG_PEEK)
			off = DK_OFFSET_PEEK;
		if (f->sock.type == SOCK_STREAM &&
		    f->sock.state != LX_SS_CONNECTED)
			return -ENOTCONN;
		if (f->handle < 0)
			return -ENOTCONN;
	}
	if (n > DK_STREAM_IO_MAX)
		n = DK_STREAM_IO_MAX;
	if ((msg & MSG_DONTWAIT) && !(f->flags & O_NONBLOCK) &&
	    lx_would_block_read(f))
		return -EAGAIN;
	if (from && f->kind == LX_F_SOCK && LX_SOCK_UDP(f)) {
		ret = off == DK_OFFSET_PEEK ?
		      DkStreamPeekFrom(f->handle, n, buf, src, sizeof(src)) :
		      DkStreamReadFrom(f->handle, n, buf, src, sizeof(src));
		if (ret >= 0 && lx_sockaddr_parse(src, from))
			memset(from, 0, sizeof(*from));
		return lx_io_ret(ret);
	}
	ret = DkStreamRead(f->handle, off, n, buf);
	if ((msg & MSG_WAITALL) && off == DK_OFFSET_NONE &&
	    f->kind == LX_F_SOCK && f->sock.type == SOCK_STREAM) {
		unsigned long done = ret > 0 ? (unsigned long)ret : 0;
		long r = ret;

		while (r > 0 && done < n) {	/* MSG_WAITALL: until full */
			r = DkStreamRead(f->handle, DK_OFFSET_NONE, n - done,
					 (char *)buf + done);
			if (r > 0)
				done += (unsigned long)r;
		}
		if (done)
			ret = (long)done;
	}
	if (from && ret >= 0)
		*from = f->sock.peer;
	return lx_io_ret(ret);
}

long lx_stream_read(struct lx_file *f, void *buf, unsigned long n, int msg,
		    struct lx_sockaddr *from)
{
	long ret = lx_stream_read1(f, buf, n, msg, from);

	/* A peek takes nothing: edge-triggered epoll sees no read. */
	return (msg & MSG_PEEK) ? ret : lx_io_note_read(f, ret);
}

static long lx_stream_write1(struct lx_file *f, const void *buf,
			     unsigned long n, int msg,
			     const struct lx_sockaddr *to)
{
	char dest[LX_URI_NET_MAX];
	long ret;

	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (n > DK_STREAM_IO_MAX)
		n = DK_STREAM_IO_MAX;
	if (f->kind == LX_F_SOCK && LX_SOCK_UDP(f)) {
		if (!to && f->sock.state == LX_SS_CONNECTED &&
		    f->handle >= 0 && f->sock.local.family)
			to = &f->sock.peer;	/* bound, then connected */
		if (!to && f->sock.state != LX_SS_CONNECTED)
			return -EDESTADDRREQ;
		if (f->handle < 0)
			return -EDESTADDRREQ;
		if (to) {
			lx_sockaddr_uri(to, "udp", dest);
			return lx_io_ret(DkStreamWriteTo(f->handle, n, buf,
							 dest));
		}
	}
	if (f->kind == LX_F_SOCK &&
	    (f->sock.state != LX_SS_CONNECTED || f->handle < 0))
		ret = -EPIPE;	/* Linux's TCP: EPIPE and SIGPIPE */
	else
		ret = DkStreamWrite(f->handle, DK_OFFSET_NONE, n, buf);
	/* AF_UNIX packets to a closed peer: Linux's errors, no SIGPIPE. */
	if (ret == -EPIPE && f->kind == LX_F_SOCK &&
	    f->sock.type != SOCK_STREAM)
		return f->sock.type == SOCK_DGRAM ? -ECONNREFUSED : ret;
	if (ret == -EPIPE && !(msg & MSG_NOSIGNAL) && lx_sig_post)
		lx_sig_post(lx_self()->tid, LX_SIGPIPE, LX_SI_KERNEL, 0);
	return lx_io_ret(ret);
}

long lx_stream_write(struct lx_file *f, const void *buf, unsigned long n,
		     int msg, const struct lx_sockaddr *to)
{
	if (n > DK_STREAM_IO_MAX)
		n = DK_STREAM_IO_MAX;
	return lx_io_note_write(f, n, lx_stream_write1(f, buf, n, msg, to));
}

long lx_stream_set_nonblock(struct lx_file *f, int on)
{
	struct dk_stream_attr_set set = {
		.mask = DK_ATTR_SET_NONBLOCK,
		.flags = on ? DK_ATTR_NONBLOCK : 0,
	};
	long ret = 0;

	if (f->handle >= 0)
		ret = DkStreamAttributesSetByHandle(f->handle, &set);
	if (!ret && f->handle2 >= 0)
		ret = DkStreamAttributesSetByHandle(f->handle2, &set);
	return ret;
}

long lx_stream_pending(struct lx_file *f)
{
	struct dk_stream_attr a;
	long ret;

	if (f->handle < 0)
		return 0;
	ret = DkStreamAttributesQueryByHandle(f->handle, &a);
	if (ret < 0)
		return ret;
	if (f->kind == LX_F_SOCK && f->sock.state == LX_SS_LISTEN)
		return 0;
	return a.pending > 0x7fffffff ? 0x7fffffff : (long)a.pending;
}
