// SPDX-License-Identifier: GPL-2.0
/*
 * Semaphores, events and DkObjectsWaitAny: every call's success and error
 * paths, each object type's wait semantics, timeouts, mixed arrays,
 * close-while-waiting, and the stress runs of the issue (8 threads x 100k
 * semaphore operations, 100k event ping-pong round trips).
 *
 * Thread routines run on raw Dk threads that share the creator's TLS, so
 * they call nothing but libdk and compiler builtins.
 */
#include "kselftest_harness.h"
#include "dbtest.h"

#include <sched.h>
#include <time.h>
#include <sys/mman.h>

DBT_CTX_FIXTURE(sync)

TEST_F(sync, semaphore_create_errors)
{
	EXPECT_EQ(-EINVAL, DkSemaphoreCreate(0, 0));
	EXPECT_EQ(-EINVAL, DkSemaphoreCreate(3, 2));
	EXPECT_EQ(-EINVAL, DkSemaphoreCreate(0, 0x80000000u));
	EXPECT_LT(0, DkSemaphoreCreate(DK_SEMAPHORE_MAX, DK_SEMAPHORE_MAX));
}

TEST_F(sync, semaphore_release_peek_and_wait)
{
	long s = DkSemaphoreCreate(1, 3);

	ASSERT_LT(0, s);
	EXPECT_EQ(1, DkSemaphorePeek(s));
	EXPECT_EQ(1, DkSemaphoreRelease(s, 2));	/* previous count */
	EXPECT_EQ(3, DkSemaphorePeek(s));
	/* Exceeding MaxCount fails and changes nothing. */
	EXPECT_EQ(-EOVERFLOW, DkSemaphoreRelease(s, 1));
	EXPECT_EQ(-EOVERFLOW, DkSemaphoreRelease(s, 0xffffffffu));
	EXPECT_EQ(-EINVAL, DkSemaphoreRelease(s, 0));
	EXPECT_EQ(3, DkSemaphorePeek(s));
	/* Each wait consumes one count. */
	EXPECT_EQ(0, dbt_wait_one(s, 0));
	EXPECT_EQ(0, dbt_wait_one(s, 0));
	EXPECT_EQ(0, dbt_wait_one(s, 0));
	EXPECT_EQ(0, DkSemaphorePeek(s));
	EXPECT_EQ(-ETIMEDOUT, dbt_wait_one(s, 0));
	EXPECT_EQ(0, DkObjectClose(s));
	EXPECT_EQ(-EBADF, DkSemaphorePeek(s));
	EXPECT_EQ(-EBADF, DkSemaphoreRelease(s, 1));
}

TEST_F(sync, wrong_types)
{
	long s = DkSemaphoreCreate(0, 1);
	long e = DkNotificationEventCreate(0);

	ASSERT_LT(0, s);
	ASSERT_LT(0, e);
	EXPECT_EQ(-EBADFD, DkSemaphoreRelease(e, 1));
	EXPECT_EQ(-EBADFD, DkSemaphorePeek(e));
	EXPECT_EQ(-EBADFD, DkEventSet(s));
	EXPECT_EQ(-EBADFD, DkEventClear(s));
	EXPECT_EQ(-EBADFD, DkEventPeek(s));
	EXPECT_EQ(-EBADF, DkEventSet(0));
	EXPECT_EQ(-EBADF, DkEventSet(-1));
	EXPECT_EQ(-EXDEV, DkEventSet(((e >> 16) + 1) << 16 | (e & 0xffff)));
}

TEST_F(sync, event_create_errors)
{
	EXPECT_EQ(-EINVAL, DkNotificationEventCreate(2));
	EXPECT_EQ(-EINVAL, DkSynchronizationEventCreate(2));
	EXPECT_EQ(1, DkEventPeek(DkNotificationEventCreate(1)));
	EXPECT_EQ(0, DkEventPeek(DkSynchronizationEventCreate(0)));
}

