// SPDX-License-Identifier: GPL-2.0
/*
 * DkThreadCreate, DkThreadExit, DkThreadResume, DkThreadYieldExecution,
 * DkThreadDelayExecution: success and error paths, thread handles in
 * wait-any (signaled however the thread ends), stacks, 200 threads.
 *
 * Thread routines run on raw Dk threads that share the creator's TLS, so
 * they call nothing but libdk and compiler builtins.
 */
#include "kselftest_harness.h"
#include "dbtest.h"

#include <time.h>
#include <sys/syscall.h>

FIXTURE(thr) {
	int fd;
};

FIXTURE_SETUP(thr)
{
	self->fd = dbt_open();
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(thr)
{
	close(self->fd);
}

static void set_flag(void *p)
{
	__atomic_store_n((int *)p, 1, __ATOMIC_RELEASE);
}

static void noop(void *p)
{
}

TEST_F(thr, create_errors)
{
	int flag = 0;

	EXPECT_EQ(-EINVAL, DkThreadCreate(NULL, &flag, NULL, 0));
	EXPECT_EQ(-EINVAL, DkThreadCreate(set_flag, &flag, NULL, 0x80));
	EXPECT_EQ(-EINVAL, DkThreadCreate(set_flag, &flag, NULL,
					  DK_THREAD_ATTACH));
	/* The kernel half refuses internal flag misuse and bad tokens. */
	EXPECT_EQ(-ESRCH, dk_call(DK_CALL_THREAD_CREATE, 0, 0, 0,
				  DK_THREAD_ATTACH, 0, 12345));
	EXPECT_EQ(-ESRCH, dk_call(DK_CALL_THREAD_CREATE, 0, 0, 0,
				  DK_THREAD_ABORT, 0, 0));
	EXPECT_EQ(-EINVAL, dk_call(DK_CALL_THREAD_CREATE, 0, 0, 4096,
				   DK_THREAD_OWN_STACK, 100, 0));
	/* No ended thread's stack to reuse yet. */
	EXPECT_EQ(-ENOENT, dk_call(DK_CALL_THREAD_CREATE, 0, 0, 0,
				   DK_THREAD_OWN_STACK, 4096, 0));
	EXPECT_EQ(-EFAULT, dk_call(DK_CALL_THREAD_CREATE, 0, 0, 0, 0, 0, 0));
	EXPECT_EQ(0, flag);
}

TEST_F(thr, create_and_join)
{
	int flag = 0;
	long t = DkThreadCreate(set_flag, &flag, NULL, 0);

	ASSERT_LT(0, t);
	ASSERT_EQ(0, join(t));
	EXPECT_EQ(1, flag);
	/* A thread handle stays signaled. */
	EXPECT_EQ(0, wait1(t, 0));
	EXPECT_EQ(-ESRCH, DkThreadRaiseException(t, NULL));
	EXPECT_EQ(-EINVAL, DkThreadResume(t));
	EXPECT_EQ(0, DkObjectClose(t));
}

static void raw_exit(void *p)
{
	__atomic_store_n((int *)p, 1, __ATOMIC_RELEASE);
	/* Leave without DkThreadExit: the handle is signaled anyway. */
	for (;;)
		__asm__ volatile ("syscall" : : "a" (60L), "D" (0L)
				  : "rcx", "r11", "memory");
}

TEST_F(thr, handle_signaled_on_raw_exit)
{
	int flag = 0;
	long t = DkThreadCreate(raw_exit, &flag, NULL, 0);

	ASSERT_LT(0, t);
	ASSERT_EQ(0, join(t));
	EXPECT_EQ(1, flag);
}

static void dk_exit(void *p)
{
	__atomic_store_n((int *)p, 1, __ATOMIC_RELEASE);
	DkThreadExit();
}

TEST_F(thr, handle_signaled_on_thread_exit)
{
	int flag = 0;
	long t = DkThreadCreate(dk_exit, &flag, NULL, 0);

	ASSERT_LT(0, t);
	ASSERT_EQ(0, join(t));
	EXPECT_EQ(1, flag);
}

TEST_F(thr, caller_stack)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	int flag = 0;
	long t = DkThreadCreate(set_flag, &flag, stack + sizeof(stack), 0);

	ASSERT_LT(0, t);
	ASSERT_EQ(0, join(t));
	EXPECT_EQ(1, flag);
}

