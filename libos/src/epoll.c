// SPDX-License-Identifier: GPL-2.0
/*
 * epoll.c: epoll_create, epoll_create1, epoll_ctl, epoll_wait,
 * epoll_pwait over poll.c's lx_poll_fds.
 *
 * An epoll instance is a description of kind LX_F_EPOLL whose interest
 * list is an array of struct lx_epi in f->dbuf (f->dlen bytes, under
 * f->lock), so the description stays a value plus its buffer (fork.c
 * sends both to a child).  Each wait looks at the whole list with one
 * DkStreamPoll.  A level-triggered entry is reported while it is ready.
 * EPOLLONESHOT disables an entry once it was reported (until
 * EPOLL_CTL_MOD).  Entries are keyed by fd number: an fd that was closed
 * is skipped (Linux drops it when its last reference goes), one that was
 * reused reports the new file.
 *
 * An edge-triggered (EPOLLET) entry keeps what the last look found: its
 * ready bits; if readable, the file's io_taken (bytes read and
 * connections accepted through the description) plus its pending bytes;
 * the file's io_empty and io_full counts (files.h).  A look reports it,
 * with all its ready bits as Linux does, when
 *   - a bit is ready that was not at the last look (readable after
 *     empty, writable after full, a hang-up, an error),
 *   - it is readable and, since, a read or accept found nothing
 *     (EAGAIN) or taken + pending grew (bytes or clients arrived),
 *   - it is writable and, since, a write found the buffer full.
 * Every look stores what it found (a bit that went away is new when it
 * comes back); an entry past maxevents is not looked at, so it stays
 * due for the next wait.
 *
 * DkStreamPoll is level-triggered: a wait whose edge entries are all
 * quiet asks it only for the bits each lacks (an entry with a hang-up or
 * an error, or without a stream, not at all) and sleeps in it.  Bytes
 * arriving on a stream that is readable already wake nothing, so while
 * such an entry exists the wait looks again now and then (LX_EP_TICK_*).
 */
#include <linux/eventpoll.h>
#include <asm/poll.h>

#include "files.h"
#include "mem.h"
#include "lxtime.h"

/* One interest: an fd, the events asked for, the user's data, state. */
struct lx_epi {
	int fd;
	unsigned int events;	/* EPOLL* including ONESHOT/ET */
	uint64_t data;
	int disabled;		/* ONESHOT entry already reported */
	unsigned int gen;	/* new at every change: a wait's snapshot is stale */
	/* EPOLLET: what the last look found (top of file) */
	unsigned int seen;	/* ready bits */
	unsigned int empty;	/* the file's io_empty */
	unsigned int full;	/* the file's io_full */
	int pad;
	uint64_t mark;		/* readable: the file's io_taken + pending */
};

#define LX_EP_MASK	(EPOLLIN | EPOLLPRI | EPOLLOUT | EPOLLRDNORM | \
			 EPOLLRDBAND | EPOLLWRNORM | EPOLLWRBAND | \
			 EPOLLRDHUP | EPOLLERR | EPOLLHUP)
#define LX_EP_IN	(EPOLLIN | EPOLLRDNORM)
#define LX_EP_OUT	(EPOLLOUT | EPOLLWRNORM)

/*
 * While an edge entry stays readable, a wait looks again after 10 ms,
 * then after twice as long each time, up to 160 ms.
 */
#define LX_EP_TICK_NS	10000000LL
#define LX_EP_TICK_MAX	160000000LL

static unsigned int lx_epi_gens;	/* atomic: the last lx_epi.gen given */

static unsigned int lx_epi_gen(void)
{
	return __atomic_add_fetch(&lx_epi_gens, 1, __ATOMIC_RELAXED);
}

long lx_io_note_read(struct lx_file *f, long ret)
{
	if (ret > 0)
		__atomic_fetch_add(&f->io_taken, (uint64_t)ret,
				   __ATOMIC_RELAXED);
	else if (ret == -EAGAIN)
		__atomic_fetch_add(&f->io_empty, 1, __ATOMIC_RELAXED);
	return ret;
}

