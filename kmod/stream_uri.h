/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: stream URIs, their schemes and inet addresses
 * (stream_uri.c).
 */
#ifndef _DK_STREAM_URI_H
#define _DK_STREAM_URI_H

#include <linux/types.h>
#include <linux/compiler.h>

struct sockaddr;
struct sockaddr_storage;

enum dk_scheme {
	DK_SCHEME_FILE,
	DK_SCHEME_PIPE,
	DK_SCHEME_PIPE_SRV,
	DK_SCHEME_TCP,
	DK_SCHEME_TCP_SRV,
	DK_SCHEME_UDP,
	DK_SCHEME_UDP_SRV,
};

char *dk_uri_copy(const char __user *uuri);
int dk_uri_scheme(const char *uri, const char **rest);
int dk_uri_parse_inet(const char *s, struct sockaddr_storage *ss, int *len);
int dk_uri_format_inet(char *buf, size_t size, const char *scheme,
		       const struct sockaddr *sa);

#endif /* _DK_STREAM_URI_H */
