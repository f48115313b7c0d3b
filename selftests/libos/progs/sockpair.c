// SPDX-License-Identifier: GPL-2.0
/*
 * socketpair(AF_UNIX, SOCK_STREAM): an echo between two threads, both
 * ends read-write, the names, fstat, SO_TYPE, SOCK_NONBLOCK and
 * SOCK_CLOEXEC, shutdown(SHUT_WR) giving the peer end of file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static void *echo(void *arg)
{
	int fd = *(int *)arg;
	char buf[256];
	long r;

	while ((r = read(fd, buf, sizeof(buf))) > 0) {
		for (long i = 0; i < r; i++)
			if (buf[i] >= 'a' && buf[i] <= 'z')
				buf[i] -= 32;
		if (write(fd, buf, r) != r)
			break;
	}
	close(fd);
	return NULL;
}

int main(void)
{
	int sv[2], v, i;
	socklen_t len;
	struct sockaddr_un sun;
	struct stat st;
	char buf[64];
	pthread_t t;
	long r;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return perror("socketpair"), 1;
	pthread_create(&t, NULL, echo, &sv[1]);
	for (i = 0; i < 3; i++) {
		snprintf(buf, sizeof(buf), "message %d", i);
		write(sv[0], buf, strlen(buf));
		r = read(sv[0], buf, sizeof(buf));
		printf("echo %ld '%.*s'\n", r, (int)(r > 0 ? r : 0), buf);
	}
	fstat(sv[0], &st);
	printf("sock %d\n", S_ISSOCK(st.st_mode));
	len = sizeof(v);
	getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len);
	printf("SO_TYPE %d len %u\n", v, len);
	len = sizeof(sun);
	memset(&sun, 0xff, sizeof(sun));
	getsockname(sv[0], (struct sockaddr *)&sun, &len);
	printf("name family %d len %u\n", sun.sun_family, len);
	shutdown(sv[0], SHUT_WR);
	pthread_join(t, NULL);		/* the echo saw EOF and closed */
	r = read(sv[0], buf, sizeof(buf));
	printf("read after peer closed %ld\n", r);
	close(sv[0]);

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
		       sv))
		return perror("socketpair"), 1;
	printf("nonblock %d cloexec %d\n",
	       !!(fcntl(sv[0], F_GETFL) & O_NONBLOCK),
	       !!(fcntl(sv[1], F_GETFD) & FD_CLOEXEC));
	r = read(sv[0], buf, 1);
	printf("read empty: %s\n", r < 0 ? strerror(errno) : "data");
	r = recv(sv[1], buf, 1, MSG_DONTWAIT);
	printf("recv MSG_DONTWAIT: %s\n", r < 0 ? strerror(errno) : "data");
	send(sv[1], "ab", 2, 0);
	r = recv(sv[0], buf, sizeof(buf), 0);
	printf("send/recv %ld\n", r);
	printf("inet socketpair: %s\n",
	       socketpair(AF_INET, SOCK_STREAM, 0, sv) ? strerror(errno) : "ok");
	return 0;
}
