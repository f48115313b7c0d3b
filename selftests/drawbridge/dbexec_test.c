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

/*
 * libOS mode.  Until the libOS image exists, a stand-in (pico/libos_standin,
 * through --libos-image) prints what it was handed.  The static program
 * run is dbexec itself: ET_EXEC, no PT_INTERP, no Drawbridge note.
 */
#define STANDIN DBT_PICO("libos_standin")

TEST(static_program_runs_under_the_libos)
{
	char *argv[] = { DBT_DBEXEC, "--libos-image", STANDIN, "--env", "FOO=bar",
			 "--env", "HOME=/home/x", DBT_DBEXEC, "one", "two words", NULL };
	static struct dbt_result r;
	char cwd[512], line[600];

	ASSERT_NE(NULL, getcwd(cwd, sizeof(cwd)));
	ASSERT_EQ(0, dbt_run(argv, NULL, &r));
	EXPECT_EQ(0, dbt_exit_code(&r)) TH_LOG("stderr: %s", r.err);
	EXPECT_NE(NULL, strstr(r.out, "argv[0]=" DBT_DBEXEC "\nargv[1]=one\nargv[2]=two words\n"))
		TH_LOG("stdout: %s", r.out);
	/* Defaults in order, HOME replaced in place, FOO added. */
	EXPECT_NE(NULL, strstr(r.out, "env=PATH=/usr/bin:/bin\nenv=HOME=/home/x\nenv=LANG=C\nenv=FOO=bar\nexec_path="))
		TH_LOG("stdout: %s", r.out);
	EXPECT_NE(NULL, strstr(r.out, "exec_path=" DBT_DBEXEC "\nexec=7f454c46\n"))
		TH_LOG("stdout: %s", r.out);
	snprintf(line, sizeof(line), "cwd=%s\nvdso=1\naux=1\nstrict=0\n", cwd);
	EXPECT_NE(NULL, strstr(r.out, line)) TH_LOG("stdout: %s", r.out);
}

TEST(libos_mode_manifest_env_cwd_vdso)
{
	char path[] = "/tmp/dbexec-libosXXXXXX";
	static const char text[] = "env FOO=manifest\nenv LANG=C.UTF-8\ncwd /tmp\nvdso off\n";
	char *argv[] = { DBT_DBEXEC, "--libos-image", STANDIN, "-m", path,
			 "--env", "FOO=option", "--libos-strict", DBT_DBEXEC, NULL };
	static struct dbt_result r;
	int fd;

	fd = mkstemp(path);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)strlen(text), write(fd, text, strlen(text)));
	close(fd);
	ASSERT_EQ(0, dbt_run(argv, NULL, &r));
	unlink(path);
	EXPECT_EQ(0, dbt_exit_code(&r)) TH_LOG("stderr: %s", r.err);
	EXPECT_NE(NULL, strstr(r.out, "env=PATH=/usr/bin:/bin\nenv=HOME=/\nenv=LANG=C.UTF-8\nenv=FOO=option\nexec_path="))
		TH_LOG("stdout: %s", r.out);
	EXPECT_NE(NULL, strstr(r.out, "cwd=/tmp\nvdso=0\naux=1\nstrict=1\n"))
		TH_LOG("stdout: %s", r.out);
}

/* --libos runs even a dbcc image under the libOS; --no-libos never does. */
TEST(libos_mode_is_forced_either_way)
{
	char *on[] = { DBT_DBEXEC, "--libos", "--libos-image", STANDIN, HELLO, NULL };
	char *off[] = { DBT_DBEXEC, "--no-libos", "--libos-image", STANDIN, DBT_DBEXEC, NULL };
	char *plain[] = { DBT_DBEXEC, "--libos-image", STANDIN, HELLO, NULL };
	static struct dbt_result r;

	ASSERT_EQ(0, dbt_run(on, NULL, &r));
	EXPECT_EQ(0, dbt_exit_code(&r)) TH_LOG("stderr: %s", r.err);
	EXPECT_NE(NULL, strstr(r.out, "exec_path=" HELLO "\n")) TH_LOG("stdout: %s", r.out);
	/* A dbcc image runs as itself by default. */
	ASSERT_EQ(0, dbt_run(plain, NULL, &r));
	EXPECT_EQ(0, dbt_exit_code(&r)) TH_LOG("stderr: %s", r.err);
	EXPECT_NE(NULL, strstr(r.out, "Hello from a picoprocess!"));
	/* dbexec's loader refuses the ET_EXEC program as an image. */
	ASSERT_EQ(0, dbt_run(off, NULL, &r));
	EXPECT_EQ(126, dbt_exit_code(&r)) TH_LOG("stderr: %s", r.err);
	EXPECT_NE(NULL, strstr(r.err, "ET_EXEC")) TH_LOG("stderr: %s", r.err);
	EXPECT_EQ(NULL, strstr(r.out, "exec_path="));
}

TEST(libos_mode_refuses_dynamic_programs)
{
	char *argv[] = { DBT_DBEXEC, "--libos-image", STANDIN, "/bin/true", NULL };
	char *forced[] = { DBT_DBEXEC, "--libos", "--libos-image", STANDIN, "/bin/true", NULL };
	static struct dbt_result r;

	ASSERT_EQ(0, dbt_run(argv, NULL, &r));
	EXPECT_EQ(126, dbt_exit_code(&r));
	EXPECT_NE(NULL, strstr(r.err, "dynamically linked program")) TH_LOG("stderr: %s", r.err);
	ASSERT_EQ(0, dbt_run(forced, NULL, &r));
	EXPECT_EQ(126, dbt_exit_code(&r));
	EXPECT_NE(NULL, strstr(r.err, "dynamically linked program")) TH_LOG("stderr: %s", r.err);
	EXPECT_EQ(NULL, strstr(r.out, "exec_path="));
}

/*
 * libOS mode has no ptrace monitor: a refused call without a handler still
 * kills the picoprocess (SIGSYS), dbexec still reports the signal and the
 * status, but cannot name the call.
 */
TEST(libos_mode_refused_call_still_kills)
{
	char *argv[] = { DBT_DBEXEC, "--libos-image", STANDIN, DBT_DBEXEC, "syscall", NULL };
	static struct dbt_result r;

	ASSERT_EQ(0, dbt_run(argv, NULL, &r));
	EXPECT_EQ(128 + SIGSYS, dbt_exit_code(&r)) TH_LOG("stderr: %s", r.err);
	EXPECT_NE(NULL, strstr(r.err, "dbexec: picoprocess killed by signal SIGSYS"))
		TH_LOG("stderr: %s", r.err);
	EXPECT_NE(NULL, strstr(r.out, "strict=0\n"));
}

/* A missing libOS image is a clear load error. */
TEST(libos_mode_missing_image)
{
	char *argv[] = { DBT_DBEXEC, "--libos-image", "/nonexistent/libos", DBT_DBEXEC, NULL };
	static struct dbt_result r;

	ASSERT_EQ(0, dbt_run(argv, NULL, &r));
	EXPECT_EQ(126, dbt_exit_code(&r));
	EXPECT_NE(NULL, strstr(r.err, "libOS image /nonexistent/libos")) TH_LOG("stderr: %s", r.err);
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
