// SPDX-License-Identifier: GPL-2.0
/*
 * Readiness: poll, select and epoll on pipes and a socketpair (readable,
 * writable, hang-up, error), regular files, bad fds, EPOLLONESHOT, and a
 * blocked poll woken by another thread's write.  Every wait that should
 * find nothing has timeout 0; every other one finds something at once or
 * is woken by the other thread.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

static void show(const char *what, int r, short rev)
{
	printf("%-28s %d:", what, r);
	if (rev & POLLIN)
		printf(" IN");
	if (rev & POLLPRI)
		printf(" PRI");
	if (rev & POLLOUT)
		printf(" OUT");
	if (rev & POLLERR)
		printf(" ERR");
	if (rev & POLLHUP)
		printf(" HUP");
	if (rev & POLLNVAL)
		printf(" NVAL");
	if (rev & POLLRDHUP)
		printf(" RDHUP");
	printf("\n");
}

static void poll1(const char *what, int fd, short ev, int ms)
{
	struct pollfd p = { .fd = fd, .events = ev };
	int r = poll(&p, 1, ms);

	show(what, r, p.revents);
}

static void *late_writer(void *arg)
{
	int fd = *(int *)arg;

	usleep(50000);
	write(fd, "w", 1);
	return NULL;
}

int main(void)
{
	int p[2], sv[2], ep, fd, r;
	struct epoll_event ev, out[4];
	struct timeval tv = { 0, 0 };
	fd_set rs, ws;
	pthread_t t;
	char c;

	signal(SIGPIPE, SIG_IGN);
	pipe(p);
	poll1("pipe read end empty", p[0], POLLIN | POLLOUT, 0);
	poll1("pipe write end", p[1], POLLIN | POLLOUT, 0);
	write(p[1], "x", 1);
	poll1("pipe read end data", p[0], POLLIN | POLLOUT, 0);
	read(p[0], &c, 1);
	close(p[1]);
	poll1("pipe read end eof", p[0], POLLIN, 0);
	close(p[0]);
	pipe(p);
	close(p[0]);
	poll1("pipe write end no reader", p[1], POLLOUT, 0);
	close(p[1]);

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	poll1("socketpair empty", sv[0], POLLIN | POLLOUT, 0);
	write(sv[1], "y", 1);
	poll1("socketpair data", sv[0], POLLIN | POLLOUT, 0);
	read(sv[0], &c, 1);
	close(sv[1]);
	poll1("socketpair peer closed", sv[0], POLLIN | POLLRDHUP, 0);
	close(sv[0]);

	fd = open("pollio.tmp", O_RDWR | O_CREAT, 0600);
	unlink("pollio.tmp");
	poll1("regular file", fd, POLLIN | POLLOUT, 0);
	close(fd);
	poll1("closed fd", fd, POLLIN, 0);
	poll1("negative fd", -1, POLLIN, 0);
	printf("poll no fds %d\n", poll(NULL, 0, 10));

	/* select */
	pipe(p);
	FD_ZERO(&rs);
	FD_ZERO(&ws);
	FD_SET(p[0], &rs);
	FD_SET(p[1], &ws);
	r = select(p[1] + 1, &rs, &ws, NULL, &tv);
	printf("select empty %d r %d w %d\n", r, FD_ISSET(p[0], &rs),
	       FD_ISSET(p[1], &ws));
	write(p[1], "z", 1);
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	r = select(p[0] + 1, &rs, NULL, NULL, NULL);
	printf("select data %d r %d\n", r, FD_ISSET(p[0], &rs));
	read(p[0], &c, 1);
	fd = dup(p[0]);
	close(fd);
	FD_ZERO(&rs);
	FD_SET(fd, &rs);
	tv.tv_sec = 0;
	r = select(fd + 1, &rs, NULL, NULL, &tv);
	printf("select bad fd %d %s\n", r, r < 0 ? strerror(errno) : "");

	/* epoll, level-triggered and one-shot */
	ep = epoll_create1(EPOLL_CLOEXEC);
	printf("epoll cloexec %d\n", !!(fcntl(ep, F_GETFD) & FD_CLOEXEC));
	ev.events = EPOLLIN;
	ev.data.u64 = 0x1234567890ULL;
	printf("ctl add %d\n", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	r = epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	printf("ctl add again %d %s\n", r, strerror(errno));
	r = epoll_wait(ep, out, 4, 0);
	printf("epoll empty %d\n", r);
	write(p[1], "a", 1);
	r = epoll_wait(ep, out, 4, -1);
	printf("epoll data %d ev %#x data %#llx\n", r, out[0].events,
	       (unsigned long long)out[0].data.u64);
	r = epoll_wait(ep, out, 4, 0);
	printf("epoll level again %d\n", r);
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.u32 = 7;
	epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
	r = epoll_wait(ep, out, 4, 0);
	printf("oneshot first %d data %u\n", r, out[0].data.u32);
	r = epoll_wait(ep, out, 4, 0);
	printf("oneshot second %d\n", r);
	epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
	r = epoll_wait(ep, out, 4, 0);
	printf("oneshot rearmed %d\n", r);
	read(p[0], &c, 1);
	ev.events = EPOLLOUT;
	ev.data.u32 = 9;
	epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev);
	r = epoll_wait(ep, out, 4, 0);
	printf("epoll writable %d data %u ev %#x\n", r, out[0].data.u32,
	       out[0].events);
	printf("ctl del %d\n", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL));
	r = epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL);
	printf("ctl del again %d %s\n", r, strerror(errno));
	fd = open("pollio.tmp", O_RDWR | O_CREAT, 0600);
	unlink("pollio.tmp");
	ev.events = EPOLLIN;
	r = epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	printf("ctl regular file %d %s\n", r, strerror(errno));
	close(fd);
	r = epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev);
	printf("ctl self %d %s\n", r, strerror(errno));
	r = epoll_wait(p[0], out, 4, 0);
	printf("wait not epoll %d %s\n", r, strerror(errno));

	/* woken by another thread */
	epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
	ev.events = EPOLLIN;
	ev.data.u32 = 5;
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	pthread_create(&t, NULL, late_writer, &p[1]);
	r = epoll_wait(ep, out, 4, -1);
	printf("epoll woken %d data %u\n", r, out[0].data.u32);
	pthread_join(t, NULL);
	read(p[0], &c, 1);
	pthread_create(&t, NULL, late_writer, &p[1]);
	poll1("poll woken", p[0], POLLIN, -1);
	pthread_join(t, NULL);
	close(ep);
	return 0;
}
