// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: the Red/Green policy from the manifest.
 *
 * dbexec turns the manifest into DK_IOC_ADD_FS_ROOT and DK_IOC_ADD_NET_RULE
 * commands before sealing the context.  A policy is a list of filesystem
 * roots (a host directory, the virtual prefix it appears under, read-only
 * or read-write) and a list of network rules (connect or bind, address
 * prefix, port range).  Nothing else is granted: an empty policy means no
 * file system and no network.
 *
 * Mapping a virtual path to a root is a string operation on the virtual
 * name only (after resolving its "//", "." and ".."); the containment
 * guarantee comes from the kernel's own path walk beneath the root
 * (stream_file.c uses LOOKUP_BENEATH and friends), and the rights from
 * where that walk ended (dk_fs_grant_narrow: nested roots).
 *
 * Each context has its own policy, immutable once the context is sealed.
 * A child picoprocess gets one from its own set-up: the monitor gives it
 * a manifest no wider than its parent's (see
 * Documentation/design/processes.rst).
 */
#include <linux/slab.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/uaccess.h>
#include <net/ipv6.h>
#include <linux/drawbridge.h>
#include "dk_vpath.h"

#include "context.h"
#include "ioctl.h"
#include "table.h"
#include "policy.h"

#define DK_POLICY_MAX_ROOTS	64
#define DK_POLICY_MAX_RULES	256
#define DK_PREFIX_MAX		1024

struct dk_fs_root {
	struct list_head node;
	struct path path;
	char *prefix;		/* normalized: "/" or "/a/b" without trailing / */
	size_t plen;
	bool rw;
};

struct dk_net_rule {
	struct list_head node;
	struct dk_setup_net_rule r;
};

/**
 * struct dk_policy - one context's grants
 * @ref:    the owning context's reference (dropped when it is freed)
 * @lock:   protects the lists and counts (appended to before sealing only)
 * @roots:  struct dk_fs_root list
 * @rules:  struct dk_net_rule list
 * @nroots: entries on @roots (at most DK_POLICY_MAX_ROOTS)
 * @nrules: entries on @rules (at most DK_POLICY_MAX_RULES)
 */
struct dk_policy {
	struct kref ref;
	struct mutex lock;	/* protects roots, rules, nroots, nrules */
	struct list_head roots;
	struct list_head rules;
	unsigned int nroots;
	unsigned int nrules;
};

static void dk_policy_free(struct kref *ref)
{
	struct dk_policy *p = container_of(ref, struct dk_policy, ref);
	struct dk_fs_root *root, *rtmp;
	struct dk_net_rule *rule, *ntmp;

	list_for_each_entry_safe(root, rtmp, &p->roots, node) {
		path_put(&root->path);
		kfree(root->prefix);
		kfree(root);
	}
	list_for_each_entry_safe(rule, ntmp, &p->rules, node)
		kfree(rule);
	kfree(p);
}

void dk_policy_put(struct dk_policy *policy)
{
	if (policy)
		kref_put(&policy->ref, dk_policy_free);
}

static struct dk_policy *dk_policy_of(struct dk_ctx *ctx)
{
	/* Pairs with the release in dk_policy_setup(): see an initialized policy. */
	return smp_load_acquire(&ctx->policy);
}

/*
 * Get (creating it) the context's policy to add to; caller holds
 * setup_lock.  NULL: no memory.
 */
static struct dk_policy *dk_policy_setup(struct dk_ctx *ctx)
{
	struct dk_policy *p;

	lockdep_assert_held(&ctx->setup_lock);
	if (ctx->policy)
		return ctx->policy;
	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!p)
		return NULL;
	kref_init(&p->ref);
	mutex_init(&p->lock);
	INIT_LIST_HEAD(&p->roots);
	INIT_LIST_HEAD(&p->rules);
	/* Publish only after initialization; pairs with dk_policy_of(). */
	smp_store_release(&ctx->policy, p);
	return p;
}

/* Record a refusal: trace it and return @err. */
int dk_policy_deny(u32 nr, int err, const char *what)
{
	dk_trace_policy_deny(nr, err, what ? what : "");
	return err;
}

/*
 * Add @node to the context's policy under construction: to the fs roots
 * when @is_root, else to the network rules, within their limits.  The
 * caller holds setup_lock (a set-up command).
 * Return: 0, -ENOSPC past the limit, or the error of creating the policy.
 */
static long dk_policy_append(struct dk_ctx *ctx, struct list_head *node,
			     bool is_root)
{
	struct dk_policy *p;
	long ret;

	p = dk_policy_setup(ctx);
	if (!p)
		return -ENOMEM;
	mutex_lock(&p->lock);
	ret = 0;
	if (is_root && p->nroots < DK_POLICY_MAX_ROOTS) {
		list_add_tail(node, &p->roots);
		p->nroots++;
	} else if (!is_root && p->nrules < DK_POLICY_MAX_RULES) {
		list_add_tail(node, &p->rules);
		p->nrules++;
	} else {
		ret = -ENOSPC;
	}
	mutex_unlock(&p->lock);
	return ret;
}

