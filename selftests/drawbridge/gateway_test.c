// SPDX-License-Identifier: GPL-2.0
/*
 * The /dev/drawbridge gateway: call numbers, the call structure, set-up
 * commands, sealing, and use from a foreign process.
 */
#include "kselftest_harness.h"
#include "dbtest.h"

#include <stddef.h>
#include <sys/mman.h>

DBT_CTX_FIXTURE(gw)

TEST_F(gw, time_query_succeeds)
{
	__u64 ns = 0;

	ASSERT_EQ(0, dbt_raw_call(self->fd, DK_CALL_SYSTEM_TIME_QUERY, 0,
				  (__u64)(unsigned long)&ns, 0, 0, 0));
	ASSERT_NE(0, ns);
}

TEST_F(gw, out_of_range_call_number)
{
	EXPECT_EQ(-EBADRQC, dbt_raw_call(self->fd, DK_CALL_COUNT, 0, 0, 0, 0, 0));
	EXPECT_EQ(-EBADRQC, dbt_raw_call(self->fd, 0xffffffffu, 0, 0, 0, 0, 0));
	EXPECT_EQ(-EBADRQC, dbt_raw_call(self->fd, 0x80000000u, 0, 0, 0, 0, 0));
}

/* Every reserved call answers ENOSYS, every implemented one something else. */
TEST_F(gw, reserved_calls_are_distinct_from_bad_numbers)
{
	__u32 nr;
	int reserved = 0;

	for (nr = 0; nr < DK_CALL_COUNT; nr++) {
		long r;

		/* Skip calls that end the caller's thread or process. */
		if (nr == DK_CALL_THREAD_EXIT || nr == DK_CALL_PROCESS_EXIT)
			continue;
		/* Invalid handle / NULL pointers: never a success that matters. */
		r = dbt_raw_call(self->fd, nr, 0, 0, 0, 0, 0);
		EXPECT_NE(-EBADRQC, r) TH_LOG("call %u", nr);
		if (r == -ENOSYS)
			reserved++;
	}
	/* Whatever is still reserved, the table is never fully empty. */
	EXPECT_GT(DK_CALL_COUNT - 2, reserved);
}

TEST_F(gw, nonzero_flags_rejected)
{
	__u64 ns;

	EXPECT_EQ(-EINVAL, dbt_raw_call(self->fd, DK_CALL_SYSTEM_TIME_QUERY, 1,
					(__u64)(unsigned long)&ns, 0, 0, 0));
}

TEST_F(gw, bad_call_struct_pointer)
{
	void *page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, page);
	EXPECT_EQ(-EFAULT, dbt_ioctl(self->fd, DK_IOC_CALL, NULL));
	EXPECT_EQ(-EFAULT, dbt_ioctl(self->fd, DK_IOC_CALL, page));
	EXPECT_EQ(-EFAULT, dbt_ioctl(self->fd, DK_IOC_CALL, (void *)0xffff888000000000ul));
	munmap(page, 4096);
}

/*
 * The gateway reads the header and only the arguments the call uses
 * (DkInstructionCacheFlush: two), so a struct dk_call whose unused tail
 * lies on an inaccessible page works, and one whose used part does not
 * fails with EFAULT without running the call.
 */
TEST_F(gw, call_struct_read_up_to_used_arguments)
{
	const size_t used = offsetof(struct dk_call, args[2]);
	char *map = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct dk_call *c;
	uint64_t x = 0;

	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, mprotect(map + 4096, 4096, PROT_NONE));

	/* args[2..5] on the inaccessible page: fine. */
	c = (struct dk_call *)(map + 4096 - used);
	c->nr = DK_CALL_INSTRUCTION_CACHE_FLUSH;
	c->flags = 0;
	c->args[0] = (uintptr_t)&x;
	c->args[1] = sizeof(x);
	EXPECT_EQ(0, dbt_ioctl(self->fd, DK_IOC_CALL, c));

	/* args[1] on the inaccessible page: EFAULT. */
	c = (struct dk_call *)(map + 4096 - used + 8);
	c->nr = DK_CALL_INSTRUCTION_CACHE_FLUSH;
	c->flags = 0;
	c->args[0] = (uintptr_t)&x;
	EXPECT_EQ(-EFAULT, dbt_ioctl(self->fd, DK_IOC_CALL, c));

	/* flags on the inaccessible page: EFAULT, not EINVAL. */
	c = (struct dk_call *)(map + 4096 - 4);
	c->nr = DK_CALL_INSTRUCTION_CACHE_FLUSH;
	EXPECT_EQ(-EFAULT, dbt_ioctl(self->fd, DK_IOC_CALL, c));
	munmap(map, 8192);
}

