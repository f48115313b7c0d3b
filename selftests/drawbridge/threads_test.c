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

#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <sys/mman.h>
#include <grp.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>

DBT_CTX_FIXTURE(thr)

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
					  DK_THREAD_OWN_STACK));
	/*
	 * The kernel half refuses internal flag misuse, the flags that were
	 * attach and abort before they became calls, and bad tokens.
	 */
	EXPECT_EQ(-EINVAL, dk_call(DK_CALL_THREAD_CREATE, (uintptr_t)noop, 0,
				   0, 0x200, 0, 12345));
	EXPECT_EQ(-EINVAL, dk_call(DK_CALL_THREAD_CREATE, (uintptr_t)noop, 0,
				   0, 0x400, 0, 0));
	EXPECT_EQ(-ESRCH, dk_call(DK_CALL_THREAD_ATTACH, 12345, 0, 0, 0, 0, 0));
	EXPECT_EQ(-ESRCH, dk_call(DK_CALL_THREAD_ABORT, 0, 0, 0, 0, 0, 0));
	EXPECT_EQ(-EINVAL, dk_call(DK_CALL_THREAD_CREATE, 0, 0, 4096,
				   DK_THREAD_OWN_STACK, 100, 0));
	/* No ended thread's stack to reuse yet. */
	EXPECT_EQ(-ENOENT, dk_call(DK_CALL_THREAD_CREATE, 0, 0, 0,
				   DK_THREAD_OWN_STACK, 4096, 0));
	EXPECT_EQ(-EFAULT, dk_call(DK_CALL_THREAD_CREATE, 0, 0, 0, 0, 0, 0));
	EXPECT_EQ(0, flag);
}

/*
 * Run @fn(&flag) as a thread, on @stack (NULL: a stack of its own), and
 * wait for its end: the flag it left, or a negative error if it could not
 * be created or joined.
 */
static int run_to_end(void (*fn)(void *), void *stack)
{
	int flag = 0;
	long t = DkThreadCreate(fn, &flag, stack, 0);

	if (t < 0)
		return t;
	if (dbt_join(t))
		return -1;
	return __atomic_load_n(&flag, __ATOMIC_ACQUIRE);
}

TEST_F(thr, create_and_join)
{
	int flag = 0;
	long t = DkThreadCreate(set_flag, &flag, NULL, 0);

	ASSERT_LT(0, t);
	ASSERT_EQ(0, dbt_join(t));
	EXPECT_EQ(1, flag);
	/* A thread handle stays signaled. */
	EXPECT_EQ(0, dbt_wait_one(t, 0));
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
	EXPECT_EQ(1, run_to_end(raw_exit, NULL));
}

static void dk_exit(void *p)
{
	__atomic_store_n((int *)p, 1, __ATOMIC_RELEASE);
	DkThreadExit();
}

TEST_F(thr, handle_signaled_on_thread_exit)
{
	EXPECT_EQ(1, run_to_end(dk_exit, NULL));
}

TEST_F(thr, caller_stack)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));

	EXPECT_EQ(1, run_to_end(set_flag, stack + sizeof(stack)));
}

TEST_F(thr, create_suspended_and_resume)
{
	int flag = 0;
	long t = DkThreadCreate(set_flag, &flag, NULL,
				DK_THREAD_CREATE_SUSPENDED);

	ASSERT_LT(0, t);
	EXPECT_EQ(-ETIMEDOUT, dbt_wait_one(t, 50000000));
	EXPECT_EQ(0, __atomic_load_n(&flag, __ATOMIC_ACQUIRE));
	EXPECT_EQ(0, DkThreadResume(t));
	EXPECT_EQ(-EINVAL, DkThreadResume(t));
	ASSERT_EQ(0, dbt_join(t));
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
	t0 = dbt_now_ns();
	EXPECT_EQ(0, DkThreadDelayExecution(20000000));
	dt = dbt_now_ns() - t0;
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
		ASSERT_EQ(0, dbt_join(t[i]));
		ASSERT_EQ(0, DkObjectClose(t[i]));
	}
	EXPECT_EQ(200, m.ran);
	/*
	 * Ended threads' stacks are unmapped by the next waits/creates,
	 * except at most DK_THREAD_STACK_CACHE kept for reuse (fewer when
	 * fewer threads were ever alive at once, since ended threads' stacks
	 * are reused).
	 */
	ASSERT_EQ(0, dbt_wait_one(DkNotificationEventCreate(1), 0));
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &after));
	EXPECT_GE(before.vm_used + STACK_CACHE_BYTES, after.vm_used);
	EXPECT_LE(before.vm_used, after.vm_used);
	mid = after.vm_used;
	/* Serial create+join keeps memory bounded. */
	for (i = 0; i < 200; i++) {
		long h = DkThreadCreate(noop, NULL, NULL, 0);

		ASSERT_LT(0, h);
		ASSERT_EQ(0, dbt_join(h));
		ASSERT_EQ(0, DkObjectClose(h));
	}
	ASSERT_EQ(0, dbt_wait_one(DkNotificationEventCreate(1), 0));
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

