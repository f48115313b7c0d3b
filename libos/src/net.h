/* SPDX-License-Identifier: GPL-2.0 */
/*
 * net.h: the Linux socket ABI constants and structures that the kernel's
 * uapi headers leave to the C library (sys/socket.h), as x86-64 Linux
 * defines them.  For pipe.c, socket.c, sockaddr.c, poll.c.
 */
#ifndef LX_NET_H
#define LX_NET_H

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/tcp.h>
#include <linux/uio.h>
#include <asm/socket.h>

#define AF_UNSPEC		0
#define AF_UNIX			1
#define AF_INET			2
#define AF_INET6		10

#define SOCK_STREAM		1
#define SOCK_DGRAM		2
#define SOCK_SEQPACKET		5
#define SOCK_TYPE_MASK		0xf
#ifndef SOCK_NONBLOCK
#define SOCK_NONBLOCK		04000	/* O_NONBLOCK */
#define SOCK_CLOEXEC		02000000	/* O_CLOEXEC */
#endif

#define MSG_OOB			0x1
#define MSG_PEEK		0x2
#define MSG_DONTROUTE		0x4
#define MSG_TRUNC		0x20
#define MSG_DONTWAIT		0x40
#define MSG_EOR			0x80
#define MSG_WAITALL		0x100
#define MSG_NOSIGNAL		0x4000
#define MSG_MORE		0x8000
#define MSG_CMSG_CLOEXEC	0x40000000

#define SHUT_RD			0
#define SHUT_WR			1
#define SHUT_RDWR		2

#define SOL_TCP			6

/* struct msghdr of the system call ABI (user_msghdr). */
struct lx_msghdr {
	void *msg_name;
	int msg_namelen;
	struct iovec *msg_iov;
	unsigned long msg_iovlen;
	void *msg_control;
	unsigned long msg_controllen;
	unsigned int msg_flags;
};

/* struct sockaddr_un: family + path */
#define LX_UNIX_PATH_MAX	108

struct lx_sockaddr;

/* sockaddr.c: Linux sockaddrs <-> Dk URIs (pure) */
long lx_sockaddr_from_user(const void *sa, unsigned long len, int domain,
			   struct lx_sockaddr *out);
/*
 * Store @a as a Linux sockaddr in @sa of *@len bytes (cut; the caller
 * checked *@len >= 0); *@len = its real length.
 */
void lx_sockaddr_to_user(const struct lx_sockaddr *a, void *sa, int *len);
/* "SCHEME:ADDR:PORT" into @out (at least LX_URI_NET_MAX bytes). */
void lx_sockaddr_uri(const struct lx_sockaddr *a, const char *scheme,
		     char *out);
/* Parse "SCHEME:ADDR:PORT" (any scheme); 0 or -EINVAL. */
long lx_sockaddr_parse(const char *uri, struct lx_sockaddr *a);
#define LX_URI_NET_MAX		80

/* UDP: a datagram socket of the inet families (not an AF_UNIX pair). */
#define LX_SOCK_UDP(f)	((f)->sock.type == SOCK_DGRAM && \
			 (f)->sock.domain != AF_UNIX)

#endif /* LX_NET_H */
