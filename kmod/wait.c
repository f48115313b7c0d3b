// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: DkObjectsWaitAny, DkThreadDelayExecution and
 * DkThreadYieldExecution.
 *
 * Wait-any takes a reference on every object named, then loops: try the
 * objects in array order (the lowest signaled index wins, and its signal
 * is consumed by the object's own rule), otherwise sleep on an hrtimer
 * until the absolute deadline.  Before the first sleep it queues one
 * exclusive entry per distinct wait queue; entries stay queued, in FIFO
 * position, until the call ends, so an object's waiters are served in
 * arrival order.
 *
 * The scan runs in TASK_RUNNING because a try_acquire may sleep: a
 * stream's is vfs_poll, and a tty's poll takes the line discipline
 * semaphore and flushes the tty's buffer work.  No wake-up is lost all the
 * same, by the protocol of wait_woken(): the entries are queued before the
 * scan, a wake-up through an entry sets the entry's woken flag before it
 * wakes the task, and after a failed scan the task sets its state and
 * sleeps only if no entry was woken since the flags were taken before the
 * scan.  A wake-up during or after the scan is thus either seen by that
 * check or finds the task asleep on the queue.
 *
 * A waiter woken through a queue that then returns without consuming that
 * queue's object (another object was signaled, time ran out, a signal
 * came) passes the wake-up on to the next waiter of that queue.
 */
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/hrtimer.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/drawbridge.h>

#include "context.h"
#include "handles.h"
#include "thread.h"
#include "wait.h"
#include "table.h"

/* Distinct wait queues kept on the stack; more are allocated. */
#define DK_WAIT_STACK_ENTRIES	4

/**
 * struct dk_wait_entry - one queue a wait-any sleeps on
 * @wq:    the entry on @head; wq.private is the waiting task
 * @head:  the object's wait queue
 * @obj:   first object of the array using @head
 * @woken: set by the wake function since the last scan
 * @had_wake: the last scan followed a wake-up through this queue
 */
struct dk_wait_entry {
	wait_queue_entry_t wq;
	wait_queue_head_t *head;
	struct dk_object *obj;
	int woken;
	bool had_wake;
};

/*
 * Mark the entry woken and count it in @obj->wake_pending, so that the
 * signal that woke it is left to it rather than to a running newcomer.
 * An entry already woken is skipped: the wake-up goes on to the next
 * exclusive waiter.
 */
static int dk_wait_wake(wait_queue_entry_t *wq, unsigned int mode,
			int sync, void *key)
{
	struct dk_wait_entry *e = container_of(wq, struct dk_wait_entry, wq);

	if (xchg(&e->woken, 1))
		return 0;
	atomic_inc(&e->obj->wake_pending);
	default_wake_function(wq, mode, sync, key);
	return 1;
}

/* Take back the entry's wake-up, if it has one; true if it had. */
static bool dk_wait_unwake(struct dk_wait_entry *e)
{
	if (!xchg(&e->woken, 0))
		return false;
	atomic_dec(&e->obj->wake_pending);
	return true;
}

int dk_timeout_deadline(s64 timeout, ktime_t *deadline)
{
	if (timeout == DK_TIMEOUT_INFINITE) {
		*deadline = KTIME_MAX;
		return 0;
	}
	if (timeout < 0)
		return -EINVAL;
	*deadline = ktime_add_safe(ktime_get(), ns_to_ktime(timeout));
	return 0;
}

int dk_wait_args(const u64 *args, u32 max, u32 *count, ktime_t *deadline)
{
	if (!args[0])
		return -EINVAL;
	if (args[0] > max)
		return -E2BIG;
	*count = args[0];
	return dk_timeout_deadline((s64)args[2], deadline);
}

int dk_sleep_until(ktime_t deadline)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current)) {
			__set_current_state(TASK_RUNNING);
			return -ERESTARTNOHAND;
		}
		if (!schedule_hrtimeout_range(deadline == KTIME_MAX ?
					      NULL : &deadline, 0,
					      HRTIMER_MODE_ABS))
			return 0;
	}
}

/*
 * Whether a wake-up came through any entry since its last
 * dk_wait_unwake().  Called after set_current_state(), whose barrier
 * pairs with the one in dk_wait_wake()'s xchg: a wake-up either shows
 * here or finds the task sleeping and makes it runnable.
 */
static bool dk_wait_woken(const struct dk_wait_entry *ents, u32 nents)
{
	u32 i;

	for (i = 0; i < nents; i++)
		if (READ_ONCE(ents[i].woken))
			return true;
	return false;
}

/* Try the objects in order; the index of the one acquired, or -1. */
static int dk_wait_scan(struct dk_object **objs, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (objs[i]->ops->try_acquire(objs[i]))
			return i;
	return -1;
}

/* Queue one entry per distinct wait queue; returns the number of entries. */
static u32 dk_wait_queue(struct dk_object **objs, u32 n,
			 struct dk_wait_entry *ents)
{
	u32 i, j, nents = 0;

	for (i = 0; i < n; i++) {
		wait_queue_head_t *head = objs[i]->ops->waitq(objs[i]);

		for (j = 0; j < nents; j++)
			if (ents[j].head == head)
				break;
		if (j < nents)
			continue;
		ents[nents].head = head;
		ents[nents].obj = objs[i];
		ents[nents].woken = 0;
		ents[nents].had_wake = false;
		init_waitqueue_func_entry(&ents[nents].wq, dk_wait_wake);
		ents[nents].wq.private = current;
		add_wait_queue_exclusive(head, &ents[nents].wq);
		nents++;
	}
	return nents;
}

