// SPDX-License-Identifier: GPL-2.0
/*
 * The cost of one system call that the libOS traps and emulates: N raw
 * getppid calls (N from argv[1], default 100000), timed with the vDSO's
 * clock; prints "ns_per_call_x1000=<ns * 1000>".  libos_bench runs it
 * natively and under the libOS.  Not a test case: its output is a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long i, n = argc > 1 ? atol(argv[1]) : 100000;
	struct timespec a, b;
	double ns;

	if (n <= 0)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
	printf("ns_per_call_x1000=%.0f\n", ns * 1000.0 / n);
	return 0;
}
