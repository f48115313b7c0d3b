// SPDX-License-Identifier: GPL-2.0
/*
 * Handle inheritance (DkProcessCreate's inherit list, DkProcessGetInherited)
 * and DkStreamSeek: picoprocesses under dbexec (pico/inherit_pico.c) share
 * files, pipes, servers, semaphores and events with their children; an ordinary program
 * playing monitor checks the module's side: the references a request
 * holds, the child's quota at its join, nothing left behind, and an
 * interrupted DkProcessCreate.
 */
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "dbtest.h"

static struct dbt_result res;

/*
 * Run inherit_pico @mode under a manifest giving /apps (the test images)
 * and /data (a fresh temporary directory, read-write); its exit code.
 */
static int pico(const char *mode)
{
	char dir[] = "/tmp/dkinh.XXXXXX", man[64], text[512], cmd[64];
	char *argv[] = { DBT_DBEXEC, "--manifest", man,
			 DBT_PICO("inherit_pico"), (char *)mode, NULL };
	int ret;

	if (!mkdtemp(dir))
		return -1;
	snprintf(man, sizeof(man), "%s/m.manifest", dir);
	snprintf(text, sizeof(text), "fs /apps %s/selftests/pico ro\n"
		 "fs /data %s rw\nnet bind 127.0.0.1 *\n", DBT_TOP, dir);
	dbt_put_file(man, text);
	ret = dbt_run(argv, "", &res) ? -1 : dbt_exit_code(&res);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		return -1;
	return ret;
}

TEST(file_offset_shared_both_ways)
{
	ASSERT_RUN_OUT(pico("file"), res,
		       "rewind=0\nparent_read=0\ncreate=0\nchild=5\npos=6\n"
		       "after=67\ncontent=0123AB6789\n");
}

TEST(pipe_eof_needs_every_writer_closed)
{
	ASSERT_RUN_OUT(pico("pipe"), res,
		       "create=0\ngot=c\nbefore=EAGAIN\nafter=0\nchild=6\n");
}

TEST(semaphore_and_event_are_the_same)
{
	ASSERT_RUN_OUT(pico("sem"), res,
		       "create=0\nchild=7\npeek=3\nevent=1\n");
}

TEST(every_stream_kind_and_event)
{
	ASSERT_RUN_OUT(pico("kinds"), res,
		       "types=2,4,6,8,9\naccepted=k\nchild=8\nevent=1\n");
}

TEST(errors)
{
	ASSERT_RUN_OUT(pico("errors"), res,
		       "closed=EBADF\nforeign=EXDEV\nthread=EBADFD\n"
		       "too_many=E2BIG\nnull=EFAULT\nfault=EFAULT\nmax=249\n"
		       "none=0\nprocess=EBADFD\nnone_code=0\nsmall2=2\n"
		       "small3=EMFILE\ntop=0\ntop_null=0\n");
}

TEST(seek)
{
	ASSERT_RUN_OUT(pico("seek"), res,
		       "cur=8\nset=2\nread=cd\nback=1\nend=7\ntail=h\n"
		       "big=4294967301\npast_end=108\nnegative=EINVAL\n"
		       "overflow=EOVERFLOW\n"
		       "whence=EINVAL\nunchanged=108\ndir_rewind=0\n"
		       "dir_cur=EINVAL\ndir_set=EINVAL\npipe=ESPIPE\n"
		       "server=ESPIPE\nstdout=ESPIPE\nsem=EBADFD\n"
		       "closed=EBADF\n");
}

/* ---- The module's side, with this program as the monitor ----------- */

/* A Dk call on context @fd: the result or -errno. */
static long call4(int fd, __u32 nr, __u64 a0, __u64 a1, __u64 a2, __u64 a3)
{
	struct dk_call c = { .nr = nr, .args = { a0, a1, a2, a3 } };
	long r = ioctl(fd, DK_IOC_CALL, &c);

	return r < 0 ? -errno : r;
}

static struct dk_context_info info(int fd)
{
	struct dk_context_info i = { 0 };

	if (ioctl(fd, DK_IOC_GET_INFO, &i))
		i.handles = ~0U;
	return i;
}

