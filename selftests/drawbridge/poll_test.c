// SPDX-License-Identifier: GPL-2.0
/*
 * DkStreamPoll: readiness of pipe ends (IN, OUT, HUP, a full pipe), pipe
 * and TCP servers, TCP connections, launcher (host) streams, files and
 * directories, semaphores,
 * events and threads; nothing consumed; timeouts; a poll woken by a
 * writer thread, kept alive across a close and ended by an exception;
 * skipped items and every error code.
 */
#include "kselftest_harness.h"
#include "dbtest.h"
#include "streams_util.h"
#include <stddef.h>
#include <sys/mman.h>

#define SEC	1000000000LL
/* A pipe end's send buffer (the module's DK_PIPE_BUF, abi/streams.rst). */
#define PIPE_BUF_BYTES	(256L << 10)

/* One item, polled: the call's result; *@rev gets the item's revents. */
static long poll1(long h, __u32 events, long long timeout, __u32 *rev)
{
	struct dk_poll_item it = { .handle = h, .events = events,
				   .revents = 0xdead };
	long ret = DkStreamPoll(1, &it, timeout);

	*rev = it.revents;
	return ret;
}

/* A connected pipe: *@c the client's end, *@s the server's accepted end. */
static void pipe_pair(struct __test_metadata *_metadata, const char *name,
		      __u32 options, long *c, long *s)
{
	char uri[64];
	long srv;

	snprintf(uri, sizeof(uri), "pipe.srv:%s", name);
	srv = DkStreamOpen(uri, DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, srv);
	snprintf(uri, sizeof(uri), "pipe:%s", name);
	*c = DkStreamOpen(uri, DK_ACCESS_RDWR, 0, 0, options);
	ASSERT_LT(0, *c);
	*s = DkStreamWaitForClient(srv);
	ASSERT_LT(0, *s);
	ASSERT_EQ(0, DkObjectClose(srv));
}

DBT_CTX_PIPE_FIXTURE(poll);

TEST_F(poll, pipe_in_out_hup)
{
	__u32 rev;
	char buf[8];
	long c, s;

	pipe_pair(_metadata, "p1", 0, &c, &s);
	/* OUT at once, IN not: timeout 0 returns 0 with revents 0. */
	EXPECT_EQ(1, poll1(c, DK_POLL_OUT, 0, &rev));
	EXPECT_EQ(DK_POLL_OUT, rev);
	EXPECT_EQ(0, poll1(s, DK_POLL_IN, 0, &rev));
	EXPECT_EQ(0, rev);
	EXPECT_EQ(0, poll1(s, DK_POLL_IN, 1000000, &rev));
	EXPECT_EQ(0, rev);
	/* Only the events asked for (OUT holds, IN asked). */
	EXPECT_EQ(1, poll1(s, DK_POLL_IN | DK_POLL_OUT, 0, &rev));
	EXPECT_EQ(DK_POLL_OUT, rev);
	/* After a write: IN, and it stays so (nothing consumed). */
	ASSERT_EQ(3, DkStreamWrite(c, DK_OFFSET_NONE, 3, "abc"));
	EXPECT_EQ(1, poll1(s, DK_POLL_IN, 0, &rev));
	EXPECT_EQ(DK_POLL_IN, rev);
	EXPECT_EQ(1, poll1(s, DK_POLL_IN, SEC, &rev));
	EXPECT_EQ(DK_POLL_IN, rev);
	ASSERT_EQ(3, DkStreamRead(s, DK_OFFSET_NONE, sizeof(buf), buf));
	EXPECT_EQ(0, poll1(s, DK_POLL_IN, 0, &rev));
	/* The peer closes: HUP (asked or not) and IN with end of stream. */
	ASSERT_EQ(0, DkObjectClose(c));
	EXPECT_EQ(1, poll1(s, 0, 0, &rev));
	EXPECT_EQ(DK_POLL_HUP, rev);
	EXPECT_EQ(1, poll1(s, DK_POLL_IN | DK_POLL_RDHUP, 0, &rev));
	EXPECT_EQ(DK_POLL_IN | DK_POLL_RDHUP | DK_POLL_HUP, rev);
	EXPECT_EQ(0, DkStreamRead(s, DK_OFFSET_NONE, sizeof(buf), buf));
	EXPECT_EQ(0, DkObjectClose(s));
}

