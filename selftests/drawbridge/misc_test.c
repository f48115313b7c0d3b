// SPDX-License-Identifier: GPL-2.0
/*
 * DkSystemTimeQuery, DkRandomBitsRead, DkInstructionCacheFlush, and the
 * calls that only record state (DkProcessExit, DkThreadExit).
 */
#include "kselftest_harness.h"
#include "dbtest.h"

#include <time.h>
#include <sys/mman.h>

DBT_CTX_FIXTURE(misc)

TEST_F(misc, time_matches_realtime_clock)
{
	struct timespec a, b;
	uint64_t ns, lo, hi;

	clock_gettime(CLOCK_REALTIME, &a);
	ASSERT_EQ(0, DkSystemTimeQuery(&ns));
	clock_gettime(CLOCK_REALTIME, &b);
	lo = a.tv_sec * 1000000000ull + a.tv_nsec;
	hi = b.tv_sec * 1000000000ull + b.tv_nsec;
	EXPECT_LE(lo, ns);
	EXPECT_GE(hi, ns);
}

TEST_F(misc, time_bad_pointer)
{
	void *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, ro);
	EXPECT_EQ(-EFAULT, DkSystemTimeQuery(NULL));
	EXPECT_EQ(-EFAULT, DkSystemTimeQuery(ro));
	EXPECT_EQ(-EFAULT, DkSystemTimeQuery((uint64_t *)0xffffffff81000000ul));
	munmap(ro, 4096);
}

TEST_F(misc, random_fills_buffer)
{
	static unsigned char a[4096], b[4096];
	int counts[256] = { 0 };
	int i, zeros = 0;

	ASSERT_EQ(sizeof(a), DkRandomBitsRead(a, sizeof(a)));
	ASSERT_EQ(sizeof(b), DkRandomBitsRead(b, sizeof(b)));
	EXPECT_NE(0, memcmp(a, b, sizeof(a)));
	for (i = 0; i < 4096; i++) {
		counts[a[i]]++;
		zeros += !a[i];
	}
	/* 4096 uniform bytes: every value appears far fewer than 80 times. */
	for (i = 0; i < 256; i++)
		EXPECT_GT(80, counts[i]);
	EXPECT_GT(80, zeros);
	EXPECT_EQ(0, DkRandomBitsRead(a, 0));
	EXPECT_EQ(0, DkRandomBitsRead(NULL, 0));
}

TEST_F(misc, random_is_capped)
{
	size_t big = 4u << 20;
	unsigned char *p = malloc(big);

	ASSERT_NE(NULL, p);
	memset(p, 0, big);
	EXPECT_EQ(DK_RANDOM_MAX, DkRandomBitsRead(p, big));
	EXPECT_EQ(DK_RANDOM_MAX, DkRandomBitsRead(p, ~0ULL));
	/* Nothing beyond the cap was written. */
	EXPECT_EQ(0, p[DK_RANDOM_MAX + 1]);
	EXPECT_EQ(0, p[big - 1]);
	free(p);
}

TEST_F(misc, random_partial_and_bad_buffers)
{
	char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(0, mprotect(p + 4096, 4096, PROT_NONE));
	/* Writable part first: the count says how much was written. */
	EXPECT_EQ(4096 - 100, DkRandomBitsRead(p + 100, 8192));
	EXPECT_EQ(-EFAULT, DkRandomBitsRead(p + 4096, 16));
	EXPECT_EQ(-EFAULT, DkRandomBitsRead(NULL, 16));
	EXPECT_EQ(-EFAULT, DkRandomBitsRead((void *)0xffff888000000000ul, 16));
	munmap(p, 2 * 4096);
}

TEST_F(misc, icache_flush)
{
	static const char code[64];

	EXPECT_EQ(0, DkInstructionCacheFlush(code, sizeof(code)));
	EXPECT_EQ(0, DkInstructionCacheFlush(NULL, 0));
	EXPECT_EQ(-EFAULT, DkInstructionCacheFlush((void *)0xffffffff81000000ul, 16));
	EXPECT_EQ(-EINVAL, DkInstructionCacheFlush(code, ~0ULL));
}

TEST_F(misc, process_exit_records_code)
{
	struct dk_context_info info;

	ASSERT_EQ(0, dk_call(DK_CALL_PROCESS_EXIT, 300, 0, 0, 0, 0, 0));
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	EXPECT_EQ(300 & 0xff, info.exit_code);
}

TEST_HARNESS_MAIN
