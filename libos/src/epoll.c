// SPDX-License-Identifier: GPL-2.0
/*
 * epoll.c: epoll_create, epoll_create1, epoll_ctl, epoll_wait,
 * epoll_pwait over poll.c's lx_poll_fds.
 *
 * An epoll instance is a description of kind LX_F_EPOLL whose interest
 * list is an array of struct lx_epi in f->dbuf (f->dlen bytes, under
 * f->lock), so the description stays a value plus its buffer.  Each wait
 * polls the whole list: level-triggered.  EPOLLONESHOT disables an entry
 * once it was reported (until EPOLL_CTL_MOD); EPOLLET is accepted and
 * behaves as level-triggered (a program that reads until EAGAIN, as
 * edge-triggered programs must, sees the same data).  Entries are keyed
 * by fd number: an fd that was closed is skipped (Linux drops it when
 * its last reference goes), one that was reused reports the new file.
 */
#include <linux/eventpoll.h>
#include <asm/poll.h>

#include "files.h"
#include "mem.h"

/* One interest: an fd, the events asked for, the user's data. */
struct lx_epi {
	int fd;
	unsigned int events;	/* EPOLL* including ONESHOT/ET */
	uint64_t data;
	int disabled;		/* ONESHOT entry already reported */
	int pad;
};

#define LX_EP_MASK	(EPOLLIN | EPOLLPRI | EPOLLOUT | EPOLLRDNORM | \
			 EPOLLRDBAND | EPOLLWRNORM | EPOLLWRBAND | \
			 EPOLLRDHUP | EPOLLERR | EPOLLHUP)

static long lx_epoll_new(int flags)
{
	struct lx_file *f;
	int fd;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	f = lx_file_new(LX_F_EPOLL, -1, O_RDWR, NULL);
	if (!f)
		return -ENOMEM;
	fd = lx_fd_install(f, 0, flags & EPOLL_CLOEXEC);
	if (fd < 0)
		lx_file_put(f);
	return fd;
}

long lx_sys_epoll_create(struct lx_call *c)
{
	if ((int)c->a[0] <= 0)
		return -EINVAL;
	return lx_epoll_new(0);
}

long lx_sys_epoll_create1(struct lx_call *c)
{
	return lx_epoll_new((int)c->a[0]);
}

/* The index of @fd in @ep's list, -1; under ep->lock. */
static long lx_epi_find(struct lx_file *ep, int fd)
{
	struct lx_epi *e = (struct lx_epi *)ep->dbuf;
	unsigned long i, n = ep->dlen / sizeof(*e);

	for (i = 0; i < n; i++)
		if (e[i].fd == fd)
			return (long)i;
	return -1;
}

/* Add @add to @ep's list (a bigger copy); under ep->lock. */
static long lx_epi_add(struct lx_file *ep, const struct lx_epi *add)
{
	char *nbuf = lx_malloc(ep->dlen + sizeof(*add));

	if (!nbuf)
		return -ENOMEM;
	if (ep->dlen)
		memcpy(nbuf, ep->dbuf, ep->dlen);
	memcpy(nbuf + ep->dlen, add, sizeof(*add));
	lx_free(ep->dbuf);
	ep->dbuf = nbuf;
	ep->dlen += sizeof(*add);
	return 0;
}

static void lx_epi_del(struct lx_file *ep, long i)
{
	struct lx_epi *e = (struct lx_epi *)ep->dbuf;
	unsigned long n = ep->dlen / sizeof(*e);

	memmove(&e[i], &e[i + 1], (n - (unsigned long)i - 1) * sizeof(*e));
	ep->dlen -= sizeof(*e);
}