/* DK_IOC_ADD_FS_ROOT; the caller holds setup_lock. */
long dk_policy_add_fs_root(struct dk_ctx *ctx, const struct dk_ioc_arg *arg)
{
	const struct dk_setup_fs_root *req = arg->k;
	struct dk_fs_root *root;
	struct file *file;
	long ret;

	if (req->flags & ~DK_ROOT_RW)
		return -EINVAL;
	root = kzalloc(sizeof(*root), GFP_KERNEL_ACCOUNT);
	if (!root)
		return -ENOMEM;
	root->prefix = strndup_user(u64_to_user_ptr(req->prefix),
				    DK_PREFIX_MAX);
	if (IS_ERR(root->prefix)) {
		ret = PTR_ERR(root->prefix);
		root->prefix = NULL;
		goto out_free;
	}
	ret = dk_vpath_normalize(root->prefix);
	if (ret < 0) {
		ret = -EINVAL;
		goto out_free;
	}
	root->plen = ret;
	root->rw = req->flags & DK_ROOT_RW;

	file = fget_raw(req->fd);
	if (!file) {
		ret = -EBADF;
		goto out_free;
	}
	if (!d_can_lookup(file->f_path.dentry)) {
		fput(file);
		ret = -ENOTDIR;
		goto out_free;
	}
	root->path = file->f_path;
	path_get(&root->path);
	fput(file);

	ret = dk_policy_append(ctx, &root->node, true);
	if (!ret)
		return 0;
	path_put(&root->path);
out_free:
	kfree(root->prefix);
	kfree(root);
	return ret;
}

/* DK_IOC_ADD_NET_RULE; the caller holds setup_lock. */
long dk_policy_add_net_rule(struct dk_ctx *ctx, const struct dk_ioc_arg *arg)
{
	struct dk_net_rule *rule;
	long ret;

	rule = kzalloc(sizeof(*rule), GFP_KERNEL_ACCOUNT);
	if (!rule)
		return -ENOMEM;
	rule->r = *(const struct dk_setup_net_rule *)arg->k;
	ret = -EINVAL;
	if (rule->r.op != DK_NET_CONNECT && rule->r.op != DK_NET_BIND)
		goto out_free;
	if (rule->r.family == AF_INET) {
		if (rule->r.prefix > 32)
			goto out_free;
	} else if (rule->r.family == AF_INET6) {
		if (rule->r.prefix > 128)
			goto out_free;
	} else {
		goto out_free;
	}
	if (rule->r.port_lo > rule->r.port_hi)
		goto out_free;

	ret = dk_policy_append(ctx, &rule->node, false);
	if (!ret)
		return 0;
out_free:
	kfree(rule);
	return ret;
}

/**
 * dk_policy_fs_grant - find the manifest root that a virtual path is under
 * @ctx:   the caller's context
 * @vpath: the path part of a file: URI; must be absolute
 * @g:     on success, the root (referenced), the relative rest, rw flag
 *
 * The path is matched by its resolved spelling (dk_vpath_resolve: "//",
 * "." and ".." are gone), so every spelling of one virtual name reaches
 * the same root; the longest matching prefix wins.  The relative rest has
 * no "." or ".." components left but may name symlinks: the caller
 * resolves it beneath @g->root, and dk_fs_grant_narrow() then applies the
 * more specific roots the result lies in.
 *
 * Return: 0 (release @g with dk_fs_grant_put()), -EINVAL for a relative
 * path, -EACCES when no root covers it or a ".." climbs above "/",
 * -ENOMEM.
 */
int dk_policy_fs_grant(struct dk_ctx *ctx, const char *vpath,
		       struct dk_fs_grant *g)
{
	struct dk_policy *p = dk_policy_of(ctx);
	struct dk_fs_root *root, *best = NULL;
	const char *rel, *best_rel = NULL;
	char *v;

