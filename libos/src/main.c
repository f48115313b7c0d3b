// SPDX-License-Identifier: GPL-2.0
/*
 * Start-up: dbexec starts the libOS image (libdk's _dk_start -> main)
 * with the program's argv and, in the start information, the program's
 * stream, environment, vDSO, HWCAP words and flags.  main parses them
 * into lx_start_info, sets up the main thread's GS state, registers the
 * system call handler, lets files and mem initialise, loads the program,
 * builds the Linux initial stack and jumps to the entry point with the
 * register state Linux gives a new process.  Started with LX_FORK_ARG by
 * a parent's fork, it restores the parent's checkpoint instead (fork.c).
 */
#include "lx.h"
#include "proc.h"
#include "thread.h"

struct lx_start lx_start_info;

/* A start-information field that ends within the size dbexec wrote. */
#define LX_SI_HAS(si, field) \
	((si)->size >= offsetof(struct dk_start_info, field) + \
	 sizeof((si)->field))

static char *lx_no_env[] = { NULL };

static void lx_parse_start(struct lx_start *st, const struct dk_start_info *si)
{
	int i;

	st->si = si;
	st->argc = (int)si->argc;
	st->argv = (char **)(uintptr_t)si->argv;
	for (i = 0; i < 3; i++)
		st->std_handles[i] = si->std_handles[i];
	st->exec_handle = -1;
	st->envp = lx_no_env;
	st->clktck = 100;
	st->minsigstksz = 2048;
	if (LX_SI_HAS(si, envp) && si->envp) {
		st->envp = (char **)(uintptr_t)si->envp;
		st->envc = (int)si->envc;
	}
	if (LX_SI_HAS(si, exec_handle))
		st->exec_handle = si->exec_handle;
	if (LX_SI_HAS(si, exec_path))
		st->exec_path = (const char *)(uintptr_t)si->exec_path;
	if (LX_SI_HAS(si, vdso_base))
		st->vdso_base = si->vdso_base;
	if (LX_SI_HAS(si, hwcap))
		st->hwcap = si->hwcap;
	if (LX_SI_HAS(si, hwcap2))
		st->hwcap2 = si->hwcap2;
	if (LX_SI_HAS(si, minsigstksz) && si->minsigstksz)
		st->minsigstksz = si->minsigstksz;
	if (LX_SI_HAS(si, clktck) && si->clktck)
		st->clktck = si->clktck;
	if (LX_SI_HAS(si, libos_flags) &&
	    (si->libos_flags & DK_START_LIBOS_STRICT))
		st->flags |= LX_START_STRICT;
	if (LX_SI_HAS(si, cwd))
		st->cwd = (const char *)(uintptr_t)si->cwd;
	if (!st->exec_path && st->argc > 0)
		st->exec_path = st->argv[0];
}

/*
 * Started as an ordinary image, without a program stream (a dbexec that
 * predates the libOS mode, or on purpose: `dbexec --manifest M libos
 * /abs/path/PROG ARGS...`): open argv[1] through the manifest's fs roots
 * and run it with argv[1...].
 */
static long lx_open_direct(struct lx_start *st)
{
	static const char prefix[] = "file:";
	char *uri;
	size_t n;
	long h;

	if (st->argc < 2)
		return -ENOENT;
	n = strlen(st->argv[1]);
	uri = lx_malloc(sizeof(prefix) + n);
	if (!uri)
		return -ENOMEM;
	memcpy(uri, prefix, sizeof(prefix) - 1);
	memcpy(uri + sizeof(prefix) - 1, st->argv[1], n + 1);
	h = DkStreamOpen(uri, DK_ACCESS_READ, 0, 0, 0);
	lx_free(uri);
	if (h < 0)
		return h;
	st->exec_handle = h;
	st->argc--;
	st->argv++;
	st->exec_path = st->argv[0];
	return 0;
}

int main(int argc, char **argv)
{
	struct lx_start *st = &lx_start_info;
	const struct dk_start_info *si = dk_start_info();
	struct sigcontext regs;
	struct lx_thread *t;
	unsigned long rsp;
	long ret;

	(void)argc;
	(void)argv;
	if (!si)
		DkProcessExit(127);
	lx_parse_start(st, si);
	if (st->argc == 2 && !strcmp(st->argv[1], LX_FORK_ARG) &&
	    si->parent_handle >= 0) {
		if (!st->hwcap2 && lx_probe_fsgsbase())
			st->hwcap2 |= LX_HWCAP2_FSGSBASE;
		lx_fork_child(st);
	}
	if (st->exec_handle < 0) {
		ret = lx_open_direct(st);
		if (ret < 0)
			lx_fatal("no program to run: %s (usage: dbexec [--manifest FILE] libos /PATH/PROGRAM [ARGS...])",
				 dk_strerror(ret));
	}
	/* hwcap2 0: the launcher did not say (no AT_HWCAP2 is ever 0 here). */
	if (!st->hwcap2 && lx_probe_fsgsbase())
		st->hwcap2 |= LX_HWCAP2_FSGSBASE;
	if (!lx_have_fsgsbase())
		lx_fatal("this kernel or CPU does not offer FSGSBASE (AT_HWCAP2 bit 1; Linux >= 5.9): cannot run Linux programs");

	t = lx_thread_alloc(lx_tid_alloc());
	if (!t)
		lx_fatal("out of memory");
	lx_thread_start(t);
	ret = lx_syscall_init();
	if (ret < 0)
		lx_fatal("cannot handle system calls (DK_EXC_SYSCALL): %s",
			 dk_strerror(ret));

	lx_files_init(st);
	lx_mem_init(st);
	ret = lx_load_program(st);
	if (ret < 0)
		lx_fatal("%s: cannot load: %s", st->exec_path, dk_strerror(ret));
	lx_mem_set_brk_base(st->image_end);
	ret = lx_build_stack(st, &rsp);
	if (ret < 0)
		lx_fatal("cannot build the initial stack: %s", dk_strerror(ret));

	/* Linux's new-process state: rsp at argc, rdx = 0 (no atexit). */
	memset(&regs, 0, sizeof(regs));
	regs.rsp = rsp;
	regs.rip = st->entry;
	regs.eflags = 0x202;
	lx_thread_run_main(t, &regs);
}
