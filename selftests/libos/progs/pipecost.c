// SPDX-License-Identifier: GPL-2.0
/*
 * Not a test case: the cost of pipe()+close()x2 and of a 1-byte round
 * trip over two pipes between two threads, for libos.rst's numbers.
 *   pipecost [N]
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int a[2], b[2];
static long n;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void *echo(void *arg)
{
	char c;

	(void)arg;
	while (read(a[0], &c, 1) == 1)
		write(b[1], &c, 1);
	return NULL;
}

int main(int argc, char **argv)
{
	double t0, t1;
	pthread_t t;
	int p[2];
	long i;
	char c = 'x';

	n = argc > 1 ? atol(argv[1]) : 1000;
	t0 = now();
	for (i = 0; i < n; i++) {
		if (pipe(p))
			return perror("pipe"), 1;
		close(p[0]);
		close(p[1]);
	}
	t1 = now();
	printf("pipe+2 close: %.1f us\n", (t1 - t0) / n / 1000);
	pipe(a);
	pipe(b);
	pthread_create(&t, NULL, echo, NULL);
	t0 = now();
	for (i = 0; i < n; i++) {
		write(a[1], &c, 1);
		read(b[0], &c, 1);
	}
	t1 = now();
	printf("1-byte round trip (threads): %.1f us\n", (t1 - t0) / n / 1000);
	close(a[1]);
	pthread_join(t, NULL);
	return 0;
}