/* ---- the creation protocol driven by hand, as a hostile program would ---- */

/* The kernel half of DkThreadCreate without the clone: returns the handle. */
static long raw_create(uint32_t flags, struct dk_thread_create_out *out)
{
	return dk_call(DK_CALL_THREAD_CREATE, (uintptr_t)noop, 0, 0, flags, 0,
		       (uintptr_t)out);
}

static long raw_attach(uint64_t token)
{
	return dk_call(DK_CALL_THREAD_ATTACH, token, 0, 0, 0, 0, 0);
}

static long raw_abort(uint64_t token)
{
	return dk_call(DK_CALL_THREAD_ABORT, token, 0, 0, 0, 0, 0);
}

/* The lowest tracking descriptor in our table, or -1. */
static int tracking_fd(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int found = -1;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[300], link[64];
		ssize_t n;
		int fd = atoi(e->d_name);

		snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (!strcmp(link, "anon_inode:[dk-thread]") &&
		    (found < 0 || fd < found))
			found = fd;
	}
	closedir(d);
	return found;
}

/* Each transition is claimed once: attach and abort refuse the others. */
TEST_F(thr, attach_and_abort_refuse_claimed_threads)
{
	struct dk_thread_create_out out = { .size = sizeof(out) };
	struct dk_context_info before, after;
	long h;
	int tfd;

	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &before));

	/* Aborted: gone for attach and for a second abort. */
	h = raw_create(0, &out);
	ASSERT_LT(0, h);
	EXPECT_EQ(0, raw_abort(out.token));
	EXPECT_EQ(-ESRCH, raw_abort(out.token));
	EXPECT_EQ(-ESRCH, raw_attach(out.token));
	EXPECT_EQ(0, dbt_wait_one(h, 0));
	EXPECT_EQ(0, DkObjectClose(h));

	/* Attached (by this very thread): no abort, no second attach. */
	h = raw_create(0, &out);
	ASSERT_LT(0, h);
	ASSERT_EQ(0, raw_attach(out.token));
	EXPECT_EQ(-EINVAL, raw_abort(out.token));
	EXPECT_EQ(-EINVAL, raw_attach(out.token));
	EXPECT_EQ(-ETIMEDOUT, dbt_wait_one(h, 0));
	/* Its end (the tracking file goes) is final too. */
	tfd = tracking_fd();
	ASSERT_LE(0, tfd);
	EXPECT_EQ(0, close(tfd));
	EXPECT_EQ(0, dbt_wait_one(h, 0));
	EXPECT_EQ(-ESRCH, raw_abort(out.token));
	EXPECT_EQ(-ESRCH, raw_attach(out.token));
	EXPECT_EQ(-ESRCH, DkThreadRaiseException(h, NULL));
	EXPECT_EQ(0, DkObjectClose(h));

	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &after));
	EXPECT_EQ(before.kmem_used, after.kmem_used);
	EXPECT_EQ(before.handles, after.handles);
}

/*
 * A read-only result block with a valid size: a create reads the size,
 * then fails late, when it writes the results.
 */
static void *ro_out(void)
{
	struct dk_thread_create_out *o;

	o = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (o == MAP_FAILED)
		return o;
	o->size = sizeof(*o);
	if (mprotect(o, 4096, PROT_READ)) {
		munmap(o, 4096);
		return MAP_FAILED;
	}
	return o;
}

