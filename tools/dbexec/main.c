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
#include <sys/stat.h>
#include <limits.h>
#include <unistd.h>
#include <linux/drawbridge.h>

#include "auxv.h"
#include "child.h"
#include "context.h"
#include "elf_loader.h"
#include "exitcodes.h"
#include "manifest.h"
#include "members.h"
#include "mode.h"
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
"usage: dbexec [OPTIONS] [--] PROGRAM [ARGS...]\n"
"       dbexec --check PROGRAM\n"
"       dbexec --dump-policy\n"
"\n"
"Run PROGRAM, a picoprocess image built with dbcc, confined: it may only\n"
"make Dk calls on its own /dev/drawbridge context.  argv[0] is PROGRAM as\n"
"given.  A forbidden host system call kills it and is reported as\n"
"  dbexec: picoprocess killed: forbidden host syscall NAME (NR)\n"
"Any other static x86-64 Linux program runs under the libOS image, which\n"
"emulates its system calls (libOS mode, dbexec.rst).\n"
"\n"
"options:\n"
"  -m, --manifest FILE  apply the limits and fs/net policy in FILE (manifest.rst)\n"
"      --env NAME=VALUE add to the program's environment (default PATH, HOME, LANG)\n"
"      --libos          run PROGRAM under the libOS even if it is a dbcc image\n"
"      --no-libos       run PROGRAM as a picoprocess image, never under the libOS\n"
"      --libos-image PATH  the libOS image to use (default: the build tree's\n"
"                       libos/libos, else " DBX_LIBOS_IMAGE ")\n"
"      --libos-strict   an unsupported system call ends the program (no ENOSYS)\n"
"      --check          only load PROGRAM (or the libOS image for it) as for\n"
"                       running and report problems\n"
"                       (exit 0 if it would load, 126 if not; no device needed)\n"
"      --dump-policy    print the seccomp filter and check it (exit 0 or 125)\n"
"  -h, --help           this text\n"
"\n"
"exit status:\n"
"  N        the picoprocess exited with status N\n"
"  128+N    the picoprocess was killed by signal N (159: forbidden syscall)\n"
"  %d      dbexec error: bad arguments or manifest, set-up failure\n"
"  %d      PROGRAM cannot be loaded (missing, dynamically linked, ...)\n"
"  %d      %s missing or incompatible (module not loaded?)\n",
		DBX_EXIT_ERROR, DBX_EXIT_IMAGE, DBX_EXIT_DEVICE, DK_DEVICE_PATH);
}

