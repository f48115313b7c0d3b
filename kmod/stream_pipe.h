/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: the pipe: and pipe.srv: schemes (stream_pipe.c).
 */
#ifndef _DK_STREAM_PIPE_H
#define _DK_STREAM_PIPE_H

struct dk_ctx;
struct dk_open_args;

long dk_pipe_open(struct dk_ctx *ctx, const struct dk_open_args *req);

#endif /* _DK_STREAM_PIPE_H */
