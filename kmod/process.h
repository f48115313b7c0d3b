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

#endif /* _DK_PROCESS_H */
