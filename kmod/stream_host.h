/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: host file descriptors added as streams
 * (stream_host.c).
 */
#ifndef _DK_STREAM_HOST_H
#define _DK_STREAM_HOST_H

struct dk_ctx;
struct dk_ioc_arg;

long dk_stream_add_host_fd(struct dk_ctx *ctx, const struct dk_ioc_arg *arg);

#endif /* _DK_STREAM_HOST_H */
