/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: threads, synchronization objects, wait-any and
 * exceptions (sync.c, wait.c, thread.c, exception.c).
 *
 * Lock order (all are leaves with respect to dk.h's locks):
 *   ctx->threads.xa_lock  >  dk_thread->lock
 *   dk_sem->lock, dk_event->lock, dk_thread->lock: never held while a wait
 *   queue is woken; wake-ups take the object's wait queue lock afterwards,
 *   and the wait-any wake function only sets a flag and wakes the task.
 *   ctx->stack_lock: alone, or inside dk_thread->lock.
 *   current->sighand->siglock (exception.c): alone.
 *   target->signal->exec_update_lock (read, thread.c raise): with no
 *   Drawbridge lock held; the signal's locks nest inside it.
 */
#ifndef _DK_SYNC_H
#define _DK_SYNC_H

#include "dk.h"

/* Handlers of the calls (see Documentation/abi/threads.rst). */
long dk_sys_thread_create(struct dk_ctx *ctx, const u64 *args);
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
