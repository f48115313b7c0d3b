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

static const struct {
	unsigned int bit;
	const char *name;
} bits[] = {
	{ EPOLLIN, "IN" }, { EPOLLOUT, "OUT" }, { EPOLLERR, "ERR" },
	{ EPOLLHUP, "HUP" }, { EPOLLRDHUP, "RDHUP" },
};

/* epoll_wait(@ep, @ms): the count, then each event's data and bits. */
static int ew(const char *what, int ep, int ms)
{
	struct epoll_event out[4];
	int r = epoll_wait(ep, out, 4, ms), i;
	unsigned int b;

	printf("%-30s %d", what, r);
	if (r < 0)
		printf(" %s", strerror(errno));
	for (i = 0; i < r; i++) {
		printf(" [%u", out[i].data.u32);
		for (b = 0; b < sizeof(bits) / sizeof(bits[0]); b++)
			if (out[i].events & bits[b].bit)
				printf(" %s", bits[b].name);
		printf("]");
	}
	printf("\n");
	fflush(stdout);
	return r;
}

/* A wait that finds @what, then one that must find nothing more. */
static void once(const char *what, int ep)
{
	ew(what, ep, 0);
	ew("  again", ep, 0);
}

/* As once(), and a wait of 50 ms that must find nothing either. */
static void once_quiet(const char *what, int ep)
{
	once(what, ep);
	ew("  again, 50 ms", ep, 50);
}

static void add(int ep, int fd, unsigned int events, unsigned int data)
{
	struct epoll_event ev = { .events = events, .data.u32 = data };

	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev))
		printf("ctl add %d: %s\n", fd, strerror(errno));
}

/* A new epoll instance watching @fd alone. */
static int ep1(int fd, unsigned int events, unsigned int data)
{
	int ep = epoll_create1(0);

	add(ep, fd, events, data);
	return ep;
}

/* The end of a test: its epoll fd and two others. */
static void done(int ep, int a, int b)
{
	close(a);
	close(b);
	close(ep);
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
	ep = ep1(p[0], EPOLLIN | EPOLLET, 1);
	ew("pipe empty", ep, 0);
	write(p[1], "0123456789", 10);
	once_quiet("pipe 10 bytes", ep);
	write(p[1], "abcde", 5);
	once("pipe 5 more", ep);
	r = read(p[0], buf, 4);
	printf("read %ld\n", r);
	ew("pipe partly read", ep, 0);
	r = drain(p[0]);
	printf("drained %ld\n", r);
	ew("pipe drained", ep, 0);
	write(p[1], "xyz", 3);
	once("pipe after drain", ep);
	woken("pipe woken, not drained", ep, p[1]);
	r = drain(p[0]);
	printf("drained %ld\n", r);
	woken("pipe woken, drained", ep, p[1]);
	r = read(p[0], buf, 2);
	printf("read %ld\n", r);
	drain(p[0]);
	close(p[1]);
	once_quiet("pipe writer closed", ep);
	done(ep, p[0], -1);
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
	done(ep, p[0], p[1]);
}

static void pipe_out(void)
{
	char buf[65536];
	int p[2], ep;
	long n = 0, r;

	memset(buf, 'x', sizeof(buf));
	pipe2(p, O_NONBLOCK);
	ep = ep1(p[1], EPOLLOUT | EPOLLET, 2);
	once("out empty pipe", ep);
	while ((r = write(p[1], buf, sizeof(buf))) > 0)
		n += r;
	printf("filled: %s\n", n > 0 && errno == EAGAIN ? "EAGAIN" : "?");
	ew("out full", ep, 0);
	drain(p[0]);
	once("out drained", ep);
	close(p[0]);
	once("out reader closed", ep);
	done(ep, p[1], -1);
}

static void sockpair(void)
{
	char buf[64];
	int s[2], ep;
	long r;

	socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, s);
	ep = ep1(s[0], EPOLLIN | EPOLLRDHUP | EPOLLET, 3);
	ew("sock empty", ep, 0);
	write(s[1], "hello", 5);
	once("sock data", ep);
	r = read(s[0], buf, 2);
	printf("read %ld\n", r);
	ew("sock partly read", ep, 0);
	write(s[1], "!", 1);
	ew("sock more", ep, 0);
	printf("drained %ld\n", drain(s[0]));
	ew("sock drained", ep, 0);
	close(s[1]);
	once_quiet("sock peer closed", ep);
	done(ep, s[0], -1);
	/* both directions: the wait for input while it stays writable */
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, s);
	ep = ep1(s[0], EPOLLIN | EPOLLOUT | EPOLLET, 7);
	once("inout idle", ep);
	write(s[1], "x", 1);
	once("inout data", ep);
	drain(s[0]);
	woken("inout woken", ep, s[1]);
	done(ep, s[0], s[1]);
}

static void forked(void)
{
	int p[2], ep, st;
	pid_t pid;

	pipe2(p, O_NONBLOCK);
	ep = ep1(p[0], EPOLLIN | EPOLLET, 5);
	write(p[1], "abc", 3);
	ew("fork parent data", ep, 0);
	pid = fork();
	if (pid == 0) {
		ew("fork child, nothing new", ep, 0);
		write(p[1], "d", 1);
		once("fork child, more", ep);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("child exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	done(ep, p[0], p[1]);
}

/*
 * A client connects to @port; the listener's entry is reported within
 * 2 s (the server's side of the handshake may come later), then not
 * again.  Returns the client's fd.
 */
static int arrive(const char *what, int ep, unsigned short port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = port };
	int c = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(c, (struct sockaddr *)&a, sizeof(a)))
		printf("connect: %s\n", strerror(errno));
	ew(what, ep, 2000);
	ew("  again", ep, 0);
	return c;
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
	ep = ep1(l, EPOLLIN | EPOLLET, 6);
	ew("listen idle", ep, 0);
	c1 = arrive("listen client 1", ep, a.sin_port);
	c2 = arrive("listen client 2, 1 waiting", ep, a.sin_port);
	while ((fd = accept(l, NULL, NULL)) >= 0) {
		n++;
		close(fd);
	}
	printf("accepted %d, then %s\n", n, strerror(errno));
	ew("listen accepted all", ep, 0);
	c3 = arrive("listen client 3", ep, a.sin_port);
	close(c1);
	close(c2);
	done(ep, c3, l);
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
