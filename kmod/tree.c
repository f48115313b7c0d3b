// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: picoprocess trees and the monitor protocol.
 *
 * A picoprocess never forks.  DkProcessCreate (process.c) queues a
 * request on the caller's tree; the tree's monitor (dbexec, outside the
 * sandbox) takes it with DK_IOC_MONITOR_NEXT, checks the image against
 * its policy, forks and confines a new picoprocess whose context joins
 * the tree for that request (DK_IOC_JOIN_TREE), and completes the request
 * with DK_IOC_MONITOR_COMPLETE, handing over the parent's end of the
 * parent/child stream.  The monitor reports every child's end with
 * DK_IOC_MONITOR_EXITED.  When the monitor's context goes away the tree
 * is dead: requests fail with ESRCH and every member that still runs the
 * address space it joined with is killed.
 *
 * The killing is deferred to a work item: the monitor's context may be
 * torn down by its mm's release inside an exec (begin_new_exec holds the
 * exec'ing task's exec_update_lock), and each kill takes a member's
 * exec_update_lock.  The work item holds no other lock while it does.
 */
#include <linux/slab.h>
#include <linux/file.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/uaccess.h>
#include <linux/drawbridge.h>

#include "context.h"
#include "handles.h"
#include "ioctl.h"
#include "main.h"
#include "process.h"
#include "tree.h"

static void dk_kill_work_fn(struct work_struct *work);

/* Dead trees whose members are still to be killed (tree->dead_node). */
static LIST_HEAD(dk_dead_trees);
static DEFINE_SPINLOCK(dk_kills_lock);	/* protects dk_dead_trees */
static DECLARE_WORK(dk_kill_work, dk_kill_work_fn);

void dk_tree_get(struct dk_tree *tree)
{
	kref_get(&tree->ref);
}

static void dk_tree_free(struct kref *ref)
{
	struct dk_tree *tree = container_of(ref, struct dk_tree, ref);

	WARN_ON_ONCE(!xa_empty(&tree->procs) || !list_empty(&tree->kills));
	xa_destroy(&tree->procs);
	put_pid(tree->top);
	if (tree->top_mm)
		mmdrop(tree->top_mm);
	kfree(tree);
}

void dk_tree_put(struct dk_tree *tree)
{
	kref_put(&tree->ref, dk_tree_free);
}

/*
 * The tree @ctx is the monitor of, or NULL.  @tree_link is set once,
 * under setup_lock, and stays until the context is freed; the acquire
 * pairs with the release that publishes it, so this needs no lock, even
 * on another process's context.
 */
static struct dk_tree *dk_monitor_tree(struct dk_ctx *ctx)
{
	/* Pairs with the smp_store_release() that publishes the link. */
	struct dk_tree_link *link = smp_load_acquire(&ctx->tree_link);

	return link && link->monitor ? link->tree : NULL;
}

bool dk_tree_is_monitor(struct dk_ctx *ctx)
{
	return dk_monitor_tree(ctx);
}

/* A child's exit: record @code once and wake the waiters. */
static void dk_proc_mark_exited(struct dk_process *p, int code)
{
	lockdep_assert_held(&p->tree->lock);
	if (p->exited)
		return;
	p->exit_code = code;
	/* Publish @exit_code before @exited for lockless readers. */
	smp_store_release(&p->exited, true);
	wake_up_all(&p->wq);
}

static void dk_proc_uncount(struct dk_process *p)
{
	lockdep_assert_held(&p->tree->lock);
	if (p->counted) {
		p->counted = false;
		p->tree->nprocs--;
	}
}

/* Complete a request; @p's state must be PENDING or TAKEN. */
static void dk_proc_finish(struct dk_process *p, int result)
{
	lockdep_assert_held(&p->tree->lock);
	p->result = result;
	/* Publish @result and @stream before DONE for the waiting parent. */
	smp_store_release(&p->state, DK_PROC_DONE);
	wake_up_all(&p->wq);
}

/*
 * DK_IOC_MONITOR_CREATE: the calling (unsealed) context becomes a monitor.
 * The caller holds setup_lock.
 */