TEST_F(sync, notification_event_stays_set)
{
	long e = DkNotificationEventCreate(0);

	ASSERT_LT(0, e);
	EXPECT_EQ(-ETIMEDOUT, dbt_wait_one(e, 0));
	EXPECT_EQ(0, DkEventSet(e));		/* previous state */
	EXPECT_EQ(1, DkEventSet(e));
	EXPECT_EQ(0, dbt_wait_one(e, 0));
	EXPECT_EQ(0, dbt_wait_one(e, 0));
	EXPECT_EQ(1, DkEventPeek(e));
	EXPECT_EQ(1, DkEventClear(e));
	EXPECT_EQ(0, DkEventClear(e));
	EXPECT_EQ(0, DkEventPeek(e));
	EXPECT_EQ(-ETIMEDOUT, dbt_wait_one(e, 0));
}

TEST_F(sync, synchronization_event_auto_resets)
{
	long e = DkSynchronizationEventCreate(1);

	ASSERT_LT(0, e);
	EXPECT_EQ(0, dbt_wait_one(e, 0));
	EXPECT_EQ(0, DkEventPeek(e));
	EXPECT_EQ(-ETIMEDOUT, dbt_wait_one(e, 0));
	EXPECT_EQ(0, DkEventSet(e));
	EXPECT_EQ(0, dbt_wait_one(e, 1000000));
	EXPECT_EQ(-ETIMEDOUT, dbt_wait_one(e, 0));
}

TEST_F(sync, wait_argument_errors)
{
	int32_t hs[DK_WAIT_MAX + 1];
	long s = DkSemaphoreCreate(1, 1);
	int i, p[2];
	long st;
	void *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_LT(0, s);
	ASSERT_NE(MAP_FAILED, none);
	for (i = 0; i <= DK_WAIT_MAX; i++)
		hs[i] = s;
	EXPECT_EQ(-EINVAL, DkObjectsWaitAny(0, hs, 0));
	EXPECT_EQ(-E2BIG, DkObjectsWaitAny(DK_WAIT_MAX + 1, hs, 0));
	EXPECT_EQ(-EINVAL, DkObjectsWaitAny(1, hs, -2));
	EXPECT_EQ(-EFAULT, DkObjectsWaitAny(1, NULL, 0));
	EXPECT_EQ(-EFAULT, DkObjectsWaitAny(1, none, 0));
	/* The full maximum, all duplicates of one semaphore: one count. */
	EXPECT_EQ(0, DkObjectsWaitAny(DK_WAIT_MAX, hs, 0));
	EXPECT_EQ(-ETIMEDOUT, DkObjectsWaitAny(DK_WAIT_MAX, hs, 0));
	hs[1] = 12345;
	EXPECT_EQ(-EBADF, DkObjectsWaitAny(2, hs, 0));
	/* A stream is signaled while it has something to read. */
	ASSERT_EQ(0, pipe(p));
	st = dbt_add_stream(self->fd, p[0], DK_ACCESS_READ);
	ASSERT_LT(0, st);
	hs[1] = st;
	EXPECT_EQ(-ETIMEDOUT, DkObjectsWaitAny(2, hs, 0));
	ASSERT_EQ(1, write(p[1], "x", 1));
	EXPECT_EQ(1, DkObjectsWaitAny(2, hs, 0));
	/* Waiting does not consume the data. */
	EXPECT_EQ(1, DkObjectsWaitAny(2, hs, 0));
	munmap(none, 4096);
}

TEST_F(sync, timeout_within_tolerance)
{
	long e = DkNotificationEventCreate(0);
	uint64_t t0, dt;

	ASSERT_LT(0, e);
	t0 = dbt_now_ns();
	EXPECT_EQ(-ETIMEDOUT, dbt_wait_one(e, 50000000));
	dt = dbt_now_ns() - t0;
	EXPECT_LE(50000000ull, dt);
	EXPECT_GT(3000000000ull, dt);
	/* Zero polls and returns at once. */
	t0 = dbt_now_ns();
	EXPECT_EQ(-ETIMEDOUT, dbt_wait_one(e, 0));
	EXPECT_GT(1000000000ull, dbt_now_ns() - t0);
}

