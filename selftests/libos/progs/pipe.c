// SPDX-License-Identifier: GPL-2.0
/*
 * Pipes within one process: data, end of file, EPIPE (SIGPIPE ignored),
 * the direction of each end, FIONREAD, fstat, pipe2's flags, O_NONBLOCK
 * through fcntl and FIONBIO, dup'ed write ends, and 1 MiB through a pipe
 * between two threads.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define BIG	(1 << 20)

static char big[BIG], got[BIG];

static const char *err(long r)
{
	return r < 0 ? strerror(errno) : "ok";
}

static void *writer(void *arg)
{
	int fd = *(int *)arg;
	long done = 0, r;

	while (done < BIG) {
		r = write(fd, big + done, BIG - done);
		if (r <= 0)
			break;
		done += r;
	}
	close(fd);
	return NULL;
}

int main(void)
{
	int p[2], q[2], n, d;
	char buf[64];
	struct stat st;
	pthread_t t;
	long r, total;

	signal(SIGPIPE, SIG_IGN);
	if (pipe(p))
		return perror("pipe"), 1;
	r = write(p[1], "hello pipe", 10);
	printf("write %ld\n", r);
	ioctl(p[0], FIONREAD, &n);
	printf("FIONREAD %d\n", n);
	r = read(p[0], buf, sizeof(buf));
	printf("read %ld '%.*s'\n", r, (int)(r > 0 ? r : 0), buf);
	r = read(p[1], buf, 1);
	printf("read write end: %s\n", err(r));
	r = write(p[0], "x", 1);
	printf("write read end: %s\n", err(r));
	fstat(p[0], &st);
	printf("fifo %d %d\n", S_ISFIFO(st.st_mode), (int)(st.st_size));
	printf("lseek: %s\n", err(lseek(p[0], 0, SEEK_SET)));
	printf("F_GETFL %o %o\n", fcntl(p[0], F_GETFL) & (O_ACCMODE | O_NONBLOCK),
	       fcntl(p[1], F_GETFL) & (O_ACCMODE | O_NONBLOCK));

	/* a dup'ed write end keeps the pipe open */
	d = dup(p[1]);
	close(p[1]);
	r = write(d, "via dup", 7);
	printf("write dup %ld\n", r);
	close(d);
	r = read(p[0], buf, sizeof(buf));
	printf("read %ld '%.*s'\n", r, (int)(r > 0 ? r : 0), buf);
	r = read(p[0], buf, sizeof(buf));
	printf("read at eof %ld\n", r);
	close(p[0]);

	/* EPIPE once the read end is gone */
	pipe(p);
	close(p[0]);
	r = write(p[1], "x", 1);
	printf("write no reader: %s\n", err(r));
	close(p[1]);

	/* pipe2 flags */
	if (pipe2(q, O_NONBLOCK | O_CLOEXEC))
		return perror("pipe2"), 1;
	printf("nonblock %d cloexec %d\n",
	       !!(fcntl(q[0], F_GETFL) & O_NONBLOCK),
	       !!(fcntl(q[1], F_GETFD) & FD_CLOEXEC));
	r = read(q[0], buf, 1);
	printf("read empty nonblock: %s\n", err(r));
	fcntl(q[0], F_SETFL, 0);
	printf("after F_SETFL 0: nonblock %d\n",
	       !!(fcntl(q[0], F_GETFL) & O_NONBLOCK));
	n = 1;
	ioctl(q[0], FIONBIO, &n);
	r = read(q[0], buf, 1);
	printf("read empty FIONBIO: %s\n", err(r));
	printf("pipe2 bad flag: %s\n", err(pipe2(p, O_APPEND)));
	close(q[0]);
	close(q[1]);

	/* 1 MiB between two threads */
	for (n = 0; n < BIG; n++)
		big[n] = (char)(n * 7 + n / 4096);
	pipe(p);
	pthread_create(&t, NULL, writer, &p[1]);
	total = 0;
	while ((r = read(p[0], got + total, BIG - total)) > 0)
		total += r;
	pthread_join(t, NULL);
	printf("thread transfer %ld same %d\n", total,
	       total == BIG && !memcmp(big, got, BIG));
	close(p[0]);
	return 0;
}
