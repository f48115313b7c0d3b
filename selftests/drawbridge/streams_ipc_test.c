// SPDX-License-Identifier: GPL-2.0
/*
 * pipe.srv:/pipe:, tcp:/tcp.srv: and udp:/udp.srv: streams: round trips,
 * 64 MiB with an end-to-end checksum, partial and non-blocking I/O, end of
 * stream and peer close, half-close, accept, names, attributes, network
 * policy (allowed and denied connect/bind; IPv6 rules and sockets never
 * carry IPv4 but through a dual-stack server; no unspecified
 * destinations), pipe name spaces, the kernel memory quota on pipes
 * (unaccepted connections included), the pipe backlog; peeking reads
 * (DK_OFFSET_PEEK), alone and racing reads; packet pipes.
 */
#include "kselftest_harness.h"
#include "streams_util.h"
#include "dbtest.h"

#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>

#define BIG	(64UL << 20)
#define CHUNK	(64UL << 10)

struct pump {
	int fd;
	long h;
	unsigned long total;
	__u64 hash;
	long err;
};

static void fill(unsigned char *b, size_t n, unsigned long seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (unsigned char)((seed + i) * 2654435761UL >> 13);
}

static void *writer(void *arg)
{
	struct pump *p = arg;
	unsigned char *buf = malloc(CHUNK);
	unsigned long done = 0;

	p->hash = ST_HASH_INIT;
	while (buf && done < p->total) {
		size_t n = CHUNK, off = 0;

		fill(buf, n, done);
		p->hash = st_hash(p->hash, buf, n);
		while (off < n) {	/* partial writes are allowed */
			long r = st_write(p->fd, p->h, DK_OFFSET_NONE,
					  buf + off, n - off);
			if (r <= 0) {
				p->err = r ? r : -EIO;
				free(buf);
				return NULL;
			}
			off += r;
		}
		done += n;
	}
	free(buf);
	return NULL;
}

/* Read until end of stream; returns bytes and the checksum. */
static unsigned long drain(int fd, long h, __u64 *hash)
{
	unsigned char *buf = malloc(CHUNK);
	unsigned long total = 0;
	long r;

	*hash = ST_HASH_INIT;
	while (buf && (r = st_read(fd, h, DK_OFFSET_NONE, buf, CHUNK)) > 0) {
		*hash = st_hash(*hash, buf, r);
		total += r;
	}
	free(buf);
	return total;
}

static void *writer_then_shut(void *arg)
{
	struct pump *p = arg;

	writer(p);
	st_call(p->fd, DK_CALL_STREAM_DELETE, p->h, DK_DELETE_WRITE, 0, 0, 0,
		0);
	return NULL;
}

static void big_transfer_shut(struct __test_metadata *_metadata, int fd,
			      long a, long b)
{
	struct pump p = { .fd = fd, .h = a, .total = BIG };
	pthread_t t;
	__u64 hash;
	unsigned long got;

	ASSERT_EQ(0, pthread_create(&t, NULL, writer_then_shut, &p));
	got = drain(fd, b, &hash);
	pthread_join(t, NULL);
	EXPECT_EQ(0, p.err);
	EXPECT_EQ(BIG, got);
	EXPECT_EQ(p.hash, hash);
}

FIXTURE(n) {
	int fd;
};

FIXTURE_SETUP(n)
{
	self->fd = st_open_ctx();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, st_add_net(self->fd, DK_NET_BIND, "127.0.0.1", 32, 0,
				65535));
	ASSERT_EQ(0, st_add_net(self->fd, DK_NET_CONNECT, "127.0.0.1", 32,
				1024, 65535));
	ASSERT_EQ(0, st_add_net(self->fd, DK_NET_CONNECT, "127.0.0.1", 32, 1,
				1));
	ASSERT_EQ(0, st_add_net(self->fd, DK_NET_BIND, "::1", 128, 0, 65535));
	ASSERT_EQ(0, st_add_net(self->fd, DK_NET_CONNECT, "::1", 128, 1, 65535));
	ASSERT_EQ(0, ioctl(self->fd, DK_IOC_SEAL));
}

FIXTURE_TEARDOWN(n)
{
	close(self->fd);
}

TEST_F(n, pipe_round_trip_names_and_eof)
{
	char buf[64] = { 0 };
	struct dk_stream_attr a;
	long srv, c, c2, s;

	EXPECT_EQ(-ECONNREFUSED, st_open(self->fd, "pipe:p1", DK_ACCESS_RDWR,
					 0, 0, 0));
	srv = st_open(self->fd, "pipe.srv:p1", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, srv);
	EXPECT_EQ(-EADDRINUSE, st_open(self->fd, "pipe.srv:p1",
				       DK_ACCESS_RDWR, 0, 0, 0));
	ASSERT_EQ(0, st_attr_query(self->fd, srv, &a));
	EXPECT_EQ(DK_STREAM_TYPE_PIPE_SRV, a.type);
	EXPECT_EQ(0, a.pending);
	c = st_open(self->fd, "pipe:p1", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, c);
	ASSERT_EQ(0, st_attr_query(self->fd, srv, &a));
	EXPECT_EQ(1, a.pending);	/* a client is waiting */
	c2 = st_open(self->fd, "pipe:p1", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, c2);
	ASSERT_EQ(0, st_attr_query(self->fd, srv, &a));
	EXPECT_EQ(2, a.pending);	/* the number of waiting clients */
	s = st_accept(self->fd, srv);
	ASSERT_LT(0, s);
	ASSERT_EQ(0, st_attr_query(self->fd, srv, &a));
	EXPECT_EQ(1, a.pending);
	ASSERT_EQ(0, st_close(self->fd, c2));
	ASSERT_EQ(7, st_get_name(self->fd, s, buf, sizeof(buf)));
	EXPECT_STREQ("pipe:p1", buf);

	ASSERT_EQ(5, st_write(self->fd, c, 99, "hello", 5));
	ASSERT_EQ(0, st_attr_query(self->fd, s, &a));
	EXPECT_EQ(DK_STREAM_TYPE_PIPE, a.type);
	EXPECT_EQ(5, a.pending);
	/* Partial read: ask for 3 of 5. */
	ASSERT_EQ(3, st_read(self->fd, s, DK_OFFSET_NONE, buf, 3));
	ASSERT_EQ(2, st_read(self->fd, s, DK_OFFSET_NONE, buf + 3, 60));
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
	ASSERT_EQ(3, st_write(self->fd, s, DK_OFFSET_NONE, "bye", 3));
	ASSERT_EQ(3, st_read(self->fd, c, DK_OFFSET_NONE, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "bye", 3));

	/* Non-blocking: nothing there. */
	ASSERT_EQ(0, st_attr_set(self->fd, s, DK_ATTR_SET_NONBLOCK,
				 DK_ATTR_NONBLOCK, 0, 0));
	EXPECT_EQ(-EAGAIN, st_read(self->fd, s, DK_OFFSET_NONE, buf, 1));
	ASSERT_EQ(0, st_attr_query(self->fd, s, &a));
	EXPECT_TRUE(a.flags & DK_ATTR_NONBLOCK);

	/* Peer close: end of stream, then EPIPE for writers (no signal). */
	ASSERT_EQ(0, st_close(self->fd, c));
	EXPECT_EQ(0, st_read(self->fd, s, DK_OFFSET_NONE, buf, 1));
	EXPECT_EQ(-EPIPE, st_write(self->fd, s, DK_OFFSET_NONE, "x", 1));
	/* A server is not a data stream. */
	EXPECT_EQ(-ENOTCONN, st_read(self->fd, srv, DK_OFFSET_NONE, buf, 1));
	ASSERT_EQ(0, st_close(self->fd, srv));
	EXPECT_EQ(-ECONNREFUSED, st_open(self->fd, "pipe:p1", DK_ACCESS_RDWR,
					 0, 0, 0));
}

/* pipe.srv:@name, its client *@c and the accepted end *@s: the server. */
static long pipe_conn(struct __test_metadata *_metadata, int fd,
		      const char *name, long *c, long *s)
{
	char uri[64];
	long srv;

	snprintf(uri, sizeof(uri), "pipe.srv:%s", name);
	srv = st_open(fd, uri, DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, srv);
	snprintf(uri, sizeof(uri), "pipe:%s", name);
	*c = st_open(fd, uri, DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, *c);
	*s = st_accept(fd, srv);
	ASSERT_LT(0, *s);
	return srv;
}

