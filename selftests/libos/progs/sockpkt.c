// SPDX-License-Identifier: GPL-2.0
/*
 * socketpair(AF_UNIX, SOCK_SEQPACKET) and (AF_UNIX, SOCK_DGRAM): message
 * boundaries (each send one message, each recv at most one, the rest of
 * a longer one dropped), a zero-length message, FIONREAD (SOCK_DGRAM: the
 * next message), MSG_PEEK, sendmsg and recvmsg with two iovecs, SO_TYPE,
 * MSG_DONTWAIT on an empty socket, both directions, a send to a closed
 * peer (EPIPE or ECONNREFUSED, and no SIGPIPE).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static volatile sig_atomic_t sigpipes;

static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

static void show(const char *what, long r, const char *buf)
{
	if (r < 0)
		printf("%s: %s\n", what, strerror(errno));
	else
		printf("%s: %ld '%.*s'\n", what, r, (int)r, buf);
}

/* @m over the two pieces @a (@na bytes) and @b (@nb bytes). */
static void two_pieces(struct msghdr *m, struct iovec *iov, const char *a,
		       size_t na, const char *b, size_t nb)
{
	iov[0].iov_base = (void *)a;
	iov[0].iov_len = na;
	iov[1].iov_base = (void *)b;
	iov[1].iov_len = nb;
	memset(m, 0, sizeof(*m));
	m->msg_iov = iov;
	m->msg_iovlen = 2;
}

static void pair(const char *name, int type)
{
	struct iovec iov[2];
	struct msghdr m;
	char buf[64], b2[8];
	socklen_t len = sizeof(int);
	int sv[2], n = -1, v = -1;
	long r;

	printf("%s\n", name);
	if (socketpair(AF_UNIX, type, 0, sv)) {
		printf("socketpair: %s\n", strerror(errno));
		return;
	}
	getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len);
	printf("SO_TYPE matches %d\n", v == type);
	show("send", send(sv[1], "one", 3, 0), "one");
	show("send", send(sv[1], "two22", 5, 0), "two22");
	show("send empty", send(sv[1], "", 0, 0), "");
	show("write", write(sv[1], "three", 5), "three");
	/* Linux: the next datagram, but every queued byte of a SEQPACKET. */
	if (type == SOCK_DGRAM) {
		ioctl(sv[0], FIONREAD, &n);
		printf("FIONREAD %d\n", n);
	}
	r = recv(sv[0], buf, sizeof(buf), 0);
	show("recv", r, buf);
	r = recv(sv[0], buf, 2, 0);
	show("short recv", r, buf);
	r = recv(sv[0], buf, sizeof(buf), 0);
	show("recv empty message", r, buf);
	r = recv(sv[0], buf, sizeof(buf), MSG_PEEK);
	show("peek", r, buf);
	r = read(sv[0], buf, sizeof(buf));
	show("read", r, buf);

	two_pieces(&m, iov, "ab", 2, "cdef", 4);
	show("sendmsg", sendmsg(sv[0], &m, 0), "abcdef");
	show("send", send(sv[0], "next", 4, 0), "next");
	two_pieces(&m, iov, buf, 3, b2, sizeof(b2));
	r = recvmsg(sv[1], &m, 0);
	printf("recvmsg %ld '%.3s' '%.*s'\n", r, buf, r > 3 ? (int)r - 3 : 0,
	       b2);
	r = recv(sv[1], buf, sizeof(buf), 0);
	show("recv", r, buf);
	r = recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT);
	show("recv nothing", r, buf);

	close(sv[1]);
	r = send(sv[0], "x", 1, 0);
	show("send to closed peer", r, "x");
	printf("SIGPIPE %d\n", (int)sigpipes);
	close(sv[0]);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGPIPE, on_sigpipe);
	pair("seqpacket", SOCK_SEQPACKET);
	pair("dgram", SOCK_DGRAM);
	return 0;
}
