// SPDX-License-Identifier: GPL-2.0
/*
 * MSG_PEEK on an AF_UNIX socketpair, a TCP loopback connection and UDP
 * over loopback: a peek returns what the following read returns and
 * consumes nothing (FIONREAD unchanged), a short peek, recvmsg with two
 * iovecs, MSG_PEEK | MSG_DONTWAIT on an empty socket (EAGAIN), end of
 * stream; UDP: a peek keeps the whole datagram and reports the sender
 * the read then reports.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static void show(const char *what, long r, const char *buf)
{
	if (r < 0)
		printf("%s: %s\n", what, strerror(errno));
	else
		printf("%s: %ld '%.*s'\n", what, r, (int)r, buf);
}

/* A peek, FIONREAD, a read, and a peek on the emptied byte stream @fd. */
static void byte_stream(const char *name, int fd, int peer)
{
	char buf[64], b2[8];
	struct iovec iov[2];
	struct msghdr m;
	int n = -1;
	long r;

	printf("%s\n", name);
	if (write(peer, "hello world", 11) != 11)
		printf("write failed\n");
	r = recv(fd, buf, sizeof(buf), MSG_PEEK);
	show("peek", r, buf);
	r = recv(fd, buf, 5, MSG_PEEK);
	show("short peek", r, buf);
	ioctl(fd, FIONREAD, &n);
	printf("FIONREAD after peeks %d\n", n);
	iov[0].iov_base = buf;
	iov[0].iov_len = 3;
	iov[1].iov_base = b2;
	iov[1].iov_len = sizeof(b2);
	memset(&m, 0, sizeof(m));
	m.msg_iov = iov;
	m.msg_iovlen = 2;
	r = recvmsg(fd, &m, MSG_PEEK);
	printf("recvmsg peek %ld '%.3s' '%.*s'\n", r, buf,
	       r > 3 ? (int)r - 3 : 0, b2);
	r = read(fd, buf, sizeof(buf));
	show("read", r, buf);
	r = recv(fd, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT);
	show("peek empty", r, buf);
	shutdown(peer, SHUT_WR);
	r = recv(fd, buf, sizeof(buf), MSG_PEEK);
	show("peek at end", r, buf);
}

static void unix_pair(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		perror("socketpair");
		return;
	}
	byte_stream("socketpair", sv[0], sv[1]);
	close(sv[0]);
	close(sv[1]);
}

static void tcp(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int l, c, s;

	l = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(l, (struct sockaddr *)&sa, sizeof(sa)) || listen(l, 1) ||
	    getsockname(l, (struct sockaddr *)&sa, &len)) {
		perror("tcp listen");
		return;
	}
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(c, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("connect");
		return;
	}
	s = accept(l, NULL, NULL);
	byte_stream("tcp", s, c);
	close(s);
	close(c);
	close(l);
}

static void udp(void)
{
	struct sockaddr_in sa, from, from2;
	socklen_t len = sizeof(sa), flen, flen2;
	char buf[64];
	int s, c, n = -1;
	long r;

	printf("udp\n");
	s = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(s, (struct sockaddr *)&sa, &len)) {
		perror("udp bind");
		return;
	}
	r = recv(s, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT);
	show("peek empty", r, buf);
	c = socket(AF_INET, SOCK_DGRAM, 0);
	connect(c, (struct sockaddr *)&sa, sizeof(sa));
	send(c, "first", 5, 0);
	send(c, "second", 6, 0);

	flen = sizeof(from);
	r = recvfrom(s, buf, sizeof(buf), MSG_PEEK, (struct sockaddr *)&from,
		     &flen);
	show("peek", r, buf);
	inet_ntop(AF_INET, &from.sin_addr, buf, sizeof(buf));
	printf("peek from %s len %u\n", buf, flen);
	r = recvfrom(s, buf, 3, MSG_PEEK, NULL, NULL);
	show("short peek", r, buf);
	ioctl(s, FIONREAD, &n);
	printf("FIONREAD after peeks %d\n", n);
	flen2 = sizeof(from2);
	r = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from2,
		     &flen2);
	show("read", r, buf);
	printf("same sender %d\n", flen == flen2 &&
	       from.sin_port == from2.sin_port &&
	       from.sin_addr.s_addr == from2.sin_addr.s_addr);
	r = recv(s, buf, sizeof(buf), MSG_PEEK);
	show("peek next", r, buf);
	r = recv(s, buf, sizeof(buf), 0);
	show("read next", r, buf);

	/* The reply, peeked on the connected client. */
	sendto(s, "reply", 5, 0, (struct sockaddr *)&from2, flen2);
	r = recv(c, buf, sizeof(buf), MSG_PEEK);
	show("client peek", r, buf);
	r = recv(c, buf, sizeof(buf), 0);
	show("client read", r, buf);
	r = recv(c, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT);
	show("client peek empty", r, buf);
	close(c);
	close(s);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	unix_pair();
	tcp();
	udp();
	return 0;
}
