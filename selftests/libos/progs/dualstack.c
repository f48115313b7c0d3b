// SPDX-License-Identifier: GPL-2.0
/*
 * Dual-stack AF_INET6 sockets over loopback, as Linux's default
 * (net.ipv6.bindv6only=0): IPV6_V6ONLY read and set before bind, EINVAL
 * after; a [::] TCP listener accepting an IPv4 client (AF_INET to
 * 127.0.0.1, and AF_INET6 to ::ffff:127.0.0.1), the peer reported as
 * ::ffff:127.0.0.1 by accept and getpeername; an IPV6_V6ONLY listener
 * refusing the IPv4 client; a [::] UDP socket receiving from an IPv4
 * sender and answering it at its mapped address, and an AF_INET6 UDP
 * client connected to ::ffff:127.0.0.1 seeing its answers come from
 * there.  The option on an AF_INET socket is ENOPROTOOPT / EOPNOTSUPP.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int get_v6only(int fd)
{
	int v = -1;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v, &len))
		return -errno;
	return v;
}

static const char *set_v6only(int fd, int v)
{
	return setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v, sizeof(v)) ?
	       strerror(errno) : "ok";
}

/* A listener of @type on [::], any port (in *@port); -1 on error. */
static int any6(int type, int v6only, int *port)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6 };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET6, type, 0);

	if (fd < 0 || (v6only >= 0 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY,
						 &v6only, sizeof(v6only))) ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    (type == SOCK_STREAM && listen(fd, 8)) ||
	    getsockname(fd, (struct sockaddr *)&a, &len)) {
		perror("any6");
		return -1;
	}
	*port = ntohs(a.sin6_port);
	return fd;
}

/* Connect to loopback @port: IPv4, or IPv6 at ::ffff:127.0.0.1. */
static int connect_v4(int family, int port)
{
	struct sockaddr_in in = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6,
				    .sin6_port = htons(port) };
	int fd = socket(family, SOCK_STREAM, 0), r;

	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &in6.sin6_addr);
	r = family == AF_INET ?
	    connect(fd, (struct sockaddr *)&in, sizeof(in)) :
	    connect(fd, (struct sockaddr *)&in6, sizeof(in6));
	if (r) {
		r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

/* "ADDR family F len L" of a peer address. */
static void show(const char *what, const struct sockaddr_in6 *a,
		 socklen_t len)
{
	char s[64] = "?";

	if (a->sin6_family == AF_INET6)
		inet_ntop(AF_INET6, &a->sin6_addr, s, sizeof(s));
	printf("%s: %s family %d len %u\n", what, s, a->sin6_family, len);
}

static void tcp_dual(int client_family)
{
	struct sockaddr_in6 peer;
	socklen_t len = sizeof(peer);
	int ls, c, s, port;
	char b = 0;
	ssize_t r;

	ls = any6(SOCK_STREAM, -1, &port);
	if (ls < 0)
		return;
	printf("listener v6only %d, ", get_v6only(ls));
	printf("set now: %s\n", set_v6only(ls, 1));
	c = connect_v4(client_family, port);
	if (c < 0) {
		printf("connect: %s\n", strerror(-c));
		close(ls);
		return;
	}
	s = accept(ls, (struct sockaddr *)&peer, &len);
	show("accepted", &peer, len);
	len = sizeof(peer);
	getpeername(s, (struct sockaddr *)&peer, &len);
	show("getpeername", &peer, len);
	if (client_family == AF_INET6) {
		len = sizeof(peer);
		getpeername(c, (struct sockaddr *)&peer, &len);
		show("client's peer", &peer, len);
	}
	printf("send %zd, ", send(c, "x", 1, 0));
	r = recv(s, &b, 1, 0);
	printf("recv %zd '%c'\n", r, b);
	close(s);
	close(c);
	close(ls);
}

static void udp_dual(void)
{
	struct sockaddr_in to = { .sin_family = AF_INET }, me;
	struct sockaddr_in6 from;
	socklen_t len = sizeof(from);
	int s, c, port;
	char buf[16];
	ssize_t r;

	s = any6(SOCK_DGRAM, -1, &port);
	if (s < 0)
		return;
	c = socket(AF_INET, SOCK_DGRAM, 0);
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	to.sin_port = htons(port);
	r = sendto(c, "four", 4, 0, (struct sockaddr *)&to, sizeof(to));
	printf("udp sendto %zd\n", r);
	r = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
	printf("udp recvfrom %zd '%.*s'\n", r, r > 0 ? (int)r : 0, buf);
	show("udp sender", &from, len);
	len = sizeof(me);
	getsockname(c, (struct sockaddr *)&me, &len);
	printf("udp sender port matches %d\n", me.sin_port == from.sin6_port);
	r = sendto(s, "back", 4, 0, (struct sockaddr *)&from, sizeof(from));
	printf("udp reply %zd, ", r);
	r = recv(c, buf, sizeof(buf), 0);
	printf("got %zd '%.*s'\n", r, r > 0 ? (int)r : 0, buf);
	close(c);

	/* An AF_INET6 client connected to ::ffff:127.0.0.1. */
	c = socket(AF_INET6, SOCK_DGRAM, 0);
	memset(&from, 0, sizeof(from));
	from.sin6_family = AF_INET6;
	from.sin6_port = htons(port);
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &from.sin6_addr);
	if (connect(c, (struct sockaddr *)&from, sizeof(from)))
		perror("udp connect");
	printf("udp6 send %zd\n", send(c, "six", 3, 0));
	len = sizeof(from);
	r = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
	printf("udp recvfrom %zd '%.*s'\n", r, r > 0 ? (int)r : 0, buf);
	show("udp6 sender", &from, len);
	r = sendto(s, "ack", 3, 0, (struct sockaddr *)&from, sizeof(from));
	printf("udp reply %zd\n", r);
	len = sizeof(from);
	memset(&from, 0, sizeof(from));
	r = recvfrom(c, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
	printf("udp6 got %zd '%.*s', ", r, r > 0 ? (int)r : 0, buf);
	show("from", &from, len);
	printf("from the server's port %d\n", ntohs(from.sin6_port) == port);
	close(c);
	close(s);
}

int main(void)
{
	int s, ls, port, c;

	setvbuf(stdout, NULL, _IONBF, 0);
	s = socket(AF_INET6, SOCK_STREAM, 0);
	printf("default v6only %d\n", get_v6only(s));
	printf("set 1: %s, ", set_v6only(s, 1));
	printf("now %d\n", get_v6only(s));
	printf("set 0: %s, ", set_v6only(s, 0));
	printf("now %d\n", get_v6only(s));
	close(s);
	s = socket(AF_INET6, SOCK_DGRAM, 0);
	printf("udp default v6only %d\n", get_v6only(s));
	close(s);
	s = socket(AF_INET, SOCK_STREAM, 0);
	printf("AF_INET set: %s, ", set_v6only(s, 1));
	printf("get: %s\n", strerror(-get_v6only(s)));
	close(s);

	tcp_dual(AF_INET);
	tcp_dual(AF_INET6);

	ls = any6(SOCK_STREAM, 1, &port);
	if (ls >= 0) {
		printf("v6only listener: %d\n", get_v6only(ls));
		c = connect_v4(AF_INET, port);
		printf("IPv4 client: %s\n", c < 0 ? strerror(-c) : "connected");
		if (c >= 0)
			close(c);
		close(ls);
	}

	udp_dual();
	return 0;
}
