// SPDX-License-Identifier: GPL-2.0
/*
 * Processes: DkProcessCreate/DkProcessExit through dbexec's monitor, the
 * parent/child stream, exit codes, trees, limits, bad images, narrower
 * manifests, teardown; and the monitor protocol's answers to misuse.
 */
#include <elf.h>
#include <stdarg.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>

#include <sys/syscall.h>
#include "kselftest_harness.h"
#include "dbtest.h"

static struct dbt_result res;

/* Run proc_pico with @mode [@arg] under dbexec; returns its exit code. */
static int pico(const char *mode, const char *arg)
{
	char *argv[] = { DBT_DBEXEC, DBT_PICO("proc_pico"), (char *)mode,
			 (char *)arg, NULL };

	if (dbt_run(argv, "", &res))
		return -1;
	return dbt_exit_code(&res);
}

TEST(create_talk_exit)
{
	ASSERT_RUN_OUT(pico("talk", NULL), res,
		       "create=0\nreply=pong:ping\ncode=7\n");
	EXPECT_STREQ("", res.err);
}

TEST(exit_codes)
{
	ASSERT_RUN_OUT(pico("codes", NULL), res,
		       "code=0\ncode=1\ncode=255\ncode=42\n");
}

TEST(exit_from_any_thread)
{
	ASSERT_RUN_OUT(pico("threadcode", NULL), res, "thread_code=77\n");
	/* The top picoprocess too: dbexec exits with the code. */
	EXPECT_EQ(255, pico("threadexit", "255")) TH_LOG("%s", res.err);
}

TEST(wait_any_process_thread_event)
{
	ASSERT_RUN_OUT(pico("waitany", NULL), res,
		       "poll=ETIMEDOUT\nfirst=2\nsecond=0\nagain=0\ncode=5\n");
}

TEST(poll_process_handle)
{
	ASSERT_RUN_OUT(pico("poll", NULL), res,
		       "idle=4\nreply=1\nended=1\ncode=7\n");
}

TEST(child_pipes_in_parent_family)
{
	/* Also: wait-any across a process and a stream (pipe server). */
	ASSERT_RUN_OUT(pico("pipes", NULL), res,
		       "srv=0\nready=0\ngot=hi\ncode=6\n");
}

TEST(three_levels)
{
	ASSERT_RUN_OUT(pico("tree", "3"), res, "L3<L2<leaf\ncode2=12\n");
}

TEST(fifty_children)
{
	ASSERT_RUN_OUT(pico("loop", "50"), res, "reaped=50\n");
}

TEST(bad_images)
{
	ASSERT_RUN_OUT(pico("bad", NULL), res,
		       "bad_image=ENOEXEC\noutside=EACCES\nmissing=ENOENT\n"
		       "scheme=EPROTONOSUPPORT\nempty=EINVAL\nfault=EFAULT\n"
		       "fault_args=EFAULT\n");
}

TEST(narrower_manifest)
{
	ASSERT_RUN_OUT(pico("narrow", NULL), res,
		       "create=0\nnarrow_code=3\nparent_alloc=0\n");
}

/*
 * Image policy through fs roots: /apps is the directory of the test
 * images, /t a temporary directory holding a copy of proc_pico ("img"),
 * a symlink to it ("in"), and symlinks leading out: absolute ("abs") and
 * relative ("up").
 */
FIXTURE(roots) {
	char dir[64];
	char manifest[128];
};

static int copy_file(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC), o;
	ssize_t n;

	if (in < 0)
		return -1;
	o = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (o < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(o, buf, n) != n) {
			n = -1;
			break;
		}
	close(in);
	close(o);
	return n < 0 ? -1 : 0;
}

/* @self->dir/@name in the array @buf. */
#define IN(buf, name)	dbt_path(buf, sizeof(buf), self->dir, name)