TEST_F(sync, mixed_array_lowest_index_wins)
{
	long s = DkSemaphoreCreate(0, 5);
	long se = DkSynchronizationEventCreate(1);
	long ne = DkNotificationEventCreate(1);
	int32_t hs[4];

	ASSERT_LT(0, s);
	hs[0] = s;
	hs[1] = se;
	hs[2] = ne;
	hs[3] = se;	/* duplicate */
	EXPECT_EQ(1, DkObjectsWaitAny(4, hs, 0));	/* sync event, resets */
	EXPECT_EQ(2, DkObjectsWaitAny(4, hs, 0));	/* notification stays */
	EXPECT_EQ(2, DkObjectsWaitAny(4, hs, 0));
	EXPECT_EQ(0, DkSemaphoreRelease(s, 2));
	EXPECT_EQ(0, DkObjectsWaitAny(4, hs, 0));
	EXPECT_EQ(0, DkObjectsWaitAny(4, hs, 0));
	EXPECT_EQ(2, DkObjectsWaitAny(4, hs, 0));
	EXPECT_EQ(0, DkSemaphorePeek(s));
	EXPECT_EQ(0, DkEventPeek(se));
}

/* ---- threaded tests ---- */

struct waiter {
	int32_t hs[2];
	uint32_t n;
	int64_t timeout;
	long result;
	int done;
};

static void waiter_main(void *p)
{
	struct waiter *w = p;

	w->result = DkObjectsWaitAny(w->n, w->hs, w->timeout);
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
}

TEST_F(sync, blocked_waiter_is_woken)
{
	struct waiter w = { .n = 1, .timeout = DK_TIMEOUT_INFINITE };
	long e = DkSynchronizationEventCreate(0);
	long t;

	ASSERT_LT(0, e);
	w.hs[0] = e;
	t = DkThreadCreate(waiter_main, &w, NULL, 0);
	ASSERT_LT(0, t);
	EXPECT_EQ(0, DkThreadDelayExecution(30000000));
	EXPECT_EQ(0, __atomic_load_n(&w.done, __ATOMIC_ACQUIRE));
	EXPECT_EQ(0, DkEventSet(e));
	ASSERT_EQ(0, dbt_join(t));
	EXPECT_EQ(0, w.result);
	EXPECT_EQ(0, DkEventPeek(e));	/* consumed by the waiter */
}

/*
 * @n (at most 4) threads wait on event @e with @timeout; the event is set
 * while they wait; their results are in @w once they have all returned.
 */
static void set_under_waiters(struct __test_metadata *_metadata, long e,
			      struct waiter *w, int n, int64_t timeout)
{
	long t[4];
	int i;

	for (i = 0; i < n; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].n = 1;
		w[i].hs[0] = e;
		w[i].timeout = timeout;
		t[i] = DkThreadCreate(waiter_main, &w[i], NULL, 0);
		ASSERT_LT(0, t[i]);
	}
	DkThreadDelayExecution(30000000);
	EXPECT_EQ(0, DkEventSet(e));
	for (i = 0; i < n; i++)
		ASSERT_EQ(0, dbt_join(t[i]));
}

TEST_F(sync, notification_event_releases_every_waiter)
{
	struct waiter w[4];
	long e = DkNotificationEventCreate(0);
	int i;

	ASSERT_LT(0, e);
	set_under_waiters(_metadata, e, w, 4, 10000000000ll);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(0, w[i].result);
	EXPECT_EQ(1, DkEventPeek(e));
}

TEST_F(sync, synchronization_event_releases_exactly_one)
{
	struct waiter w[3];
	long e = DkSynchronizationEventCreate(0);
	int i, ok = 0, timedout = 0;

	ASSERT_LT(0, e);
	set_under_waiters(_metadata, e, w, 3, 300000000);
	for (i = 0; i < 3; i++) {
		ok += w[i].result == 0;
		timedout += w[i].result == -ETIMEDOUT;
	}
	EXPECT_EQ(1, ok);
	EXPECT_EQ(2, timedout);
}

