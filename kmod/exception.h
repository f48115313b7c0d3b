/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: exception delivery to the picoprocess
 * (exception.c).
 */
#ifndef _DK_EXCEPTION_H
#define _DK_EXCEPTION_H

#include <linux/types.h>

struct dk_ctx;

/* Call handlers (table.c's table): see table.h's dk_call_fn. */
long dk_sys_set_exception_handler(struct dk_ctx *ctx, const u64 *args);
long dk_sys_exception_return(struct dk_ctx *ctx, const u64 *args);

#endif /* _DK_EXCEPTION_H */