/*
 * The start of the failing-create tests: a read-only mapping for an
 * unwritable result, returned, and in *@token the token the next create
 * gets (the lowest free one: learnt by a create and an abort).
 */
static void *ro_and_next_token(struct __test_metadata *_metadata,
			       uint32_t *token)
{
	struct dk_thread_create_out out = { .size = sizeof(out) };
	void *ro;
	long h;

	ro = ro_out();
	ASSERT_NE(MAP_FAILED, ro);
	h = raw_create(0, &out);
	ASSERT_LT(0, h);
	*token = out.token;
	ASSERT_EQ(0, raw_abort(*token));
	ASSERT_EQ(0, DkObjectClose(h));
	return ro;
}

/* A create that fails late leaves no token behind to attach or abort. */
TEST_F(thr, failed_create_leaves_no_token)
{
	struct dk_setup_limits lim = { .max_handles = 1 };
	struct dk_thread_create_out out = { .size = sizeof(out) };
	struct dk_context_info before, after;
	uint32_t token;
	void *ro;
	long h;

	ro = ro_and_next_token(_metadata, &token);
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &before));

	/* The result is unwritable. */
	EXPECT_EQ(-EFAULT, raw_create(0, ro));
	EXPECT_EQ(-ESRCH, raw_attach(token));
	EXPECT_EQ(-ESRCH, raw_abort(token));
	/* The handle table is full: fails after the token was written. */
	h = DkSemaphoreCreate(0, 1);
	ASSERT_LT(0, h);
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_SET_LIMITS, &lim));
	out.token = 0;
	EXPECT_EQ(-EMFILE, raw_create(0, &out));
	EXPECT_EQ(token, out.token);
	EXPECT_EQ(-ESRCH, raw_attach(token));
	EXPECT_EQ(-ESRCH, raw_abort(token));
	EXPECT_EQ(0, DkObjectClose(h));

	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &after));
	EXPECT_EQ(before.kmem_used, after.kmem_used);
	EXPECT_EQ(before.handles, after.handles);
	munmap(ro, 4096);
}

struct hammer {
	uint32_t token;
	int stop;
	long calls;
	long wins;		/* attach or abort calls that succeeded */
};

/* Attach to and abort the predicted token, as fast as possible. */
static void *hammer_token(void *p)
{
	struct hammer *hm = p;

	while (!__atomic_load_n(&hm->stop, __ATOMIC_ACQUIRE)) {
		if (raw_attach(hm->token) == 0)
			hm->wins++;
		if (raw_abort(hm->token) == 0)
			hm->wins++;
		hm->calls += 2;
	}
	return NULL;
}

/*
 * Creates failing late, alternately at the unwritable result @ro and at the
 * full handle table, for up to 3 s.  Returns how many; *bad is the first
 * other result, or 0.
 */
static int failing_creates(void *ro, long *bad)
{
	struct dk_thread_create_out out = { .size = sizeof(out) };
	uint64_t deadline = dbt_now_ns() + 3000000000ull;
	long r;
	int i;

	*bad = 0;
	for (i = 0; i < 200000 && dbt_now_ns() < deadline; i++) {
		r = raw_create(0, (i & 1) ? ro : (void *)&out);
		if (r != -EFAULT && r != -EMFILE) {
			*bad = r;
			break;
		}
	}
	return i;
}

/*
 * Creates that fail late (unwritable result, full handle table) race an
 * attacker that attaches to and aborts the token they use.  The token
 * must never name the object of a create that failed: every attach and
 * abort fails.  (Before the fix the attach won, and the thread was ended
 * twice: a reference underflow, then a use-after-free.)
 */