long lx_io_note_write(struct lx_file *f, unsigned long n, long ret)
{
	if (ret == -EAGAIN || (ret >= 0 && (unsigned long)ret < n))
		__atomic_fetch_add(&f->io_full, 1, __ATOMIC_RELAXED);
	return ret;
}

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
		e.gen = lx_epi_gen();	/* ADD, MOD: a fresh edge state */
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

/* Bytes a read of @f returns now, or (a listener) clients waiting. */
static uint64_t lx_epi_pending(struct lx_file *f)
{
	struct dk_stream_attr a;

	if (f->handle < 0 || DkStreamAttributesQueryByHandle(f->handle, &a))
		return 0;
	return a.pending;
}

/*
 * The look found EPOLLET entry @s with ready bits @cur: store what to
 * keep in @nx; 1 if it is reported (the rules at the top of the file).
 */
static int lx_epi_edge(const struct lx_epi *s, unsigned int cur,
		       struct lx_epi *nx)
{
	unsigned int news = cur & ~s->seen;
	struct lx_file *f = lx_fd_get(s->fd);
	uint64_t pend;

	*nx = *s;
	nx->seen = cur;
	nx->mark = 0;
	if (!f)
		return news != 0;
	nx->empty = __atomic_load_n(&f->io_empty, __ATOMIC_RELAXED);
	nx->full = __atomic_load_n(&f->io_full, __ATOMIC_RELAXED);
	if (cur & LX_EP_IN) {
		/* pending first: a read in between counts twice, not never */
		pend = lx_epi_pending(f);
		nx->mark = __atomic_load_n(&f->io_taken, __ATOMIC_RELAXED) +
			   pend;
		if ((s->seen & LX_EP_IN) &&
		    (nx->empty != s->empty || nx->mark > s->mark))
			news |= cur & LX_EP_IN;
	}
	if ((cur & s->seen & LX_EP_OUT) && nx->full != s->full)
		news |= cur & LX_EP_OUT;
	lx_file_put(f);
	return news != 0;
}

/*
 * Store @nx as the entry of snapshot entry @s (index @i then) if that
 * entry is still as the snapshot saw it (no epoll_ctl, no other wait
 * since); 0 if it is not.  Takes ep->lock.
 */
static int lx_epi_store(struct lx_file *ep, unsigned long i,
			const struct lx_epi *s, struct lx_epi *nx)
{
	struct lx_epi *e;
	long k;
	int ok = 0;

	lx_lock(&ep->lock);
	e = (struct lx_epi *)ep->dbuf;
	k = (i < ep->dlen / sizeof(*e) && e[i].fd == s->fd) ? (long)i :
	    lx_epi_find(ep, s->fd);
	if (k >= 0 && e[k].gen == s->gen) {
		nx->gen = lx_epi_gen();
		e[k] = *nx;
		ok = 1;
	}
	lx_unlock(&ep->lock);
	return ok;
}

/*
 * The events of a look @p over snapshot @snap (@n entries) into @evs (at
 * most @max), the entries' new state stored.  *@stuck is set if an edge
 * entry stays readable without news.  Returns the number of events.
 */
static int lx_ep_collect(struct lx_file *ep, const struct lx_epi *snap,
			 const struct lx_pollent *p, unsigned long n,
			 struct epoll_event *evs, int max, int *stuck)
{
	unsigned long i;
	struct lx_epi nx;
	int out = 0, report;

