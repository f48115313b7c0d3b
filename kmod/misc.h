/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: the calls that need no object (misc.c).
 */
#ifndef _DK_MISC_H
#define _DK_MISC_H

#include <linux/types.h>

struct dk_ctx;

/* Call handlers (table.c's table): see table.h's dk_call_fn. */
long dk_sys_system_time_query(struct dk_ctx *ctx, const u64 *args);
long dk_sys_random_bits_read(struct dk_ctx *ctx, const u64 *args);
long dk_sys_icache_flush(struct dk_ctx *ctx, const u64 *args);
long dk_sys_reserved(struct dk_ctx *ctx, const u64 *args);

#endif /* _DK_MISC_H */
