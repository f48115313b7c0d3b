// SPDX-License-Identifier: GPL-2.0
/*
 * poll.c: readiness of fds: poll, ppoll, select, pselect6.
 *
 * Every fd whose description has a Dk stream (pipes, sockets, launcher
 * streams) becomes one item of a single DkStreamPoll call, which waits
 * for any of them without consuming anything.  The others answer at once
 * as Linux does: regular files, directories and the /dev files are
 * always readable and writable; a socket without a stream yet is
 * writable (and hung up if it is an unconnected TCP socket or its
 * connect failed).  The Dk bits are the Linux POLL* bits; the libOS then
 * shapes them per kind: a pipe's read end never reports POLLOUT, and
 * POLLIN at end of file only while data is left (the hang-up is POLLHUP);
 * a write end never reports POLLIN, and its reader's going is POLLERR.
 */
#include <asm/poll.h>
#include <linux/posix_types.h>
#include <linux/time_types.h>
#include <linux/fcntl.h>

#include "files.h"
#include "mem.h"
#include "net.h"
#include "lxtime.h"

#ifndef DK_POLL_IN
/* Call 45 (i-poll) until the uapi header has it. */
struct dk_poll_item {
	__u64 handle;
	__u32 events;
	__u32 revents;
};

#define DK_POLL_IN		0x1
#define DK_POLL_PRI		0x2
#define DK_POLL_OUT		0x4
#define DK_POLL_ERR		0x8
#define DK_POLL_HUP		0x10
#define DK_POLL_RDHUP		0x2000
#define DK_POLL_MAX		1024

static long DkStreamPoll(unsigned int count, struct dk_poll_item *items,
			 long long timeout_ns)
{
	return dk_call(45, count, (uint64_t)(uintptr_t)items,
		       (uint64_t)timeout_ns, 0, 0, 0);
}
#endif

#define LX_NSEC			1000000000LL

/*
 * A module without DkStreamPoll (EBADRQC: no such call; ENOSYS: reserved)
 * gets a fallback: each stream's attributes are looked at (pending
 * bytes, end of stream) every millisecond until one is ready or the
 * timeout passes.  It cannot see writability (a stream is always
 * writable) nor a server's waiting clients (a server is always readable).
 */
#define LX_POLL_FALLBACK_NS	1000000LL

static int lx_poll_nocall;	/* atomic: DkStreamPoll is missing */

static unsigned int lx_poll_attr(long h)
{
	struct dk_stream_attr a;
	unsigned int r = 0;

	if (DkStreamAttributesQueryByHandle(h, &a) < 0)
		return DK_POLL_ERR;
	if (a.type == DK_STREAM_TYPE_HOST)
		return DK_POLL_IN | DK_POLL_OUT;
	if (a.pending)
		r |= DK_POLL_IN;
	if (a.flags & DK_ATTR_EOF)
		r |= DK_POLL_IN | DK_POLL_HUP | DK_POLL_RDHUP;
	/* a server's waiting clients are not counted by every scheme */
	if (a.type == DK_STREAM_TYPE_PIPE_SRV ||
	    a.type == DK_STREAM_TYPE_TCP_SRV)
		return DK_POLL_IN;
	r |= DK_POLL_OUT;
	return r;
}

static long lx_poll_fallback(unsigned int k, struct dk_poll_item *items,
			     long long timeout_ns)
{
	uint64_t start = lx_time_mono(), now;
	long long step;
	unsigned int i, n;
	long ret;

	for (;;) {
		for (i = 0, n = 0; i < k; i++) {
			items[i].revents = lx_poll_attr((long)items[i].handle) &
					   (items[i].events | DK_POLL_ERR |
					    DK_POLL_HUP);
			if (items[i].revents)
				n++;
		}
		if (n || !timeout_ns)
			return n;
		step = LX_POLL_FALLBACK_NS;
		if (timeout_ns > 0) {
			now = lx_time_mono();
			if ((long long)(now - start) >= timeout_ns)
				return 0;
			if (timeout_ns - (long long)(now - start) < step)
				step = timeout_ns - (long long)(now - start);
		}
		ret = DkThreadDelayExecution((uint64_t)step);
		if (ret < 0)
			return ret;
	}
}

