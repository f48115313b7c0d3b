// SPDX-License-Identifier: GPL-2.0
/*
 * The child side of dbexec: from fork() to the jump into the image.
 *
 * Order matters.  Everything that can fail with a message happens while
 * the standard descriptors are still open.  Then the descriptors are
 * closed and signals reset, the child waits until the monitor has
 * attached, and enter_picoprocess() installs the seccomp filter and jumps
 * without running any more library code.
 */
#include <errno.h>
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/drawbridge.h>
#include <linux/filter.h>

#include "auxv.h"
#include "child.h"
#include "context.h"
#include "elf_loader.h"
#include "enter.h"
#include "env.h"
#include "exitcodes.h"
#include "fullio.h"
#include "monitor.h"
#include "sandbox.h"
#include "stack.h"

/* The release descriptor is moved at or above this number. */
#define GO_FD_MIN	10

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ	51
#endif

static _Noreturn void die(int status, const char *what, const char *why)
{
	fprintf(stderr, "dbexec: %s: %s\n", what, why);
	_exit(status);
}

/* Move @fd at or above GO_FD_MIN, out of DK_FD's way; exits on failure. */
static int move_fd(int fd, const char *what)
{
	int moved = fcntl(fd, F_DUPFD_CLOEXEC, GO_FD_MIN);

	if (moved < 0)
		die(DBX_EXIT_ERROR, what, strerror(errno));
	close(fd);
	return moved;
}

/*
 * The start information fields for a library OS: what the host's
 * auxiliary vector says (the picoprocess keeps dbexec's vDSO mapping),
 * the flags, and the program file as a read-only stream.
 */
static int add_libos_info(const struct child_args *a, int exec_fd,
			  int sig_fd, struct dk_start_info *si)
{
	int status;

	si->vdso_base = a->manifest->vdso_off ? 0 : host_auxv(AT_SYSINFO_EHDR);
	si->hwcap = host_auxv(AT_HWCAP);
	si->hwcap2 = host_auxv(AT_HWCAP2);
	si->minsigstksz = host_auxv(AT_MINSIGSTKSZ);
	si->clktck = (__u32)host_auxv(AT_CLKTCK);
	si->libos_flags = a->libos_flags;
	if (sig_fd >= 0) {
		status = context_add_exec_stream(sig_fd, "the signal pipe",
						 &si->signal_handle);
		close(sig_fd);
		if (status)
			return status;
	}
	if (exec_fd < 0)
		return 0;
	return context_add_exec_stream(exec_fd, a->exec_path, &si->exec_handle);
}

/*
 * Block until the monitor has attached and sends the confinement filter
 * (struct monitor_go, then the instructions); 0 on success.
 */
static int wait_for_monitor(int go_fd, struct sock_fprog *prog)
{
	static struct sock_filter filter[BPF_MAXINSNS];
	struct monitor_go go;
	int ret = -1;

	if (read_full(go_fd, &go, sizeof(go)) == 0 && go.go == 'g' &&
	    go.len && go.len <= BPF_MAXINSNS &&
	    read_full(go_fd, filter, go.len * sizeof(filter[0])) == 0) {
		prog->len = (unsigned short)go.len;
		prog->filter = filter;
		ret = 0;
	}
	close(go_fd);
	return ret;
}

