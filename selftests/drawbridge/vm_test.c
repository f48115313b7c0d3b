// SPDX-License-Identifier: GPL-2.0
/*
 * DkVirtualMemoryAlloc/Free/Protect: reserve/commit semantics, contents
 * across protection changes, enforcement of protection, what may be freed,
 * argument checking and the address-space quota.
 */
#include "kselftest_harness.h"
#include "dbtest.h"

#include <setjmp.h>
#include <sys/mman.h>

#define PG 4096UL

/* Does touching @p (read, or write when @write) fault?  Checked in a child. */
static int faults(volatile char *p, int write)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		if (write)
			*p = 1;
		else
			(void)*p;
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFSIGNALED(st) && (WTERMSIG(st) == SIGSEGV || WTERMSIG(st) == SIGBUS);
}

DBT_CTX_FIXTURE(vm)

TEST_F(vm, reserve_commit_anywhere)
{
	char *p = NULL;
	size_t i;

	ASSERT_EQ(0, DkVirtualMemoryAlloc((void **)&p, 16 * PG,
					  DK_MEM_RESERVE | DK_MEM_COMMIT,
					  DK_PROT_READ | DK_PROT_WRITE));
	ASSERT_NE(NULL, p);
	EXPECT_EQ(0, (unsigned long)p % PG);
	for (i = 0; i < 16 * PG; i++)
		ASSERT_EQ(0, p[i]);
	memset(p, 0xab, 16 * PG);
	EXPECT_EQ(0xab, (unsigned char)p[16 * PG - 1]);
	EXPECT_EQ(0, DkVirtualMemoryFree(p, 16 * PG, DK_MEM_RELEASE));
	EXPECT_EQ(1, faults(p, 0));
}

TEST_F(vm, reserve_is_inaccessible_until_commit)
{
	char *p = NULL;

	ASSERT_EQ(0, DkVirtualMemoryAlloc((void **)&p, 8 * PG, DK_MEM_RESERVE,
					  DK_PROT_READ | DK_PROT_WRITE));
	EXPECT_EQ(1, faults(p, 0));
	/* Commit the middle two pages only. */
	ASSERT_EQ(0, DkVirtualMemoryAlloc((void **)&(char *){ p + 2 * PG }, 2 * PG,
					  DK_MEM_COMMIT, DK_PROT_READ | DK_PROT_WRITE));
	p[2 * PG] = 7;
	p[4 * PG - 1] = 8;
	EXPECT_EQ(1, faults(p + PG, 0));
	EXPECT_EQ(1, faults(p + 4 * PG, 0));
	EXPECT_EQ(0, faults(p + 3 * PG, 1));
	EXPECT_EQ(7, p[2 * PG]);
}

TEST_F(vm, protect_keeps_contents_and_is_enforced)
{
	char *p = NULL;

	ASSERT_EQ(0, DkVirtualMemoryAlloc((void **)&p, 4 * PG,
					  DK_MEM_RESERVE | DK_MEM_COMMIT,
					  DK_PROT_READ | DK_PROT_WRITE));
	strcpy(p, "drawbridge");
	strcpy(p + 3 * PG, "picoprocess");
	ASSERT_EQ(0, DkVirtualMemoryProtect(p, 4 * PG, DK_PROT_READ));
	EXPECT_STREQ("drawbridge", p);
	EXPECT_STREQ("picoprocess", p + 3 * PG);
	EXPECT_EQ(1, faults(p + PG, 1));
	EXPECT_EQ(0, faults(p + PG, 0));
	ASSERT_EQ(0, DkVirtualMemoryProtect(p + PG, PG, DK_PROT_NONE));
	EXPECT_EQ(1, faults(p + PG, 0));
	ASSERT_EQ(0, DkVirtualMemoryProtect(p, 4 * PG, DK_PROT_READ | DK_PROT_WRITE));
	EXPECT_STREQ("drawbridge", p);
	p[PG] = 'x';
	EXPECT_EQ('x', p[PG]);
}

TEST_F(vm, exec_protection)
{
	/* mov eax, 42; ret */
	static const unsigned char code[] = { 0xb8, 42, 0, 0, 0, 0xc3 };
	unsigned char *p = NULL;
	int (*fn)(void);

	ASSERT_EQ(0, DkVirtualMemoryAlloc((void **)&p, PG,
					  DK_MEM_RESERVE | DK_MEM_COMMIT,
					  DK_PROT_READ | DK_PROT_WRITE));
	memcpy(p, code, sizeof(code));
	ASSERT_EQ(0, DkVirtualMemoryProtect(p, PG, DK_PROT_READ | DK_PROT_EXEC));
	ASSERT_EQ(0, DkInstructionCacheFlush(p, sizeof(code)));
	fn = (int (*)(void))(void *)p;
	EXPECT_EQ(42, fn());
}