static void short_usage(void)
{
	fprintf(stderr, "usage: dbexec [OPTIONS] [--] PROGRAM [ARGS...]  (dbexec --help for more)\n");
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

/* --libos / --no-libos / neither; --libos-image, --libos-strict. */
struct libos_opts {
	int force;		/* 1: --libos, -1: --no-libos, 0: by the file */
	const char *image;	/* --libos-image, or NULL */
	int strict;
};

/*
 * Decide how PROGRAM runs.  Returns 0 with *@exec_fd = -1 (as a
 * picoprocess image) or an open descriptor of PROGRAM (under the libOS),
 * or an exit status after saying why PROGRAM cannot run.
 */
static int pick_mode(const char *program, const struct libos_opts *o,
		     int *exec_fd)
{
	enum prog_kind kind = PROG_OTHER;
	struct stat st;
	int fd;

	*exec_fd = -1;
	if (o->force < 0)
		return 0;
	/* O_NONBLOCK: a FIFO must not make the open wait for a writer. */
	fd = open(program, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		kind = prog_classify(fd);
	else if (fd >= 0 && o->force > 0) {
		fprintf(stderr, "dbexec: %s: not a regular file\n", program);
		close(fd);
		return DBX_EXIT_IMAGE;
	}
	if (fd < 0 && o->force > 0) {
		fprintf(stderr, "dbexec: %s: cannot open: %s\n", program,
			strerror(errno));
		return DBX_EXIT_IMAGE;
	}
	if (kind == PROG_DYNAMIC) {
		fprintf(stderr, "dbexec: %s: dynamically linked program (PT_INTERP): not supported yet; static x86-64 programs run under the libOS\n",
			program);
		close(fd);
		return DBX_EXIT_IMAGE;
	}
	if (o->force > 0 && kind == PROG_OTHER) {
		fprintf(stderr, "dbexec: %s: not an ELF64 x86-64 executable\n", program);
		close(fd);
		return DBX_EXIT_IMAGE;
	}
	if (kind == PROG_STATIC || (o->force > 0 && kind == PROG_DK_IMAGE)) {
		/* The program file stays open for the picoprocess. */
		if (fcntl(fd, F_SETFL, 0) < 0) {
			fprintf(stderr, "dbexec: %s: %s\n", program, strerror(errno));
			close(fd);
			return DBX_EXIT_ERROR;
		}
		*exec_fd = fd;
		return 0;
	}
	/* A picoprocess image, or something its loader will explain. */
	if (fd >= 0)
		close(fd);
	return 0;
}

/*
 * Find (--libos-image, the build tree, the installed one) and load the
 * libOS image into @img, its path into @path.
 * Return: 0, or the dbexec exit code after a message.
 */
static int load_libos(const struct libos_opts *o, char *path, size_t n,
		      struct image *img)
{
	char err[256];

	if (libos_image_path(o->image, path, n) < 0) {
		fprintf(stderr, "dbexec: --libos-image: path too long\n");
		return DBX_EXIT_ERROR;
	}
	if (image_load(path, img, err, sizeof(err)) < 0) {
		fprintf(stderr, "dbexec: libOS image %s: %s\n", path, err);
		return DBX_EXIT_IMAGE;
	}
	return 0;
}

static int check_image(const char *program, const struct libos_opts *o)
{
	static char libos[PATH_MAX];
	struct image img;
	char err[256];
	int exec_fd, fail;

	fail = pick_mode(program, o, &exec_fd);
	if (fail)
		return fail;
	if (exec_fd >= 0) {
		close(exec_fd);
		fail = load_libos(o, libos, sizeof(libos), &img);
		if (fail)
			return fail;
		munmap(img.map, img.map_len);
		printf("dbexec: %s: static x86-64 program: runs under the libOS image %s\n",
		       program, libos);
		return 0;
	}
	if (image_load(program, &img, err, sizeof(err)) < 0) {
		fprintf(stderr, "dbexec: %s: %s\n", program, err);
		return DBX_EXIT_IMAGE;
	}
	munmap(img.map, img.map_len);
	printf("dbexec: %s: loadable picoprocess image (entry at offset 0x%lx)\n",
	       program, (unsigned long)(img.entry - img.base));
	return 0;
}

static int launch(const struct manifest *m, const struct libos_opts *o,
		  int argc, char **argv)
{
	struct child_args a = {
		.program = argv[0],
		.argc = argc,
		.argv = argv,
		.manifest = m,
		.parent_fd = -1,
		.exec_fd = -1,
		.sig_fd = -1,
	};
	int sigp[2] = { -1, -1 };
	static char libos[PATH_MAX];
	static struct image img;
	sigset_t fwd, old;
	int mon, fail;
	pid_t pid;

	fail = pick_mode(argv[0], o, &a.exec_fd);
	if (fail)
		return fail;
	if (a.exec_fd >= 0) {
		fail = load_libos(o, libos, sizeof(libos), &img);
		if (fail)
			return fail;
		a.program = libos;
		a.image = &img;
		a.exec_path = argv[0];
		a.libos_flags = o->strict ? DK_START_LIBOS_STRICT : 0;
		a.no_trace = 1;
		procreq_set_libos(&img, a.libos_flags);
		/* Forwarded signals reach the libOS as bytes on a pipe. */
		if (pipe2(sigp, O_CLOEXEC) == 0) {
			fcntl(sigp[1], F_SETFL, O_NONBLOCK);
			a.sig_fd = sigp[0];
		}
	}
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
	if (sigp[0] >= 0)
		close(sigp[0]);
	if (pid < 0)
		return fail;
	monitor_forward_to_pipe(sigp[1]);
	if (!member_add(pid, 0, m)) {
		fprintf(stderr, "dbexec: out of memory\n");
		kill(pid, SIGKILL);
		return DBX_EXIT_ERROR;
	}
	return monitor_run(pid, mon);
}

int main(int argc, char **argv)
{
	enum { OPT_CHECK = 256, OPT_DUMP_POLICY, OPT_ENV, OPT_LIBOS,
	       OPT_NO_LIBOS, OPT_LIBOS_IMAGE, OPT_LIBOS_STRICT };
	static const struct option opts[] = {
		{ "manifest",    required_argument, NULL, 'm' },
		{ "env",         required_argument, NULL, OPT_ENV },
		{ "libos",       no_argument,       NULL, OPT_LIBOS },
		{ "no-libos",    no_argument,       NULL, OPT_NO_LIBOS },
		{ "libos-image", required_argument, NULL, OPT_LIBOS_IMAGE },
		{ "libos-strict", no_argument,      NULL, OPT_LIBOS_STRICT },
		{ "check",       no_argument,       NULL, OPT_CHECK },
		{ "dump-policy", no_argument,       NULL, OPT_DUMP_POLICY },
		{ "help",        no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static char *envs[MANIFEST_MAX_ENV];
	const char *manifest_path = NULL;
	struct libos_opts lo = { 0 };
	struct manifest m;
	int check = 0, dump = 0, nenv = 0, c, ret, i;

	host_auxv_load();
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
		case OPT_ENV:
			if (!strchr(optarg, '=') || optarg[0] == '=') {
				fprintf(stderr, "dbexec: --env %s: not NAME=VALUE\n", optarg);
				return DBX_EXIT_ERROR;
			}
			if (nenv == MANIFEST_MAX_ENV) {
				fprintf(stderr, "dbexec: more than %d --env options\n",
					MANIFEST_MAX_ENV);
				return DBX_EXIT_ERROR;
			}
			envs[nenv++] = optarg;
			break;
		case OPT_LIBOS:
			lo.force = 1;
			break;
		case OPT_NO_LIBOS:
			lo.force = -1;
			break;
		case OPT_LIBOS_IMAGE:
			lo.image = optarg;
			break;
		case OPT_LIBOS_STRICT:
			lo.strict = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			if (optopt == 'm')
				fprintf(stderr, "dbexec: option --manifest needs a FILE\n");
			else if (optopt == OPT_ENV || optopt == OPT_LIBOS_IMAGE)
				fprintf(stderr, "dbexec: option %s needs a value\n",
					argv[optind - 1]);
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
	/* --env comes after the manifest's env lines: it wins. */
	for (i = 0; i < nenv; i++) {
		if (m.nenv == MANIFEST_MAX_ENV) {
			fprintf(stderr, "dbexec: more than %d env settings\n",
				MANIFEST_MAX_ENV);
			manifest_free(&m);
			return DBX_EXIT_ERROR;
		}
		m.env[m.nenv++] = envs[i];
	}
	if (check)
		ret = check_image(argv[optind], &lo);
	else
		ret = launch(&m, &lo, argc - optind, argv + optind);
	manifest_free(&m);
	return ret;
}
