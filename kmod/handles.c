// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: the per-context handle table and object references.
 *
 * A handle value is (context tag << DK_HANDLE_SLOT_BITS) | slot.  The slot
 * indexes ctx->handles, an allocating xarray whose entries are struct
 * dk_hslot.  DkObjectReference counts references on the handle itself
 * (hslot->refs); the handle goes away when DkObjectClose drops the last.
 * The handle holds one reference on its object.
 */
#include <linux/slab.h>
#include <linux/limits.h>
#include <linux/drawbridge.h>

#include "context.h"
#include "handles.h"
#include "table.h"

/**
 * struct dk_hslot - one open handle
 * @obj:  the object (one reference held); never changes
 * @refs: DkObjectReference count; protected by ctx->handles' xa_lock
 */
struct dk_hslot {
	struct dk_object *obj;
	unsigned int refs;
};

/**
 * dk_object_init - initialize a new object with one reference
 * @obj:    the embedded header
 * @ops:    the type's behaviour
 * @owner:  context charged for @charge bytes of kernel memory
 * @charge: bytes to charge
 *
 * Return: 0, or -EDQUOT if @owner's kernel memory quota is exhausted (the
 * object is then not initialized and must simply be freed).
 */
static int dk_object_init(struct dk_object *obj,
			  const struct dk_object_ops *ops,
			  struct dk_ctx *owner, size_t charge)
{
	int ret = dk_ctx_charge(owner, charge);

	if (ret)
		return ret;
	kref_init(&obj->ref);
	obj->ops = ops;
	obj->owner = owner;
	obj->charge = charge;
	atomic_set(&obj->wake_pending, 0);
	dk_ctx_get(owner);
	return 0;
}

/**
 * __dk_object_alloc - allocate and initialize an object; see dk_object_alloc
 * @owner:  context charged for @charge bytes of kernel memory
 * @ops:    the type's behaviour
 * @size:   size of the containing structure (zeroed)
 * @offset: offset of its struct dk_object
 * @charge: bytes to charge
 *
 * Return: the containing structure with one reference, or ERR_PTR(-ENOMEM)
 * or ERR_PTR(-EDQUOT) when @owner's kernel memory quota is exhausted.
 */
void *__dk_object_alloc(struct dk_ctx *owner, const struct dk_object_ops *ops,
			size_t size, size_t offset, size_t charge)
{
	void *p = kzalloc(size, GFP_KERNEL_ACCOUNT);
	int ret;

	if (!p)
		return ERR_PTR(-ENOMEM);
	ret = dk_object_init(p + offset, ops, owner, charge);
	if (ret) {
		kfree(p);
		return ERR_PTR(ret);
	}
	return p;
}

void dk_object_get(struct dk_object *obj)
{
	kref_get(&obj->ref);
}

static void dk_object_release(struct kref *ref)
{
	struct dk_object *obj = container_of(ref, struct dk_object, ref);
	struct dk_ctx *owner = obj->owner;
	size_t charge = obj->charge;

	obj->ops->release(obj);
	dk_ctx_uncharge(owner, charge);
	dk_ctx_put(owner);
}

void dk_object_put(struct dk_object *obj)
{
	kref_put(&obj->ref, dk_object_release);
}

/*
 * Allocate a slot for @entry (NULL: reserve the slot, which then reads as
 * not open) within the handle quota.  Return: 0, -EMFILE, -ENOMEM, or
 * -EPERM once the context was torn down.
 */
static int dk_slot_alloc(struct dk_ctx *ctx, struct dk_hslot *entry, u32 *slot)
{
	int ret;

	xa_lock(&ctx->handles);
	if (ctx->handles_closed) {
		xa_unlock(&ctx->handles);
		return -EPERM;
	}
	if (ctx->nhandles >= ctx->max_handles) {
		xa_unlock(&ctx->handles);
		return -EMFILE;
	}
	/* Count it first: __xa_alloc may drop the lock to allocate. */
	ctx->nhandles++;
	ret = __xa_alloc(&ctx->handles, slot, entry,
			 XA_LIMIT(0, DK_HANDLE_SLOT_MASK), GFP_KERNEL_ACCOUNT);
	if (ret) {
		ctx->nhandles--;
		ret = ret == -EBUSY ? -EMFILE : ret;
	} else if (ctx->handles_closed) {
		/* Torn down while __xa_alloc had dropped the lock. */
		__xa_erase(&ctx->handles, *slot);
		ctx->nhandles--;
		ret = -EPERM;
	}
	xa_unlock(&ctx->handles);
	return ret;
}