/* A full pipe is not OUT until the reader drains it. */
TEST_F(poll, pipe_full_not_out)
{
	static char chunk[65536];
	long c, s, n, total = 0, got = 0;
	__u32 rev;

	pipe_pair(_metadata, "p2", DK_OPTION_NONBLOCK, &c, &s);
	for (;;) {
		n = DkStreamWrite(c, DK_OFFSET_NONE, sizeof(chunk), chunk);
		if (n == -EAGAIN)
			break;
		ASSERT_LT(0, n);
		total += n;
		ASSERT_GE(4 * PIPE_BUF_BYTES, total);
	}
	EXPECT_LE(PIPE_BUF_BYTES / 2, total);
	EXPECT_EQ(0, poll1(c, DK_POLL_OUT, 0, &rev));
	EXPECT_EQ(0, rev);
	EXPECT_EQ(0, poll1(c, DK_POLL_OUT, 1000000, &rev));
	/* The reader side is readable; drain it all. */
	EXPECT_EQ(1, poll1(s, DK_POLL_IN | DK_POLL_OUT, 0, &rev));
	EXPECT_EQ(DK_POLL_IN | DK_POLL_OUT, rev);
	while (got < total) {
		n = DkStreamRead(s, DK_OFFSET_NONE, sizeof(chunk), chunk);
		ASSERT_LT(0, n);
		got += n;
	}
	EXPECT_EQ(1, poll1(c, DK_POLL_OUT, 0, &rev));
	EXPECT_EQ(DK_POLL_OUT, rev);
	EXPECT_EQ(0, poll1(s, DK_POLL_IN, 0, &rev));
}

TEST_F(poll, pipe_server_in_when_client_waits)
{
	long srv, c, s;
	__u32 rev;

	srv = DkStreamOpen("pipe.srv:p3", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, srv);
	EXPECT_EQ(0, poll1(srv, DK_POLL_IN | DK_POLL_OUT, 0, &rev));
	EXPECT_EQ(0, rev);
	c = DkStreamOpen("pipe:p3", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, c);
	EXPECT_EQ(1, poll1(srv, DK_POLL_IN | DK_POLL_OUT, 0, &rev));
	EXPECT_EQ(DK_POLL_IN, rev);
	/* Not consumed: the client still waits. */
	EXPECT_EQ(1, poll1(srv, DK_POLL_IN, SEC, &rev));
	s = DkStreamWaitForClient(srv);
	ASSERT_LT(0, s);
	EXPECT_EQ(0, poll1(srv, DK_POLL_IN, 0, &rev));
}

TEST_F(poll, tcp_pair_over_loopback)
{
	char name[64], uri[80], buf[4];
	long srv, c, s;
	__u32 rev;

	ASSERT_EQ(0, st_add_net(self->fd, DK_NET_BIND, "127.0.0.1", 32, 0,
				65535));
	ASSERT_EQ(0, st_add_net(self->fd, DK_NET_CONNECT, "127.0.0.1", 32, 1,
				65535));
	ASSERT_EQ(0, ioctl(self->fd, DK_IOC_SEAL));
	srv = DkStreamOpen("tcp.srv:127.0.0.1:0", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, srv);
	ASSERT_LT(0, DkStreamGetName(srv, 0, name, sizeof(name)));
	snprintf(uri, sizeof(uri), "tcp:%s", strchr(name, ':') + 1);
	EXPECT_EQ(0, poll1(srv, DK_POLL_IN, 0, &rev));
	c = DkStreamOpen(uri, DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, c);
	EXPECT_EQ(1, poll1(srv, DK_POLL_IN, 30 * SEC, &rev));
	EXPECT_EQ(DK_POLL_IN, rev);
	s = DkStreamWaitForClient(srv);
	ASSERT_LT(0, s);
	EXPECT_EQ(1, poll1(c, DK_POLL_IN | DK_POLL_OUT, 0, &rev));
	EXPECT_EQ(DK_POLL_OUT, rev);
	ASSERT_EQ(2, DkStreamWrite(c, DK_OFFSET_NONE, 2, "hi"));
	EXPECT_EQ(1, poll1(s, DK_POLL_IN, 30 * SEC, &rev));
	EXPECT_EQ(DK_POLL_IN, rev);
	ASSERT_EQ(2, DkStreamRead(s, DK_OFFSET_NONE, sizeof(buf), buf));
	/* The client shuts its writing down: RDHUP and IN (end of stream). */
	ASSERT_EQ(0, DkStreamDelete(c, DK_DELETE_WRITE));
	EXPECT_EQ(1, poll1(s, DK_POLL_IN | DK_POLL_RDHUP, 30 * SEC, &rev));
	EXPECT_EQ(DK_POLL_IN | DK_POLL_RDHUP, rev);
}