/* Dequeue; pass on wake-ups this waiter got but did not use. */
static void dk_wait_unqueue(struct dk_wait_entry *ents, u32 nents,
			    struct dk_object *got)
{
	u32 i;

	for (i = 0; i < nents; i++) {
		bool woken;

		remove_wait_queue(ents[i].head, &ents[i].wq);
		woken = dk_wait_unwake(&ents[i]) || ents[i].had_wake;
		if (woken && (!got || ents[i].head != got->ops->waitq(got)))
			wake_up(ents[i].head);
	}
}

/* Sleep on every queue until an object is acquired, the deadline, a signal. */
static long dk_wait_block(struct dk_object **objs, u32 n, ktime_t deadline)
{
	struct dk_wait_entry stack_ents[DK_WAIT_STACK_ENTRIES];
	struct dk_wait_entry *ents = stack_ents;
	bool expired = false;
	u32 i, nents;
	long ret;

	if (n > DK_WAIT_STACK_ENTRIES) {
		ents = kmalloc_array(n, sizeof(*ents), GFP_KERNEL);
		if (!ents)
			return -ENOMEM;
	}
	nents = dk_wait_queue(objs, n, ents);

	for (;;) {
		for (i = 0; i < nents; i++)
			ents[i].had_wake = dk_wait_unwake(&ents[i]);
		/* Running: a try_acquire may sleep (vfs_poll of a tty). */
		ret = dk_wait_scan(objs, n);
		if (ret >= 0)
			break;
		if (expired) {
			ret = -ETIMEDOUT;
			break;
		}
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current)) {
			__set_current_state(TASK_RUNNING);
			ret = -ERESTARTNOHAND;
			break;
		}
		/* Woken since the entries were taken: scan again at once. */
		if (dk_wait_woken(ents, nents)) {
			__set_current_state(TASK_RUNNING);
			continue;
		}
		/* After the deadline passes, scan once more, then give up. */
		if (!schedule_hrtimeout_range(deadline == KTIME_MAX ?
					      NULL : &deadline, 0,
					      HRTIMER_MODE_ABS))
			expired = true;
	}

	dk_wait_unqueue(ents, nents, ret >= 0 ? objs[ret] : NULL);
	if (ents != stack_ents)
		kfree(ents);
	return ret;
}

/*
 * DkObjectsWaitAny(Count, Handles, Timeout): wait until one of Count
 * (1..DK_WAIT_MAX) objects is signaled, consume its signal and return its
 * index.  Timeout is relative, in nanoseconds; 0 polls and
 * DK_TIMEOUT_INFINITE never expires.  Errors: -EINVAL (Count 0, bad
 * Timeout), -E2BIG (Count > DK_WAIT_MAX), -EFAULT, a handle's error
 * (-EBADF, -EXDEV), -EBADFD (not waitable), -ETIMEDOUT, -EINTR (an
 * exception upcall ran on this thread).
 */
long dk_sys_wait_any(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_object *objs[DK_WAIT_MAX];
	s32 handles[DK_WAIT_MAX];
	u32 count, n = 0;
	ktime_t deadline;
	long ret;

	ret = dk_wait_args(args, DK_WAIT_MAX, &count, &deadline);
	if (ret)
		return ret;
	if (copy_from_user(handles, u64_to_user_ptr(args[1]),
			   count * sizeof(handles[0])))
		return -EFAULT;

	for (n = 0; n < count; n++) {
		struct dk_object *obj = dk_handle_get(ctx, (u32)handles[n], 0);

		if (IS_ERR(obj)) {
			ret = PTR_ERR(obj);
			goto out_put;
		}
		objs[n] = obj;
		if (!obj->ops->try_acquire || !obj->ops->waitq) {
			n++;
			ret = -EBADFD;
			goto out_put;
		}
	}

	ret = dk_wait_scan(objs, n);
	if (ret < 0) {
		if (!args[2])
			ret = -ETIMEDOUT;
		else
			ret = dk_wait_block(objs, n, deadline);
	}

out_put:
	while (n--)
		dk_object_put(objs[n]);
	dk_threads_reap_stacks(ctx);
	return ret;
}

/*
 * DkThreadYieldExecution(): a scheduling point.  The scheduler runs
 * another task if one is due, as it would on preemption; the call does not
 * promise to give up the CPU when the caller is still the best choice.
 */
long dk_sys_thread_yield(struct dk_ctx *ctx, const u64 *args)
{
	set_tsk_need_resched(current);
	schedule();
	return 0;
}

/*
 * DkThreadDelayExecution(Duration): sleep Duration nanoseconds
 * (DK_TIMEOUT_INFINITE: until interrupted).  Returns 0, or -EINTR when an
 * exception upcall (e.g. DkThreadRaiseException) ran on the thread.
 */
long dk_sys_thread_delay(struct dk_ctx *ctx, const u64 *args)
{
	ktime_t deadline;
	int ret;

	ret = dk_timeout_deadline((s64)args[0], &deadline);
	if (ret)
		return ret;
	return dk_sleep_until(deadline);
}
