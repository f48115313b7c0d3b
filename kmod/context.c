// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: picoprocess contexts, their identity, lifetime
 * and quotas.
 *
 * Lifetime
 * --------
 * A context is usable only from tasks of the address space that opened
 * it.  So it is torn down -- every handle closed, every thread object
 * ended, its process tree left (or killed, for a monitor), its memory
 * file dropped -- as soon as that address space goes away (the last
 * task using it exited or exec'd), whatever else still holds the file:
 * a descriptor passed to another process, one in flight in an AF_UNIX
 * socket, or the context's own handle table (a stream wrapping the
 * context's own descriptor, or a socket whose receive queue holds it).
 * Tying teardown to the file alone would let such a reference cycle keep
 * the context, its tag and the module pinned forever.  The last close of
 * the file tears the context down too, if that comes first; whichever
 * comes first does it, exactly once.
 *
 * The address space is watched with an mmu notifier (one per mm, shared
 * by its contexts; only its ->release is used): ->release runs once the
 * mm has no users, so no task can be inside a call of any of its
 * contexts.  No call can run during a teardown from the file's release
 * either: a call holds the file.  Teardown still closes the handle table
 * for good (handles_closed), so nothing can be installed afterwards.
 * What remains of a torn-down context -- the structure, its tag, its
 * reference on the module -- lives on only while something outside the
 * context holds the file or one of its objects, and goes with them.
 *
 * Contexts per user
 * -----------------
 * Each context is charged to the real uid of its opener from creation to
 * free; an open that would exceed max_contexts_per_user live contexts for
 * that uid fails with EUSERS, unless the opener has CAP_SYS_RESOURCE in
 * the initial user namespace.
 */
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/mmu_notifier.h>
#include <linux/mmap_lock.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/hashtable.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/uaccess.h>
#include <linux/file.h>
#include <linux/workqueue.h>
#include <linux/drawbridge.h>

#include "context.h"
#include "handles.h"
#include "ioctl.h"
#include "thread.h"
#include "policy.h"
#include "stream.h"
#include "stream_file.h"
#include "tree.h"

/* A context ends with its owner's mm: see dk_mm_watch(). */
#ifndef CONFIG_MMU_NOTIFIER
#error "drawbridge needs CONFIG_MMU_NOTIFIER (selected by KVM, SGX, IOMMU SVA, ...)"
#endif

/* Tags of live contexts; the IDA has its own internal lock. */
static DEFINE_IDA(dk_tag_ida);
/* Pipe name space ids; never reused. */
static atomic64_t dk_next_family = ATOMIC64_INIT(0);

#define DK_TAG_MAX	((1U << (31 - DK_HANDLE_SLOT_BITS)) - 1)

/* ---- contexts per user ------------------------------------------- */

static unsigned int dk_max_contexts_per_user = DK_DEFAULT_MAX_CONTEXTS_PER_USER;
module_param_named(max_contexts_per_user, dk_max_contexts_per_user, uint,
		   0644);
MODULE_PARM_DESC(max_contexts_per_user,
		 "live contexts per real uid (0: no limit; CAP_SYS_RESOURCE exempt)");

/**
 * struct dk_user - live contexts of one real uid
 * @node:  in dk_users
 * @uid:   the uid
 * @count: contexts created and not yet freed (> 0 while in the table)
 */
struct dk_user {
	struct hlist_node node;
	kuid_t uid;
	unsigned int count;
};

/* dk_users_lock protects dk_users, each entry's count and dk_nr_contexts. */
static DEFINE_HASHTABLE(dk_users, 6);
static DEFINE_SPINLOCK(dk_users_lock);
static unsigned int dk_nr_contexts;

static int dk_live_contexts_get(char *buf, const struct kernel_param *kp)
{
	unsigned int n;

	spin_lock(&dk_users_lock);
	n = dk_nr_contexts;
	spin_unlock(&dk_users_lock);
	return sysfs_emit(buf, "%u\n", n);
}

static int dk_live_contexts_set(const char *val, const struct kernel_param *kp)
{
	return -EPERM;
}

static const struct kernel_param_ops dk_live_contexts_ops = {
	.set = dk_live_contexts_set,
	.get = dk_live_contexts_get,
};

module_param_cb(live_contexts, &dk_live_contexts_ops, NULL, 0444);
MODULE_PARM_DESC(live_contexts, "contexts that exist now (read-only)");

static struct dk_user *dk_user_find(kuid_t uid)
{
	struct dk_user *u;

	lockdep_assert_held(&dk_users_lock);
	hash_for_each_possible(dk_users, u, node, __kuid_val(uid))
		if (uid_eq(u->uid, uid))
			return u;
	return NULL;
}

/*
 * Count one more context for @uid.  Return: 0, -EUSERS over the limit,
 * -ENOMEM.
 */
static int dk_user_charge(kuid_t uid)
{
	unsigned int max = READ_ONCE(dk_max_contexts_per_user);
	struct dk_user *u, *fresh = NULL;
	bool exempt = false;
	int ret = 0;

	/* Decided before locking: a capability check may take LSM locks. */
	if (max)
		exempt = ns_capable_noaudit(&init_user_ns, CAP_SYS_RESOURCE);
	for (;;) {
		spin_lock(&dk_users_lock);
		u = dk_user_find(uid);
		if (u || fresh)
			break;
		spin_unlock(&dk_users_lock);
		fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
		if (!fresh)
			return -ENOMEM;
	}
	if (!u) {
		u = fresh;
		fresh = NULL;
		u->uid = uid;
		hash_add(dk_users, &u->node, __kuid_val(uid));
	}
	/* A new entry has count 0, below any limit: it never stays empty. */
	if (max && u->count >= max && !exempt) {
		ret = -EUSERS;
	} else {
		u->count++;
		dk_nr_contexts++;
	}
	spin_unlock(&dk_users_lock);
	kfree(fresh);
	return ret;
}

static void dk_user_uncharge(kuid_t uid)
{
	struct dk_user *u;

	spin_lock(&dk_users_lock);
	u = dk_user_find(uid);
	if (!WARN_ON_ONCE(!u)) {
		dk_nr_contexts--;
		if (--u->count)
			u = NULL;
		else
			hash_del(&u->node);
	}
	spin_unlock(&dk_users_lock);
	kfree(u);
}

/* ---- the owner's address space ----------------------------------- */

/**
 * struct dk_mm_watch - the mmu notifier of one mm with contexts
 * @mn:   the notifier; mmu_notifier_get_locked() shares it among the
 *        mm's contexts, each holding one reference (see dk_ctx.mm_watch)
 * @lock: protects @ctxs and every listed context's mm_node
 * @ctxs: contexts of this mm not torn down yet
 * @put_node: on dk_puts while @puts > 0
 * @puts: references given up by closed contexts, not yet put (dk_puts_lock)
 */
struct dk_mm_watch {
	struct mmu_notifier mn;
	spinlock_t lock;	/* protects ctxs and the contexts' mm_node */
	struct list_head ctxs;
	struct list_head put_node;
	unsigned int puts;
};

/*
 * Watch references are given back in batches.  The last put of a watch
 * queues an SRCU callback (mmu_notifier_put), and while one is pending
 * the synchronize_srcu() that every mm exit with a notifier makes takes
 * the slow path: a grace period of a few jiffies instead of an expedited
 * one.  Putting at each close would put that on the exit of the next
 * process (typically the monitor, right after its picoprocess).
 * dk_puts_lock protects dk_puts and every watch's @puts.
 */
static LIST_HEAD(dk_puts);
static DEFINE_SPINLOCK(dk_puts_lock);

static void dk_puts_run(void)
{
	struct dk_mm_watch *w, *tmp;
	unsigned int n;
	LIST_HEAD(list);

	spin_lock(&dk_puts_lock);
	list_splice_init(&dk_puts, &list);
	spin_unlock(&dk_puts_lock);
	list_for_each_entry_safe(w, tmp, &list, put_node) {
		spin_lock(&dk_puts_lock);
		n = w->puts;
		w->puts = 0;
		list_del_init(&w->put_node);
		spin_unlock(&dk_puts_lock);
		/* The last put may free @w: nothing touches it after. */
		while (n--)
			mmu_notifier_put(&w->mn);
	}
}

static void dk_puts_work_fn(struct work_struct *work)
{
	dk_puts_run();
}

static DECLARE_DELAYED_WORK(dk_puts_work, dk_puts_work_fn);

/* Give up one reference on @w, in the next batch. */
static void dk_mm_watch_put(struct dk_mm_watch *w)
{
	spin_lock(&dk_puts_lock);
	if (!w->puts++)
		list_add_tail(&w->put_node, &dk_puts);
	spin_unlock(&dk_puts_lock);
	schedule_delayed_work(&dk_puts_work, HZ);
}

static void dk_ctx_teardown(struct dk_ctx *ctx);

/*
 * Take @ctx off its watch's list.  Return: true if it was on it: the
 * caller then owns the context's one teardown.
 */
static bool dk_mm_unwatch(struct dk_ctx *ctx)
{
	struct dk_mm_watch *w = ctx->mm_watch;
	bool listed;

	spin_lock(&w->lock);
	listed = !list_empty(&ctx->mm_node);
	list_del_init(&ctx->mm_node);
	spin_unlock(&w->lock);
	return listed;
}

/*
 * The mm has no users left: no task can be in (or enter) a call of its
 * contexts.  Tear every one down.  Runs in whichever task dropped the
 * last user, inside the notifier's SRCU read section; may sleep.
 */
static void dk_mm_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct dk_mm_watch *w = container_of(mn, struct dk_mm_watch, mn);
	struct dk_ctx *ctx;

	for (;;) {
		spin_lock(&w->lock);
		ctx = list_first_entry_or_null(&w->ctxs, struct dk_ctx,
					       mm_node);
		if (ctx) {
			list_del_init(&ctx->mm_node);
			/* The file's release may drop its reference meanwhile. */
			dk_ctx_get(ctx);
		}
		spin_unlock(&w->lock);
		if (!ctx)
			break;
		dk_ctx_teardown(ctx);
		dk_ctx_put(ctx);
	}
}

