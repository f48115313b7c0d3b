/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: threads, synchronization objects, wait-any and
 * exceptions (sync.c, wait.c, thread.c, exception.c).
 *
 * Lock order: Documentation/design/locking.rst.
 */
#ifndef _DK_SYNC_H
#define _DK_SYNC_H

#include "dk.h"

/* Handlers of the calls (see Documentation/abi/threads.rst). */
long dk_sys_thread_create(struct dk_ctx *ctx, const u64 *args);
long dk_sys_thread_attach(struct dk_ctx *ctx, const u64 *args);
long dk_sys_thread_abort(struct dk_ctx *ctx, const u64 *args);
long dk_sys_thread_yield(struct dk_ctx *ctx, const u64 *args);
long dk_sys_thread_delay(struct dk_ctx *ctx, const u64 *args);
long dk_sys_thread_resume(struct dk_ctx *ctx, const u64 *args);
long dk_sys_thread_raise(struct dk_ctx *ctx, const u64 *args);
long dk_sys_sem_create(struct dk_ctx *ctx, const u64 *args);
long dk_sys_sem_release(struct dk_ctx *ctx, const u64 *args);
long dk_sys_sem_peek(struct dk_ctx *ctx, const u64 *args);
long dk_sys_nevent_create(struct dk_ctx *ctx, const u64 *args);
long dk_sys_sevent_create(struct dk_ctx *ctx, const u64 *args);
long dk_sys_event_set(struct dk_ctx *ctx, const u64 *args);
long dk_sys_event_clear(struct dk_ctx *ctx, const u64 *args);
long dk_sys_event_peek(struct dk_ctx *ctx, const u64 *args);
long dk_sys_wait_any(struct dk_ctx *ctx, const u64 *args);
long dk_sys_set_exception_handler(struct dk_ctx *ctx, const u64 *args);
long dk_sys_exception_return(struct dk_ctx *ctx, const u64 *args);

/* thread.c: unmap the stacks of ended threads (caller's mm is ctx->mm). */
void dk_threads_reap_stacks(struct dk_ctx *ctx);

/*
 * wait.c: sleep until @deadline (absolute CLOCK_MONOTONIC, KTIME_MAX for
 * never) or a signal.  Return: 0 at the deadline, -ERESTARTNOHAND on a
 * signal (the caller sees -EINTR when a handler ran).
 */
int dk_sleep_until(ktime_t deadline);

/* wait.c: absolute deadline of a relative DK timeout; -EINVAL if bad. */
int dk_timeout_deadline(s64 timeout, ktime_t *deadline);

#endif /* _DK_SYNC_H */
