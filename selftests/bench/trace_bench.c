// SPDX-License-Identifier: GPL-2.0
/*
 * Tracing overhead (issue "eBPF tracing"): the cost of a null-ish Dk call,
 * DkSystemTimeQuery through DK_IOC_CALL, with dbtrace attached vs without,
 * measured in alternation in the same run.  Here "native_ns" is the same
 * call with no tracer attached, "dk_ns" the call while dbtrace runs:
 *  - trace_null_call_summary: dbtrace -c (in-kernel counting);
 *  - trace_null_call_live: dbtrace (one ring-buffer event per call, output
 *    formatted and thrown away).
 * Targets are indicative only (benchmarks never fail the suite).
 * Must run as root (make bench runs it in the VM).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <linux/drawbridge.h>

#include "bench.h"

#define DBTRACE		DBT_TOP "/tools/dbtrace/dbtrace"
#define ROUNDS		5
#define CALLS		100000

static double null_call_ns(int fd)
{
	__u64 t;
	struct dk_call c = {
		.nr = DK_CALL_SYSTEM_TIME_QUERY,
		.args = { (__u64)(unsigned long)&t },
	};
	double t0 = bench_now_ns();
	int i;

	for (i = 0; i < CALLS; i++)
		if (ioctl(fd, DK_IOC_CALL, &c)) {
			perror("trace_bench: DkSystemTimeQuery");
			exit(1);
		}
	return (bench_now_ns() - t0) / CALLS;
}

/* Start dbtrace with one extra option (or none); wait until attached. */
static pid_t dbtrace_start(const char *opt)
{
	char *argv[] = { DBTRACE, (char *)opt, NULL };
	char buf[512];
	size_t len = 0;
	int p[2], null;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(p[1], 2);
		close(p[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	while (len < sizeof(buf) - 1) {
		ssize_t n = read(p[0], buf + len, sizeof(buf) - 1 - len);

		if (n <= 0)
			break;
		len += n;
		buf[len] = '\0';
		if (strstr(buf, "dbtrace: ready")) {
			close(p[0]);	/* a later message gets EPIPE: fine */
			return pid;
		}
	}
	fprintf(stderr, "trace_bench: dbtrace did not start: %.*s\n",
		(int)len, buf);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

static void dbtrace_stop(pid_t pid)
{
	kill(pid, SIGINT);
	waitpid(pid, NULL, 0);
}

static void measure(int fd, const char *name, const char *opt, double target)
{
	double base = 1e30, traced = 1e30, v;
	pid_t pid;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		v = null_call_ns(fd);
		base = v < base ? v : base;
		pid = dbtrace_start(opt);
		if (pid < 0)
			exit(1);
		v = null_call_ns(fd);
		traced = v < traced ? v : traced;
		dbtrace_stop(pid);
	}
	bench_report(name, traced, base, target, 1);
}

int main(void)
{
	int fd = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		perror("trace_bench: " DK_DEVICE_PATH);
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	measure(fd, "trace_null_call_summary", "-c", 1.5);
	measure(fd, "trace_null_call_live", NULL, 3.0);
	close(fd);
	return 0;
}