/* One DkProcessCreate in a thread of its own, on context @fd. */
struct req {
	pthread_t thread;
	int fd;
	__u64 list[4];
	unsigned int n;
	long ret;
	volatile int done;
};

static void *requester(void *arg)
{
	struct req *r = arg;
	static const char *const none[1] = { NULL };

	r->ret = call4(r->fd, DK_CALL_PROCESS_CREATE, (uintptr_t)"file:img",
		       (uintptr_t)none, (uintptr_t)r->list, r->n);
	r->done = 1;
	return NULL;
}

static int start(struct req *r)
{
	r->done = 0;
	return pthread_create(&r->thread, NULL, requester, r);
}

static long finish(struct req *r)
{
	pthread_join(r->thread, NULL);
	return r->ret;
}

/* Take the next request (waiting up to 10 s): its id, or -errno. */
static long take(int mon)
{
	struct pollfd pfd = { .fd = mon, .events = POLLIN };
	struct dk_monitor_request q = { 0 };
	char buf[64];

	if (poll(&pfd, 1, 10000) != 1)
		return -ETIMEDOUT;
	q.buf = (uintptr_t)buf;
	q.size = sizeof(buf);
	if (ioctl(mon, DK_IOC_MONITOR_NEXT, &q))
		return -errno;
	return (long)q.id;
}

/* Take a request without waiting: its id, or -errno (EAGAIN: none). */
static long take_now(int mon)
{
	struct dk_monitor_request q = { 0 };
	char buf[64];

	q.buf = (uintptr_t)buf;
	q.size = sizeof(buf);
	if (ioctl(mon, DK_IOC_MONITOR_NEXT, &q))
		return -errno;
	return (long)q.id;
}

/* A fresh context joined as the child of @id, with @max handles at most. */
static long child_ctx(int mon, long id, __u64 max, int *fd)
{
	struct dk_setup_limits lim = { .max_handles = max };
	struct dk_join_tree j = { .monitor_fd = mon, .id = (__u64)id };

	*fd = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (*fd < 0)
		return -errno;
	if (max && ioctl(*fd, DK_IOC_SET_LIMITS, &lim))
		return -errno;
	return dbt_ioctl(*fd, DK_IOC_JOIN_TREE, &j);
}

static long reply(int mon, unsigned long cmd, long id, int error, int fd)
{
	struct dk_monitor_reply rep = { .id = (__u64)id, .error = error,
					.fd = fd };

	return dbt_ioctl(mon, cmd, &rep);
}

static void on_usr1(int sig)
{
	(void)sig;
}

/*
 * The body of TEST(module_side), in a process of its own (the top member of
 * the tree, which the monitor's end would kill): 0, or the failed step.
 */
