// SPDX-License-Identifier: GPL-2.0
// unit-sources: sockaddr.c
/*
 * Host unit test of sockaddr.c: Linux sockaddrs to Dk URIs and back,
 * IPv6 literals with and without "::" or a dotted IPv4 tail, malformed
 * URIs, short and wrong family sockaddrs.
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
	/* the module's name of a dual-stack server's IPv4 peer */
	CHECK(lx_sockaddr_parse("tcp:[::ffff:127.0.0.1]:80", &a) == 0);
	CHECK(a.family == AF_INET6 && a.port == 80 && a.addr[9] == 0 &&
	      a.addr[10] == 0xff && a.addr[11] == 0xff && a.addr[12] == 127 &&
	      a.addr[15] == 1);
	lx_sockaddr_uri(&a, "udp", out);
	CHECK(!strcmp(out, "udp:[0:0:0:0:0:ffff:7f00:1]:80"));
	CHECK(lx_sockaddr_parse("tcp:[1:2:3:4:5:6:1.2.3.4]:1", &a) == 0 &&
	      a.addr[11] == 6 && a.addr[12] == 1 && a.addr[15] == 4);
	CHECK(lx_sockaddr_parse("tcp:[1:2:3:4:5:6:7:1.2.3.4]:1", &a) ==
	      -EINVAL);
	CHECK(lx_sockaddr_parse("tcp:[::1.2.3.4:5]:1", &a) == -EINVAL);
	CHECK(lx_sockaddr_parse("tcp:[::ffff:1.2.3]:1", &a) == -EINVAL);
	CHECK(lx_sockaddr_parse("tcp:[::ffff:1.2.3.4.5]:1", &a) == -EINVAL);
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