TEST_F(n, pipe_64mib_checksum)
{
	long c, s;

	pipe_conn(_metadata, self->fd, "big", &c, &s);
	big_transfer_shut(_metadata, self->fd, c, s);
}

TEST(pipe_namespaces_are_separate)
{
	int a = st_open_ctx(), b = st_open_ctx();

	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	ASSERT_LT(0, st_open(a, "pipe.srv:shared", DK_ACCESS_RDWR, 0, 0, 0));
	/* Another top-level context cannot meet it ... */
	EXPECT_EQ(-ECONNREFUSED, st_open(b, "pipe:shared", DK_ACCESS_RDWR, 0,
					 0, 0));
	/* ... and may use the same name itself. */
	EXPECT_LT(0, st_open(b, "pipe.srv:shared", DK_ACCESS_RDWR, 0, 0, 0));
	close(a);
	close(b);
}

TEST(pipe_kmem_quota)
{
	struct dk_setup_limits lim = { .max_kmem = 3 * (256 << 10) };
	int fd = st_open_ctx(), i;
	long srv, r = 0;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, DK_IOC_SET_LIMITS, &lim));
	srv = st_open(fd, "pipe.srv:q", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, srv);
	r = st_open_until_error(fd, "pipe:q", DK_ACCESS_RDWR, 10, &i);
	EXPECT_EQ(-EDQUOT, r);
	EXPECT_LE(1, i);
	EXPECT_GE(3, i);
	close(fd);
}

#define PIPE_BUF_CHARGE	(256LL << 10)	/* DK_PIPE_BUF */
#define PIPE_BACKLOG	128		/* DK_PIPE_BACKLOG */

/* Kernel memory charged to a context now (DK_IOC_GET_INFO). */
static long long kmem_used(int fd)
{
	struct dk_context_info info;

	if (ioctl(fd, DK_IOC_GET_INFO, &info))
		return -errno;
	return info.kmem_used;
}

/*
 * Connect to pipe.srv:NAME, write until the pipe's buffer is full, and
 * close the client end, leaving the connection unaccepted.  Returns the
 * bytes written, or the error of the connect.
 */
static long connect_fill_close(int fd, const char *uri)
{
	static char chunk[16 << 10];
	long c, r, total = 0;

	c = st_open(fd, uri, DK_ACCESS_RDWR, 0, 0, DK_OPTION_NONBLOCK);
	if (c < 0)
		return c;
	while ((r = st_write(fd, c, DK_OFFSET_NONE, chunk, sizeof(chunk))) > 0)
		total += r;
	if (r != -EAGAIN || st_close(fd, c))
		return -EIO;
	return total;
}

/* Accept one connection and read it to end of stream: the bytes read. */
static long accept_drain(int fd, long srv)
{
	char buf[16 << 10];
	long s, r, total = 0;

	s = st_accept(fd, srv);
	if (s < 0)
		return s;
	while ((r = st_read(fd, s, DK_OFFSET_NONE, buf, sizeof(buf))) > 0)
		total += r;
	if (r || st_close(fd, s))
		return -EIO;
	return total;
}

/*
 * A connection nobody accepted is charged to the client that made it,
 * also after the client closed its end: connect/fill/close cycles hit the
 * client's quota instead of pinning 128 full buffers per server.  The
 * charges come back when the server accepts and when it closes.
 */
TEST(pipe_unaccepted_connections_charged)
{
	struct dk_setup_limits lim = { .max_kmem = 1 << 20 };
	long long base, before;
	long srv, r = 0, written[PIPE_BACKLOG + 1];
	int fd = st_open_ctx(), i, n;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, DK_IOC_SET_LIMITS, &lim));
	srv = st_open(fd, "pipe.srv:pin", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, srv);
	base = kmem_used(fd);
	ASSERT_LT(0, base);
	for (n = 0; n <= PIPE_BACKLOG; n++) {
		r = connect_fill_close(fd, "pipe:pin");
		if (r < 0)
			break;
		/* The pending end holds what was written: about a buffer. */
		ASSERT_LE(PIPE_BUF_CHARGE / 2, r);
		written[n] = r;
	}
	/* 1 MiB: the quota, not the backlog, stops it after 1-3 rounds. */
	ASSERT_EQ(-EDQUOT, r);
	ASSERT_LE(1, n);
	ASSERT_GE(3, n);
	EXPECT_LE(base + n * PIPE_BUF_CHARGE, kmem_used(fd));

	/* Accepting moves each charge to the server's new end: no growth. */
	for (i = 0; i < n; i++) {
		before = kmem_used(fd);
		EXPECT_EQ(written[i], accept_drain(fd, srv));
		/* The accepted end is closed again: the pending charge is gone. */
		EXPECT_GT(before - PIPE_BUF_CHARGE + 4096, kmem_used(fd));
	}
	EXPECT_EQ(base, kmem_used(fd));

	/* Closing the server returns the charges of unaccepted ones. */
	for (i = 0; i < n; i++)
		EXPECT_LT(0, connect_fill_close(fd, "pipe:pin"));
	EXPECT_EQ(-EDQUOT, connect_fill_close(fd, "pipe:pin"));
	ASSERT_EQ(0, st_close(fd, srv));
	EXPECT_EQ(0, kmem_used(fd));
	srv = st_open(fd, "pipe.srv:pin", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, srv);
	EXPECT_LT(0, connect_fill_close(fd, "pipe:pin"));
	close(fd);
}

/* Run proc_pico MODE under dbexec with a 2 MiB kernel memory quota. */
static int pico_2m(const char *mode, struct dbt_result *res)
{
	char manifest[] = "/tmp/dkpin.XXXXXX";
	char *argv[] = { DBT_DBEXEC, "--manifest", manifest,
			 DBT_PICO("proc_pico"), (char *)mode, NULL };
	int mfd = mkstemp(manifest), ret;

	if (mfd < 0)
		return -1;
	ret = write(mfd, "limit kmem 2M\n", 14) == 14 ? 0 : -1;
	close(mfd);
	if (!ret)
		ret = dbt_run(argv, "", res);
	unlink(manifest);
	return ret ? -1 : dbt_exit_code(res);
}

/*
 * Across contexts: a child picoprocess (2 MiB quota) floods its parent's
 * pipe server, which never accepts while it runs.  The child's own quota
 * stops it, not the backlog; the parent then accepts all it left (the
 * charges move to the parent), and closes the server on a second flood
 * (the charges of a context that is gone are returned: a leak would be a
 * kernel warning when its context is freed).
 */
TEST(pipe_unaccepted_connections_charged_to_child)
{
	static struct dbt_result res;
	char flood[16], flood2[16], left[16];
	int rounds, accepted, rounds2, closed;
	long per;

	ASSERT_EQ(0, pico_2m("pinsrv", &res)) TH_LOG("%s", res.err);
	ASSERT_EQ(8, sscanf(res.out, "srv=0\nflood=%15[^\n]\nrounds=%d\n"
			    "accepted=%d\nbytes_per_round=%ld\nleft=%15[^\n]\n"
			    "flood=%15[^\n]\nrounds2=%d\nclosed=%d\n", flood,
			    &rounds, &accepted, &per, left, flood2, &rounds2,
			    &closed)) TH_LOG("%s", res.out);
	EXPECT_STREQ("EDQUOT", flood);
	/* 2 MiB, 256 KiB a connection: a handful, far below the backlog. */
	EXPECT_LE(2, rounds);
	EXPECT_GE(8, rounds);
	EXPECT_EQ(rounds, accepted);
	EXPECT_LE(PIPE_BUF_CHARGE / 2, per);
	EXPECT_STREQ("ETIMEDOUT", left);	/* nothing more pending */
	EXPECT_STREQ("EDQUOT", flood2);
	EXPECT_EQ(rounds, rounds2);
	EXPECT_EQ(0, closed);
}

/*
 * The same for the stream between a parent and a child: what an ended
 * child wrote stays queued on the parent's end while the parent keeps the
 * process handle, and is charged to the parent.  Before, 48 handles of
 * such children pinned about 10 MiB with a 2 MiB quota.
 */