	*stuck = 0;
	for (i = 0; i < n && out < max; i++) {
		unsigned int rev = (unsigned short)p[i].revents;

		if (p[i].fd < 0 || (rev & POLLNVAL))
			continue;
		nx = snap[i];
		if (snap[i].events & EPOLLET) {
			report = lx_epi_edge(&snap[i], rev, &nx);
			if (!report && (rev & LX_EP_IN))
				*stuck = 1;
		} else {
			report = rev != 0;
		}
		if (report && (snap[i].events & EPOLLONESHOT))
			nx.disabled = 1;
		if (memcmp(&nx, &snap[i], sizeof(nx)) &&
		    !lx_epi_store(ep, i, &snap[i], &nx))
			continue;	/* changed meanwhile: its news is gone */
		if (!report)
			continue;
		evs[out].events = rev;
		evs[out].data = snap[i].data;
		out++;
	}
	return out;
}

/*
 * After a look that reported nothing: make @p the wait for a change.
 * Edge entries ask only for the bits DkStreamPoll did not find; one with
 * a hang-up or error, or without a stream, is left out, as a closed fd.
 */
static void lx_ep_quiet(const struct lx_epi *snap, struct lx_pollent *p,
			unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		if (p[i].fd < 0)
			continue;
		if (p[i].revents & POLLNVAL)
			p[i].fd = -1;
		else if (!(snap[i].events & EPOLLET))
			continue;
		else if (!p[i].waited || (p[i].revents & (POLLERR | POLLHUP)))
			p[i].fd = -1;
		else
			p[i].events = (short)(p[i].events & ~p[i].raw);
	}
}

/* What is left of @ns (< 0: infinite) since @start, 0 if it passed. */
static long long lx_ep_left(long long ns, uint64_t start)
{
	uint64_t gone;

	if (ns <= 0)
		return ns;
	gone = lx_time_mono() - start;
	return gone >= (uint64_t)ns ? 0 : ns - (long long)gone;
}

/*
 * One look at @ep's list (waiting up to *@wait for a level-triggered
 * list); for an edge-triggered one, then a wait for a change, of at most
 * *@wait, or *@tick while an edge entry stays readable (*@tick doubles).
 * *@wait is 0 when there is no wait to do.  Returns the events or an
 * error.
 */
static long lx_ep_round(struct lx_file *ep, struct epoll_event *evs, int max,
			long long *wait, long long *tick)
{
	struct lx_pollent *p = NULL;
	struct lx_epi *snap = NULL;
	unsigned long n = 0, i;
	int et = 0, stuck = 0;
	long ret;

	lx_lock(&ep->lock);
	if (ep->dlen) {
		snap = lx_malloc(ep->dlen);
		if (snap) {
			memcpy(snap, ep->dbuf, ep->dlen);
			n = ep->dlen / sizeof(*snap);
		}
	}
	lx_unlock(&ep->lock);
	if (n == 0 && ep->dlen) {
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
		if (p[i].fd >= 0 && (snap[i].events & EPOLLET))
			et = 1;
	}
	ret = lx_poll_fds(p, (unsigned int)n, et ? 0 : *wait);
	if (ret < 0)
		goto out;
	ret = lx_ep_collect(ep, snap, p, n, evs, max, &stuck);
	if (ret || !et || !*wait) {
		*wait = 0;
		goto out;
	}
	lx_ep_quiet(snap, p, n);
	if (stuck && (*wait < 0 || *wait > *tick)) {
		*wait = *tick;
		if (*tick < LX_EP_TICK_MAX)
			*tick *= 2;
	}
	ret = lx_poll_fds(p, (unsigned int)n, *wait);
	if (ret > 0)
		ret = 0;	/* the next look tells */
out:
	lx_free(p);
	lx_free(snap);
	return ret;
}

static long lx_epoll_wait(int epfd, struct epoll_event *evs, int max,
			  long long ns)
{
	long long wait, tick = LX_EP_TICK_NS;
	uint64_t start = lx_time_mono();
	struct lx_file *ep;
	long ret;

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
	for (;;) {
		wait = lx_ep_left(ns, start);
		ret = lx_ep_round(ep, evs, max, &wait, &tick);
		/* events, an error, or the last look (no time left) */
		if (ret || !wait)
			break;
	}
out:
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