/* Write the manifest @dir.manifest (its name to @path): 0, or -1. */
static int __attribute__((format(printf, 4, 5)))
write_manifest(char *path, size_t size, const char *dir, const char *fmt, ...)
{
	va_list ap;
	FILE *f;
	int ret;

	snprintf(path, size, "%s.manifest", dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	va_start(ap, fmt);
	ret = vfprintf(f, fmt, ap) < 0 ? -1 : 0;
	va_end(ap);
	return fclose(f) ? -1 : ret;
}

/* Remove @dir's entries @names, @dir, and the manifest @manifest. */
static void remove_dir(const char *dir, const char *const names[],
		       unsigned int n, const char *manifest)
{
	char path[160];
	unsigned int i;

	for (i = 0; i < n; i++)
		unlink(dbt_path(path, sizeof(path), dir, names[i]));
	rmdir(dir);
	unlink(manifest);
}

FIXTURE_SETUP(roots)
{
	char path[160];

	strcpy(self->dir, "/tmp/dbt_roots.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	ASSERT_EQ(0, copy_file(DBT_PICO("proc_pico"), IN(path, "img")));
	ASSERT_EQ(0, symlink("img", IN(path, "in")));
	ASSERT_EQ(0, symlink(DBT_PICO("proc_pico"), IN(path, "abs")));
	ASSERT_EQ(0, symlink("../../../../../../../../bin/true",
			     IN(path, "up")));
	ASSERT_EQ(0, write_manifest(self->manifest, sizeof(self->manifest),
				    self->dir, "fs /apps %s ro\nfs /t %s ro\n",
				    DBT_PICO(""), self->dir));
}

FIXTURE_TEARDOWN(roots)
{
	static const char *const names[] = { "img", "in", "abs", "up" };

	remove_dir(self->dir, names, sizeof(names) / sizeof(names[0]),
		   self->manifest);
}

TEST_F(roots, images_through_fs_roots)
{
	char *argv[] = { DBT_DBEXEC, "--manifest", self->manifest,
			 DBT_PICO("proc_pico"), "roots", NULL };

	ASSERT_EQ(0, dbt_run(argv, "", &res));
	ASSERT_EQ(0, dbt_exit_code(&res)) TH_LOG("%s", res.err);
	EXPECT_STREQ("narrow_code=3\nself_code=4\nlink_in_code=5\n"
		     "spelled_code=6\ndotdot=EACCES\noutside=EACCES\n"
		     "link_abs=EACCES\nlink_up=EACCES\nmissing=ENOENT\n"
		     "not_image=ENOEXEC\nrelative=EINVAL\n", res.out);
}

/*
 * What a picoprocess can make the monitor read: /t is a temporary
 * directory the picoprocess may write, holding copies of proc_pico
 * ("img", "img2") and of reloc_heavy ("big"), and two FIFOs: "fifo" and
 * "img2.manifest".  The picoprocess writes "img.manifest" itself.
 */
FIXTURE(rw) {
	char dir[64];
	char manifest[128];
};

static const char *const rw_names[] = {
	"img", "img.manifest", "img2", "img2.manifest", "big", "fifo",
};

FIXTURE_SETUP(rw)
{
	char path[160];

	strcpy(self->dir, "/tmp/dbt_rw.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	ASSERT_EQ(0, copy_file(DBT_PICO("proc_pico"), IN(path, "img")));
	ASSERT_EQ(0, copy_file(DBT_PICO("proc_pico"), IN(path, "img2")));
	ASSERT_EQ(0, copy_file(DBT_PICO("reloc_heavy"), IN(path, "big")));
	ASSERT_EQ(0, mkfifo(IN(path, "fifo"), 0644));
	ASSERT_EQ(0, mkfifo(IN(path, "img2.manifest"), 0644));
	ASSERT_EQ(0, write_manifest(self->manifest, sizeof(self->manifest),
				    self->dir, "fs /t %s rw\n", self->dir));
}

FIXTURE_TEARDOWN(rw)
{
	remove_dir(self->dir, rw_names, sizeof(rw_names) / sizeof(rw_names[0]),
		   self->manifest);
}

/*
 * proc_pico under the rw manifest with up to three arguments; the run is
 * killed after @secs (a hung monitor fails the test, never blocks it).
 */
static int run_rw(const char *manifest, const char *mode, const char *a1,
		  const char *a2, const char *a3, int secs)
{
	char *argv[] = { DBT_DBEXEC, "--manifest", (char *)manifest,
			 DBT_PICO("proc_pico"), (char *)mode, (char *)a1,
			 (char *)a2, (char *)a3, NULL };

	if (dbt_run_timeout(argv, "", &res, secs) || res.timed_out)
		return -1;
	return dbt_exit_code(&res);
}

/*
 * A sidecar manifest with a 4 MiB line, asked for 16 times: refused each
 * time (EINVAL) with the size limit named, and the monitor never holds
 * it (the old parser read the line whole and leaked a copy per request).
 */
TEST_F_TIMEOUT(rw, sidecar_huge_is_refused_unread, 240)
{
	ASSERT_EQ(0, run_rw(self->manifest, "flood", "huge", "16", NULL, 200))
		TH_LOG("timed out %d: %s", res.timed_out, res.err);
	EXPECT_STREQ("refused=16\n", res.out);
	EXPECT_NE(NULL, strstr(res.err,
			       "dbexec: /t/img.manifest: manifest larger than 262144 bytes"))
		TH_LOG("%s", res.err);
	/* Peak RSS of dbexec (and of the picoprocess it reaped). */
	TH_LOG("peak RSS %ld KiB", res.maxrss_kb);
	EXPECT_GT(16 * 1024, res.maxrss_kb) TH_LOG("peak RSS %ld KiB", res.maxrss_kb);
}

/*
 * 200 requests whose sidecar has 60 rules of long words (57 KiB, within
 * the limits) and a bad last line: the monitor's peak RSS stays within
 * 4 MiB of 200 requests with a one-line sidecar (the old parser leaked
 * every word: 11 MiB here).
 */
TEST_F_TIMEOUT(rw, sidecar_words_do_not_leak, 240)
{
	long light;

	ASSERT_EQ(0, run_rw(self->manifest, "flood", "light", "200", NULL, 100))
		TH_LOG("timed out %d: %s", res.timed_out, res.err);
	EXPECT_STREQ("refused=200\n", res.out);
	EXPECT_NE(NULL, strstr(res.err, "dbexec: /t/img.manifest:1: unknown directive 'bogus'"));
	light = res.maxrss_kb;
	ASSERT_EQ(0, run_rw(self->manifest, "flood", "words", "200", NULL, 100))
		TH_LOG("timed out %d: %s", res.timed_out, res.err);
	EXPECT_STREQ("refused=200\n", res.out);
	EXPECT_NE(NULL, strstr(res.err, "dbexec: /t/img.manifest:61: unknown directive 'bogus'"));
	TH_LOG("peak RSS %ld KiB, %ld KiB with a one-line sidecar",
	       res.maxrss_kb, light);
	EXPECT_GT(light + 4096, res.maxrss_kb)
		TH_LOG("peak RSS %ld KiB, %ld KiB with a one-line sidecar",
		       res.maxrss_kb, light);
}

/* Where reloc_heavy's .data starts in the file: the page after .dynamic. */
static long data_page_offset(const char *path, long *size)
{
	Elf64_Phdr ph[16];
	Elf64_Ehdr eh;
	struct stat st;
	long cut = -1;
	int fd, i;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    eh.e_phnum > 16 ||
	    pread(fd, ph, eh.e_phnum * sizeof(ph[0]), eh.e_phoff) !=
	    (ssize_t)(eh.e_phnum * sizeof(ph[0]))) {
		close(fd);
		return -1;
	}
	close(fd);
	for (i = 0; i < eh.e_phnum; i++)
		if (ph[i].p_type == PT_DYNAMIC)
			cut = (long)((ph[i].p_offset + ph[i].p_filesz + 4095) & ~4095ul);
	*size = st.st_size;
	return cut;
}

/*
 * The requester truncates the child's image and restores its length,
 * again and again, while the monitor loads it: the file's end keeps
 * moving across the relocated .data.  The monitor survives every load
 * (the old one mapped the file and died of SIGBUS, taking the tree).
 */
TEST_F_TIMEOUT(rw, image_truncated_while_loading, 240)
{
	char path[160], cut[24], full[24];
	long size, off;

	snprintf(path, sizeof(path), "%s/big", self->dir);
	off = data_page_offset(path, &size);
	ASSERT_LT(0, off);
	ASSERT_LT(off, size);
	snprintf(cut, sizeof(cut), "%ld", off);
	snprintf(full, sizeof(full), "%ld", size);
	EXPECT_EQ(0, run_rw(self->manifest, "truncrace", "20", cut, full, 200))
		TH_LOG("status %x timed out %d: %s", res.status, res.timed_out,
		       res.err);
	EXPECT_STREQ("attempts=20\n", res.out);
	EXPECT_EQ(NULL, strstr(res.err, "SIGBUS")) TH_LOG("%s", res.err);
}

/*
 * A FIFO as a child image and as its sidecar manifest: refused at once
 * (EACCES), not waited on (the old monitor blocked in open(2) forever).
 */
/* Wait until @pid sits in system call @nr (from /proc/PID/syscall). */
static int in_syscall_within(pid_t pid, long nr, int seconds)
{
	time_t end = time(NULL) + seconds;
	char path[64];
	long cur;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
	while (time(NULL) <= end) {
		f = fopen(path, "r");
		if (f) {
			if (fscanf(f, "%ld", &cur) != 1)
				cur = -1;
			fclose(f);
			if (cur == nr)
				return 1;
		}
		usleep(10000);
	}
	return 0;
}

TEST_F(rw, fifo_image_and_sidecar_refused)
{
	char path[160];
	pid_t writer;
	int fd, st;

	/* A writer blocked opening the image FIFO until a reader comes. */
	snprintf(path, sizeof(path), "%s/fifo", self->dir);
	writer = fork();
	ASSERT_LE(0, writer);
	if (writer == 0)
		_exit(open(path, O_WRONLY) < 0);
	ASSERT_TRUE(in_syscall_within(writer, SYS_openat, 10));

	ASSERT_EQ(0, run_rw(self->manifest, "fifos", NULL, NULL, NULL, 20))
		TH_LOG("timed out %d: %s", res.timed_out, res.err);
	EXPECT_STREQ("fifo_image=EACCES\nfifo_sidecar=EACCES\n", res.out);
	/* The monitor never opened the FIFO: the writer still waits. */
	EXPECT_EQ(0, waitpid(writer, &st, WNOHANG));
	fd = open(path, O_RDONLY | O_NONBLOCK);
	EXPECT_LE(0, fd);
	ASSERT_EQ(writer, waitpid(writer, &st, 0));
	if (fd >= 0)
		close(fd);
}

TEST(create_with_handle_table_full)
{
	ASSERT_RUN_OUT(pico("fullhandles", NULL), res,
		       "fill=EMFILE\ncreate=EMFILE\nclient=ETIMEDOUT\n"
		       "create2=0\nclient2=0\ncode=3\n");
}

TEST(tree_limit)
{
	ASSERT_RUN_OUT(pico("limit", NULL), res,
		       "children=63\nrefused=EAGAIN\nreaped=63\nagain=0\n");
}

/* Wait until no descendant is left (we are their subreaper). */
static int no_descendants_within(int seconds)
{
	time_t end = time(NULL) + seconds;
	int st;

	for (;;) {
		pid_t p = waitpid(-1, &st, WNOHANG | __WALL);

		if (p < 0 && errno == ECHILD)
			return 1;
		if (p == 0) {
			if (time(NULL) > end)
				return 0;
			usleep(20000);
		}
	}
}

TEST(parent_dies_child_runs)
{
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1));
	ASSERT_RUN_OUT(pico("midexit", NULL), res, "mid_code=9\n");
	EXPECT_TRUE(no_descendants_within(10));
}

