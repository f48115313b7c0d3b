/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: the udp: and udp.srv: schemes (stream_udp.c).
 */
#ifndef _DK_STREAM_UDP_H
#define _DK_STREAM_UDP_H

struct dk_ctx;
struct dk_open_args;

long dk_udp_open(struct dk_ctx *ctx, const struct dk_open_args *req);

#endif /* _DK_STREAM_UDP_H */