/* Closing the handle a thread waits on: the waiter keeps its reference. */
TEST_F(sync, close_while_waiting)
{
	struct waiter a = { .n = 1, .timeout = 200000000 };
	struct waiter b = { .n = 2, .timeout = DK_TIMEOUT_INFINITE };
	long s1 = DkSemaphoreCreate(0, 1), s2 = DkSemaphoreCreate(0, 1);
	long e = DkNotificationEventCreate(0);
	long ta, tb;

	ASSERT_LT(0, s1);
	a.hs[0] = s1;
	b.hs[0] = s2;
	b.hs[1] = e;
	ta = DkThreadCreate(waiter_main, &a, NULL, 0);
	tb = DkThreadCreate(waiter_main, &b, NULL, 0);
	ASSERT_LT(0, ta);
	ASSERT_LT(0, tb);
	DkThreadDelayExecution(30000000);
	EXPECT_EQ(0, DkObjectClose(s1));
	EXPECT_EQ(0, DkObjectClose(s2));
	ASSERT_EQ(0, dbt_join(ta));
	EXPECT_EQ(-ETIMEDOUT, a.result);
	EXPECT_EQ(0, __atomic_load_n(&b.done, __ATOMIC_ACQUIRE));
	EXPECT_EQ(0, DkEventSet(e));
	ASSERT_EQ(0, dbt_join(tb));
	EXPECT_EQ(1, b.result);
}

/* More distinct objects than the on-stack wait entries. */
struct wide {
	int32_t hs[12];
	long result;
};

static void wide_main(void *p)
{
	struct wide *w = p;

	w->result = DkObjectsWaitAny(12, w->hs, 10000000000ll);
}

TEST_F(sync, many_distinct_objects)
{
	struct wide w;
	long t;
	int i;

	for (i = 0; i < 12; i++) {
		w.hs[i] = DkSynchronizationEventCreate(0);
		ASSERT_LT(0, w.hs[i]);
	}
	t = DkThreadCreate(wide_main, &w, NULL, 0);
	ASSERT_LT(0, t);
	DkThreadDelayExecution(30000000);
	EXPECT_EQ(0, DkEventSet(w.hs[9]));
	ASSERT_EQ(0, dbt_join(t));
	EXPECT_EQ(9, w.result);
	EXPECT_EQ(0, DkEventPeek(w.hs[9]));
}

/*
 * A waiter woken through a queue whose object it does not take passes the
 * wake-up on: W1 waits on [event, sem], W2 on [sem]; the event and one
 * count arrive back to back and both waiters must get through.
 */
TEST_F(sync, unused_wakeup_is_passed_on)
{
	struct waiter w1 = { .n = 2, .timeout = 2000000000 };
	struct waiter w2 = { .n = 1, .timeout = 2000000000 };
	long e = DkSynchronizationEventCreate(0), s = DkSemaphoreCreate(0, 1);
	long t1, t2;
	int round;

	ASSERT_LT(0, e);
	ASSERT_LT(0, s);
	for (round = 0; round < 20; round++) {
		w1.hs[0] = e;
		w1.hs[1] = s;
		w2.hs[0] = s;
		w1.done = w2.done = 0;
		t1 = DkThreadCreate(waiter_main, &w1, NULL, 0);
		DkThreadDelayExecution(5000000);
		t2 = DkThreadCreate(waiter_main, &w2, NULL, 0);
		ASSERT_LT(0, t1);
		ASSERT_LT(0, t2);
		DkThreadDelayExecution(20000000);
		/*
		 * W1 is first in the semaphore's queue, so the release may
		 * wake W1; W1 takes the event (lower index) and must hand the
		 * semaphore's wake-up to W2.
		 */
		ASSERT_EQ(0, DkEventSet(e));
		ASSERT_EQ(0, DkSemaphoreRelease(s, 1));
		ASSERT_EQ(0, dbt_join(t1));
		ASSERT_EQ(0, dbt_join(t2));
		EXPECT_EQ(0, w1.result);
		EXPECT_EQ(0, w2.result) TH_LOG("round %d: w1 %ld w2 %ld", round,
					       w1.result, w2.result);
		DkObjectClose(t1);
		DkObjectClose(t2);
	}
}

/* ---- stress ---- */

/*
 * Eight threads increment a plain counter under a semaphore used as a
 * lock: no increment may be lost.  Each thread stops after @iters rounds
 * or at @deadline (CLOCK_MONOTONIC seconds), whichever comes first, so a
 * slow emulated machine makes fewer rounds, never a timeout; every round
 * completed is counted in @done, outside the lock.
 */