static int dk_handle_value(struct dk_ctx *ctx, u32 slot)
{
	return (int)((ctx->tag << DK_HANDLE_SLOT_BITS) | slot);
}

/**
 * dk_handle_install - give @obj a new handle in @ctx
 * @ctx: the context
 * @obj: the object
 *
 * Takes its own reference on @obj; the caller keeps its reference.
 * Return: the handle, -EMFILE when the handle quota is reached, -ENOMEM,
 * -EPERM when the context was torn down.
 */
int dk_handle_install(struct dk_ctx *ctx, struct dk_object *obj)
{
	struct dk_hslot *hs;
	u32 slot;
	int ret;

	hs = kmalloc(sizeof(*hs), GFP_KERNEL_ACCOUNT);
	if (!hs)
		return -ENOMEM;
	hs->obj = obj;
	hs->refs = 1;
	/* The reference must exist before the handle is visible. */
	dk_object_get(obj);
	ret = dk_slot_alloc(ctx, hs, &slot);
	if (ret) {
		dk_object_put(obj);
		kfree(hs);
		return ret;
	}
	return dk_handle_value(ctx, slot);
}

/**
 * dk_handle_install_put - publish a new object
 * @ctx: the context
 * @obj: the object; the caller's reference is consumed
 *
 * Gives @obj a handle and drops the creator's reference, so that on
 * failure the object is freed.  Return: as dk_handle_install().
 */
int dk_handle_install_put(struct dk_ctx *ctx, struct dk_object *obj)
{
	int ret = dk_handle_install(ctx, obj);

	dk_object_put(obj);
	return ret;
}

/**
 * dk_handle_reserve - set a handle aside for an object still to come
 * @ctx: the context
 * @r:   filled in, for exactly one dk_handle_commit() or dk_handle_cancel()
 *
 * For calls whose effect must not happen unless a handle can name it
 * (DkProcessCreate).  The reserved handle counts against the quota and
 * reads as not open until committed.
 * Return: 0, -EMFILE when the handle quota is reached, -ENOMEM, -EPERM
 * when the context was torn down.
 */
int dk_handle_reserve(struct dk_ctx *ctx, struct dk_handle_resv *r)
{
	int ret;

	r->hs = kmalloc(sizeof(*r->hs), GFP_KERNEL_ACCOUNT);
	if (!r->hs)
		return -ENOMEM;
	ret = dk_slot_alloc(ctx, NULL, &r->slot);
	if (ret) {
		kfree(r->hs);
		r->hs = NULL;
	}
	return ret;
}

/* Give back a reserved handle that dk_handle_commit() does not fill. */
void dk_handle_cancel(struct dk_ctx *ctx, struct dk_handle_resv *r)
{
	xa_lock(&ctx->handles);
	__xa_erase(&ctx->handles, r->slot);
	ctx->nhandles--;
	xa_unlock(&ctx->handles);
	kfree(r->hs);
	r->hs = NULL;
}

/**
 * dk_handle_commit - open a reserved handle on @obj
 * @ctx: the context
 * @r:   from dk_handle_reserve(); consumed
 * @obj: the object; a reference is taken as by dk_handle_install()
 *
 * Return: the handle; -EPERM (the reservation given back) if the context
 * was torn down since the reservation.  Nothing else can fail: the slot
 * and its memory exist.
 */
int dk_handle_commit(struct dk_ctx *ctx, struct dk_handle_resv *r,
		     struct dk_object *obj)
{
	void *old;

	r->hs->obj = obj;
	r->hs->refs = 1;
	xa_lock(&ctx->handles);
	if (ctx->handles_closed) {
		xa_unlock(&ctx->handles);
		dk_handle_cancel(ctx, r);
		return -EPERM;
	}
	/* The reference must exist before the handle is visible. */
	dk_object_get(obj);
	/* Replacing the reserved entry allocates nothing. */
	old = __xa_store(&ctx->handles, r->slot, r->hs, GFP_NOWAIT);
	xa_unlock(&ctx->handles);
	WARN_ON_ONCE(old);
	return dk_handle_value(ctx, r->slot);
}

