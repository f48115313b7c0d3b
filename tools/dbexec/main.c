// SPDX-License-Identifier: GPL-2.0
/*
 * dbexec: the trusted launcher and monitor of Drawbridge picoprocesses.
 *
 * This file: command line, manifest, fork; the child becomes the
 * picoprocess (child.c), the parent monitors it (monitor.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/drawbridge.h>

#include "child.h"
#include "context.h"
#include "elf_loader.h"
#include "exitcodes.h"
#include "manifest.h"
#include "members.h"
#include "monitor.h"
#include "seccomp_filter.h"
#include "seccomp_filter_verify.h"
#include "procreq.h"
#include "spawn.h"

/* The monitor context lives at or above this descriptor number. */
#define MONITOR_FD_MIN	20

static void usage(FILE *out)
{
	fprintf(out,
"usage: dbexec [--manifest FILE] [--] PROGRAM [ARGS...]\n"
"       dbexec --check PROGRAM\n"
"       dbexec --dump-policy\n"
"\n"
"Run PROGRAM, a picoprocess image built with dbcc, confined: it may only\n"
"make Dk calls on its own /dev/drawbridge context.  argv[0] is PROGRAM as\n"
"given.  A forbidden host system call kills it and is reported as\n"
"  dbexec: picoprocess killed: forbidden host syscall NAME (NR)\n"
"\n"
"options:\n"
"  -m, --manifest FILE  apply the limits and fs/net policy in FILE (manifest.rst)\n"
"      --check          only load PROGRAM as for running and report problems\n"
"                       (exit 0 if it would load, 126 if not; no device needed)\n"
"      --dump-policy    print the seccomp filter and check it (exit 0 or 125)\n"
"  -h, --help           this text\n"
"\n"
"exit status:\n"
"  N        the picoprocess exited with status N\n"
"  128+N    the picoprocess was killed by signal N (159: forbidden syscall)\n"
"  %d      dbexec error: bad arguments or manifest, set-up failure\n"
"  %d      PROGRAM cannot be loaded (missing, not a dbcc image, ...)\n"
"  %d      %s missing or incompatible (module not loaded?)\n",
		DBX_EXIT_ERROR, DBX_EXIT_IMAGE, DBX_EXIT_DEVICE, DK_DEVICE_PATH);
}

static void short_usage(void)
{
	fprintf(stderr, "usage: dbexec [--manifest FILE] [--] PROGRAM [ARGS...]  (dbexec --help for more)\n");
}

static int check_image(const char *program)
{
	struct image img;
	char err[256];

	if (image_load(program, &img, err, sizeof(err)) < 0) {
		fprintf(stderr, "dbexec: %s: %s\n", program, err);
		return DBX_EXIT_IMAGE;
	}
	munmap(img.map, img.map_len);
	printf("dbexec: %s: loadable picoprocess image (entry at offset 0x%lx)\n",
	       program, (unsigned long)(img.entry - img.base));
	return 0;
}

static int dump_policy(void)
{
	struct sock_fprog prog;
	char err[256];

	if (filter_dump(DK_FD, stdout, err, sizeof(err)) < 0 ||
	    filter_build(DK_FD, &prog, err, sizeof(err)) < 0) {
		fprintf(stderr, "dbexec: %s\n", err);
		return DBX_EXIT_ERROR;
	}
	if (filter_verify(&prog, DK_FD, err, sizeof(err)) < 0) {
		fprintf(stderr, "dbexec: %s\n", err);
		filter_free(&prog);
		return DBX_EXIT_ERROR;
	}
	printf("# %u BPF instructions; self-check passed\n", prog.len);
	filter_free(&prog);
	return 0;
}

/*
 * The monitor's own context, opened before any fork and moved out of the
 * way of the picoprocess's descriptors.  Returns the descriptor, or -1
 * with the exit status in *@fail after printing.
 */
