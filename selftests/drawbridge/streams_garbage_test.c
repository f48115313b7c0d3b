// SPDX-License-Identifier: GPL-2.0
/*
 * Bad input to the stream calls: over-long, unterminated, unmapped and
 * malformed URIs, unknown and library-OS schemes, bad flags, huge and
 * negative sizes and offsets, unmapped buffers (with the partial count
 * reported), wrong handle types.  Every case gets its documented error.
 */
#include "kselftest_harness.h"
#include "streams_util.h"

#include <sys/mman.h>

FIXTURE(g) {
	int fd;
	char dir[64];
	long file;
};

FIXTURE_SETUP(g)
{
	ASSERT_NE(NULL, st_tmpdir(self->dir));
	self->fd = st_open_ctx();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, st_add_root(self->fd, self->dir, "/", 1));
	ASSERT_EQ(0, st_add_net(self->fd, DK_NET_CONNECT, "127.0.0.1", 32, 1,
				65535));
	ASSERT_EQ(0, ioctl(self->fd, DK_IOC_SEAL));
	self->file = st_open(self->fd, "file:/f", DK_ACCESS_RDWR, 0,
			     DK_CREATE_TRY, 0);
	ASSERT_LT(0, self->file);
}

FIXTURE_TEARDOWN(g)
{
	close(self->fd);
	if (st_rmtree(self->dir))
		fprintf(stderr, "cleanup failed\n");
}

TEST_F(g, uris)
{
	static const struct { const char *uri; int err; } cases[] = {
		{ "", -EINVAL },
		{ "nocolon", -EINVAL },
		{ ":x", -EINVAL },
		{ "gopher:x", -EPROTONOSUPPORT },
		{ "FILE:/f", -EPROTONOSUPPORT },
		{ "http://example.org/", -EPFNOSUPPORT },
		{ "https://example.org/", -EPFNOSUPPORT },
		{ "http.srv:127.0.0.1:80", -EPFNOSUPPORT },
		{ "file:relative", -EINVAL },
		{ "tcp:1.2.3:80", -EINVAL },
		{ "tcp:1.2.3.4", -EINVAL },
		{ "tcp:1.2.3.4:", -EINVAL },
		{ "tcp:1.2.3.4:65536", -EINVAL },
		{ "tcp:1.2.3.4:-1", -EINVAL },
		{ "tcp:127.0.0.1:+1", -EINVAL },
		{ "tcp:127.0.0.1:1\n", -EINVAL },
		{ "tcp:127.0.0.1:000001", -EINVAL },
		{ "tcp:127.0.0.1: 1", -EINVAL },
		{ "tcp:[::1:80", -EINVAL },
		{ "tcp:[::1]80", -EINVAL },
		{ "udp:[zz]:80", -EINVAL },
		{ "pipe:", -EINVAL },
		{ "pipe.srv:", -EINVAL },
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long r = st_open(self->fd, cases[i].uri, DK_ACCESS_RDWR, 0, 0,
				 0);

		EXPECT_EQ(cases[i].err, r) TH_LOG("uri '%s'", cases[i].uri);
	}
}

TEST_F(g, long_unterminated_unmapped_uris)
{
	char *big = malloc(DK_URI_MAX + 16);
	long page = sysconf(_SC_PAGESIZE);
	char *m;
	int i;

	ASSERT_NE(NULL, big);
	/* "file:/a/a/.../a": short components, so only the length matters. */
	memcpy(big, "file:/", 6);
	for (i = 6; i < DK_URI_MAX + 15; i++)
		big[i] = (i & 1) ? '/' : 'a';
	big[DK_URI_MAX + 15] = 0;
	EXPECT_EQ(-ENAMETOOLONG, st_open(self->fd, big, DK_ACCESS_READ, 0, 0,
					 0));
	big[DK_URI_MAX] = 0;	/* no NUL within DK_URI_MAX bytes */
	EXPECT_EQ(-ENAMETOOLONG, st_open(self->fd, big, DK_ACCESS_READ, 0, 0,
					 0));
	/* DK_URI_MAX - 1 characters is accepted (then: no such file). */
	big[DK_URI_MAX - 1] = 0;
	if (big[DK_URI_MAX - 2] == '/')
		big[DK_URI_MAX - 2] = 'a';
	EXPECT_EQ(-ENOENT, st_open(self->fd, big, DK_ACCESS_READ, 0, 0, 0));
	free(big);
	/* Unterminated, running into an unmapped page. */
	m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, munmap(m + page, page));
	memset(m, 'b', page);
	memcpy(m + page - 8, "file:/xx", 8);
	EXPECT_EQ(-EFAULT, st_open(self->fd, m + page - 8, DK_ACCESS_READ, 0,
				   0, 0));
	EXPECT_EQ(-EFAULT, st_open(self->fd, (char *)8, DK_ACCESS_READ, 0, 0,
				   0));
	EXPECT_EQ(-EFAULT, st_call(self->fd, DK_CALL_STREAM_ATTRIBUTES_QUERY,
				   P(m + page - 8), P(m), 0, 0, 0, 0));
	munmap(m, page);
}