/* Check a handle value's form; on success store its slot. */
static int dk_handle_slot(struct dk_ctx *ctx, u64 handle, u32 *slot)
{
	u32 tag;

	if (handle > INT_MAX)
		return -EBADF;
	tag = DK_HANDLE_TAG(handle);
	if (!tag)
		return -EBADF;
	if (tag != ctx->tag)
		return -EXDEV;
	*slot = DK_HANDLE_SLOT(handle);
	return 0;
}

/*
 * The open slot of a handle value, or ERR_PTR(-EBADF or -EXDEV, see
 * dk_handle_slot; -EBADF for a slot not open or only reserved); its
 * index in @slot.  Called with xa_lock(&ctx->handles) held.
 */
static struct dk_hslot *dk_hslot_find_locked(struct dk_ctx *ctx, u64 handle,
					     u32 *slot)
{
	struct dk_hslot *hs;
	int ret;

	ret = dk_handle_slot(ctx, handle, slot);
	if (ret)
		return ERR_PTR(ret);
	hs = xa_load(&ctx->handles, *slot);
	return hs ? hs : ERR_PTR(-EBADF);
}

/**
 * dk_handle_get - look up a handle and take a reference on its object
 * @ctx:    the calling context
 * @handle: the raw handle argument
 * @type:   required DK_OBJ_* type, or 0 for any
 *
 * Return: the object, or ERR_PTR(-EBADF) for a handle that is not open,
 * ERR_PTR(-EXDEV) for another context's handle, ERR_PTR(-EBADFD) for an
 * object of the wrong type.
 */
struct dk_object *dk_handle_get(struct dk_ctx *ctx, u64 handle,
				unsigned int type)
{
	struct dk_object *obj;
	struct dk_hslot *hs;
	u32 slot;

	xa_lock(&ctx->handles);
	hs = dk_hslot_find_locked(ctx, handle, &slot);
	if (IS_ERR(hs)) {
		obj = ERR_CAST(hs);
	} else if (type && hs->obj->ops->type != type) {
		obj = ERR_PTR(-EBADFD);
	} else {
		obj = hs->obj;
		dk_object_get(obj);
	}
	xa_unlock(&ctx->handles);
	return obj;
}

/* DkObjectReference(Handle): one more DkObjectClose needed to close it. */
long dk_sys_object_reference(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_hslot *hs;
	u32 slot;
	int ret = 0;

	xa_lock(&ctx->handles);
	hs = dk_hslot_find_locked(ctx, args[0], &slot);
	if (IS_ERR(hs))
		ret = PTR_ERR(hs);
	else if (hs->refs == UINT_MAX)
		ret = -EOVERFLOW;
	else
		hs->refs++;
	xa_unlock(&ctx->handles);
	return ret;
}

/* A handle slot taken out of its table: tell the object, drop its reference. */
static void dk_hslot_free(struct dk_hslot *hs)
{
	if (hs->obj->ops->closed)
		hs->obj->ops->closed(hs->obj);
	dk_object_put(hs->obj);
	kfree(hs);
}

/* DkObjectClose(Handle): drop one reference; the last closes the handle. */
long dk_sys_object_close(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_hslot *hs;
	u32 slot;

	xa_lock(&ctx->handles);
	hs = dk_hslot_find_locked(ctx, args[0], &slot);
	if (IS_ERR(hs) || --hs->refs) {
		xa_unlock(&ctx->handles);
		return PTR_ERR_OR_ZERO(hs);
	}
	__xa_erase(&ctx->handles, slot);
	ctx->nhandles--;
	xa_unlock(&ctx->handles);

	dk_hslot_free(hs);
	return 0;
}

/*
 * Context teardown: close every handle whatever its reference count, and
 * for good: no handle can be opened afterwards, so nothing installed
 * later can hold the context (or its file) alive.  A slot reserved by a
 * call in flight stays for that call to give back.
 */
void dk_handles_close_all(struct dk_ctx *ctx)
{
	struct dk_hslot *hs;
	unsigned long slot = 0;

	xa_lock(&ctx->handles);
	ctx->handles_closed = true;
	xa_unlock(&ctx->handles);
	for (;;) {
		xa_lock(&ctx->handles);
		/* Skips reserved (NULL) slots. */
		hs = xa_find(&ctx->handles, &slot, ULONG_MAX, XA_PRESENT);
		if (hs) {
			__xa_erase(&ctx->handles, slot);
			ctx->nhandles--;
		}
		xa_unlock(&ctx->handles);
		if (!hs)
			break;
		dk_hslot_free(hs);
	}
}
