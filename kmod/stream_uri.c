// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: stream URIs.
 *
 * A URI is "scheme:rest", NUL-terminated, at most DK_URI_MAX bytes with
 * the NUL.  Inet addresses are "A.B.C.D:PORT" or "[IPv6]:PORT".
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/inet.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/kernel.h>
#include <linux/ctype.h>
#include <linux/drawbridge.h>

#include "stream_uri.h"

/**
 * dk_uri_copy - copy a URI from the picoprocess
 * @uuri: the URI, a NUL-terminated string in the caller's memory
 *
 * Return: a kmalloc'd copy, ERR_PTR(-EFAULT) for an unreadable string
 * (also one running into an unmapped page before its NUL),
 * ERR_PTR(-ENAMETOOLONG) when no NUL is found within DK_URI_MAX bytes,
 * ERR_PTR(-EINVAL) for an empty string.
 */
char *dk_uri_copy(const char __user *uuri)
{
	char *buf;
	long n;

	buf = kmalloc(DK_URI_MAX, GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	n = strncpy_from_user(buf, uuri, DK_URI_MAX);
	if (n < 0) {
		kfree(buf);
		return ERR_PTR(-EFAULT);
	}
	if (n == DK_URI_MAX) {
		kfree(buf);
		return ERR_PTR(-ENAMETOOLONG);
	}
	if (!n) {
		kfree(buf);
		return ERR_PTR(-EINVAL);
	}
	return buf;
}

static const struct {
	const char *prefix;
	int scheme;
} dk_schemes[] = {
	{ "file:", DK_SCHEME_FILE },
	{ "pipe.srv:", DK_SCHEME_PIPE_SRV },
	{ "pipe:", DK_SCHEME_PIPE },
	{ "tcp.srv:", DK_SCHEME_TCP_SRV },
	{ "tcp:", DK_SCHEME_TCP },
	{ "udp.srv:", DK_SCHEME_UDP_SRV },
	{ "udp:", DK_SCHEME_UDP },
};

/**
 * dk_uri_scheme - classify a URI
 * @uri:  the URI (a kernel copy)
 * @rest: set to the part after the scheme's colon
 *
 * Return: DK_SCHEME_*, -EPFNOSUPPORT (DK_E_LIBOS_SCHEME) for http:,
 * https: and http.srv: (the library OS implements those over tcp:),
 * -EPROTONOSUPPORT (DK_E_BAD_SCHEME) for any other scheme, -EINVAL for
 * a string without a scheme.
 */
int dk_uri_scheme(const char *uri, const char **rest)
{
	const char *colon = strchr(uri, ':');
	size_t i, n;

	if (!colon || colon == uri)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(dk_schemes); i++) {
		n = strlen(dk_schemes[i].prefix);
		if (!strncmp(uri, dk_schemes[i].prefix, n)) {
			*rest = uri + n;
			return dk_schemes[i].scheme;
		}
	}
	if (!strncmp(uri, "http:", 5) || !strncmp(uri, "https:", 6) ||
	    !strncmp(uri, "http.srv:", 9))
		return -EPFNOSUPPORT;
	return -EPROTONOSUPPORT;
}

/* 1-5 decimal digits, nothing else (kstrtouint would take "+80", "80\n"). */
static int dk_parse_port(const char *s, __be16 *port)
{
	unsigned int v = 0, n;

	for (n = 0; isdigit(s[n]); n++) {
		if (n == 5)
			return -EINVAL;
		v = v * 10 + (s[n] - '0');
	}
	if (!n || s[n] || v > 65535)
		return -EINVAL;
	*port = htons(v);
	return 0;
}

/**
 * dk_uri_parse_inet - parse "A.B.C.D:PORT" or "[IPv6]:PORT"
 * @s:   the address part of a URI, after its scheme
 * @ss:  the socket address, filled in
 * @len: set to the length of the address in @ss
 *
 * Return: 0 with @ss and @len filled in, -EINVAL for anything malformed.
 */
int dk_uri_parse_inet(const char *s, struct sockaddr_storage *ss, int *len)
{
	struct sockaddr_in *in;
	const char *end;

	memset(ss, 0, sizeof(*ss));
	if (*s == '[') {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

		if (!in6_pton(s + 1, -1, in6->sin6_addr.s6_addr, ']', &end))
			return -EINVAL;
		if (end[0] != ']' || end[1] != ':')
			return -EINVAL;
		in6->sin6_family = AF_INET6;
		*len = sizeof(*in6);
		return dk_parse_port(end + 2, &in6->sin6_port);
	}
	in = (struct sockaddr_in *)ss;
	if (!in4_pton(s, -1, (u8 *)&in->sin_addr.s_addr, ':', &end))
		return -EINVAL;
	if (*end != ':')
		return -EINVAL;
	in->sin_family = AF_INET;
	*len = sizeof(*in);
	return dk_parse_port(end + 1, &in->sin_port);
}

/**
 * dk_uri_format_inet - write "scheme:addr:port" for @sa into @buf
 * @buf:    where the URI goes (NUL-terminated)
 * @size:   the size of @buf
 * @scheme: the scheme with its colon, e.g. "tcp:"
 * @sa:     an AF_INET or AF_INET6 address
 *
 * Return: the length written (without the NUL), or -EAFNOSUPPORT.
 */
int dk_uri_format_inet(char *buf, size_t size, const char *scheme,
		       const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		return scnprintf(buf, size, "%s%pI4:%u", scheme,
				 &in->sin_addr, ntohs(in->sin_port));
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		return scnprintf(buf, size, "%s[%pI6c]:%u", scheme,
				 &in6->sin6_addr, ntohs(in6->sin6_port));
	}
	return -EAFNOSUPPORT;
}
