/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The monitor: the launcher's parent side.  It traces the picoprocess,
 * reports forbidden host system calls, and turns the picoprocess's end
 * into dbexec's exit status.
 */
#ifndef DBX_MONITOR_H
#define DBX_MONITOR_H

#include <sys/types.h>

/*
 * Attach to @child with PTRACE_SEIZE (PTRACE_O_EXITKILL), release it by
 * writing one byte to @go_fd, and follow it until it ends.  Returns the
 * status dbexec should exit with: the child's exit status, 128+N if
 * signal N killed it, DBX_EXIT_ERROR if tracing failed.
 */
int monitor_run(pid_t child, int go_fd);

#endif /* DBX_MONITOR_H */