TEST_F(g, flags_and_sizes)
{
	char buf[16];

	EXPECT_EQ(-EINVAL, st_open(self->fd, "file:/f", 0x10, 0, 0, 0));
	EXPECT_EQ(-EINVAL, st_open(self->fd, "file:/f", 0, 0, 0, 0));
	EXPECT_EQ(-EINVAL, st_open(self->fd, "file:/f", DK_ACCESS_READ, 01000,
				   0, 0));
	EXPECT_EQ(-EINVAL, st_open(self->fd, "file:/f", DK_ACCESS_READ, 0,
				   0x100, 0));
	EXPECT_EQ(-EINVAL, st_open(self->fd, "file:/f", DK_ACCESS_READ, 0, 0,
				   0x10));	/* above DK_OPTION_DUAL_STACK */
	EXPECT_EQ(-EINVAL, st_open(self->fd, "file:/f", DK_ACCESS_READ, 0,
				   DK_CREATE_DIR, 0));
	EXPECT_EQ(-EINVAL, st_open(self->fd, "file:/f", DK_ACCESS_READ, 0,
				   DK_CREATE_TRUNCATE, 0));
	EXPECT_EQ(-EINVAL, st_call(self->fd, DK_CALL_STREAM_OPEN, P("file:/f"),
				   1ULL << 32 | 1, 0, 0, 0, 0));
	EXPECT_EQ(-EINVAL, st_open(self->fd, "pipe:x", DK_ACCESS_RDWR, 0,
				   DK_CREATE_TRY, 0));
	EXPECT_EQ(-EINVAL, st_read(self->fd, self->file, 0, buf, -1ULL));
	EXPECT_EQ(-EINVAL, st_read(self->fd, self->file, 0, buf,
				   DK_STREAM_IO_MAX + 1ULL));
	EXPECT_EQ(-EINVAL, st_read(self->fd, self->file, 1ULL << 63, buf, 1));
	EXPECT_EQ(-EINVAL, st_call(self->fd, DK_CALL_STREAM_DELETE, self->file,
				   7, 0, 0, 0, 0));
	EXPECT_EQ(-EINVAL, st_call(self->fd, DK_CALL_STREAM_DELETE, self->file,
				   DK_DELETE_READ, 0, 0, 0, 0));
	EXPECT_EQ(-EINVAL, st_call(self->fd, DK_CALL_STREAM_WAIT_FOR_CLIENT,
				   self->file, 0, 0, 0, 0, 0));
	EXPECT_EQ(-EBADF, st_read(self->fd, 0, 0, buf, 1));
	EXPECT_EQ(-EBADF, st_read(self->fd, self->file + 77, 0, buf, 1));
	EXPECT_EQ(-EFAULT, st_call(self->fd,
				   DK_CALL_STREAM_ATTRIBUTES_QUERY_BY_HANDLE,
				   self->file, 8, 0, 0, 0, 0));
	EXPECT_EQ(-EFAULT, st_call(self->fd,
				   DK_CALL_STREAM_ATTRIBUTES_SET_BY_HANDLE,
				   self->file, 8, 0, 0, 0, 0));
	EXPECT_EQ(-EFAULT, st_call(self->fd, DK_CALL_STREAM_GET_NAME,
				   self->file, 0, 8, 100, 0, 0));
	EXPECT_EQ(-EINVAL, st_call(self->fd, DK_CALL_STREAM_GET_NAME,
				   self->file, 1, P(buf), sizeof(buf), 0, 0));
	EXPECT_EQ(-EINVAL, st_call(self->fd, DK_CALL_STREAM_MAP, self->file,
				   P(buf), DK_PROT_READ, 0, 0, 0));
	EXPECT_EQ(-EINVAL, st_call(self->fd, DK_CALL_STREAM_MAP, self->file,
				   P(buf), 0x10, 0, 4096, 0));
}

TEST_F(g, unmapped_buffers_and_partial_writes)
{
	long page = sysconf(_SC_PAGESIZE);
	char *m, back[8192];
	long r;

	m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, munmap(m + page, page));
	memset(m, 'z', page);
	EXPECT_EQ(-EFAULT, st_write(self->fd, self->file, 0, (void *)8, 16));
	EXPECT_EQ(-EFAULT, st_write(self->fd, self->file, 0, m + page, 16));
	/* Half mapped: the mapped part is written and reported. */
	r = st_write(self->fd, self->file, 0, m + page - 100, 200);
	EXPECT_EQ(100, r);
	ASSERT_EQ(100, st_read(self->fd, self->file, 0, back, sizeof(back)));
	EXPECT_EQ(0, memcmp(back, m, 100));
	/* Reading into a half-mapped buffer: what fits. */
	r = st_read(self->fd, self->file, 0, m + page - 10, 100);
	EXPECT_EQ(10, r);
	EXPECT_EQ(-EFAULT, st_read(self->fd, self->file, 0, m + page, 10));
	munmap(m, page);
}

TEST(open_stream_limit)
{
	struct dk_setup_limits lim = { .max_handles = 8 };
	char dir[64];
	int fd = st_open_ctx(), i;
	long r = 0;

	ASSERT_LE(0, fd);
	ASSERT_NE(NULL, st_tmpdir(dir));
	ASSERT_EQ(0, ioctl(fd, DK_IOC_SET_LIMITS, &lim));
	ASSERT_EQ(0, st_add_root(fd, dir, "/", 0));
	ASSERT_EQ(0, ioctl(fd, DK_IOC_SEAL));
	r = st_open_until_error(fd, "file:/", DK_ACCESS_READ, 20, &i);
	EXPECT_EQ(-EMFILE, r);
	EXPECT_EQ(8, i);
	close(fd);
	EXPECT_EQ(0, st_rmtree(dir));
}

TEST_HARNESS_MAIN
