// SPDX-License-Identifier: GPL-2.0
/*
 * Core benchmarks (issue "Foundation"):
 *  - null_call: DkSystemTimeQuery from inside a confined picoprocess (so the
 *    seccomp filter and the gateway are both paid) vs a raw getppid from an
 *    unconfined native process; target <= 1.5x.
 *  - start: `dbexec hello` start to exit vs fork+exec+wait of a static
 *    native hello; target <= 2x.
 * Each side is measured several times in alternation; the best round of
 * the call loops and the median of the start-ups are compared.
 */
#include <sys/syscall.h>

#include "bench.h"

#define ROUNDS		7
#define CALLS		200000
#define STARTS		40

static double native_getppid_ns(void)
{
	double t0 = bench_now_ns();
	int i;

	for (i = 0; i < CALLS; i++)
		syscall(SYS_getppid);
	return (bench_now_ns() - t0) / CALLS;
}

static double pico_null_ns(void)
{
	static char num[16], out[256];
	char *argv[] = { BENCH_DBEXEC, DBT_TOP "/selftests/pico/null_loop", num, NULL };
	const char *p;
	int st;

	snprintf(num, sizeof(num), "%d", CALLS);
	st = bench_spawn(argv, out, sizeof(out));
	p = strstr(out, "ns_per_call_x1000=");
	if (st != 0 || !p) {
		fprintf(stderr, "core_bench: null_loop failed (status %d): %s\n", st, out);
		exit(1);
	}
	return strtod(p + strlen("ns_per_call_x1000="), NULL) / 1000.0;
}

static double start_ns(char *const argv[])
{
	double t0 = bench_now_ns();
	int st = bench_spawn(argv, NULL, 0);

	if (st != 0) {
		fprintf(stderr, "core_bench: %s exited with status %d\n", argv[0], st);
		exit(1);
	}
	return bench_now_ns() - t0;
}

int main(void)
{
	char *pico[] = { BENCH_DBEXEC, DBT_TOP "/examples/hello/hello", NULL };
	char *native[] = { DBT_TOP "/selftests/bench/native_hello", NULL };
	double dk = 1e30, nat = 1e30, ds[STARTS], ns[STARTS];
	int i;

	for (i = 0; i < ROUNDS; i++) {
		double a = pico_null_ns(), b = native_getppid_ns();

		dk = a < dk ? a : dk;
		nat = b < nat ? b : nat;
	}
	bench_report("null_call", dk, nat, 1.5, 1);

	for (i = 0; i < STARTS; i++) {
		ds[i] = start_ns(pico);
		ns[i] = start_ns(native);
	}
	bench_report("start", bench_median(ds, STARTS), bench_median(ns, STARTS), 2.0, 1);
	return 0;
}
