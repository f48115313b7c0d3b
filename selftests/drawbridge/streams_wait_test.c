// SPDX-License-Identifier: GPL-2.0
/*
 * Stream handles in DkObjectsWaitAny: pipe servers (client pending), pipe
 * ends (data, peer close), TCP servers and connections.  Readiness is not
 * consumed.  Skipped where DkObjectsWaitAny is not implemented yet.
 */
#include "kselftest_harness.h"
#include "streams_util.h"
#include <pthread.h>
#include <time.h>

static long wait_any(int fd, int n, const __s32 *h, long long ns)
{
	return st_call(fd, DK_CALL_OBJECTS_WAIT_ANY, n, P(h), ns, 0, 0, 0);
}

struct later { int fd; long h; int what; };

static void *do_later(void *arg)
{
	struct later *l = arg;
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	nanosleep(&ts, NULL);
	if (l->what == 0)
		st_write(l->fd, l->h, DK_OFFSET_NONE, "x", 1);
	else if (l->what == 1)
		st_close(l->fd, l->h);
	else
		l->h = st_open(l->fd, "pipe:w", DK_ACCESS_RDWR, 0, 0, 0);
	return NULL;
}

TEST(streams_in_wait_any)
{
	int fd = st_open_ctx();
	long srv, c, s, tsrv, tc, ts2;
	__s32 hs[3];
	char buf[8], name[64], uri[80];
	pthread_t t;
	struct later l;

	ASSERT_LE(0, fd);
	hs[0] = 0;
	if (wait_any(fd, 1, hs, 0) == -ENOSYS)
		SKIP(return, "DkObjectsWaitAny not implemented in this build");
	ASSERT_EQ(0, st_add_net(fd, DK_NET_BIND, "127.0.0.1", 32, 0, 65535));
	ASSERT_EQ(0, st_add_net(fd, DK_NET_CONNECT, "127.0.0.1", 32, 1, 65535));
	ASSERT_EQ(0, ioctl(fd, DK_IOC_SEAL));
	srv = st_open(fd, "pipe.srv:w", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, srv);
	/* Server: nothing pending -> times out; client pending -> signaled. */
	hs[0] = srv;
	EXPECT_EQ(-ETIMEDOUT, wait_any(fd, 1, hs, 0));
	l = (struct later){ fd, 0, 2 };
	pthread_create(&t, NULL, do_later, &l);
	EXPECT_EQ(0, wait_any(fd, 1, hs, 5000000000LL));
	pthread_join(t, NULL);
	c = l.h;
	ASSERT_LT(0, c);
	s = st_accept(fd, srv);
	ASSERT_LT(0, s);
	/* Pipe end: readable after a write from another thread. */
	hs[0] = s;
	hs[1] = srv;
	EXPECT_EQ(-ETIMEDOUT, wait_any(fd, 2, hs, 1000000));
	/* s: data arrives later */
	hs[0] = s;
	l = (struct later){ fd, c, 0 };
	pthread_create(&t, NULL, do_later, &l);
	EXPECT_EQ(0, wait_any(fd, 1, hs, 5000000000LL));
	pthread_join(t, NULL);
	/* Not consumed: still signaled until read. */
	EXPECT_EQ(0, wait_any(fd, 1, hs, 0));
	ASSERT_EQ(1, st_read(fd, s, DK_OFFSET_NONE, buf, 8));
	EXPECT_EQ(-ETIMEDOUT, wait_any(fd, 1, hs, 0));
	/* Peer close wakes it. */
	l = (struct later){ fd, c, 1 };
	pthread_create(&t, NULL, do_later, &l);
	EXPECT_EQ(0, wait_any(fd, 1, hs, 5000000000LL));
	pthread_join(t, NULL);
	EXPECT_EQ(0, st_read(fd, s, DK_OFFSET_NONE, buf, 8));

	/* TCP server and connection. */
	tsrv = st_open(fd, "tcp.srv:127.0.0.1:0", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, tsrv);
	ASSERT_LT(0, st_get_name(fd, tsrv, name, sizeof(name)));
	snprintf(uri, sizeof(uri), "tcp:%s", strchr(name, ':') + 1);
	hs[0] = tsrv;
	EXPECT_EQ(-ETIMEDOUT, wait_any(fd, 1, hs, 0));
	tc = st_open(fd, uri, DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, tc);
	EXPECT_EQ(0, wait_any(fd, 1, hs, 5000000000LL));
	ts2 = st_accept(fd, tsrv);
	ASSERT_LT(0, ts2);
	hs[0] = ts2;
	hs[1] = tc;
	EXPECT_EQ(-ETIMEDOUT, wait_any(fd, 2, hs, 1000000));
	l = (struct later){ fd, ts2, 0 };
	pthread_create(&t, NULL, do_later, &l);
	EXPECT_EQ(1, wait_any(fd, 2, hs, 5000000000LL));
	pthread_join(t, NULL);
	close(fd);
}

TEST_HARNESS_MAIN
