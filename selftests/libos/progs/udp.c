// SPDX-License-Identifier: GPL-2.0
/*
 * UDP over loopback: a bound server, an unbound client's sendto (which
 * binds it), recvfrom's source address, a reply, a connected client with
 * send/recv, sendmsg/recvmsg with two iovecs, FIONREAD, MSG_DONTWAIT on
 * an empty socket.
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

int main(void)
{
	struct sockaddr_in sa, from, cl;
	socklen_t len;
	struct iovec iov[2];
	struct msghdr m;
	char buf[64], b2[8], addr[32];
	int s, c, n;
	long r;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)))
		return perror("bind"), 1;
	len = sizeof(sa);
	getsockname(s, (struct sockaddr *)&sa, &len);
	printf("bound port set %d\n", sa.sin_port != 0);
	r = recv(s, buf, sizeof(buf), MSG_DONTWAIT);
	printf("recv empty: %s\n", r < 0 ? strerror(errno) : "data");

	c = socket(AF_INET, SOCK_DGRAM, 0);
	r = sendto(c, "datagram one", 12, 0, (struct sockaddr *)&sa,
		   sizeof(sa));
	printf("sendto %ld\n", r);
	ioctl(s, FIONREAD, &n);
	printf("FIONREAD %d\n", n);
	len = sizeof(from);
	r = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
	inet_ntop(AF_INET, &from.sin_addr, addr, sizeof(addr));
	printf("recvfrom %ld '%.*s' from %s len %u\n", r, (int)r, buf, addr,
	       len);
	len = sizeof(cl);
	getsockname(c, (struct sockaddr *)&cl, &len);
	printf("client autobound, port matches %d\n",
	       cl.sin_port == from.sin_port);
	r = sendto(s, "reply", 5, 0, (struct sockaddr *)&from, sizeof(from));
	r = recv(c, buf, sizeof(buf), 0);
	printf("client got %ld '%.*s'\n", r, (int)r, buf);
	close(c);

	c = socket(AF_INET, SOCK_DGRAM, 0);
	connect(c, (struct sockaddr *)&sa, sizeof(sa));
	send(c, "connected", 9, 0);
	r = recv(s, buf, sizeof(buf), 0);
	printf("server got %ld '%.*s'\n", r, (int)r, buf);
	iov[0].iov_base = "two ";
	iov[0].iov_len = 4;
	iov[1].iov_base = "pieces";
	iov[1].iov_len = 6;
	memset(&m, 0, sizeof(m));
	m.msg_iov = iov;
	m.msg_iovlen = 2;
	r = sendmsg(c, &m, 0);
	printf("sendmsg %ld\n", r);
	iov[0].iov_base = buf;
	iov[0].iov_len = 3;
	iov[1].iov_base = b2;
	iov[1].iov_len = sizeof(b2);
	m.msg_name = &from;
	m.msg_namelen = sizeof(from);
	r = recvmsg(s, &m, 0);
	printf("recvmsg %ld '%.3s' '%.7s' namelen %u\n", r, buf, b2,
	       m.msg_namelen);
	len = sizeof(from);
	r = getpeername(c, (struct sockaddr *)&from, &len);
	printf("getpeername %ld same %d\n", r, from.sin_port == sa.sin_port);
	close(c);
	close(s);
	return 0;
}