TEST_F(vm, decommit_drops_contents)
{
	char *p = NULL;

	ASSERT_EQ(0, DkVirtualMemoryAlloc((void **)&p, 2 * PG,
					  DK_MEM_RESERVE | DK_MEM_COMMIT,
					  DK_PROT_READ | DK_PROT_WRITE));
	memset(p, 0x5a, 2 * PG);
	ASSERT_EQ(0, DkVirtualMemoryFree(p, PG, DK_MEM_DECOMMIT));
	EXPECT_EQ(1, faults(p, 0));
	EXPECT_EQ(0x5a, p[PG]);
	ASSERT_EQ(0, DkVirtualMemoryAlloc((void **)&(char *){ p }, PG, DK_MEM_COMMIT,
					  DK_PROT_READ | DK_PROT_WRITE));
	EXPECT_EQ(0, p[0]);
	EXPECT_EQ(0, p[PG - 1]);
}

TEST_F(vm, fixed_address_and_collision)
{
	char *p = NULL, *q;

	ASSERT_EQ(0, DkVirtualMemoryAlloc((void **)&p, 4 * PG, DK_MEM_RESERVE, 0));
	ASSERT_EQ(0, DkVirtualMemoryFree(p, 4 * PG, DK_MEM_RELEASE));
	q = p;
	ASSERT_EQ(0, DkVirtualMemoryAlloc((void **)&q, 4 * PG,
					  DK_MEM_RESERVE | DK_MEM_COMMIT, DK_PROT_READ));
	EXPECT_EQ(p, q);
	/* The range is taken now. */
	q = p + PG;
	EXPECT_EQ(-EEXIST, DkVirtualMemoryAlloc((void **)&q, PG, DK_MEM_RESERVE, 0));
	/* So is memory that is not ours: our own stack. */
	q = (char *)((unsigned long)&q & ~(PG - 1));
	EXPECT_EQ(-EEXIST, DkVirtualMemoryAlloc((void **)&q, PG, DK_MEM_RESERVE, 0));
}

