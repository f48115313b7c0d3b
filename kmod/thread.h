/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: threads of a picoprocess (thread.c).  See
 * Documentation/design/threads.rst.
 */
#ifndef _DK_THREAD_H
#define _DK_THREAD_H

#include <linux/types.h>

struct dk_ctx;

void dk_threads_init(struct dk_ctx *ctx);
void dk_threads_close(struct dk_ctx *ctx);
void dk_threads_fini(struct dk_ctx *ctx);

/* Unmap the stacks of ended threads (caller's mm is ctx->mm). */
void dk_threads_reap_stacks(struct dk_ctx *ctx);

/* Call handlers (table.c's table): see table.h's dk_call_fn. */
long dk_sys_thread_create(struct dk_ctx *ctx, const u64 *args);
long dk_sys_thread_attach(struct dk_ctx *ctx, const u64 *args);
long dk_sys_thread_abort(struct dk_ctx *ctx, const u64 *args);
long dk_sys_thread_resume(struct dk_ctx *ctx, const u64 *args);
long dk_sys_thread_raise(struct dk_ctx *ctx, const u64 *args);
long dk_sys_thread_exit(struct dk_ctx *ctx, const u64 *args);

#endif /* _DK_THREAD_H */
