// SPDX-License-Identifier: GPL-2.0
/*
 * Context lifetime and the per-user limit on live contexts.
 *
 * A context is torn down when the process that opened it goes away,
 * whatever still holds its file: another process, or the context's own
 * handle table (its own descriptor added as a stream, or a socket whose
 * receive queue holds that descriptor).  Each owner below hands its
 * context the write end of a pipe as a stream, the "witness": the read
 * end sees end-of-stream exactly when the handle table has been emptied.
 */
#include "kselftest_harness.h"
#include "dbtest.h"

#include <grp.h>

#define LIMIT_PARAM	"parameters/max_contexts_per_user"
#define LIVE_PARAM	"parameters/live_contexts"
#define NOBODY		65534
#define OTHER_USER	65533

enum cycle {
	CYCLE_NONE,		/* no cycle: the test holds the only copy */
	CYCLE_SELF,		/* the context's own fd is one of its streams */
	CYCLE_SOCKET_QUEUE,	/* a stream socket holds the fd in its queue */
};

/* Drop to @uid (and the same gid, no groups): 0 or -1. */
static int become(uid_t uid)
{
	if (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
	    setresuid(uid, uid, uid))
		return -1;
	return 0;
}

/*
 * In a child: open a context, give it @witness (a pipe's write end, or
 * -1) as a stream, close the reference cycle @kind through the context's
 * own handle table, send the context to @holder (an AF_UNIX socket, or
 * -1), drop every descriptor of our own and return the exit status: 0
 * when all of it worked.
 */
static int make_owner(enum cycle kind, int witness, int holder)
{
	int dk, sv[2];

	dk = open(DK_DEVICE_PATH, O_RDWR);
	if (dk < 0)
		return errno == EUSERS ? 90 : 91;
	if (witness >= 0 && dbt_add_stream(dk, witness, DK_ACCESS_WRITE) < 0)
		return 92;
	switch (kind) {
	case CYCLE_NONE:
		break;
	case CYCLE_SELF:
		if (dbt_add_stream(dk, dk, DK_ACCESS_READ) < 0)
			return 93;
		break;
	case CYCLE_SOCKET_QUEUE:
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
			return 94;
		if (dbt_send_fd(sv[0], dk))
			return 95;
		/* The receiving end, whose queue holds the context's fd. */
		if (dbt_add_stream(dk, sv[1], DK_ACCESS_READ) < 0)
			return 96;
		close(sv[0]);
		close(sv[1]);
		break;
	}
	if (holder >= 0 && dbt_send_fd(holder, dk))
		return 97;
	close(dk);
	if (witness >= 0)
		close(witness);
	return 0;
}

/* Run make_owner() in a child (as @uid unless -1); its exit status. */
static int run_owner(enum cycle kind, int witness, int holder, uid_t uid)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (uid != (uid_t)-1 && become(uid))
			_exit(89);
		_exit(make_owner(kind, witness, holder));
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* Does the pipe read end @rfd reach end-of-stream within @ms? */
static bool pipe_closed(int rfd, int ms)
{
	struct pollfd p = { .fd = rfd, .events = POLLIN };
	char c;

	if (poll(&p, 1, ms) != 1)
		return false;
	return read(rfd, &c, 1) == 0;
}

/* Poll DBT_SYSMOD @rel (bounded) until it reads @want; the last value. */
static long settle(const char *rel, long want)
{
	long v = -1;
	int i;

	/* Teardown is done when the owner is reaped; allow for deferred fput. */
	for (i = 0; i < 500; i++) {
		v = dbt_sysfs_read(rel);
		if (v == want || v < 0)
			break;
		usleep(10000);
	}
	return v;
}

/* The tag of a fresh context: the lowest free one. */
static long fresh_tag(void)
{
	struct dk_context_info info;
	int fd = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	long ret;

	if (fd < 0)
		return -errno;
	ret = dbt_ioctl(fd, DK_IOC_GET_INFO, &info);
	close(fd);
	return ret < 0 ? ret : (long)info.tag;
}

static void check_owner_cycle(struct __test_metadata *_metadata,
			      enum cycle kind)
{
	int p[2];

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	ASSERT_EQ(0, run_owner(kind, p[1], -1, -1));
	close(p[1]);
	/* Old behaviour: the cycle kept the handle table, and the witness. */
	EXPECT_TRUE(pipe_closed(p[0], 5000));
	close(p[0]);
}

TEST(owner_exit_tears_down_context_holding_its_own_fd)
{
	check_owner_cycle(_metadata, CYCLE_SELF);
}

TEST(owner_exit_tears_down_context_holding_socket_with_its_fd)
{
	check_owner_cycle(_metadata, CYCLE_SOCKET_QUEUE);
}

/*
 * The owner exits while another process holds the context's file: the
 * context is torn down anyway, and the holder cannot use the file.
 */
