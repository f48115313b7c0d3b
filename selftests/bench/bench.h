/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the benchmark programs.  Every result is one line
 *   BENCH name=<id> dk_ns=<x> native_ns=<y> ratio=<x/y> target=<t> lower_is_better=1
 * (or dk_mbps/native_mbps with lower_is_better=0), with the native baseline
 * measured in the same run.  target=0 marks a context row without a target.  run_bench.sh turns them into a table and JSON.
 */
#ifndef BENCH_H
#define BENCH_H

#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/wait.h>

#define BENCH_TOP	DBT_TOP
#define BENCH_DBEXEC	DBT_TOP "/tools/dbexec/dbexec"

extern char **environ;

static inline double bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static inline void bench_report(const char *name, double dk, double native,
				double target, int lower_is_better)
{
	printf("BENCH name=%s %s=%.1f %s=%.1f ratio=%.3f target=%.2f lower_is_better=%d\n",
	       name, lower_is_better ? "dk_ns" : "dk_mbps", dk,
	       lower_is_better ? "native_ns" : "native_mbps", native,
	       dk / native, target, lower_is_better);
	fflush(stdout);
}

/*
 * Run argv with stdout captured into @out (may be NULL: discarded), stdin
 * and stderr from /dev/null.  Returns the wait status, or -1.
 */
static inline int bench_spawn(char *const argv[], char *out, size_t outsz)
{
	posix_spawn_file_actions_t fa;
	int p[2] = { -1, -1 }, st = -1;
	size_t len = 0;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (out) {
		if (pipe(p))
			return -1;
		posix_spawn_file_actions_adddup2(&fa, p[1], 1);
		posix_spawn_file_actions_addclose(&fa, p[0]);
	} else {
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	}
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ)) {
		pid = -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	if (out) {
		ssize_t n;

		close(p[1]);
		while (pid > 0 && (n = read(p[0], out + len, outsz - 1 - len)) > 0)
			len += n;
		out[len] = '\0';
		close(p[0]);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

/*
 * Run the picoprocess of @argv, which measures itself and prints @key
 * ("name=") and a number among its output (into @out, @outsz bytes); the
 * number.  Exits with a message naming @bench if the run fails or prints
 * no @key.
 */
static inline double bench_pico_value(const char *bench, char *const argv[],
				      char *out, size_t outsz, const char *key)
{
	int st = bench_spawn(argv, out, outsz);
	const char *p = strstr(out, key);

	if (st != 0 || !p) {
		fprintf(stderr, "%s: %s failed (status %d): %s\n", bench,
			argv[1], st, out);
		exit(1);
	}
	return strtod(p + strlen(key), NULL);
}

static int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static inline double bench_median(double *v, int n)
{
	qsort(v, n, sizeof(*v), bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#endif /* BENCH_H */