static struct mmu_notifier *dk_mm_alloc_notifier(struct mm_struct *mm)
{
	struct dk_mm_watch *w = kzalloc(sizeof(*w), GFP_KERNEL);

	if (!w)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&w->lock);
	INIT_LIST_HEAD(&w->ctxs);
	INIT_LIST_HEAD(&w->put_node);
	return &w->mn;
}

static void dk_mm_free_notifier(struct mmu_notifier *mn)
{
	struct dk_mm_watch *w = container_of(mn, struct dk_mm_watch, mn);

	WARN_ON_ONCE(!list_empty(&w->ctxs) || !list_empty(&w->put_node));
	kfree(w);
}

static const struct mmu_notifier_ops dk_mm_ops = {
	.release = dk_mm_release,
	.alloc_notifier = dk_mm_alloc_notifier,
	.free_notifier = dk_mm_free_notifier,
};

/* Put a new context under the watch of its (the caller's) mm. */
static int dk_mm_watch(struct dk_ctx *ctx)
{
	struct mmu_notifier *mn;
	struct dk_mm_watch *w;

	if (mmap_write_lock_killable(ctx->mm))
		return -EINTR;
	mn = mmu_notifier_get_locked(&dk_mm_ops, ctx->mm);
	mmap_write_unlock(ctx->mm);
	if (IS_ERR(mn))
		return PTR_ERR(mn);
	w = container_of(mn, struct dk_mm_watch, mn);
	ctx->mm_watch = w;
	/* The caller's own mm has users: ->release cannot run yet. */
	spin_lock(&w->lock);
	list_add(&ctx->mm_node, &w->ctxs);
	spin_unlock(&w->lock);
	return 0;
}