long lx_sys_epoll_ctl(struct lx_call *c)
{
	int epfd = (int)c->a[0], op = (int)c->a[1], fd = (int)c->a[2];
	struct epoll_event *ev = (struct epoll_event *)c->a[3];
	struct lx_file *ep, *f = NULL;
	struct lx_epi e = { 0 };
	long ret, i;

	ep = lx_fd_get(epfd);
	if (!ep)
		return -EBADF;
	f = lx_fd_get(fd);
	if (!f) {
		ret = -EBADF;
		goto out;
	}
	if (ep->kind != LX_F_EPOLL || fd == epfd) {
		ret = -EINVAL;
		goto out;
	}
	if (f->kind == LX_F_STREAM || f->kind == LX_F_DIR ||
	    f->kind == LX_F_NULL || f->kind == LX_F_ZERO ||
	    f->kind == LX_F_RANDOM) {
		ret = -EPERM;	/* Linux: the file cannot be polled */
		goto out;
	}
	if (op != EPOLL_CTL_DEL) {
		if (!LX_USER_RD(ev, sizeof(*ev))) {
			ret = -EFAULT;
			goto out;
		}
		e.fd = fd;
		e.events = ev->events;
		e.data = ev->data;
	}
	lx_lock(&ep->lock);
	i = lx_epi_find(ep, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		ret = i >= 0 ? -EEXIST : lx_epi_add(ep, &e);
		break;
	case EPOLL_CTL_MOD:
		if (i < 0) {
			ret = -ENOENT;
		} else if (e.events & EPOLLEXCLUSIVE) {
			ret = -EINVAL;
		} else {
			((struct lx_epi *)ep->dbuf)[i] = e;
			ret = 0;
		}
		break;
	case EPOLL_CTL_DEL:
		ret = i < 0 ? -ENOENT : 0;
		if (i >= 0)
			lx_epi_del(ep, i);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	lx_unlock(&ep->lock);
out:
	lx_file_put(f);
	lx_file_put(ep);
	return ret;
}

static long lx_epoll_wait(int epfd, struct epoll_event *evs, int max,
			  long long ns)
{
	struct lx_pollent *p = NULL;
	struct lx_epi *snap = NULL;
	unsigned long n = 0, i;
	struct lx_file *ep;
	long ret;
	int out = 0;

	if (max <= 0 || (unsigned long)max > INT32_MAX / sizeof(*evs))
		return -EINVAL;
	if (!LX_USER_WR(evs, (unsigned long)max * sizeof(*evs)))
		return -EFAULT;
	ep = lx_fd_get(epfd);
	if (!ep)
		return -EBADF;
	if (ep->kind != LX_F_EPOLL) {
		ret = -EINVAL;
		goto out;
	}
	lx_lock(&ep->lock);
	if (ep->dlen) {
		snap = lx_malloc(ep->dlen);
		if (snap) {
			memcpy(snap, ep->dbuf, ep->dlen);
			n = ep->dlen / sizeof(*snap);
		}
	}
	lx_unlock(&ep->lock);
	if (ep->dlen && !snap) {
		ret = -ENOMEM;
		goto out;
	}
	p = lx_calloc(n ? n : 1, sizeof(*p));
	if (!p) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		/* closed since it was added, or a disabled ONESHOT: skip */
		p[i].fd = (snap[i].disabled || lx_fd_cloexec(snap[i].fd) < 0) ?
			  -1 : snap[i].fd;
		p[i].events = (short)(snap[i].events & LX_EP_MASK);
	}
	ret = lx_poll_fds(p, (unsigned int)n, ns);
	if (ret < 0)
		goto out;
	for (i = 0; i < n && out < max; i++) {
		if (!p[i].revents || (p[i].revents & POLLNVAL))
			continue;
		evs[out].events = (unsigned short)p[i].revents;
		evs[out].data = snap[i].data;
		out++;
		if (snap[i].events & EPOLLONESHOT) {
			long k;

			lx_lock(&ep->lock);
			k = lx_epi_find(ep, snap[i].fd);
			if (k >= 0)
				((struct lx_epi *)ep->dbuf)[k].disabled = 1;
			lx_unlock(&ep->lock);
		}
	}
	ret = out;
out:
	lx_free(p);
	lx_free(snap);
	lx_file_put(ep);
	return ret;
}

long lx_sys_epoll_wait(struct lx_call *c)
{
	int ms = (int)c->a[3];

	return lx_epoll_wait((int)c->a[0], (struct epoll_event *)c->a[1],
			     (int)c->a[2],
			     ms < 0 ? -1 : (long long)ms * 1000000LL);
}

long lx_sys_epoll_pwait(struct lx_call *c)
{
	int ms = (int)c->a[3];
	uint64_t old = 0;
	long ret, sw;

	sw = lx_sigmask_swap((const uint64_t *)c->a[4],
			     (unsigned long)c->a[5], &old);
	if (sw < 0)
		return sw;
	ret = lx_epoll_wait((int)c->a[0], (struct epoll_event *)c->a[1],
			    (int)c->a[2],
			    ms < 0 ? -1 : (long long)ms * 1000000LL);
	lx_sigmask_restore((int)sw, old);
	return ret;
}