TEST(owner_exit_tears_down_context_held_by_another_process)
{
	struct dk_context_info info;
	int p[2], sv[2], held;

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	ASSERT_EQ(0, run_owner(CYCLE_NONE, p[1], sv[0], -1));
	close(p[1]);
	held = dbt_recv_fd(sv[1]);
	ASSERT_LE(0, held);
	EXPECT_TRUE(pipe_closed(p[0], 5000));
	EXPECT_EQ(-EPERM, dbt_ioctl(held, DK_IOC_GET_INFO, &info));
	EXPECT_EQ(-EPERM, dbt_raw_call(held, DK_CALL_SYSTEM_TIME_QUERY, 0,
				       (__u64)(uintptr_t)&info, 0, 0, 0));
	EXPECT_EQ(-EPERM, dbt_add_stream(held, p[0], DK_ACCESS_READ));
	close(held);
	close(p[0]);
	close(sv[0]);
	close(sv[1]);
}

/*
 * A monitor whose process exits ends its tree even though another process
 * still holds the monitor's file: the top picoprocess is killed.
 */
TEST(monitor_exit_kills_tree_while_its_fd_is_held)
{
	int sv[2], go[2], joined[2], mon, st;
	pid_t m, t;
	char c;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(joined, O_CLOEXEC));
	m = fork();
	ASSERT_LE(0, m);
	if (m == 0) {
		int fd = open(DK_DEVICE_PATH, O_RDWR);

		close(go[1]);
		if (fd < 0 || ioctl(fd, DK_IOC_MONITOR_CREATE) < 0)
			_exit(1);
		if (dbt_send_fd(sv[0], fd))
			_exit(2);
		close(fd);
		/* Until the test says so (or goes away). */
		if (read(go[0], &c, 1) < 0)
			_exit(3);
		_exit(0);
	}
	close(go[0]);
	mon = dbt_recv_fd(sv[1]);
	ASSERT_LE(0, mon);

	t = fork();
	ASSERT_LE(0, t);
	if (t == 0) {
		struct dk_join_tree j = { .monitor_fd = mon };
		int fd = open(DK_DEVICE_PATH, O_RDWR);

		close(go[1]);
		if (fd < 0 || ioctl(fd, DK_IOC_JOIN_TREE, &j) < 0)
			_exit(1);
		if (write(joined[1], "j", 1) != 1)
			_exit(2);
		/*
		 * The monitor's end kills us at once; without it SIGALRM
		 * does, well before the harness's 30 s.
		 */
		alarm(20);
		for (;;)
			pause();
	}
	close(joined[1]);
	ASSERT_EQ(1, read(joined[0], &c, 1));

	close(go[1]);			/* the monitor's process exits */
	ASSERT_EQ(m, waitpid(m, &st, 0));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ASSERT_EQ(t, waitpid(t, &st, 0));
	ASSERT_TRUE(WIFSIGNALED(st));
	EXPECT_EQ(SIGKILL, WTERMSIG(st));
	EXPECT_EQ(-EPERM, dbt_ioctl(mon, DK_IOC_MONITOR_CREATE, NULL));
	close(mon);
	close(joined[0]);
	close(sv[0]);
	close(sv[1]);
}

FIXTURE(limit) {
	long saved;	/* max_contexts_per_user to restore, or < 0 */
};

FIXTURE_SETUP(limit)
{
	self->saved = -1;
}

FIXTURE_TEARDOWN(limit)
{
	if (self->saved >= 0)
		dbt_sysfs_write(LIMIT_PARAM, self->saved);
}

/* Set max_contexts_per_user, remembering the old value for teardown. */
static void set_limit(struct __test_metadata *_metadata,
		      FIXTURE_DATA(limit) *self, long v)
{
	if (self->saved < 0) {
		self->saved = dbt_sysfs_read(LIMIT_PARAM);
		ASSERT_LE(0, self->saved) TH_LOG("no parameter " LIMIT_PARAM);
	}
	ASSERT_EQ(0, dbt_sysfs_write(LIMIT_PARAM, v));
}

/*
 * Repeated owners that leave reference cycles behind: nothing accumulates.
 * As root the owners run as nobody under a limit of 2 live contexts, so a
 * leak would also show as EUSERS.
 */
TEST_F(limit, repeated_cycles_leave_nothing_behind)
{
	long refs, live, tag;
	uid_t uid = -1;
	int i;

	if (getuid() == 0) {
		set_limit(_metadata, self, 2);
		uid = NOBODY;
	}
	tag = fresh_tag();
	ASSERT_LT(0, tag);
	refs = dbt_sysfs_read("refcnt");
	ASSERT_LE(0, refs);
	live = dbt_sysfs_read(LIVE_PARAM);

	for (i = 0; i < 16; i++) {
		enum cycle kind = i % 2 ? CYCLE_SELF : CYCLE_SOCKET_QUEUE;

		ASSERT_EQ(0, run_owner(kind, -1, -1, uid))
			TH_LOG("iteration %d", i);
	}

	/* Module references, tags and the live count are back. */
	EXPECT_EQ(refs, settle("refcnt", refs));
	EXPECT_EQ(tag, fresh_tag());
	ASSERT_LE(0, live) TH_LOG("no parameter " LIVE_PARAM);
	EXPECT_EQ(live, settle(LIVE_PARAM, live));
}