/* The parent stream ends when the parent closes its handle or ends. */
TEST(parent_stream_ends_with_the_handle)
{
	ASSERT_EQ(0, pico("closeeof", "close")) TH_LOG("%s", res.err);
	EXPECT_STREQ("close=0\nclient=0\ngot=eof\n", res.out);
	ASSERT_EQ(0, pico("closeeof", "exit")) TH_LOG("%s", res.err);
	EXPECT_STREQ("mid_code=5\nclient=0\ngot=eof\n", res.out);
}

TEST(top_exits_tree_torn_down)
{
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1));
	/* stdin at end: the top returns at once, three children blocked. */
	ASSERT_RUN_OUT(pico("hang", "3"), res, "hanging\n");
	EXPECT_TRUE(no_descendants_within(10));
}

TEST(monitor_killed)
{
	char *argv[] = { DBT_DBEXEC, DBT_PICO("proc_pico"), "hang", "4", NULL };
	int in[2], out[2], st;
	char buf[64] = "";
	size_t got = 0;
	pid_t pid;

	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1));
	ASSERT_EQ(0, pipe2(in, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(out, O_CLOEXEC));
	pid = dbt_spawn(argv, in[0], out[1], -1);
	ASSERT_LE(0, pid);
	close(in[0]);
	close(out[1]);
	while (got < sizeof(buf) - 1 && !strstr(buf, "hanging\n"))
		if (dbt_read_append(out[0], buf, sizeof(buf), &got) <= 0)
			break;
	ASSERT_STREQ("hanging\n", buf);
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st));
	EXPECT_TRUE(no_descendants_within(10));
	close(in[1]);
	close(out[0]);
}