static int open_monitor(int *fail)
{
	int fd, mon;

	fd = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		context_open_error(errno);
		*fail = DBX_EXIT_DEVICE;
		return -1;
	}
	mon = fcntl(fd, F_DUPFD_CLOEXEC, MONITOR_FD_MIN);
	close(fd);
	if (mon >= 0) {
		*fail = context_check_abi(mon, NULL);
		if (*fail) {
			close(mon);
			return -1;
		}
	}
	if (mon < 0 || ioctl(mon, DK_IOC_MONITOR_CREATE) < 0) {
		fprintf(stderr, "dbexec: cannot create the monitor context: %s\n",
			strerror(errno));
		*fail = errno == ENOTTY ? DBX_EXIT_DEVICE : DBX_EXIT_ERROR;
		if (mon >= 0)
			close(mon);
		return -1;
	}
	return mon;
}

static int launch(const struct manifest *m, int argc, char **argv)
{
	struct child_args a = {
		.program = argv[0],
		.argc = argc,
		.argv = argv,
		.manifest = m,
		.parent_fd = -1,
	};
	sigset_t fwd, old;
	int mon, fail;
	pid_t pid;

	if (procreq_init(argv[0]) < 0)
		return DBX_EXIT_IMAGE;
	mon = open_monitor(&fail);
	if (mon < 0)
		return fail;
	a.mon_fd = mon;
	/* SIGCHLD goes to the monitor's signalfd; the forwarded signals
	 * wait until the monitor knows the child. */
	signal(SIGCHLD, SIG_DFL);
	sigemptyset(&fwd);
	sigaddset(&fwd, SIGINT);
	sigaddset(&fwd, SIGTERM);
	sigaddset(&fwd, SIGHUP);
	sigaddset(&fwd, SIGCHLD);
	sigprocmask(SIG_BLOCK, &fwd, &old);
	signal(SIGPIPE, SIG_IGN);

	pid = spawn_picoprocess(&a, &fail);
	if (pid < 0)
		return fail;
	if (!member_add(pid, 0, m)) {
		fprintf(stderr, "dbexec: out of memory\n");
		kill(pid, SIGKILL);
		return DBX_EXIT_ERROR;
	}
	return monitor_run(pid, mon);
}

int main(int argc, char **argv)
{
	enum { OPT_CHECK = 256, OPT_DUMP_POLICY };
	static const struct option opts[] = {
		{ "manifest",    required_argument, NULL, 'm' },
		{ "check",       no_argument,       NULL, OPT_CHECK },
		{ "dump-policy", no_argument,       NULL, OPT_DUMP_POLICY },
		{ "help",        no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *manifest_path = NULL;
	struct manifest m;
	int check = 0, dump = 0, c, ret;

	opterr = 0;
	/* "+": stop at PROGRAM, its options are its own. */
	while ((c = getopt_long(argc, argv, "+m:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			manifest_path = optarg;
			break;
		case OPT_CHECK:
			check = 1;
			break;
		case OPT_DUMP_POLICY:
			dump = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			if (optopt == 'm')
				fprintf(stderr, "dbexec: option --manifest needs a FILE\n");
			else if (optopt)
				fprintf(stderr, "dbexec: unknown option -%c\n", optopt);
			else
				fprintf(stderr, "dbexec: unknown option %s\n",
					argv[optind - 1]);
			short_usage();
			return DBX_EXIT_ERROR;
		}
	}
	if (dump && optind == argc)
		return dump_policy();
	if (dump || optind >= argc) {
		fprintf(stderr, dump ? "dbexec: --dump-policy takes no PROGRAM\n" :
				       "dbexec: no PROGRAM given\n");
		short_usage();
		return DBX_EXIT_ERROR;
	}

	memset(&m, 0, sizeof(m));
	if (manifest_path && manifest_load(manifest_path, &m) < 0)
		return DBX_EXIT_ERROR;
	if (check)
		ret = check_image(argv[optind]);
	else
		ret = launch(&m, argc - optind, argv + optind);
	manifest_free(&m);
	return ret;
}
