// SPDX-License-Identifier: GPL-2.0
/*
 * Edge-triggered epoll (EPOLLET) on pipes, a socketpair and a loopback
 * TCP listener: an entry is reported once per change (new bytes, room
 * again after a full buffer, a hang-up, a new client), not while it
 * merely stays ready; EPOLLET|EPOLLONESHOT; a blocked wait woken by
 * another thread's write; an epoll fd inherited by a fork child keeps its
 * interest list and edge state.  Every wait that should find nothing has
 * timeout 0 or a short one; every other one finds something at once or
 * is woken by the other thread.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* epoll_wait(@ep, @ms): the count, then each event's data and bits. */
static int ew(const char *what, int ep, int ms)
{
	struct epoll_event out[4];
	int r = epoll_wait(ep, out, 4, ms), i;

	printf("%-30s %d", what, r);
	if (r < 0)
		printf(" %s", strerror(errno));
	for (i = 0; i < r; i++) {
		unsigned int e = out[i].events;

		printf(" [%u", out[i].data.u32);
		if (e & EPOLLIN)
			printf(" IN");
		if (e & EPOLLOUT)
			printf(" OUT");
		if (e & EPOLLERR)
			printf(" ERR");
		if (e & EPOLLHUP)
			printf(" HUP");
		if (e & EPOLLRDHUP)
			printf(" RDHUP");
		printf("]");
	}
	printf("\n");
	fflush(stdout);
	return r;
}

static void add(int ep, int fd, unsigned int events, unsigned int data)
{
	struct epoll_event ev = { .events = events, .data.u32 = data };

	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev))
		printf("ctl add %d: %s\n", fd, strerror(errno));
}

/* Read @fd until EAGAIN; the bytes read. */
static long drain(int fd)
{
	char buf[4096];
	long total = 0, r;

	while ((r = read(fd, buf, sizeof(buf))) > 0)
		total += r;
	if (r < 0 && errno != EAGAIN)
		printf("drain: %s\n", strerror(errno));
	return total;
}

struct late {
	int fd;
	int usec;
};

static void *late_writer(void *arg)
{
	struct late *l = arg;

	usleep(l->usec);
	if (write(l->fd, "late", 4) != 4)
		printf("late write failed\n");
	return NULL;
}

/* A blocking wait woken by another thread's write to @wfd. */
static void woken(const char *what, int ep, int wfd)
{
	struct late l = { .fd = wfd, .usec = 100000 };
	pthread_t t;

	pthread_create(&t, NULL, late_writer, &l);
	ew(what, ep, 5000);
	pthread_join(t, NULL);
}

static void pipe_in(void)
{
	char buf[64];
	int p[2], ep;
	long r;

	pipe2(p, O_NONBLOCK);
	ep = epoll_create1(0);
	add(ep, p[0], EPOLLIN | EPOLLET, 1);
	ew("pipe empty", ep, 0);
	write(p[1], "0123456789", 10);
	ew("pipe 10 bytes", ep, 0);
	ew("pipe again", ep, 0);
	ew("pipe again, 50 ms", ep, 50);
	write(p[1], "abcde", 5);
	ew("pipe 5 more", ep, 0);
	ew("pipe again", ep, 0);
	r = read(p[0], buf, 4);
	printf("read %ld\n", r);
	ew("pipe partly read", ep, 0);
	r = drain(p[0]);
	printf("drained %ld\n", r);
	ew("pipe drained", ep, 0);
	write(p[1], "xyz", 3);
	ew("pipe after drain", ep, 0);
	ew("pipe again", ep, 0);
	woken("pipe woken, not drained", ep, p[1]);
	r = drain(p[0]);
	printf("drained %ld\n", r);
	woken("pipe woken, drained", ep, p[1]);
	r = read(p[0], buf, 2);
	printf("read %ld\n", r);
	drain(p[0]);
	close(p[1]);
	ew("pipe writer closed", ep, 0);
	ew("pipe again", ep, 0);
	ew("pipe again, 50 ms", ep, 50);
	close(p[0]);
	close(ep);
}