TEST(forbidden_syscall_in_child_reported)
{
	/* 128 + SIGSYS */
	ASSERT_RUN_OUT(pico("childfault", NULL), res, "fault_code=159\n");
	EXPECT_NE(NULL, strstr(res.err, "killed: forbidden host syscall getpid"))
		TH_LOG("%s", res.err);
	EXPECT_NE(NULL, strstr(res.err, "dbexec: picoprocess "));
}

/* A new context made a monitor (DK_IOC_MONITOR_CREATE), or -1. */
static int monitor_open(void)
{
	int mon = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	if (mon >= 0 && dbt_ioctl(mon, DK_IOC_MONITOR_CREATE, NULL)) {
		close(mon);
		mon = -1;
	}
	return mon;
}

/* poll(2) for a request on monitor @mon: 1 if one is queued, 0 if not. */
static int monitor_poll(int mon, int timeout_ms)
{
	struct pollfd pfd = { .fd = mon, .events = POLLIN };

	return poll(&pfd, 1, timeout_ms);
}

/* The monitor protocol from an ordinary program: specific errors. */
TEST(protocol_misuse)
{
	struct dk_monitor_request req = { 0 };
	struct dk_monitor_reply rep = { .id = 1 };
	struct dk_join_tree j = { 0 };
	const char *none[1] = { NULL };
	char buf[64];
	int mon, ctx, ctx2, st, sync[2];
	pid_t pid;

	ctx = dbt_open();
	ASSERT_LE(0, ctx);
	/* Not in a tree: no monitor to ask. */
	EXPECT_EQ(-ESRCH, DkProcessCreate("file:x", none, NULL, 0));
	/* Monitor commands on a plain context. */
	EXPECT_EQ(-EINVAL, dbt_ioctl(ctx, DK_IOC_MONITOR_NEXT, &req));
	EXPECT_EQ(-EINVAL, dbt_ioctl(ctx, DK_IOC_MONITOR_COMPLETE, &rep));
	EXPECT_EQ(-EINVAL, dbt_ioctl(ctx, DK_IOC_MONITOR_EXITED, &rep));

	ASSERT_EQ(0, pipe(sync));
	mon = monitor_open();
	ASSERT_LE(0, mon);
	EXPECT_EQ(-EBUSY, dbt_ioctl(mon, DK_IOC_MONITOR_CREATE, NULL));
	req.buf = (uintptr_t)buf;
	req.size = sizeof(buf);
	EXPECT_EQ(-EAGAIN, dbt_ioctl(mon, DK_IOC_MONITOR_NEXT, &req));
	EXPECT_EQ(-ENOENT, dbt_ioctl(mon, DK_IOC_MONITOR_COMPLETE, &rep));
	EXPECT_EQ(-ENOENT, dbt_ioctl(mon, DK_IOC_MONITOR_EXITED, &rep));
	rep.error = 5;
	EXPECT_EQ(-EINVAL, dbt_ioctl(mon, DK_IOC_MONITOR_COMPLETE, &rep));
	EXPECT_EQ(-EFAULT, dbt_ioctl(mon, DK_IOC_MONITOR_NEXT, NULL));

	/* Joining: bad descriptors, non-monitors, unknown requests. */
	j.monitor_fd = -1;
	EXPECT_EQ(-EBADF, dbt_ioctl(ctx, DK_IOC_JOIN_TREE, &j));
	j.monitor_fd = 0;
	EXPECT_EQ(-EINVAL, dbt_ioctl(ctx, DK_IOC_JOIN_TREE, &j));
	j.monitor_fd = ctx;
	EXPECT_EQ(-EINVAL, dbt_ioctl(ctx, DK_IOC_JOIN_TREE, &j));
	j.monitor_fd = mon;
	j.id = 12345;
	EXPECT_EQ(-ENOENT, dbt_ioctl(ctx, DK_IOC_JOIN_TREE, &j));
	j.reserved = 1;
	EXPECT_EQ(-EINVAL, dbt_ioctl(ctx, DK_IOC_JOIN_TREE, &j));
	j.reserved = 0;
	j.id = 0;
	/* The monitor cannot be a member. */
	EXPECT_EQ(-EBUSY, dbt_ioctl(mon, DK_IOC_JOIN_TREE, &j));
	/* A sealed context cannot join. */
	ctx2 = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, ctx2);
	ASSERT_EQ(0, dbt_ioctl(ctx2, DK_IOC_SEAL, NULL));
	EXPECT_EQ(-EBUSY, dbt_ioctl(ctx2, DK_IOC_JOIN_TREE, &j));
	close(ctx2);

	/* A top in a child process: one top only, killed with its monitor. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int c = dbt_open(), c2 = open(DK_DEVICE_PATH, O_RDWR);

		if (dbt_ioctl(c, DK_IOC_JOIN_TREE, &j))
			_exit(10);
		if (dbt_ioctl(c, DK_IOC_JOIN_TREE, &j) != -EBUSY)
			_exit(11);
		if (dbt_ioctl(c2, DK_IOC_JOIN_TREE, &j) != -EBUSY)
			_exit(12);
		close(mon);
		if (write(sync[1], "j", 1) != 1)
			_exit(13);
		pause();	/* the monitor's end kills us */
		_exit(14);
	}
	close(sync[1]);
	ASSERT_EQ(1, read(sync[0], buf, 1));
	close(mon);	/* the monitor goes: the tree is dead */
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL) TH_LOG("status %x", st);
	close(ctx);
}

