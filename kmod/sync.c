// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: semaphores and events.
 *
 * Each object has a spinlock for its state and a wait queue that
 * DkObjectsWaitAny (wait.c) sleeps on.  A state change is made under the
 * lock; the queue is woken after the lock is dropped.  Waiters queue
 * exclusively in FIFO order, so the number of waiters woken says how many
 * can succeed: a semaphore release of N wakes N, a synchronization event
 * wakes one, a notification event wakes all.  These objects have no owner:
 * a thread that ends while "holding" a count or waiting releases nothing.
 */
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/drawbridge.h>

#include "context.h"
#include "handles.h"
#include "table.h"

/**
 * struct dk_sem - semaphore
 * @obj:   object header
 * @lock:  protects @count
 * @count: current count, 0..@max
 * @max:   MaxCount, fixed at creation
 * @wq:    wait-any waiters
 */
struct dk_sem {
	struct dk_object obj;
	spinlock_t lock;	/* protects count */
	u32 count;
	u32 max;
	wait_queue_head_t wq;
};

/**
 * struct dk_event - notification or synchronization event
 * @obj:   object header; obj.ops->type says which kind
 * @lock:  protects @set
 * @set:   signaled state
 * @wq:    wait-any waiters
 */
struct dk_event {
	struct dk_object obj;
	spinlock_t lock;	/* protects set */
	bool set;
	wait_queue_head_t wq;
};

static struct dk_sem *to_sem(struct dk_object *obj)
{
	return container_of(obj, struct dk_sem, obj);
}

static struct dk_event *to_event(struct dk_object *obj)
{
	return container_of(obj, struct dk_event, obj);
}

static void dk_sem_release_obj(struct dk_object *obj)
{
	kfree(to_sem(obj));
}

/*
 * A wait consumes one count, except counts that a release handed to
 * woken waiters that have not scanned yet (obj->wake_pending).
 */
static bool dk_sem_try_acquire(struct dk_object *obj)
{
	struct dk_sem *sem = to_sem(obj);
	bool got = false;

	spin_lock(&sem->lock);
	if (sem->count > (u32)atomic_read(&obj->wake_pending)) {
		sem->count--;
		got = true;
	}
	spin_unlock(&sem->lock);
	return got;
}

/* Whether dk_sem_try_acquire would take a count; takes none. */
static bool dk_sem_peek_obj(struct dk_object *obj)
{
	return READ_ONCE(to_sem(obj)->count) >
	       (u32)atomic_read(&obj->wake_pending);
}

DEFINE_DK_OBJECT_OPS(dk_sem_ops, struct dk_sem, DK_OBJ_SEMAPHORE, "semaphore",
		     dk_sem_release_obj, dk_sem_try_acquire, dk_sem_peek_obj);

static void dk_event_release_obj(struct dk_object *obj)
{
	kfree(to_event(obj));
}

/* A notification event stays set: every waiter gets through. */
static bool dk_nevent_try_acquire(struct dk_object *obj)
{
	return READ_ONCE(to_event(obj)->set);
}

/* A synchronization event resets as it lets exactly one waiter through. */
static bool dk_sevent_try_acquire(struct dk_object *obj)
{
	struct dk_event *ev = to_event(obj);
	bool got;

	spin_lock(&ev->lock);
	got = ev->set && !atomic_read(&obj->wake_pending);
	if (got)
		ev->set = false;
	spin_unlock(&ev->lock);
	return got;
}

/* Whether dk_sevent_try_acquire would succeed; resets nothing. */
static bool dk_sevent_peek(struct dk_object *obj)
{
	return READ_ONCE(to_event(obj)->set) &&
	       !atomic_read(&obj->wake_pending);
}

DEFINE_DK_OBJECT_OPS(dk_nevent_ops, struct dk_event, DK_OBJ_NOTIFICATION_EVENT,
		     "notification-event", dk_event_release_obj,
		     dk_nevent_try_acquire, NULL);
DEFINE_DK_OBJECT_OPS(dk_sevent_ops, struct dk_event,
		     DK_OBJ_SYNCHRONIZATION_EVENT, "synchronization-event",
		     dk_event_release_obj, dk_sevent_try_acquire, dk_sevent_peek);

/* DkSemaphoreCreate(InitCount, MaxCount): returns the handle. */
long dk_sys_sem_create(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_sem *sem;

	if (!args[1] || args[1] > DK_SEMAPHORE_MAX || args[0] > args[1])
		return -EINVAL;
	sem = dk_object_alloc(ctx, &dk_sem_ops, struct dk_sem, sizeof(*sem));
	if (IS_ERR(sem))
		return PTR_ERR(sem);
	spin_lock_init(&sem->lock);
	sem->count = args[0];
	sem->max = args[1];
	init_waitqueue_head(&sem->wq);
	return dk_handle_install_put(ctx, &sem->obj);
}

