/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: the Dk call table and the gateway into it
 * (table.c).
 */
#ifndef _DK_TABLE_H
#define _DK_TABLE_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/drawbridge.h>

struct dk_ctx;

/*
 * Call handlers.  Each receives the six raw arguments of struct dk_call and
 * returns a value >= 0 or a negative errno, which the ioctl returns.
 */
typedef long (*dk_call_fn)(struct dk_ctx *ctx, const u64 *args);

int dk_calls_check(void);
long dk_dispatch(struct dk_ctx *ctx, struct dk_call __user *ucall);
void dk_trace_policy_deny(u32 nr, int err, const char *what);

#endif /* _DK_TABLE_H */