/*
 * The monitor's end kills the tree's members -- not a process that exec'd
 * since it joined: that is another program now (perhaps a setuid one its
 * user could not kill), no picoprocess.
 */
TEST(monitor_end_spares_member_that_exec_d)
{
	struct dk_join_tree j = { 0 };
	int mon, in[2], out[2], st;
	char c;
	pid_t pid;

	mon = monitor_open();
	ASSERT_LE(0, mon);
	ASSERT_EQ(0, pipe2(in, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(out, O_CLOEXEC));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int ctx = dbt_open();

		j.monitor_fd = mon;
		if (ctx < 0 || dbt_ioctl(ctx, DK_IOC_JOIN_TREE, &j))
			_exit(10);
		if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0)
			_exit(11);
		execl("/bin/sh", "sh", "-c", "echo ready; exec cat", NULL);
		_exit(12);
	}
	close(in[0]);
	close(out[1]);
	/* It spoke: the member exec'd. */
	ASSERT_EQ(1, read(out[0], &c, 1));
	close(mon);	/* the tree is dead */
	close(in[1]);	/* cat ends by itself */
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) TH_LOG("status %#x", st);
	close(out[0]);
}

/* A monitor serving one request by hand: error completion. */
TEST(protocol_error_completion)
{
	struct dk_join_tree j = { 0 };
	const char *args[] = { "a1", "a2", NULL };
	int mon, ctx;
	pid_t pid;
	int st;

	mon = monitor_open();
	ASSERT_LE(0, mon);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		ctx = dbt_open();
		j.monitor_fd = mon;
		if (dbt_ioctl(ctx, DK_IOC_JOIN_TREE, &j))
			_exit(10);
		if (DkProcessCreate("file:img", args, NULL, 0) != -ENOEXEC)
			_exit(11);
		_exit(0);
	}
	{
		struct dk_monitor_request req = { 0 };
		struct dk_monitor_reply rep = { 0 };
		char buf[64], small[4];

		ASSERT_EQ(1, monitor_poll(mon, 10000));
		req.buf = (uintptr_t)small;
		req.size = sizeof(small);
		EXPECT_EQ(-ENOSPC, dbt_ioctl(mon, DK_IOC_MONITOR_NEXT, &req));
		EXPECT_EQ(15, req.len);
		req.buf = (uintptr_t)buf;
		req.size = sizeof(buf);
		ASSERT_EQ(0, dbt_ioctl(mon, DK_IOC_MONITOR_NEXT, &req));
		EXPECT_EQ(pid, req.parent_pid);
		EXPECT_EQ(2, req.argc);
		EXPECT_EQ(0, memcmp(buf, "file:img\0a1\0a2\0", 15));
		rep.id = req.id;
		rep.error = -ENOEXEC;
		EXPECT_EQ(0, dbt_ioctl(mon, DK_IOC_MONITOR_COMPLETE, &rep));
		EXPECT_EQ(-ENOENT, dbt_ioctl(mon, DK_IOC_MONITOR_COMPLETE, &rep));
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_EQ(0, WEXITSTATUS(st));
	close(mon);
}

