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

/*
 * The handlers, one per row of the call list: the handler of a call is
 * dk_sys_<handler>, defined in the file of its subsystem, which includes
 * this header so its definition is checked against dk_call_fn.  They and
 * the gateway are declared in one declaration, so the rows need no
 * separator.
 */
#define DK_CALL(nr, id, name, handler, flags, nargs, kinds) \
	dk_sys_##handler(struct dk_ctx *ctx, const u64 *args),
long
#include <linux/drawbridge_calls.h>
	dk_dispatch(struct dk_ctx *ctx, struct dk_call __user *ucall);
#undef DK_CALL

void dk_trace_policy_deny(u32 nr, int err, const char *what);

#endif /* _DK_TABLE_H */
