// SPDX-License-Identifier: GPL-2.0
/*
 * fd.c: the fd table.  Each slot holds a reference on an open file
 * description (struct lx_file, shared by dup'ed fds with its offset) and
 * the fd's own FD_CLOEXEC flag.  One lock protects the table; a
 * description's last reference is dropped outside it (lx_file_release
 * closes a Dk handle).  System calls: dup, dup2, dup3, fcntl's
 * descriptor commands, close.
 */
#include "files.h"

#ifndef LX_UNIT_TEST
#include <linux/fcntl.h>
#else
#include <fcntl.h>
#endif

struct lx_fd_slot {
	struct lx_file *f;
	int cloexec;
};

/* lx_fd_lock protects lx_fds[] (the pointers and flags, not the files). */
static struct lx_lock lx_fd_lock = LX_LOCK_INIT;
static struct lx_fd_slot lx_fds[LX_FD_MAX];

void lx_file_get(struct lx_file *f)
{
	__atomic_add_fetch(&f->refs, 1, __ATOMIC_RELAXED);
}

void lx_file_put(struct lx_file *f)
{
	if (f && __atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) == 0)
		lx_file_release(f);
}

struct lx_file *lx_fd_get(int fd)
{
	struct lx_file *f = NULL;

	if (fd < 0 || fd >= LX_FD_MAX)
		return NULL;
	lx_lock(&lx_fd_lock);
	f = lx_fds[fd].f;
	if (f)
		lx_file_get(f);
	lx_unlock(&lx_fd_lock);
	return f;
}

/*
 * Put @f (whose reference the table takes over) in the lowest free slot
 * >= @min.  Returns the fd, -EMFILE if none, -EINVAL for a bad @min.
 */
int lx_fd_install(struct lx_file *f, int min, int cloexec)
{
	int fd;

	if (min < 0 || min >= LX_FD_MAX)
		return -EINVAL;
	lx_lock(&lx_fd_lock);
	for (fd = min; fd < LX_FD_MAX; fd++) {
		if (!lx_fds[fd].f) {
			lx_fds[fd].f = f;
			lx_fds[fd].cloexec = !!cloexec;
			lx_unlock(&lx_fd_lock);
			return fd;
		}
	}
	lx_unlock(&lx_fd_lock);
	return -EMFILE;
}

long lx_fd_close(int fd)
{
	struct lx_file *f;

	if (fd < 0 || fd >= LX_FD_MAX)
		return -EBADF;
	lx_lock(&lx_fd_lock);
	f = lx_fds[fd].f;
	lx_fds[fd].f = NULL;
	lx_fds[fd].cloexec = 0;
	lx_unlock(&lx_fd_lock);
	if (!f)
		return -EBADF;
	lx_file_put(f);
	return 0;
}

/*
 * dup2/dup3: @newfd names @oldfd's description from now on, in one step
 * under the lock (no window where @newfd is free); what @newfd named
 * before is released afterwards.  @oldfd == @newfd is the caller's case.
 */
long lx_fd_dup2(int oldfd, int newfd, int cloexec)
{
	struct lx_file *f, *old;

	if (oldfd < 0 || oldfd >= LX_FD_MAX || newfd < 0 ||
	    newfd >= LX_FD_MAX)
		return -EBADF;
	lx_lock(&lx_fd_lock);
	f = lx_fds[oldfd].f;
	if (!f) {
		lx_unlock(&lx_fd_lock);
		return -EBADF;
	}
	lx_file_get(f);
	old = lx_fds[newfd].f;
	lx_fds[newfd].f = f;
	lx_fds[newfd].cloexec = !!cloexec;
	lx_unlock(&lx_fd_lock);
	lx_file_put(old);
	return newfd;
}

int lx_fd_cloexec(int fd)
{
	int ret;

	if (fd < 0 || fd >= LX_FD_MAX)
		return -EBADF;
	lx_lock(&lx_fd_lock);
	ret = lx_fds[fd].f ? lx_fds[fd].cloexec : -EBADF;
	lx_unlock(&lx_fd_lock);
	return ret;
}

long lx_fd_set_cloexec(int fd, int on)
{
	long ret = 0;

	if (fd < 0 || fd >= LX_FD_MAX)
		return -EBADF;
	lx_lock(&lx_fd_lock);
	if (lx_fds[fd].f)
		lx_fds[fd].cloexec = !!on;
	else
		ret = -EBADF;
	lx_unlock(&lx_fd_lock);
	return ret;
}

#ifndef LX_UNIT_TEST
/*
 * O_NONBLOCK of @f's description (F_SETFL, FIONBIO): the Dk streams of
 * launcher streams, pipes and sockets follow it; files never wait.
 */