TEST_F(gw, unknown_ioctl_command)
{
	EXPECT_EQ(-ENOTTY, dbt_ioctl(self->fd, _IO(DK_IOC_MAGIC, 0x7f), NULL));
	EXPECT_EQ(-ENOTTY, dbt_ioctl(self->fd, 0, NULL));
	/* Same number, wrong size/direction encoding. */
	EXPECT_EQ(-ENOTTY, dbt_ioctl(self->fd, _IOW(DK_IOC_MAGIC, 0x00, int), NULL));
}

TEST_F(gw, read_write_mmap_on_device_fail)
{
	char buf[8];

	EXPECT_GT(0, read(self->fd, buf, sizeof(buf)));
	EXPECT_GT(0, write(self->fd, buf, sizeof(buf)));
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 4096, PROT_READ, MAP_SHARED, self->fd, 0));
}

TEST_F(gw, info_reports_defaults)
{
	struct dk_context_info info;

	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	EXPECT_EQ(DK_ABI_VERSION, info.abi_version);
	EXPECT_NE(0, info.tag);
	EXPECT_EQ(0, info.sealed);
	EXPECT_EQ(0, info.handles);
	EXPECT_EQ(-1, info.exit_code);
	EXPECT_LT(0, info.max_handles);
	EXPECT_EQ(-EFAULT, dbt_ioctl(self->fd, DK_IOC_GET_INFO, NULL));
}

TEST_F(gw, seal_refuses_setup)
{
	struct dk_setup_limits lim = { .max_handles = 8 };
	struct dk_context_info info;

	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_SET_LIMITS, &lim));
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_SEAL, NULL));
	EXPECT_EQ(-EBUSY, dbt_ioctl(self->fd, DK_IOC_SEAL, NULL));
	EXPECT_EQ(-EBUSY, dbt_ioctl(self->fd, DK_IOC_SET_LIMITS, &lim));
	EXPECT_EQ(-EBUSY, dbt_add_stream(self->fd, 1, DK_ACCESS_WRITE));
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	EXPECT_EQ(1, info.sealed);
	EXPECT_EQ(8, info.max_handles);
}

TEST_F(gw, limits_only_shrink)
{
	struct dk_context_info info;
	struct dk_setup_limits lim;

	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	lim = (struct dk_setup_limits){ .max_handles = info.max_handles + 1 };
	EXPECT_EQ(-EINVAL, dbt_ioctl(self->fd, DK_IOC_SET_LIMITS, &lim));
	lim = (struct dk_setup_limits){ .max_kmem = info.max_kmem * 2 };
	EXPECT_EQ(-EINVAL, dbt_ioctl(self->fd, DK_IOC_SET_LIMITS, &lim));
	lim = (struct dk_setup_limits){ .max_vm = 1ull << 20 };
	EXPECT_EQ(0, dbt_ioctl(self->fd, DK_IOC_SET_LIMITS, &lim));
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	EXPECT_EQ(1ull << 20, info.max_vm);
	EXPECT_EQ(-EFAULT, dbt_ioctl(self->fd, DK_IOC_SET_LIMITS, (void *)8));
}

/* A context is usable only from the process that created it. */
TEST_F(gw, foreign_process_gets_eperm)
{
	struct dk_context_info info;
	int st;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		__u64 ns;
		long a = dbt_raw_call(self->fd, DK_CALL_SYSTEM_TIME_QUERY, 0,
				      (__u64)(unsigned long)&ns, 0, 0, 0);
		long b = dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info);
		long c = dbt_ioctl(self->fd, DK_IOC_SEAL, NULL);

		_exit(a == -EPERM && b == -EPERM && c == -EPERM ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* ... and the child's attempt changed nothing. */
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	EXPECT_EQ(0, info.sealed);
}

/* Each open is an independent context with its own tag. */
TEST(contexts_are_independent)
{
	struct dk_context_info a, b;
	int fa = dbt_open(), fb = dbt_open();

	ASSERT_LE(0, fa);
	ASSERT_LE(0, fb);
	ASSERT_EQ(0, dbt_ioctl(fa, DK_IOC_GET_INFO, &a));
	ASSERT_EQ(0, dbt_ioctl(fb, DK_IOC_GET_INFO, &b));
	EXPECT_NE(a.tag, b.tag);
	ASSERT_EQ(0, dbt_ioctl(fa, DK_IOC_SEAL, NULL));
	ASSERT_EQ(0, dbt_ioctl(fb, DK_IOC_GET_INFO, &b));
	EXPECT_EQ(0, b.sealed);
	close(fa);
	close(fb);
}

TEST_HARNESS_MAIN
