/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: the manifest policy, its file system roots and
 * network rules (policy.c).
 */
#ifndef _DK_POLICY_H
#define _DK_POLICY_H

#include <linux/types.h>
#include <linux/path.h>

struct dentry;
struct dk_ctx;
struct dk_ioc_arg;
struct dk_policy;
struct sockaddr;

/**
 * struct dk_fs_grant - a resolved manifest root for one request
 * @root:   the host directory (path_get'd; dk_fs_grant_put drops it)
 * @rel:    the rest of the virtual path, relative to @root, without "."
 *          or ".." components ("" for the root itself; points into @vpath)
 * @rw:     writes allowed (dk_fs_grant_narrow may lower it)
 * @vpath:  the resolved virtual path (owned)
 * @policy: the policy @root is from (the context keeps it alive)
 */
struct dk_fs_grant {
	struct path root;
	const char *rel;
	bool rw;
	char *vpath;
	struct dk_policy *policy;
};

int dk_policy_fs_grant(struct dk_ctx *ctx, const char *vpath,
		       struct dk_fs_grant *g);
bool dk_fs_grant_narrow(struct dk_fs_grant *g, struct dentry *d, bool entry);
void dk_fs_grant_put(struct dk_fs_grant *g);
int dk_policy_net_check(struct dk_ctx *ctx, u32 op, const struct sockaddr *sa);
int dk_policy_deny(u32 nr, int err, const char *what);

void dk_policy_put(struct dk_policy *policy);
long dk_policy_add_fs_root(struct dk_ctx *ctx, const struct dk_ioc_arg *arg);
long dk_policy_add_net_rule(struct dk_ctx *ctx, const struct dk_ioc_arg *arg);

#endif /* _DK_POLICY_H */
