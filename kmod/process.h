/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: child picoprocesses and their process streams
 * (process.c).
 */
#ifndef _DK_PROCESS_H
#define _DK_PROCESS_H

#include <linux/types.h>

struct dk_ctx;
struct dk_object;
struct dk_process;
struct dk_stream;
struct file;

struct dk_stream *dk_process_stream_get(struct dk_ctx *ctx, u64 handle);
struct dk_object *dk_process_stream_wrap(struct dk_process *p,
					 struct file *file);
void dk_inherit_free(struct dk_object **objs, u32 n);

/* Call handlers (table.c's table): see table.h's dk_call_fn. */
long dk_sys_process_create(struct dk_ctx *ctx, const u64 *args);
long dk_sys_process_exit(struct dk_ctx *ctx, const u64 *args);
long dk_sys_process_get_inherited(struct dk_ctx *ctx, const u64 *args);

#endif /* _DK_PROCESS_H */
