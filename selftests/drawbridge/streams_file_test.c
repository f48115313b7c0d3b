// SPDX-License-Identifier: GPL-2.0
/*
 * file: streams under the manifest policy: round trip, positional I/O,
 * directories, set-length, flush, delete, rename, map/unmap, attributes,
 * every escape attempt out of a granted root (denied, target intact), and
 * nested roots reached by any spelling or symlink (rights follow the
 * object).
 */
#include "kselftest_harness.h"
#include "dbtest.h"
#include "streams_util.h"

#include <grp.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "dk_vpath.h"
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <time.h>
#include <linux/landlock.h>
#include <linux/magic.h>

static long st_delete(int fd, long h)
{
	return st_call(fd, DK_CALL_STREAM_DELETE, h, DK_DELETE_ALL, 0, 0, 0,
		       0);
}

static long st_rename(int fd, long h, const char *uri)
{
	return st_call(fd, DK_CALL_STREAM_CHANGE_NAME, h, P(uri), 0, 0, 0, 0);
}

/*
 * The module's path_lsm_gap parameter: 1 when directory removal, symlink
 * creation and chmod are offered (the default), 0 when they are refused
 * with EOPNOTSUPP (loaded with path_lsm_gap=0).
 */
static int path_lsm_gap(void)
{
	char buf[8] = "";

	if (dbt_read_file("/sys/module/drawbridge/parameters/path_lsm_gap",
			  buf, sizeof(buf)) < 0)
		return 1;	/* built in without the file: the default */
	return buf[0] != 'N';
}

/* What a call the parameter gates returns: @ok with it, else EOPNOTSUPP. */
static long gap_ret(long ok)
{
	return path_lsm_gap() ? ok : -EOPNOTSUPP;
}

static long st_symlink(int fd, const char *target, const char *uri)
{
	return st_call(fd, DK_CALL_STREAM_SYMLINK, P(target), P(uri), 0, 0, 0,
		       0);
}

static long st_chmod(int fd, long h, __u32 mode)
{
	struct dk_stream_attr_set a = {
		.mask = DK_ATTR_SET_MODE, .mode = mode,
	};

	return st_call(fd, DK_CALL_STREAM_ATTRIBUTES_SET_BY_HANDLE, h, P(&a),
		       0, 0, 0, 0);
}

FIXTURE(f) {
	int fd;
	char dir[64];
	char ro[64];
	char outside[128];
};

static int file_is(const char *path, const char *text)
{
	char buf[256];

	return dbt_read_file(path, buf, sizeof(buf)) >= 0 &&
	       !strcmp(buf, text);
}

FIXTURE_SETUP(f)
{
	char p[256];

	ASSERT_NE(NULL, st_tmpdir(self->dir));
	ASSERT_NE(NULL, st_tmpdir(self->ro));
	snprintf(self->outside, sizeof(self->outside), "%s.secret", self->dir);
	dbt_put_file(self->outside, "secret");
	snprintf(p, sizeof(p), "%s/hello", self->ro);
	dbt_put_file(p, "read only");
	snprintf(p, sizeof(p), "%s/sub", self->dir);
	ASSERT_EQ(0, mkdir(p, 0700));
	/* Escape helpers inside the rw root. */
	snprintf(p, sizeof(p), "%s/up", self->dir);
	ASSERT_EQ(0, symlink("..", p));
	snprintf(p, sizeof(p), "%s/abs", self->dir);
	ASSERT_EQ(0, symlink(self->outside, p));
	snprintf(p, sizeof(p), "%s/proc", self->dir);
	ASSERT_EQ(0, symlink("/proc/self/root", p));
	snprintf(p, sizeof(p), "%s/inside", self->dir);
	ASSERT_EQ(0, symlink("sub", p));

	self->fd = st_open_ctx();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, st_add_root(self->fd, self->dir, "/data", 1));
	ASSERT_EQ(0, st_add_root(self->fd, self->ro, "/ro", 0));
	ASSERT_EQ(0, ioctl(self->fd, DK_IOC_SEAL));
}

FIXTURE_TEARDOWN(f)
{
	char cmd[300];

	close(self->fd);
	snprintf(cmd, sizeof(cmd), "rm -rf %s %s %s", self->dir, self->ro,
		 self->outside);
	if (system(cmd))
		fprintf(stderr, "cleanup failed\n");
}

/*
 * Root prefixes (common/dk_vpath.c): normalized when added,
 * invalid ones refused, matched by whole components, longest wins.
 */
TEST(root_prefix_rule)
{
	char dir[64], deep[80];
	long h;
	int fd;

	ASSERT_NE(NULL, st_tmpdir(dir));
	snprintf(deep, sizeof(deep), "%s/in", dir);
	ASSERT_EQ(0, mkdir(deep, 0700));
	fd = st_open_ctx();
	ASSERT_LE(0, fd);
	EXPECT_EQ(-EINVAL, st_add_root(fd, dir, "rel", 0));
	EXPECT_EQ(-EINVAL, st_add_root(fd, dir, "/a/../b", 0));
	EXPECT_EQ(-EINVAL, st_add_root(fd, dir, "/a/./b", 0));
	ASSERT_EQ(0, st_add_root(fd, dir, "//d//x/", 1));
	ASSERT_EQ(0, st_add_root(fd, deep, "/d/x/in", 0));
	ASSERT_EQ(0, ioctl(fd, DK_IOC_SEAL));

	/* "//d//x/" became "/d/x": files under it are reachable. */
	h = st_open(fd, "file:/d/x/f", DK_ACCESS_RDWR, 0600, DK_CREATE_ALWAYS, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(0, st_close(fd, h));
	/* Whole components only: /d/xy is not under /d/x. */
	EXPECT_EQ(-EACCES, st_open(fd, "file:/d/xy", DK_ACCESS_RDWR, 0600,
				   DK_CREATE_ALWAYS, 0));
	/* The longer, read-only root wins for what is beneath it. */
	EXPECT_EQ(-EACCES, st_open(fd, "file:/d/x/in/g", DK_ACCESS_RDWR, 0600,
				   DK_CREATE_ALWAYS, 0));
	close(fd);
	EXPECT_EQ(0, st_rmtree(dir));
}

/* The spelling rule of common/dk_vpath.c, shared by the module and dbexec. */
TEST(vpath_resolve_by_spelling)
{
	static const struct { const char *in, *out; long ret; } cases[] = {
		{ "/", "/", 1 },		{ "//", "/", 1 },
		{ "/.", "/", 1 },		{ "/a/..", "/", 1 },
		{ "//conf/x", "/conf/x", 7 },	{ "/./conf/x", "/conf/x", 7 },
		{ "/conf//x", "/conf/x", 7 },	{ "/x/../conf/x", "/conf/x", 7 },
		{ "/a/b/../../c/", "/c/", 3 },	{ "/a/./b/.", "/a/b/", 5 },
		{ "/a/..b/.c/...", "/a/..b/.c/...", 13 },
		{ "/..", NULL, -2 },		{ "/a/../..", NULL, -2 },
		{ "conf/x", NULL, -1 },		{ "", NULL, -1 },
	};
	unsigned int i;
	char buf[64];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strcpy(buf, cases[i].in);
		EXPECT_EQ(cases[i].ret, dk_vpath_resolve(buf))
			TH_LOG("'%s'", cases[i].in);
		if (cases[i].out)
			EXPECT_STREQ(cases[i].out, buf);
	}
}

/*
 * Nested roots: "/" is the read-write host directory D; "/conf" is D/conf,
 * read-only; "/conf/logs" is D/conf/logs, read-write again; "/empty" is
 * the empty D/empty, read-only.  D/link -> conf and D/self -> . lead from
 * the outer root into the inner ones.
 */
FIXTURE(nest) {
	int fd;
	char dir[64];
};

FIXTURE_SETUP(nest)
{
	char p[128], q[128];

	ASSERT_NE(NULL, st_tmpdir(self->dir));
	dbt_path(p, sizeof(p), self->dir, "conf");
	ASSERT_EQ(0, mkdir(p, 0700));
	dbt_path(p, sizeof(p), self->dir, "conf/x");
	dbt_put_file(p, "conf");
	dbt_path(p, sizeof(p), self->dir, "conf/logs");
	ASSERT_EQ(0, mkdir(p, 0700));
	dbt_path(p, sizeof(p), self->dir, "empty");
	ASSERT_EQ(0, mkdir(p, 0700));
	dbt_path(p, sizeof(p), self->dir, "sub");
	ASSERT_EQ(0, mkdir(p, 0700));
	dbt_path(p, sizeof(p), self->dir, "link");
	ASSERT_EQ(0, symlink("conf", p));
	dbt_path(p, sizeof(p), self->dir, "self");
	ASSERT_EQ(0, symlink(".", p));

	self->fd = st_open_ctx();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, st_add_root(self->fd, self->dir, "/", 1));
	dbt_path(p, sizeof(p), self->dir, "conf");
	ASSERT_EQ(0, st_add_root(self->fd, p, "/conf", 0));
	dbt_path(q, sizeof(q), self->dir, "conf/logs");
	ASSERT_EQ(0, st_add_root(self->fd, q, "/conf/logs", 1));
	dbt_path(p, sizeof(p), self->dir, "empty");
	ASSERT_EQ(0, st_add_root(self->fd, p, "/empty", 0));
	ASSERT_EQ(0, ioctl(self->fd, DK_IOC_SEAL));
}

FIXTURE_TEARDOWN(nest)
{
	close(self->fd);
	if (st_rmtree(self->dir))
		fprintf(stderr, "cleanup failed\n");
}

TEST_F(nest, read_only_root_every_spelling_reads_never_writes)
{
	static const char *const names[] = {
		"file:/conf/x", "file://conf/x", "file:/./conf/x",
		"file:/conf//x", "file:/x/../conf/x", "file:/sub/../conf/./x",
		"file:/link/x", "file:/self/conf/x", "file:/self//link/./x",
	};
	struct dk_stream_attr a;
	char buf[16], host[128];
	unsigned int i;
	long h;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *n = names[i];

		h = st_open(self->fd, n, DK_ACCESS_READ, 0, 0, 0);
		ASSERT_LT(0, h) TH_LOG("read %s", n);
		memset(buf, 0, sizeof(buf));
		EXPECT_EQ(4, st_read(self->fd, h, 0, buf, sizeof(buf)));
		EXPECT_STREQ("conf", buf);
		EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_SET_LENGTH,
					   h, 0, 0, 0, 0, 0)) TH_LOG("%s", n);
		EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_DELETE, h,
					   0, 0, 0, 0, 0)) TH_LOG("%s", n);
		EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_CHANGE_NAME,
					   h, P("file:/moved"), 0, 0, 0, 0))
			TH_LOG("%s", n);
		EXPECT_EQ(0, st_close(self->fd, h));
		EXPECT_EQ(-EACCES, st_open(self->fd, n, DK_ACCESS_WRITE, 0, 0,
					   0)) TH_LOG("write %s", n);
		EXPECT_EQ(-EACCES, st_open(self->fd, n, DK_ACCESS_RDWR, 0,
					   DK_CREATE_TRY | DK_CREATE_TRUNCATE,
					   0)) TH_LOG("truncate %s", n);
		memset(&a, 0, sizeof(a));
		ASSERT_EQ(0, st_call(self->fd, DK_CALL_STREAM_ATTRIBUTES_QUERY,
				     P(n), P(&a), 0, 0, 0, 0));
		EXPECT_EQ(DK_ATTR_READABLE, a.flags & (DK_ATTR_READABLE |
						       DK_ATTR_WRITABLE))
			TH_LOG("attributes %s", n);
	}
	/* Relative names are not names in the virtual tree. */
	EXPECT_EQ(-EINVAL, st_open(self->fd, "file:conf/x", DK_ACCESS_READ, 0,
				   0, 0));
	EXPECT_EQ(-EINVAL, st_open(self->fd, "file:conf/x", DK_ACCESS_WRITE, 0,
				   0, 0));
	EXPECT_EQ(-EACCES, st_open(self->fd, "file:/../conf/x", DK_ACCESS_READ,
				   0, 0, 0));
	dbt_path(host, sizeof(host), self->dir, "conf/x");
	EXPECT_TRUE(file_is(host, "conf"));
	dbt_path(host, sizeof(host), self->dir, "moved");
	EXPECT_NE(0, access(host, F_OK));
}