	if (vpath[0] != '/')
		return -EINVAL;
	if (!p)
		return -EACCES;
	v = kstrdup(vpath, GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	if (dk_vpath_resolve(v) < 0) {
		kfree(v);
		return -EACCES;
	}
	mutex_lock(&p->lock);
	list_for_each_entry(root, &p->roots, node) {
		rel = dk_vpath_beneath(v, root->prefix, root->plen);
		if (rel && (!best || root->plen > best->plen)) {
			best = root;
			best_rel = rel;
		}
	}
	if (best) {
		g->root = best->path;
		path_get(&g->root);
		g->rw = best->rw;
		g->rel = best_rel;
		g->vpath = v;
		g->policy = p;
	}
	mutex_unlock(&p->lock);
	if (!best) {
		kfree(v);
		return -EACCES;
	}
	return 0;
}

void dk_fs_grant_put(struct dk_fs_grant *g)
{
	path_put(&g->root);
	kfree(g->vpath);
}

/**
 * dk_fs_grant_narrow - the grant's rights at the host object it reached
 * @g:     a grant from dk_policy_fs_grant(); @g->rw is lowered to the result
 * @d:     what the request resolved to beneath @g->root: the object, or
 *         the directory a name is created in or renamed into
 * @entry: @d itself is to be unlinked, renamed or replaced
 *
 * Matching by virtual name alone is not enough: a symlink in a read-write
 * root, or a host directory nested in it, can lead into the host
 * directory of a more specific read-only root.  So the rights follow the
 * resolved object: among the roots whose host directory lies strictly
 * beneath @g's and holds @d, the deepest decides (a read-write root inside
 * a read-only one inside the matched root is writable again; two roots on
 * one directory give the weaker rights).  The result is never more than
 * @g gave.  With @entry, the host directory of another root is refused as
 * well: roots are fixed points, never deleted, moved or replaced through
 * another root.
 *
 * Picoprocess calls cannot move anything into or out of a read-only root
 * (every such rename is refused here), so the answer stays true while the
 * caller acts on @d.
 *
 * Return: the rights, true for read-write.
 */
bool dk_fs_grant_narrow(struct dk_fs_grant *g, struct dentry *d, bool entry)
{
	struct dentry *top = g->root.dentry, *best = NULL, *rd;
	struct dk_fs_root *root;
	bool rw = true;

	if (!g->rw)
		return false;
	mutex_lock(&g->policy->lock);
	list_for_each_entry(root, &g->policy->roots, node) {
		rd = root->path.dentry;
		if (rd == top || !is_subdir(rd, top) || !is_subdir(d, rd))
			continue;
		if (entry && rd == d) {
			rw = false;
			break;
		}
		/* The roots that hold @d are its ancestors: one chain. */
		if (rd == best) {
			rw = rw && root->rw;
		} else if (!best || is_subdir(rd, best)) {
			best = rd;
			rw = root->rw;
		}
	}
	mutex_unlock(&g->policy->lock);
	g->rw = rw;
	return rw;
}

static bool dk_addr_match(const u8 *a, const u8 *b, unsigned int bits)
{
	unsigned int bytes = bits / 8, rest = bits % 8;
	u8 mask;

	if (memcmp(a, b, bytes))
		return false;
	if (!rest)
		return true;
	mask = 0xff << (8 - rest);
	return (a[bytes] & mask) == (b[bytes] & mask);
}

/**
 * dk_policy_net_check - may the context connect to / bind @sa?
 * @ctx: the calling context
 * @op:  DK_NET_CONNECT or DK_NET_BIND
 * @sa:  the address (a family other than AF_INET or AF_INET6 is refused)
 *
 * Two spellings that the kernel would turn into another address are never
 * granted, whatever the rules: an IPv4-mapped IPv6 address (::ffff:A.B.C.D
 * is IPv4 traffic; the module's IPv6 sockets are IPV6_V6ONLY, see
 * dk_sock_create(), and a dual-stack server's sends are judged by the IPv4
 * address, see dk_udp_judged()), and connecting or sending to the
 * unspecified address (0.0.0.0 or ::), which the kernel sends to a local
 * address instead.
 *
 * Return: 0 when a rule allows it, -EACCES otherwise (not traced here).
 */
int dk_policy_net_check(struct dk_ctx *ctx, u32 op, const struct sockaddr *sa)
{
	struct dk_policy *p = dk_policy_of(ctx);
	struct dk_net_rule *rule;
	const u8 *addr;
	u16 port;
	int ret = -EACCES;

	if (!p)
		return -EACCES;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		if (op == DK_NET_CONNECT && !in->sin_addr.s_addr)
			return -EACCES;	/* 0.0.0.0 */
		addr = (const u8 *)&in->sin_addr;
		port = ntohs(in->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		if (ipv6_addr_v4mapped(&in6->sin6_addr) ||
		    (op == DK_NET_CONNECT && ipv6_addr_any(&in6->sin6_addr)))
			return -EACCES;
		addr = (const u8 *)&in6->sin6_addr;
		port = ntohs(in6->sin6_port);
	} else {
		return -EACCES;
	}
	mutex_lock(&p->lock);
	list_for_each_entry(rule, &p->rules, node) {
		if (rule->r.op != op || rule->r.family != sa->sa_family)
			continue;
		if (port < rule->r.port_lo || port > rule->r.port_hi)
			continue;
		if (dk_addr_match(addr, rule->r.addr, rule->r.prefix)) {
			ret = 0;
			break;
		}
	}
	mutex_unlock(&p->lock);
	return ret;
}