long dk_tree_monitor_create(struct dk_ctx *ctx, const struct dk_ioc_arg *arg)
{
	struct dk_tree_link *link;
	struct dk_tree *tree;
	long ret = 0;

	lockdep_assert_held(&ctx->setup_lock);
	if (ctx->tree_link)
		return -EBUSY;
	tree = kzalloc(sizeof(*tree), GFP_KERNEL_ACCOUNT);
	link = kzalloc(sizeof(*link), GFP_KERNEL_ACCOUNT);
	if (!tree || !link) {
		ret = -ENOMEM;
		goto out_free;
	}
	kref_init(&tree->ref);
	mutex_init(&tree->lock);
	INIT_LIST_HEAD(&tree->pending);
	INIT_LIST_HEAD(&tree->kills);
	INIT_LIST_HEAD(&tree->dead_node);
	xa_init_flags(&tree->procs, XA_FLAGS_ALLOC1);
	init_waitqueue_head(&tree->mon_wq);
	/* Every member's pipe names live in the monitor's name space. */
	tree->family = ctx->family;
	link->tree = tree;
	link->monitor = true;

	/* Publish; pairs with the acquire in dk_monitor_tree(). */
	smp_store_release(&ctx->tree_link, link);
	/* A monitor is no picoprocess: nothing more to set up. */
	ctx->sealed = true;
	return 0;
out_free:
	kfree(link);
	kfree(tree);
	return ret;
}

__poll_t dk_tree_poll(struct dk_ctx *ctx, struct file *file, poll_table *pt)
{
	struct dk_tree *tree = dk_monitor_tree(ctx);
	__poll_t mask = 0;

	if (!tree)
		return DEFAULT_POLLMASK;	/* as without a poll method */
	poll_wait(file, &tree->mon_wq, pt);
	mutex_lock(&tree->lock);
	if (!list_empty(&tree->pending))
		mask |= EPOLLIN | EPOLLRDNORM;
	mutex_unlock(&tree->lock);
	return mask;
}

/* DK_IOC_MONITOR_NEXT (monitor only): take the oldest pending request. */
long dk_tree_monitor_next(struct dk_ctx *ctx, const struct dk_ioc_arg *arg)
{
	struct dk_tree *tree = dk_monitor_tree(ctx);
	struct dk_monitor_request req = *(struct dk_monitor_request *)arg->k;
	struct dk_process *p;
	long ret = 0;

	mutex_lock(&tree->lock);
	p = list_first_entry_or_null(&tree->pending, struct dk_process, node);
	if (!p) {
		mutex_unlock(&tree->lock);
		return -EAGAIN;
	}
	req.id = p->id;
	req.parent_pid = p->parent_pid;
	req.argc = p->argc;
	req.len = p->len;
	if (req.size < p->len) {
		ret = -ENOSPC;
	} else {
		list_del_init(&p->node);
		p->state = DK_PROC_TAKEN;
		dk_object_get(&p->obj);
	}
	mutex_unlock(&tree->lock);

	if (ret) {
		/* Say how much is needed. */
		if (dk_ioc_copy_out(arg, &req, sizeof(req)))
			return -EFAULT;
		return ret;
	}
	if (copy_to_user(u64_to_user_ptr(req.buf), p->strs, p->len) ||
	    dk_ioc_copy_out(arg, &req, sizeof(req))) {
		/* Put it back for the next attempt, unless cancelled since. */
		mutex_lock(&tree->lock);
		if (p->state == DK_PROC_TAKEN && !tree->dead) {
			p->state = DK_PROC_PENDING;
			list_add(&p->node, &tree->pending);
		}
		mutex_unlock(&tree->lock);
		ret = -EFAULT;
	}
	dk_object_put(&p->obj);
	return ret;
}

/* DK_IOC_MONITOR_COMPLETE (monitor only): finish a taken request. */
long dk_tree_monitor_complete(struct dk_ctx *ctx,
			      const struct dk_ioc_arg *arg)
{
	struct dk_tree *tree = dk_monitor_tree(ctx);
	struct dk_object *stream = NULL, *drop = NULL;
	struct dk_monitor_reply rep = *(struct dk_monitor_reply *)arg->k;
	struct dk_process *p;
	struct file *file;
	long ret = 0, wrap_err = 0;

	if (rep.error > 0 || rep.error < -MAX_ERRNO || rep.reserved)
		return -EINVAL;

	mutex_lock(&tree->lock);
	p = rep.id <= U32_MAX ? xa_load(&tree->procs, rep.id) : NULL;
	if (p)
		dk_object_get(&p->obj);
	mutex_unlock(&tree->lock);
	if (!p)
		return -ENOENT;

	if (!rep.error) {
		file = fget(rep.fd);
		if (!file) {
			ret = -EBADF;
			goto out_put;
		}
		/* The parent's end is charged to the parent's context. */
		stream = dk_process_stream_wrap(p, file);
		if (IS_ERR(stream)) {
			/* The parent gets the error; the monitor kills the child. */
			fput(file);
			wrap_err = PTR_ERR(stream);
			rep.error = wrap_err;
			stream = NULL;
		}
	}

	mutex_lock(&tree->lock);
	if (p->state == DK_PROC_CANCELLED) {
		ret = -ECANCELED;
	} else if (p->state != DK_PROC_TAKEN || p->mon_done) {
		ret = -EINVAL;
	} else if (rep.error) {
		/* Never started: forget it now. */
		dk_proc_uncount(p);
		if (xa_erase(&tree->procs, p->id))
			drop = &p->obj;
		dk_proc_finish(p, rep.error);
		ret = wrap_err;
	} else {
		p->stream = stream;
		stream = NULL;
		/* With an inherit list the child's join finishes it. */
		if (p->want_join && !p->joined)
			p->mon_done = true;
		else
			dk_proc_finish(p, 0);
	}
	mutex_unlock(&tree->lock);
	if (drop)
		dk_object_put(drop);
	if (stream)
		dk_object_put(stream);
out_put:
	dk_object_put(&p->obj);
	return ret;
}

