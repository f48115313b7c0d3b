// SPDX-License-Identifier: GPL-2.0
/*
 * Time, ids and system information through the trapped system calls
 * (syscall(2), not the vDSO): only properties that hold natively and in
 * a picoprocess alike are printed.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static void say(const char *what, long ok)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAIL");
}

int main(void)
{
	struct timespec r, m1, m2, d = { 0, 20 * 1000 * 1000 };
	struct utsname u;
	struct sysinfo si;
	struct rlimit rl;
	unsigned char rnd[64];
	char name[16];
	cpu_set_t set;
	long t;
	int i, nonzero = 0;

	syscall(SYS_clock_gettime, CLOCK_REALTIME, &r);
	t = syscall(SYS_time, NULL);
	say("realtime and time agree", t - r.tv_sec > -2 && t - r.tv_sec < 5);
	say("realtime after 2020", r.tv_sec > 1577836800);
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &m1);
	syscall(SYS_nanosleep, &d, NULL);
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &m2);
	say("nanosleep sleeps", (m2.tv_sec - m1.tv_sec) * 1000000000L +
	    (m2.tv_nsec - m1.tv_nsec) >= 20 * 1000 * 1000);
	say("clock_getres", syscall(SYS_clock_getres, CLOCK_MONOTONIC, &r) == 0);
	say("bad clock refused", syscall(SYS_clock_gettime, 12345, &r) == -1);

	say("getrandom", syscall(SYS_getrandom, rnd, sizeof(rnd), 0) == sizeof(rnd));
	for (i = 0; i < (int)sizeof(rnd); i++)
		nonzero |= rnd[i];
	say("random bytes", nonzero);

	say("uname", uname(&u) == 0 && !strcmp(u.sysname, "Linux") &&
	    !strcmp(u.machine, "x86_64"));
	say("sysinfo", sysinfo(&si) == 0 && si.totalram > 0 && si.mem_unit > 0);
	say("getrlimit stack", getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur > 0);
	rl.rlim_cur = 1024;
	say("setrlimit core", setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 }) == 0);
	say("gettid is the pid in the main thread", syscall(SYS_gettid) == getpid());
	say("umask", umask(077) == 022 && umask(022) == 077);

	prctl(PR_SET_NAME, "worker-name-that-is-long");
	prctl(PR_GET_NAME, name);
	printf("thread name: %s\n", name);
	say("sched_getaffinity", sched_getaffinity(0, sizeof(set), &set) == 0 &&
	    CPU_COUNT(&set) >= 1);
	say("sched_yield", sched_yield() == 0);
	return 0;
}