struct counter {
	long sem;
	long counter;
	long errors;
	long done;
	long idle;	/* threads that finished no round at all */
	int iters;
	time_t deadline;
};

static time_t now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void counter_main(void *p)
{
	struct counter *c = p;
	int32_t hs[1] = { (int32_t)c->sem };
	long mine = 0;
	int i;

	for (i = 0; i < c->iters; i++) {
		if ((i & 255) == 255 && now_s() >= c->deadline)
			break;
		if (DkObjectsWaitAny(1, hs, DK_TIMEOUT_INFINITE) != 0) {
			__atomic_add_fetch(&c->errors, 1, __ATOMIC_RELAXED);
			continue;
		}
		/* Not atomic on purpose: the semaphore is the lock. */
		c->counter = c->counter + 1;
		mine++;
		if (DkSemaphoreRelease(c->sem, 1) < 0)
			__atomic_add_fetch(&c->errors, 1, __ATOMIC_RELAXED);
	}
	__atomic_add_fetch(&c->done, mine, __ATOMIC_RELAXED);
	if (!mine)
		__atomic_add_fetch(&c->idle, 1, __ATOMIC_RELAXED);
}

DBT_CTX_FIXTURE(stress)

TEST_F_TIMEOUT(stress, semaphore_8_threads_up_to_100k_each, 300)
{
	struct counter c = { .iters = 100000 };
	long t[8];
	int i;

	c.deadline = now_s() + 120;
	c.sem = DkSemaphoreCreate(1, 1);
	ASSERT_LT(0, c.sem);
	for (i = 0; i < 8; i++) {
		t[i] = DkThreadCreate(counter_main, &c, NULL, 0);
		ASSERT_LT(0, t[i]);
	}
	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, dbt_wait_one(t[i], DK_TIMEOUT_INFINITE));
	EXPECT_EQ(0, c.errors);
	EXPECT_EQ(0, c.idle);
	EXPECT_EQ(c.done, c.counter);
	EXPECT_EQ(1, DkSemaphorePeek(c.sem));
	TH_LOG("%ld of 800000 rounds", c.done);
}

struct pingpong {
	long ping, pong;
	int rounds;
	long errors;
};

static void ponger(void *p)
{
	struct pingpong *pp = p;
	int32_t hs[1] = { (int32_t)pp->ping };
	int i;

	for (i = 0; i < pp->rounds; i++) {
		if (DkObjectsWaitAny(1, hs, DK_TIMEOUT_INFINITE) != 0 ||
		    DkEventSet(pp->pong) < 0)
			__atomic_add_fetch(&pp->errors, 1, __ATOMIC_RELAXED);
	}
}

TEST_F_TIMEOUT(stress, event_ping_pong_100k, 600)
{
	struct pingpong pp = { .rounds = 100000 };
	cpu_set_t one;
	int32_t hs[1];
	long t;
	int i, bad = 0;

	/*
	 * One CPU: every round trip is a real sleep and wake-up, without the
	 * cross-CPU wake-up latency that makes 100k trips take minutes under
	 * an emulated VM.  (The 8-thread stress above runs unpinned.)
	 */
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(one), &one));
	pp.ping = DkSynchronizationEventCreate(0);
	pp.pong = DkSynchronizationEventCreate(0);
	ASSERT_LT(0, pp.ping);
	ASSERT_LT(0, pp.pong);
	hs[0] = pp.pong;
	t = DkThreadCreate(ponger, &pp, NULL, 0);
	ASSERT_LT(0, t);
	for (i = 0; i < pp.rounds; i++) {
		if (DkEventSet(pp.ping) < 0 ||
		    DkObjectsWaitAny(1, hs, DK_TIMEOUT_INFINITE) != 0)
			bad++;
	}
	ASSERT_EQ(0, dbt_wait_one(t, DK_TIMEOUT_INFINITE));
	EXPECT_EQ(0, bad);
	EXPECT_EQ(0, pp.errors);
	EXPECT_EQ(0, DkEventPeek(pp.ping));
	EXPECT_EQ(0, DkEventPeek(pp.pong));
}

