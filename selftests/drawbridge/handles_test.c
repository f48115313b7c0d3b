// SPDX-License-Identifier: GPL-2.0
/*
 * Handle table: DkObjectReference/DkObjectClose, bad, stale and foreign
 * handles, and the handle and kernel-memory quotas.
 */
#include "kselftest_harness.h"
#include "dbtest.h"

DBT_CTX_PIPE_FIXTURE(h)

TEST_F(h, handle_encodes_context_tag)
{
	struct dk_context_info info;
	long hd = dbt_add_stream(self->fd, self->pipefd[1], DK_ACCESS_WRITE);

	ASSERT_LT(0, hd);
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	EXPECT_EQ(info.tag, DK_HANDLE_TAG(hd));
	EXPECT_EQ(1, info.handles);
}

TEST_F(h, close_then_use_is_ebadf)
{
	long hd = dbt_add_stream(self->fd, self->pipefd[1], DK_ACCESS_WRITE);

	ASSERT_LT(0, hd);
	EXPECT_EQ(1, DkStreamWrite(hd, DK_OFFSET_NONE, 1, "x"));
	EXPECT_EQ(0, DkObjectClose(hd));
	EXPECT_EQ(-EBADF, DkStreamWrite(hd, DK_OFFSET_NONE, 1, "x"));
	EXPECT_EQ(-EBADF, DkObjectClose(hd));
	EXPECT_EQ(-EBADF, DkObjectReference(hd));
}

TEST_F(h, reference_needs_matching_closes)
{
	struct dk_context_info info;
	long hd = dbt_add_stream(self->fd, self->pipefd[1], DK_ACCESS_WRITE);

	ASSERT_LT(0, hd);
	ASSERT_EQ(0, DkObjectReference(hd));
	ASSERT_EQ(0, DkObjectReference(hd));
	EXPECT_EQ(0, DkObjectClose(hd));
	EXPECT_EQ(0, DkObjectClose(hd));
	/* Still open after two of three closes. */
	EXPECT_EQ(1, DkStreamWrite(hd, DK_OFFSET_NONE, 1, "y"));
	EXPECT_EQ(0, DkObjectClose(hd));
	EXPECT_EQ(-EBADF, DkStreamWrite(hd, DK_OFFSET_NONE, 1, "y"));
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	EXPECT_EQ(0, info.handles);
}

TEST_F(h, malformed_handles)
{
	struct dk_context_info info;
	long bad[] = { 0, 1, 3, -1, -2, 0x7fffffffL, 0x80000000L,
		       0x100000000L, (long)0x8000000000000000UL };
	unsigned int i;

	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long r = DkObjectClose(bad[i]);

		/* Either not a handle at all or another context's tag. */
		EXPECT_TRUE(r == -EBADF || r == -EXDEV) TH_LOG("handle %#lx -> %ld", bad[i], r);
	}
	/* Our own tag, a slot never used. */
	EXPECT_EQ(-EBADF, DkObjectClose(((long)info.tag << DK_HANDLE_SLOT_BITS) | 0xfff0));
}

TEST_F(h, foreign_handle_is_exdev)
{
	long hd = dbt_add_stream(self->fd, self->pipefd[1], DK_ACCESS_WRITE);
	int other = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	long ho;

	ASSERT_LT(0, hd);
	ASSERT_LE(0, other);
	ho = dbt_add_stream(other, self->pipefd[1], DK_ACCESS_WRITE);
	ASSERT_LT(0, ho);
	/* Our context refuses the other's handle and vice versa. */
	EXPECT_EQ(-EXDEV, DkStreamWrite(ho, DK_OFFSET_NONE, 1, "z"));
	EXPECT_EQ(-EXDEV, DkObjectClose(ho));
	EXPECT_EQ(-EXDEV, dk_call_fd(other, DK_CALL_OBJECT_CLOSE, hd, 0, 0, 0, 0, 0));
	/* Nothing was closed by the attempts. */
	EXPECT_EQ(1, DkStreamWrite(hd, DK_OFFSET_NONE, 1, "z"));
	EXPECT_EQ(1, dk_call_fd(other, DK_CALL_STREAM_WRITE, ho, DK_OFFSET_NONE, 1,
				(__u64)(unsigned long)"z", 0, 0));
	close(other);
}

TEST_F(h, handle_quota)
{
	struct dk_setup_limits lim = { .max_handles = 4 };
	long hs[4];
	int i;

	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_SET_LIMITS, &lim));
	for (i = 0; i < 4; i++) {
		hs[i] = dbt_add_stream(self->fd, self->pipefd[1], DK_ACCESS_WRITE);
		ASSERT_LT(0, hs[i]);
	}
	EXPECT_EQ(-EMFILE, dbt_add_stream(self->fd, self->pipefd[1], DK_ACCESS_WRITE));
	ASSERT_EQ(0, DkObjectClose(hs[2]));
	hs[2] = dbt_add_stream(self->fd, self->pipefd[1], DK_ACCESS_WRITE);
	EXPECT_LT(0, hs[2]);
	EXPECT_EQ(-EMFILE, dbt_add_stream(self->fd, self->pipefd[1], DK_ACCESS_WRITE));
}

TEST_F(h, kmem_quota)
{
	struct dk_setup_limits lim = { .max_kmem = 1 };
	struct dk_context_info info;

	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_SET_LIMITS, &lim));
	EXPECT_EQ(-EDQUOT, dbt_add_stream(self->fd, self->pipefd[1], DK_ACCESS_WRITE));
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	EXPECT_EQ(0, info.handles);
	EXPECT_EQ(0, info.kmem_used);
}

TEST_F(h, kmem_is_returned_on_close)
{
	struct dk_context_info info;
	long hd = dbt_add_stream(self->fd, self->pipefd[1], DK_ACCESS_WRITE);

	ASSERT_LT(0, hd);
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	EXPECT_LT(0, info.kmem_used);
	ASSERT_EQ(0, DkObjectClose(hd));
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	EXPECT_EQ(0, info.kmem_used);
}

/* Many handles, closed in a scrambled order, leave an empty table. */
TEST_F(h, many_handles_round_trip)
{
	struct dk_context_info info;
	static long hs[1024];
	int i;

	for (i = 0; i < 1024; i++) {
		hs[i] = dbt_add_stream(self->fd, self->pipefd[1], DK_ACCESS_WRITE);
		ASSERT_LT(0, hs[i]);
	}
	for (i = 0; i < 1024; i++)
		ASSERT_EQ(0, DkObjectClose(hs[(i * 389) % 1024]));
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	EXPECT_EQ(0, info.handles);
	EXPECT_EQ(0, info.kmem_used);
}

TEST_HARNESS_MAIN
