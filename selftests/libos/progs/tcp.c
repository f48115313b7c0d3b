// SPDX-License-Identifier: GPL-2.0
/*
 * TCP over loopback inside one program: a server and a client thread
 * exchange data (echo), names, socket options, shutdown, a refused
 * connect, a non-blocking accept and connect (EINPROGRESS, then
 * writable and SO_ERROR), and the same echo over IPv6 [::1].
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static union {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
} srv;
static socklen_t srvlen;
static int family;

static void *client(void *arg)
{
	int fd = socket(family, SOCK_STREAM, 0), one = 1;
	char buf[64];
	long r;

	(void)arg;
	if (connect(fd, &srv.sa, srvlen))
		return perror("connect"), NULL;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	send(fd, "ping over tcp", 13, 0);
	r = recv(fd, buf, 13, MSG_WAITALL);
	if (r != 13 || memcmp(buf, "PING OVER TCP", 13))
		fprintf(stderr, "client: bad echo %ld\n", r);
	shutdown(fd, SHUT_WR);
	r = recv(fd, buf, sizeof(buf), 0);
	if (r != 0)
		fprintf(stderr, "client: no eof %ld\n", r);
	close(fd);
	return NULL;
}

static int echo_session(const char *tag)
{
	int ls, cs, v, one = 1;
	union { struct sockaddr sa; struct sockaddr_in6 in6; } peer;
	socklen_t len;
	char buf[64], addr[64];
	pthread_t t;
	long r, i, total = 0;

	ls = socket(family, SOCK_STREAM, 0);
	if (ls < 0)
		return printf("%s socket: %s\n", tag, strerror(errno)), 1;
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&srv, 0, sizeof(srv));
	srv.sa.sa_family = family;
	if (family == AF_INET) {
		srv.in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		srvlen = sizeof(srv.in);
	} else {
		srv.in6.sin6_addr = in6addr_loopback;
		srvlen = sizeof(srv.in6);
	}
	if (bind(ls, &srv.sa, srvlen))
		return printf("%s bind: %s\n", tag, strerror(errno)), 1;
	printf("%s bind again: %s\n", tag,
	       bind(ls, &srv.sa, srvlen) ? strerror(errno) : "ok");
	if (listen(ls, 8))
		return printf("%s listen: %s\n", tag, strerror(errno)), 1;
	len = sizeof(srv);
	getsockname(ls, &srv.sa, &len);
	printf("%s name len %u port set %d\n", tag, len,
	       (family == AF_INET ? srv.in.sin_port : srv.in6.sin6_port) != 0);
	len = sizeof(v);
	getsockopt(ls, SOL_SOCKET, SO_ACCEPTCONN, &v, &len);
	printf("%s acceptconn %d\n", tag, v);
	pthread_create(&t, NULL, client, NULL);
	len = sizeof(peer);
	cs = accept(ls, &peer.sa, &len);
	if (cs < 0)
		return printf("%s accept: %s\n", tag, strerror(errno)), 1;
	inet_ntop(family, family == AF_INET ?
		  (void *)&((struct sockaddr_in *)&peer)->sin_addr :
		  (void *)&peer.in6.sin6_addr, addr, sizeof(addr));
	printf("%s peer %s len %u\n", tag, addr, len);
	while (total < 13 && (r = read(cs, buf + total, 13 - total)) > 0)
		total += r;
	printf("%s server got %ld '%.*s'\n", tag, total, (int)total, buf);
	for (i = 0; i < total; i++)
		if (buf[i] >= 'a' && buf[i] <= 'z')
			buf[i] -= 32;
	write(cs, buf, total);
	r = read(cs, buf, sizeof(buf));
	printf("%s server eof %ld\n", tag, r);
	close(cs);
	pthread_join(t, NULL);
	len = sizeof(v);
	getsockopt(ls, SOL_SOCKET, SO_TYPE, &v, &len);
	printf("%s SO_TYPE %d\n", tag, v);
	close(ls);
	return 0;
}

int main(void)
{
	int ls, fd, v, r;
	struct sockaddr_in a;
	struct pollfd p;
	socklen_t len;

	signal(SIGPIPE, SIG_IGN);
	family = AF_INET;
	echo_session("v4");

	/* a port nobody listens on: bind, learn the port, close */
	ls = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(ls, (struct sockaddr *)&a, sizeof(a));
	listen(ls, 1);
	len = sizeof(a);
	getsockname(ls, (struct sockaddr *)&a, &len);

	/* non-blocking accept with nobody waiting */
	fcntl(ls, F_SETFL, O_NONBLOCK);
	r = accept(ls, NULL, NULL);
	printf("nonblock accept: %s\n", r < 0 ? strerror(errno) : "ok");

	/* non-blocking connect to the listener */
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	r = connect(fd, (struct sockaddr *)&a, sizeof(a));
	printf("nonblock connect: %s\n",
	       r == 0 || errno == EINPROGRESS ? "in progress or done" :
	       strerror(errno));
	p.fd = fd;
	p.events = POLLOUT;
	r = poll(&p, 1, -1);
	len = sizeof(v);
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &v, &len);
	printf("writable %d SO_ERROR %d\n", !!(p.revents & POLLOUT), v);
	p.fd = ls;
	p.events = POLLIN;
	r = poll(&p, 1, -1);
	printf("listener readable %d\n", !!(p.revents & POLLIN));
	r = accept4(ls, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	printf("accept4 nonblock %d cloexec %d\n",
	       !!(fcntl(r, F_GETFL) & O_NONBLOCK),
	       !!(fcntl(r, F_GETFD) & FD_CLOEXEC));
	send(fd, "q", 1, 0);
	close(fd);
	close(r);
	close(ls);

	/* now refused: blocking and non-blocking */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	r = connect(fd, (struct sockaddr *)&a, sizeof(a));
	printf("connect closed port: %s\n", r ? strerror(errno) : "ok");
	close(fd);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	r = connect(fd, (struct sockaddr *)&a, sizeof(a));
	if (r && errno == EINPROGRESS) {
		p.fd = fd;
		p.events = POLLOUT;
		poll(&p, 1, -1);
		len = sizeof(v);
		getsockopt(fd, SOL_SOCKET, SO_ERROR, &v, &len);
		printf("nonblock refused: %s\n", strerror(v));
	} else {
		printf("nonblock refused: %s\n", r ? strerror(errno) : "ok");
	}
	close(fd);

	fd = socket(AF_INET, SOCK_STREAM, 0);
	r = send(fd, "x", 1, 0);
	printf("send unconnected: %s\n", r < 0 ? strerror(errno) : "ok");
	len = sizeof(a);
	r = getpeername(fd, (struct sockaddr *)&a, &len);
	printf("getpeername unconnected: %s\n", r < 0 ? strerror(errno) : "ok");
	close(fd);
	printf("socket raw: %s\n", socket(AF_INET, SOCK_RAW, 0) < 0 &&
	       (errno == EPERM || errno == EPROTONOSUPPORT) ? "refused" : "ok");

	family = AF_INET6;
	echo_session("v6");
	return 0;
}