TEST_F(nest, nothing_created_moved_or_replaced_in_read_only_roots)
{
	static const char *const news[] = {
		"file:/link/new", "file://conf/new", "file:/self/conf/new",
		"file:/x/../conf/new", "file:/self/link/new",
		"file:/self/empty/new",
	};
	char host[128];
	struct stat before, after;
	unsigned int i;
	long h, d, e;

	for (i = 0; i < sizeof(news) / sizeof(news[0]); i++) {
		EXPECT_EQ(-EACCES, st_open(self->fd, news[i], DK_ACCESS_RDWR,
					   0, DK_CREATE_TRY, 0))
			TH_LOG("create %s", news[i]);
		EXPECT_EQ(-EACCES, st_open(self->fd, news[i], DK_ACCESS_READ,
					   0, DK_CREATE_TRY | DK_CREATE_DIR, 0))
			TH_LOG("mkdir %s", news[i]);
	}
	dbt_path(host, sizeof(host), self->dir, "conf/new");
	EXPECT_NE(0, access(host, F_OK));
	dbt_path(host, sizeof(host), self->dir, "empty/new");
	EXPECT_NE(0, access(host, F_OK));

	/* No rename into a read-only root through the outer one. */
	h = st_open(self->fd, "file:/f", DK_ACCESS_RDWR, 0, DK_CREATE_TRY, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_CHANGE_NAME, h,
				   P("file:/link/stolen"), 0, 0, 0, 0));
	EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_CHANGE_NAME, h,
				   P("file:/self/conf/stolen"), 0, 0, 0, 0));
	dbt_path(host, sizeof(host), self->dir, "conf/stolen");
	EXPECT_NE(0, access(host, F_OK));
	dbt_path(host, sizeof(host), self->dir, "f");
	EXPECT_EQ(0, access(host, F_OK));

	/* Another root's directory is neither replaced nor deleted. */
	dbt_path(host, sizeof(host), self->dir, "empty");
	ASSERT_EQ(0, stat(host, &before));
	d = st_open(self->fd, "file:/d", DK_ACCESS_READ, 0,
		    DK_CREATE_TRY | DK_CREATE_DIR, 0);
	ASSERT_LT(0, d);
	EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_CHANGE_NAME, d,
				   P("file:/self/empty"), 0, 0, 0, 0));
	e = st_open(self->fd, "file:/self/empty", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, e);
	EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_DELETE, e, 0, 0,
				   0, 0, 0));
	EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_CHANGE_NAME, e,
				   P("file:/gone"), 0, 0, 0, 0));
	ASSERT_EQ(0, stat(host, &after));
	EXPECT_EQ(before.st_ino, after.st_ino);
}

/* The deepest root that holds the object decides, never above the match. */
TEST_F(nest, read_write_root_inside_read_only_one)
{
	char host[128];
	long h;

	h = st_open(self->fd, "file:/link/logs/a", DK_ACCESS_RDWR, 0,
		    DK_CREATE_TRY, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(1, st_write(self->fd, h, 0, "a", 1));
	h = st_open(self->fd, "file:/conf/logs/b", DK_ACCESS_RDWR, 0,
		    DK_CREATE_TRY, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(0, st_call(self->fd, DK_CALL_STREAM_DELETE, h, 0, 0, 0, 0,
			     0));
	/* The root directory itself stays, whichever way it is reached. */
	h = st_open(self->fd, "file:/link/logs", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_CHANGE_NAME, h,
				   P("file:/logs2"), 0, 0, 0, 0));
	dbt_path(host, sizeof(host), self->dir, "conf/logs/a");
	EXPECT_TRUE(file_is(host, "a"));
	dbt_path(host, sizeof(host), self->dir, "conf/logs");
	EXPECT_EQ(0, access(host, F_OK));
}

TEST_F(f, create_write_read_round_trip)
{
	char buf[64] = { 0 };
	char host[128];
	long h;

	h = st_open(self->fd, "file:/data/a.txt", DK_ACCESS_RDWR, 0644,
		    DK_CREATE_ALWAYS, 0);
	ASSERT_LT(0, h);
	ASSERT_EQ(5, st_write(self->fd, h, DK_OFFSET_NONE, "hello", 5));
	ASSERT_EQ(6, st_write(self->fd, h, DK_OFFSET_NONE, " world", 6));
	/* Positional read does not move the position. */
	ASSERT_EQ(5, st_read(self->fd, h, 6, buf, 5));
	EXPECT_STREQ("world", buf);
	/* Past the end: 0 (end of stream). */
	ASSERT_EQ(0, st_read(self->fd, h, 100, buf, 5));
	/* Short count at the end. */
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(3, st_read(self->fd, h, 8, buf, 50));
	EXPECT_STREQ("rld", buf);
	ASSERT_EQ(0, st_call(self->fd, DK_CALL_STREAM_FLUSH, h, 0, 0, 0, 0, 0));
	ASSERT_EQ(0, st_close(self->fd, h));
	snprintf(host, sizeof(host), "%s/a.txt", self->dir);
	EXPECT_TRUE(file_is(host, "hello world"));
	/* CREATE_ALWAYS on an existing file. */
	EXPECT_EQ(-EEXIST, st_open(self->fd, "file:/data/a.txt",
				   DK_ACCESS_RDWR, 0, DK_CREATE_ALWAYS, 0));
	/* Missing file without create. */
	EXPECT_EQ(-ENOENT, st_open(self->fd, "file:/data/nope",
				   DK_ACCESS_READ, 0, 0, 0));
}

TEST_F(f, read_only_root_refuses_writes)
{
	char buf[32] = { 0 };
	char host[128];
	long h;

	h = st_open(self->fd, "file:/ro/hello", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	ASSERT_EQ(9, st_read(self->fd, h, 0, buf, sizeof(buf)));
	EXPECT_STREQ("read only", buf);
	EXPECT_EQ(-EACCES, st_write(self->fd, h, 0, "x", 1));
	EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_DELETE, h, 0, 0,
				   0, 0, 0));
	EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_SET_LENGTH, h, 0,
				   0, 0, 0, 0));
	EXPECT_EQ(-EACCES, st_open(self->fd, "file:/ro/hello", DK_ACCESS_WRITE,
				   0, 0, 0));
	EXPECT_EQ(-EACCES, st_open(self->fd, "file:/ro/new", DK_ACCESS_WRITE,
				   0, DK_CREATE_TRY, 0));
	snprintf(host, sizeof(host), "%s/hello", self->ro);
	EXPECT_TRUE(file_is(host, "read only"));
	snprintf(host, sizeof(host), "%s/new", self->ro);
	EXPECT_NE(0, access(host, F_OK));
}

TEST_F(f, escapes_denied_target_untouched)
{
	static const char *const bad[] = {
		"file:/data/../" , "file:/data/..", "file:/data/sub/../../x",
		"file:/data/up/x", "file:/data/abs", "file:/data/proc/etc/passwd",
		"file:/etc/passwd", "file:/", "file:/dat", "file:/data2/x",
	};
	unsigned int i;
	char rel[256];
	const char *base;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long r = st_open(self->fd, bad[i], DK_ACCESS_READ, 0, 0, 0);

		EXPECT_EQ(-EACCES, r) TH_LOG("open %s -> %ld", bad[i], r);
	}
	/* Create/overwrite through escapes. */
	base = strrchr(self->outside, '/') + 1;
	snprintf(rel, sizeof(rel), "file:/data/../%s", base);
	EXPECT_EQ(-EACCES, st_open(self->fd, rel, DK_ACCESS_RDWR, 0,
				   DK_CREATE_TRY | DK_CREATE_TRUNCATE, 0));
	EXPECT_EQ(-EACCES, st_open(self->fd, "file:/data/abs", DK_ACCESS_RDWR,
				   0, DK_CREATE_TRY | DK_CREATE_TRUNCATE, 0));
	snprintf(rel, sizeof(rel), "file:/data/up/%s", base);
	EXPECT_EQ(-EACCES, st_open(self->fd, rel, DK_ACCESS_RDWR, 0,
				   DK_CREATE_TRY, 0));
	EXPECT_TRUE(file_is(self->outside, "secret"));
	/* A symlink that stays inside is fine. */
	EXPECT_LT(0, st_open(self->fd, "file:/data/inside", DK_ACCESS_READ, 0,
			     0, 0));
}

TEST_F(f, rename_within_root_and_denied_escape)
{
	char host[128], name[64];
	long h;

	h = st_open(self->fd, "file:/data/r1", DK_ACCESS_RDWR, 0, DK_CREATE_TRY,
		    0);
	ASSERT_LT(0, h);
	ASSERT_EQ(2, st_write(self->fd, h, 0, "r1", 2));
	ASSERT_EQ(0, st_call(self->fd, DK_CALL_STREAM_CHANGE_NAME, h,
			     P("file:/data/sub/r2"), 0, 0, 0, 0));
	snprintf(host, sizeof(host), "%s/sub/r2", self->dir);
	EXPECT_TRUE(file_is(host, "r1"));
	ASSERT_EQ(17, st_get_name(self->fd, h, name, sizeof(name)));
	EXPECT_STREQ("file:/data/sub/r2", name);
	EXPECT_EQ(-ERANGE, st_get_name(self->fd, h, name, 5));
	EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_CHANGE_NAME, h,
				   P("file:/data/../stolen"), 0, 0, 0, 0));
	EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_CHANGE_NAME, h,
				   P("file:/ro/stolen"), 0, 0, 0, 0));
	EXPECT_TRUE(file_is(host, "r1"));
}

