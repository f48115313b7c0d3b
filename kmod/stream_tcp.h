/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: the tcp: and tcp.srv: schemes (stream_tcp.c).
 */
#ifndef _DK_STREAM_TCP_H
#define _DK_STREAM_TCP_H

struct dk_ctx;
struct dk_open_args;

long dk_tcp_open(struct dk_ctx *ctx, const struct dk_open_args *req);

#endif /* _DK_STREAM_TCP_H */