/* DkStreamPoll, or the fallback on a module without it. */
static long lx_stream_poll(unsigned int k, struct dk_poll_item *items,
			   long long timeout_ns)
{
	long ret;

	if (!__atomic_load_n(&lx_poll_nocall, __ATOMIC_RELAXED)) {
		ret = DkStreamPoll(k, items, timeout_ns);
		if (ret != -EBADRQC && ret != -ENOSYS)
			return ret;
		__atomic_store_n(&lx_poll_nocall, 1, __ATOMIC_RELAXED);
	}
	return lx_poll_fallback(k, items, timeout_ns);
}
#define LX_POLL_ALWAYS		(POLLERR | POLLHUP | POLLNVAL)

/* Linux's mask for files that cannot wait (DEFAULT_POLLMASK). */
#define LX_POLL_FILE		(POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

/* What a description without a Dk stream reports now. */
static short lx_poll_static(struct lx_file *f)
{
	switch (f->kind) {
	case LX_F_SOCK:
		if (f->sock.state == LX_SS_FAILED)
			return POLLOUT | POLLWRNORM | POLLERR | POLLHUP;
		if (f->sock.type == SOCK_STREAM)
			return POLLOUT | POLLWRNORM | POLLHUP;
		return POLLOUT | POLLWRNORM;
	case LX_F_EPOLL:
		return 0;	/* an epoll fd in poll: never ready (libos.rst) */
	default:
		return LX_POLL_FILE;
	}
}

/* Dk's revents of @f shaped as Linux's poll of that kind reports them. */
static short lx_poll_shape(struct lx_file *f, unsigned int r)
{
	short m = (short)(r & (POLLIN | POLLPRI | POLLOUT | POLLERR | POLLHUP |
			       POLLRDHUP));

	if (m & POLLIN)
		m |= POLLRDNORM;
	if (m & POLLOUT)
		m |= POLLWRNORM;
	if (f->kind != LX_F_PIPE)
		return m;
	if ((f->flags & O_ACCMODE) == O_WRONLY) {
		m &= (short)~(POLLIN | POLLRDNORM | POLLRDHUP | POLLPRI);
		if (m & POLLHUP)
			m = (short)((m & ~POLLHUP) | POLLERR);
		return m;
	}
	m &= (short)~(POLLOUT | POLLWRNORM | POLLRDHUP);
	if ((m & POLLHUP) && (m & POLLIN) && lx_stream_pending(f) <= 0)
		m &= (short)~(POLLIN | POLLRDNORM);
	return m;
}

/*
 * The Dk bits to ask of @f's stream for @events: not those that
 * lx_poll_shape drops for its kind (a pipe end's other direction), which
 * would end the wait with nothing to report.
 */
static unsigned int lx_poll_ask(struct lx_file *f, short events)
{
	unsigned int ev = (unsigned short)events;

	if (f->kind != LX_F_PIPE)
		return ev;
	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return ev & ~(unsigned int)(POLLIN | POLLRDNORM | POLLRDHUP |
					    POLLPRI);
	return ev & ~(unsigned int)(POLLOUT | POLLWRNORM | POLLRDHUP);
}