/*
 * DkSemaphoreRelease(h, ReleaseCount): add ReleaseCount (>= 1) to the
 * count.  Returns the previous count; -EOVERFLOW, with nothing changed,
 * if the count would exceed MaxCount.
 */
long dk_sys_sem_release(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_object *obj;
	struct dk_sem *sem;
	long ret;

	if (!args[1] || args[1] > U32_MAX)
		return -EINVAL;
	obj = dk_handle_get(ctx, args[0], DK_OBJ_SEMAPHORE);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	sem = to_sem(obj);

	spin_lock(&sem->lock);
	if (args[1] > (u64)(sem->max - sem->count)) {
		ret = -EOVERFLOW;
	} else {
		ret = sem->count;
		sem->count += args[1];
	}
	spin_unlock(&sem->lock);
	if (ret >= 0)
		wake_up_nr(&sem->wq, args[1]);
	dk_object_put(obj);
	return ret;
}

/* DkSemaphorePeek(h): the current count, without changing it. */
long dk_sys_sem_peek(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_object *obj;
	long ret;

	obj = dk_handle_get(ctx, args[0], DK_OBJ_SEMAPHORE);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	ret = READ_ONCE(to_sem(obj)->count);
	dk_object_put(obj);
	return ret;
}

static long dk_event_create(struct dk_ctx *ctx, u64 initial,
			    const struct dk_object_ops *ops)
{
	struct dk_event *ev;

	if (initial > 1)
		return -EINVAL;
	ev = dk_object_alloc(ctx, ops, struct dk_event, sizeof(*ev));
	if (IS_ERR(ev))
		return PTR_ERR(ev);
	spin_lock_init(&ev->lock);
	ev->set = initial;
	init_waitqueue_head(&ev->wq);
	return dk_handle_install_put(ctx, &ev->obj);
}

/* DkNotificationEventCreate(InitialState 0|1): returns the handle. */
long dk_sys_nevent_create(struct dk_ctx *ctx, const u64 *args)
{
	return dk_event_create(ctx, args[0], &dk_nevent_ops);
}

/* DkSynchronizationEventCreate(InitialState 0|1): returns the handle. */
long dk_sys_sevent_create(struct dk_ctx *ctx, const u64 *args)
{
	return dk_event_create(ctx, args[0], &dk_sevent_ops);
}

/* Either kind of event, or an error pointer. */
static struct dk_object *dk_event_get(struct dk_ctx *ctx, u64 handle)
{
	struct dk_object *obj = dk_handle_get(ctx, handle, 0);

	if (IS_ERR(obj))
		return obj;
	if (obj->ops != &dk_nevent_ops && obj->ops != &dk_sevent_ops) {
		dk_object_put(obj);
		return ERR_PTR(-EBADFD);
	}
	return obj;
}

/*
 * Set or reset an event; returns its previous state (0 or 1).  Setting
 * wakes every waiter of a notification event, one of a synchronization
 * event.
 */
static long dk_event_change(struct dk_ctx *ctx, u64 handle, bool set)
{
	struct dk_object *obj = dk_event_get(ctx, handle);
	struct dk_event *ev;
	bool was;

	if (IS_ERR(obj))
		return PTR_ERR(obj);
	ev = to_event(obj);
	spin_lock(&ev->lock);
	was = ev->set;
	ev->set = set;
	spin_unlock(&ev->lock);
	if (set && obj->ops == &dk_nevent_ops)
		wake_up_all(&ev->wq);
	else if (set)
		wake_up(&ev->wq);
	dk_object_put(obj);
	return was;
}

/* DkEventSet(h): set the event; returns the previous state (0 or 1). */
long dk_sys_event_set(struct dk_ctx *ctx, const u64 *args)
{
	return dk_event_change(ctx, args[0], true);
}

/* DkEventClear(h): reset the event; returns the previous state. */
long dk_sys_event_clear(struct dk_ctx *ctx, const u64 *args)
{
	return dk_event_change(ctx, args[0], false);
}

/* DkEventPeek(h): the current state (0 or 1), unchanged. */
long dk_sys_event_peek(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_object *obj = dk_event_get(ctx, args[0]);
	long ret;

	if (IS_ERR(obj))
		return PTR_ERR(obj);
	ret = READ_ONCE(to_event(obj)->set);
	dk_object_put(obj);
	return ret;
}
