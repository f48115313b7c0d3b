/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: DkStreamPoll, readiness of streams and objects
 * (poll.c).
 */
#ifndef _DK_POLL_H
#define _DK_POLL_H

#include <linux/types.h>

struct dk_ctx;

/* Call handler (table.c's table): see table.h's dk_call_fn. */
long dk_sys_stream_poll(struct dk_ctx *ctx, const u64 *args);

#endif /* _DK_POLL_H */
