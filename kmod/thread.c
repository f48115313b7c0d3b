// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: thread calls.
 */
#include "dk.h"

/*
 * DkThreadExit(): the calling thread is about to leave with the raw exit
 * syscall.  A single-threaded picoprocess exits with status 0 then.
 */
long dk_sys_thread_exit(struct dk_ctx *ctx, const u64 *args)
{
	return 0;
}