/* Launcher streams follow the host file's own poll. */
TEST_F(poll, host_streams)
{
	long r, w;
	__u32 rev;

	r = dbt_add_stream(self->fd, self->pipefd[0], DK_ACCESS_READ);
	ASSERT_LT(0, r);
	w = dbt_add_stream(self->fd, self->pipefd[1], DK_ACCESS_WRITE);
	ASSERT_LT(0, w);
	EXPECT_EQ(0, poll1(r, DK_POLL_IN, 0, &rev));
	EXPECT_EQ(1, poll1(w, DK_POLL_OUT, 0, &rev));
	EXPECT_EQ(DK_POLL_OUT, rev);
	ASSERT_EQ(1, write(self->pipefd[1], "z", 1));
	EXPECT_EQ(1, poll1(r, DK_POLL_IN, 0, &rev));
	EXPECT_EQ(DK_POLL_IN, rev);
}

/* Regular files are always IN and OUT, as Linux; directories IN. */
TEST_F(poll, files_and_directories)
{
	long f, d;
	__u32 rev;

	ASSERT_EQ(0, st_add_root(self->fd, DBT_TOP, "/top", 0));
	ASSERT_EQ(0, ioctl(self->fd, DK_IOC_SEAL));
	f = DkStreamOpen("file:/top/README.md", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, f);
	EXPECT_EQ(1, poll1(f, DK_POLL_IN | DK_POLL_OUT | DK_POLL_PRI, 0,
			   &rev));
	EXPECT_EQ(DK_POLL_IN | DK_POLL_OUT, rev);
	d = DkStreamOpen("file:/top/kmod", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, d);
	EXPECT_EQ(1, poll1(d, DK_POLL_IN | DK_POLL_OUT, 0, &rev));
	EXPECT_EQ(DK_POLL_IN, rev);
	EXPECT_EQ(0, poll1(d, DK_POLL_OUT, 1000000, &rev));
}

TEST_F(poll, sync_objects_not_consumed)
{
	long sem, sev, nev;
	__u32 rev;

	sem = DkSemaphoreCreate(0, 5);
	ASSERT_LT(0, sem);
	EXPECT_EQ(0, poll1(sem, DK_POLL_IN, 0, &rev));
	EXPECT_EQ(0, DkSemaphoreRelease(sem, 1));
	EXPECT_EQ(1, poll1(sem, DK_POLL_IN, 0, &rev));
	EXPECT_EQ(DK_POLL_IN, rev);
	EXPECT_EQ(1, poll1(sem, DK_POLL_IN, SEC, &rev));
	EXPECT_EQ(1, DkSemaphorePeek(sem));
	/* Only IN: OUT asked alone finds nothing. */
	EXPECT_EQ(0, poll1(sem, DK_POLL_OUT, 0, &rev));

	sev = DkSynchronizationEventCreate(0);
	ASSERT_LT(0, sev);
	EXPECT_EQ(0, poll1(sev, DK_POLL_IN, 0, &rev));
	EXPECT_EQ(0, DkEventSet(sev));
	EXPECT_EQ(1, poll1(sev, DK_POLL_IN, 0, &rev));
	EXPECT_EQ(1, DkEventPeek(sev));		/* not reset */

	nev = DkNotificationEventCreate(1);
	ASSERT_LT(0, nev);
	EXPECT_EQ(1, poll1(nev, DK_POLL_IN, 0, &rev));
	EXPECT_EQ(1, DkEventPeek(nev));
}

/* Several items: the count of ready ones; skipped items get 0. */
TEST_F(poll, several_items_and_skipped)
{
	struct dk_poll_item it[5];
	long c, s, sem;

	pipe_pair(_metadata, "p4", 0, &c, &s);
	sem = DkSemaphoreCreate(1, 1);
	ASSERT_LT(0, sem);
	memset(it, 0, sizeof(it));
	it[0] = (struct dk_poll_item){ s, DK_POLL_IN, 7 };
	it[1] = (struct dk_poll_item){ ~0ULL, DK_POLL_IN, 7 };
	it[2] = (struct dk_poll_item){ sem, DK_POLL_IN | 0x40000, 7 };
	it[3] = (struct dk_poll_item){ 0xffffffffULL, DK_POLL_OUT, 7 };
	it[4] = (struct dk_poll_item){ c, DK_POLL_OUT, 7 };
	EXPECT_EQ(2, DkStreamPoll(5, it, 0));
	EXPECT_EQ(0, it[0].revents);
	EXPECT_EQ(0, it[1].revents);
	EXPECT_EQ(DK_POLL_IN, it[2].revents);
	EXPECT_EQ(0, it[3].revents);
	EXPECT_EQ(DK_POLL_OUT, it[4].revents);
	/* Only skipped items: nothing to wait for but the timeout. */
	EXPECT_EQ(0, DkStreamPoll(1, &it[1], 1000000));
	EXPECT_EQ(1, DkSemaphorePeek(sem));
}