long lx_file_set_nonblock(struct lx_file *f, int on)
{
	int old, nflags;
	long ret = 0;

	if (f->kind == LX_F_HOST || f->kind == LX_F_PIPE ||
	    f->kind == LX_F_SOCK)
		ret = lx_stream_set_nonblock(f, on);
	if (ret)
		return ret;
	do {
		old = __atomic_load_n(&f->flags, __ATOMIC_RELAXED);
		nflags = on ? (old | O_NONBLOCK) : (old & ~O_NONBLOCK);
	} while (!__atomic_compare_exchange_n(&f->flags, &old, nflags, 0,
					      __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	return 0;
}

long lx_sys_close(struct lx_call *c)
{
	return lx_fd_close((int)c->a[0]);
}

long lx_sys_dup(struct lx_call *c)
{
	struct lx_file *f = lx_fd_get((int)c->a[0]);
	int fd;

	if (!f)
		return -EBADF;
	fd = lx_fd_install(f, 0, 0);
	if (fd < 0)
		lx_file_put(f);
	return fd;
}

long lx_sys_dup2(struct lx_call *c)
{
	int oldfd = (int)c->a[0], newfd = (int)c->a[1];
	struct lx_file *f;

	if (oldfd == newfd) {
		f = lx_fd_get(oldfd);
		if (!f)
			return -EBADF;
		lx_file_put(f);
		return newfd;
	}
	return lx_fd_dup2(oldfd, newfd, 0);
}

long lx_sys_dup3(struct lx_call *c)
{
	int oldfd = (int)c->a[0], newfd = (int)c->a[1], flags = (int)c->a[2];

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return lx_fd_dup2(oldfd, newfd, flags & O_CLOEXEC);
}

/* The status flags F_SETFL may change (Linux: O_APPEND O_NONBLOCK ...). */
#define LX_SETFL_MASK	(O_APPEND | O_NONBLOCK | FASYNC | O_DIRECT | \
			 O_NOATIME)

long lx_sys_fcntl(struct lx_call *c)
{
	int fd = (int)c->a[0], cmd = (int)c->a[1];
	long arg = c->a[2];
	struct lx_file *f;
	long ret;

	f = lx_fd_get(fd);
	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg < 0 || arg >= LX_FD_MAX) {
			ret = -EINVAL;
			break;
		}
		ret = lx_fd_install(f, (int)arg, cmd == F_DUPFD_CLOEXEC);
		if (ret >= 0)
			return ret;	/* the table has our reference */
		break;
	case F_GETFD:
		ret = lx_fd_cloexec(fd);
		if (ret > 0)
			ret = FD_CLOEXEC;
		break;
	case F_SETFD:
		ret = lx_fd_set_cloexec(fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		ret = __atomic_load_n(&f->flags, __ATOMIC_RELAXED);
		if (f->kind == LX_F_STREAM || f->kind == LX_F_DIR)
			ret |= O_LARGEFILE;
		break;
	case F_SETFL: {
		int old = __atomic_load_n(&f->flags, __ATOMIC_RELAXED);
		int nflags = (old & ~LX_SETFL_MASK) | ((int)arg & LX_SETFL_MASK);

		ret = 0;
		if ((old ^ nflags) & O_NONBLOCK)
			ret = lx_file_set_nonblock(f, nflags & O_NONBLOCK);
		if (!ret)
			__atomic_store_n(&f->flags, nflags, __ATOMIC_RELAXED);
		break;
	}
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		ret = -ENOLCK;	/* no record locks yet */
		break;
	default:
		ret = -EINVAL;
		break;
	}
	lx_file_put(f);
	return ret;
}
#endif

long lx_fd_each(lx_fd_fn *fn, void *arg)
{
	struct lx_file *f;
	long ret = 0;
	int fd, cloexec;

	for (fd = 0; fd < LX_FD_MAX && ret >= 0; fd++) {
		lx_lock(&lx_fd_lock);
		f = lx_fds[fd].f;
		cloexec = lx_fds[fd].cloexec;
		if (f)
			lx_file_get(f);
		lx_unlock(&lx_fd_lock);
		if (!f)
			continue;
		ret = fn(fd, f, cloexec, arg);
		lx_file_put(f);
	}
	return ret;
}

void lx_fd_close_matching(int only_cloexec)
{
	int fd;

	for (fd = 0; fd < LX_FD_MAX; fd++) {
		struct lx_file *f;

		lx_lock(&lx_fd_lock);
		f = lx_fds[fd].f;
		if (f && (!only_cloexec || lx_fds[fd].cloexec)) {
			lx_fds[fd].f = NULL;
			lx_fds[fd].cloexec = 0;
		} else {
			f = NULL;
		}
		lx_unlock(&lx_fd_lock);
		lx_file_put(f);
	}
}