/*
 * A top picoprocess of @mon's tree that makes @n requests and exits 0 if
 * each one's DkProcessCreate returned ENOEXEC (the error the tests
 * complete them with).
 */
static pid_t enoexec_requester(int mon, int n)
{
	struct dk_join_tree j = { .monitor_fd = mon };
	const char *none[1] = { NULL };
	pid_t pid = fork();
	int i;

	if (pid == 0) {
		int ctx = dbt_open();

		if (dbt_ioctl(ctx, DK_IOC_JOIN_TREE, &j))
			_exit(10);
		close(mon);
		for (i = 0; i < n; i++)
			if (DkProcessCreate("file:img", none, NULL, 0) != -ENOEXEC)
				_exit(11);
		_exit(0);
	}
	return pid;
}

/*
 * A new monitor in *@mon, and in its tree an enoexec_requester of @n
 * requests whose first request is queued; the requester's pid.
 */
static pid_t requester_queued(struct __test_metadata *_metadata, int *mon,
			      int n)
{
	pid_t pid;

	*mon = monitor_open();
	ASSERT_LE(0, *mon);
	pid = enoexec_requester(*mon, n);
	ASSERT_LE(0, pid);
	ASSERT_EQ(1, monitor_poll(*mon, 10000));
	return pid;
}

