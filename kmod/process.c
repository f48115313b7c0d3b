// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: process calls.
 */
#include "dk.h"

/*
 * DkProcessExit(ExitCode): record the code for the context's observers.
 * The caller then leaves with the raw exit_group syscall, the one part a
 * module cannot do on its behalf (see Documentation/confinement.rst).
 */
long dk_sys_process_exit(struct dk_ctx *ctx, const u64 *args)
{
	atomic_set(&ctx->exit_code, (int)(args[0] & 0xff));
	return 0;
}
