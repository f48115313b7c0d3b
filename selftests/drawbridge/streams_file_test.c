// SPDX-License-Identifier: GPL-2.0
/*
 * file: streams under the manifest policy: round trip, positional I/O,
 * directories, set-length, flush, delete, rename, map/unmap, attributes,
 * every escape attempt out of a granted root (denied, target intact), and
 * nested roots reached by any spelling or symlink (rights follow the
 * object).
 */
#include "kselftest_harness.h"
#include "streams_util.h"

#include <sys/mman.h>
#include <linux/drawbridge_vpath.h>

FIXTURE(f) {
	int fd;
	char dir[64];
	char ro[64];
	char outside[128];
};

static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static int file_is(const char *path, const char *text)
{
	char buf[256] = { 0 };
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n >= 0 && !strcmp(buf, text);
}

FIXTURE_SETUP(f)
{
	char p[256];

	ASSERT_NE(NULL, st_tmpdir(self->dir));
	ASSERT_NE(NULL, st_tmpdir(self->ro));
	snprintf(self->outside, sizeof(self->outside), "%s.secret", self->dir);
	put_file(self->outside, "secret");
	snprintf(p, sizeof(p), "%s/hello", self->ro);
	put_file(p, "read only");
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

	self->fd = st_ctx();
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
 * Root prefixes (<linux/drawbridge_vpath.h>): normalized when added,
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
	fd = st_ctx();
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
	snprintf(deep, sizeof(deep), "rm -rf %s", dir);
	EXPECT_EQ(0, system(deep));
}

/* The spelling rule of <linux/drawbridge_vpath.h>, shared with dbexec. */
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

static void in_dir(char *buf, size_t n, const char *dir, const char *rel)
{
	snprintf(buf, n, "%s/%s", dir, rel);
}

FIXTURE_SETUP(nest)
{
	char p[128], q[128];

	ASSERT_NE(NULL, st_tmpdir(self->dir));
	in_dir(p, sizeof(p), self->dir, "conf");
	ASSERT_EQ(0, mkdir(p, 0700));
	in_dir(p, sizeof(p), self->dir, "conf/x");
	put_file(p, "conf");
	in_dir(p, sizeof(p), self->dir, "conf/logs");
	ASSERT_EQ(0, mkdir(p, 0700));
	in_dir(p, sizeof(p), self->dir, "empty");
	ASSERT_EQ(0, mkdir(p, 0700));
	in_dir(p, sizeof(p), self->dir, "sub");
	ASSERT_EQ(0, mkdir(p, 0700));
	in_dir(p, sizeof(p), self->dir, "link");
	ASSERT_EQ(0, symlink("conf", p));
	in_dir(p, sizeof(p), self->dir, "self");
	ASSERT_EQ(0, symlink(".", p));

	self->fd = st_ctx();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, st_add_root(self->fd, self->dir, "/", 1));
	in_dir(p, sizeof(p), self->dir, "conf");
	ASSERT_EQ(0, st_add_root(self->fd, p, "/conf", 0));
	in_dir(q, sizeof(q), self->dir, "conf/logs");
	ASSERT_EQ(0, st_add_root(self->fd, q, "/conf/logs", 1));
	in_dir(p, sizeof(p), self->dir, "empty");
	ASSERT_EQ(0, st_add_root(self->fd, p, "/empty", 0));
	ASSERT_EQ(0, ioctl(self->fd, DK_IOC_SEAL));
}

FIXTURE_TEARDOWN(nest)
{
	char cmd[128];

	close(self->fd);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
	if (system(cmd))
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
	in_dir(host, sizeof(host), self->dir, "conf/x");
	EXPECT_TRUE(file_is(host, "conf"));
	in_dir(host, sizeof(host), self->dir, "moved");
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
	in_dir(host, sizeof(host), self->dir, "conf/new");
	EXPECT_NE(0, access(host, F_OK));
	in_dir(host, sizeof(host), self->dir, "empty/new");
	EXPECT_NE(0, access(host, F_OK));

	/* No rename into a read-only root through the outer one. */
	h = st_open(self->fd, "file:/f", DK_ACCESS_RDWR, 0, DK_CREATE_TRY, 0);
	ASSERT_LT(0, h);
	EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_CHANGE_NAME, h,
				   P("file:/link/stolen"), 0, 0, 0, 0));
	EXPECT_EQ(-EACCES, st_call(self->fd, DK_CALL_STREAM_CHANGE_NAME, h,
				   P("file:/self/conf/stolen"), 0, 0, 0, 0));
	in_dir(host, sizeof(host), self->dir, "conf/stolen");
	EXPECT_NE(0, access(host, F_OK));
	in_dir(host, sizeof(host), self->dir, "f");
	EXPECT_EQ(0, access(host, F_OK));

	/* Another root's directory is neither replaced nor deleted. */
	in_dir(host, sizeof(host), self->dir, "empty");
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
	in_dir(host, sizeof(host), self->dir, "conf/logs/a");
	EXPECT_TRUE(file_is(host, "a"));
	in_dir(host, sizeof(host), self->dir, "conf/logs");
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
	ASSERT_EQ(17, st_name(self->fd, h, name, sizeof(name)));
	EXPECT_STREQ("file:/data/sub/r2", name);
	EXPECT_EQ(-ERANGE, st_name(self->fd, h, name, 5));
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
	ASSERT_EQ(0, st_attr(self->fd, d, &a));
	EXPECT_EQ(DK_STREAM_TYPE_DIR, a.type);
	/* Directories are never writable streams. */
	EXPECT_EQ(-EACCES, st_write(self->fd, d, 0, "x", 1));
	EXPECT_EQ(-EISDIR, st_open(self->fd, "file:/data/dir", DK_ACCESS_RDWR,
				   0, 0, 0));
	/* Delete files, then the (non-empty, then empty) directory. */
	fa = st_open(self->fd, "file:/data/dir/a", DK_ACCESS_READ, 0, 0, 0);
	fb = st_open(self->fd, "file:/data/dir/bb", DK_ACCESS_READ, 0, 0, 0);
	ASSERT_LT(0, fa);
	ASSERT_LT(0, fb);
	EXPECT_EQ(-ENOTEMPTY, st_call(self->fd, DK_CALL_STREAM_DELETE, d, 0,
				      0, 0, 0, 0));
	EXPECT_EQ(0, st_call(self->fd, DK_CALL_STREAM_DELETE, fa, 0, 0, 0, 0,
			     0));
	EXPECT_EQ(0, st_call(self->fd, DK_CALL_STREAM_DELETE, fb, 0, 0, 0, 0,
			     0));
	EXPECT_EQ(-ENOENT, st_call(self->fd, DK_CALL_STREAM_DELETE, fb, 0, 0,
				   0, 0, 0));
	EXPECT_EQ(0, st_call(self->fd, DK_CALL_STREAM_DELETE, d, 0, 0, 0, 0,
			     0));
	EXPECT_EQ(-ENOENT, st_open(self->fd, "file:/data/dir", DK_ACCESS_READ,
				   0, 0, 0));
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
	ASSERT_EQ(0, st_attr(self->fd, h, &a));
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
	int fd = st_ctx();

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

TEST_HARNESS_MAIN
