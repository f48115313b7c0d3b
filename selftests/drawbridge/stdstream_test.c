// SPDX-License-Identifier: GPL-2.0
/*
 * Streams handed over by the launcher (DK_IOC_ADD_STREAM): DkStreamRead and
 * DkStreamWrite on pipes and files, access rights, bad buffers and sizes;
 * a host socket whose peer is gone answers EPIPE, without the host's SIGPIPE.
 */
#include "kselftest_harness.h"
#include "dbtest.h"

#include <sys/mman.h>
#include <sys/socket.h>

DBT_CTX_PIPE_FIXTURE(st)

TEST_F(st, write_reaches_host_pipe)
{
	long h = dbt_add_stream(self->fd, self->pipefd[1], DK_ACCESS_WRITE);
	char buf[32] = { 0 };

	ASSERT_LT(0, h);
	ASSERT_EQ(11, DkStreamWrite(h, DK_OFFSET_NONE, 11, "hello world"));
	ASSERT_EQ(11, read(self->pipefd[0], buf, sizeof(buf)));
	EXPECT_STREQ("hello world", buf);
	/* The offset is ignored by a sequential stream. */
	ASSERT_EQ(3, DkStreamWrite(h, 12345, 3, "abc"));
	ASSERT_EQ(3, read(self->pipefd[0], buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "abc", 3));
}

TEST_F(st, read_from_host_pipe_and_eof)
{
	long h = dbt_add_stream(self->fd, self->pipefd[0], DK_ACCESS_READ);
	char buf[32] = { 0 };

	ASSERT_LT(0, h);
	ASSERT_EQ(5, write(self->pipefd[1], "12345", 5));
	/* Short count: only what is there. */
	ASSERT_EQ(5, DkStreamRead(h, DK_OFFSET_NONE, sizeof(buf), buf));
	EXPECT_EQ(0, memcmp(buf, "12345", 5));
	close(self->pipefd[1]);
	self->pipefd[1] = dup(self->pipefd[0]);	/* keep teardown simple */
	close(self->pipefd[1]);
	self->pipefd[1] = -1;
	EXPECT_EQ(0, DkStreamRead(h, DK_OFFSET_NONE, sizeof(buf), buf));
}

/*
 * A socket handed over (dbexec's parent stream of a DkProcessCreate
 * child): a write after the peer went is EPIPE, as on every Dk socket
 * stream.  SIGPIPE is left at its default here: were it raised, the test
 * process would die and the harness report it.
 */
TEST_F(st, host_socket_peer_gone_is_epipe_not_sigpipe)
{
	char buf[8] = { 0 };
	int sv[2];
	long h;

	ASSERT_EQ(SIG_DFL, signal(SIGPIPE, SIG_DFL));
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	h = dbt_add_stream(self->fd, sv[0], DK_ACCESS_RDWR);
	ASSERT_LT(0, h);
	ASSERT_EQ(4, DkStreamWrite(h, DK_OFFSET_NONE, 4, "ping"));
	ASSERT_EQ(4, read(sv[1], buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "ping", 4));
	ASSERT_EQ(4, write(sv[1], "pong", 4));
	close(sv[1]);
	/* What the peer wrote before it went is still read, then the end. */
	ASSERT_EQ(4, DkStreamRead(h, DK_OFFSET_NONE, sizeof(buf), buf));
	EXPECT_EQ(0, memcmp(buf, "pong", 4));
	EXPECT_EQ(0, DkStreamRead(h, DK_OFFSET_NONE, sizeof(buf), buf));
	EXPECT_EQ(-EPIPE, DkStreamWrite(h, DK_OFFSET_NONE, 4, "lost"));
	EXPECT_EQ(-EPIPE, DkStreamWrite(h, DK_OFFSET_NONE, 4, "lost"));
	close(sv[0]);
}

