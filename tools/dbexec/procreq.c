// SPDX-License-Identifier: GPL-2.0
/*
 * DkProcessCreate requests (see procreq.h).
 *
 * For each request: open the image under the requesting picoprocess's
 * image policy (image_open.c: its manifest's fs roots, or by default the
 * top image's directory), load it from that descriptor, work out the
 * child's manifest (the parent's, narrowed by IMAGE.manifest if the
 * policy shows one next to the image, never widened), fork the child with one end of a socket pair as its parent
 * stream, and complete the request with the other end.  Any failure
 * completes the request with a specific error instead.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/drawbridge.h>

#include "child.h"
#include "elf_loader.h"
#include "image_open.h"
#include "manifest.h"
#include "members.h"
#include "procreq.h"
#include "spawn.h"

static char top_dir[PATH_MAX];
static char reqbuf[DK_PROCESS_MAX_BYTES];
/* libOS mode: the libOS image (DK_LIBOS_SELF_PATH), else NULL. */
static const struct image *libos_img;
static uint32_t libos_flags;

void procreq_set_libos(const struct image *img, uint32_t flags)
{
	libos_img = img;
	libos_flags = flags;
}

int procreq_init(const char *top_program)
{
	char *slash;

	if (!realpath(top_program, top_dir)) {
		fprintf(stderr, "dbexec: %s: %s\n", top_program, strerror(errno));
		return -1;
	}
	slash = strrchr(top_dir, '/');
	if (slash == top_dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	return 0;
}

static bool same_rule(const struct manifest_rule *a,
		      const struct manifest_rule *b)
{
	int i;

	if (a->argc != b->argc)
		return false;
	for (i = 0; i < a->argc; i++)
		if (strcmp(a->argv[i], b->argv[i]))
			return false;
	return true;
}

/*
 * Narrow @m by @n: a limit given by @n applies if it is lower; if @n has
 * policy rules (fs, net), only those of them that @m has too are kept.
 */
static void narrow(struct manifest *m, const struct manifest *n)
{
	static struct manifest_rule keep[MANIFEST_MAX_RULES];
	int i, j, kept = 0;

	if (n->nrules) {
		for (j = 0; j < m->nrules; j++)
			for (i = 0; i < n->nrules; i++)
				if (same_rule(&n->rules[i], &m->rules[j])) {
					keep[kept++] = m->rules[j];
					break;
				}
		memcpy(m->rules, keep, sizeof(keep[0]) * kept);
		m->nrules = kept;
	}
	if (n->max_handles && (!m->max_handles || n->max_handles < m->max_handles))
		m->max_handles = n->max_handles;
	if (n->max_kmem && (!m->max_kmem || n->max_kmem < m->max_kmem))
		m->max_kmem = n->max_kmem;
	if (n->max_vm && (!m->max_vm || n->max_vm < m->max_vm))
		m->max_vm = n->max_vm;
}

/*
 * Narrow @m by IMAGE.manifest if the policy lets @parent see such a file
 * next to the image; 0 or -errno.  The sidecar is the requester's to
 * write: manifest_load_fd() reads at most MANIFEST_MAX_SIZE bytes of it
 * and the parsed copy is freed here, whatever happened, so no request
 * leaves anything behind.  @m keeps only rules of its own (narrow()), so
 * nothing in it points into the freed text.
 */
static int narrow_by_sidecar(const struct member *parent, const char *vpath,
			     struct manifest *m)
{
	static struct manifest narrower;
	char name[64];
	int fd, ret = 0;

	fd = image_open(&parent->m, top_dir, vpath, ".manifest");
	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return fd;
	/* Messages name the file as the requester did (cut if long). */
	snprintf(name, sizeof(name), "%.48s%s.manifest",
		 vpath, strlen(vpath) > 48 ? "..." : "");
	/* Parse what was checked, not a name that could be swapped. */
	if (manifest_load_fd(fd, name, &narrower) < 0)
		ret = -EINVAL;
	else
		narrow(m, &narrower);
	manifest_free(&narrower);
	close(fd);
	return ret;
}

/* Returns 0 or -errno (ECANCELED: the parent gave up meanwhile). */
static int complete(int mon_fd, uint64_t id, int error, int fd)
{
	struct dk_monitor_reply r = { .id = id, .error = error, .fd = fd };

	return ioctl(mon_fd, DK_IOC_MONITOR_COMPLETE, &r) < 0 ? -errno : 0;
}

/* Start the child of one request; returns 0 or -errno for the parent. */
static int start_child(int mon_fd, const struct dk_monitor_request *req,
		       char **argv)
{
	const struct member *parent = member_find(req->parent_pid);
	const char *vpath = argv[0] + 5;	/* the module checked "file:" */
	struct child_args a;
	static struct manifest m;	/* large */
	bool self = libos_img && !strcmp(vpath, DK_LIBOS_SELF_PATH);
	struct image img;
	char err[256];
	int sv[2], fail, ret, fd;
	pid_t pid;

	if (!parent)
		return -ESRCH;
	m = parent->m;
	m.text = NULL;		/* borrowed words: not this copy's to free */
	if (self) {
		/* The libOS forking itself: the image the top runs. */
		img = *libos_img;
	} else {
		/* The requester's own (possibly narrowed) manifest is the policy. */
		fd = image_open(&parent->m, top_dir, vpath, "");
		if (fd < 0)
			return fd;
		ret = image_load_fd(fd, &img, err, sizeof(err));
		close(fd);
		if (ret < 0)
			return -ENOEXEC;
		ret = narrow_by_sidecar(parent, vpath, &m);
		if (ret) {
			munmap(img.map, img.map_len);
			return ret;
		}
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		ret = -errno;
		if (!self)
			munmap(img.map, img.map_len);
		return ret;
	}

	memset(&a, 0, sizeof(a));
	a.exec_fd = -1;
	a.sig_fd = -1;
	argv[0] += 5;		/* argv[0]: the URI's path as given */
	a.program = argv[0];	/* for messages only: the image is loaded */
	a.argc = (int)req->argc + 1;
	a.argv = argv;
	a.manifest = &m;
	a.mon_fd = mon_fd;
	a.join_id = req->id;
	a.parent_fd = sv[1];
	a.image = &img;
	a.no_trace = self;	/* libOS mode: as the top (monitor.c) */
	a.libos_flags = self ? libos_flags : 0;
	pid = spawn_picoprocess(&a, &fail);
	if (!self)
		munmap(img.map, img.map_len);	/* the child has its own copy */
	close(sv[1]);
	if (pid < 0) {
		close(sv[0]);
		return -ECHILD;
	}
	if (!member_add(pid, req->id, &m)) {
		/* Out of memory (the module bounds the number of members). */
		kill(pid, SIGKILL);
		close(sv[0]);
		return -ENOMEM;
	}
	if (complete(mon_fd, req->id, 0, sv[0]) < 0)
		kill(pid, SIGKILL);	/* the parent died meanwhile */
	close(sv[0]);
	return 0;
}

void procreq_service(int mon_fd)
{
	char *argv[DK_PROCESS_MAX_ARGS + 2];
	struct dk_monitor_request req;
	uint32_t i;
	size_t off;
	int ret;

	for (;;) {
		memset(&req, 0, sizeof(req));
		req.buf = (uintptr_t)reqbuf;
		req.size = sizeof(reqbuf);
		if (ioctl(mon_fd, DK_IOC_MONITOR_NEXT, &req) < 0)
			return;	/* EAGAIN: nothing more */
		if (req.len == 0 || req.len > sizeof(reqbuf) ||
		    req.argc > DK_PROCESS_MAX_ARGS) {
			complete(mon_fd, req.id, -EINVAL, -1);
			continue;
		}
		reqbuf[req.len - 1] = '\0';
		argv[0] = reqbuf;
		off = strlen(reqbuf) + 1;
		for (i = 0; i < req.argc && off < req.len; i++) {
			argv[i + 1] = reqbuf + off;
			off += strlen(reqbuf + off) + 1;
		}
		if (i < req.argc) {
			complete(mon_fd, req.id, -EINVAL, -1);
			continue;
		}
		argv[req.argc + 1] = NULL;
		ret = start_child(mon_fd, &req, argv);
		if (ret)
			complete(mon_fd, req.id, ret, -1);
	}
}
