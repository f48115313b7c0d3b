/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Set-up of the picoprocess's Drawbridge context through the launcher-only
 * ioctls of /dev/drawbridge (before DK_IOC_SEAL).
 */
#ifndef DBX_CONTEXT_H
#define DBX_CONTEXT_H

#include <stdint.h>

#include "manifest.h"

/* Descriptor number the context lives at in the picoprocess. */
#define DK_FD		3

/*
 * Open /dev/drawbridge at descriptor DK_FD (close-on-exec) and check the
 * module's ABI version and features (context_check_abi), storing the
 * features in *@features.  On failure prints why and returns the exit
 * status to use (DBX_EXIT_DEVICE); returns 0 on success.
 */
int context_open(uint64_t *features);

/*
 * Ask the context at @fd for the module's ABI version and features
 * (DK_IOC_GET_INFO) and check them (abi.h); store the features in
 * *@features unless it is NULL.  Returns 0, or DBX_EXIT_DEVICE after
 * printing why the module does not fit.
 */
int context_check_abi(int fd, uint64_t *features);

/* Print why open(DK_DEVICE_PATH) failed with @err, with a hint. */
void context_open_error(int err);

/*
 * Hand the host's standard descriptors 0, 1, 2 to the context (read
 * access for 0, write for 1 and 2), storing the handles in @handles (-1
 * for a closed descriptor).  Returns 0 or an exit status after printing.
 */
int context_add_std_streams(int32_t handles[3]);

/*
 * Join the process tree of the monitor context @mon_fd, for request @id
 * (0: as the top picoprocess).  Returns 0 or an exit status.
 */
int context_join(int mon_fd, uint64_t id);

/*
 * libOS mode: hand the program file @fd (named @path in messages) over as
 * a read-only stream.  Returns 0 or an exit status.
 */
int context_add_exec_stream(int fd, const char *path, int32_t *handle);

/* Hand @fd over as the stream to the parent.  Returns 0 or an exit status. */
int context_add_parent_stream(int fd, int32_t *handle);

/* Apply the manifest's limits.  Returns 0 or an exit status. */
int context_set_limits(const struct manifest *m);

/* Seal the context.  Returns 0 or an exit status. */
/*
 * Apply the manifest's fs and net lines (DK_IOC_ADD_FS_ROOT/NET_RULE).
 * Returns 0 or an exit status, after "dbexec: FILE:LINE: ..." on stderr.
 */
int context_apply_rules(const struct manifest *m);

int context_seal(void);

#endif /* DBX_CONTEXT_H */
