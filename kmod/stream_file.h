/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: the file: scheme (stream_file.c).
 */
#ifndef _DK_STREAM_FILE_H
#define _DK_STREAM_FILE_H

struct dk_ctx;
struct dk_open_args;
struct dk_stream;
struct dk_stream_attr;

long dk_file_open(struct dk_ctx *ctx, const struct dk_open_args *req);
long dk_file_read_link(struct dk_ctx *ctx, const char *path,
		       char __user *buf, u64 size);
long dk_file_attr_query(struct dk_ctx *ctx, const char *path, u64 flags,
			struct dk_stream_attr *attr);
void dk_file_attr(struct dk_stream *s, struct dk_stream_attr *attr);
int dk_file_flush(struct dk_stream *s);
long dk_sys_stream_set_times(struct dk_ctx *ctx, const u64 *args);
long dk_sys_stream_seek(struct dk_ctx *ctx, const u64 *args);

#endif /* _DK_STREAM_FILE_H */
