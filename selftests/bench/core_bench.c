// SPDX-License-Identifier: GPL-2.0
/*
 * Core benchmarks (issue "Foundation"):
 *  - null_call: DkInstructionCacheFlush (validates a range and returns: the
 *    bare gateway) from inside a confined picoprocess, so the seccomp filter
 *    and the gateway are both paid, vs a raw getppid from an unconfined
 *    native process; target <= 1.5x.
 *  - time_query: DkSystemTimeQuery the same way vs the same getppid.
 *  - null_call_unconfined: DkInstructionCacheFlush from an ordinary process
 *    holding a context (no seccomp filter): the gateway alone.
 *  - ioctl_floor, ioctl_floor_confined: what any ioctl gateway costs on
 *    this kernel before the module runs at all: ioctl(2) with DK_IOC_CALL
 *    on /dev/null (no ioctl handler: ENOTTY) at the descriptor number a
 *    picoprocess uses, from an ordinary process and from one under
 *    dbexec's own seccomp filter.  Context for null_call:
 *    where these exceed its target, no module change can meet it here.
 *  - start: `dbexec hello` start to exit vs fork+exec+wait of a static
 *    native hello; target <= 2x.
 * Each side is measured several times in alternation; the best round of
 * the call loops and the median of the start-ups are compared.
 */
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/seccomp.h>

#include "bench.h"
#include "dk.h"
#include "seccomp_filter.h"

/* The descriptor number dbexec gives the context (DK_FD, tools/dbexec). */
#define PICO_DK_FD	3

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

static double unconfined_null_ns(void)
{
	uint64_t x;
	double t0 = bench_now_ns();
	int i;

	for (i = 0; i < CALLS; i++)
		DkInstructionCacheFlush(&x, sizeof(x));
	return (bench_now_ns() - t0) / CALLS;
}

static double ioctl_null_ns(void)
{
	struct dk_call call = { .nr = DK_CALL_INSTRUCTION_CACHE_FLUSH };
	double t0 = bench_now_ns();
	int i;

	for (i = 0; i < CALLS; i++)
		ioctl(PICO_DK_FD, DK_IOC_CALL, &call);
	return (bench_now_ns() - t0) / CALLS;
}

/* Confine the caller with dbexec's seccomp filter (tools/dbexec/). */
static int confine_like_picoprocess(void)
{
	struct sock_fprog prog;
	char err[256];

	if (filter_build(PICO_DK_FD, &prog, err, sizeof(err)) < 0) {
		fprintf(stderr, "core_bench: %s\n", err);
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		return -1;
	return 0;
}

/*
 * ioctl_null_ns() in a child whose descriptor PICO_DK_FD is /dev/null,
 * confined like a picoprocess if @confined.  The filter allows no write,
 * so the result comes back through shared memory; the clock is the vDSO's.
 */
static double ioctl_floor_ns(int confined)
{
	double *ns = mmap(NULL, sizeof(*ns), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	double v;
	pid_t pid;
	int st;

	if (ns == MAP_FAILED)
		exit(1);
	*ns = -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		if (null < 0 || dup2(null, PICO_DK_FD) != PICO_DK_FD)
			_exit(1);
		if (confined && confine_like_picoprocess())
			_exit(1);
		*ns = ioctl_null_ns();
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0 || *ns < 0) {
		fprintf(stderr, "core_bench: ioctl floor child failed (status %d)\n",
			pid < 0 ? -1 : st);
		exit(1);
	}
	v = *ns;
	munmap(ns, sizeof(*ns));
	return v;
}

static double pico_null_ns(const char *mode)
{
	static char num[16], out[256];
	char *argv[] = { BENCH_DBEXEC, DBT_TOP "/selftests/pico/null_loop", num,
			 (char *)mode, NULL };

	snprintf(num, sizeof(num), "%d", CALLS);
	return bench_pico_value("core_bench", argv, out, sizeof(out),
				"ns_per_call_x1000=") / 1000.0;
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
	double dk = 1e30, tq = 1e30, un = 1e30, nat = 1e30, fl = 1e30, flc = 1e30;
	double ds[STARTS], ns[STARTS];
	int i, fd = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		perror("core_bench: " DK_DEVICE_PATH);
		return 1;
	}
	dk_set_fd(fd);
	for (i = 0; i < ROUNDS; i++) {
		double a = pico_null_ns("flush"), b = native_getppid_ns();
		double c = pico_null_ns("time"), d = unconfined_null_ns();
		double e = ioctl_floor_ns(0), f = ioctl_floor_ns(1);

		dk = a < dk ? a : dk;
		nat = b < nat ? b : nat;
		tq = c < tq ? c : tq;
		un = d < un ? d : un;
		fl = e < fl ? e : fl;
		flc = f < flc ? f : flc;
	}
	bench_report("null_call", dk, nat, 1.5, 1);
	bench_report("time_query", tq, nat, 1.5, 1);
	bench_report("null_call_unconfined", un, nat, 1.5, 1);
	bench_report("ioctl_floor", fl, nat, 0, 1);
	bench_report("ioctl_floor_confined", flc, nat, 0, 1);

	for (i = 0; i < STARTS; i++) {
		ds[i] = start_ns(pico);
		ns[i] = start_ns(native);
	}
	bench_report("start", bench_median(ds, STARTS), bench_median(ns, STARTS), 2.0, 1);
	return 0;
}