long lx_poll_fds(struct lx_pollent *p, unsigned int n, long long timeout_ns)
{
	struct dk_poll_item *items = NULL;
	struct lx_file **files = NULL;
	unsigned int i, k = 0, ready = 0;
	unsigned int *idx = NULL;
	long ret = 0;

	if (n) {
		files = lx_calloc(n, sizeof(*files));
		items = lx_calloc(n, sizeof(*items));
		idx = lx_calloc(n, sizeof(*idx));
		if (!files || !items || !idx) {
			ret = -ENOMEM;
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		struct lx_file *f;

		p[i].revents = 0;
		p[i].raw = 0;
		p[i].waited = 0;
		if (p[i].fd < 0)
			continue;
		f = lx_fd_get(p[i].fd);
		files[i] = f;
		if (!f) {
			p[i].revents = POLLNVAL;
		} else if (f->handle < 0 || f->kind == LX_F_STREAM ||
			   f->kind == LX_F_DIR) {
			p[i].revents = lx_poll_static(f) &
				       (p[i].events | LX_POLL_ALWAYS);
		} else {
			items[k].handle = (__u64)f->handle;
			items[k].events = lx_poll_ask(f, p[i].events);
			idx[k++] = i;
			continue;
		}
		if (p[i].revents)
			ready++;
	}
	if (k > DK_POLL_MAX) {
		ret = -EINVAL;
		goto out;
	}
	if (k) {
		ret = lx_stream_poll(k, items, ready ? 0 :
				   (timeout_ns < 0 ? DK_TIMEOUT_INFINITE :
				    timeout_ns));
		if (ret < 0)
			goto out;
		for (i = 0; i < k; i++) {
			struct lx_pollent *e = &p[idx[i]];

			e->raw = (unsigned short)items[i].revents;
			e->waited = 1;
			e->revents = lx_poll_shape(files[idx[i]],
						   items[i].revents) &
				     (e->events | LX_POLL_ALWAYS);
			if (e->revents)
				ready++;
		}
	} else if (!ready && timeout_ns != 0) {
		ret = DkThreadDelayExecution(timeout_ns < 0 ?
					     (uint64_t)DK_TIMEOUT_INFINITE :
					     (uint64_t)timeout_ns);
		if (ret < 0)
			goto out;
	}
	ret = ready;
out:
	for (i = 0; files && i < n; i++)
		lx_file_put(files[i]);
	lx_free(files);
	lx_free(items);
	lx_free(idx);
	return ret;
}

/* poll/ppoll on the user's array: copy in, poll, copy revents out. */
static long lx_poll_user(struct pollfd *ufds, unsigned long n,
			 long long timeout_ns)
{
	struct lx_pollent *p = NULL;
	unsigned long i;
	long ret;

	if (n > LX_FD_MAX)
		return -EINVAL;
	if (n && !LX_USER_WR(ufds, n * sizeof(*ufds)))
		return -EFAULT;
	if (n) {
		p = lx_calloc(n, sizeof(*p));
		if (!p)
			return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		p[i].fd = ufds[i].fd;
		p[i].events = ufds[i].events;
	}
	ret = lx_poll_fds(p, (unsigned int)n, timeout_ns);
	if (ret >= 0)
		for (i = 0; i < n; i++)
			ufds[i].revents = p[i].revents;
	lx_free(p);
	return ret;
}

long lx_sys_poll(struct lx_call *c)
{
	int ms = (int)c->a[2];

	return lx_poll_user((struct pollfd *)c->a[0], (unsigned long)c->a[1],
			    ms < 0 ? -1 : (long long)ms * 1000000LL);
}

/* A relative timespec as ns (-1: NULL, infinite); -EINVAL/-EFAULT. */
static long long lx_ts_ns(const struct __kernel_timespec *ts)
{
	if (!ts)
		return -1;
	if (!LX_USER_RD(ts, sizeof(*ts)))
		return -EFAULT;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= LX_NSEC)
		return -EINVAL;
	if (ts->tv_sec > INT64_MAX / LX_NSEC - 1)
		return INT64_MAX;
	return ts->tv_sec * LX_NSEC + ts->tv_nsec;
}

/*
 * ppoll/pselect6/epoll_pwait's mask: in force for the call's duration
 * (bookkeeping of lx_thread.sigmask; SIGKILL and SIGSTOP never blocked).
 */
long lx_sigmask_swap(const uint64_t *mask, unsigned long size, uint64_t *old)
{
	struct lx_thread *t = lx_self();

	if (!mask)
		return 0;
	if (size != sizeof(uint64_t))
		return -EINVAL;
	if (!LX_USER_RD(mask, sizeof(*mask)))
		return -EFAULT;
	*old = t->sigmask;
	t->sigmask = *mask & ~((1ULL << 8) | (1ULL << 18));
	return 1;
}

void lx_sigmask_restore(int swapped, uint64_t old)
{
	if (swapped > 0)
		lx_self()->sigmask = old;
}

long lx_sys_ppoll(struct lx_call *c)
{
	long long ns = lx_ts_ns((const void *)c->a[2]);
	uint64_t old = 0;
	long ret, sw;

	if (ns < -1)
		return ns;
	sw = lx_sigmask_swap((const uint64_t *)c->a[3],
			     (unsigned long)c->a[4], &old);
	if (sw < 0)
		return sw;
	ret = lx_poll_user((struct pollfd *)c->a[0], (unsigned long)c->a[1],
			   ns);
	lx_sigmask_restore((int)sw, old);
	return ret;
}

#define LX_NFDBITS		(8 * sizeof(unsigned long))

static int lx_fd_isset(const unsigned long *set, int fd)
{
	return set && (set[fd / LX_NFDBITS] >> (fd % LX_NFDBITS)) & 1;
}

