// SPDX-License-Identifier: GPL-2.0
/*
 * sockaddr.c: Linux socket addresses and Dk network URIs.  A socket's
 * addresses are kept as struct lx_sockaddr; the Dk streams name them as
 * "tcp:A.B.C.D:PORT" or "tcp:[v6]:PORT" (Documentation/abi/streams.rst).
 * Pure string and byte work, no Dk call.
 */
#include "files.h"
#include "net.h"

#ifdef LX_UNIT_TEST
#include <stdio.h>
#include <string.h>
#define lx_snprintf snprintf
#endif

static int lx_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A port between network and host byte order (either way). */
static unsigned short lx_port_swap(unsigned short p)
{
	return (unsigned short)((p & 0xff) << 8 | p >> 8);
}

/*
 * Where @family keeps its address in its struct sockaddr_in or _in6:
 * the struct's size, the address's offset and length; -1 for another
 * family.  Both keep the port (network order) right after the family.
 */
static int lx_sockaddr_layout(unsigned short family, unsigned int *size,
			      unsigned int *off, unsigned int *alen)
{
	if (family == AF_INET) {
		*size = sizeof(struct sockaddr_in);
		*off = offsetof(struct sockaddr_in, sin_addr);
		*alen = 4;
		return 0;
	}
	if (family == AF_INET6) {
		*size = sizeof(struct sockaddr_in6);
		*off = offsetof(struct sockaddr_in6, sin6_addr);
		*alen = 16;
		return 0;
	}
	return -1;
}

long lx_sockaddr_from_user(const void *sa, unsigned long len, int domain,
			   struct lx_sockaddr *out)
{
	const struct sockaddr_in6 *in6 = sa;
	unsigned int size, off, alen;
	unsigned short family, port;

	if (!sa || len < sizeof(family))
		return -EINVAL;
	memcpy(&family, sa, sizeof(family));
	memset(out, 0, sizeof(*out));
	if (family != domain ||
	    lx_sockaddr_layout(family, &size, &off, &alen))
		return -EAFNOSUPPORT;
	if (len < size)
		return -EINVAL;
	out->family = family;
	memcpy(&port, (const char *)sa + sizeof(family), sizeof(port));
	out->port = lx_port_swap(port);
	memcpy(out->addr, (const char *)sa + off, alen);
	if (family == AF_INET6)
		out->scope = in6->sin6_scope_id;
	return 0;
}

void lx_sockaddr_to_user(const struct lx_sockaddr *a, void *sa, int *len)
{
	union {
		unsigned short family;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	} u;
	unsigned int n = sizeof(u.family), off, alen;
	unsigned short port = lx_port_swap(a->port);

	memset(&u, 0, sizeof(u));
	u.family = a->family;
	if (!lx_sockaddr_layout(a->family, &n, &off, &alen)) {
		memcpy((char *)&u + sizeof(u.family), &port, sizeof(port));
		memcpy((char *)&u + off, a->addr, alen);
		if (a->family == AF_INET6)
			u.in6.sin6_scope_id = a->scope;
	}
	memcpy(sa, &u, (unsigned int)*len < n ? (unsigned int)*len : n);
	*len = (int)n;
}

void lx_sockaddr_uri(const struct lx_sockaddr *a, const char *scheme,
		     char *out)
{
	const unsigned char *b = a->addr;

	if (a->family == AF_INET6)
		lx_snprintf(out, LX_URI_NET_MAX,
			    "%s:[%x:%x:%x:%x:%x:%x:%x:%x]:%u", scheme,
			    b[0] << 8 | b[1], b[2] << 8 | b[3],
			    b[4] << 8 | b[5], b[6] << 8 | b[7],
			    b[8] << 8 | b[9], b[10] << 8 | b[11],
			    b[12] << 8 | b[13], b[14] << 8 | b[15], a->port);
	else
		lx_snprintf(out, LX_URI_NET_MAX, "%s:%u.%u.%u.%u:%u", scheme,
			    b[0], b[1], b[2], b[3], a->port);
}

/* A decimal number of at most @max from *@p, which advances. */
static long lx_dec(const char **p, long max)
{
	const char *s = *p;
	long v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (*s++ - '0');
		if (v > max)
			return -1;
	}
	*p = s;
	return v;
}

static long lx_parse_v4(const char *s, const char *end, unsigned char *out)
{
	long v;
	int i;

	for (i = 0; i < 4; i++) {
		if (i && *s++ != '.')
			return -EINVAL;
		v = lx_dec(&s, 255);
		if (v < 0)
			return -EINVAL;
		out[i] = (unsigned char)v;
	}
	return s == end ? 0 : -EINVAL;
}

/*
 * An IPv6 literal from @s to @end (no brackets), "::" allowed once, the
 * last 32 bits possibly dotted (::ffff:127.0.0.1, as the module names an
 * IPv4 peer of a dual-stack server).
 */
static long lx_parse_v6(const char *s, const char *end, unsigned char *out)
{
	unsigned short g[8];
	unsigned char v4[4];
	int n = 0, gap = -1, i, d, v, digits;
	const char *p;

	if (s + 1 < end && s[0] == ':' && s[1] == ':') {
		gap = 0;
		s += 2;
	}
	while (s < end) {
		if (n == 8)
			return -EINVAL;
		for (p = s; p < end && *p != ':' && *p != '.'; p++)
			;
		if (p < end && *p == '.') {	/* the dotted tail */
			if (n > 6 || lx_parse_v4(s, end, v4))
				return -EINVAL;
			g[n++] = (unsigned short)(v4[0] << 8 | v4[1]);
			g[n++] = (unsigned short)(v4[2] << 8 | v4[3]);
			break;
		}
		v = 0;
		digits = 0;
		while (s < end && (d = lx_hexval(*s)) >= 0 && digits < 4) {
			v = v << 4 | d;
			s++;
			digits++;
		}
		if (!digits)
			return -EINVAL;
		g[n++] = (unsigned short)v;
		if (s == end)
			break;
		if (*s++ != ':')
			return -EINVAL;
		if (s < end && *s == ':') {
			if (gap >= 0)
				return -EINVAL;
			gap = n;
			s++;
		} else if (s == end) {
			return -EINVAL;
		}
	}
	if (gap < 0 && n != 8)
		return -EINVAL;
	if (gap >= 0 && n == 8)
		return -EINVAL;
	memset(out, 0, 16);
	for (i = 0; i < n; i++) {
		int pos = (gap >= 0 && i >= gap) ? 8 - (n - i) : i;

		out[2 * pos] = (unsigned char)(g[i] >> 8);
		out[2 * pos + 1] = (unsigned char)g[i];
	}
	return 0;
}

long lx_sockaddr_parse(const char *uri, struct lx_sockaddr *a)
{
	const char *s = strchr(uri, ':'), *end, *p;
	long port;

	memset(a, 0, sizeof(*a));
	if (!s)
		return -EINVAL;
	s++;
	if (*s == '[') {
		end = strchr(s, ']');
		if (!end || end[1] != ':')
			return -EINVAL;
		if (lx_parse_v6(s + 1, end, a->addr))
			return -EINVAL;
		a->family = AF_INET6;
		p = end + 2;
	} else {
		end = strrchr(s, ':');
		if (!end || lx_parse_v4(s, end, a->addr))
			return -EINVAL;
		a->family = AF_INET;
		p = end + 1;
	}
	port = lx_dec(&p, 65535);
	if (port < 0 || *p)
		return -EINVAL;
	a->port = (unsigned short)port;
	return 0;
}
