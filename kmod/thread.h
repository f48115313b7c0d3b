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

#endif /* _DK_THREAD_H */