TEST_F(thr, create_suspended_and_resume)
{
	int flag = 0;
	long t = DkThreadCreate(set_flag, &flag, NULL,
				DK_THREAD_CREATE_SUSPENDED);

	ASSERT_LT(0, t);
	EXPECT_EQ(-ETIMEDOUT, wait1(t, 50000000));
	EXPECT_EQ(0, __atomic_load_n(&flag, __ATOMIC_ACQUIRE));
	EXPECT_EQ(0, DkThreadResume(t));
	EXPECT_EQ(-EINVAL, DkThreadResume(t));
	ASSERT_EQ(0, join(t));
	EXPECT_EQ(1, flag);
}

TEST_F(thr, handle_closed_before_thread_runs)
{
	int flag = 0;
	long t = DkThreadCreate(set_flag, &flag, NULL, 0);

	ASSERT_LT(0, t);
	EXPECT_EQ(0, DkObjectClose(t));
	while (!__atomic_load_n(&flag, __ATOMIC_ACQUIRE))
		DkThreadDelayExecution(1000000);
}

TEST_F(thr, resume_and_raise_errors)
{
	long s = DkSemaphoreCreate(0, 1);

	EXPECT_EQ(-EBADFD, DkThreadResume(s));
	EXPECT_EQ(-EBADFD, DkThreadRaiseException(s, NULL));
	EXPECT_EQ(-EBADF, DkThreadResume(0));
	EXPECT_EQ(-EBADF, DkThreadRaiseException(12345, NULL));
}

TEST_F(thr, yield_and_delay)
{
	uint64_t t0, dt;

	EXPECT_EQ(0, DkThreadYieldExecution());
	t0 = now_ns();
	EXPECT_EQ(0, DkThreadDelayExecution(20000000));
	dt = now_ns() - t0;
	EXPECT_LE(20000000ull, dt);
	EXPECT_GT(3000000000ull, dt);
	EXPECT_EQ(0, DkThreadDelayExecution(0));
	EXPECT_EQ(-EINVAL, DkThreadDelayExecution(-5ll));
}

struct many {
	int ran;
};

static void count_up(void *p)
{
	__atomic_add_fetch(&((struct many *)p)->ran, 1, __ATOMIC_RELAXED);
}

#define STACK_CACHE_BYTES ((uint64_t)DK_THREAD_STACK_CACHE * DK_THREAD_STACK_LEN)

TEST_F_TIMEOUT(thr, two_hundred_threads, 300)
{
	struct dk_context_info before, after;
	uint64_t mid;
	struct many m = { 0 };
	long t[200];
	int i;

	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &before));
	for (i = 0; i < 200; i++) {
		t[i] = DkThreadCreate(count_up, &m, NULL, 0);
		ASSERT_LT(0, t[i]) TH_LOG("thread %d: %s", i, dk_strerror(t[i]));
	}
	for (i = 0; i < 200; i++) {
		ASSERT_EQ(0, join(t[i]));
		ASSERT_EQ(0, DkObjectClose(t[i]));
	}
	EXPECT_EQ(200, m.ran);
	/*
	 * Ended threads' stacks are unmapped by the next waits/creates,
	 * except at most DK_THREAD_STACK_CACHE kept for reuse (fewer when
	 * fewer threads were ever alive at once, since ended threads' stacks
	 * are reused).
	 */
	ASSERT_EQ(0, wait1(DkNotificationEventCreate(1), 0));
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &after));
	EXPECT_GE(before.vm_used + STACK_CACHE_BYTES, after.vm_used);
	EXPECT_LE(before.vm_used, after.vm_used);
	mid = after.vm_used;
	/* Serial create+join keeps memory bounded. */
	for (i = 0; i < 200; i++) {
		long h = DkThreadCreate(noop, NULL, NULL, 0);

		ASSERT_LT(0, h);
		ASSERT_EQ(0, join(h));
		ASSERT_EQ(0, DkObjectClose(h));
	}
	ASSERT_EQ(0, wait1(DkNotificationEventCreate(1), 0));
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &after));
	/* One thread at a time reuses a cached stack: nothing grows. */
	EXPECT_GE(mid, after.vm_used);
	EXPECT_GE(before.handles + 2, after.handles);
}