_Noreturn void child_run(const struct child_args *a)
{
	static char *envp[ENV_MAX + 1];
	static char cwd[PATH_MAX];
	struct dk_start_info tmpl;
	struct stack_extra extra;
	struct initial_stack stack;
	struct sock_fprog prog;
	struct image img;
	char err[256];
	int go_fd, parent_fd, exec_fd, sig_fd, status;
	uint64_t features;
	long ret;

	/* Keep the release pipe clear of DK_FD and the standard fds. */
	go_fd = fcntl(a->go_fd, F_DUPFD_CLOEXEC, GO_FD_MIN);
	if (go_fd < 0)
		die(DBX_EXIT_ERROR, "cannot move the release pipe", strerror(errno));
	close(a->go_fd);
	/* Likewise the parent stream and the program file: DK_FD may be
	 * about to replace them. */
	parent_fd = -1;
	if (a->parent_fd >= 0)
		parent_fd = move_fd(a->parent_fd, "cannot move the parent stream");
	exec_fd = -1;
	if (a->exec_fd >= 0)
		exec_fd = move_fd(a->exec_fd, "cannot move the program file");
	sig_fd = -1;
	if (a->sig_fd >= 0)
		sig_fd = move_fd(a->sig_fd, "cannot move the signal pipe");

	if (sandbox_die_with_parent(a->parent) < 0)
		_exit(DBX_EXIT_ERROR);	/* the monitor is gone: nobody to tell */

	status = context_open(&features);
	if (status)
		_exit(status);

	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.features = features;
	tmpl.magic = DK_START_MAGIC;
	tmpl.abi_version = DK_ABI_VERSION;
	tmpl.size = sizeof(tmpl);
	tmpl.dk_fd = DK_FD;
	tmpl.parent_handle = -1;
	tmpl.exec_handle = -1;
	tmpl.signal_handle = -1;
	/*
	 * The join comes after the limits: it installs the handles the
	 * parent's inherit list gives, counted against the limit, and fails
	 * (EMFILE, which the parent's DkProcessCreate returns) if they do
	 * not fit.  The streams dbexec hands over come before the limits,
	 * as Documentation/manifest.rst says.
	 */
	status = 0;
	if (parent_fd >= 0)
		status = context_add_parent_stream(parent_fd, &tmpl.parent_handle);
	if (!status)
		status = context_add_std_streams(tmpl.std_handles);
	if (!status)
		status = add_libos_info(a, exec_fd, sig_fd, &tmpl);
	if (!status)
		status = context_set_limits(a->manifest);
	if (!status)
		status = context_join(a->mon_fd, a->join_id);
	if (!status)
		status = context_apply_rules(a->manifest);
	if (status)
		_exit(status);

	if (a->image)
		img = *a->image;	/* inherited over fork from the monitor */
	else if (image_load(a->program, &img, err, sizeof(err)) < 0)
		die(DBX_EXIT_IMAGE, a->program, err);
	tmpl.image_base = img.base;
	memset(&extra, 0, sizeof(extra));
	extra.envc = env_build(a->manifest, envp);
	extra.envp = envp;
	extra.exec_path = a->exec_path;
	extra.cwd = a->manifest->cwd;
	if (!extra.cwd && getcwd(cwd, sizeof(cwd)))
		extra.cwd = cwd;
	if (stack_build(a->argc, a->argv, &extra, &tmpl, &stack, err, sizeof(err)) < 0)
		die(DBX_EXIT_ERROR, a->program, err);

	status = context_seal();
	if (status)
		_exit(status);

	if (sandbox_check_seccomp() < 0)
		die(DBX_EXIT_ERROR, "the kernel cannot run seccomp filters with SECCOMP_RET_TRAP",
		    strerror(errno));
	if (sandbox_no_core() < 0)
		die(DBX_EXIT_ERROR, "setrlimit(RLIMIT_CORE)", strerror(errno));
	if (sandbox_no_new_privs() < 0)
		die(DBX_EXIT_ERROR, "prctl(PR_SET_NO_NEW_PRIVS)", strerror(errno));
	if (sandbox_close_fds(DK_FD, go_fd) < 0)
		die(DBX_EXIT_ERROR, "close_range", strerror(errno));

	/* From here on stderr is closed: failures can only exit. */
	sandbox_reset_signals();
	/*
	 * With a signal pipe the program hears SIGINT, SIGTERM and SIGHUP
	 * only through it (monitor.c): a terminal's ^C, or timeout(1), sends
	 * the signal to the whole process group, the picoprocess included,
	 * whose default action would end it before the program's own handler
	 * could run.
	 */
	if (tmpl.signal_handle >= 0)
		sandbox_ignore_forwarded();
	if (wait_for_monitor(go_fd, &prog) < 0)
		_exit(DBX_EXIT_ERROR);

	ret = enter_picoprocess(&prog, img.entry, stack.sp, stack.info);
	(void)ret;	/* seccomp(2) failed; nobody left to tell */
	_exit(DBX_EXIT_ERROR);
}
