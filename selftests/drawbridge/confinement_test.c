// SPDX-License-Identifier: GPL-2.0
/*
 * Confinement: a picoprocess run by dbexec may use only the Dk gateway and
 * the raw system calls of Documentation/confinement.rst.  Every other
 * x86-64 system call number, the allowed calls with other arguments, the
 * x32 ABI and int 0x80 must kill it with SIGSYS, and dbexec must name the
 * call.  One child picoprocess per attempt.
 */
#include "kselftest_harness.h"
#include "dbtest.h"

#include <seccomp.h>

#define SIGSYS_EXIT	(128 + SIGSYS)
#define SIGILL_EXIT	(128 + SIGILL)
/*
 * uretprobe(2), x86-64 only, Linux 6.11.  Since "seccomp: passthrough
 * uretprobe systemcall without filtering" (2025, in 6.12 stable) seccomp
 * does not see it, and the call itself kills with SIGILL any caller that is
 * not the kernel's [uprobes] trampoline.  Documentation/confinement.rst.
 */
#define NR_URETPROBE	335
#define PROBE		DBT_PICO("syscall_probe")
#define MAX_NR		512

/* Raw calls a picoprocess may make (argument checks are tested below). */
static int allowed(int nr)
{
	return nr == 60 /* exit */ || nr == 231 /* exit_group */ ||
	       nr == 15 /* rt_sigreturn */;
}

static void probe(const char *mode, const char *arg, struct dbt_result *r)
{
	char *argv[] = { DBT_DBEXEC, PROBE, (char *)mode, (char *)arg, NULL };

	if (dbt_run(argv, NULL, r))
		r->status = -1;
}

FIXTURE(sweep) {
	int unused;
};

FIXTURE_SETUP(sweep)
{
}

FIXTURE_TEARDOWN(sweep)
{
}

/*
 * On a kernel whose seccomp lets uretprobe through, the probe dies of the
 * call's own SIGILL, which dbexec reports as a signal, not as a forbidden
 * call.  Either way it must be killed.
 */
static bool uretprobe_sigill(int nr, struct dbt_result *r)
{
	return nr == NR_URETPROBE && dbt_exit_code(r) == SIGILL_EXIT &&
	       !strstr(r->out, "survived") &&
	       strstr(r->err, "killed by signal SIGILL");
}

/* About 500 picoprocesses: allow for a slow emulated machine. */
TEST_F_TIMEOUT(sweep, every_other_syscall_number_is_killed_and_named, 900)
{
	static struct dbt_result r;
	int nr, tried = 0, bad = 0;

	for (nr = 0; nr < MAX_NR; nr++) {
		char num[16], want[96];
		char *name;

		if (allowed(nr))
			continue;
		snprintf(num, sizeof(num), "%d", nr);
		probe("nr", num, &r);
		tried++;
		name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, nr);
		if (name)
			snprintf(want, sizeof(want), "forbidden host syscall %s (%d)", name, nr);
		else
			snprintf(want, sizeof(want), "(%d)", nr);
		free(name);
		if (uretprobe_sigill(nr, &r)) {
			TH_LOG("syscall %d (uretprobe): not filtered by this kernel's seccomp, killed by SIGILL",
			       nr);
			continue;
		}
		if (dbt_exit_code(&r) != SIGSYS_EXIT || strstr(r.out, "survived") ||
		    !strstr(r.err, want)) {
			bad++;
			TH_LOG("syscall %d: exit %d, stderr: %.200s", nr, dbt_exit_code(&r), r.err);
		}
	}
	TH_LOG("%d syscall numbers tried, %d not killed or not reported", tried, bad);
	EXPECT_EQ(0, bad);
	EXPECT_EQ(MAX_NR - 3, tried);
}

TEST(ioctl_with_other_command_is_killed)
{
	static struct dbt_result r;

	probe("ioctl-cmd", NULL, &r);
	EXPECT_EQ(SIGSYS_EXIT, dbt_exit_code(&r));
	EXPECT_NE(NULL, strstr(r.err, "forbidden host syscall ioctl (16)"));
}

TEST(gateway_ioctl_on_other_descriptor_is_killed)
{
	static struct dbt_result r;

	probe("ioctl-fd", NULL, &r);
	EXPECT_EQ(SIGSYS_EXIT, dbt_exit_code(&r));
	EXPECT_NE(NULL, strstr(r.err, "forbidden host syscall ioctl (16)"));
}

TEST(clone_with_other_flags_is_killed)
{
	static const char *const flags[] = {
		"0", "0x11" /* SIGCHLD: fork */, "0x100" /* CLONE_VM */,
		"0x50f00" /* pthread-like with CLONE_FILES */, "0xffffffff",
	};
	static struct dbt_result r;
	unsigned int i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		probe("clone", flags[i], &r);
		EXPECT_EQ(SIGSYS_EXIT, dbt_exit_code(&r)) TH_LOG("clone flags %s", flags[i]);
		EXPECT_NE(NULL, strstr(r.err, "forbidden host syscall clone (56)"));
	}
	probe("nr", "435", &r);	/* clone3 */
	EXPECT_EQ(SIGSYS_EXIT, dbt_exit_code(&r));
	EXPECT_NE(NULL, strstr(r.err, "clone3 (435)"));
}

/*
 * Each of the @n system call numbers @nrs made through the gate of probe
 * @mode kills the picoprocess, and dbexec names the @abi ABI.
 */
static void expect_gate_killed(struct __test_metadata *_metadata,
			       const char *mode, const char *const *nrs,
			       unsigned int n, const char *abi)
{
	static struct dbt_result r;
	unsigned int i;

	for (i = 0; i < n; i++) {
		probe(mode, nrs[i], &r);
		EXPECT_EQ(SIGSYS_EXIT, dbt_exit_code(&r)) TH_LOG("%s %s: %s", mode, nrs[i], r.err);
		EXPECT_NE(NULL, strstr(r.err, "forbidden host syscall"));
		EXPECT_NE(NULL, strstr(r.err, abi));
	}
}

TEST(x32_entry_is_killed)
{
	static const char *const nrs[] = { "39" /* getpid */, "60" /* exit */,
					   "16" /* ioctl */, "512" /* x32 rt_sigaction */ };

	expect_gate_killed(_metadata, "x32", nrs, sizeof(nrs) / sizeof(nrs[0]),
			   "x32");
}

TEST(int80_entry_is_killed)
{
	static const char *const nrs[] = { "20" /* getpid */, "1" /* exit */,
					   "252" /* exit_group */, "54" /* ioctl */ };

	expect_gate_killed(_metadata, "int80", nrs,
			   sizeof(nrs) / sizeof(nrs[0]), "i386");
}

TEST(allowed_exit_works)
{
	static struct dbt_result r;

	probe("exit", "42", &r);
	EXPECT_EQ(42, dbt_exit_code(&r));
	EXPECT_EQ(NULL, strstr(r.err, "forbidden"));
}

TEST_HARNESS_MAIN
