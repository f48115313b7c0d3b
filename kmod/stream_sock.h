/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: what the socket schemes share (stream_sock.c).
 */
#ifndef _DK_STREAM_SOCK_H
#define _DK_STREAM_SOCK_H

#include <linux/types.h>
#include <linux/wait.h>

struct dk_ctx;
struct dk_open_args;
struct dk_stream;
struct dk_stream_io;
struct dk_stream_ops;
struct file;
struct sockaddr;
struct sockaddr_storage;

struct file *dk_sock_open(struct dk_ctx *ctx, const struct dk_open_args *req,
			  int type, int backlog, struct sockaddr_storage *ss);
long dk_sock_wrap(struct dk_ctx *ctx, struct file *file,
		  const struct dk_stream_ops *ops, char *name);
char *dk_sock_name(const char *scheme, const struct sockaddr *sa);
long dk_sock_read(struct dk_ctx *ctx, struct dk_stream *s,
		  const struct dk_stream_io *io);
long dk_sock_write(struct dk_ctx *ctx, struct dk_stream *s,
		   const struct dk_stream_io *io);
long dk_sock_shutdown(struct dk_stream *s, u32 which);
wait_queue_head_t *dk_sock_waitq(struct dk_stream *s);

#endif /* _DK_STREAM_SOCK_H */