struct poller {
	long h;
	__u32 events;
	long long timeout;
	volatile long result;
	volatile __u32 revents;
	volatile int started;
};

static void poller_main(void *p)
{
	struct poller *pl = p;
	struct dk_poll_item it = { .handle = pl->h, .events = pl->events };

	__atomic_store_n(&pl->started, 1, __ATOMIC_RELEASE);
	pl->result = DkStreamPoll(1, &it, pl->timeout);
	pl->revents = it.revents;
}

/* Start a Dk thread polling @h as @pl says, and give it time to block. */
static long start_poller(struct __test_metadata *_metadata,
			 struct poller *pl, long h)
{
	long t;

	pl->h = h;
	pl->result = 99;
	t = DkThreadCreate(poller_main, pl, NULL, 0);
	ASSERT_LT(0, t);
	while (!__atomic_load_n(&pl->started, __ATOMIC_ACQUIRE))
		DkThreadDelayExecution(1000000);
	/* Let it block; an event arriving earlier gives the same result. */
	DkThreadDelayExecution(30000000);
	return t;
}

/* Wait for the poller thread @t to end; its DkStreamPoll returned @want. */
static void join_poller(struct __test_metadata *_metadata, long t,
			const struct poller *pl, long want)
{
	__u32 rev;

	ASSERT_EQ(0, DkObjectsWaitAny(1, (int32_t[]){ (int32_t)t },
				      30 * SEC));
	/* A thread handle is IN once the thread ended. */
	EXPECT_EQ(1, poll1(t, DK_POLL_IN, 0, &rev));
	EXPECT_EQ(DK_POLL_IN, rev);
	EXPECT_EQ(want, pl->result);
}

TEST_F(poll, blocked_poll_woken_by_writer_thread)
{
	struct poller pl = { .events = DK_POLL_IN,
			     .timeout = DK_TIMEOUT_INFINITE };
	long c, s, t;
	__u32 rev;

	pipe_pair(_metadata, "p5", 0, &c, &s);
	t = start_poller(_metadata, &pl, s);
	EXPECT_EQ(0, poll1(t, DK_POLL_IN, 0, &rev));	/* still polling */
	ASSERT_EQ(1, DkStreamWrite(c, DK_OFFSET_NONE, 1, "w"));
	join_poller(_metadata, t, &pl, 1);
	EXPECT_EQ(DK_POLL_IN, pl.revents);
}

/* The poll's own reference keeps the object of a closed handle alive. */
TEST_F(poll, handle_closed_during_poll)
{
	struct poller pl = { .events = DK_POLL_IN, .timeout = 30 * SEC };
	long c, s, t;

	pipe_pair(_metadata, "p6", 0, &c, &s);
	t = start_poller(_metadata, &pl, s);
	ASSERT_EQ(0, DkObjectClose(s));
	ASSERT_EQ(1, DkStreamWrite(c, DK_OFFSET_NONE, 1, "w"));
	join_poller(_metadata, t, &pl, 1);
	EXPECT_EQ(DK_POLL_IN, pl.revents);
}

/* A semaphore released by another thread wakes the poll. */
TEST_F(poll, blocked_poll_woken_by_release)
{
	struct poller pl = { .events = DK_POLL_IN, .timeout = 30 * SEC };
	long sem, t;

	sem = DkSemaphoreCreate(0, 1);
	ASSERT_LT(0, sem);
	t = start_poller(_metadata, &pl, sem);
	EXPECT_EQ(0, DkSemaphoreRelease(sem, 1));
	join_poller(_metadata, t, &pl, 1);
	EXPECT_EQ(1, DkSemaphorePeek(sem));
}

static volatile int seen_raised;

static void handler(struct dk_exception *exc)
{
	if (exc->event == DK_EXC_RAISED)
		seen_raised++;
}