TEST_F(vm, only_dk_memory_can_be_freed_or_protected)
{
	char *mine = mmap(NULL, PG, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char stackvar = 3;
	char *p = NULL;

	ASSERT_NE(MAP_FAILED, mine);
	mine[0] = 9;
	EXPECT_EQ(-EFAULT, DkVirtualMemoryFree(mine, PG, DK_MEM_RELEASE));
	EXPECT_EQ(-EFAULT, DkVirtualMemoryProtect(mine, PG, DK_PROT_NONE));
	EXPECT_EQ(-EFAULT, DkVirtualMemoryAlloc((void **)&mine, PG, DK_MEM_COMMIT,
						DK_PROT_READ));
	EXPECT_EQ(9, mine[0]);
	EXPECT_EQ(-EFAULT, DkVirtualMemoryProtect((void *)((unsigned long)&stackvar & ~(PG - 1)),
						  PG, DK_PROT_NONE));
	/* A range running past the end of a Dk range is refused whole. */
	ASSERT_EQ(0, DkVirtualMemoryAlloc((void **)&p, 2 * PG,
					  DK_MEM_RESERVE | DK_MEM_COMMIT,
					  DK_PROT_READ | DK_PROT_WRITE));
	p[0] = 1;
	EXPECT_EQ(-EFAULT, DkVirtualMemoryProtect(p, 64 * PG, DK_PROT_NONE));
	EXPECT_EQ(-EFAULT, DkVirtualMemoryFree(p, 64 * PG, DK_MEM_RELEASE));
	EXPECT_EQ(1, p[0]);
	EXPECT_EQ(-EFAULT, DkVirtualMemoryFree(NULL, PG, DK_MEM_RELEASE));
	munmap(mine, PG);
}

TEST_F(vm, bad_arguments)
{
	char *p = NULL;

	/* type */
	EXPECT_EQ(-EINVAL, DkVirtualMemoryAlloc((void **)&p, PG, 0, 0));
	EXPECT_EQ(-EINVAL, DkVirtualMemoryAlloc((void **)&p, PG, 0x10, 0));
	EXPECT_EQ(-EINVAL, DkVirtualMemoryAlloc((void **)&p, PG, DK_MEM_RELEASE, 0));
	/* prot */
	EXPECT_EQ(-EINVAL, DkVirtualMemoryAlloc((void **)&p, PG, DK_MEM_RESERVE, 0x8));
	/* size */
	EXPECT_EQ(-EINVAL, DkVirtualMemoryAlloc((void **)&p, 0, DK_MEM_RESERVE, 0));
	EXPECT_EQ(-EINVAL, DkVirtualMemoryAlloc((void **)&p, ~0ULL, DK_MEM_RESERVE, 0));
	EXPECT_EQ(-EINVAL, DkVirtualMemoryAlloc((void **)&p, 1ULL << 62, DK_MEM_RESERVE, 0));
	/* unaligned address */
	p = (char *)0x10001;
	EXPECT_EQ(-EINVAL, DkVirtualMemoryAlloc((void **)&p, PG, DK_MEM_RESERVE, 0));
	/* unreadable address pointer */
	EXPECT_EQ(-EFAULT, DkVirtualMemoryAlloc(NULL, PG, DK_MEM_RESERVE, 0));
	EXPECT_EQ(-EFAULT, DkVirtualMemoryAlloc((void **)0xffff888000000000ul, PG,
						DK_MEM_RESERVE, 0));
	/* free type and range */
	EXPECT_EQ(-EINVAL, DkVirtualMemoryFree((void *)0x100000, PG, 0));
	EXPECT_EQ(-EINVAL, DkVirtualMemoryFree((void *)0x100000, PG,
					       DK_MEM_RELEASE | DK_MEM_DECOMMIT));
	EXPECT_EQ(-EINVAL, DkVirtualMemoryFree((void *)0x100001, PG, DK_MEM_RELEASE));
	EXPECT_EQ(-EINVAL, DkVirtualMemoryFree((void *)0x100000, 0, DK_MEM_RELEASE));
	EXPECT_EQ(-EINVAL, DkVirtualMemoryFree((void *)0xfffffffffffff000ul, PG,
					       DK_MEM_RELEASE));
	EXPECT_EQ(-EINVAL, DkVirtualMemoryProtect((void *)0x100000, PG, 0xff));
}

TEST_F(vm, unwritable_result_pointer_unmaps)
{
	struct dk_context_info before, after;
	void *ro = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, ro);
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &before));
	EXPECT_EQ(-EFAULT, DkVirtualMemoryAlloc((void **)ro, PG, DK_MEM_RESERVE, 0));
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &after));
	EXPECT_EQ(before.vm_used, after.vm_used);
	munmap(ro, PG);
}

TEST_F(vm, address_space_quota)
{
	struct dk_setup_limits lim = { .max_vm = 8 * PG };
	struct dk_context_info info;
	char *p = NULL, *q = NULL;

	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_SET_LIMITS, &lim));
	ASSERT_EQ(0, DkVirtualMemoryAlloc((void **)&p, 6 * PG, DK_MEM_RESERVE, 0));
	EXPECT_EQ(-EDQUOT, DkVirtualMemoryAlloc((void **)&q, 4 * PG, DK_MEM_RESERVE, 0));
	ASSERT_EQ(0, DkVirtualMemoryAlloc((void **)&q, 2 * PG, DK_MEM_RESERVE, 0));
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	EXPECT_EQ(8 * PG, info.vm_used);
	ASSERT_EQ(0, DkVirtualMemoryFree(p, 6 * PG, DK_MEM_RELEASE));
	q = NULL;
	EXPECT_EQ(0, DkVirtualMemoryAlloc((void **)&q, 6 * PG, DK_MEM_RESERVE, 0));
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	EXPECT_EQ(8 * PG, info.vm_used);
}

/* Memory of a context is not reachable through another context's calls. */
TEST_F(vm, other_context_cannot_free_our_memory)
{
	int other = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	char *p = NULL;

	ASSERT_LE(0, other);
	ASSERT_EQ(0, DkVirtualMemoryAlloc((void **)&p, PG,
					  DK_MEM_RESERVE | DK_MEM_COMMIT,
					  DK_PROT_READ | DK_PROT_WRITE));
	p[0] = 42;
	EXPECT_EQ(-EFAULT, dk_call_fd(other, DK_CALL_VIRTUAL_MEMORY_FREE,
				      (unsigned long)p, PG, DK_MEM_RELEASE, 0, 0, 0));
	EXPECT_EQ(-EFAULT, dk_call_fd(other, DK_CALL_VIRTUAL_MEMORY_PROTECT,
				      (unsigned long)p, PG, DK_PROT_NONE, 0, 0, 0));
	EXPECT_EQ(42, p[0]);
	close(other);
}

TEST_HARNESS_MAIN
