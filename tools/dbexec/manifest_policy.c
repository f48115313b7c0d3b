// SPDX-License-Identifier: GPL-2.0
/*
 * dbexec: the manifest's policy directives.
 *
 *   fs  VIRTUAL-PREFIX  HOST-DIRECTORY  ro|rw
 *   net connect|bind  ADDRESS[/PREFIX-LEN]  PORT|LOW-HIGH|*
 *
 * Each directive becomes one set-up ioctl on the context; the module keeps
 * the policy and enforces it.  Nothing is granted without a directive.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/drawbridge.h>

#include "manifest_policy.h"

static int fail(char *err, size_t errlen, const char *file, int line,
		const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(err, errlen, "%s:%d: ", file, line);
	if (n < 0 || (size_t)n >= errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

int dbx_policy_is_directive(const char *word)
{
	return !strcmp(word, "fs") || !strcmp(word, "net");
}

/* 0 when @word is @first, 1 when it is @second, else -1. */
static int which_of(const char *word, const char *first, const char *second)
{
	if (!strcmp(word, first))
		return 0;
	if (!strcmp(word, second))
		return 1;
	return -1;
}

static int do_fs(int dkfd, const char *file, int line, int argc,
		 char *const argv[], char *err, size_t errlen)
{
	struct dk_setup_fs_root r = { 0 };
	int fd, rw;

	if (argc != 4)
		return fail(err, errlen, file, line,
			    "usage: fs VIRTUAL-PREFIX HOST-DIRECTORY ro|rw");
	if (argv[1][0] != '/')
		return fail(err, errlen, file, line,
			    "virtual prefix '%s' must be absolute", argv[1]);
	rw = which_of(argv[3], "ro", "rw");
	if (rw < 0)
		return fail(err, errlen, file, line,
			    "mode '%s' is not ro or rw", argv[3]);
	r.flags = rw ? DK_ROOT_RW : DK_ROOT_RO;
	fd = open(argv[2], O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return fail(err, errlen, file, line, "host directory '%s': %s",
			    argv[2], strerror(errno));
	r.fd = fd;
	r.prefix = (__u64)(unsigned long)argv[1];
	if (ioctl(dkfd, DK_IOC_ADD_FS_ROOT, &r) < 0) {
		int e = errno;

		close(fd);
		return fail(err, errlen, file, line, "fs %s: %s", argv[1],
			    strerror(e));
	}
	close(fd);
	return 0;
}

/* "80", "1024-65535" or "*". */
static int parse_ports(const char *s, __u16 *lo, __u16 *hi)
{
	unsigned long a, b;
	char *end;

	if (!strcmp(s, "*")) {
		*lo = 0;
		*hi = 65535;
		return 0;
	}
	errno = 0;
	a = strtoul(s, &end, 10);
	if (errno || end == s || a > 65535)
		return -1;
	b = a;
	if (*end == '-') {
		s = end + 1;
		b = strtoul(s, &end, 10);
		if (errno || end == s || b > 65535 || b < a)
			return -1;
	}
	if (*end)
		return -1;
	*lo = a;
	*hi = b;
	return 0;
}

/* "127.0.0.1", "10.0.0.0/8", "::1", "[::1]", "fd00::/8". */
static int parse_addr(const char *s, struct dk_setup_net_rule *r)
{
	char buf[64], *slash, *end;
	unsigned long bits;
	size_t n = strlen(s);

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n + 1);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (buf[0] == '[') {
		n = strlen(buf);
		if (n < 3 || buf[n - 1] != ']')
			return -1;
		buf[n - 1] = '\0';
		memmove(buf, buf + 1, n - 1);
		if (inet_pton(AF_INET6, buf, r->addr) != 1)
			return -1;
		r->family = AF_INET6;
	} else if (inet_pton(AF_INET, buf, r->addr) == 1) {
		r->family = AF_INET;
	} else if (inet_pton(AF_INET6, buf, r->addr) == 1) {
		r->family = AF_INET6;
	} else {
		return -1;
	}
	r->prefix = r->family == AF_INET ? 32 : 128;
	if (slash) {
		errno = 0;
		bits = strtoul(slash, &end, 10);
		if (errno || end == slash || *end || bits > r->prefix)
			return -1;
		r->prefix = bits;
	}
	return 0;
}

static int do_net(int dkfd, const char *file, int line, int argc,
		  char *const argv[], char *err, size_t errlen)
{
	struct dk_setup_net_rule r = { 0 };
	int which;

	if (argc != 4)
		return fail(err, errlen, file, line,
			    "usage: net connect|bind ADDRESS[/BITS] PORT|LOW-HIGH|*");
	which = which_of(argv[1], "connect", "bind");
	if (which < 0)
		return fail(err, errlen, file, line,
			    "'%s' is not connect or bind", argv[1]);
	r.op = which ? DK_NET_BIND : DK_NET_CONNECT;
	if (parse_addr(argv[2], &r))
		return fail(err, errlen, file, line,
			    "bad address '%s' (IPv4 or IPv6 literal, optional /BITS)",
			    argv[2]);
	if (parse_ports(argv[3], &r.port_lo, &r.port_hi))
		return fail(err, errlen, file, line,
			    "bad port range '%s' (PORT, LOW-HIGH or *)", argv[3]);
	if (ioctl(dkfd, DK_IOC_ADD_NET_RULE, &r) < 0)
		return fail(err, errlen, file, line, "net: %s",
			    strerror(errno));
	return 0;
}

int dbx_policy_directive(int dkfd, const char *file, int line, int argc,
			 char *const argv[], char *err, size_t errlen)
{
	if (argc > 0 && !strcmp(argv[0], "fs"))
		return do_fs(dkfd, file, line, argc, argv, err, errlen);
	if (argc > 0 && !strcmp(argv[0], "net"))
		return do_net(dkfd, file, line, argc, argv, err, errlen);
	return fail(err, errlen, file, line, "not a policy directive");
}