TEST_F(f, directory_listing_create_delete)
{
	char buf[4096];
	struct dk_stream_attr a;
	long h, d, n, fa, fb, total = 0;
	int seen_a = 0, seen_b = 0, seen_dot = 0;
	char *p;

	h = st_open(self->fd, "file:/data/dir", DK_ACCESS_READ, 0700,
		    DK_CREATE_ALWAYS | DK_CREATE_DIR, 0);
	ASSERT_LT(0, h);
	ASSERT_LT(0, st_open(self->fd, "file:/data/dir/a", DK_ACCESS_WRITE, 0,
			     DK_CREATE_TRY, 0));
	ASSERT_LT(0, st_open(self->fd, "file:/data/dir/bb", DK_ACCESS_WRITE,
			     0, DK_CREATE_TRY, 0));
	d = st_open(self->fd, "file:/data/dir", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, d);
	/* Too small for any name. */
	EXPECT_EQ(-ERANGE, st_read(self->fd, d, DK_OFFSET_NONE, buf, 1));
	while ((n = st_read(self->fd, d, DK_OFFSET_NONE, buf + total,
			    sizeof(buf) - total)) > 0)
		total += n;
	ASSERT_EQ(0, n);
	for (p = buf; p < buf + total; p += strlen(p) + 1) {
		seen_a += !strcmp(p, "a");
		seen_b += !strcmp(p, "bb");
		seen_dot += !strcmp(p, ".") || !strcmp(p, "..");
	}
	EXPECT_EQ(1, seen_a);
	EXPECT_EQ(1, seen_b);
	EXPECT_EQ(0, seen_dot);
	EXPECT_EQ(5, total);
	ASSERT_EQ(0, st_attr_query(self->fd, d, &a));
	EXPECT_EQ(DK_STREAM_TYPE_DIR, a.type);
	/* Directories are never writable streams. */
	EXPECT_EQ(-EACCES, st_write(self->fd, d, 0, "x", 1));
	EXPECT_EQ(-EISDIR, st_open(self->fd, "file:/data/dir", DK_ACCESS_RDWR,
				   0, 0, 0));
	/*
	 * Delete the files, then the directory once it is empty (only with
	 * path_lsm_gap: no security_path_rmdir for modules).
	 */
	fa = st_open(self->fd, "file:/data/dir/a", DK_ACCESS_READ, 0, 0, 0);
	fb = st_open(self->fd, "file:/data/dir/bb", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, fa);
	ASSERT_LT(0, fb);
	EXPECT_EQ(gap_ret(-ENOTEMPTY), st_delete(self->fd, d));
	EXPECT_EQ(0, st_delete(self->fd, fa));
	EXPECT_EQ(0, st_delete(self->fd, fb));
	EXPECT_EQ(-ENOENT, st_delete(self->fd, fb));
	EXPECT_EQ(gap_ret(0), st_delete(self->fd, d));
	n = st_open(self->fd, "file:/data/dir", DK_ACCESS_READ, 0, 0, 0);
	EXPECT_EQ(path_lsm_gap() ? -ENOENT : 1, n < 0 ? n : 1);
}

TEST_F(f, set_length_attributes_query)
{
	struct dk_stream_attr a;
	long h;

	h = st_open(self->fd, "file:/data/len", DK_ACCESS_RDWR, 0640,
		    DK_CREATE_TRY, 0);
	ASSERT_LT(0, h);
	ASSERT_EQ(0, st_call(self->fd, DK_CALL_STREAM_SET_LENGTH, h, 12345, 0,
			     0, 0, 0));
	ASSERT_EQ(0, st_attr_query(self->fd, h, &a));
	EXPECT_EQ(DK_STREAM_TYPE_FILE, a.type);
	EXPECT_EQ(12345, a.size);
	EXPECT_EQ(0640, a.mode);
	EXPECT_EQ(DK_ATTR_READABLE | DK_ATTR_WRITABLE,
		  a.flags & (DK_ATTR_READABLE | DK_ATTR_WRITABLE));
	ASSERT_EQ(0, st_call(self->fd, DK_CALL_STREAM_SET_LENGTH, h, 10, 0, 0,
			     0, 0));
	memset(&a, 0, sizeof(a));
	ASSERT_EQ(0, st_call(self->fd, DK_CALL_STREAM_ATTRIBUTES_QUERY,
			     P("file:/data/len"), P(&a), 0, 0, 0, 0));
	EXPECT_EQ(10, a.size);
	EXPECT_EQ(-EINVAL, st_call(self->fd, DK_CALL_STREAM_SET_LENGTH, h,
				   -1ULL, 0, 0, 0, 0));
	EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_ATTRIBUTES_QUERY,
				   P("file:/data/../x"), P(&a), 0, 0, 0, 0));
	EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_ATTRIBUTES_QUERY,
				   P("file:/etc/passwd"), P(&a), 0, 0, 0, 0));
	ASSERT_EQ(0, st_call(self->fd, DK_CALL_STREAM_ATTRIBUTES_QUERY,
			     P("file:/ro/hello"), P(&a), 0, 0, 0, 0));
	EXPECT_EQ(DK_ATTR_READABLE, a.flags & (DK_ATTR_READABLE |
					       DK_ATTR_WRITABLE));
}

static long st_attr_uri(int fd, const char *uri, struct dk_stream_attr *a,
			__u64 size, __u64 flags)
{
	return st_call(fd, DK_CALL_STREAM_ATTRIBUTES_QUERY, P(uri), P(a), size,
		       flags, 0, 0);
}

static __s64 ts_ns(const struct timespec *t)
{
	return (__s64)t->tv_sec * 1000000000 + t->tv_nsec;
}