TEST(process_streams_of_ended_children_charged)
{
	static struct dbt_result res;
	char why[16];
	int kept;
	long again;

	ASSERT_EQ(0, pico_2m("hoard", &res)) TH_LOG("%s", res.err);
	ASSERT_EQ(3, sscanf(res.out, "hoard=%15[^\n]\nkept=%d\nagain=%ld\n",
			    why, &kept, &again)) TH_LOG("%s", res.out);
	EXPECT_STREQ("EDQUOT", why);
	EXPECT_LE(2, kept);
	EXPECT_GE(8, kept);
	EXPECT_EQ(0, again);
}

/* At most DK_PIPE_BACKLOG connections wait; then EAGAIN. */
TEST(pipe_backlog_limit)
{
	int fd = st_open_ctx(), i;
	long srv, c;

	ASSERT_LE(0, fd);
	srv = st_open(fd, "pipe.srv:bl", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, srv);
	for (i = 0; i < PIPE_BACKLOG; i++) {
		c = st_open(fd, "pipe:bl", DK_ACCESS_RDWR, 0, 0, 0);
		ASSERT_LT(0, c);
		ASSERT_EQ(0, st_close(fd, c));
	}
	EXPECT_EQ(-EAGAIN, st_open(fd, "pipe:bl", DK_ACCESS_RDWR, 0, 0, 0));
	/* Accepting one makes room for one. */
	c = st_accept(fd, srv);
	ASSERT_LT(0, c);
	ASSERT_EQ(0, st_close(fd, c));
	c = st_open(fd, "pipe:bl", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, c);
	ASSERT_EQ(0, st_close(fd, c));
	EXPECT_EQ(-EAGAIN, st_open(fd, "pipe:bl", DK_ACCESS_RDWR, 0, 0, 0));
	ASSERT_EQ(0, st_close(fd, srv));
	EXPECT_EQ(0, kmem_used(fd));
	close(fd);
}

/* A full handle table fails the accept but loses no connection. */
TEST(pipe_accept_emfile_keeps_connection)
{
	struct dk_setup_limits lim = { .max_handles = 2 };
	char buf[8] = { 0 };
	int fd = st_open_ctx();
	long srv, c, s;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, DK_IOC_SET_LIMITS, &lim));
	srv = st_open(fd, "pipe.srv:full", DK_ACCESS_RDWR, 0, 0,
		      DK_OPTION_NONBLOCK);
	ASSERT_LT(0, srv);
	c = st_open(fd, "pipe:full", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, c);
	ASSERT_EQ(2, st_write(fd, c, DK_OFFSET_NONE, "hi", 2));
	EXPECT_EQ(-EMFILE, st_accept(fd, srv));
	ASSERT_EQ(0, st_close(fd, c));
	s = st_accept(fd, srv);
	ASSERT_LT(0, s);
	ASSERT_EQ(2, st_read(fd, s, DK_OFFSET_NONE, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "hi", 2));
	EXPECT_EQ(0, st_read(fd, s, DK_OFFSET_NONE, buf, sizeof(buf)));
	EXPECT_EQ(-EAGAIN, st_accept(fd, srv));
	close(fd);
}

/* A client of server @srv ("tcp.srv:ADDR:PORT") over @scheme. */
static long tcp_connect_to(int fd, long srv, const char *scheme)
{
	char name[128], uri[160];

	if (st_get_name(fd, srv, name, sizeof(name)) < 0)
		return -EIO;
	snprintf(uri, sizeof(uri), "%s%s", scheme, strchr(name, ':') + 1);
	return st_open(fd, uri, DK_ACCESS_RDWR, 0, 0, 0);
}

static long tcp_pair(struct __test_metadata *_metadata, int fd,
		     const char *srvuri, const char *scheme, long *c, long *s)
{
	long srv;

	srv = st_open(fd, srvuri, DK_ACCESS_RDWR, 0, 0, 0);
	if (srv < 0)
		return srv;
	*c = tcp_connect_to(fd, srv, scheme);
	if (*c < 0)
		return *c;
	*s = st_accept(fd, srv);
	return srv;
}

TEST_F(n, tcp_round_trip_64mib_and_half_close)
{
	struct dk_stream_attr a;
	char buf[64] = { 0 };
	long srv, c, c2, s;
	int i;

	srv = tcp_pair(_metadata, self->fd, "tcp.srv:127.0.0.1:0", "tcp:",
		       &c, &s);
	ASSERT_LT(0, srv);
	ASSERT_LT(0, c);
	ASSERT_LT(0, s);
	ASSERT_EQ(0, st_attr_query(self->fd, srv, &a));
	EXPECT_EQ(DK_STREAM_TYPE_TCP_SRV, a.type);
	EXPECT_EQ(0, a.pending);	/* the client was accepted */
	c2 = tcp_connect_to(self->fd, srv, "tcp:");
	ASSERT_LT(0, c2);
	for (i = 0; i < 1000; i++) {	/* the handshake ends in softirq */
		ASSERT_EQ(0, st_attr_query(self->fd, srv, &a));
		if (a.pending)
			break;
		usleep(1000);
	}
	EXPECT_EQ(1, a.pending);	/* a client waits to be accepted */
	ASSERT_EQ(0, st_close(self->fd, c2));
	ASSERT_EQ(4, st_write(self->fd, c, DK_OFFSET_NONE, "ping", 4));
	ASSERT_EQ(4, st_read(self->fd, s, DK_OFFSET_NONE, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "ping", 4));
	/* Socket options. */
	ASSERT_EQ(0, st_attr_set(self->fd, c, DK_ATTR_SET_TCP_NODELAY,
				 DK_ATTR_TCP_NODELAY, 0, 0));
	ASSERT_EQ(0, st_attr_query(self->fd, c, &a));
	EXPECT_TRUE(a.flags & DK_ATTR_TCP_NODELAY);
	EXPECT_EQ(DK_STREAM_TYPE_TCP, a.type);
	big_transfer_shut(_metadata, self->fd, c, s);
	/* Half-close: c can still read what s sends. */
	ASSERT_EQ(3, st_write(self->fd, s, DK_OFFSET_NONE, "end", 3));
	ASSERT_EQ(3, st_read(self->fd, c, DK_OFFSET_NONE, buf, sizeof(buf)));
	ASSERT_EQ(0, st_close(self->fd, s));
	EXPECT_EQ(0, st_read(self->fd, c, DK_OFFSET_NONE, buf, sizeof(buf)));
}

TEST_F(n, tcp_ipv6_round_trip)
{
	char buf[16] = { 0 };
	long srv, c, s;

	srv = tcp_pair(_metadata, self->fd, "tcp.srv:[::1]:0", "tcp:", &c, &s);
	ASSERT_LT(0, srv);
	ASSERT_LT(0, c);
	ASSERT_LT(0, s);
	ASSERT_EQ(2, st_write(self->fd, s, DK_OFFSET_NONE, "v6", 2));
	ASSERT_EQ(2, st_read(self->fd, c, DK_OFFSET_NONE, buf, sizeof(buf)));
	EXPECT_STREQ("v6", buf);
}

/*
 * DkStreamAttributesSetByHandle applies what its mask names and nothing
 * else; malformed input and options the stream lacks are EINVAL.
 */
