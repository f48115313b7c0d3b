// SPDX-License-Identifier: GPL-2.0
/*
 * Opening image files under the image policy (see image_open.h).
 *
 * The monitor matches virtual prefixes with the module's own rule for
 * file: streams (common/dk_vpath.c): the path's "//", "." and
 * ".." are resolved by its spelling, prefixes are compared component-wise
 * after normalization, the longest wins, and the rest is resolved by the
 * host kernel beneath the root.  (Images are only read, so the module's
 * narrowing of rights by nested read-only roots has nothing to do here.)  The
 * descriptor returned is what gets loaded, so swapping a symlink after
 * the check cannot change the image.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "dk_vpath.h"
#include "image_open.h"

static bool is_fs_rule(const struct manifest_rule *r)
{
	return r->argc == 4 && !strcmp(r->argv[0], "fs");
}

/*
 * Only a regular file is read: a FIFO's reads would wait for a writer,
 * and a device, socket or directory is no image or manifest.  So the name
 * is first resolved to an O_PATH descriptor, which runs no open handler;
 * only a regular file is then opened for reading, through its descriptor
 * in /proc/self/fd (the same inode, whatever the name points at by then).
 * EACCES for anything else, as execve(2) answers for a file that is not
 * regular.
 */
static int reopen_regular(int pfd)
{
	char proc[32];
	struct stat st;
	int fd;

	if (fstat(pfd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(pfd);
		return -EACCES;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	fd = open(proc, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		fd = errno == ENOENT ? -ENOSYS : -errno;	/* no /proc */
	close(pfd);
	return fd;
}

static int open_beneath(const char *hostdir, const char *rel,
			const char *suffix)
{
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS |
			   RESOLVE_NO_XDEV,
	};
	char name[PATH_MAX];
	int dfd, fd, err;

	while (*rel == '/')
		rel++;
	if (snprintf(name, sizeof(name), "%s%s", *rel || *suffix ? rel : ".",
		     suffix) >= (int)sizeof(name))
		return -ENAMETOOLONG;
	dfd = open(hostdir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -EACCES;	/* the root went away since start-up */
	fd = (int)syscall(SYS_openat2, dfd, name, &how, sizeof(how));
	err = errno;
	close(dfd);
	if (fd >= 0)
		return reopen_regular(fd);
	/* EXDEV: "..", an absolute symlink or a mount crossing; ELOOP: a
	 * magic link (or a symlink loop): all escapes as far as we know.
	 */
	if (err == EXDEV || err == ELOOP)
		return -EACCES;
	return -err;
}

static int open_by_roots(const struct manifest *m, const char *path,
			 const char *suffix)
{
	const struct manifest_rule *best = NULL;
	const char *rel, *best_rel = NULL;
	char pre[PATH_MAX], vpath[PATH_MAX];
	size_t plen, best_len = 0;
	long len;
	int i;

	if (path[0] != '/')
		return -EINVAL;
	if (strlen(path) >= sizeof(vpath))
		return -ENAMETOOLONG;
	strcpy(vpath, path);
	/* Matched by its resolved spelling, as the module does. */
	if (dk_vpath_resolve(vpath) < 0)
		return -EACCES;	/* a ".." above "/" */
	for (i = 0; i < m->nrules; i++) {
		if (!is_fs_rule(&m->rules[i]))
			continue;
		/* Invalid prefixes: the module refused such a line anyway. */
		if (strlen(m->rules[i].argv[1]) >= sizeof(pre))
			continue;
		strcpy(pre, m->rules[i].argv[1]);
		len = dk_vpath_normalize(pre);
		if (len < 0)
			continue;
		plen = (size_t)len;
		rel = dk_vpath_beneath(vpath, pre, plen);
		if (rel && (!best || plen > best_len)) {
			best = &m->rules[i];
			best_rel = rel;
			best_len = plen;
		}
	}
	if (!best)
		return -EACCES;
	return open_beneath(best->argv[2], best_rel, suffix);
}

/*
 * Default policy: in @top_dir or beneath it.  The real path is checked
 * first (so symlinks that stay in the directory keep working), then its
 * rest is opened beneath @top_dir as for a root, so nothing swapped in
 * meanwhile can lead out.
 */
static int open_in_top_dir(const char *top_dir, const char *vpath,
			   const char *suffix)
{
	char joined[PATH_MAX * 2 + 16], real[PATH_MAX];
	size_t n = strlen(top_dir);
	int len;

	if (vpath[0] == '/')
		len = snprintf(joined, sizeof(joined), "%s%s", vpath, suffix);
	else
		len = snprintf(joined, sizeof(joined), "%s/%s%s", top_dir,
			       vpath, suffix);
	/* A cut name would be another file's. */
	if (len < 0 || (size_t)len >= sizeof(joined))
		return -ENAMETOOLONG;
	if (!realpath(joined, real))
		return -errno;
	if (!strcmp(top_dir, "/"))
		return open_beneath(top_dir, real + 1, "");
	if (strncmp(real, top_dir, n) || real[n] != '/')
		return -EACCES;
	return open_beneath(top_dir, real + n + 1, "");
}

int image_open(const struct manifest *m, const char *top_dir,
	       const char *vpath, const char *suffix)
{
	int i;

	for (i = 0; i < m->nrules; i++)
		if (is_fs_rule(&m->rules[i]))
			return open_by_roots(m, vpath, suffix);
	return open_in_top_dir(top_dir, vpath, suffix);
}