static void pipe_out(void)
{
	char buf[65536];
	int p[2], ep;
	long n = 0, r;

	memset(buf, 'x', sizeof(buf));
	pipe2(p, O_NONBLOCK);
	ep = epoll_create1(0);
	add(ep, p[1], EPOLLOUT | EPOLLET, 2);
	ew("out empty pipe", ep, 0);
	ew("out again", ep, 0);
	while ((r = write(p[1], buf, sizeof(buf))) > 0)
		n += r;
	printf("filled: %s\n", n > 0 && errno == EAGAIN ? "EAGAIN" : "?");
	ew("out full", ep, 0);
	drain(p[0]);
	ew("out drained", ep, 0);
	ew("out again", ep, 0);
	close(p[0]);
	ew("out reader closed", ep, 0);
	ew("out again", ep, 0);
	close(p[1]);
	close(ep);
}

static void sockpair(void)
{
	char buf[64];
	int s[2], ep;
	long r;

	socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, s);
	ep = epoll_create1(0);
	add(ep, s[0], EPOLLIN | EPOLLRDHUP | EPOLLET, 3);
	ew("sock empty", ep, 0);
	write(s[1], "hello", 5);
	ew("sock data", ep, 0);
	ew("sock again", ep, 0);
	r = read(s[0], buf, 2);
	printf("read %ld\n", r);
	ew("sock partly read", ep, 0);
	write(s[1], "!", 1);
	ew("sock more", ep, 0);
	printf("drained %ld\n", drain(s[0]));
	ew("sock drained", ep, 0);
	close(s[1]);
	ew("sock peer closed", ep, 0);
	ew("sock again", ep, 0);
	ew("sock again, 50 ms", ep, 50);
	close(s[0]);
	close(ep);
}

static void oneshot(void)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET | EPOLLONESHOT,
				  .data.u32 = 4 };
	int p[2], ep;

	pipe2(p, O_NONBLOCK);
	ep = epoll_create1(0);
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	write(p[1], "a", 1);
	ew("oneshot data", ep, 0);
	write(p[1], "b", 1);
	ew("oneshot disabled", ep, 0);
	epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
	ew("oneshot rearmed", ep, 0);
	ew("oneshot disabled", ep, 0);
	close(p[0]);
	close(p[1]);
	close(ep);
}

static void forked(void)
{
	int p[2], ep, st;
	pid_t pid;

	pipe2(p, O_NONBLOCK);
	ep = epoll_create1(0);
	add(ep, p[0], EPOLLIN | EPOLLET, 5);
	write(p[1], "abc", 3);
	ew("fork parent data", ep, 0);
	pid = fork();
	if (pid == 0) {
		ew("fork child again", ep, 0);
		write(p[1], "d", 1);
		ew("fork child more", ep, 0);
		ew("fork child again", ep, 0);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("child exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	close(p[0]);
	close(p[1]);
	close(ep);
}

static int client(unsigned short port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = port };
	int c = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(c, (struct sockaddr *)&a, sizeof(a)))
		printf("connect: %s\n", strerror(errno));
	return c;
}

/* Wait up to 2 s for the listener's entry (a connect's SYN/ACK race). */
static void ew_client(const char *what, int ep)
{
	ew(what, ep, 2000);
}

static void listener(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int l, ep, c1, c2, c3, n = 0, fd;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 8) ||
	    getsockname(l, (struct sockaddr *)&a, &len)) {
		printf("listen: %s\n", strerror(errno));
		return;
	}
	ep = epoll_create1(0);
	add(ep, l, EPOLLIN | EPOLLET, 6);
	ew("listen idle", ep, 0);
	c1 = client(a.sin_port);
	ew_client("listen client 1", ep);
	ew("listen again", ep, 0);
	c2 = client(a.sin_port);
	ew_client("listen client 2", ep);
	ew("listen again", ep, 0);
	while ((fd = accept(l, NULL, NULL)) >= 0) {
		n++;
		close(fd);
	}
	printf("accepted %d, then %s\n", n, strerror(errno));
	ew("listen accepted all", ep, 0);
	c3 = client(a.sin_port);
	ew_client("listen client 3", ep);
	ew("listen again", ep, 0);
	close(c1);
	close(c2);
	close(c3);
	close(l);
	close(ep);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	pipe_in();
	pipe_out();
	sockpair();
	oneshot();
	forked();
	if (argc > 1 && !strcmp(argv[1], "tcp"))
		listener();
	return 0;
}
