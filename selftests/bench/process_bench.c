// SPDX-License-Identifier: GPL-2.0
/*
 * Process benchmark (issue "Processes"):
 *  - process_create: DkProcessCreate of a hello child picoprocess to its
 *    exit (measured inside a confined parent picoprocess, through the
 *    monitor) vs fork+exec+wait of a static native hello from a native
 *    process; target <= 2x.
 * Rounds alternate between the two sides; medians are compared.
 */
#include "bench.h"

#define ROUNDS		7
#define PER_ROUND	20

static double pico_create_ns(void)
{
	static char num[16], out[65536];
	char *argv[] = { BENCH_DBEXEC, DBT_TOP "/selftests/pico/proc_pico",
			 "bench", num, NULL };

	snprintf(num, sizeof(num), "%d", PER_ROUND);
	return bench_pico_value("process_bench", argv, out, sizeof(out),
				"ns_per_create=");
}

static double native_create_ns(void)
{
	char *argv[] = { DBT_TOP "/selftests/bench/native_hello", NULL };
	double t0 = bench_now_ns();
	int i;

	for (i = 0; i < PER_ROUND; i++) {
		pid_t pid = fork();
		int st;

		if (pid < 0)
			exit(1);
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);

			dup2(fd, 1);
			execv(argv[0], argv);
			_exit(127);
		}
		if (waitpid(pid, &st, 0) != pid || st != 0) {
			fprintf(stderr, "process_bench: native hello failed\n");
			exit(1);
		}
	}
	return (bench_now_ns() - t0) / PER_ROUND;
}

int main(void)
{
	double d[ROUNDS], n[ROUNDS];
	int i;

	for (i = 0; i < ROUNDS; i++) {
		d[i] = pico_create_ns();
		n[i] = native_create_ns();
	}
	bench_report("process_create", bench_median(d, ROUNDS),
		     bench_median(n, ROUNDS), 2.0, 1);
	return 0;
}
