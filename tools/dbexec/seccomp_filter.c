// SPDX-License-Identifier: GPL-2.0
/*
 * The picoprocess seccomp filter.
 *
 * Default action SECCOMP_RET_TRAP: a forbidden system call is not
 * executed; the kernel sends SIGSYS, which the ptrace monitor reports and
 * lets kill the picoprocess (see monitor.c and confinement.rst).  Calls
 * from another audit architecture (i386 through int $0x80 or sysenter)
 * take the bad-architecture action, also TRAP.  x32 system calls (number
 * with bit 30 set) carry the x86-64 audit architecture; libseccomp's
 * x86-64 filter sends every number >= 0x40000000 except -1 to the
 * bad-architecture action, so they trap as well.
 * seccomp_filter_verify.c checks all of this on the generated program
 * before it is installed.  clone3 stays forbidden like everything not
 * listed.
 *
 * The allowlist is allow_rules(): one table entry per rule; a new rule
 * also needs its expected verdicts in seccomp_filter_verify.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <seccomp.h>
#include <linux/drawbridge.h>

#include "seccomp_filter.h"

/*
 * Argument checks compare all 64 bits.  ioctl(2) declares fd and cmd as
 * unsigned int, so the kernel ignores bits 32-63 of those registers; an
 * exact 64-bit match accepts only the canonical encoding (upper half zero,
 * which libdk always produces), a subset of what the kernel would treat
 * as (dk_fd, DK_IOC_CALL).  Any other encoding is refused, never let
 * through: the check can only be stricter than the kernel.
 */
#define ARG_EQ(i, v) \
	{ .arg = (i), .op = SCMP_CMP_EQ, .datum_a = (uint64_t)(v) }

struct rule {
	int nr;
	unsigned int argc;
	struct scmp_arg_cmp arg[2];
};

static int allow_rules(scmp_filter_ctx ctx, int dk_fd)
{
	const struct rule rules[] = {
		/* The gateway: every Dk call. */
		{ .nr = SCMP_SYS(ioctl), .argc = 2,
		  .arg = { ARG_EQ(0, dk_fd), ARG_EQ(1, DK_IOC_CALL) } },
		/* The last step of DkThreadExit and DkProcessExit. */
		{ .nr = SCMP_SYS(exit) },
		{ .nr = SCMP_SYS(exit_group) },
		/* Return from a signal frame the kernel built. */
		{ .nr = SCMP_SYS(rt_sigreturn) },
		/* DkThreadCreate: clone with exactly the one flag set. */
		{ .nr = SCMP_SYS(clone), .argc = 1,
		  .arg = { ARG_EQ(0, DK_THREAD_CLONE_FLAGS) } },
	};
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		int rc = seccomp_rule_add_exact_array(ctx, SCMP_ACT_ALLOW,
						      rules[i].nr, rules[i].argc,
						      rules[i].arg);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static scmp_filter_ctx filter_ctx(int dk_fd, char *err, size_t errlen)
{
	scmp_filter_ctx ctx;
	int rc;

	ctx = seccomp_init(SCMP_ACT_TRAP);
	if (!ctx) {
		snprintf(err, errlen, "seccomp_init failed");
		return NULL;
	}
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_TRAP);
	if (rc == 0)
		rc = allow_rules(ctx, dk_fd);
	/* Every Dk call is an ioctl: test for it first. */
	if (rc == 0)
		rc = seccomp_syscall_priority(ctx, SCMP_SYS(ioctl), 255);
	if (rc != 0) {
		snprintf(err, errlen, "cannot build the seccomp filter: %s",
			 strerror(-rc));
		seccomp_release(ctx);
		return NULL;
	}
	return ctx;
}

int filter_build(int dk_fd, struct sock_fprog *prog, char *err, size_t errlen)
{
	scmp_filter_ctx ctx;
	struct stat st;
	void *buf = NULL;
	int fd, rc;

	ctx = filter_ctx(dk_fd, err, errlen);
	if (!ctx)
		return -1;
	/* libseccomp 2.5 exports BPF only to a descriptor. */
	fd = memfd_create("dbexec-seccomp", MFD_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "memfd_create: %s", strerror(errno));
		goto fail;
	}
	rc = seccomp_export_bpf(ctx, fd);
	if (rc != 0) {
		snprintf(err, errlen, "cannot export the seccomp filter: %s",
			 strerror(-rc));
		goto fail;
	}
	if (fstat(fd, &st) < 0 || st.st_size <= 0 ||
	    st.st_size % (off_t)sizeof(struct sock_filter) != 0 ||
	    st.st_size / (off_t)sizeof(struct sock_filter) > BPF_MAXINSNS) {
		snprintf(err, errlen, "unexpected seccomp filter size");
		goto fail;
	}
	buf = malloc((size_t)st.st_size);
	if (!buf || pread(fd, buf, (size_t)st.st_size, 0) != st.st_size) {
		snprintf(err, errlen, "cannot read back the seccomp filter");
		goto fail;
	}
	close(fd);
	seccomp_release(ctx);
	prog->len = (unsigned short)(st.st_size / (off_t)sizeof(struct sock_filter));
	prog->filter = buf;
	return 0;
fail:
	free(buf);
	if (fd >= 0)
		close(fd);
	seccomp_release(ctx);
	return -1;
}

void filter_free(struct sock_fprog *prog)
{
	free(prog->filter);
	prog->filter = NULL;
	prog->len = 0;
}

int filter_dump(int dk_fd, FILE *out, char *err, size_t errlen)
{
	scmp_filter_ctx ctx = filter_ctx(dk_fd, err, errlen);
	int rc;

	if (!ctx)
		return -1;
	fflush(out);
	rc = seccomp_export_pfc(ctx, fileno(out));
	seccomp_release(ctx);
	if (rc != 0) {
		snprintf(err, errlen, "cannot export the seccomp filter: %s",
			 strerror(-rc));
		return -1;
	}
	return 0;
}