#define LX_SEL_IN	(POLLIN | POLLRDNORM | POLLHUP | POLLERR)
#define LX_SEL_OUT	(POLLOUT | POLLWRNORM | POLLERR)
#define LX_SEL_EX	(POLLPRI)

static long lx_select(int nfds, unsigned long *in, unsigned long *out,
		      unsigned long *ex, long long ns)
{
	unsigned long words, w;
	struct lx_pollent *p;
	unsigned int n = 0, i;
	long ret;
	int fd;

	if (nfds < 0)
		return -EINVAL;
	if (nfds > LX_FD_MAX)
		nfds = LX_FD_MAX;
	words = ((unsigned long)nfds + LX_NFDBITS - 1) / LX_NFDBITS;
	if ((in && !LX_USER_WR(in, words * sizeof(long))) ||
	    (out && !LX_USER_WR(out, words * sizeof(long))) ||
	    (ex && !LX_USER_WR(ex, words * sizeof(long))))
		return -EFAULT;
	p = lx_calloc(nfds ? (size_t)nfds : 1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	for (fd = 0; fd < nfds; fd++) {
		short ev = 0;

		if (lx_fd_isset(in, fd))
			ev |= POLLIN | POLLRDNORM;
		if (lx_fd_isset(out, fd))
			ev |= POLLOUT | POLLWRNORM;
		if (lx_fd_isset(ex, fd))
			ev |= POLLPRI;
		if (!ev)
			continue;
		p[n].fd = fd;
		p[n++].events = ev;
	}
	ret = lx_poll_fds(p, n, ns);
	if (ret < 0)
		goto out;
	for (i = 0; i < n; i++)
		if (p[i].revents & POLLNVAL) {
			ret = -EBADF;
			goto out;
		}
	for (w = 0; w < words; w++) {
		if (in)
			in[w] = 0;
		if (out)
			out[w] = 0;
		if (ex)
			ex[w] = 0;
	}
	ret = 0;
	for (i = 0; i < n; i++) {
		unsigned long bit = 1UL << (p[i].fd % LX_NFDBITS);

		w = (unsigned long)p[i].fd / LX_NFDBITS;
		if (in && (p[i].events & POLLIN) && (p[i].revents & LX_SEL_IN)) {
			in[w] |= bit;
			ret++;
		}
		if (out && (p[i].events & POLLOUT) &&
		    (p[i].revents & LX_SEL_OUT)) {
			out[w] |= bit;
			ret++;
		}
		if (ex && (p[i].events & POLLPRI) &&
		    (p[i].revents & LX_SEL_EX)) {
			ex[w] |= bit;
			ret++;
		}
	}
out:
	lx_free(p);
	return ret;
}

/* struct __kernel_old_timeval of select(2). */
struct lx_timeval {
	long tv_sec;
	long tv_usec;
};

long lx_sys_select(struct lx_call *c)
{
	struct lx_timeval *tv = (struct lx_timeval *)c->a[4];
	long long ns = -1;

	if (tv) {
		if (!LX_USER_RD(tv, sizeof(*tv)))
			return -EFAULT;
		if (tv->tv_sec < 0 || tv->tv_usec < 0)
			return -EINVAL;
		ns = tv->tv_sec > INT64_MAX / LX_NSEC - 1 ? INT64_MAX :
		     tv->tv_sec * LX_NSEC + (tv->tv_usec % 1000000) * 1000;
	}
	return lx_select((int)c->a[0], (unsigned long *)c->a[1],
			 (unsigned long *)c->a[2], (unsigned long *)c->a[3],
			 ns);
}

long lx_sys_pselect6(struct lx_call *c)
{
	/* the sixth argument: { const sigset_t *ss; size_t ss_len; } */
	const unsigned long *sig = (const unsigned long *)c->a[5];
	long long ns = lx_ts_ns((const void *)c->a[4]);
	uint64_t old = 0;
	long ret, sw = 0;

	if (ns < -1)
		return ns;
	if (sig) {
		if (!LX_USER_RD(sig, 2 * sizeof(*sig)))
			return -EFAULT;
		sw = lx_sigmask_swap((const uint64_t *)sig[0], sig[1], &old);
		if (sw < 0)
			return sw;
	}
	ret = lx_select((int)c->a[0], (unsigned long *)c->a[1],
			(unsigned long *)c->a[2], (unsigned long *)c->a[3], ns);
	lx_sigmask_restore((int)sw, old);
	return ret;
}
