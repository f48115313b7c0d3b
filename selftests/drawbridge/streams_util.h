/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the streams selftests: raw Dk calls with all six arguments
 * and the launcher's policy set-up commands.  Self-contained (no libdk
 * prototypes needed), so the tests pin the kernel ABI itself.
 */
#ifndef STREAMS_UTIL_H
#define STREAMS_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/drawbridge.h>

static inline long st_call(int fd, __u32 nr, __u64 a0, __u64 a1, __u64 a2,
			   __u64 a3, __u64 a4, __u64 a5)
{
	struct dk_call c = { .nr = nr, .args = { a0, a1, a2, a3, a4, a5 } };
	long r = ioctl(fd, DK_IOC_CALL, &c);

	return r < 0 ? -errno : r;
}

#define P(x) ((__u64)(uintptr_t)(x))

static inline long st_open(int fd, const char *uri, __u32 access,
			   __u32 share, __u32 create, __u32 options)
{
	return st_call(fd, DK_CALL_STREAM_OPEN, P(uri), access, share, create,
		       options, 0);
}

static inline long st_read(int fd, long h, __u64 off, void *buf, __u64 n)
{
	return st_call(fd, DK_CALL_STREAM_READ, h, off, n, P(buf), 0, 0);
}

static inline long st_write(int fd, long h, __u64 off, const void *buf,
			    __u64 n)
{
	return st_call(fd, DK_CALL_STREAM_WRITE, h, off, n, P(buf), 0, 0);
}

static inline long st_close(int fd, long h)
{
	return st_call(fd, DK_CALL_OBJECT_CLOSE, h, 0, 0, 0, 0, 0);
}

/* DkStreamAttributesQueryByHandle. */
static inline long st_attr_query(int fd, long h, struct dk_stream_attr *a)
{
	return st_call(fd, DK_CALL_STREAM_ATTRIBUTES_QUERY_BY_HANDLE, h, P(a),
		       0, 0, 0, 0);
}

static inline long st_attr_set(int fd, long h, __u32 mask, __u32 flags,
			       __u32 recv_buf, __u32 send_buf)
{
	struct dk_stream_attr_set a = {
		.mask = mask, .flags = flags,
		.recv_buf = recv_buf, .send_buf = send_buf,
	};

	return st_call(fd, DK_CALL_STREAM_ATTRIBUTES_SET_BY_HANDLE, h, P(&a),
		       0, 0, 0, 0);
}

/* DkStreamGetName. */
static inline long st_get_name(int fd, long h, char *buf, size_t n)
{
	return st_call(fd, DK_CALL_STREAM_GET_NAME, h, 0, P(buf), n, 0, 0);
}

static inline long st_accept(int fd, long h)
{
	return st_call(fd, DK_CALL_STREAM_WAIT_FOR_CLIENT, h, 0, 0, 0, 0, 0);
}

/* A fresh context for raw calls (st_call); libdk's stays as it was. */
static inline int st_open_ctx(void)
{
	return open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
}

static inline long st_add_root(int fd, const char *host, const char *prefix,
			       int rw)
{
	int dfd = open(host, O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct dk_setup_fs_root r = {
		.fd = dfd, .flags = rw ? DK_ROOT_RW : DK_ROOT_RO,
		.prefix = P(prefix),
	};
	long ret;

	if (dfd < 0)
		return -errno;
	ret = ioctl(fd, DK_IOC_ADD_FS_ROOT, &r) < 0 ? -errno : 0;
	close(dfd);
	return ret;
}

static inline long st_add_net(int fd, __u32 op, const char *addr,
			      __u32 prefix, __u16 lo, __u16 hi)
{
	struct dk_setup_net_rule r = {
		.op = op, .prefix = prefix, .port_lo = lo, .port_hi = hi,
	};

	if (inet_pton(AF_INET, addr, r.addr) == 1)
		r.family = AF_INET;
	else if (inet_pton(AF_INET6, addr, r.addr) == 1)
		r.family = AF_INET6;
	else
		return -EINVAL;
	return ioctl(fd, DK_IOC_ADD_NET_RULE, &r) < 0 ? -errno : 0;
}

/* A fresh, empty temporary directory. */
static inline char *st_tmpdir(char *buf)
{
	strcpy(buf, "/tmp/dkst.XXXXXX");
	return mkdtemp(buf);
}

/* Remove a directory made by st_tmpdir() and all in it: system(3)'s result. */
static inline int st_rmtree(const char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

/*
 * Open @uri again and again, @max times at most, until an open fails: that
 * open's error, or the last handle if none failed; in *@n the opens that
 * succeeded.
 */
static inline long st_open_until_error(int fd, const char *uri, __u32 access,
				       int max, int *n)
{
	long r = 0;

	for (*n = 0; *n < max; (*n)++) {
		r = st_open(fd, uri, access, 0, 0, 0);
		if (r < 0)
			break;
	}
	return r;
}

/* FNV-1a, for end-to-end integrity checks. */
static inline __u64 st_hash(__u64 h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		h = (h ^ *c++) * 0x100000001b3ULL;
	return h;
}

#define ST_HASH_INIT 0xcbf29ce484222325ULL

#endif /* STREAMS_UTIL_H */