/* Wait status to the code a parent sees: status, or 128 + signal. */
static int dk_status_code(int status)
{
	if ((status & 0x7f) == 0)
		return (status >> 8) & 0xff;
	return 128 + (status & 0x7f);
}

/* DK_IOC_MONITOR_EXITED (monitor only): the monitor reaped a child. */
long dk_tree_monitor_exited(struct dk_ctx *ctx, const struct dk_ioc_arg *arg)
{
	struct dk_tree *tree = dk_monitor_tree(ctx);
	const struct dk_monitor_reply *rep = arg->k;
	struct dk_process *p;

	if (rep->reserved)
		return -EINVAL;
	if (rep->id > U32_MAX)
		return -ENOENT;

	mutex_lock(&tree->lock);
	p = xa_load(&tree->procs, rep->id);
	if (p && p->state == DK_PROC_PENDING) {
		/* Still queued: no child can have been reaped for it. */
		mutex_unlock(&tree->lock);
		return -EINVAL;
	}
	if (p) {
		xa_erase(&tree->procs, rep->id);
		dk_proc_uncount(p);
		if (p->state == DK_PROC_TAKEN)	/* never completed */
			dk_proc_finish(p, -ECHILD);
		dk_proc_mark_exited(p, dk_status_code(rep->status));
	}
	mutex_unlock(&tree->lock);
	if (!p)
		return -ENOENT;
	dk_object_put(&p->obj);
	return 0;
}

/*
 * Join @ctx as the child of request @p, with tree->lock held: install the
 * objects of its inherit list in @ctx's handle table, in list order,
 * within @ctx's handle quota, and record the handles in @link.  On
 * success the request's references on them are handed to *@objs and
 * *@nobjs, for the caller to drop once the lock is released, and a
 * request the monitor completed already is finished.  If they do not
 * fit, the request fails with that error (EMFILE): the parent's
 * DkProcessCreate returns it, and the monitor's completion finds no such
 * request; the tree's reference to drop is left in *@drop.
 * Return: 0, -EMFILE, -ENOMEM, -EPERM.
 */
static int dk_tree_join_child(struct dk_ctx *ctx, struct dk_process *p,
			      struct dk_tree_link *link,
			      struct dk_process **drop,
			      struct dk_object ***objs, u32 *nobjs)
{
	struct dk_handle_resv *resv = NULL;
	u32 i, n = p->ninherit;
	int ret = 0, h;

	lockdep_assert_held(&p->tree->lock);
	if (n) {
		resv = kcalloc(n, sizeof(*resv), GFP_KERNEL);
		link->inherited = kcalloc(n, sizeof(*link->inherited),
					  GFP_KERNEL_ACCOUNT);
		if (!resv || !link->inherited) {
			ret = -ENOMEM;
			goto fail;
		}
		/* All slots first: either every object fits or none is given. */
		for (i = 0; i < n; i++) {
			ret = dk_handle_reserve(ctx, &resv[i]);
			if (ret) {
				while (i--)
					dk_handle_cancel(ctx, &resv[i]);
				goto fail;
			}
		}
		for (i = 0; i < n; i++) {
			h = dk_handle_commit(ctx, &resv[i], p->inherit[i]);
			if (h < 0) {
				/* Torn down: the teardown closes what is in. */
				ret = h;
				while (++i < n)
					dk_handle_cancel(ctx, &resv[i]);
				goto fail;
			}
			link->inherited[i] = h;
		}
		kfree(resv);
		link->ninherited = n;
		*objs = p->inherit;
		*nobjs = n;
		p->inherit = NULL;
		p->ninherit = 0;
	}
	p->joined = true;
	p->pid = get_task_pid(current, PIDTYPE_TGID);
	p->mm = ctx->mm;
	mmgrab(ctx->mm);
	dk_object_get(&p->obj);
	if (p->mon_done)
		dk_proc_finish(p, 0);
	return 0;

fail:
	kfree(resv);
	kfree(link->inherited);
	link->inherited = NULL;
	/* With an inherit list the request is still TAKEN: fail it. */
	if (p->state == DK_PROC_TAKEN) {
		dk_proc_uncount(p);
		if (xa_erase(&p->tree->procs, p->id))
			*drop = p;
		dk_proc_finish(p, ret);
	}
	return ret;
}