TEST_F(n, attr_set_mask_and_checks)
{
	struct dk_stream_attr_set raw = { .mask = DK_ATTR_SET_NONBLOCK };
	const __u32 nr = DK_CALL_STREAM_ATTRIBUTES_SET_BY_HANDLE;
	struct dk_stream_attr a;
	long psrv, pc, ps, srv, c, s, u;
	char buf[4];

	psrv = st_open(self->fd, "pipe.srv:attrset", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, psrv);
	pc = st_open(self->fd, "pipe:attrset", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, pc);
	ps = st_accept(self->fd, psrv);
	ASSERT_LT(0, ps);

	/* Malformed, whatever the stream. */
	EXPECT_EQ(-EINVAL, st_attr_set(self->fd, pc, 0x10, 0, 0, 0));
	EXPECT_EQ(-EINVAL, st_attr_set(self->fd, pc, 0, DK_ATTR_NONBLOCK, 0,
				       0));
	EXPECT_EQ(-EINVAL, st_attr_set(self->fd, pc, DK_ATTR_SET_NONBLOCK,
				       DK_ATTR_EOF, 0, 0));
	raw.reserved = 1;
	EXPECT_EQ(-EINVAL, st_call(self->fd, nr, pc, P(&raw), 0, 0, 0, 0));
	raw.reserved = 0;
	EXPECT_EQ(0, st_call(self->fd, nr, pc, P(&raw), 0, 0, 0, 0));
	EXPECT_EQ(0, st_attr_set(self->fd, pc, 0, 0, 0, 0));
	/* Options a pipe lacks; a pipe server's mode is fixed at open. */
	EXPECT_EQ(-EINVAL, st_attr_set(self->fd, pc, DK_ATTR_SET_TCP_NODELAY,
				       0, 0, 0));
	EXPECT_EQ(-EINVAL, st_attr_set(self->fd, pc, DK_ATTR_SET_RECV_BUF, 0,
				       4096, 0));
	EXPECT_EQ(-EINVAL, st_attr_set(self->fd, psrv, DK_ATTR_SET_NONBLOCK,
				       DK_ATTR_NONBLOCK, 0, 0));
	EXPECT_EQ(0, st_attr_set(self->fd, psrv, DK_ATTR_SET_NONBLOCK, 0, 0,
				 0));
	/* On, then off again. */
	ASSERT_EQ(0, st_attr_set(self->fd, pc, DK_ATTR_SET_NONBLOCK,
				 DK_ATTR_NONBLOCK, 0, 0));
	ASSERT_EQ(0, st_attr_query(self->fd, pc, &a));
	EXPECT_TRUE(a.flags & DK_ATTR_NONBLOCK);
	EXPECT_EQ(-EAGAIN, st_read(self->fd, pc, DK_OFFSET_NONE, buf, 1));
	ASSERT_EQ(0, st_attr_set(self->fd, pc, DK_ATTR_SET_NONBLOCK, 0, 0, 0));
	ASSERT_EQ(0, st_attr_query(self->fd, pc, &a));
	EXPECT_FALSE(a.flags & DK_ATTR_NONBLOCK);

	/* TCP: a buffer size alone leaves the blocking mode as it was. */
	srv = tcp_pair(_metadata, self->fd, "tcp.srv:127.0.0.1:0", "tcp:",
		       &c, &s);
	ASSERT_LT(0, srv);
	ASSERT_LT(0, c);
	ASSERT_LT(0, s);
	ASSERT_EQ(0, st_attr_set(self->fd, c, DK_ATTR_SET_NONBLOCK,
				 DK_ATTR_NONBLOCK, 0, 0));
	ASSERT_EQ(0, st_attr_set(self->fd, c, DK_ATTR_SET_RECV_BUF, 0, 4096,
				 0));
	ASSERT_EQ(0, st_attr_query(self->fd, c, &a));
	EXPECT_TRUE(a.flags & DK_ATTR_NONBLOCK);
	EXPECT_EQ(8192, a.recv_buf);	/* the kernel doubles SO_RCVBUF */
	EXPECT_EQ(-EINVAL, st_attr_set(self->fd, c, DK_ATTR_SET_RECV_BUF, 0,
				       0, 0));
	EXPECT_EQ(-EINVAL, st_attr_set(self->fd, c, DK_ATTR_SET_SEND_BUF, 0,
				       0, (1U << 30) + 1));

	/* UDP has buffers but no TCP_NODELAY. */
	u = st_open(self->fd, "udp:127.0.0.1:1", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, u);
	EXPECT_EQ(-EINVAL, st_attr_set(self->fd, u, DK_ATTR_SET_TCP_NODELAY,
				       DK_ATTR_TCP_NODELAY, 0, 0));
	EXPECT_EQ(0, st_attr_set(self->fd, u, DK_ATTR_SET_SEND_BUF, 0, 0,
				 8192));
}

TEST_F(n, network_policy_enforced)
{
	/* Bind: only loopback addresses are granted. */
	EXPECT_EQ(-EACCES, st_open(self->fd, "tcp.srv:0.0.0.0:0",
				   DK_ACCESS_RDWR, 0, 0, 0));
	EXPECT_EQ(-EACCES, st_open(self->fd, "udp.srv:127.0.0.2:5000",
				   DK_ACCESS_RDWR, 0, 0, 0));
	/* Connect: ports below 1024 and other hosts are refused. */
	EXPECT_EQ(-EACCES, st_open(self->fd, "tcp:127.0.0.1:80",
				   DK_ACCESS_RDWR, 0, 0, 0));
	EXPECT_EQ(-EACCES, st_open(self->fd, "tcp:10.0.0.1:8080",
				   DK_ACCESS_RDWR, 0, 0, 0));
	EXPECT_EQ(-EACCES, st_open(self->fd, "udp:[::2]:8080",
				   DK_ACCESS_RDWR, 0, 0, 0));
	/* Allowed connect to a closed port: the network's answer. */
	EXPECT_EQ(-ECONNREFUSED, st_open(self->fd, "tcp:127.0.0.1:1",
					 DK_ACCESS_RDWR, 0, 0, 0));
}

TEST_F(n, udp_round_trip_with_source_and_dest)
{
	char name[128], uri[160], src[64], buf[64] = { 0 };
	long srv, c;

	srv = st_open(self->fd, "udp.srv:127.0.0.1:0", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, srv);
	ASSERT_LT(0, st_get_name(self->fd, srv, name, sizeof(name)));
	ASSERT_EQ(0, strncmp(name, "udp.srv:127.0.0.1:", 18));
	snprintf(uri, sizeof(uri), "udp:%s", name + 8);
	c = st_open(self->fd, uri, DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, c);
	ASSERT_EQ(5, st_write(self->fd, c, DK_OFFSET_NONE, "dgram", 5));
	/* Source buffer too small is refused before anything is consumed. */
	EXPECT_EQ(-EINVAL, st_call(self->fd, DK_CALL_STREAM_READ, srv,
				   DK_OFFSET_NONE, sizeof(buf), P(buf), P(src),
				   8));
	ASSERT_EQ(5, st_call(self->fd, DK_CALL_STREAM_READ, srv,
			     DK_OFFSET_NONE, sizeof(buf), P(buf), P(src),
			     sizeof(src)));
	EXPECT_EQ(0, memcmp(buf, "dgram", 5));
	EXPECT_EQ(0, strncmp(src, "udp:127.0.0.1:", 14));
	/* Reply to the sender named by the read. */
	ASSERT_EQ(5, st_call(self->fd, DK_CALL_STREAM_WRITE, srv,
			     DK_OFFSET_NONE, 5, P("reply"), P(src), 0));
	ASSERT_EQ(5, st_read(self->fd, c, DK_OFFSET_NONE, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "reply", 5));
	/* Sending to a destination the policy does not grant. */
	EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_WRITE, srv,
				   DK_OFFSET_NONE, 1, P("x"),
				   P("udp:127.0.0.1:53"), 0));
	EXPECT_EQ(-EINVAL, st_call(self->fd, DK_CALL_STREAM_WRITE, srv,
				   DK_OFFSET_NONE, 1, P("x"),
				   P("tcp:127.0.0.1:5353"), 0));
}

/* The same exchange through libdk's datagram wrappers. */
TEST_F(n, udp_libdk_read_from_write_to)
{
	char name[128], uri[160], src[64], buf[64] = { 0 };
	long srv, c;

	dk_set_fd(self->fd);
	srv = DkStreamOpen("udp.srv:127.0.0.1:0", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, srv);
	ASSERT_LT(0, DkStreamGetName(srv, 0, name, sizeof(name)));
	snprintf(uri, sizeof(uri), "udp:%s", name + 8);
	c = DkStreamOpen(uri, DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, c);
	ASSERT_EQ(4, DkStreamWriteTo(c, 4, "ping", NULL));
	EXPECT_EQ(-EINVAL, DkStreamReadFrom(srv, sizeof(buf), buf, src, 63));
	ASSERT_EQ(4, DkStreamReadFrom(srv, sizeof(buf), buf, src, sizeof(src)));
	EXPECT_EQ(0, memcmp(buf, "ping", 4));
	EXPECT_EQ(0, strncmp(src, "udp:127.0.0.1:", 14));
	ASSERT_EQ(4, DkStreamWriteTo(srv, 4, "pong", src));
	ASSERT_EQ(4, DkStreamReadFrom(c, sizeof(buf), buf, NULL, 0));
	EXPECT_EQ(0, memcmp(buf, "pong", 4));
	EXPECT_EQ(-EDESTADDRREQ, DkStreamWriteTo(srv, 1, "x", NULL));
	EXPECT_EQ(0, DkObjectClose(c));
	EXPECT_EQ(0, DkObjectClose(srv));
}

