// SPDX-License-Identifier: GPL-2.0
/* Drawbridge context set-up (see context.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/drawbridge.h>

#include "abi.h"
#include "context.h"
#include "manifest_policy.h"
#include "exitcodes.h"

void context_open_error(int err)
{
	const char *hint = err == EUSERS ?
		"this user has max_contexts_per_user live contexts, see /sys/module/drawbridge/parameters/" :
		"is drawbridge.ko loaded? try: sudo insmod drawbridge.ko";

	fprintf(stderr, "dbexec: cannot open %s: %s (%s)\n",
		DK_DEVICE_PATH, strerror(err), hint);
}

int context_check_abi(int fd, uint64_t *features)
{
	struct dk_context_info info;
	char msg[320];
	int err = 0;

	memset(&info, 0, sizeof(info));
	if (ioctl(fd, DK_IOC_GET_INFO, &info) < 0)
		err = errno;
	if (abi_check(err, &info, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "dbexec: %s\n", msg);
		return DBX_EXIT_DEVICE;
	}
	if (features)
		*features = info.features;
	return 0;
}

int context_open(uint64_t *features)
{
	int fd;

	fd = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		context_open_error(errno);
		return DBX_EXIT_DEVICE;
	}
	if (fd != DK_FD) {
		if (dup3(fd, DK_FD, O_CLOEXEC) < 0) {
			fprintf(stderr, "dbexec: cannot move %s to descriptor %d: %s\n",
				DK_DEVICE_PATH, DK_FD, strerror(errno));
			close(fd);
			return DBX_EXIT_ERROR;
		}
		close(fd);
	}
	return context_check_abi(DK_FD, features);
}

int context_add_std_streams(int32_t handles[3])
{
	static const char *const names[3] = { "stdin", "stdout", "stderr" };
	int fd;

	for (fd = 0; fd < 3; fd++) {
		struct dk_setup_stream s = {
			.fd = fd,
			.access = fd == 0 ? DK_ACCESS_READ : DK_ACCESS_WRITE,
		};
		int h;

		handles[fd] = -1;
		if (fcntl(fd, F_GETFD) < 0)
			continue;	/* closed: the picoprocess gets none */
		h = ioctl(DK_FD, DK_IOC_ADD_STREAM, &s);
		if (h < 0) {
			fprintf(stderr, "dbexec: cannot hand %s (descriptor %d) to the picoprocess: %s\n",
				names[fd], fd, strerror(errno));
			return DBX_EXIT_ERROR;
		}
		handles[fd] = h;
	}
	return 0;
}

int context_add_exec_stream(int fd, const char *path, int32_t *handle)
{
	struct dk_setup_stream s = { .fd = fd, .access = DK_ACCESS_READ };
	int h = ioctl(DK_FD, DK_IOC_ADD_STREAM, &s);

	if (h < 0) {
		fprintf(stderr, "dbexec: cannot hand %s to the picoprocess: %s\n",
			path, strerror(errno));
		return DBX_EXIT_ERROR;
	}
	*handle = h;
	return 0;
}

/* Limits can only be lowered: say which one exceeds the module's. */
static void explain_limits(const struct dk_setup_limits *lim)
{
	struct dk_context_info info;

	memset(&info, 0, sizeof(info));
	if (ioctl(DK_FD, DK_IOC_GET_INFO, &info) < 0)
		return;
	if (lim->max_handles > info.max_handles)
		fprintf(stderr, "dbexec: limit handles %llu exceeds the module's %llu (limits can only be lowered)\n",
			(unsigned long long)lim->max_handles,
			(unsigned long long)info.max_handles);
	if (lim->max_kmem > info.max_kmem)
		fprintf(stderr, "dbexec: limit kmem %llu exceeds the module's %llu (limits can only be lowered)\n",
			(unsigned long long)lim->max_kmem,
			(unsigned long long)info.max_kmem);
	if (lim->max_vm > info.max_vm)
		fprintf(stderr, "dbexec: limit vm %llu exceeds the module's %llu (limits can only be lowered)\n",
			(unsigned long long)lim->max_vm,
			(unsigned long long)info.max_vm);
}

int context_join(int mon_fd, uint64_t id)
{
	struct dk_join_tree j = { .monitor_fd = mon_fd, .id = id };

	if (ioctl(DK_FD, DK_IOC_JOIN_TREE, &j) < 0) {
		/* ECANCELED: the parent withdrew the request; nothing to say. */
		if (errno == ECANCELED)
			return DBX_EXIT_ERROR;
		if (errno == EMFILE)
			fprintf(stderr, "dbexec: the handles the parent gives do not fit in the picoprocess's handle limit\n");
		else
			fprintf(stderr, "dbexec: cannot join the picoprocess tree: %s\n",
				strerror(errno));
		return DBX_EXIT_ERROR;
	}
	return 0;
}

int context_add_parent_stream(int fd, int32_t *handle)
{
	struct dk_setup_stream s = { .fd = fd, .access = DK_ACCESS_RDWR };
	int h = ioctl(DK_FD, DK_IOC_ADD_STREAM, &s);

	if (h < 0) {
		fprintf(stderr, "dbexec: cannot hand the parent stream over: %s\n",
			strerror(errno));
		return DBX_EXIT_ERROR;
	}
	close(fd);
	*handle = h;
	return 0;
}

int context_set_limits(const struct manifest *m)
{
	struct dk_setup_limits lim = {
		.max_handles = m->max_handles,
		.max_kmem = m->max_kmem,
		.max_vm = m->max_vm,
	};

	if (!lim.max_handles && !lim.max_kmem && !lim.max_vm)
		return 0;
	if (ioctl(DK_FD, DK_IOC_SET_LIMITS, &lim) < 0) {
		int err = errno;

		fprintf(stderr, "dbexec: the Drawbridge module refused the manifest's limits: %s\n",
			strerror(err));
		if (err == EINVAL)
			explain_limits(&lim);
		return DBX_EXIT_ERROR;
	}
	return 0;
}

int context_apply_rules(const struct manifest *m)
{
	char err[512];
	int i;

	for (i = 0; i < m->nrules; i++) {
		const struct manifest_rule *r = &m->rules[i];

		if (dbx_policy_directive(DK_FD, m->path, (int)r->line, r->argc,
					 r->argv, err, sizeof(err)) < 0) {
			fprintf(stderr, "dbexec: %s\n", err);
			return DBX_EXIT_ERROR;
		}
	}
	return 0;
}

int context_seal(void)
{
	if (ioctl(DK_FD, DK_IOC_SEAL) < 0) {
		fprintf(stderr, "dbexec: cannot seal the Drawbridge context: %s\n",
			strerror(errno));
		return DBX_EXIT_ERROR;
	}
	return 0;
}