/* ---- creation, teardown, free ------------------------------------ */

/**
 * dk_ctx_create - a new context owned by the calling process
 *
 * Return: the context (one reference, for the file), or ERR_PTR(-EUSERS)
 * when the caller's uid has max_contexts_per_user contexts, -ENFILE when
 * every tag is in use, -EINTR, -ENOMEM.
 */
struct dk_ctx *dk_ctx_create(void)
{
	struct dk_ctx *ctx;
	int tag, ret;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL_ACCOUNT);
	if (!ctx)
		return ERR_PTR(-ENOMEM);

	ctx->uid = current_uid();
	ret = dk_user_charge(ctx->uid);
	if (ret)
		goto out_free;

	tag = ida_alloc_range(&dk_tag_ida, 1, DK_TAG_MAX, GFP_KERNEL);
	if (tag < 0) {
		ret = tag == -ENOSPC ? -ENFILE : tag;
		goto out_uncharge;
	}

	kref_init(&ctx->ref);
	ctx->tag = tag;
	ctx->mm = current->mm;
	mmgrab(ctx->mm);
	INIT_LIST_HEAD(&ctx->mm_node);
	mutex_init(&ctx->setup_lock);
	xa_init_flags(&ctx->handles, XA_FLAGS_ALLOC);
	ctx->max_handles = DK_DEFAULT_MAX_HANDLES;
	atomic64_set(&ctx->kmem_used, 0);
	ctx->max_kmem = DK_DEFAULT_MAX_KMEM;
	mutex_init(&ctx->vm_lock);
	ctx->max_vm = DK_DEFAULT_MAX_VM;
	atomic_set(&ctx->exit_code, -1);
	dk_threads_init(ctx);
	ctx->family = atomic64_inc_return(&dk_next_family);
	INIT_LIST_HEAD(&ctx->maps);

	ret = dk_mm_watch(ctx);
	if (ret)
		goto out_tag;
	/* Objects may outlive the file; keep the code they need loaded. */
	__module_get(THIS_MODULE);
	return ctx;

