/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: semaphores and events (sync.c).
 *
 * Lock order: Documentation/design/locking.rst.
 */
#ifndef _DK_SYNC_H
#define _DK_SYNC_H

#include <linux/types.h>

struct dk_ctx;

/* Call handlers (table.c's table): see table.h's dk_call_fn. */
long dk_sys_sem_create(struct dk_ctx *ctx, const u64 *args);
long dk_sys_sem_release(struct dk_ctx *ctx, const u64 *args);
long dk_sys_sem_peek(struct dk_ctx *ctx, const u64 *args);
long dk_sys_nevent_create(struct dk_ctx *ctx, const u64 *args);
long dk_sys_sevent_create(struct dk_ctx *ctx, const u64 *args);
long dk_sys_event_set(struct dk_ctx *ctx, const u64 *args);
long dk_sys_event_clear(struct dk_ctx *ctx, const u64 *args);
long dk_sys_event_peek(struct dk_ctx *ctx, const u64 *args);

#endif /* _DK_SYNC_H */