/* A thread waiting forever dies with the process: nothing leaks. */
static void block_forever(void *p)
{
	int32_t hs[1] = { (int32_t)(long)p };

	DkObjectsWaitAny(1, hs, DK_TIMEOUT_INFINITE);
}

TEST_F(thr, process_exit_with_blocked_threads)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		long e;
		int i;

		/* A context belongs to one process: the child opens its own. */
		if (dbt_open() < 0)
			_exit(1);
		e = DkNotificationEventCreate(0);

		for (i = 0; i < 4; i++)
			DkThreadCreate(block_forever, (void *)e, NULL, 0);
		DkThreadCreate(block_forever, (void *)e, NULL,
			       DK_THREAD_CREATE_SUSPENDED);
		DkThreadDelayExecution(20000000);
		_exit(7);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(7, WEXITSTATUS(status));
}

/* A thread ending while its creator waits on several handles. */
TEST_F(thr, thread_in_mixed_wait)
{
	int flag = 0;
	long e = DkNotificationEventCreate(0);
	long t = DkThreadCreate(set_flag, &flag, NULL, 0);
	int32_t hs[2] = { (int32_t)e, (int32_t)t };

	ASSERT_LT(0, t);
	EXPECT_EQ(1, DkObjectsWaitAny(2, hs, 10000000000ll));
	EXPECT_EQ(1, flag);
}

/* ---- under confinement (dbexec) ---- */

static struct dbt_result res;

TEST(pico_threads_sync_and_exceptions)
{
	char *argv[] = { DBT_DBEXEC, DBT_PICO("threads_pico"), "ok", NULL };

	ASSERT_EQ(0, dbt_run(argv, NULL, &res));
	EXPECT_EQ(0, dbt_exit_code(&res)) TH_LOG("stderr: %s", res.err);
	EXPECT_STREQ("counter=4000 ok\n", res.out);
}

TEST(pico_clone_with_other_flags_is_killed)
{
	char *argv[] = { DBT_DBEXEC, DBT_PICO("threads_pico"), "badclone", NULL };

	ASSERT_EQ(0, dbt_run(argv, NULL, &res));
	EXPECT_NE(0, dbt_exit_code(&res));
	EXPECT_NE(20, dbt_exit_code(&res));
	EXPECT_NE(NULL, strstr(res.err, "clone")) TH_LOG("stderr: %s", res.err);
}

/* Stack overflows reach the handler: it runs on an exception stack. */
TEST(pico_stack_overflow_is_an_exception)
{
	char *argv[] = { DBT_DBEXEC, DBT_PICO("threads_pico"), "overflow", NULL,
			 NULL };

	ASSERT_EQ(0, dbt_run(argv, NULL, &res));
	EXPECT_EQ(42, dbt_exit_code(&res)) TH_LOG("stderr: %s", res.err);
	EXPECT_STREQ("overflow: memory fault, handler on the exception stack\n",
		     res.out);
	argv[3] = "thread";
	ASSERT_EQ(0, dbt_run(argv, NULL, &res));
	EXPECT_EQ(42, dbt_exit_code(&res)) TH_LOG("stderr: %s", res.err);
	EXPECT_STREQ("overflow: memory fault, handler on the exception stack\n",
		     res.out);
}

TEST(pico_fault_without_handler_is_reported)
{
	char *argv[] = { DBT_DBEXEC, DBT_PICO("threads_pico"), "fault", NULL };

	ASSERT_EQ(0, dbt_run(argv, NULL, &res));
	EXPECT_NE(0, dbt_exit_code(&res));
	EXPECT_NE(NULL, strstr(res.err, "SIGSEGV")) TH_LOG("stderr: %s", res.err);
}

TEST_HARNESS_MAIN