out_tag:
	dk_threads_fini(ctx);
	mmdrop(ctx->mm);
	ida_free(&dk_tag_ida, tag);
out_uncharge:
	dk_user_uncharge(ctx->uid);
out_free:
	kfree(ctx);
	return ERR_PTR(ret);
}

/*
 * The one teardown of a context: called by whichever of the owner's mm
 * release and the file's release takes the context off the watch list.
 * No call of the context can be running (see the top of this file).
 */
static void dk_ctx_teardown(struct dk_ctx *ctx)
{
	struct file *memfile;

	/* No set-up command (new tree membership, host stream) from now on. */
	mutex_lock(&ctx->setup_lock);
	ctx->sealed = true;
	mutex_unlock(&ctx->setup_lock);

	dk_threads_close(ctx);
	dk_tree_leave(ctx);
	dk_handles_close_all(ctx);

	/* The memory outlives the context only in mappings that remain. */
	mutex_lock(&ctx->vm_lock);
	memfile = ctx->memfile;
	ctx->memfile = NULL;
	mutex_unlock(&ctx->vm_lock);
	if (memfile)
		fput(memfile);
}

/**
 * dk_ctx_close - the context's file is being released
 * @ctx: the file's context
 *
 * Tears the context down unless its owner's mm did already, and drops the
 * file's references.
 */
void dk_ctx_close(struct dk_ctx *ctx)
{
	if (dk_mm_unwatch(ctx))
		dk_ctx_teardown(ctx);
	/* Unlisted: the watch will not look at this context again. */
	dk_mm_watch_put(ctx->mm_watch);
	dk_ctx_put(ctx);
}

void dk_ctx_get(struct dk_ctx *ctx)
{
	kref_get(&ctx->ref);
}

static void dk_ctx_free(struct kref *ref)
{
	struct dk_ctx *ctx = container_of(ref, struct dk_ctx, ref);

	WARN_ON_ONCE(atomic64_read(&ctx->kmem_used));
	WARN_ON_ONCE(!xa_empty(&ctx->handles));
	xa_destroy(&ctx->handles);
	dk_threads_fini(ctx);
	dk_tree_link_free(ctx);
	if (ctx->memfile)
		fput(ctx->memfile);
	dk_stream_maps_free(ctx);
	dk_policy_put(ctx->policy);
	mmdrop(ctx->mm);
	ida_free(&dk_tag_ida, ctx->tag);
	dk_user_uncharge(ctx->uid);
	kfree(ctx);
	module_put(THIS_MODULE);
}

