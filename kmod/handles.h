/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: objects and the handle table (handles.c).
 *
 * Object model
 * ------------
 * A context (struct dk_ctx) is one open of /dev/drawbridge: one
 * picoprocess.  It owns a handle table mapping small integers to
 * refcounted objects (struct dk_object).  An object is embedded in a
 * type-specific structure and carries a pointer to its ops.  Every handle
 * holds one object reference; every call that uses an object holds another
 * for its duration, so closing a handle never frees an object under a
 * running call.
 */
#ifndef _DK_HANDLES_H
#define _DK_HANDLES_H

#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/kref.h>
#include <linux/wait.h>
#include <linux/atomic.h>
#include <linux/container_of.h>

struct dk_ctx;
struct dk_object;

/**
 * struct dk_object_ops - behaviour of one object type
 * @type:        DK_OBJ_* value
 * @name:        for tracing and diagnostics
 * @release:     frees the containing structure; may sleep
 * @try_acquire: wait-any support: if the object is signaled, consume the
 *               signal as the type's rules say and return true.  Called
 *               with no context lock held.  NULL: never signaled.
 * @waitq:       wait-any support: the queue woken when the object may have
 *               become signaled.  NULL: not waitable.
 * @peek:        DkStreamPoll support: whether try_acquire would succeed
 *               now, consuming nothing.  NULL: try_acquire consumes
 *               nothing and answers that.
 * @closed:      a handle naming the object went (its last DkObjectClose,
 *               or its context's teardown), whatever references remain;
 *               may sleep.  NULL: nothing to do.
 */
struct dk_object_ops {
	unsigned int type;
	const char *name;
	void (*release)(struct dk_object *obj);
	bool (*try_acquire)(struct dk_object *obj);
	wait_queue_head_t *(*waitq)(struct dk_object *obj);
	bool (*peek)(struct dk_object *obj);
	void (*closed)(struct dk_object *obj);
};

/**
 * DEFINE_DK_OBJECT_OPS - define the ops of a type with its own wait queue
 * @ops_name: the struct dk_object_ops to define
 * @stype:    the containing structure: its member obj is the object, its
 *            member wq the queue its waiters sleep on (@waitq)
 * @id:       @type, a DK_OBJ_* value
 * @desc:     @name
 * @rel:      @release
 * @acquire:  @try_acquire
 * @peek_fn:  @peek, or NULL
 */
#define DEFINE_DK_OBJECT_OPS(ops_name, stype, id, desc, rel, acquire,	\
			     peek_fn)					\
static wait_queue_head_t *ops_name##_waitq(struct dk_object *obj)	\
{									\
	return &container_of(obj, stype, obj)->wq;			\
}									\
static const struct dk_object_ops ops_name = {				\
	.type = id,							\
	.name = desc,							\
	.release = rel,							\
	.try_acquire = acquire,						\
	.waitq = ops_name##_waitq,					\
	.peek = peek_fn,						\
}

/**
 * struct dk_object - header embedded in every object a handle can name
 * @ref:    references: one per handle plus one per call in flight
 * @ops:    type behaviour; never changes
 * @owner:  context charged for the object's kernel memory (holds a ref)
 * @charge: bytes charged to @owner
 * @wake_pending: waiters woken through this object's queue that have not
 *          scanned since (wait.c); a consuming try_acquire leaves that
 *          many signals to them, so a running newcomer cannot take the
 *          signal a release handed to a sleeper
 */
struct dk_object {
	struct kref ref;
	const struct dk_object_ops *ops;
	struct dk_ctx *owner;
	size_t charge;
	atomic_t wake_pending;
};

void *__dk_object_alloc(struct dk_ctx *owner, const struct dk_object_ops *ops,
			size_t size, size_t offset, size_t charge);
/*
 * dk_object_alloc - a zeroed @type whose member obj is initialized with
 * one reference, @charge bytes charged to @owner; or ERR_PTR(-ENOMEM or
 * -EDQUOT).  Drop it with dk_object_put(), which runs @ops->release.
 */
#define dk_object_alloc(owner, ops, type, charge)			\
	((type *)__dk_object_alloc(owner, ops, sizeof(type),		\
				   offsetof(type, obj), charge))
void dk_object_get(struct dk_object *obj);
void dk_object_put(struct dk_object *obj);
int dk_handle_install(struct dk_ctx *ctx, struct dk_object *obj);
int dk_handle_install_put(struct dk_ctx *ctx, struct dk_object *obj);

/* A handle set aside before its object exists (see handles.c). */
struct dk_hslot;
struct dk_handle_resv {
	struct dk_hslot *hs;
	u32 slot;
};

int dk_handle_reserve(struct dk_ctx *ctx, struct dk_handle_resv *r);
int dk_handle_commit(struct dk_ctx *ctx, struct dk_handle_resv *r,
		     struct dk_object *obj);
void dk_handle_cancel(struct dk_ctx *ctx, struct dk_handle_resv *r);
struct dk_object *dk_handle_get(struct dk_ctx *ctx, u64 handle,
				unsigned int type);
void dk_handles_close_all(struct dk_ctx *ctx);

#endif /* _DK_HANDLES_H */
