// SPDX-License-Identifier: GPL-2.0
/*
 * dbexec as a user sees it: the hello picoprocess, exit statuses, argument
 * passing, standard streams, and clear errors for images it cannot run.
 */
#include "kselftest_harness.h"
#include "dbtest.h"

#include <sys/stat.h>

#define HELLO DBT_TOP "/examples/hello/hello"

TEST(hello_prints_arguments_and_exits_with_status)
{
	char *argv[] = { DBT_DBEXEC, HELLO, "first", "second arg", "--exit", "3", NULL };
	static struct dbt_result r;

	ASSERT_EQ(0, dbt_run(argv, NULL, &r));
	EXPECT_EQ(3, dbt_exit_code(&r)) TH_LOG("stderr: %s", r.err);
	EXPECT_NE(NULL, strstr(r.out, "Hello from a picoprocess!"));
	EXPECT_NE(NULL, strstr(r.out, "first"));
	EXPECT_NE(NULL, strstr(r.out, "second arg"));
}

TEST(exit_statuses_pass_through)
{
	static const char *const codes[] = { "0", "1", "255" };
	static struct dbt_result r;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		char *argv[] = { DBT_DBEXEC, HELLO, "--exit", (char *)codes[i], NULL };

		ASSERT_EQ(0, dbt_run(argv, NULL, &r));
		EXPECT_EQ(atoi(codes[i]), dbt_exit_code(&r));
	}
}

TEST(forbidden_syscall_is_reported)
{
	char *argv[] = { DBT_DBEXEC, HELLO, "--fault", NULL };
	static struct dbt_result r;

	ASSERT_EQ(0, dbt_run(argv, NULL, &r));
	EXPECT_EQ(128 + SIGSYS, dbt_exit_code(&r));
	EXPECT_NE(NULL, strstr(r.err, "dbexec: picoprocess killed: forbidden host syscall"));
}

/*
 * DK_EXC_SYSCALL: a picoprocess with a handler answers its own refused
 * system calls (the host never executes them); one made inside the
 * handler, an i386 call, or one without a handler still kills it and is
 * reported by name.
 */
TEST(syscall_exception_is_handled_by_the_picoprocess)
{
	char *argv[] = { DBT_DBEXEC, DBT_PICO("sysexc"), "handle", NULL };
	static struct dbt_result r;

	ASSERT_EQ(0, dbt_run(argv, NULL, &r));
	EXPECT_EQ(0, dbt_exit_code(&r)) TH_LOG("stderr: %s", r.err);
	EXPECT_STREQ("getpid 4242\ngetppid -38\n", r.out);
	EXPECT_EQ(NULL, strstr(r.err, "forbidden")) TH_LOG("stderr: %s", r.err);
}

TEST(syscall_exception_fail_closed)
{
	static const char *const modes[] = { "nested", "int80", "none" };
	static const char *const names[] = { "getpid", "i386", "getpid" };
	static struct dbt_result r;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		char *argv[] = { DBT_DBEXEC, DBT_PICO("sysexc"), (char *)modes[i], NULL };

		ASSERT_EQ(0, dbt_run(argv, NULL, &r));
		EXPECT_EQ(128 + SIGSYS, dbt_exit_code(&r))
			TH_LOG("%s: stderr: %s", modes[i], r.err);
		EXPECT_NE(NULL, strstr(r.err, "dbexec: picoprocess killed: forbidden host syscall"))
			TH_LOG("%s: stderr: %s", modes[i], r.err);
		EXPECT_NE(NULL, strstr(r.err, names[i]))
			TH_LOG("%s: stderr: %s", modes[i], r.err);
		EXPECT_EQ(NULL, strstr(r.out, "getpid 4242")) TH_LOG("%s", modes[i]);
	}
}

/*
 * Static Linux programs are linked at 0x400000: dbexec (linked at
 * 0x7e000000) leaves 0x400000 up to 1 GiB free for the picoprocess, which
 * can reserve all of it at that fixed address.
 */
TEST(low_address_range_is_free)
{
	char *argv[] = { DBT_DBEXEC, DBT_PICO("lowmem"), NULL };
	static struct dbt_result r;

	ASSERT_EQ(0, dbt_run(argv, NULL, &r));
	EXPECT_EQ(0, dbt_exit_code(&r)) TH_LOG("stdout: %s stderr: %s", r.out, r.err);
	EXPECT_STREQ("low range free\n", r.out);
}

