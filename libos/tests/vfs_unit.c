// SPDX-License-Identifier: GPL-2.0
// unit-sources: vfs.c
/*
 * Host unit test of the libOS's path handling (vfs.c): lexical
 * normalization against a base, and symlink resolution inside the
 * virtual namespace over a fake file system of symlinks.
 */
#include <stdio.h>
#include <string.h>

#include "files.h"
#include "unit.h"


void lx_lock(struct lx_lock *l)
{
	l->locked = 1;
}

void lx_unlock(struct lx_lock *l)
{
	l->locked = 0;
}

static void norm(const char *base, const char *path, const char *want)
{
	char out[LX_PATH_MAX];
	long r = lx_path_norm(base, path, out, sizeof(out));

	if (r < 0 || strcmp(out, want) || (size_t)r != strlen(want)) {
		printf("not ok: norm(%s, %s) = %ld %s, want %s\n", base, path,
		       r, r < 0 ? "" : out, want);
		failures++;
	}
}

/* The fake namespace: a few symlinks; "/missing" does not exist. */
static const char *const links[][2] = {
	{ "/data/abs", "/data/real" },
	{ "/data/rel", "real/sub" },
	{ "/data/up", "../other" },
	{ "/data/loop", "/data/loop" },
	{ "/data/chain", "abs" },
	{ "/etc/localtime", "/usr/share/zoneinfo/UTC" },
	{ "/usr/share/zoneinfo/UTC", "Etc/UTC" },
	{ "/data/empty", "" },
};

static long fake_readlink(const char *abs, char *buf, size_t size)
{
	size_t i, n;

	if (!strncmp(abs, "/missing", 8))
		return -ENOENT;
	for (i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		if (strcmp(abs, links[i][0]))
			continue;
		n = strlen(links[i][1]);
		if (n > size)
			n = size;
		memcpy(buf, links[i][1], n);
		return (long)n;
	}
	return -EINVAL;
}

static void res(const char *abs, int follow, const char *want)
{
	char out[LX_PATH_MAX];
	long r = lx_path_resolve(abs, follow, out, sizeof(out), fake_readlink);

	if (r < 0 || strcmp(out, want)) {
		printf("not ok: resolve(%s, %d) = %ld %s, want %s\n", abs,
		       follow, r, r < 0 ? "" : out, want);
		failures++;
	}
}

static void res_err(const char *abs, int follow, long want)
{
	char out[LX_PATH_MAX];
	long r = lx_path_resolve(abs, follow, out, sizeof(out), fake_readlink);

	if (r != want) {
		printf("not ok: resolve(%s, %d) = %ld, want %ld\n", abs,
		       follow, r, want);
		failures++;
	}
}

int main(void)
{
	char out[8], big[LX_PATH_MAX + 10];

	norm("/", "/", "/");
	norm("/", "a", "/a");
	norm("/w", "a/b/", "/w/a/b");
	norm("/w", "./a//b/.", "/w/a/b");
	norm("/w/x", "../y", "/w/y");
	norm("/w", "../../..", "/");
	norm("/w", "/abs/../p", "/p");
	norm("/", "..", "/");
	norm("/a/b", ".", "/a/b");
	norm("/a", "..a/.b", "/a/..a/.b");
	CHECK(lx_path_norm("/", "", out, sizeof(out)) == -ENOENT);
	CHECK(lx_path_norm("/", "/123456789", out, sizeof(out)) ==
	      -ENAMETOOLONG);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	{
		char o[LX_PATH_MAX];

		CHECK(lx_path_norm("/", big, o, sizeof(o)) == -ENAMETOOLONG);
	}

	res("/data/file", 1, "/data/file");
	res("/data/abs", 1, "/data/real");
	res("/data/abs", 0, "/data/abs");
	res("/data/abs/x", 0, "/data/real/x");
	res("/data/rel/x", 1, "/data/real/sub/x");
	res("/data/up/x", 1, "/other/x");
	res("/data/chain/y", 1, "/data/real/y");
	res("/etc/localtime", 1, "/usr/share/zoneinfo/Etc/UTC");
	res("/etc/localtime", 0, "/etc/localtime");
	res("/data/new", 1, "/data/new");
	res("/missing", 1, "/missing");
	res_err("/missing/x", 1, -ENOENT);
	res_err("/data/loop", 1, -ELOOP);
	res("/data/loop", 0, "/data/loop");
	res_err("/data/loop/x", 0, -ELOOP);
	res_err("/data/empty", 1, -ENOENT);
	res("/", 1, "/");
	if (!failures)
		printf("ok: vfs_unit\n");
	return failures != 0;
}