TEST_F(poll, eintr_by_raised_exception)
{
	struct poller pl = { .events = DK_POLL_IN,
			     .timeout = DK_TIMEOUT_INFINITE };
	long c, s, t;

	pipe_pair(_metadata, "p7", 0, &c, &s);
	ASSERT_EQ(0, DkSetExceptionHandler(handler, DK_EXC_RAISED));
	t = start_poller(_metadata, &pl, s);
	EXPECT_EQ(0, DkThreadRaiseException(t, (void *)1ul));
	join_poller(_metadata, t, &pl, -EINTR);
	EXPECT_EQ(1, seen_raised);
	EXPECT_EQ(0, pl.revents);
}

TEST_F(poll, errors)
{
	struct dk_poll_item it = { .events = DK_POLL_IN };
	struct dk_poll_item *ro;
	long sem, other_sem;
	int other;

	sem = DkSemaphoreCreate(1, 1);
	ASSERT_LT(0, sem);
	it.handle = sem;
	EXPECT_EQ(-EINVAL, DkStreamPoll(0, &it, 0));
	EXPECT_EQ(-E2BIG, DkStreamPoll(DK_POLL_MAX + 1, &it, 0));
	EXPECT_EQ(-EINVAL, DkStreamPoll(1, &it, -2));
	EXPECT_EQ(-EINVAL, DkStreamPoll(1, &it, (long long)(1ULL << 63)));
	EXPECT_EQ(-EFAULT, DkStreamPoll(1, NULL, 0));
	/* The array runs into a no-access page. */
	ro = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	ASSERT_EQ(0, mprotect((char *)ro + 4096, 4096, PROT_NONE));
	ro[255] = it;
	EXPECT_EQ(1, DkStreamPoll(1, &ro[255], 0));
	EXPECT_EQ(-EFAULT, DkStreamPoll(2, &ro[255], 0));
	/* Readable but not writable: the revents cannot be stored. */
	ro[0] = it;
	ASSERT_EQ(0, mprotect(ro, 4096, PROT_READ));
	EXPECT_EQ(-EFAULT, DkStreamPoll(1, ro, 0));
	munmap(ro, 8192);
	/* Handles: not open, malformed, another context's. */
	it.handle = sem + 1000;
	EXPECT_EQ(-EBADF, DkStreamPoll(1, &it, 0));
	it.handle = 0;
	EXPECT_EQ(-EBADF, DkStreamPoll(1, &it, 0));
	it.handle = 1ULL << 32;
	EXPECT_EQ(-EBADF, DkStreamPoll(1, &it, 0));
	other = st_open_ctx();
	ASSERT_LE(0, other);
	other_sem = st_call(other, DK_CALL_SEMAPHORE_CREATE, 1, 1, 0, 0, 0, 0);
	ASSERT_LT(0, other_sem);
	it.handle = other_sem;
	EXPECT_EQ(-EXDEV, DkStreamPoll(1, &it, 0));
	close(other);
	/* A bad handle fails the call even beside a ready item. */
	{
		struct dk_poll_item two[2] = {
			{ sem, DK_POLL_IN, 0 }, { sem + 500, DK_POLL_IN, 0 },
		};

		EXPECT_EQ(-EBADF, DkStreamPoll(2, two, 0));
	}
	/* Raw call: the count's upper bits are not ignored. */
	it.handle = sem;
	EXPECT_EQ(-E2BIG, dbt_raw_call(self->fd, DK_CALL_STREAM_POLL, 0,
				       (1ULL << 32) + 1, (uintptr_t)&it, 0,
				       0));
}

/* The item's layout is ABI: the same on every architecture. */
_Static_assert(sizeof(struct dk_poll_item) == 16, "dk_poll_item size");
_Static_assert(offsetof(struct dk_poll_item, events) == 8, "events");
_Static_assert(offsetof(struct dk_poll_item, revents) == 12, "revents");
_Static_assert(DK_POLL_IN == POLLIN && DK_POLL_PRI == POLLPRI &&
	       DK_POLL_OUT == POLLOUT && DK_POLL_ERR == POLLERR &&
	       DK_POLL_HUP == POLLHUP && DK_POLL_RDHUP == POLLRDHUP,
	       "the Linux POLL* values");

TEST_F(poll, feature_bit)
{
	struct dk_context_info info = { .size = sizeof(info) };

	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	EXPECT_TRUE(info.features & DK_FEATURE_POLL);
}

TEST_HARNESS_MAIN