TEST_F_TIMEOUT(thr, failed_create_races_attach_and_abort, 120)
{
	struct dk_setup_limits lim = { .max_handles = 1 };
	struct hammer hm = { 0 };
	pthread_t tid;
	long h, bad;
	void *ro;
	int n;

	ro = ro_and_next_token(_metadata, &hm.token);
	h = DkSemaphoreCreate(0, 1);
	ASSERT_LT(0, h);
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_SET_LIMITS, &lim));

	ASSERT_EQ(0, pthread_create(&tid, NULL, hammer_token, &hm));
	n = failing_creates(ro, &bad);
	__atomic_store_n(&hm.stop, 1, __ATOMIC_RELEASE);
	pthread_join(tid, NULL);
	EXPECT_EQ(0, bad) TH_LOG("a create returned %ld", bad);
	EXPECT_EQ(0, hm.wins) TH_LOG("%ld of %ld calls won, %d creates",
				     hm.wins, hm.calls, n);
	TH_LOG("%d failing creates raced %ld attach/abort calls", n, hm.calls);
	munmap(ro, 4096);
}

struct sleeper {
	uint32_t token;
	pid_t tid;
	long ret;
	int returned;
};

/* Attach to a thread created suspended: sleeps in the call. */
static void *attach_and_sleep(void *p)
{
	struct sleeper *s = p;
	struct sched_param sp = { 0 };

	s->tid = gettid();
	/* Run only when the main thread does not: it decides the order. */
	sched_setscheduler(0, SCHED_IDLE, &sp);
	s->ret = raw_attach(s->token);
	__atomic_store_n(&s->returned, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* The state letter of one of our threads in /proc, or 0. */
static char thread_state(pid_t tid)
{
	char path[64], buf[256], *p;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	if (dbt_read_file(path, buf, sizeof(buf)) <= 0)
		return 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/*
 * A thread sleeping in its attach call (created suspended) whose tracking
 * file another thread of a shared descriptor table (CLONE_FILES, as
 * pthreads) closes: the thread ends, and the attach call returns.  It
 * must keep its own reference meanwhile: before the fix the object was
 * freed under the sleeper, whose next look at it found whatever took the
 * memory -- here a new suspended thread object it then kept sleeping on.
 */
TEST_F_TIMEOUT(thr, tracking_file_closed_under_suspended_attach, 60)
{
	struct dk_thread_create_out out = { .size = sizeof(out) };
	struct sleeper s = { 0 };
	long h, fresh[16];
	cpu_set_t one;
	pthread_t tid;
	int tfd, i, n;

	/* One CPU: the idle-class sleeper runs only when we wait. */
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(one), &one));
	h = raw_create(DK_THREAD_CREATE_SUSPENDED, &out);
	ASSERT_LT(0, h);
	s.token = out.token;
	ASSERT_EQ(0, pthread_create(&tid, NULL, attach_and_sleep, &s));
	/* Until it sleeps in the call (TASK_KILLABLE shows as D). */
	for (i = 0; i < 10000; i++) {
		if (__atomic_load_n(&s.tid, __ATOMIC_ACQUIRE) &&
		    thread_state(s.tid) == 'D')
			break;
		usleep(1000);
	}
	ASSERT_EQ('D', thread_state(s.tid));
	tfd = tracking_fd();
	ASSERT_LE(0, tfd);

	/* Drop every reference but the sleeper's, then reuse the memory. */
	ASSERT_EQ(0, DkObjectClose(h));
	ASSERT_EQ(0, close(tfd));
	for (n = 0; n < 16; n++) {
		fresh[n] = raw_create(DK_THREAD_CREATE_SUSPENDED, &out);
		ASSERT_LT(0, fresh[n]);
	}
	/* Now let it run: it must see its own, ended, thread. */
	for (i = 0; i < 5000; i++) {
		if (__atomic_load_n(&s.returned, __ATOMIC_ACQUIRE))
			break;
		usleep(1000);
	}
	EXPECT_EQ(1, __atomic_load_n(&s.returned, __ATOMIC_ACQUIRE));
	/* Release it wherever it sleeps, so that the test can end. */
	for (i = 0; i < n; i++)
		DkThreadResume(fresh[i]);
	pthread_join(tid, NULL);
	EXPECT_EQ(0, s.ret);
}

/* ---- signals only reach tasks that still run the picoprocess ---- */

struct exec_raise {
	long h;			/* the exec'ing task's thread handle */
	int outr;		/* the exec'd program's output */
	int res;		/* where the raiser reports */
};

struct raise_report {
	long raise;		/* DkThreadRaiseException's result */
	pid_t pid;		/* the raiser, for the parent to reap */
};

/* Shares the old address space: raise once the program after exec spoke. */
static int raise_after_exec(void *p)
{
	struct exec_raise *x = p;
	struct raise_report rep = { .raise = 1 };
	char c;

	rep.pid = syscall(SYS_getpid);
	if (read(x->outr, &c, 1) == 1)
		rep.raise = DkThreadRaiseException(x->h, NULL);
	if (write(x->res, &rep, sizeof(rep)) != sizeof(rep))
		return 1;
	return 0;
}

/*
 * Fork a child that attaches to a thread of its own context (by hand, the
 * way a program may), starts a process sharing its address space
 * (CLONE_VM, and a copy of its descriptors, so the tracking file outlives
 * the exec), and execs @argv, as nobody if @nobody and we are root.  The
 * sharer, the only task left in the context's address space, raises an
 * exception on the thread once the new program wrote something.  Stores
 * the raise's result and the child's wait status.  Returns 0 or -errno.
 */
static int exec_then_raise(char *const argv[], bool nobody, long *raise,
			   int *status)
{
	static const gid_t nogroup = 65534;
	struct raise_report rep = { .raise = 1 };
	int in[2], out[2], res[2], st;
	pid_t pid;

	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) ||
	    pipe2(res, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		struct dk_thread_create_out o = { .size = sizeof(o) };
		struct exec_raise x;
		size_t size = 256 * 1024;
		char *stack;

		if (nobody && !getuid() &&
		    (setgroups(1, &nogroup) || setresgid(65534, 65534, 65534) ||
		     setresuid(65534, 65534, 65534)))
			_exit(10);
		if (dbt_open() < 0)
			_exit(11);
		x.h = raw_create(0, &o);
		if (x.h < 0 || raw_attach(o.token))
			_exit(12);
		x.outr = out[0];
		x.res = res[1];
		stack = mmap(NULL, size, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
		if (stack == MAP_FAILED)
			_exit(13);
		if (clone(raise_after_exec, stack + size,
			  CLONE_VM | CLONE_PARENT | SIGCHLD, &x) < 0)
			_exit(14);
		if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 ||
		    dup2(out[1], 2) < 0)
			_exit(15);
		execv(argv[0], argv);
		_exit(16);
	}
	close(in[0]);
	close(out[1]);
	close(res[1]);
	if (read(res[0], &rep, sizeof(rep)) != sizeof(rep))
		rep.pid = 0;
	*raise = rep.raise;
	/* The program reads its input to the end, then leaves. */
	close(in[1]);
	if (waitpid(pid, status, 0) != pid)
		return -errno;
	if (rep.pid)
		waitpid(rep.pid, &st, 0);
	close(out[0]);
	close(res[0]);
	return 0;
}

