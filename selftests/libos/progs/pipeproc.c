// SPDX-License-Identifier: GPL-2.0
/*
 * Pipes between two processes: a 1-byte round trip over two pipes between
 * a parent and its forked child (N round trips), then the throughput of
 * M MiB written in 64 KiB pieces from the parent to the child, which
 * reads them all and reports the count back.  Prints
 * "rtt_ns_x1000=<ns * 1000>" and "mbps_x1000=<MB/s * 1000>".
 *   pipeproc [N [M]]    (default 200 round trips, 16 MiB)
 * libos_bench runs it natively and under the libOS.  Not a test case:
 * its output is a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHUNK	65536

static char buf[CHUNK];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* The child: echo bytes from @in to @out until the end, then count. */
static int child(int in, int out, long n)
{
	long long total = 0;
	ssize_t r;
	long i;
	char c;

	for (i = 0; i < n; i++) {
		if (read(in, &c, 1) != 1 || write(out, &c, 1) != 1)
			return 3;
	}
	while ((r = read(in, buf, sizeof(buf))) > 0)
		total += r;
	if (r < 0 || write(out, &total, sizeof(total)) != sizeof(total))
		return 4;
	return 0;
}

int main(int argc, char **argv)
{
	long i, n = argc > 1 ? atol(argv[1]) : 200;
	long mib = argc > 2 ? atol(argv[2]) : 16;
	long long want = (long long)mib << 20, got = 0;
	int down[2], up[2], st;
	double t0, t1, t2;
	pid_t pid;
	char c = 'x';

	if (n <= 0 || mib <= 0 || pipe(down) || pipe(up))
		return 2;
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		close(down[1]);
		close(up[0]);
		_exit(child(down[0], up[1], n));
	}
	close(down[0]);
	close(up[1]);
	memset(buf, 'p', sizeof(buf));
	t0 = now();
	for (i = 0; i < n; i++) {
		if (write(down[1], &c, 1) != 1 || read(up[0], &c, 1) != 1)
			return 5;
	}
	t1 = now();
	for (i = 0; i < (want >> 16); i++) {
		if (write(down[1], buf, CHUNK) != CHUNK)
			return 6;
	}
	close(down[1]);
	if (read(up[0], &got, sizeof(got)) != sizeof(got) || got != want)
		return 7;
	t2 = now();
	if (waitpid(pid, &st, 0) != pid || st != 0)
		return 8;
	printf("rtt_ns_x1000=%.0f\n", (t1 - t0) * 1000.0 / n);
	printf("mbps_x1000=%.0f\n", want / 1e6 / ((t2 - t1) / 1e9) * 1000.0);
	return 0;
}
