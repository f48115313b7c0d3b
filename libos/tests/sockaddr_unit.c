// SPDX-License-Identifier: GPL-2.0
// unit-sources: sockaddr.c
/*
 * Host unit test of sockaddr.c: Linux sockaddrs to Dk URIs and back,
 * IPv6 literals with and without "::", malformed URIs, short and wrong
 * family sockaddrs.
 */
#include <stdio.h>
#include <string.h>

#include "files.h"
#include "net.h"
#include "unit.h"

static void roundtrip(const char *uri)
{
	struct lx_sockaddr a;
	char out[LX_URI_NET_MAX];

	CHECK(lx_sockaddr_parse(uri, &a) == 0);
	lx_sockaddr_uri(&a, "tcp", out);
	CHECK(!strcmp(out, uri));
}

int main(void)
{
	struct sockaddr_in in = { .sin_family = AF_INET,
				  .sin_port = 0x901f /* 8080 */ };
	struct sockaddr_in6 in6;
	struct lx_sockaddr a;
	int len;
	char out[LX_URI_NET_MAX];

	in.sin_addr.s_addr = 0x0100007f;
	CHECK(lx_sockaddr_from_user(&in, sizeof(in), AF_INET, &a) == 0);
	lx_sockaddr_uri(&a, "tcp", out);
	CHECK(!strcmp(out, "tcp:127.0.0.1:8080"));
	CHECK(lx_sockaddr_from_user(&in, sizeof(in) - 1, AF_INET, &a) ==
	      -EINVAL);
	CHECK(lx_sockaddr_from_user(&in, sizeof(in), AF_INET6, &a) ==
	      -EAFNOSUPPORT);
	CHECK(lx_sockaddr_from_user(&in, 1, AF_INET, &a) == -EINVAL);

	CHECK(lx_sockaddr_parse("udp:[::1]:53", &a) == 0);
	CHECK(a.family == AF_INET6 && a.port == 53 && a.addr[15] == 1 &&
	      a.addr[0] == 0);
	len = sizeof(in6);
	lx_sockaddr_to_user(&a, &in6, &len);
	CHECK(len == sizeof(in6) && in6.sin6_family == AF_INET6 &&
	      in6.sin6_port == 0x3500);
	CHECK(lx_sockaddr_parse("tcp:[fe80::1:2]:1", &a) == 0);
	CHECK(a.addr[0] == 0xfe && a.addr[1] == 0x80 && a.addr[13] == 1 &&
	      a.addr[15] == 2);
	CHECK(lx_sockaddr_parse("tcp:[1::]:1", &a) == 0 && a.addr[1] == 1);
	CHECK(lx_sockaddr_parse("tcp:[::]:0", &a) == 0 && a.port == 0);
	roundtrip("tcp:10.1.2.3:65535");
	roundtrip("tcp:[1:2:3:4:5:6:7:8]:9");
	CHECK(lx_sockaddr_parse("tcp:[1:2:3:4:5:6:7:8:9]:1", &a) == -EINVAL);
	CHECK(lx_sockaddr_parse("tcp:[1::2::3]:1", &a) == -EINVAL);
	CHECK(lx_sockaddr_parse("tcp:[12345::]:1", &a) == -EINVAL);
	CHECK(lx_sockaddr_parse("tcp:1.2.3:4", &a) == -EINVAL);
	CHECK(lx_sockaddr_parse("tcp:1.2.3.256:4", &a) == -EINVAL);
	CHECK(lx_sockaddr_parse("tcp:1.2.3.4:65536", &a) == -EINVAL);
	CHECK(lx_sockaddr_parse("tcp:1.2.3.4:", &a) == -EINVAL);
	CHECK(lx_sockaddr_parse("tcp:[::1]", &a) == -EINVAL);
	CHECK(lx_sockaddr_parse("pipe:name", &a) == -EINVAL);
	CHECK(lx_sockaddr_parse("host:", &a) == -EINVAL);

	/* a short buffer gets a cut copy and the real length */
	lx_sockaddr_parse("tcp:1.2.3.4:5", &a);
	memset(&in, 0xee, sizeof(in));
	len = 4;
	lx_sockaddr_to_user(&a, &in, &len);
	CHECK(len == sizeof(in) && in.sin_family == AF_INET &&
	      in.sin_port == 0x0500 && in.sin_addr.s_addr == 0xeeeeeeee);
	printf("sockaddr_unit: %s\n", failures ? "FAILED" : "ok");
	return failures ? 1 : 0;
}