/*
 * Packet pipes (DK_OPTION_PACKET): each write is one message, each read
 * returns at most one (the rest of a longer one is dropped), zero-length
 * messages included; pending is the next message's length; a message
 * larger than the send buffer is EMSGSIZE; servers and clients of the
 * other kind do not meet (EPROTOTYPE); other schemes refuse the option.
 */
TEST_F(n, pipe_packets_keep_boundaries)
{
	static char big[1 << 20];
	struct dk_stream_attr a;
	char buf[64] = { 0 };
	long srv, bsrv, c, s;

	EXPECT_EQ(-EINVAL, st_open(self->fd, "tcp:127.0.0.1:1", DK_ACCESS_RDWR,
				   0, 0, DK_OPTION_PACKET));
	EXPECT_EQ(-EINVAL, st_open(self->fd, "file:/x", DK_ACCESS_READ, 0, 0,
				   DK_OPTION_PACKET));
	srv = st_open(self->fd, "pipe.srv:pkt", DK_ACCESS_RDWR, 0, 0,
		      DK_OPTION_PACKET);
	ASSERT_LT(0, srv);
	bsrv = st_open(self->fd, "pipe.srv:bytes", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, bsrv);
	EXPECT_EQ(-EPROTOTYPE, st_open(self->fd, "pipe:pkt", DK_ACCESS_RDWR,
				       0, 0, 0));
	EXPECT_EQ(-EPROTOTYPE, st_open(self->fd, "pipe:bytes", DK_ACCESS_RDWR,
				       0, 0, DK_OPTION_PACKET));
	c = st_open(self->fd, "pipe:pkt", DK_ACCESS_RDWR, 0, 0,
		    DK_OPTION_PACKET);
	ASSERT_LT(0, c);
	s = st_accept(self->fd, srv);
	ASSERT_LT(0, s);

	ASSERT_EQ(3, st_write(self->fd, c, DK_OFFSET_NONE, "one", 3));
	ASSERT_EQ(5, st_write(self->fd, c, DK_OFFSET_NONE, "two22", 5));
	ASSERT_EQ(0, st_write(self->fd, c, DK_OFFSET_NONE, "", 0));
	ASSERT_EQ(5, st_write(self->fd, c, DK_OFFSET_NONE, "three", 5));
	ASSERT_EQ(0, st_attr_query(self->fd, s, &a));
	EXPECT_EQ(DK_STREAM_TYPE_PIPE, a.type);
	EXPECT_EQ(3, a.pending);
	ASSERT_EQ(3, st_read(self->fd, s, DK_OFFSET_NONE, buf, sizeof(buf)));
	EXPECT_STREQ("one", buf);
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(2, st_read(self->fd, s, DK_OFFSET_PEEK, buf, 2));
	EXPECT_STREQ("tw", buf);
	ASSERT_EQ(2, st_read(self->fd, s, DK_OFFSET_NONE, buf, 2));
	EXPECT_STREQ("tw", buf);	/* "o22" is dropped */
	EXPECT_EQ(0, st_read(self->fd, s, DK_OFFSET_NONE, buf, sizeof(buf)));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(5, st_read(self->fd, s, DK_OFFSET_NONE, buf, sizeof(buf)));
	EXPECT_STREQ("three", buf);

	/* The other way, a large message whole; too large: EMSGSIZE. */
	EXPECT_EQ(-EMSGSIZE, st_write(self->fd, s, DK_OFFSET_NONE, big,
				      sizeof(big)));
	memset(big, 'm', 65536);
	ASSERT_EQ(65536, st_write(self->fd, s, DK_OFFSET_NONE, big, 65536));
	ASSERT_EQ(1, st_write(self->fd, s, DK_OFFSET_NONE, "z", 1));
	memset(big, 0, 65536);
	ASSERT_EQ(65536, st_read(self->fd, c, DK_OFFSET_NONE, big,
				 sizeof(big)));
	EXPECT_EQ('m', big[65535]);
	ASSERT_EQ(1, st_read(self->fd, c, DK_OFFSET_NONE, buf, sizeof(buf)));
	EXPECT_EQ('z', buf[0]);
	ASSERT_EQ(0, st_attr_set(self->fd, c, DK_ATTR_SET_NONBLOCK,
				 DK_ATTR_NONBLOCK, 0, 0));
	EXPECT_EQ(-EAGAIN, st_read(self->fd, c, DK_OFFSET_NONE, buf, 1));

	/* Peer closed: end of stream, EPIPE. */
	ASSERT_EQ(0, st_close(self->fd, s));
	EXPECT_EQ(0, st_read(self->fd, c, DK_OFFSET_NONE, buf, 1));
	EXPECT_EQ(-EPIPE, st_write(self->fd, c, DK_OFFSET_NONE, "x", 1));
	EXPECT_EQ(0, st_close(self->fd, c));
	EXPECT_EQ(0, st_close(self->fd, bsrv));
	EXPECT_EQ(0, st_close(self->fd, srv));
}

struct late_write {
	int fd;
	long h;
};

static void *write_late(void *arg)
{
	struct late_write *w = arg;

	usleep(100 * 1000);
	st_write(w->fd, w->h, DK_OFFSET_NONE, "late", 4);
	return NULL;
}

/*
 * DK_OFFSET_PEEK on the connected byte stream @s, whose peer is @c and
 * whose server is @srv: a peek shows what a read then returns and consumes
 * nothing; a blocking peek waits for data; an empty non-blocking stream is
 * EAGAIN; end of stream peeks as 0.  Writes and servers take no peek.
 */