static void expect_refused(struct __test_metadata *_metadata, const char *image,
			   const char *msg)
{
	char *argv[] = { DBT_DBEXEC, (char *)image, NULL };
	static struct dbt_result r;

	ASSERT_EQ(0, dbt_run(argv, NULL, &r));
	EXPECT_NE(0, dbt_exit_code(&r));
	EXPECT_GT(128, dbt_exit_code(&r)) TH_LOG("%s: killed instead of refused", image);
	EXPECT_NE(NULL, strstr(r.err, msg)) TH_LOG("%s: stderr was: %s", image, r.err);
}

TEST(bad_images_are_refused_clearly)
{
	char text[] = "/tmp/dbexec-textXXXXXX";
	char trunc[] = "/tmp/dbexec-truncXXXXXX";
	char buf[100];
	int fd, in;

	fd = mkstemp(text);
	ASSERT_LE(0, fd);
	ASSERT_EQ(14, write(fd, "#!/bin/sh\necho", 14));
	close(fd);
	chmod(text, 0755);
	expect_refused(_metadata, text, "ELF");

	/* First 100 bytes of a real image. */
	fd = mkstemp(trunc);
	ASSERT_LE(0, fd);
	in = open(HELLO, O_RDONLY);
	ASSERT_LE(0, in);
	ASSERT_EQ(100, read(in, buf, 100));
	ASSERT_EQ(100, write(fd, buf, 100));
	close(in);
	close(fd);
	expect_refused(_metadata, trunc, "");

	/* A dynamically linked host program. */
	expect_refused(_metadata, "/bin/true", "");
	/* Missing file. */
	expect_refused(_metadata, "/nonexistent/image", "");
	unlink(text);
	unlink(trunc);
}

/*
 * A FIFO named as PROGRAM (run or --check) is refused at once, exit 126:
 * opening it does not wait for a writer (the old loader's open did,
 * forever).  A directory likewise.
 */
FIXTURE(fifo) {
	char dir[32];
	char fifo[64];
};

FIXTURE_SETUP(fifo)
{
	strcpy(self->dir, "/tmp/dbexec-fifoXXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->fifo, sizeof(self->fifo), "%s/fifo", self->dir);
	ASSERT_EQ(0, mkfifo(self->fifo, 0755));
}

FIXTURE_TEARDOWN(fifo)
{
	unlink(self->fifo);
	rmdir(self->dir);
}

TEST_F(fifo, non_regular_program_refused_promptly)
{
	char *run[] = { DBT_DBEXEC, self->fifo, NULL };
	char *check[] = { DBT_DBEXEC, "--check", self->fifo, NULL };
	char *dir[] = { DBT_DBEXEC, self->dir, NULL };
	static struct dbt_result r;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, dbt_run_timeout(i ? check : run, NULL, &r, 10));
		ASSERT_FALSE(r.timed_out) TH_LOG("%s: dbexec hung", i ? "--check" : "run");
		EXPECT_EQ(126, dbt_exit_code(&r)) TH_LOG("stderr: %s", r.err);
		EXPECT_NE(NULL, strstr(r.err, "not a regular file (a FIFO)"))
			TH_LOG("stderr: %s", r.err);
	}
	ASSERT_EQ(0, dbt_run_timeout(dir, NULL, &r, 10));
	EXPECT_EQ(126, dbt_exit_code(&r)) TH_LOG("stderr: %s", r.err);
	EXPECT_NE(NULL, strstr(r.err, "not a regular file (a directory)"))
		TH_LOG("stderr: %s", r.err);
}

TEST(stdin_reaches_the_picoprocess_as_a_stream)
{
	char *argv[] = { DBT_DBEXEC, DBT_PICO("cat"), NULL };
	static struct dbt_result r;

	ASSERT_EQ(0, dbt_run(argv, "line one\nline two\n", &r));
	EXPECT_EQ(0, dbt_exit_code(&r)) TH_LOG("stderr: %s", r.err);
	EXPECT_STREQ("line one\nline two\n", r.out);
}

TEST_HARNESS_MAIN
