// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: DkStreamPoll, readiness of streams and objects.
 *
 * poll(2) over handles.  The call takes a reference on every object named
 * (kept to the end, so a handle closed meanwhile changes nothing here),
 * then scans: each item's readiness is asked for while this call's queue
 * function puts one entry on every wait queue the object would wake
 * (a stream's file poll method, a pipe server's queue, a sync object's
 * wait-any queue).  Nothing is consumed.  If no item is ready, the task
 * sleeps until an entry is woken, the deadline passes or a signal comes,
 * and scans again, without queuing again.
 *
 * No wake-up is lost: every entry is queued before the readiness it
 * guards is read (in the scan itself), a wake-up sets @triggered before
 * it wakes the task, and the task, after setting its state, sleeps only
 * if @triggered is still clear.  A wake-up after the read is thus either
 * seen in @triggered or finds the task asleep.  The scan runs in
 * TASK_RUNNING: a poll method may sleep (a tty's does).
 *
 * Entries are plain (not exclusive) and count in no object's
 * wake_pending: polling takes no wake-up from a DkObjectsWaitAny waiter.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/hrtimer.h>
#include <linux/uaccess.h>
#include <linux/poll.h>
#include <linux/wait.h>
#include <linux/drawbridge.h>

#include "context.h"
#include "handles.h"
#include "table.h"
#include "stream.h"
#include "thread.h"
#include "tree.h"
#include "wait.h"

/* Entries per allocation of the wait entry pool. */
#define DK_POLL_CHUNK_ENTRIES	32

struct dk_poll_table;

/**
 * struct dk_poll_wait - one wait queue entry of a DkStreamPoll
 * @wq:   the entry on @head; wq.private is the polling task
 * @head: the queue
 * @tab:  the call's table
 * @key:  EPOLL* bits the item asked for: other keyed wake-ups are ignored
 */
struct dk_poll_wait {
	wait_queue_entry_t wq;
	wait_queue_head_t *head;
	struct dk_poll_table *tab;
	__poll_t key;
};

/**
 * struct dk_poll_chunk - a block of wait entries
 * @next: the block allocated before
 * @used: entries of @ents in use
 * @ents: the entries
 */
struct dk_poll_chunk {
	struct dk_poll_chunk *next;
	unsigned int used;
	struct dk_poll_wait ents[DK_POLL_CHUNK_ENTRIES];
};

/**
 * struct dk_poll_table - the state of one DkStreamPoll call
 * @pt:        handed to poll methods; its key is the current item's
 * @task:      the polling task
 * @chunks:    the wait entries queued, newest block first; only the
 *             polling task touches the list
 * @error:     -ENOMEM if an entry could not be allocated
 * @triggered: an entry was woken since the last sleep
 */
struct dk_poll_table {
	poll_table pt;
	struct task_struct *task;
	struct dk_poll_chunk *chunks;
	int error;
	int triggered;
};

/**
 * struct dk_poll_obj - one item of the call, in the kernel
 * @obj:      the handle's object (the call's reference); NULL: skipped
 * @s:        the stream it names (a stream or process handle), or NULL
 * @events:   DK_POLL_* bits asked for
 * @interest: the same as EPOLL* bits, with EPOLLERR and EPOLLHUP
 * @revents:  DK_POLL_* bits found by the last scan
 */
struct dk_poll_obj {
	struct dk_object *obj;
	struct dk_stream *s;
	u32 events;
	__poll_t interest;
	u32 revents;
};

static int dk_poll_wake(wait_queue_entry_t *wq, unsigned int mode, int sync,
			void *key)
{
	struct dk_poll_wait *w = container_of(wq, struct dk_poll_wait, wq);

	if (key && !(key_to_poll(key) & w->key))
		return 0;
	/* Pairs with the barrier of set_current_state() in dk_poll_sleep. */
	smp_wmb();
	WRITE_ONCE(w->tab->triggered, 1);
	return default_wake_function(wq, mode, sync, key);
}

/* The poll_table queue function: one entry on @head for this call. */
static void dk_poll_queue_proc(struct file *file, wait_queue_head_t *head,
			       poll_table *pt)
{
	struct dk_poll_table *tab = container_of(pt, struct dk_poll_table, pt);
	struct dk_poll_chunk *c = tab->chunks;
	struct dk_poll_wait *w;

	if (!c || c->used == DK_POLL_CHUNK_ENTRIES) {
		c = kmalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
		if (!c) {
			tab->error = -ENOMEM;
			return;
		}
		c->used = 0;
		c->next = tab->chunks;
		tab->chunks = c;
	}
	w = &c->ents[c->used++];
	w->head = head;
	w->tab = tab;
	w->key = pt->_key;
	init_waitqueue_func_entry(&w->wq, dk_poll_wake);
	w->wq.private = tab->task;
	add_wait_queue(head, &w->wq);
}

/* Dequeue and free every entry. */
static void dk_poll_unqueue(struct dk_poll_table *tab)
{
	struct dk_poll_chunk *c, *next;
	unsigned int i;

	for (c = tab->chunks; c; c = next) {
		for (i = 0; i < c->used; i++)
			remove_wait_queue(c->ents[i].head, &c->ents[i].wq);
		next = c->next;
		kfree(c);
	}
	tab->chunks = NULL;
}

static __poll_t dk_poll_interest(u32 events)
{
	__poll_t k = EPOLLERR | EPOLLHUP;

	if (events & DK_POLL_IN)
		k |= EPOLLIN | EPOLLRDNORM;
	if (events & DK_POLL_PRI)
		k |= EPOLLPRI;
	if (events & DK_POLL_OUT)
		k |= EPOLLOUT | EPOLLWRNORM;
	if (events & DK_POLL_RDHUP)
		k |= EPOLLRDHUP;
	return k;
}

/* The DK_POLL_* bits of @mask that the item reports. */
static u32 dk_poll_revents(__poll_t mask, u32 events)
{
	u32 r = 0;

	if (mask & (EPOLLIN | EPOLLRDNORM))
		r |= DK_POLL_IN;
	if (mask & EPOLLPRI)
		r |= DK_POLL_PRI;
	if (mask & (EPOLLOUT | EPOLLWRNORM))
		r |= DK_POLL_OUT;
	if (mask & EPOLLERR)
		r |= DK_POLL_ERR;
	if (mask & EPOLLHUP)
		r |= DK_POLL_HUP;
	if (mask & EPOLLRDHUP)
		r |= DK_POLL_RDHUP;
	return r & (events | DK_POLL_ERR | DK_POLL_HUP);
}

/*
 * A waitable object's signal as EPOLLIN, without consuming it.  Queued on
 * the object's wait-any queue first.
 */
static __poll_t dk_poll_signal(struct dk_object *obj, poll_table *pt)
{
	bool ready;

	poll_wait(NULL, obj->ops->waitq(obj), pt);
	if (obj->ops->peek)
		ready = obj->ops->peek(obj);
	else
		ready = obj->ops->try_acquire(obj);	/* consumes nothing */
	return ready ? EPOLLIN | EPOLLRDNORM : 0;
}

/* The EPOLL* mask of one item; queues on @pt unless it is NULL. */
static __poll_t dk_poll_item_mask(struct dk_poll_obj *p, poll_table *pt)
{
	__poll_t mask = 0;

	if (pt)
		pt->_key = p->interest;
	if (p->s)
		mask = p->s->ops->poll ? p->s->ops->poll(p->s, pt) :
		       vfs_poll(p->s->file, pt);
	/* A process handle: its stream and, once the child ended, IN. */
	if (p->obj->ops->type != DK_OBJ_STREAM)
		mask |= dk_poll_signal(p->obj, pt);
	return mask;
}

/*
 * Look up the item's handle: a reference on its object in @p->obj (NULL
 * for a skipped item).  Return: 0 or the handle's error; -EBADFD for an
 * object that has no readiness.
 */
static int dk_poll_get(struct dk_ctx *ctx, const struct dk_poll_item *it,
		       struct dk_poll_obj *p)
{
	struct dk_object *obj;

	p->obj = NULL;
	p->s = NULL;
	p->events = it->events;
	p->interest = dk_poll_interest(it->events);
	if ((s64)it->handle < 0 ||
	    (it->handle <= U32_MAX && (s32)(u32)it->handle < 0))
		return 0;
	obj = dk_handle_get(ctx, it->handle, 0);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	p->obj = obj;
	if (obj->ops->type == DK_OBJ_STREAM)
		p->s = to_dk_stream(obj);
	else if (obj->ops->type == DK_OBJ_PROCESS)
		/* A handle exists only after completion: the stream is set. */
		p->s = to_dk_stream(to_dk_process(obj)->stream);
	else if (!obj->ops->waitq || !obj->ops->try_acquire)
		return -EBADFD;
	return 0;
}

/* One pass over the items; returns how many are ready. */
static u32 dk_poll_scan(struct dk_poll_obj *objs, u32 count, poll_table *pt)
{
	u32 i, n = 0;

	for (i = 0; i < count; i++) {
		struct dk_poll_obj *p = &objs[i];

		p->revents = 0;
		if (!p->obj)
			continue;
		p->revents = dk_poll_revents(dk_poll_item_mask(p, pt),
					     p->events);
		if (p->revents) {
			n++;
			/* The call returns now: queue on nothing more. */
			pt = NULL;
		}
	}
	return n;
}

/*
 * Sleep until an entry is woken or @deadline; false once it has passed.
 * Called in TASK_RUNNING after a scan found nothing.
 */
static bool dk_poll_sleep(struct dk_poll_table *tab, ktime_t deadline)
{
	bool more = true;

	set_current_state(TASK_INTERRUPTIBLE);
	if (!READ_ONCE(tab->triggered))
		more = schedule_hrtimeout_range(deadline == KTIME_MAX ?
						NULL : &deadline, 0,
						HRTIMER_MODE_ABS);
	__set_current_state(TASK_RUNNING);
	/* Clear before the next scan reads any readiness. */
	smp_store_mb(tab->triggered, 0);
	return more;
}

/* Scan, sleep and scan again until an item is ready; see the top. */
static long dk_poll_wait(struct dk_poll_obj *objs, u32 count, s64 timeout,
			 ktime_t deadline)
{
	struct dk_poll_table tab = { .task = current };
	/* Timeout 0: one scan, queued nowhere. */
	poll_table *pt = timeout ? &tab.pt : NULL;
	bool expired = !timeout;
	long ret;

	init_poll_funcptr(&tab.pt, dk_poll_queue_proc);
	for (;;) {
		ret = dk_poll_scan(objs, count, pt);
		pt = NULL;
		if (ret || expired)
			break;
		if (tab.error) {
			ret = tab.error;
			break;
		}
		if (signal_pending(current)) {
			ret = -ERESTARTNOHAND;
			break;
		}
		/* After the deadline, scan once more, then give up. */
		if (!dk_poll_sleep(&tab, deadline))
			expired = true;
	}
	dk_poll_unqueue(&tab);
	return ret;
}

/*
 * DkStreamPoll(Count, Items, Timeout): like poll(2) over handles.  Fills
 * in every item's revents and returns how many items have some, 0 when
 * Timeout (relative ns; 0 checks, DK_TIMEOUT_INFINITE never expires)
 * passed first.  Consumes nothing.  Errors: -EINVAL (Count 0, bad
 * Timeout), -E2BIG (Count > DK_POLL_MAX), -EFAULT, a handle's error
 * (-EBADF, -EXDEV), -ENOMEM, -EINTR (an exception upcall ran on this
 * thread).
 */
long dk_sys_stream_poll(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_poll_item __user *uitems = u64_to_user_ptr(args[1]);
	struct dk_poll_item *items;
	struct dk_poll_obj *objs;
	u32 count, i, n = 0;
	ktime_t deadline;
	long ret;

	ret = dk_wait_args(args, DK_POLL_MAX, &count, &deadline);
	if (ret)
		return ret;
	items = kvmalloc_array(count, sizeof(*items), GFP_KERNEL_ACCOUNT);
	objs = kvmalloc_array(count, sizeof(*objs), GFP_KERNEL_ACCOUNT);
	if (!items || !objs) {
		ret = -ENOMEM;
		goto out_free;
	}
	if (copy_from_user(items, uitems, count * sizeof(*items))) {
		ret = -EFAULT;
		goto out_free;
	}

	for (n = 0; n < count; n++) {
		ret = dk_poll_get(ctx, &items[n], &objs[n]);
		if (ret) {
			n += !!objs[n].obj;
			goto out_put;
		}
	}

	ret = dk_poll_wait(objs, count, (s64)args[2], deadline);
	for (i = 0; ret >= 0 && i < count; i++)
		if (put_user(objs[i].revents, &uitems[i].revents))
			ret = -EFAULT;

out_put:
	while (n--)
		if (objs[n].obj)
			dk_object_put(objs[n].obj);
out_free:
	kvfree(objs);
	kvfree(items);
	/* As after a wait-any: stacks of threads that ended meanwhile. */
	dk_threads_reap_stacks(ctx);
	return ret;
}