void dk_ctx_put(struct dk_ctx *ctx)
{
	kref_put(&ctx->ref, dk_ctx_free);
}

/**
 * dk_ctx_charge - account @bytes of kernel memory to @ctx
 * @ctx:   the context paying
 * @bytes: size of the allocation
 *
 * Return: 0, or -EDQUOT when the context's kernel memory quota would be
 * exceeded (nothing is charged then).
 */
int dk_ctx_charge(struct dk_ctx *ctx, size_t bytes)
{
	s64 used = atomic64_add_return(bytes, &ctx->kmem_used);

	if (used > (s64)READ_ONCE(ctx->max_kmem)) {
		atomic64_sub(bytes, &ctx->kmem_used);
		return -EDQUOT;
	}
	return 0;
}

void dk_ctx_uncharge(struct dk_ctx *ctx, size_t bytes)
{
	atomic64_sub(bytes, &ctx->kmem_used);
}

/* Lower one limit: 0 keeps it, a larger value is refused. */
static int dk_lower(u64 *limit, u64 want)
{
	if (!want)
		return 0;
	if (want > *limit)
		return -EINVAL;
	*limit = want;
	return 0;
}

/* DK_IOC_SET_LIMITS; the caller holds setup_lock. */
long dk_ctx_set_limits(struct dk_ctx *ctx, const struct dk_ioc_arg *arg)
{
	const struct dk_setup_limits *lim = arg->k;
	u64 handles, kmem, vm;
	int ret;

	lockdep_assert_held(&ctx->setup_lock);
	handles = ctx->max_handles;
	kmem = ctx->max_kmem;
	mutex_lock(&ctx->vm_lock);
	vm = ctx->max_vm;
	ret = dk_lower(&handles, lim->max_handles);
	if (!ret)
		ret = dk_lower(&kmem, lim->max_kmem);
	if (!ret)
		ret = dk_lower(&vm, lim->max_vm);
	if (!ret) {
		xa_lock(&ctx->handles);
		ctx->max_handles = handles;
		xa_unlock(&ctx->handles);
		WRITE_ONCE(ctx->max_kmem, kmem);
		ctx->max_vm = vm;
	}
	mutex_unlock(&ctx->vm_lock);
	return ret;
}

/* DK_IOC_GET_INFO: before and after sealing. */
long dk_ctx_get_info(struct dk_ctx *ctx, const struct dk_ioc_arg *arg)
{
	struct dk_context_info info = {
		.size = min_t(u32, arg->usize, sizeof(info)),
		.abi_version = DK_ABI_VERSION,
		.features = DK_FEATURES_ALL & ~(dk_file_path_changes() ? 0 :
						DK_FEATURE_PATH_CHANGES),
		.tag = ctx->tag,
	};

	mutex_lock(&ctx->setup_lock);
	info.sealed = ctx->sealed;
	mutex_unlock(&ctx->setup_lock);

	xa_lock(&ctx->handles);
	info.handles = ctx->nhandles;
	info.max_handles = ctx->max_handles;
	xa_unlock(&ctx->handles);

	info.kmem_used = atomic64_read(&ctx->kmem_used);
	info.max_kmem = READ_ONCE(ctx->max_kmem);

	mutex_lock(&ctx->vm_lock);
	info.vm_used = ctx->vm_used;
	info.max_vm = ctx->max_vm;
	mutex_unlock(&ctx->vm_lock);

	info.exit_code = atomic_read(&ctx->exit_code);

	return dk_ioc_copy_out(arg, &info, sizeof(info));
}

/* Module unload: every context is gone; put and free the watches. */
void dk_context_exit(void)
{
	dk_tree_exit();
	cancel_delayed_work_sync(&dk_puts_work);
	dk_puts_run();
	mmu_notifier_synchronize();
	WARN_ON_ONCE(!hash_empty(dk_users));
	ida_destroy(&dk_tag_ida);
}