/*
 * DK_IOC_JOIN_TREE: an unsealed context becomes a member of a tree.  The
 * caller holds setup_lock.
 */
long dk_tree_join(struct dk_ctx *ctx, const struct dk_ioc_arg *arg)
{
	const struct dk_join_tree *req = arg->k;
	struct dk_process *p = NULL, *drop = NULL;
	struct dk_object **inherit = NULL;
	struct dk_tree_link *link;
	u32 ninherit = 0;
	struct dk_ctx *mon;
	struct dk_tree *tree;
	struct file *file;
	long ret = 0;

	lockdep_assert_held(&ctx->setup_lock);
	if (req->reserved)
		return -EINVAL;
	file = fget(req->monitor_fd);
	if (!file)
		return -EBADF;
	mon = dk_ctx_of_file(file);
	/*
	 * Perhaps another process's context: its link lives as long as it
	 * (the file pins it), and is read without its setup_lock, which
	 * must not nest in ours.  A monitor torn down since is caught by
	 * tree->dead below.
	 */
	tree = mon ? dk_monitor_tree(mon) : NULL;
	if (!tree) {
		ret = -EINVAL;
		goto out_fput;
	}
	if (ctx->tree_link) {
		ret = -EBUSY;
		goto out_fput;
	}
	link = kzalloc(sizeof(*link), GFP_KERNEL_ACCOUNT);
	if (!link) {
		ret = -ENOMEM;
		goto out_fput;
	}

	mutex_lock(&tree->lock);
	if (tree->dead) {
		ret = -ESRCH;
	} else if (!req->id) {
		if (tree->has_top || tree->nprocs >= DK_TREE_MAX_PROCESSES) {
			ret = -EBUSY;
		} else {
			tree->has_top = true;
			tree->nprocs++;
			tree->top = get_task_pid(current, PIDTYPE_TGID);
			tree->top_mm = ctx->mm;
			mmgrab(ctx->mm);
		}
	} else {
		p = req->id <= U32_MAX ? xa_load(&tree->procs, req->id) : NULL;
		if (!p) {
			ret = -ENOENT;
		} else if (p->state == DK_PROC_CANCELLED) {
			ret = -ECANCELED;
		} else if (p->joined || p->state == DK_PROC_PENDING ||
			   (p->state == DK_PROC_DONE && p->result)) {
			ret = -EBUSY;
		} else {
			ret = dk_tree_join_child(ctx, p, link, &drop, &inherit,
						 &ninherit);
		}
	}
	mutex_unlock(&tree->lock);
	if (drop)
		dk_object_put(&drop->obj);
	/* Installed: the handles hold their own references now. */
	dk_inherit_free(inherit, ninherit);
	if (!ret) {
		dk_tree_get(tree);
		link->tree = tree;
		link->proc = p;
		ctx->family = tree->family;
		/* Publish; pairs with the acquire in dk_monitor_tree(). */
		smp_store_release(&ctx->tree_link, link);
		link = NULL;
	}
	kfree(link);
out_fput:
	fput(file);
	return ret;
}

/**
 * dk_tree_kill_member - SIGKILL a member process that still is one
 * @pid: its thread group (get_task_pid(PIDTYPE_TGID) at join)
 * @mm:  the address space it joined with (held with mmgrab, so no other
 *       mm can have this address)
 *
 * A member that exec'd since runs another program -- perhaps a setuid one
 * its user could not kill(2) -- and is no picoprocess of the tree any
 * more: it is spared.  The process still is the member while one of its
 * threads runs in @mm.  Its exec_update_lock holds off exec between that
 * check and the kill, as for the kernel's own cross-task checks
 * (mm_access()); exit only clears ->mm.  May sleep.
 */
