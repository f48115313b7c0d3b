// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/drawbridge is world-usable: an unprivileged process sending garbage
 * must get errors, never a crash of the kernel or of itself.  The VM runner
 * fails the whole run if the kernel log shows any splat afterwards.
 */
#include "kselftest_harness.h"
#include "dbtest.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <grp.h>

#define NOBODY 65534

static unsigned long long rng = 0x9e3779b97f4a7c15ull;

static unsigned long long next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/*
 * An 8 KiB scratch area between two inaccessible guard pages, so that the
 * kernel's (correct) writes through random pointers into it cannot spill
 * into the test's own libraries.
 */
static char *scratch_area(void)
{
	char *p = mmap(NULL, 4 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || mprotect(p + 4096, 8192, PROT_READ | PROT_WRITE))
		return MAP_FAILED;
	return p + 4096;
}

/* Arguments that tend to hit interesting paths. */
static __u64 pick(char *scratch)
{
	static const __u64 special[] = {
		0, 1, 4096, ~0ULL, 0x7fffffff, 0x80000000, 0xffffffff,
		0xffff888000000000ull, 0xffffffff81000000ull, 1ULL << 47,
		(1ULL << 47) - 4096, DK_OFFSET_NONE,
	};

	switch (next() % 4) {
	case 0:
		return special[next() % (sizeof(special) / sizeof(special[0]))];
	case 1:
		return (__u64)(unsigned long)(scratch + next() % 8192);
	case 2:
		return next() % 70000;
	default:
		return next();
	}
}

static void drop_privileges(struct __test_metadata *_metadata)
{
	if (getuid() == 0) {
		ASSERT_EQ(0, setgroups(0, NULL));
		ASSERT_EQ(0, setgid(NOBODY));
		ASSERT_EQ(0, setuid(NOBODY));
	}
	ASSERT_NE(0, getuid());
}

TEST(device_is_world_usable)
{
	struct stat st;

	ASSERT_EQ(0, stat(DK_DEVICE_PATH, &st));
	EXPECT_EQ(0666, st.st_mode & 0777);
	EXPECT_TRUE(S_ISCHR(st.st_mode));
}

TEST(unprivileged_random_calls)
{
	char *scratch = scratch_area();
	int fd, i, ok = 0, err = 0;

	ASSERT_NE(MAP_FAILED, scratch);
	drop_privileges(_metadata);
	fd = open(DK_DEVICE_PATH, O_RDWR);
	ASSERT_LE(0, fd);
	for (i = 0; i < 200000; i++) {
		struct dk_call c = {
			.nr = next() % 3 ? next() % (DK_CALL_COUNT + 4) : (__u32)next(),
			.flags = next() % 16 ? 0 : (__u32)next(),
		};
		int k;
		long r;

		/* Leaving the process or thread is not garbage, it's a call. */
		if (c.nr == DK_CALL_PROCESS_EXIT || c.nr == DK_CALL_THREAD_EXIT ||
		    c.nr == DK_CALL_THREAD_CREATE || c.nr == DK_CALL_PROCESS_CREATE)
			continue;
		for (k = 0; k < DK_CALL_MAX_ARGS; k++)
			c.args[k] = pick(scratch);
		/* Keep the one writable area intact for the next round. */
		if (c.nr == DK_CALL_VIRTUAL_MEMORY_FREE || c.nr == DK_CALL_VIRTUAL_MEMORY_PROTECT)
			c.args[0] |= 1ULL << 46;
		/* Blocking calls: a garbage timeout may legitimately be years. */
		if (c.nr == DK_CALL_THREAD_DELAY_EXECUTION)
			c.args[0] = next() % 100000;
		if (c.nr == DK_CALL_OBJECTS_WAIT_ANY ||
		    c.nr == DK_CALL_STREAM_POLL)
			c.args[2] = next() % 100000;
		r = ioctl(fd, DK_IOC_CALL, &c);
		if (r < 0)
			err++;
		else
			ok++;
	}
	TH_LOG("%d calls succeeded, %d failed with an error", ok, err);
	EXPECT_LT(100000, err);
	close(fd);
}

TEST(unprivileged_random_ioctls)
{
	char *scratch = scratch_area();
	int fd, i;

	ASSERT_NE(MAP_FAILED, scratch);
	drop_privileges(_metadata);
	fd = open(DK_DEVICE_PATH, O_RDWR);
	ASSERT_LE(0, fd);
	for (i = 0; i < 50000; i++) {
		unsigned long cmd = next() % 2 ? _IOC(next() % 4, DK_IOC_MAGIC,
						      next() % 32, next() % 256)
					       : (unsigned int)next();
		__u64 arg = pick(scratch);

		if (cmd == DK_IOC_CALL)
			continue;
		/* Never hand our own stdio to the context; it's harmless anyway. */
		(void)ioctl(fd, cmd, (unsigned long)arg);
	}
	/* The context still works. */
	dk_set_fd(fd);
	{
		uint64_t ns;

		EXPECT_EQ(0, DkSystemTimeQuery(&ns));
	}
	close(fd);
}

/* A fixture only for the longer timer (a hang detector: the debug kernel
 * takes minutes where Debian's takes seconds).
 */
FIXTURE(slow) {
};

FIXTURE_SETUP(slow)
{
}

FIXTURE_TEARDOWN(slow)
{
}

/* Many contexts opened and dropped with objects in them: nothing leaks. */
TEST_F_TIMEOUT(slow, open_close_churn, 600)
{
	int i, p[2];

	ASSERT_EQ(0, pipe(p));
	drop_privileges(_metadata);
	for (i = 0; i < 2000; i++) {
		int fd = open(DK_DEVICE_PATH, O_RDWR);
		char *m;

		ASSERT_LE(0, fd);
		ASSERT_LT(0, dbt_add_stream(fd, p[1], DK_ACCESS_WRITE));
		dk_set_fd(fd);
		m = dbt_alloc_rw(4096);
		ASSERT_NE(NULL, m);
		m[0] = 1;
		close(fd);
		/* The mapping outlives the context and stays usable. */
		EXPECT_EQ(1, m[0]);
		munmap(m, 4096);
	}
}

TEST_HARNESS_MAIN