/* The parent dies while its request is pending, then while taken. */
TEST(parent_dies_mid_request)
{
	struct dk_monitor_request req = { 0 };
	struct dk_monitor_reply rep = { 0 };
	struct dk_join_tree j = { 0 };
	char buf[64];
	int mon, st, ctx;
	pid_t pid;


	/* Pending: withdrawn, nothing left for the monitor. */
	pid = requester_queued(_metadata, &mon, 1);
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	req.buf = (uintptr_t)buf;
	req.size = sizeof(buf);
	EXPECT_EQ(-EAGAIN, dbt_ioctl(mon, DK_IOC_MONITOR_NEXT, &req));
	EXPECT_EQ(0, monitor_poll(mon, 0));
	close(mon);

	/* Taken: the child may not join and completion says ECANCELED. */
	pid = requester_queued(_metadata, &mon, 1);
	ASSERT_EQ(0, dbt_ioctl(mon, DK_IOC_MONITOR_NEXT, &req));
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ctx = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, ctx);
	j.monitor_fd = mon;
	j.id = req.id;
	EXPECT_EQ(-ECANCELED, dbt_ioctl(ctx, DK_IOC_JOIN_TREE, &j));
	rep.id = req.id;
	rep.error = -ENOEXEC;
	EXPECT_EQ(-ECANCELED, dbt_ioctl(mon, DK_IOC_MONITOR_COMPLETE, &rep));
	/* The monitor reports the (never started) child's end: forgotten. */
	EXPECT_EQ(0, dbt_ioctl(mon, DK_IOC_MONITOR_EXITED, &rep));
	EXPECT_EQ(-ENOENT, dbt_ioctl(mon, DK_IOC_MONITOR_EXITED, &rep));
	close(ctx);
	close(mon);
}