/*
 * A task that exec'd is no thread of the picoprocess any more, even while
 * a copy of its tracking file keeps the thread object RUNNING: raising
 * an exception on it is refused instead of killing the new program with
 * signal 34.
 */
TEST(raise_refused_after_exec)
{
	char *argv[] = { "/bin/sh", "-c", "echo ready; exec cat", NULL };
	long raise;
	int st;

	ASSERT_EQ(0, exec_then_raise(argv, false, &raise, &st));
	EXPECT_EQ(-ESRCH, raise);
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0)
		TH_LOG("status %#x", st);
}

/* The same with a setuid-root program run by nobody: no signal either. */
TEST(raise_refused_after_setuid_exec)
{
	char *argv[] = { "/usr/bin/passwd", NULL };
	struct stat sb;
	long raise;
	int st;

	if (stat(argv[0], &sb) || !(sb.st_mode & S_ISUID) || sb.st_uid)
		SKIP(return, "no setuid-root %s", argv[0]);
	ASSERT_EQ(0, exec_then_raise(argv, true, &raise, &st));
	EXPECT_EQ(-ESRCH, raise);
	/* passwd fails on the empty input, but by itself. */
	EXPECT_TRUE(WIFEXITED(st)) TH_LOG("status %#x", st);
}

/* ---- under confinement (dbexec) ---- */

static struct dbt_result res;

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

TEST_F_TIMEOUT(slow, pico_threads_sync_and_exceptions, 600)
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
