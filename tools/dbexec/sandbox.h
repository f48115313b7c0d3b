/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Process hygiene of the launcher's child before it becomes the
 * picoprocess: tie its life to the monitor, drop inherited descriptors and
 * signal dispositions, no core dumps, no new privileges.
 */
#ifndef DBX_SANDBOX_H
#define DBX_SANDBOX_H

#include <sys/types.h>

/*
 * Ask for SIGKILL when the parent (the monitor, pid @parent) dies, and
 * close the race with its death before the request.  Returns 0, or -1 if
 * the parent is already gone.
 */
int sandbox_die_with_parent(pid_t parent);

/* No core dumps and no new privileges.  Returns 0 or -1 (errno set). */
int sandbox_no_core(void);
int sandbox_no_new_privs(void);

/*
 * Whether the kernel supports seccomp filters with SECCOMP_RET_TRAP.
 * Returns 0 or -1 (errno set).
 */
int sandbox_check_seccomp(void);

/*
 * Close every descriptor except @keep_a and @keep_b (which may be equal).
 * Returns 0 or -1 (errno set).
 */
int sandbox_close_fds(int keep_a, int keep_b);

/* Every signal to SIG_DFL (glibc's internal ones too), none blocked. */
void sandbox_reset_signals(void);
/* SIGINT, SIGTERM and SIGHUP ignored: dbexec forwards them (libOS mode). */
void sandbox_ignore_forwarded(void);

#endif /* DBX_SANDBOX_H */