static int run_module_side(void)
{
	struct dk_join_tree top = { .monitor_fd = -1 };
	struct dk_context_info before, now;
	int mon, p, c, c2, hp[2], sv[2];
	__u64 got[4];
	long sem, w, id, h;
	struct req r = { 0 };
	char ch;

	mon = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (mon < 0 || ioctl(mon, DK_IOC_MONITOR_CREATE, NULL))
		return 1;
	top.monitor_fd = mon;
	p = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (p < 0 || ioctl(p, DK_IOC_JOIN_TREE, &top))
		return 2;
	/* A semaphore and the writing end of a host pipe, to give away. */
	sem = call4(p, DK_CALL_SEMAPHORE_CREATE, 0, 10, 0, 0);
	if (pipe2(hp, O_CLOEXEC | O_NONBLOCK) || sem < 0)
		return 3;
	w = dbt_add_stream(p, hp[1], DK_ACCESS_WRITE);
	close(hp[1]);
	if (w < 0)
		return 4;
	before = info(p);
	r.fd = p;
	r.list[0] = sem;
	r.list[1] = w;
	r.n = 2;

	/* 1. The child's limit leaves room for one: EMFILE for both. */
	if (start(&r))
		return 5;
	id = take(mon);
	if (id <= 0 || child_ctx(mon, id, 1, &c) != -EMFILE)
		return 6;
	if (finish(&r) != -EMFILE || info(c).handles != 0)
		return 7;
	/* The request is gone: the monitor's completion finds nothing. */
	if (reply(mon, DK_IOC_MONITOR_COMPLETE, id, 0, 0) != -ENOENT)
		return 8;
	close(c);
	now = info(p);
	if (now.handles != before.handles || now.kmem_used != before.kmem_used)
		return 9;

	/* 2. Room for two: installed in order, the parent waits for both. */
	if (start(&r))
		return 10;
	id = take(mon);
	if (id <= 0 || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return 11;
	/* Completed first: the call still waits for the join. */
	if (reply(mon, DK_IOC_MONITOR_COMPLETE, id, 0, sv[0]))
		return 12;
	usleep(100000);
	if (r.done)
		return 13;
	if (child_ctx(mon, id, 2, &c2) || info(c2).handles != 2)
		return 14;
	h = finish(&r);
	if (h < 0)
		return 15;
	if (call4(c2, DK_CALL_PROCESS_GET_INHERITED, 0, 0, 0, 0) != 2 ||
	    call4(c2, DK_CALL_PROCESS_GET_INHERITED, (uintptr_t)got, 2, 0,
		  0) != 2)
		return 16;
	/* The same semaphore. */
	if (call4(c2, DK_CALL_SEMAPHORE_RELEASE, got[0], 2, 0, 0) ||
	    call4(p, DK_CALL_SEMAPHORE_PEEK, sem, 0, 0, 0) != 2)
		return 17;
	/* The parent's writer goes; the child's keeps the pipe open. */
	if (call4(p, DK_CALL_OBJECT_CLOSE, w, 0, 0, 0) ||
	    read(hp[0], &ch, 1) != -1 || errno != EAGAIN)
		return 18;
	if (call4(c2, DK_CALL_STREAM_WRITE, got[1], DK_OFFSET_NONE, 1,
		  (uintptr_t)"x") != 1 || read(hp[0], &ch, 1) != 1)
		return 19;
	close(c2);	/* the child context ends: end of stream now */
	if (read(hp[0], &ch, 1) != 0)
		return 20;
	call4(p, DK_CALL_OBJECT_CLOSE, h, 0, 0, 0);
	if (reply(mon, DK_IOC_MONITOR_EXITED, id, 0, 0))
		return 21;
	close(sv[0]);
	close(sv[1]);

	/* 3. Interrupted while queued: withdrawn, nothing left. */
	before = info(p);
	r.list[0] = sem;
	r.n = 1;
	if (signal(SIGUSR1, on_usr1) == SIG_ERR || start(&r))
		return 22;
	/* Queued: the thread is in the call, or just entering its wait. */
	if (poll(&(struct pollfd){ .fd = mon, .events = POLLIN }, 1, 10000) != 1)
		return 23;
	pthread_kill(r.thread, SIGUSR1);
	if (finish(&r) != -EINTR)
		return 24;
	if (take_now(mon) != -EAGAIN)
		return 25;
	now = info(p);
	if (now.handles != before.handles || now.kmem_used != before.kmem_used)
		return 26;

	/* 4. Interrupted once taken: the child's join is refused. */
	if (start(&r))
		return 27;
	id = take(mon);
	if (id <= 0)
		return 28;
	pthread_kill(r.thread, SIGUSR1);
	if (finish(&r) != -EINTR)
		return 29;
	if (child_ctx(mon, id, 0, &c) != -ECANCELED ||
	    reply(mon, DK_IOC_MONITOR_COMPLETE, id, -ECHILD, 0) != -ECANCELED)
		return 30;
	close(c);
	if (reply(mon, DK_IOC_MONITOR_EXITED, id, 9, 0))
		return 31;
	now = info(p);
	if (now.handles != before.handles || now.kmem_used != before.kmem_used)
		return 32;
	return 0;
}

TEST(module_side)
{
	pid_t pid = fork();
	int st;

	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(run_module_side());
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st)) TH_LOG("status %#x", st);
	EXPECT_EQ(0, WEXITSTATUS(st)) TH_LOG("failed at step %d",
					     WEXITSTATUS(st));
}

TEST_HARNESS_MAIN