/* The VER1 fields are the host's lstat/stat fields, by name and handle. */
TEST_F(f, attributes_match_host_stat)
{
	struct dk_stream_attr a;
	char p[256], l[256];
	struct stat st;
	long h;

	snprintf(p, sizeof(p), "%s/sub/f", self->dir);
	dbt_put_file(p, "twelve bytes");
	ASSERT_EQ(0, chmod(p, 0641));
	ASSERT_EQ(0, stat(p, &st));
	memset(&a, 0xa5, sizeof(a));
	ASSERT_EQ(0, st_attr_uri(self->fd, "file:/data/sub/f", &a, sizeof(a),
				 0));
	EXPECT_EQ(DK_STREAM_TYPE_FILE, a.type);
	EXPECT_EQ(12, a.size);
	EXPECT_EQ(0641, a.mode);
	EXPECT_EQ(st.st_ino, a.ino);
	EXPECT_EQ(major(st.st_dev), a.dev_major);
	EXPECT_EQ(minor(st.st_dev), a.dev_minor);
	EXPECT_EQ(st.st_nlink, a.nlink);
	EXPECT_EQ(st.st_mode, a.file_mode);
	EXPECT_EQ(st.st_uid, a.uid);
	EXPECT_EQ(st.st_gid, a.gid);
	EXPECT_EQ(st.st_blocks, a.blocks);
	EXPECT_EQ(st.st_blksize, a.blksize);
	EXPECT_EQ(ts_ns(&st.st_atim), a.atime_ns);
	EXPECT_EQ(ts_ns(&st.st_mtim), a.mtime_ns);
	EXPECT_EQ(ts_ns(&st.st_ctim), a.ctime_ns);
	EXPECT_EQ(12, a.file_size);

	/* A directory: size 0 as before, file_size and S_IFDIR as stat. */
	snprintf(p, sizeof(p), "%s/sub", self->dir);
	ASSERT_EQ(0, stat(p, &st));
	h = st_open(self->fd, "file:/data/sub", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	memset(&a, 0, sizeof(a));
	ASSERT_EQ(0, st_call(self->fd, DK_CALL_STREAM_ATTRIBUTES_QUERY_BY_HANDLE,
			     h, P(&a), sizeof(a), 0, 0, 0));
	EXPECT_EQ(DK_STREAM_TYPE_DIR, a.type);
	EXPECT_EQ(0, a.size);
	EXPECT_EQ(st.st_size, a.file_size);
	EXPECT_EQ(st.st_mode, a.file_mode);
	EXPECT_EQ(st.st_ino, a.ino);
	EXPECT_EQ(ts_ns(&st.st_mtim), a.mtime_ns);
	st_close(self->fd, h);

	/* lstat of a symlink: its own fields; stat follows it. */
	snprintf(l, sizeof(l), "%s/inside", self->dir);
	ASSERT_EQ(0, lstat(l, &st));
	memset(&a, 0, sizeof(a));
	ASSERT_EQ(0, st_attr_uri(self->fd, "file:/data/inside", &a, sizeof(a),
				 DK_ATTR_QUERY_NOFOLLOW));
	EXPECT_EQ(DK_STREAM_TYPE_SYMLINK, a.type);
	EXPECT_EQ(st.st_ino, a.ino);
	EXPECT_TRUE(S_ISLNK(a.file_mode));
	EXPECT_EQ(3, a.size);
	EXPECT_EQ(3, a.file_size);
	EXPECT_EQ(0, a.flags & (DK_ATTR_READABLE | DK_ATTR_WRITABLE));
	ASSERT_EQ(0, st_attr_uri(self->fd, "file:/data/inside", &a, sizeof(a),
				 0));
	EXPECT_EQ(DK_STREAM_TYPE_DIR, a.type);
	/* An absolute symlink: lstat works, following it is an escape. */
	ASSERT_EQ(0, st_attr_uri(self->fd, "file:/data/abs", &a, sizeof(a),
				 DK_ATTR_QUERY_NOFOLLOW));
	EXPECT_EQ(DK_STREAM_TYPE_SYMLINK, a.type);
	EXPECT_EQ(strlen(self->outside), a.size);
	EXPECT_EQ(-EACCES, st_attr_uri(self->fd, "file:/data/abs", &a,
				       sizeof(a), 0));
	EXPECT_EQ(-EINVAL, st_attr_uri(self->fd, "file:/data/abs", &a,
				       sizeof(a), 2));
}

/* Size 0 and VER0 store 40 bytes; larger is cut to ours; smaller EINVAL. */
TEST_F(f, attributes_size_versioned)
{
	unsigned char buf[sizeof(struct dk_stream_attr) + 16];
	struct dk_stream_attr *a = (void *)buf;
	size_t i;

	memset(buf, 0xa5, sizeof(buf));
	ASSERT_EQ(0, st_attr_uri(self->fd, "file:/ro/hello", a, 0, 0));
	EXPECT_EQ(DK_STREAM_TYPE_FILE, a->type);
	EXPECT_EQ(9, a->size);
	for (i = DK_STREAM_ATTR_SIZE_VER0; i < sizeof(buf); i++)
		ASSERT_EQ(0xa5, buf[i]);
	memset(buf, 0xa5, sizeof(buf));
	ASSERT_EQ(0, st_attr_uri(self->fd, "file:/ro/hello", a,
				 DK_STREAM_ATTR_SIZE_VER0, 0));
	EXPECT_EQ(0xa5a5a5a5a5a5a5a5ULL, a->ino);
	memset(buf, 0xa5, sizeof(buf));
	ASSERT_EQ(0, st_attr_uri(self->fd, "file:/ro/hello", a, sizeof(buf),
				 0));
	EXPECT_EQ(9, a->file_size);
	for (i = sizeof(*a); i < sizeof(buf); i++)
		ASSERT_EQ(0xa5, buf[i]);
	EXPECT_EQ(-EINVAL, st_attr_uri(self->fd, "file:/ro/hello", a,
				       DK_STREAM_ATTR_SIZE_VER0 - 1, 0));
	EXPECT_EQ(-EINVAL, st_call(self->fd,
				   DK_CALL_STREAM_ATTRIBUTES_QUERY_BY_HANDLE,
				   1, P(a), 8, 0, 0, 0));
	EXPECT_EQ(DK_STREAM_ATTR_SIZE_VER1, sizeof(struct dk_stream_attr));
}

static long st_readlink(int fd, const char *uri, char *buf, __u64 size)
{
	return st_call(fd, DK_CALL_STREAM_READ_LINK, P(uri), P(buf), size, 0,
		       0, 0);
}

/* Targets as stored, absolute ones included, never followed. */
TEST_F(f, read_link)
{
	char buf[256];

	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(3, st_readlink(self->fd, "file:/data/inside", buf,
				 sizeof(buf)));
	EXPECT_STREQ("sub", buf);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(2, st_readlink(self->fd, "file:/data/inside", buf, 2));
	EXPECT_STREQ("su", buf);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ((long)strlen(self->outside),
		  st_readlink(self->fd, "file:/data/abs", buf, sizeof(buf)));
	EXPECT_STREQ(self->outside, buf);
	EXPECT_EQ(2, st_readlink(self->fd, "file:/data/up", buf,
				 sizeof(buf)));
	EXPECT_EQ(-EINVAL, st_readlink(self->fd, "file:/data/sub", buf,
				       sizeof(buf)));
	EXPECT_EQ(-EINVAL, st_readlink(self->fd, "file:/data/inside", buf, 0));
	EXPECT_EQ(-ENOENT, st_readlink(self->fd, "file:/data/none", buf,
				       sizeof(buf)));
	EXPECT_EQ(-EACCES, st_readlink(self->fd, "file:/etc/passwd", buf,
				       sizeof(buf)));
	EXPECT_EQ(-EACCES, st_readlink(self->fd, "file:/data/abs/x", buf,
				       sizeof(buf)));
	EXPECT_EQ(-EINVAL, st_readlink(self->fd, "pipe:x", buf, sizeof(buf)));
	EXPECT_EQ(-EFAULT, st_readlink(self->fd, "file:/data/inside", NULL,
				       sizeof(buf)));
}

static long st_set_times(int fd, long h, __s64 at, __s64 mt, __u32 flags)
{
	struct dk_stream_times t = {
		.atime_ns = at, .mtime_ns = mt, .flags = flags,
	};

	return st_call(fd, DK_CALL_STREAM_SET_TIMES, h, P(&t), 0, 0, 0, 0);
}

/* utimensat: explicit, now, omit; read-only roots and bad input refused. */
TEST_F(f, set_times)
{
	const __s64 t1 = 1000000000LL * 1234567890 + 123456789;
	struct dk_stream_times bad = { .reserved = 1 };
	struct dk_stream_attr a;
	struct timespec now;
	char p[256];
	struct stat st;
	long h, r;

	h = st_open(self->fd, "file:/data/t", DK_ACCESS_RDWR, 0600,
		    DK_CREATE_TRY, 0);
	ASSERT_LT(0, h);
	snprintf(p, sizeof(p), "%s/t", self->dir);
	ASSERT_EQ(0, st_set_times(self->fd, h, t1, t1 + 1, 0));
	ASSERT_EQ(0, stat(p, &st));
	EXPECT_EQ(t1, ts_ns(&st.st_atim));
	EXPECT_EQ(t1 + 1, ts_ns(&st.st_mtim));
	ASSERT_EQ(0, st_call(self->fd, DK_CALL_STREAM_ATTRIBUTES_QUERY_BY_HANDLE,
			     h, P(&a), sizeof(a), 0, 0, 0));
	EXPECT_EQ(t1 + 1, a.mtime_ns);
	/* Omit keeps, now sets the clock's time. */
	clock_gettime(CLOCK_REALTIME, &now);
	ASSERT_EQ(0, st_set_times(self->fd, h, 0, 0,
				  DK_TIMES_ATIME_OMIT | DK_TIMES_MTIME_NOW));
	ASSERT_EQ(0, stat(p, &st));
	EXPECT_EQ(t1, ts_ns(&st.st_atim));
	EXPECT_LE(now.tv_sec - 1, st.st_mtim.tv_sec);
	EXPECT_EQ(0, st_set_times(self->fd, h, 0, 0,
				  DK_TIMES_ATIME_OMIT | DK_TIMES_MTIME_OMIT));
	/* Bad input. */
	EXPECT_EQ(-EINVAL, st_set_times(self->fd, h, 0, 0,
				       DK_TIMES_ATIME_NOW | DK_TIMES_ATIME_OMIT));
	EXPECT_EQ(-EINVAL, st_set_times(self->fd, h, 0, 0, 0x10));
	EXPECT_EQ(-EINVAL, st_call(self->fd, DK_CALL_STREAM_SET_TIMES, h,
				   P(&bad), 0, 0, 0, 0));
	EXPECT_EQ(-EFAULT, st_call(self->fd, DK_CALL_STREAM_SET_TIMES, h, 8,
				   0, 0, 0, 0));
	st_close(self->fd, h);
	EXPECT_EQ(-EBADF, st_set_times(self->fd, h, 0, 0, 0));
	/* A directory works too. */
	h = st_open(self->fd, "file:/data/sub", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(0, st_set_times(self->fd, h, t1, t1, 0));
	snprintf(p, sizeof(p), "%s/sub", self->dir);
	ASSERT_EQ(0, stat(p, &st));
	EXPECT_EQ(t1, ts_ns(&st.st_mtim));
	st_close(self->fd, h);
	/* A read-only root: denied, times unchanged. */
	snprintf(p, sizeof(p), "%s/hello", self->ro);
	ASSERT_EQ(0, stat(p, &st));
	h = st_open(self->fd, "file:/ro/hello", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(-EACCES, st_set_times(self->fd, h, t1, t1, 0));
	r = ts_ns(&st.st_mtim);
	ASSERT_EQ(0, stat(p, &st));
	EXPECT_EQ(r, ts_ns(&st.st_mtim));
	st_close(self->fd, h);
}

TEST_F(f, map_shared_writes_back_private_does_not)
{
	char host[128], buf[16] = { 0 };
	__u64 addr = 0, addr2 = 0;
	long h;
	int hfd;

	h = st_open(self->fd, "file:/data/m", DK_ACCESS_RDWR, 0, DK_CREATE_TRY,
		    0);
	ASSERT_LT(0, h);
	ASSERT_EQ(0, st_call(self->fd, DK_CALL_STREAM_SET_LENGTH, h, 8192, 0,
			     0, 0, 0));
	ASSERT_EQ(0, st_call(self->fd, DK_CALL_STREAM_MAP, h, P(&addr),
			     DK_PROT_READ | DK_PROT_WRITE, 0, 8192, 0));
	ASSERT_NE(0, addr);
	memcpy((char *)(uintptr_t)addr + 4096, "shared", 6);
	ASSERT_EQ(0, st_call(self->fd, DK_CALL_STREAM_MAP, h, P(&addr2),
			     DK_PROT_READ | DK_PROT_WRITE | DK_PROT_WRITECOPY,
			     4096, 4096, 0));
	EXPECT_EQ(0, memcmp((char *)(uintptr_t)addr2, "shared", 6));
	memcpy((char *)(uintptr_t)addr2, "privat", 6);
	ASSERT_EQ(0, st_call(self->fd, DK_CALL_STREAM_UNMAP, addr, 8192, 0, 0,
			     0, 0));
	ASSERT_EQ(0, st_call(self->fd, DK_CALL_STREAM_UNMAP, addr2, 4096, 0,
			     0, 0, 0));
	/* Unmapping twice, or something that is not a stream mapping. */
	EXPECT_EQ(-EFAULT, st_call(self->fd, DK_CALL_STREAM_UNMAP, addr, 8192,
				   0, 0, 0, 0));
	EXPECT_EQ(-EFAULT, st_call(self->fd, DK_CALL_STREAM_UNMAP,
				   (uintptr_t)buf & ~4095UL, 4096, 0, 0, 0,
				   0));
	snprintf(host, sizeof(host), "%s/m", self->dir);
	hfd = open(host, O_RDONLY);
	ASSERT_LE(0, hfd);
	ASSERT_EQ(6, pread(hfd, buf, 6, 4096));
	close(hfd);
	EXPECT_STREQ("shared", buf);
	/* Read-only stream: no shared writable mapping. */
	h = st_open(self->fd, "file:/ro/hello", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	addr = 0;
	EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_MAP, h, P(&addr),
				   DK_PROT_READ | DK_PROT_WRITE, 0, 4096, 0));
	EXPECT_EQ(-EINVAL, st_call(self->fd, DK_CALL_STREAM_MAP, h, P(&addr),
				   DK_PROT_READ, 1, 4096, 0));
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

/* Every denial emits drawbridge:dk_policy_deny naming what was refused. */
TEST_F(f, denial_emits_tracepoint)
{
	static const char *const t = "/sys/kernel/tracing";
	char path[128], *buf;
	int tfd;
	ssize_t n, len = 0;

	snprintf(path, sizeof(path), "%s/events/drawbridge/dk_policy_deny/enable",
		 t);
	if (access(path, W_OK))
		SKIP(return, "tracefs not writable here");
	snprintf(path, sizeof(path), "%s/trace", t);
	ASSERT_EQ(0, write_str(path, ""));
	snprintf(path, sizeof(path), "%s/events/drawbridge/dk_policy_deny/enable",
		 t);
	ASSERT_EQ(0, write_str(path, "1"));
	EXPECT_EQ(-EACCES, st_open(self->fd, "file:/data/../escape-marker",
				   DK_ACCESS_READ, 0, 0, 0));
	EXPECT_EQ(-EACCES, st_open(self->fd, "tcp:127.0.0.1:4242",
				   DK_ACCESS_RDWR, 0, 0, 0));
	ASSERT_EQ(0, write_str(path, "0"));
	snprintf(path, sizeof(path), "%s/trace", t);
	buf = calloc(1, 1 << 20);
	ASSERT_NE(NULL, buf);
	tfd = open(path, O_RDONLY);
	ASSERT_LE(0, tfd);
	while ((n = read(tfd, buf + len, (1 << 20) - 1 - len)) > 0)
		len += n;
	close(tfd);
	EXPECT_NE(NULL, strstr(buf, "err=-13 what=file:/data/../escape-marker"));
	EXPECT_NE(NULL, strstr(buf, "nr=20 err=-13 what=tcp:127.0.0.1:4242"));
	free(buf);
}

TEST(no_policy_no_files)
{
	int fd = st_open_ctx();

	ASSERT_LE(0, fd);
	EXPECT_EQ(-EACCES, st_open(fd, "file:/etc/passwd", DK_ACCESS_READ, 0,
				   0, 0));
	EXPECT_EQ(-EACCES, st_open(fd, "file:/", DK_ACCESS_READ, 0, 0, 0));
	EXPECT_EQ(-EACCES, st_open(fd, "tcp:127.0.0.1:22", DK_ACCESS_RDWR, 0,
				   0, 0));
	/* Set-up after sealing is refused. */
	ASSERT_EQ(0, ioctl(fd, DK_IOC_SEAL));
	EXPECT_EQ(-EBUSY, st_add_root(fd, "/tmp", "/", 1));
	EXPECT_EQ(-EBUSY, st_add_net(fd, DK_NET_CONNECT, "0.0.0.0", 0, 0,
				     65535));
	close(fd);
}

/*
 * A name that already exists is opened by DK_CREATE_TRY only if it is a
 * regular file: directories, symlinks (even inside the root) are refused
 * and nothing is created through them.
 */
TEST_F(f, create_try_existing_kinds)
{
	char host[128], buf[16] = { 0 };
	long h;

	snprintf(host, sizeof(host), "%s/old", self->dir);
	dbt_put_file(host, "kept");
	h = st_open(self->fd, "file:/data/old", DK_ACCESS_RDWR, 0,
		    DK_CREATE_TRY, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(4, st_read(self->fd, h, 0, buf, sizeof(buf) - 1));
	EXPECT_STREQ("kept", buf);
	EXPECT_EQ(-EISDIR, st_open(self->fd, "file:/data/sub", DK_ACCESS_READ,
				   0, DK_CREATE_TRY, 0));
	EXPECT_LT(0, st_open(self->fd, "file:/data/sub", DK_ACCESS_READ, 0,
			     DK_CREATE_TRY | DK_CREATE_DIR, 0));
	EXPECT_EQ(-ENOTDIR, st_open(self->fd, "file:/data/old", DK_ACCESS_READ,
				    0, DK_CREATE_TRY | DK_CREATE_DIR, 0));
	/* Symlinks are not followed by creation, even inside the root. */
	EXPECT_EQ(-EACCES, st_open(self->fd, "file:/data/inside",
				   DK_ACCESS_READ, 0, DK_CREATE_TRY, 0));
	EXPECT_EQ(-ENOTDIR, st_open(self->fd, "file:/data/inside",
				    DK_ACCESS_READ, 0,
				    DK_CREATE_TRY | DK_CREATE_DIR, 0));
	snprintf(host, sizeof(host), "%s/dangle", self->dir);
	ASSERT_EQ(0, symlink("target", host));
	EXPECT_EQ(-EACCES, st_open(self->fd, "file:/data/dangle",
				   DK_ACCESS_RDWR, 0, DK_CREATE_TRY, 0));
	EXPECT_EQ(-EEXIST, st_open(self->fd, "file:/data/dangle",
				   DK_ACCESS_RDWR, 0, DK_CREATE_ALWAYS, 0));
	snprintf(host, sizeof(host), "%s/target", self->dir);
	EXPECT_NE(0, access(host, F_OK));
}

/* Is @pid asleep in open(2) of a FIFO, waiting for a reader? */
static int fifo_open_blocked(pid_t pid)
{
	char path[64], w[64];

	snprintf(path, sizeof(path), "/proc/%d/wchan", pid);
	return dbt_read_file(path, w, sizeof(w)) > 0 &&
	       (!strcmp(w, "wait_for_partner") ||
			 !strcmp(w, "fifo_open"));
}

/* A child blocked in open(@fifo, O_WRONLY); 0 if it never got there. */
static pid_t fifo_writer(const char *fifo)
{
	pid_t pid = fork();
	int i;

	if (pid == 0) {
		open(fifo, O_WRONLY);
		_exit(0);
	}
	for (i = 0; pid > 0 && i < 10000; i++) {
		if (fifo_open_blocked(pid))
			return pid;
		usleep(1000);
	}
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return 0;
}

/*
 * FIFOs and device nodes are refused before anything opens them: a native
 * writer blocked in open(2) on a FIFO stays blocked whatever flavour of
 * DkStreamOpen meets the FIFO (a reader's open would release it).
 */
TEST_F(f, special_files_never_opened)
{
	static const struct {
		const char *uri;
		__u32 access, create, options;
		long err;
	} t[] = {
		{ "file:/data/fifo", DK_ACCESS_READ, 0, 0, -ENXIO },
		{ "file:/data/fifo", DK_ACCESS_RDWR, 0, DK_OPTION_NONBLOCK,
		  -ENXIO },
		{ "file:/data/fifolink", DK_ACCESS_READ, 0, 0, -ENXIO },
		{ "file:/data/fifo", DK_ACCESS_READ, DK_CREATE_TRY, 0, -ENXIO },
		{ "file:/data/fifo", DK_ACCESS_RDWR, DK_CREATE_TRY,
		  DK_OPTION_NONBLOCK, -ENXIO },
		{ "file:/data/fifo", DK_ACCESS_WRITE,
		  DK_CREATE_TRY | DK_CREATE_TRUNCATE, 0, -ENXIO },
		{ "file:/data/fifo", DK_ACCESS_RDWR, DK_CREATE_ALWAYS, 0,
		  -EEXIST },
		{ "file:/data/fifo", DK_ACCESS_READ,
		  DK_CREATE_TRY | DK_CREATE_DIR, 0, -ENOTDIR },
		{ "file:/data/fifo", DK_ACCESS_READ,
		  DK_CREATE_ALWAYS | DK_CREATE_DIR, 0, -EEXIST },
	};
	char fifo[128], link[128], dev[128];
	unsigned int i;
	pid_t pid;
	long r;

	snprintf(fifo, sizeof(fifo), "%s/fifo", self->dir);
	ASSERT_EQ(0, mkfifo(fifo, 0600));
	snprintf(link, sizeof(link), "%s/fifolink", self->dir);
	ASSERT_EQ(0, symlink("fifo", link));
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		pid = fifo_writer(fifo);
		ASSERT_LT(0, pid);
		r = st_open(self->fd, t[i].uri, t[i].access, 0, t[i].create,
			    t[i].options);
		EXPECT_EQ(t[i].err, r) TH_LOG("case %u", i);
		EXPECT_TRUE(fifo_open_blocked(pid))
			TH_LOG("case %u released the blocked writer", i);
		if (r > 0)
			st_close(self->fd, r);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	/* A device node (root only): refused the same way. */
	snprintf(dev, sizeof(dev), "%s/null", self->dir);
	if (mknod(dev, S_IFCHR | 0666, makedev(1, 3)))
		return;
	EXPECT_EQ(-ENXIO, st_open(self->fd, "file:/data/null", DK_ACCESS_RDWR,
				  0, 0, 0));
	EXPECT_EQ(-ENXIO, st_open(self->fd, "file:/data/null", DK_ACCESS_RDWR,
				  0, DK_CREATE_TRY, 0));
}

/*
 * Renaming a file out of a directory that nothing but the file's own
 * dentry holds: the module must reference the old parent itself (the
 * rename moves the only reference away).
 */
TEST_F(f, rename_out_of_unreferenced_dir)
{
	char host[128];
	long h;

	snprintf(host, sizeof(host), "%s/lone", self->dir);
	ASSERT_EQ(0, mkdir(host, 0700));
	snprintf(host, sizeof(host), "%s/lone/x", self->dir);
	dbt_put_file(host, "x");
	h = st_open(self->fd, "file:/data/lone/x", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, h);
	ASSERT_EQ(0, st_rename(self->fd, h, "file:/data/moved"));
	snprintf(host, sizeof(host), "%s/moved", self->dir);
	EXPECT_TRUE(file_is(host, "x"));
	snprintf(host, sizeof(host), "%s/lone2", self->dir);
	ASSERT_EQ(0, mkdir(host, 0700));
	ASSERT_EQ(0, st_rename(self->fd, h, "file:/data/lone2/y"));
	ASSERT_EQ(0, st_rename(self->fd, h, "file:/data/z"));
	EXPECT_EQ(0, st_delete(self->fd, h));
	EXPECT_EQ(0, st_close(self->fd, h));
	snprintf(host, sizeof(host), "%s/lone", self->dir);
	EXPECT_EQ(0, rmdir(host));
	snprintf(host, sizeof(host), "%s/lone2", self->dir);
	EXPECT_EQ(0, rmdir(host));
}

/*
 * Delete and rename act on the name the open file has *now*: if the host
 * removed it, or put another file under it, nothing is touched (ENOENT);
 * if the host moved it out of the root, the request is denied.
 */
TEST_F(f, delete_rename_follow_the_open_file)
{
	char a[128], b[128], out[160];
	long h;

	snprintf(a, sizeof(a), "%s/a", self->dir);
	snprintf(b, sizeof(b), "%s/b", self->dir);
	dbt_put_file(a, "old");
	h = st_open(self->fd, "file:/data/a", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	dbt_put_file(b, "new");
	ASSERT_EQ(0, rename(b, a));
	EXPECT_EQ(-ENOENT, st_delete(self->fd, h));
	EXPECT_EQ(-ENOENT, st_rename(self->fd, h, "file:/data/c"));
	EXPECT_TRUE(file_is(a, "new"));
	EXPECT_EQ(0, st_close(self->fd, h));

	h = st_open(self->fd, "file:/data/a", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	ASSERT_EQ(0, unlink(a));
	EXPECT_EQ(-ENOENT, st_delete(self->fd, h));
	EXPECT_EQ(0, st_close(self->fd, h));

	dbt_put_file(a, "gone");
	h = st_open(self->fd, "file:/data/a", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	snprintf(out, sizeof(out), "%s.moved", self->dir);
	ASSERT_EQ(0, rename(a, out));
	EXPECT_EQ(-EACCES, st_delete(self->fd, h));
	EXPECT_EQ(-EACCES, st_rename(self->fd, h, "file:/data/back"));
	EXPECT_TRUE(file_is(out, "gone"));
	EXPECT_EQ(0, st_close(self->fd, h));
	unlink(out);
}

/* handled_access_fs: making and removing names, all left unallowed. */
#define LL_NAME_CHANGES (LANDLOCK_ACCESS_FS_MAKE_DIR | \
			 LANDLOCK_ACCESS_FS_MAKE_REG | \
			 LANDLOCK_ACCESS_FS_REMOVE_FILE | \
			 LANDLOCK_ACCESS_FS_REMOVE_DIR)

/* Landlock-restrict the calling process: no name may be made or removed. */
static int landlock_forbid_name_changes(void)
{
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = LL_NAME_CHANGES,
	};
	int rfd, ret = 0;

	rfd = syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (rfd < 0)
		return -errno;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_landlock_restrict_self, rfd, 0))
		ret = -errno;
	close(rfd);
	return ret;
}

enum { LL_MKDIR, LL_CREATE, LL_DELETE, LL_RENAME, LL_N };

/* The four name changes through the Dk ABI on a fresh context. */
static void name_changes(const char *dir, long r[LL_N])
{
	int fd = st_open_ctx();
	long h;

	for (h = 0; h < LL_N; h++)
		r[h] = -EBADF;
	if (fd < 0 || st_add_root(fd, dir, "/data", 1) ||
	    ioctl(fd, DK_IOC_SEAL))
		return;
	r[LL_MKDIR] = st_open(fd, "file:/data/ll-dir", DK_ACCESS_READ, 0,
			      DK_CREATE_TRY | DK_CREATE_DIR, 0);
	r[LL_CREATE] = st_open(fd, "file:/data/ll-file", DK_ACCESS_RDWR, 0,
			       DK_CREATE_TRY, 0);
	h = st_open(fd, "file:/data/victim", DK_ACCESS_READ, 0, 0, 0);
	r[LL_DELETE] = h < 0 ? h : st_delete(fd, h);
	h = st_open(fd, "file:/data/ren", DK_ACCESS_READ, 0, 0, 0);
	r[LL_RENAME] = h < 0 ? h : st_rename(fd, h, "file:/data/ren2");
	close(fd);
}

static int exists_in(const char *dir, const char *name)
{
	char p[192];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return !access(p, F_OK);
}

/*
 * The host's LSMs see Dk name changes as they see the system calls: a
 * Landlock-restricted process that may not make or remove names cannot
 * mkdir, create, delete or rename through DkStreamOpen/Delete/ChangeName
 * (EACCES from Landlock), while an unrestricted one can.
 */
TEST_F(f, host_lsm_confines_name_changes)
{
	long r[LL_N];
	int p[2], i, status;
	pid_t pid;
	char host[128];

	if (syscall(SYS_landlock_create_ruleset, NULL, 0,
		    LANDLOCK_CREATE_RULESET_VERSION) < 1)
		SKIP(return, "Landlock is not enabled in this kernel");
	snprintf(host, sizeof(host), "%s/victim", self->dir);
	dbt_put_file(host, "v");
	snprintf(host, sizeof(host), "%s/ren", self->dir);
	dbt_put_file(host, "r");
	ASSERT_EQ(0, pipe(p));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(p[0]);
		for (i = 0; i < LL_N; i++)
			r[i] = -ENOSYS;
		if (!landlock_forbid_name_changes())
			name_changes(self->dir, r);
		_exit(write(p[1], r, sizeof(r)) == sizeof(r) ? 0 : 1);
	}
	close(p[1]);
	ASSERT_EQ(sizeof(r), read(p[0], r, sizeof(r)));
	close(p[0]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(-EACCES, r[LL_MKDIR]);
	EXPECT_EQ(-EACCES, r[LL_CREATE]);
	EXPECT_EQ(-EACCES, r[LL_DELETE]);
	EXPECT_EQ(-EACCES, r[LL_RENAME]);
	EXPECT_FALSE(exists_in(self->dir, "ll-dir"));
	EXPECT_FALSE(exists_in(self->dir, "ll-file"));
	EXPECT_TRUE(exists_in(self->dir, "victim"));
	EXPECT_TRUE(exists_in(self->dir, "ren"));
	EXPECT_FALSE(exists_in(self->dir, "ren2"));

	/* The same calls, unconfined. */
	name_changes(self->dir, r);
	EXPECT_LT(0, r[LL_MKDIR]);
	EXPECT_LT(0, r[LL_CREATE]);
	EXPECT_EQ(0, r[LL_DELETE]);
	EXPECT_EQ(0, r[LL_RENAME]);
	EXPECT_TRUE(exists_in(self->dir, "ll-dir"));
	EXPECT_TRUE(exists_in(self->dir, "ll-file"));
	EXPECT_FALSE(exists_in(self->dir, "victim"));
	EXPECT_TRUE(exists_in(self->dir, "ren2"));
}

/*
 * Directory removal (DkStreamDelete on a directory): empty only, never a
 * root, never in a read-only root; nothing outside a root can be named.
 */
TEST_F(f, remove_directory)
{
	char host[160];
	long h;

	snprintf(host, sizeof(host), "%s/empty", self->dir);
	ASSERT_EQ(0, mkdir(host, 0700));
	h = st_open(self->fd, "file:/data/empty", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(gap_ret(0), st_delete(self->fd, h));
	EXPECT_EQ(path_lsm_gap() ? ENOENT : 0,
		  access(host, F_OK) ? errno : 0);
	EXPECT_EQ(0, st_close(self->fd, h));

	/* Not empty: ENOTEMPTY, the content untouched. */
	snprintf(host, sizeof(host), "%s/sub/f", self->dir);
	dbt_put_file(host, "f");
	h = st_open(self->fd, "file:/data/sub", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(gap_ret(-ENOTEMPTY), st_delete(self->fd, h));
	EXPECT_TRUE(file_is(host, "f"));
	EXPECT_EQ(-EINVAL, st_call(self->fd, DK_CALL_STREAM_DELETE, h,
				   DK_DELETE_READ, 0, 0, 0, 0));

	/* A root itself, by any spelling: EACCES. */
	h = st_open(self->fd, "file:/data", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(-EACCES, st_delete(self->fd, h));
	h = st_open(self->fd, "file:/data/sub/..", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(-EACCES, st_delete(self->fd, h));
	EXPECT_EQ(0, access(self->dir, F_OK));

	/* In a read-only root: EACCES, as for files. */
	snprintf(host, sizeof(host), "%s/rodir", self->ro);
	ASSERT_EQ(0, mkdir(host, 0700));
	h = st_open(self->fd, "file:/ro/rodir", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(-EACCES, st_delete(self->fd, h));
	EXPECT_EQ(0, access(host, F_OK));

	/* Outside every root nothing can be opened, so nothing removed. */
	EXPECT_EQ(-EACCES, st_open(self->fd, "file:/data/up", DK_ACCESS_READ,
				   0, 0, 0));
}

/* DkStreamSymlink: made beneath a read-write root, stored as given. */
TEST_F(f, symlink_create_and_read_link)
{
	char host[160], buf[256];
	ssize_t n;
	long h;

	EXPECT_EQ(gap_ret(0), st_symlink(self->fd, "sub", "file:/data/ln"));
	snprintf(host, sizeof(host), "%s/ln", self->dir);
	if (!path_lsm_gap()) {
		EXPECT_NE(0, access(host, F_OK));
		EXPECT_EQ(-EOPNOTSUPP, st_symlink(self->fd, "/etc",
						  "file:/data/abs2"));
		return;
	}
	memset(buf, 0, sizeof(buf));
	n = readlink(host, buf, sizeof(buf) - 1);
	EXPECT_EQ(3, n);
	EXPECT_STREQ("sub", buf);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(3, st_readlink(self->fd, "file:/data/ln", buf, sizeof(buf)));
	EXPECT_STREQ("sub", buf);
	/* It is followed like any relative link inside the root. */
	h = st_open(self->fd, "file:/data/ln", DK_ACCESS_READ, 0, 0, 0);
	EXPECT_LT(0, h);
	EXPECT_EQ(-EEXIST, st_symlink(self->fd, "x", "file:/data/ln"));
	EXPECT_EQ(-EEXIST, st_symlink(self->fd, "x", "file:/data/sub"));

	/* An absolute target is stored but never followed by the module. */
	EXPECT_EQ(0, st_symlink(self->fd, self->outside, "file:/data/abs2"));
	EXPECT_EQ(-EACCES, st_open(self->fd, "file:/data/abs2",
				   DK_ACCESS_READ, 0, 0, 0));
	EXPECT_TRUE(file_is(self->outside, "secret"));

	/* Never in a read-only root or outside a root. */
	EXPECT_EQ(-EACCES, st_symlink(self->fd, "x", "file:/ro/ln"));
	EXPECT_EQ(-EACCES, st_symlink(self->fd, "x", "file:/data/../ln2"));
	EXPECT_EQ(-EACCES, st_symlink(self->fd, "x", "file:/data/up/ln2"));
	EXPECT_EQ(-EACCES, st_symlink(self->fd, "x", "file:/etc/ln2"));
	snprintf(host, sizeof(host), "%s/ln", self->ro);
	EXPECT_NE(0, access(host, F_OK));
	snprintf(host, sizeof(host), "%s.ln2", self->dir);
	EXPECT_NE(0, access(host, F_OK));

	/* Bad input. */
	EXPECT_EQ(-ENOENT, st_symlink(self->fd, "", "file:/data/e"));
	EXPECT_EQ(-EFAULT, st_symlink(self->fd, NULL, "file:/data/e"));
	EXPECT_EQ(-EINVAL, st_symlink(self->fd, "x", "pipe:e"));
	EXPECT_EQ(-EINVAL, st_symlink(self->fd, "x", "file:/data/sub/.."));
	EXPECT_EQ(-ENOENT, st_symlink(self->fd, "x", "file:/data/no/e"));
}

/* Permission bits as the host sees them and the attributes report. */
/* DkStreamAttributesQueryByHandle, every field. */
static long st_attr_full(int fd, long h, struct dk_stream_attr *a)
{
	memset(a, 0xa5, sizeof(*a));
	return st_call(fd, DK_CALL_STREAM_ATTRIBUTES_QUERY_BY_HANDLE, h, P(a),
		       sizeof(*a), 0, 0, 0);
}

/* A link stream: DkStreamOpen with DK_OPTION_NOFOLLOW of a final symlink. */
static long st_open_link(int fd, const char *uri, __u32 access)
{
	return st_open(fd, uri, access, 0, 0, DK_OPTION_NOFOLLOW);
}

static int host_is_link(const char *path, const char *target)
{
	char buf[256];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	if (n < 0)
		return 0;
	buf[n] = '\0';
	return !strcmp(buf, target);
}

/*
 * In @dir, the file "t" holding "target" and the link "ln" to it; their
 * host paths go to @t and @ln (128 bytes each).  0, or symlink's -1.
 */
static int make_target_link(const char *dir, char *t, char *ln)
{
	dbt_path(t, 128, dir, "t");
	dbt_path(ln, 128, dir, "ln");
	dbt_put_file(t, "target");
	return symlink("t", ln);
}

/*
 * Deleting a link stream removes the link, never its target; its data
 * operations are EBADFD, its attributes the link's own.
 */
TEST_F(f, link_stream_delete_keeps_target)
{
	struct dk_stream_attr a;
	char t[128], ln[128], buf[16];
	__u64 addr = 0;
	struct stat st;
	__s64 pos;
	long h;

	ASSERT_EQ(0, make_target_link(self->dir, t, ln));
	h = st_open_link(self->fd, "file:/data/ln", DK_ACCESS_RDWR);
	ASSERT_LT(0, h);
	ASSERT_EQ(0, st_attr_full(self->fd, h, &a));
	EXPECT_EQ(DK_STREAM_TYPE_SYMLINK, a.type);
	EXPECT_EQ(1U, a.size);		/* strlen("t") */
	EXPECT_EQ(0U, a.flags & (DK_ATTR_READABLE | DK_ATTR_WRITABLE));
	EXPECT_TRUE(S_ISLNK(a.file_mode));
	ASSERT_EQ(0, lstat(ln, &st));
	EXPECT_EQ(st.st_ino, a.ino);
	EXPECT_EQ(-EBADFD, st_read(self->fd, h, 0, buf, sizeof(buf)));
	EXPECT_EQ(-EBADFD, st_read(self->fd, h, DK_OFFSET_NONE, buf,
				   sizeof(buf)));
	EXPECT_EQ(-EBADFD, st_write(self->fd, h, 0, "x", 1));
	EXPECT_EQ(-EBADFD, st_call(self->fd, DK_CALL_STREAM_MAP, h, P(&addr),
				   DK_PROT_READ, 0, 4096, 0));
	EXPECT_EQ(0U, addr);
	EXPECT_EQ(-EBADFD, st_call(self->fd, DK_CALL_STREAM_SEEK, h, 0,
				   DK_SEEK_SET, P(&pos), 0, 0));
	EXPECT_EQ(-EBADFD, st_call(self->fd, DK_CALL_STREAM_SET_LENGTH, h, 0,
				   0, 0, 0, 0));
	EXPECT_EQ(-EINVAL, st_chmod(self->fd, h, 0600));
	EXPECT_TRUE(file_is(t, "target"));
	EXPECT_EQ(0, st_delete(self->fd, h));
	EXPECT_EQ(-1, access(ln, F_OK));
	EXPECT_EQ(-1, readlink(ln, buf, sizeof(buf)));
	EXPECT_TRUE(file_is(t, "target"));
	EXPECT_EQ(-ENOENT, st_delete(self->fd, h));
	EXPECT_EQ(0, st_close(self->fd, h));
}

/* Dangling links and links leading out of the root are removable. */
TEST_F(f, link_stream_dangling_and_escaping)
{
	char ln[128], buf[16];
	long h;

	dbt_path(ln, sizeof(ln), self->dir, "dang");
	ASSERT_EQ(0, symlink("nowhere", ln));
	EXPECT_EQ(-ENOENT, st_open(self->fd, "file:/data/dang",
				   DK_ACCESS_READ, 0, 0, 0));
	h = st_open_link(self->fd, "file:/data/dang", DK_ACCESS_READ);
	ASSERT_LT(0, h);
	EXPECT_EQ(0, st_delete(self->fd, h));
	EXPECT_EQ(-1, readlink(ln, buf, sizeof(buf)));
	EXPECT_EQ(0, st_close(self->fd, h));

	/* "abs" leads to the secret outside: following it is an escape. */
	EXPECT_EQ(-EACCES, st_open(self->fd, "file:/data/abs",
				   DK_ACCESS_READ, 0, 0, 0));
	h = st_open_link(self->fd, "file:/data/abs", DK_ACCESS_READ);
	ASSERT_LT(0, h);
	EXPECT_EQ(-EBADFD, st_read(self->fd, h, 0, buf, sizeof(buf)));
	EXPECT_EQ(0, st_delete(self->fd, h));
	EXPECT_EQ(0, st_close(self->fd, h));
	EXPECT_TRUE(file_is(self->outside, "secret"));
	dbt_path(ln, sizeof(ln), self->dir, "abs");
	EXPECT_EQ(-1, readlink(ln, buf, sizeof(buf)));
	/* Only the last component is left alone: "up/x" still escapes. */
	EXPECT_EQ(-EACCES, st_open_link(self->fd, "file:/data/up/x",
					DK_ACCESS_READ));
	EXPECT_EQ(-EACCES, st_open_link(self->fd, "file:/data/../x",
					DK_ACCESS_READ));
	EXPECT_EQ(-EACCES, st_open_link(self->fd, "file:/etc/passwd",
					DK_ACCESS_READ));
}

/* Renaming a link stream moves the link itself, target untouched. */
TEST_F(f, link_stream_rename)
{
	char p[128], buf[64];
	long h;

	h = st_open_link(self->fd, "file:/data/inside", DK_ACCESS_READ);
	ASSERT_LT(0, h);
	EXPECT_EQ(-EACCES, st_rename(self->fd, h, "file:/ro/moved"));
	EXPECT_EQ(-EACCES, st_rename(self->fd, h, "file:/data/../moved"));
	EXPECT_EQ(0, st_rename(self->fd, h, "file:/data/moved"));
	dbt_path(p, sizeof(p), self->dir, "moved");
	EXPECT_TRUE(host_is_link(p, "sub"));
	dbt_path(p, sizeof(p), self->dir, "inside");
	EXPECT_EQ(-1, readlink(p, buf, sizeof(buf)));
	dbt_path(p, sizeof(p), self->dir, "sub");
	EXPECT_EQ(0, access(p, F_OK));
	EXPECT_EQ(16, st_get_name(self->fd, h, buf, sizeof(buf)));
	EXPECT_STREQ("file:/data/moved", buf);
	/* Onto an existing name: replaces it, as rename(2). */
	dbt_path(p, sizeof(p), self->dir, "plain");
	dbt_put_file(p, "plain");
	EXPECT_EQ(0, st_rename(self->fd, h, "file:/data/plain"));
	EXPECT_TRUE(host_is_link(p, "sub"));
	EXPECT_EQ(0, st_close(self->fd, h));
}

/*
 * Without a final symlink the flag changes nothing; it names files only,
 * and other option bits stay refused.
 */
TEST_F(f, link_stream_flag_on_other_names)
{
	struct dk_stream_attr a;
	char p[128], buf[16];
	long h;

	dbt_path(p, sizeof(p), self->dir, "sub/f");
	dbt_put_file(p, "plain");
	h = st_open_link(self->fd, "file:/data/sub/f", DK_ACCESS_READ);
	ASSERT_LT(0, h);
	EXPECT_EQ(5, st_read(self->fd, h, 0, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "plain", 5));
	ASSERT_EQ(0, st_attr_full(self->fd, h, &a));
	EXPECT_EQ(DK_STREAM_TYPE_FILE, a.type);
	EXPECT_EQ(0, st_close(self->fd, h));
	/* A symlink before the last component is followed, beneath. */
	h = st_open_link(self->fd, "file:/data/inside/f", DK_ACCESS_READ);
	ASSERT_LT(0, h);
	EXPECT_EQ(5, st_read(self->fd, h, 0, buf, sizeof(buf)));
	EXPECT_EQ(0, st_close(self->fd, h));
	h = st_open_link(self->fd, "file:/data/sub", DK_ACCESS_READ);
	ASSERT_LT(0, h);
	ASSERT_EQ(0, st_attr_full(self->fd, h, &a));
	EXPECT_EQ(DK_STREAM_TYPE_DIR, a.type);
	EXPECT_EQ(0, st_close(self->fd, h));

	/*
	 * Creation never follows a final link (denied, as without the
	 * flag); truncating one is ELOOP, as open(2) with O_NOFOLLOW.
	 */
	EXPECT_EQ(-EACCES, st_open(self->fd, "file:/data/inside",
				   DK_ACCESS_RDWR, 0, DK_CREATE_TRY,
				   DK_OPTION_NOFOLLOW));
	EXPECT_EQ(-ELOOP, st_open(self->fd, "file:/data/inside",
				  DK_ACCESS_RDWR, 0, DK_CREATE_TRUNCATE,
				  DK_OPTION_NOFOLLOW));
	EXPECT_EQ(-EINVAL, st_open(self->fd, "pipe:x", DK_ACCESS_READ, 0, 0,
				   DK_OPTION_NOFOLLOW));
	EXPECT_EQ(-EINVAL, st_open(self->fd, "file:/data/sub/f",
				   DK_ACCESS_READ, 0, 0, 0x4));
	EXPECT_EQ(-EINVAL, st_open(self->fd, "file:/data/inside", 0, 0, 0,
				   DK_OPTION_NOFOLLOW));
	dbt_path(p, sizeof(p), self->dir, "inside");
	EXPECT_TRUE(host_is_link(p, "sub"));
}

/*
 * Open @uri as a link stream and try to delete it and rename it to @to:
 * 0 when it opens and both are refused as policy denials (EACCES), else
 * the number of the step that went otherwise.
 */
static int link_kept(int fd, const char *uri, const char *to)
{
	long h = st_open_link(fd, uri, DK_ACCESS_READ);
	int bad = 0;

	if (h <= 0)
		return 1;
	if (st_delete(fd, h) != -EACCES)
		bad = 2;
	else if (st_rename(fd, h, to) != -EACCES)
		bad = 3;
	if (st_close(fd, h) && !bad)
		bad = 4;
	return bad;
}

/* A link in a read-only root opens, but is neither deleted nor moved. */
TEST_F(f, link_stream_read_only_root)
{
	char ln[128];

	dbt_path(ln, sizeof(ln), self->ro, "rl");
	ASSERT_EQ(0, symlink("hello", ln));
	EXPECT_EQ(-EACCES, st_open_link(self->fd, "file:/ro/rl",
					DK_ACCESS_RDWR));
	EXPECT_EQ(0, link_kept(self->fd, "file:/ro/rl", "file:/ro/rl2"));
	EXPECT_EQ(0, link_kept(self->fd, "file:/ro/rl", "file:/data/rl2"));
	EXPECT_TRUE(host_is_link(ln, "hello"));
}

/*
 * The rights are those of the link's own directory: a link inside a
 * nested read-only root stays, by any spelling, even one through a
 * symlink in the read-write root.
 */
TEST_F(nest, link_stream_in_nested_read_only_root)
{
	char ln[128];

	dbt_path(ln, sizeof(ln), self->dir, "conf/cl");
	ASSERT_EQ(0, symlink("x", ln));
	EXPECT_EQ(0, link_kept(self->fd, "file:/conf/cl", "file:/moved"));
	EXPECT_EQ(0, link_kept(self->fd, "file:/link/cl", "file:/moved"));
	EXPECT_EQ(0, link_kept(self->fd, "file:/self/conf/cl",
			       "file:/conf/moved"));
	EXPECT_EQ(-EACCES, st_open(self->fd, "file:/link/cl", DK_ACCESS_WRITE,
				   0, 0, DK_OPTION_NOFOLLOW));
	EXPECT_TRUE(host_is_link(ln, "x"));
}

struct swap_arg {
	const char *dir;
	volatile int stop;
};

/* Put a fresh link "ln" -> "t" in place, over and over. */
static void *swap_links(void *p)
{
	struct swap_arg *s = p;
	char tmp[128], ln[128];

	dbt_path(tmp, sizeof(tmp), s->dir, "ln.tmp");
	dbt_path(ln, sizeof(ln), s->dir, "ln");
	while (!s->stop) {
		unlink(tmp);
		if (!symlink("t", tmp))
			rename(tmp, ln);
	}
	return NULL;
}

/*
 * The name changes under the stream: a delete acts on the object opened
 * or on nothing (ENOENT), never on a link's target.
 */
TEST_F(f, link_stream_swapped_name)
{
	struct swap_arg arg = { .dir = self->dir };
	char t[128], ln[128], b[128];
	int i, deleted = 0;
	pthread_t th;
	long h, ret;

	ASSERT_EQ(0, make_target_link(self->dir, t, ln));
	dbt_path(b, sizeof(b), self->dir, "b");
	h = st_open_link(self->fd, "file:/data/ln", DK_ACCESS_READ);
	ASSERT_LT(0, h);
	dbt_put_file(b, "new");
	ASSERT_EQ(0, rename(b, ln));	/* a regular file replaces the link */
	EXPECT_EQ(-ENOENT, st_delete(self->fd, h));
	EXPECT_EQ(-ENOENT, st_rename(self->fd, h, "file:/data/c"));
	EXPECT_TRUE(file_is(ln, "new"));
	EXPECT_EQ(0, st_close(self->fd, h));
	ASSERT_EQ(0, unlink(ln));

	ASSERT_EQ(0, pthread_create(&th, NULL, swap_links, &arg));
	for (i = 0; i < 300; i++) {
		h = st_open_link(self->fd, "file:/data/ln", DK_ACCESS_READ);
		if (h == -ENOENT)
			continue;
		ASSERT_LT(0, h);
		ret = st_delete(self->fd, h);
		EXPECT_TRUE(ret == 0 || ret == -ENOENT);
		deleted += ret == 0;
		EXPECT_EQ(0, st_close(self->fd, h));
	}
	arg.stop = 1;
	pthread_join(th, NULL);
	EXPECT_TRUE(file_is(t, "target"));
	/* A link put back when all is quiet goes, target kept. */
	unlink(ln);
	ASSERT_EQ(0, symlink("t", ln));
	h = st_open_link(self->fd, "file:/data/ln", DK_ACCESS_READ);
	ASSERT_LT(0, h);
	EXPECT_EQ(0, st_delete(self->fd, h));
	EXPECT_EQ(0, st_close(self->fd, h));
	EXPECT_TRUE(file_is(t, "target"));
	EXPECT_EQ(-1, access(ln, F_OK));
	TH_LOG("%d of 300 deletes met the link they opened", deleted);
}

static unsigned int host_mode(const char *path)
{
	struct stat st;

	return stat(path, &st) ? ~0U : st.st_mode & 07777;
}

/* chmod through DkStreamAttributesSetByHandle (DK_ATTR_SET_MODE). */
TEST_F(f, chmod_by_handle)
{
	struct dk_stream_attr a;
	struct dk_stream_attr_set bad = { .mode = 0644 };
	char host[160];
	long h, d;

	h = st_open(self->fd, "file:/data/m", DK_ACCESS_READ | DK_ACCESS_WRITE,
		    0600, DK_CREATE_ALWAYS, 0);
	ASSERT_LT(0, h);
	snprintf(host, sizeof(host), "%s/m", self->dir);
	EXPECT_EQ(gap_ret(0), st_chmod(self->fd, h, 0641));
	EXPECT_EQ(path_lsm_gap() ? 0641U : 0600U, host_mode(host));
	ASSERT_EQ(0, st_attr_query(self->fd, h, &a));
	EXPECT_EQ(path_lsm_gap() ? 0641U : 0600U, a.mode);

	/* A read-only handle will do (fchmod), and a directory. */
	h = st_open(self->fd, "file:/data/m", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(gap_ret(0), st_chmod(self->fd, h, 0400));
	d = st_open(self->fd, "file:/data/sub", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, d);
	EXPECT_EQ(gap_ret(0), st_chmod(self->fd, d, 0750));
	snprintf(host, sizeof(host), "%s/sub", self->dir);
	EXPECT_EQ(path_lsm_gap() ? 0750U : 0700U, host_mode(host));

	/* Malformed: EINVAL whatever the parameter. */
	EXPECT_EQ(-EINVAL, st_chmod(self->fd, h, 010000));
	EXPECT_EQ(-EINVAL, st_call(self->fd,
				   DK_CALL_STREAM_ATTRIBUTES_SET_BY_HANDLE, h,
				   P(&bad), 0, 0, 0, 0));
	bad.mode = 0;
	bad.reserved = 1;
	EXPECT_EQ(-EINVAL, st_call(self->fd,
				   DK_CALL_STREAM_ATTRIBUTES_SET_BY_HANDLE, h,
				   P(&bad), 0, 0, 0, 0));

	/* A read-only root: EACCES, the mode unchanged. */
	h = st_open(self->fd, "file:/ro/hello", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	snprintf(host, sizeof(host), "%s/hello", self->ro);
	a.mode = host_mode(host);
	EXPECT_EQ(gap_ret(-EACCES), st_chmod(self->fd, h, 0777));
	EXPECT_EQ(a.mode, host_mode(host));
}

/*
 * Only the owner may chmod (setattr_prepare in notify_change): nobody
 * gets EPERM on root's file, and nothing changes.  Needs root to set up.
 */
TEST(chmod_not_owner_eperm)
{
	char dir[64], host[96];
	int p[2], status;
	long r = -ENOSYS;
	pid_t pid;

	if (geteuid())
		SKIP(return, "needs root to make a file nobody does not own");
	snprintf(dir, sizeof(dir), "/tmp/dkchmod.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(dir));
	ASSERT_EQ(0, chmod(dir, 0755));
	snprintf(host, sizeof(host), "%s/rootfile", dir);
	dbt_put_file(host, "r");
	ASSERT_EQ(0, chmod(host, 0644));
	ASSERT_EQ(0, pipe(p));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		long h;
		int fd;

		close(p[0]);
		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(2);
		fd = st_open_ctx();
		if (fd >= 0 && !st_add_root(fd, dir, "/d", 1) &&
		    !ioctl(fd, DK_IOC_SEAL)) {
			h = st_open(fd, "file:/d/rootfile", DK_ACCESS_READ, 0,
				    0, 0);
			r = h < 0 ? h : st_chmod(fd, h, 0666);
		}
		_exit(write(p[1], &r, sizeof(r)) == sizeof(r) ? 0 : 1);
	}
	close(p[1]);
	ASSERT_EQ(sizeof(r), read(p[0], &r, sizeof(r)));
	close(p[0]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(gap_ret(-EPERM), r);
	EXPECT_EQ(0644U, host_mode(host));
	unlink(host);
	rmdir(dir);
}

/* The parameter is fixed at load time: its sysfs file is read-only. */
TEST(path_lsm_gap_read_only)
{
	const char *f = "/sys/module/drawbridge/parameters/path_lsm_gap";
	struct stat st;

	if (stat(f, &st))
		SKIP(return, "no %s", f);
	EXPECT_EQ(0444U, st.st_mode & 07777);
	EXPECT_EQ(-1, open(f, O_WRONLY));
}

/*
 * Deleting an open file or directory through its handle and then closing
 * the handle, on tmpfs and on overlayfs (the VM's /), with nothing but the
 * stream holding the dentry: the final close must not meet a dentry that
 * the unlink turned negative.
 */
FIXTURE(del) {
	int fd;
	char dir[64];
	const char *why;	/* not NULL: skip the test, and why */
};

FIXTURE_VARIANT(del) {
	const char *base;
	long magic;
};

FIXTURE_VARIANT_ADD(del, tmpfs) {
	.base = "/dev/shm", .magic = TMPFS_MAGIC,
};

FIXTURE_VARIANT_ADD(del, overlayfs) {
	.base = "/tmp", .magic = OVERLAYFS_SUPER_MAGIC,
};

FIXTURE_SETUP(del)
{
	struct statfs sf;

	self->fd = -1;
	snprintf(self->dir, sizeof(self->dir), "%s/dkdel.XXXXXX",
		 variant->base);
	if (!mkdtemp(self->dir)) {
		self->dir[0] = '\0';
		self->why = "no such directory here";
		return;
	}
	ASSERT_EQ(0, statfs(self->dir, &sf));
	if (sf.f_type != variant->magic)
		self->why = "not that file system here (the test VM has it)";
	self->fd = st_open_ctx();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, st_add_root(self->fd, self->dir, "/d", 1));
	ASSERT_EQ(0, ioctl(self->fd, DK_IOC_SEAL));
}

FIXTURE_TEARDOWN(del)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->dir[0] && st_rmtree(self->dir))
		fprintf(stderr, "cleanup failed\n");
}

TEST_F(del, open_delete_close_file)
{
	struct dk_stream_attr a;
	char host[128], buf[16] = { 0 };
	long h;

	if (self->why)
		SKIP(return, "%s", self->why);
	snprintf(host, sizeof(host), "%s/f", self->dir);
	dbt_put_file(host, "data");
	h = st_open(self->fd, "file:/d/f", DK_ACCESS_RDWR, 0, 0, 0);
	ASSERT_LT(0, h);
	ASSERT_EQ(0, st_delete(self->fd, h));
	EXPECT_NE(0, access(host, F_OK));
	/* The open handle stays usable. */
	EXPECT_EQ(4, st_read(self->fd, h, 0, buf, sizeof(buf) - 1));
	EXPECT_STREQ("data", buf);
	EXPECT_EQ(2, st_write(self->fd, h, 4, "!!", 2));
	ASSERT_EQ(0, st_attr_query(self->fd, h, &a));
	EXPECT_EQ(6, a.size);
	EXPECT_EQ(-ENOENT, st_delete(self->fd, h));
	EXPECT_EQ(0, st_close(self->fd, h));
}

/* Write "two" to @host, /d/two in the context @fd, and open it twice. */
static void open_two(struct __test_metadata *_metadata, int fd,
		     const char *host, long *h1, long *h2)
{
	dbt_put_file(host, "two");
	*h1 = st_open(fd, "file:/d/two", DK_ACCESS_READ, 0, 0, 0);
	*h2 = st_open(fd, "file:/d/two", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, *h1);
	ASSERT_LT(0, *h2);
}

TEST_F(del, delete_close_orders_file)
{
	char host[128], buf[16] = { 0 };
	long h1, h2;

	if (self->why)
		SKIP(return, "%s", self->why);
	/* Created through the ABI, deleted, closed. */
	h1 = st_open(self->fd, "file:/d/new", DK_ACCESS_RDWR, 0,
		     DK_CREATE_ALWAYS, 0);
	ASSERT_LT(0, h1);
	EXPECT_EQ(0, st_delete(self->fd, h1));
	EXPECT_EQ(0, st_close(self->fd, h1));

	/* Two handles: delete through one, close it, use the other. */
	snprintf(host, sizeof(host), "%s/two", self->dir);
	open_two(_metadata, self->fd, host, &h1, &h2);
	EXPECT_EQ(0, st_delete(self->fd, h1));
	EXPECT_EQ(0, st_close(self->fd, h1));
	EXPECT_EQ(3, st_read(self->fd, h2, 0, buf, sizeof(buf) - 1));
	EXPECT_EQ(-ENOENT, st_delete(self->fd, h2));
	EXPECT_EQ(0, st_close(self->fd, h2));

	/* Delete through one, close the other first. */
	open_two(_metadata, self->fd, host, &h1, &h2);
	EXPECT_EQ(0, st_delete(self->fd, h1));
	EXPECT_EQ(0, st_close(self->fd, h2));
	EXPECT_EQ(0, st_close(self->fd, h1));
	EXPECT_NE(0, access(host, F_OK));
}

TEST_F(del, open_delete_close_dir)
{
	char host[128];
	long h;

	if (self->why)
		SKIP(return, "%s", self->why);
	snprintf(host, sizeof(host), "%s/sub", self->dir);
	ASSERT_EQ(0, mkdir(host, 0700));
	h = st_open(self->fd, "file:/d/sub", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(gap_ret(0), st_delete(self->fd, h));
	EXPECT_EQ(path_lsm_gap() ? -1 : 0, access(host, F_OK));
	/* Gone twice is ENOENT. */
	EXPECT_EQ(gap_ret(-ENOENT), st_delete(self->fd, h));
	EXPECT_EQ(0, st_close(self->fd, h));

	h = st_open(self->fd, "file:/d/made", DK_ACCESS_READ, 0,
		    DK_CREATE_ALWAYS | DK_CREATE_DIR, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(gap_ret(0), st_delete(self->fd, h));
	EXPECT_EQ(0, st_close(self->fd, h));

	/* Removed by the host while open, then closed. */
	if (!path_lsm_gap()) {
		ASSERT_EQ(0, rmdir(host));
	}
	ASSERT_EQ(0, mkdir(host, 0700));
	h = st_open(self->fd, "file:/d/sub", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(0, rmdir(host));
	EXPECT_EQ(gap_ret(-ENOENT), st_delete(self->fd, h));
	EXPECT_EQ(0, st_close(self->fd, h));
}

/*
 * DK_OFFSET_PEEK is for sequential streams: a file or a directory answers
 * EINVAL and its position does not move.
 */
TEST_F(f, peek_refused_on_files_and_directories)
{
	char buf[32] = { 0 };
	long h, d;

	h = st_open(self->fd, "file:/ro/hello", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(-EINVAL, st_read(self->fd, h, DK_OFFSET_PEEK, buf,
				   sizeof(buf)));
	ASSERT_EQ(9, st_read(self->fd, h, DK_OFFSET_NONE, buf, sizeof(buf)));
	EXPECT_STREQ("read only", buf);
	d = st_open(self->fd, "file:/data", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, d);
	EXPECT_EQ(-EINVAL, st_read(self->fd, d, DK_OFFSET_PEEK, buf,
				   sizeof(buf)));
	EXPECT_EQ(0, st_close(self->fd, d));
	EXPECT_EQ(0, st_close(self->fd, h));
}

TEST_HARNESS_MAIN
