// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: picoprocess contexts, their identity and quotas.
 */
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include <linux/file.h>

#include "dk.h"

/* Tags of live contexts; the IDA has its own internal lock. */
static DEFINE_IDA(dk_tag_ida);
/* Pipe name space ids; never reused. */
static atomic64_t dk_next_family = ATOMIC64_INIT(0);

#define DK_TAG_MAX	((1U << (31 - DK_HANDLE_SLOT_BITS)) - 1)

struct dk_ctx *dk_ctx_create(void)
{
	struct dk_ctx *ctx;
	int tag;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL_ACCOUNT);
	if (!ctx)
		return ERR_PTR(-ENOMEM);

	tag = ida_alloc_range(&dk_tag_ida, 1, DK_TAG_MAX, GFP_KERNEL);
	if (tag < 0) {
		kfree(ctx);
		return ERR_PTR(tag == -ENOSPC ? -ENFILE : tag);
	}

	kref_init(&ctx->ref);
	ctx->tag = tag;
	ctx->mm = current->mm;
	mmgrab(ctx->mm);
	ctx->tgid = task_tgid_nr(current);
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
	/* Objects may outlive the file; keep the code they need loaded. */
	__module_get(THIS_MODULE);
	return ctx;
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
	if (ctx->memfile)
		fput(ctx->memfile);
	dk_stream_maps_free(ctx);
	dk_policy_put(ctx->policy);
	mmdrop(ctx->mm);
	ida_free(&dk_tag_ida, ctx->tag);
	kfree(ctx);
	module_put(THIS_MODULE);
}

void dk_ctx_put(struct dk_ctx *ctx)
{
	kref_put(&ctx->ref, dk_ctx_free);
}

/**
 * dk_ctx_charge - account @bytes of kernel memory to @ctx
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

long dk_ctx_set_limits(struct dk_ctx *ctx, void __user *uarg)
{
	struct dk_setup_limits lim;
	u64 handles, kmem, vm;
	int ret;

	if (copy_from_user(&lim, uarg, sizeof(lim)))
		return -EFAULT;

	mutex_lock(&ctx->setup_lock);
	handles = ctx->max_handles;
	kmem = ctx->max_kmem;
	mutex_lock(&ctx->vm_lock);
	vm = ctx->max_vm;
	ret = dk_lower(&handles, lim.max_handles);
	if (!ret)
		ret = dk_lower(&kmem, lim.max_kmem);
	if (!ret)
		ret = dk_lower(&vm, lim.max_vm);
	if (!ret) {
		xa_lock(&ctx->handles);
		ctx->max_handles = handles;
		xa_unlock(&ctx->handles);
		WRITE_ONCE(ctx->max_kmem, kmem);
		ctx->max_vm = vm;
	}
	mutex_unlock(&ctx->vm_lock);
	mutex_unlock(&ctx->setup_lock);
	return ret;
}

long dk_ctx_get_info(struct dk_ctx *ctx, void __user *uarg)
{
	struct dk_context_info info = {
		.abi_version = DK_ABI_VERSION,
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

	if (copy_to_user(uarg, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}

void dk_context_exit(void)
{
	ida_destroy(&dk_tag_ida);
}
