// SPDX-License-Identifier: GPL-2.0
/*
 * Module lifetime: cannot be unloaded while a context exists, unloads
 * cleanly afterwards, and loads again in the same boot.
 */
#include "kselftest_harness.h"
#include "dbtest.h"

static int sh(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

TEST(unload_blocked_while_context_open_then_reload)
{
	char *hello[] = { DBT_DBEXEC, DBT_TOP "/examples/hello/hello", NULL };
	static struct dbt_result r;
	uint64_t ns;
	int fd;

	if (getuid() != 0) {
		SKIP(return, "needs root to load and unload modules");
	}
	/* run_tests.sh has loaded the module. */
	fd = open(DK_DEVICE_PATH, O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_NE(0, sh("rmmod drawbridge 2>/dev/null"));
	EXPECT_EQ(0, access(DK_DEVICE_PATH, F_OK));
	close(fd);

	ASSERT_EQ(0, sh("rmmod drawbridge"));
	EXPECT_NE(0, access(DK_DEVICE_PATH, F_OK));
	EXPECT_GT(0, open(DK_DEVICE_PATH, O_RDWR));
	/* dbexec explains what is missing. */
	ASSERT_EQ(0, dbt_run(hello, NULL, &r));
	EXPECT_EQ(127, dbt_exit_code(&r));
	EXPECT_NE(NULL, strstr(r.err, "insmod")) TH_LOG("stderr: %s", r.err);

	ASSERT_EQ(0, sh("insmod " DBT_MODULE));
	fd = dbt_open();
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, DkSystemTimeQuery(&ns));
	close(fd);
}

/* A context whose mapping outlives it does not pin the module forever. */
TEST(unload_after_mapping_outlives_context)
{
	char *m;
	int fd;

	if (getuid() != 0) {
		SKIP(return, "needs root to load and unload modules");
	}
	fd = dbt_open();
	ASSERT_LE(0, fd);
	m = dbt_alloc_rw(4096);
	ASSERT_NE(NULL, m);
	m[0] = 5;
	close(fd);
	EXPECT_EQ(5, m[0]);
	ASSERT_EQ(0, sh("rmmod drawbridge"));
	EXPECT_EQ(5, m[0]);
	ASSERT_EQ(0, sh("insmod " DBT_MODULE));
}

TEST_HARNESS_MAIN