static void peek_byte_stream(struct __test_metadata *_metadata, int fd,
			     long srv, long c, long s)
{
	struct late_write w = { .fd = fd, .h = c };
	char buf[64] = { 0 }, again[64] = { 0 };
	struct dk_stream_attr a;
	pthread_t t;

	ASSERT_EQ(5, st_write(fd, c, DK_OFFSET_NONE, "hello", 5));
	ASSERT_EQ(3, st_read(fd, s, DK_OFFSET_PEEK, buf, 3));
	EXPECT_EQ(0, memcmp(buf, "hel", 3));
	ASSERT_EQ(5, st_read(fd, s, DK_OFFSET_PEEK, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
	ASSERT_EQ(0, st_attr_query(fd, s, &a));
	EXPECT_EQ(5, a.pending);
	ASSERT_EQ(5, st_read(fd, s, DK_OFFSET_NONE, again, sizeof(again)));
	EXPECT_EQ(0, memcmp(again, "hello", 5));

	/* Consumed by the read: nothing left to peek. */
	ASSERT_EQ(0, st_attr_set(fd, s, DK_ATTR_SET_NONBLOCK,
				 DK_ATTR_NONBLOCK, 0, 0));
	EXPECT_EQ(-EAGAIN, st_read(fd, s, DK_OFFSET_PEEK, buf, 1));
	ASSERT_EQ(0, st_attr_set(fd, s, DK_ATTR_SET_NONBLOCK, 0, 0, 0));

	/* A blocking peek waits for the bytes, which then stay. */
	ASSERT_EQ(0, pthread_create(&t, NULL, write_late, &w));
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(4, st_read(fd, s, DK_OFFSET_PEEK, buf, sizeof(buf)));
	pthread_join(t, NULL);
	EXPECT_STREQ("late", buf);
	memset(again, 0, sizeof(again));
	ASSERT_EQ(4, st_read(fd, s, DK_OFFSET_NONE, again, sizeof(again)));
	EXPECT_STREQ("late", again);

	EXPECT_EQ(-EINVAL, st_write(fd, c, DK_OFFSET_PEEK, "x", 1));
	EXPECT_EQ(-ENOTCONN, st_read(fd, srv, DK_OFFSET_PEEK, buf, 1));
	ASSERT_EQ(0, st_call(fd, DK_CALL_STREAM_DELETE, c, DK_DELETE_WRITE, 0,
			     0, 0, 0));
	EXPECT_EQ(0, st_read(fd, s, DK_OFFSET_PEEK, buf, 1));
	EXPECT_EQ(0, st_read(fd, s, DK_OFFSET_NONE, buf, 1));
}

/* A loopback TCP connection: the server, client *@c, accepted *@s. */
static long tcp_conn(struct __test_metadata *_metadata, int fd, long *c,
		     long *s)
{
	long srv = tcp_pair(_metadata, fd, "tcp.srv:127.0.0.1:0", "tcp:", c,
			    s);

	ASSERT_LT(0, srv);
	ASSERT_LT(0, *c);
	ASSERT_LT(0, *s);
	return srv;
}

TEST_F(n, pipe_peek)
{
	long srv, c, s;

	srv = pipe_conn(_metadata, self->fd, "pk", &c, &s);
	peek_byte_stream(_metadata, self->fd, srv, c, s);
	/* The other direction: the client end peeks too. */
	ASSERT_EQ(2, st_write(self->fd, s, DK_OFFSET_NONE, "ok", 2));
	EXPECT_EQ(2, st_read(self->fd, c, DK_OFFSET_PEEK, (char[4]){ 0 }, 4));
}

TEST_F(n, tcp_peek)
{
	long srv, c, s;

	srv = tcp_conn(_metadata, self->fd, &c, &s);
	peek_byte_stream(_metadata, self->fd, srv, c, s);
}

#define PEEK_BIG	(8UL << 20)

struct peeker {
	int fd;
	long h;
	long err;
};

/* Peek until end of stream while another thread reads. */
static void *peek_loop(void *arg)
{
	struct peeker *p = arg;
	char buf[4096];
	long r;

	while ((r = st_read(p->fd, p->h, DK_OFFSET_PEEK, buf, sizeof(buf))) > 0)
		sched_yield();
	p->err = r;
	return NULL;
}

/*
 * 8 MiB through @a to @b, read by alternating peeks and reads while a
 * second thread peeks all along: every read returns at least the bytes
 * the peek before it showed, the same ones, at their place in the stream,
 * and nothing is lost.
 */
static void peek_while_reading(struct __test_metadata *_metadata, int fd,
			       long a, long b)
{
	struct pump p = { .fd = fd, .h = a, .total = PEEK_BIG };
	struct peeker pk = { .fd = fd, .h = b };
	unsigned char *seen = malloc(CHUNK), *got = malloc(CHUNK);
	unsigned char *want = malloc(CHUNK);
	unsigned long total = 0, bad = 0;
	pthread_t tw, tp;
	__u64 hash = ST_HASH_INIT;
	long r, n;

	ASSERT_TRUE(seen && got && want);
	ASSERT_EQ(0, pthread_create(&tw, NULL, writer_then_shut, &p));
	ASSERT_EQ(0, pthread_create(&tp, NULL, peek_loop, &pk));
	while ((n = st_read(fd, b, DK_OFFSET_PEEK, seen, CHUNK)) > 0) {
		r = st_read(fd, b, DK_OFFSET_NONE, got, CHUNK);
		fill(want, r > 0 ? r : 0, total);
		if (r < n || memcmp(seen, got, n) || memcmp(want, got, r))
			bad++;
		if (r <= 0)
			break;
		hash = st_hash(hash, got, r);
		total += r;
	}
	pthread_join(tw, NULL);
	pthread_join(tp, NULL);
	EXPECT_EQ(0, n);
	EXPECT_EQ(0, bad);
	EXPECT_EQ(0, p.err);
	EXPECT_EQ(0, pk.err);
	EXPECT_EQ(PEEK_BIG, total);
	EXPECT_EQ(p.hash, hash);
	free(seen);
	free(got);
	free(want);
}

TEST_F(n, pipe_peek_races_reads)
{
	long c, s;

	pipe_conn(_metadata, self->fd, "pkr", &c, &s);
	peek_while_reading(_metadata, self->fd, c, s);
}

TEST_F(n, tcp_peek_races_reads)
{
	long c, s;

	tcp_conn(_metadata, self->fd, &c, &s);
	peek_while_reading(_metadata, self->fd, c, s);
}

/* A UDP read with its Source: the datagram's length or an error. */
static long udp_read(int fd, long h, __u64 off, char *buf, size_t n,
		     char *src)
{
	return st_call(fd, DK_CALL_STREAM_READ, h, off, n, P(buf), P(src), 64);
}

/*
 * A UDP peek returns the next datagram (truncated to the buffer) and its
 * sender, and leaves it queued whole: the read after it gets the same
 * datagram from the same source.
 */
TEST_F(n, udp_peek_keeps_datagram_and_source)
{
	char name[128], uri[160], buf[64] = { 0 }, src[64], src2[64];
	long srv, c, c2;

	srv = st_open(self->fd, "udp.srv:127.0.0.1:0", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, srv);
	ASSERT_LT(0, st_get_name(self->fd, srv, name, sizeof(name)));
	snprintf(uri, sizeof(uri), "udp:%s", name + 8);
	c = st_open(self->fd, uri, DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, c);
	c2 = st_open(self->fd, uri, DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, c2);
	ASSERT_EQ(0, st_attr_set(self->fd, srv, DK_ATTR_SET_NONBLOCK,
				 DK_ATTR_NONBLOCK, 0, 0));
	EXPECT_EQ(-EAGAIN, udp_read(self->fd, srv, DK_OFFSET_PEEK, buf,
				    sizeof(buf), src));
	ASSERT_EQ(3, st_write(self->fd, c, DK_OFFSET_NONE, "one", 3));
	ASSERT_EQ(5, st_write(self->fd, c2, DK_OFFSET_NONE, "two22", 5));

	/* Source buffer too small: refused, nothing consumed. */
	EXPECT_EQ(-EINVAL, st_call(self->fd, DK_CALL_STREAM_READ, srv,
				   DK_OFFSET_PEEK, sizeof(buf), P(buf), P(src),
				   8));
	ASSERT_EQ(3, udp_read(self->fd, srv, DK_OFFSET_PEEK, buf, sizeof(buf),
			      src));
	EXPECT_EQ(0, memcmp(buf, "one", 3));
	EXPECT_EQ(0, strncmp(src, "udp:127.0.0.1:", 14));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(2, udp_read(self->fd, srv, DK_OFFSET_PEEK, buf, 2, src2));
	EXPECT_STREQ("on", buf);
	EXPECT_STREQ(src, src2);
	ASSERT_EQ(3, st_read(self->fd, srv, DK_OFFSET_PEEK, buf, sizeof(buf)));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(3, udp_read(self->fd, srv, DK_OFFSET_NONE, buf, sizeof(buf),
			      src2));
	EXPECT_STREQ("one", buf);
	EXPECT_STREQ(src, src2);

	/* The next datagram, from the other client. */
	ASSERT_EQ(5, udp_read(self->fd, srv, DK_OFFSET_PEEK, buf, sizeof(buf),
			      src2));
	EXPECT_EQ(0, memcmp(buf, "two22", 5));
	EXPECT_STRNE(src, src2);
	memset(buf, 0, sizeof(buf));
	memset(src, 0, sizeof(src));
	ASSERT_EQ(5, udp_read(self->fd, srv, DK_OFFSET_NONE, buf, sizeof(buf),
			      src));
	EXPECT_STREQ("two22", buf);
	EXPECT_STREQ(src2, src);
	EXPECT_EQ(-EAGAIN, udp_read(self->fd, srv, DK_OFFSET_PEEK, buf,
				    sizeof(buf), src));

	/* A connected udp: stream peeks too; libdk's DkStreamPeekFrom. */
	ASSERT_EQ(4, st_call(self->fd, DK_CALL_STREAM_WRITE, srv,
			     DK_OFFSET_NONE, 4, P("pong"), P(src2), 0));
	dk_set_fd(self->fd);
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(4, DkStreamPeekFrom(c2, sizeof(buf), buf, src, sizeof(src)));
	EXPECT_STREQ("pong", buf);
	EXPECT_STREQ(name + 8, src + 4);	/* the server's address */
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(4, DkStreamRead(c2, DK_OFFSET_NONE, sizeof(buf), buf));
	EXPECT_STREQ("pong", buf);
	EXPECT_EQ(-EINVAL, st_write(self->fd, c2, DK_OFFSET_PEEK, "x", 1));
}

/* A host socket bound to the loopback address of @family; sets *port. */
static int host_sock(int family, int type, int *port)
{
	struct sockaddr_storage ss = { .ss_family = family };
	struct sockaddr_in *in = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	socklen_t len = family == AF_INET ? sizeof(*in) : sizeof(*in6);
	int fd = socket(family, type | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if (family == AF_INET)
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else
		in6->sin6_addr = in6addr_loopback;
	if (bind(fd, (struct sockaddr *)&ss, len) ||
	    (type == SOCK_STREAM && listen(fd, 8)) ||
	    getsockname(fd, (struct sockaddr *)&ss, &len)) {
		close(fd);
		return -1;
	}
	*port = ntohs(family == AF_INET ? in->sin_port : in6->sin6_port);
	return fd;
}

/*
 * Reach loopback @port of @family from the host: TCP connects; UDP sends
 * a datagram on a connected socket and waits up to 2 s for the ICMP
 * "port unreachable" that says no socket took it.  Returns 0 (connected,
 * or the datagram was taken) or -errno.
 */
static int host_reach(int family, int type, int port)
{
	struct sockaddr_storage ss = { .ss_family = family };
	struct sockaddr_in *in = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	socklen_t len = family == AF_INET ? sizeof(*in) : sizeof(*in6);
	int fd = socket(family, type | SOCK_CLOEXEC, 0), ret = 0;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char c;

	if (fd < 0)
		return -errno;
	if (family == AF_INET) {
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		in->sin_port = htons(port);
	} else {
		in6->sin6_addr = in6addr_loopback;
		in6->sin6_port = htons(port);
	}
	if (connect(fd, (struct sockaddr *)&ss, len))
		ret = -errno;
	else if (type == SOCK_DGRAM && send(fd, "4", 1, 0) != 1)
		ret = -errno;
	else if (type == SOCK_DGRAM && poll(&p, 1, 2000) == 1 &&
		 recv(fd, &c, 1, MSG_DONTWAIT) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* The port of a server stream, from its name "scheme:addr:port". */
static int srv_port(int fd, long h)
{
	char name[128];

	if (st_get_name(fd, h, name, sizeof(name)) < 0)
		return -1;
	return atoi(strrchr(name, ':') + 1);
}

/*
 * IPv6 rules never reach IPv4: an IPv4-mapped address is refused for
 * connect, bind and send-to however wide the IPv6 rules are, and an IPv6
 * wildcard server takes IPv6 peers only (the sockets are IPV6_V6ONLY).
 */
TEST(ipv6_rules_never_reach_ipv4)
{
	int fd = st_open_ctx(), tl, ul, port, uport;
	char uri[64], c;
	long h, srv;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, st_add_net(fd, DK_NET_CONNECT, "::", 0, 0, 65535));
	ASSERT_EQ(0, st_add_net(fd, DK_NET_BIND, "::", 0, 0, 65535));
	ASSERT_EQ(0, ioctl(fd, DK_IOC_SEAL));
	tl = host_sock(AF_INET, SOCK_STREAM, &port);
	ASSERT_LE(0, tl);
	ul = host_sock(AF_INET, SOCK_DGRAM, &uport);
	ASSERT_LE(0, ul);

	snprintf(uri, sizeof(uri), "tcp:[::ffff:127.0.0.1]:%d", port);
	EXPECT_EQ(-EACCES, st_open(fd, uri, DK_ACCESS_RDWR, 0, 0, 0));
	snprintf(uri, sizeof(uri), "udp:[::ffff:127.0.0.1]:%d", uport);
	EXPECT_EQ(-EACCES, st_open(fd, uri, DK_ACCESS_RDWR, 0, 0, 0));
	EXPECT_EQ(-EACCES, st_open(fd, "tcp.srv:[::ffff:127.0.0.1]:0",
				   DK_ACCESS_RDWR, 0, 0, 0));
	EXPECT_EQ(-EACCES, st_open(fd, "udp.srv:[::ffff:127.0.0.1]:0",
				   DK_ACCESS_RDWR, 0, 0, 0));
	h = st_open(fd, "udp.srv:[::1]:0", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(-EACCES, st_call(fd, DK_CALL_STREAM_WRITE, h, DK_OFFSET_NONE,
				   1, P("6"), P(uri), 0));
	EXPECT_EQ(-1, recv(ul, &c, 1, MSG_DONTWAIT));

	/* A [::] server: IPv4 clients find no one, IPv6 ones are taken. */
	srv = st_open(fd, "tcp.srv:[::]:0", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, srv);
	EXPECT_EQ(-ECONNREFUSED, host_reach(AF_INET, SOCK_STREAM,
					    srv_port(fd, srv)));
	EXPECT_EQ(0, host_reach(AF_INET6, SOCK_STREAM, srv_port(fd, srv)));
	srv = st_open(fd, "udp.srv:[::]:0", DK_ACCESS_RDWR, 0, 0,
		      DK_OPTION_NONBLOCK);
	ASSERT_LT(0, srv);
	EXPECT_EQ(-ECONNREFUSED, host_reach(AF_INET, SOCK_DGRAM,
					    srv_port(fd, srv)));
	EXPECT_EQ(-EAGAIN, st_read(fd, srv, DK_OFFSET_NONE, &c, 1));
	close(tl);
	close(ul);
	close(fd);
}

/*
 * IPv4 goes through IPv4 rules and IPv4 sockets only: the mapped spelling
 * is refused even where an IPv4 rule grants the address, and an IPv4
 * server can share a port with an IPv6 wildcard one.
 */
TEST(ipv4_only_by_ipv4_rules)
{
	int fd = st_open_ctx(), tl, port;
	char uri[64];
	long h, s6, s4;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, st_add_net(fd, DK_NET_CONNECT, "127.0.0.1", 32, 1,
				65535));
	ASSERT_EQ(0, st_add_net(fd, DK_NET_BIND, "127.0.0.1", 32, 0, 65535));
	ASSERT_EQ(0, st_add_net(fd, DK_NET_BIND, "::", 0, 0, 65535));
	ASSERT_EQ(0, ioctl(fd, DK_IOC_SEAL));
	tl = host_sock(AF_INET, SOCK_STREAM, &port);
	ASSERT_LE(0, tl);
	snprintf(uri, sizeof(uri), "tcp:[::ffff:127.0.0.1]:%d", port);
	EXPECT_EQ(-EACCES, st_open(fd, uri, DK_ACCESS_RDWR, 0, 0, 0));
	snprintf(uri, sizeof(uri), "tcp:127.0.0.1:%d", port);
	h = st_open(fd, uri, DK_ACCESS_RDWR, 0, 0, 0);
	EXPECT_LT(0, h);

	s6 = st_open(fd, "tcp.srv:[::]:0", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, s6);
	snprintf(uri, sizeof(uri), "tcp.srv:127.0.0.1:%d", srv_port(fd, s6));
	s4 = st_open(fd, uri, DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, s4);
	EXPECT_EQ(0, host_reach(AF_INET, SOCK_STREAM, srv_port(fd, s4)));
	EXPECT_LT(0, st_accept(fd, s4));
	/* An IPv6 socket sends no IPv4, even where an IPv4 rule grants it. */
	h = st_open(fd, "udp.srv:[::]:0", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, h);
	snprintf(uri, sizeof(uri), "udp:127.0.0.1:%d", port);
	EXPECT_EQ(-ENETUNREACH, st_call(fd, DK_CALL_STREAM_WRITE, h,
					DK_OFFSET_NONE, 1, P("6"), P(uri), 0));
	close(tl);
	close(fd);
}

/*
 * DK_OPTION_DUAL_STACK: a [::] server takes IPv4 peers too, named
 * [::ffff:127.0.0.1], once the bind rules grant both wildcards; it is
 * EINVAL on anything but a [::] server and EACCES without the IPv4 rule.
 * A reply to a mapped sender is judged by the IPv4 connect rules.
 */
TEST(dual_stack_servers)
{
	int fd = st_open_ctx(), fd6 = st_open_ctx(), ul, lport, port;
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct pollfd p;
	char uri[64], name[64], want[64], c;
	long srv, h;

	ASSERT_LE(0, fd);
	ASSERT_LE(0, fd6);
	ASSERT_EQ(0, st_add_net(fd, DK_NET_BIND, "::", 0, 0, 65535));
	ASSERT_EQ(0, st_add_net(fd, DK_NET_BIND, "0.0.0.0", 32, 0, 65535));
	ASSERT_EQ(0, st_add_net(fd, DK_NET_CONNECT, "127.0.0.1", 32, 1,
				65535));
	ASSERT_EQ(0, ioctl(fd, DK_IOC_SEAL));
	ASSERT_EQ(0, st_add_net(fd6, DK_NET_BIND, "::", 0, 0, 65535));
	ASSERT_EQ(0, ioctl(fd6, DK_IOC_SEAL));

	EXPECT_EQ(-EINVAL, st_open(fd, "tcp.srv:[::1]:0", DK_ACCESS_RDWR, 0,
				   0, DK_OPTION_DUAL_STACK));
	EXPECT_EQ(-EINVAL, st_open(fd, "tcp.srv:0.0.0.0:0", DK_ACCESS_RDWR, 0,
				   0, DK_OPTION_DUAL_STACK));
	EXPECT_EQ(-EINVAL, st_open(fd, "udp.srv:127.0.0.1:0", DK_ACCESS_RDWR,
				   0, 0, DK_OPTION_DUAL_STACK));
	EXPECT_EQ(-EINVAL, st_open(fd, "tcp:[::1]:1", DK_ACCESS_RDWR, 0, 0,
				   DK_OPTION_DUAL_STACK));
	EXPECT_EQ(-EINVAL, st_open(fd, "pipe.srv:dual", DK_ACCESS_RDWR, 0, 0,
				   DK_OPTION_DUAL_STACK));
	/* The [::] rule alone: EACCES with the option, IPv6 only without. */
	EXPECT_EQ(-EACCES, st_open(fd6, "tcp.srv:[::]:0", DK_ACCESS_RDWR, 0,
				   0, DK_OPTION_DUAL_STACK));
	EXPECT_EQ(-EACCES, st_open(fd6, "udp.srv:[::]:0", DK_ACCESS_RDWR, 0,
				   0, DK_OPTION_DUAL_STACK));
	srv = st_open(fd6, "tcp.srv:[::]:0", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, srv);
	EXPECT_EQ(-ECONNREFUSED, host_reach(AF_INET, SOCK_STREAM,
					    srv_port(fd6, srv)));

	/* TCP: an IPv4 and an IPv6 client, each named as it is. */
	srv = st_open(fd, "tcp.srv:[::]:0", DK_ACCESS_RDWR, 0, 0,
		      DK_OPTION_DUAL_STACK);
	ASSERT_LT(0, srv);
	port = srv_port(fd, srv);
	ASSERT_LT(0, port);
	snprintf(want, sizeof(want), "tcp.srv:[::]:%d", port);
	ASSERT_LT(0, st_get_name(fd, srv, name, sizeof(name)));
	EXPECT_STREQ(want, name);
	EXPECT_EQ(0, host_reach(AF_INET, SOCK_STREAM, port));
	h = st_accept(fd, srv);
	ASSERT_LT(0, h);
	ASSERT_LT(0, st_get_name(fd, h, name, sizeof(name)));
	EXPECT_EQ(0, strncmp(name, "tcp:[::ffff:127.0.0.1]:", 23));
	EXPECT_EQ(0, host_reach(AF_INET6, SOCK_STREAM, port));
	h = st_accept(fd, srv);
	ASSERT_LT(0, h);
	ASSERT_LT(0, st_get_name(fd, h, name, sizeof(name)));
	EXPECT_EQ(0, strncmp(name, "tcp:[::1]:", 10));
	/* The IPv4 port is the server's too. */
	snprintf(uri, sizeof(uri), "tcp.srv:0.0.0.0:%d", port);
	EXPECT_EQ(-EADDRINUSE, st_open(fd, uri, DK_ACCESS_RDWR, 0, 0, 0));

	/* UDP: an IPv4 sender, named mapped, and the reply to it. */
	srv = st_open(fd, "udp.srv:[::]:0", DK_ACCESS_RDWR, 0, 0,
		      DK_OPTION_DUAL_STACK);
	ASSERT_LT(0, srv);
	ul = host_sock(AF_INET, SOCK_DGRAM, &lport);
	ASSERT_LE(0, ul);
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	to.sin_port = htons(srv_port(fd, srv));
	ASSERT_EQ(1, sendto(ul, "4", 1, 0, (struct sockaddr *)&to,
			    sizeof(to)));
	ASSERT_EQ(1, st_call(fd, DK_CALL_STREAM_READ, srv, DK_OFFSET_NONE, 1,
			     P(&c), P(name), sizeof(name)));
	EXPECT_EQ('4', c);
	snprintf(want, sizeof(want), "udp:[::ffff:127.0.0.1]:%d", lport);
	EXPECT_STREQ(want, name);
	ASSERT_EQ(1, st_call(fd, DK_CALL_STREAM_WRITE, srv, DK_OFFSET_NONE, 1,
			     P("r"), P(name), 0));
	p = (struct pollfd){ .fd = ul, .events = POLLIN };
	ASSERT_EQ(1, poll(&p, 1, 2000));
	ASSERT_EQ(1, recv(ul, &c, 1, 0));
	EXPECT_EQ('r', c);
	/* Outside the IPv4 connect rules, mapped or not. */
	snprintf(uri, sizeof(uri), "udp:[::ffff:127.0.0.2]:%d", lport);
	EXPECT_EQ(-EACCES, st_call(fd, DK_CALL_STREAM_WRITE, srv,
				   DK_OFFSET_NONE, 1, P("x"), P(uri), 0));
	snprintf(uri, sizeof(uri), "udp:[::ffff:0.0.0.0]:%d", lport);
	EXPECT_EQ(-EACCES, st_call(fd, DK_CALL_STREAM_WRITE, srv,
				   DK_OFFSET_NONE, 1, P("x"), P(uri), 0));
	close(ul);
	close(fd6);
	close(fd);
}

/* Connecting or sending to 0.0.0.0 or [::] would reach a local address. */
TEST(unspecified_destination_refused)
{
	int fd = st_open_ctx(), tl, tl6, port, port6;
	char uri[64];
	long h;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, st_add_net(fd, DK_NET_CONNECT, "0.0.0.0", 32, 0, 65535));
	ASSERT_EQ(0, st_add_net(fd, DK_NET_CONNECT, "::", 128, 0, 65535));
	ASSERT_EQ(0, st_add_net(fd, DK_NET_BIND, "127.0.0.1", 32, 0, 65535));
	ASSERT_EQ(0, ioctl(fd, DK_IOC_SEAL));
	tl = host_sock(AF_INET, SOCK_STREAM, &port);
	ASSERT_LE(0, tl);
	tl6 = host_sock(AF_INET6, SOCK_STREAM, &port6);
	ASSERT_LE(0, tl6);
	snprintf(uri, sizeof(uri), "tcp:0.0.0.0:%d", port);
	EXPECT_EQ(-EACCES, st_open(fd, uri, DK_ACCESS_RDWR, 0, 0, 0));
	snprintf(uri, sizeof(uri), "tcp:[::]:%d", port6);
	EXPECT_EQ(-EACCES, st_open(fd, uri, DK_ACCESS_RDWR, 0, 0, 0));
	snprintf(uri, sizeof(uri), "udp:0.0.0.0:%d", port);
	EXPECT_EQ(-EACCES, st_open(fd, uri, DK_ACCESS_RDWR, 0, 0, 0));
	h = st_open(fd, "udp.srv:127.0.0.1:0", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(-EACCES, st_call(fd, DK_CALL_STREAM_WRITE, h, DK_OFFSET_NONE,
				   1, P("x"), P(uri), 0));
	close(tl);
	close(tl6);
	close(fd);
}

TEST_HARNESS_MAIN