/*
 * Every waiter of a semaphore fed one count at a time gets its turn: a
 * count released while waiters sleep is reserved for the one it woke, so
 * a waiter that has just taken a count and waits again cannot barge in
 * (before that reservation, one of four waiters got 2-3 of 2000 under
 * emulation).
 */
/* Threads taking counts of one semaphore until told to stop. */
struct sem_users {
	long sem;
	long got[4];		/* counts taken, per thread */
	int stop;
	long t[4];		/* the threads */
};

struct sem_user_arg {
	struct sem_users *u;
	int idx;
};

/* Start @n (at most 4) threads running @fn, each with its @args[i]. */
static void start_users(struct __test_metadata *_metadata,
			struct sem_users *u, struct sem_user_arg *args, int n,
			void (*fn)(void *))
{
	int i;

	for (i = 0; i < n; i++) {
		args[i].u = u;
		args[i].idx = i;
		u->t[i] = DkThreadCreate(fn, &args[i], NULL, 0);
		ASSERT_LT(0, u->t[i]);
	}
}

/* Tell the @n threads of @u to stop and wait for them. */
static void stop_users(struct __test_metadata *_metadata,
		       struct sem_users *u, int n)
{
	int i;

	__atomic_store_n(&u->stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < n; i++)
		ASSERT_EQ(0, dbt_wait_one(u->t[i], DK_TIMEOUT_INFINITE));
}

static void fair_main(void *p)
{
	struct sem_user_arg *a = p;
	int32_t hs[1] = { (int32_t)a->u->sem };

	while (!__atomic_load_n(&a->u->stop, __ATOMIC_ACQUIRE))
		if (DkObjectsWaitAny(1, hs, 100000000) == 0)
			__atomic_add_fetch(&a->u->got[a->idx], 1,
					   __ATOMIC_RELAXED);
}

TEST_F_TIMEOUT(stress, no_waiter_starves, 120)
{
	struct sem_users f = { 0 };
	struct sem_user_arg args[4];
	int i;

	f.sem = DkSemaphoreCreate(0, 1000);
	ASSERT_LT(0, f.sem);
	start_users(_metadata, &f, args, 4, fair_main);
	DkThreadDelayExecution(50000000);
	for (i = 0; i < 2000; i++) {
		while (DkSemaphorePeek(f.sem) > 0)
			DkThreadYieldExecution();
		ASSERT_LE(0, DkSemaphoreRelease(f.sem, 1));
	}
	stop_users(_metadata, &f, 4);
	for (i = 0; i < 4; i++) {
		TH_LOG("waiter %d got %ld of 2000", i, f.got[i]);
		EXPECT_LT(250, f.got[i]);	/* fair share: 500 */
	}
	EXPECT_EQ(2000, f.got[0] + f.got[1] + f.got[2] + f.got[3]);
	EXPECT_EQ(0, DkSemaphorePeek(f.sem));
}

/*
 * A semaphore used as a lock by threads that re-take it at once: a thread
 * that just released must not keep the lock away from a sleeping one.
 */
static void locker_main(void *p)
{
	struct sem_user_arg *a = p;
	int32_t hs[1] = { (int32_t)a->u->sem };
	volatile int spin;

	while (!__atomic_load_n(&a->u->stop, __ATOMIC_ACQUIRE)) {
		if (DkObjectsWaitAny(1, hs, DK_TIMEOUT_INFINITE) != 0)
			continue;
		a->u->got[a->idx]++;
		for (spin = 0; spin < 1000; spin++)
			;
		DkSemaphoreRelease(a->u->sem, 1);
	}
}

TEST_F_TIMEOUT(stress, lock_pattern_no_starvation, 120)
{
	struct sem_users l = { 0 };
	struct sem_user_arg args[3];
	long total;
	int i;

	l.sem = DkSemaphoreCreate(1, 1);
	ASSERT_LT(0, l.sem);
	start_users(_metadata, &l, args, 3, locker_main);
	DkThreadDelayExecution(2000000000);
	stop_users(_metadata, &l, 3);
	total = l.got[0] + l.got[1] + l.got[2];
	for (i = 0; i < 3; i++) {
		TH_LOG("locker %d got %ld of %ld", i, l.got[i], total);
		EXPECT_LT(total / 100, l.got[i]);
	}
}

TEST_HARNESS_MAIN