TEST_F(st, access_rights_are_enforced)
{
	long r = dbt_add_stream(self->fd, self->pipefd[0], DK_ACCESS_READ);
	long w = dbt_add_stream(self->fd, self->pipefd[1], DK_ACCESS_WRITE);
	char c;

	ASSERT_LT(0, r);
	ASSERT_LT(0, w);
	EXPECT_EQ(-EACCES, DkStreamWrite(r, DK_OFFSET_NONE, 1, "x"));
	EXPECT_EQ(-EACCES, DkStreamRead(w, DK_OFFSET_NONE, 1, &c));
	/* The launcher cannot grant more than the host descriptor has. */
	EXPECT_EQ(-EACCES, dbt_add_stream(self->fd, self->pipefd[0], DK_ACCESS_WRITE));
	EXPECT_EQ(-EACCES, dbt_add_stream(self->fd, self->pipefd[1], DK_ACCESS_RDWR));
	EXPECT_EQ(-EINVAL, dbt_add_stream(self->fd, self->pipefd[1], 0));
	EXPECT_EQ(-EINVAL, dbt_add_stream(self->fd, self->pipefd[1], 0x80));
	EXPECT_EQ(-EBADF, dbt_add_stream(self->fd, -1, DK_ACCESS_READ));
	EXPECT_EQ(-EBADF, dbt_add_stream(self->fd, 100000, DK_ACCESS_READ));
	EXPECT_EQ(-EFAULT, dbt_ioctl(self->fd, DK_IOC_ADD_STREAM, NULL));
}

TEST_F(st, bad_buffers_and_sizes)
{
	long w = dbt_add_stream(self->fd, self->pipefd[1], DK_ACCESS_WRITE);
	long r = dbt_add_stream(self->fd, self->pipefd[0], DK_ACCESS_READ);
	void *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char buf[8];

	ASSERT_LT(0, w);
	ASSERT_LT(0, r);
	ASSERT_NE(MAP_FAILED, none);
	EXPECT_EQ(-EFAULT, DkStreamWrite(w, DK_OFFSET_NONE, 16, none));
	EXPECT_EQ(-EFAULT, DkStreamWrite(w, DK_OFFSET_NONE, 16, (void *)0xffff888000000000ul));
	EXPECT_EQ(-EINVAL, DkStreamWrite(w, DK_OFFSET_NONE, (uint64_t)DK_STREAM_IO_MAX + 1, buf));
	EXPECT_EQ(-EINVAL, DkStreamRead(r, DK_OFFSET_NONE, ~0ULL, buf));
	EXPECT_EQ(0, DkStreamWrite(w, DK_OFFSET_NONE, 0, buf));
	/* Nothing was written by the failed calls. */
	ASSERT_EQ(1, DkStreamWrite(w, DK_OFFSET_NONE, 1, "q"));
	ASSERT_EQ(1, DkStreamRead(r, DK_OFFSET_NONE, sizeof(buf), buf));
	EXPECT_EQ('q', buf[0]);
	/* Reading into an unwritable buffer loses the data to nobody else. */
	ASSERT_EQ(1, write(self->pipefd[1], "z", 1));
	EXPECT_EQ(-EFAULT, DkStreamRead(r, DK_OFFSET_NONE, 1, none));
	EXPECT_EQ(1, DkStreamRead(r, DK_OFFSET_NONE, 1, buf));
	EXPECT_EQ('z', buf[0]);
	munmap(none, 4096);
}

TEST_F(st, file_positional_and_sequential)
{
	char path[] = "/tmp/dkstXXXXXX";
	int f = mkstemp(path);
	long h;
	char buf[16] = { 0 };

	ASSERT_LE(0, f);
	unlink(path);
	h = dbt_add_stream(self->fd, f, DK_ACCESS_RDWR);
	ASSERT_LT(0, h);
	ASSERT_EQ(6, DkStreamWrite(h, DK_OFFSET_NONE, 6, "abcdef"));
	ASSERT_EQ(3, DkStreamWrite(h, 1, 3, "XYZ"));
	ASSERT_EQ(6, pread(f, buf, sizeof(buf), 0));
	EXPECT_STREQ("aXYZef", buf);
	/* Sequential position advanced past the first write only. */
	ASSERT_EQ(2, DkStreamWrite(h, DK_OFFSET_NONE, 2, "gh"));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(4, DkStreamRead(h, 2, 4, buf));
	EXPECT_STREQ("YZef", buf);
	EXPECT_EQ(0, DkStreamRead(h, 1000, 4, buf));
	EXPECT_EQ(-EINVAL, DkStreamRead(h, (1ULL << 63) + 5, 4, buf));
	close(f);
	/* The stream keeps the file open after the host descriptor is gone. */
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(8, DkStreamRead(h, 0, sizeof(buf), buf));
	EXPECT_STREQ("aXYZefgh", buf);
}

TEST_HARNESS_MAIN