static void dk_tree_kill_member(struct pid *pid, struct mm_struct *mm)
{
	struct task_struct *leader, *t;
	bool member = false;

	leader = get_pid_task(pid, PIDTYPE_TGID);
	if (!leader)
		return;
	down_read(&leader->signal->exec_update_lock);
	rcu_read_lock();
	for_each_thread(leader, t) {
		if (READ_ONCE(t->mm) == mm) {
			member = true;
			break;
		}
	}
	rcu_read_unlock();
	if (member)
		kill_pid(pid, SIGKILL, 1);
	up_read(&leader->signal->exec_update_lock);
	put_task_struct(leader);
}

/*
 * The monitor is gone: fail every request, and queue the tree for the
 * killing of every member (dk_kill_work_fn).
 */
static void dk_tree_kill(struct dk_tree *tree)
{
	struct dk_process *p;
	unsigned long id;

	mutex_lock(&tree->lock);
	tree->dead = true;
	while ((p = list_first_entry_or_null(&tree->pending,
					     struct dk_process, node)))
		list_del_init(&p->node);
	xa_for_each(&tree->procs, id, p) {
		xa_erase(&tree->procs, id);
		dk_proc_uncount(p);
		if (p->state == DK_PROC_PENDING || p->state == DK_PROC_TAKEN)
			dk_proc_finish(p, -ESRCH);
		if (p->joined || p->state == DK_PROC_DONE)
			dk_proc_mark_exited(p, 128 + SIGKILL);
		/* Reuse the pending node (off the list now): the tree's
		 * reference goes with it to the work item.
		 */
		list_add_tail(&p->node, &tree->kills);
	}
	mutex_unlock(&tree->lock);

	dk_tree_get(tree);	/* the work item's */
	spin_lock(&dk_kills_lock);
	list_add_tail(&tree->dead_node, &dk_dead_trees);
	spin_unlock(&dk_kills_lock);
	schedule_work(&dk_kill_work);
}

/* Kill the members of one dead tree, then drop the work item's reference. */
static void dk_tree_kill_members(struct dk_tree *tree)
{
	struct dk_process *p;

	/* No join after tree->dead: the top and its mm are fixed. */
	if (tree->top)
		dk_tree_kill_member(tree->top, tree->top_mm);
	for (;;) {
		mutex_lock(&tree->lock);
		p = list_first_entry_or_null(&tree->kills, struct dk_process,
					     node);
		if (p)
			list_del_init(&p->node);
		mutex_unlock(&tree->lock);
		if (!p)
			break;
		if (p->pid)
			dk_tree_kill_member(p->pid, p->mm);
		dk_object_put(&p->obj);
	}
	dk_tree_put(tree);
}

static void dk_kill_work_fn(struct work_struct *work)
{
	struct dk_tree *tree;

	for (;;) {
		spin_lock(&dk_kills_lock);
		tree = list_first_entry_or_null(&dk_dead_trees, struct dk_tree,
						dead_node);
		if (tree)
			list_del_init(&tree->dead_node);
		spin_unlock(&dk_kills_lock);
		if (!tree)
			break;
		dk_tree_kill_members(tree);
	}
}

/* Module exit: no kill may be left pending (it runs module code). */
void dk_tree_exit(void)
{
	flush_work(&dk_kill_work);
}

/*
 * Context teardown: leave the tree (or end it, for its monitor).  The
 * caller has sealed the context, so @tree_link no longer changes.  The
 * link itself and its tree reference stay until the context is freed: a
 * monitor's poll queue (tree->mon_wq) must outlive every poll or epoll
 * entry on the file, and a joiner may still be looking at the link.
 */
void dk_tree_leave(struct dk_ctx *ctx)
{
	struct dk_tree_link *link = ctx->tree_link;
	struct dk_process *p;
	int code;

	if (!link)
		return;
	p = link->proc;
	link->proc = NULL;
	if (link->monitor) {
		dk_tree_kill(link->tree);
	} else if (p) {
		code = atomic_read(&ctx->exit_code);
		mutex_lock(&link->tree->lock);
		/* Fast path: DkProcessExit told the code already. */
		dk_proc_uncount(p);
		if (code >= 0)
			dk_proc_mark_exited(p, code);
		mutex_unlock(&link->tree->lock);
		dk_object_put(&p->obj);
	} else {
		mutex_lock(&link->tree->lock);
		link->tree->nprocs--;
		mutex_unlock(&link->tree->lock);
	}
}

/* Context free: drop what dk_tree_leave() kept. */
void dk_tree_link_free(struct dk_ctx *ctx)
{
	struct dk_tree_link *link = ctx->tree_link;

	if (!link)
		return;
	WARN_ON_ONCE(link->proc);
	dk_tree_put(link->tree);
	kfree(link->inherited);
	kfree(link);
}
