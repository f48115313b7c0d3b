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
 *    picoprocess uses, from an ordinary process and from one under a
 *    seccomp filter of the same shape as dbexec's.  Context for null_call:
 *    where these exceed its target, no module change can meet it here.
 *  - start: `dbexec hello` start to exit vs fork+exec+wait of a static
 *    native hello; target <= 2x.
 * Each side is measured several times in alternation; the best round of
 * the call loops and the median of the start-ups are compared.
 */
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <seccomp.h>

#include "bench.h"
#include "dk.h"

/* The descriptor number dbexec gives the context (tools/dbexec/context.h). */
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

/* dbexec's allowlist (tools/dbexec/policy.c) plus write for the result. */
static int confine_like_dbexec(void)
{
	const struct scmp_arg_cmp gateway[2] = {
		{ .arg = 0, .op = SCMP_CMP_EQ, .datum_a = PICO_DK_FD },
		{ .arg = 1, .op = SCMP_CMP_EQ, .datum_a = DK_IOC_CALL },
	};
	const struct scmp_arg_cmp clone_flags = {
		.arg = 0, .op = SCMP_CMP_EQ, .datum_a = DK_THREAD_CLONE_FLAGS,
	};
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_TRAP);
	int rc;

	if (!ctx)
		return -1;
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_TRAP);
	if (!rc)
		rc = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 2,
					    gateway);
	if (!rc)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(exit), 0);
	if (!rc)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(exit_group), 0);
	if (!rc)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(rt_sigreturn), 0);
	if (!rc)
		rc = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
					    &clone_flags);
	if (!rc)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(write), 0);
	if (!rc)
		rc = seccomp_syscall_priority(ctx, SCMP_SYS(ioctl), 255);
	if (!rc)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	return rc;
}

/*
 * ioctl_null_ns() in a child whose descriptor PICO_DK_FD is /dev/null,
 * confined like a picoprocess if @confined.
 */
static double ioctl_floor_ns(int confined)
{
	double ns = 0;
	int p[2], st;
	pid_t pid;

	if (pipe(p) < 0)
		exit(1);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		if (null < 0 || dup2(null, PICO_DK_FD) != PICO_DK_FD)
			_exit(1);
		if (confined && confine_like_dbexec())
			_exit(1);
		ns = ioctl_null_ns();
		_exit(write(p[1], &ns, sizeof(ns)) == sizeof(ns) ? 0 : 1);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &ns, sizeof(ns)) != sizeof(ns) ||
	    waitpid(pid, &st, 0) != pid || st != 0) {
		fprintf(stderr, "core_bench: ioctl floor child failed\n");
		exit(1);
	}
	close(p[0]);
	return ns;
}

static double pico_null_ns(const char *mode)
{
	static char num[16], out[256];
	char *argv[] = { BENCH_DBEXEC, DBT_TOP "/selftests/pico/null_loop", num,
			 (char *)mode, NULL };
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