/* In a child as @uid: open @n contexts, then more as the steps say. */
static int limit_child(uid_t uid, int n, int report, int wait_fd)
{
	int fds[64], i, fd;
	char c;

	if (become(uid))
		return 1;
	for (i = 0; i < n; i++) {
		fds[i] = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		if (fds[i] < 0)
			return 10 + i;
	}
	if (report < 0)
		return 0;
	/* The one over the limit. */
	fd = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd >= 0 || errno != EUSERS)
		return 2;
	/* Closing one makes room. */
	close(fds[0]);
	fds[0] = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fds[0] < 0)
		return 3;
	/* An unprivileged user cannot raise its limit. */
	if (dbt_sysfs_write(LIMIT_PARAM, 0) != -EACCES)
		return 4;
	if (write(report, "r", 1) != 1 || read(wait_fd, &c, 1) < 0)
		return 5;
	return 0;
}

/* Child @pid exits with status 0. */
static void expect_exit0(struct __test_metadata *_metadata, pid_t pid)
{
	int st;

	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0)
		TH_LOG("status %#x", st);
}

/* limit_child(@uid, @n) in a child of its own: it succeeds. */
static void expect_limit_child(struct __test_metadata *_metadata, uid_t uid,
			       int n)
{
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(limit_child(uid, n, -1, -1));
	expect_exit0(_metadata, pid);
}

TEST_F(limit, per_user_limit_on_open)
{
	int ready[2], go[2], fds[9], i;
	long live;
	pid_t a;
	char c;

	if (getuid() != 0) {
		SKIP(return, "needs root to change the module parameter");
	}
	set_limit(_metadata, self, 8);
	live = dbt_sysfs_read(LIVE_PARAM);
	ASSERT_LE(0, live);

	ASSERT_EQ(0, pipe2(ready, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
	a = fork();
	ASSERT_LE(0, a);
	if (a == 0) {
		close(ready[0]);
		close(go[1]);
		_exit(limit_child(NOBODY, 8, ready[1], go[0]));
	}
	close(ready[1]);
	close(go[0]);
	/* Nobody is at its limit now, with 8 live contexts. */
	ASSERT_EQ(1, read(ready[0], &c, 1));
	EXPECT_EQ(live + 8, dbt_sysfs_read(LIVE_PARAM));

	/* Another user has a limit of its own. */
	expect_limit_child(_metadata, OTHER_USER, 8);

	/* CAP_SYS_RESOURCE is exempt. */
	for (i = 0; i < 9; i++) {
		fds[i] = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		EXPECT_LE(0, fds[i]) TH_LOG("root's context %d: %s", i,
					    strerror(errno));
	}
	for (i = 0; i < 9; i++)
		close(fds[i]);

	close(go[1]);
	expect_exit0(_metadata, a);
	close(ready[0]);
	EXPECT_EQ(live, settle(LIVE_PARAM, live));

	/* 0: no limit. */
	set_limit(_metadata, self, 0);
	expect_limit_child(_metadata, NOBODY, 9);
}

/* dbexec needs two contexts (monitor, picoprocess) and says what is wrong. */
TEST_F(limit, dbexec_reports_user_limit)
{
	char *argv[] = { "/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
			 "--clear-groups", DBT_DBEXEC,
			 DBT_TOP "/examples/hello/hello", NULL };
	static struct dbt_result r;

	if (getuid() != 0) {
		SKIP(return, "needs root to change the module parameter");
	}
	set_limit(_metadata, self, 1);
	ASSERT_EQ(0, dbt_run(argv, NULL, &r));
	EXPECT_EQ(127, dbt_exit_code(&r));
	EXPECT_NE(NULL, strstr(r.err, "max_contexts_per_user"))
		TH_LOG("stderr: %s", r.err);

	set_limit(_metadata, self, 2);
	ASSERT_EQ(0, dbt_run(argv, NULL, &r));
	EXPECT_EQ(0, dbt_exit_code(&r)) TH_LOG("stderr: %s", r.err);
}

/*
 * Owners that exit with their context in a cycle do not pin the module:
 * it unloads afterwards (and loads again).
 */
TEST(module_unloads_after_owners_left_cycles)
{
	if (getuid() != 0) {
		SKIP(return, "needs root to load and unload modules");
	}
	ASSERT_EQ(0, run_owner(CYCLE_SELF, -1, -1, -1));
	ASSERT_EQ(0, run_owner(CYCLE_SOCKET_QUEUE, -1, -1, -1));
	EXPECT_EQ(0, settle("refcnt", 0));
	ASSERT_EQ(0, dbt_sh("rmmod drawbridge"));
	ASSERT_EQ(0, dbt_sh("insmod " DBT_MODULE));
	EXPECT_LT(0, fresh_tag());
}

TEST_HARNESS_MAIN
