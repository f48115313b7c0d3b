/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The monitor: the launcher's parent side.  It traces every picoprocess
 * of its tree, reports forbidden host system calls, serves DkProcessCreate
 * requests (procreq.c), and turns the top picoprocess's end into dbexec's
 * exit status.
 */
#ifndef DBX_MONITOR_H
#define DBX_MONITOR_H

#include <stdint.h>
#include <sys/types.h>

/*
 * The release message on the go pipe: 'g', then the number of BPF
 * instructions, then the instructions of the confinement filter.  The
 * monitor builds and self-checks the filter (seccomp_filter.c,
 * seccomp_filter_verify.c) once, while its first child is still loading the image, so that work is
 * off the start-up path.
 */
struct monitor_go {
	char go;
	uint8_t pad[3];
	uint32_t len;
};

/*
 * Attach to @child with PTRACE_SEIZE (PTRACE_O_EXITKILL), unless
 * @no_trace (libOS mode: Documentation/confinement.rst), and release it
 * by sending it the confinement filter on @go_fd.  Returns 0, or the exit
 * status to report (the child's own if it had already failed, else
 * DBX_EXIT_ERROR).
 */
int monitor_attach(pid_t child, int go_fd, int no_trace);

/*
 * Follow the tree until the top picoprocess @top (a member already)
 * ends, serving the requests of the monitor context @mon_fd; then kill
 * and reap the rest.  SIGCHLD must be blocked.  Returns the status dbexec
 * should exit with: the top's exit status, 128+N if signal N killed it.
 */
int monitor_run(pid_t top, int mon_fd);

/*
 * libOS mode: forward SIGINT, SIGTERM and SIGHUP by writing the signal's
 * number as one byte to @fd (the libOS's signal pipe) instead of sending
 * the signal; -1: send it (the default).
 */
void monitor_forward_to_pipe(int fd);

#endif /* DBX_MONITOR_H */