/*
 * DK_IOC_MONITOR_EXITED for a request still queued is refused and changes
 * nothing: the request is still taken and completed normally, and the
 * requester's DkProcessCreate returns the completion's error.  (The
 * module once forgot the id and left the requester blocked for good.)
 */
TEST(exited_for_pending_request_is_refused)
{
	struct dk_monitor_request req = { 0 };
	struct dk_monitor_reply rep = { 0 };
	char buf[64];
	int mon, st;
	pid_t pid;

	pid = requester_queued(_metadata, &mon, 1);
	/* Too small a buffer: the id is reported, the request stays queued. */
	req.buf = (uintptr_t)buf;
	req.size = 0;
	ASSERT_EQ(-ENOSPC, dbt_ioctl(mon, DK_IOC_MONITOR_NEXT, &req));
	rep.id = req.id;
	rep.status = 0;
	EXPECT_EQ(-EINVAL, dbt_ioctl(mon, DK_IOC_MONITOR_EXITED, &rep));
	req.size = sizeof(buf);
	ASSERT_EQ(0, dbt_ioctl(mon, DK_IOC_MONITOR_NEXT, &req));
	EXPECT_EQ(rep.id, req.id);
	rep.error = -ENOEXEC;
	EXPECT_EQ(0, dbt_ioctl(mon, DK_IOC_MONITOR_COMPLETE, &rep));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	close(mon);
}

/*
 * Request ids are not reused: a request completed with an error is
 * forgotten at once, and the next request gets a new id, so a monitor's
 * late DK_IOC_MONITOR_EXITED for the first cannot name the second.
 */
TEST(request_ids_are_not_reused)
{
	struct dk_monitor_request req = { 0 };
	struct dk_monitor_reply rep = { 0 };
	__u64 first = 0;
	char buf[64];
	int mon, st, i;
	pid_t pid;

	pid = requester_queued(_metadata, &mon, 2);
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(1, monitor_poll(mon, 10000));
		req.buf = (uintptr_t)buf;
		req.size = sizeof(buf);
		ASSERT_EQ(0, dbt_ioctl(mon, DK_IOC_MONITOR_NEXT, &req));
		if (i == 0)
			first = req.id;
		else
			EXPECT_NE(first, req.id);
		rep.id = req.id;
		rep.error = -ENOEXEC;
		EXPECT_EQ(0, dbt_ioctl(mon, DK_IOC_MONITOR_COMPLETE, &rep));
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	/* The late report for the first request names nothing. */
	rep.id = first;
	EXPECT_EQ(-ENOENT, dbt_ioctl(mon, DK_IOC_MONITOR_EXITED, &rep));
	close(mon);
}

TEST_HARNESS_MAIN
