// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: process calls and process objects.
 *
 * DkProcessCreate hands the request to the tree's monitor (tree.c) and
 * sleeps until it is completed.  The handle it returns names a process
 * object: waitable (signaled once the child has ended, and staying so),
 * and a byte stream to the child (DkStreamRead/DkStreamWrite on it go
 * to the stream object it holds, see dk_process_stream_get).
 */
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <linux/string.h>

#include "tree.h"
#include "stream.h"

static void dk_process_release(struct dk_object *obj)
{
	struct dk_process *p = container_of(obj, struct dk_process, obj);

	if (p->stream)
		dk_object_put(p->stream);
	put_pid(p->pid);
	if (p->mm)
		mmdrop(p->mm);
	dk_tree_put(p->tree);
	kfree(p->strs);
	kfree(p);
}

static bool dk_process_try_acquire(struct dk_object *obj)
{
	struct dk_process *p = container_of(obj, struct dk_process, obj);

	/*
	 * Exit is a lasting state: nothing is consumed.  Pairs with the
	 * release in dk_proc_mark_exited.
	 */
	return smp_load_acquire(&p->exited);
}

static wait_queue_head_t *dk_process_waitq(struct dk_object *obj)
{
	return &container_of(obj, struct dk_process, obj)->wq;
}

static const struct dk_object_ops dk_process_ops = {
	.type = DK_OBJ_PROCESS,
	.name = "process",
	.release = dk_process_release,
	.try_acquire = dk_process_try_acquire,
	.waitq = dk_process_waitq,
};

/**
 * dk_process_stream_get - look up a handle for stream I/O
 *
 * A stream handle gives its own object; a process handle gives the
 * stream to its child.  Return: the stream object (one reference), or
 * ERR_PTR(-EBADF/-EXDEV) as dk_handle_get, ERR_PTR(-EBADFD) for other
 * objects.
 */
struct dk_object *dk_process_stream_get(struct dk_ctx *ctx, u64 handle)
{
	struct dk_object *obj = dk_handle_get(ctx, handle, 0), *s;
	struct dk_process *p;

	if (IS_ERR(obj) || obj->ops->type == DK_OBJ_STREAM)
		return obj;
	if (obj->ops->type != DK_OBJ_PROCESS) {
		dk_object_put(obj);
		return ERR_PTR(-EBADFD);
	}
	p = container_of(obj, struct dk_process, obj);
	/* A handle exists only after successful completion: set for good. */
	s = p->stream;
	dk_object_get(s);
	dk_object_put(obj);
	return s;
}

/**
 * dk_process_exit_status - read a process object's exit code
 * Return: 0 with *@code set, or -EAGAIN while the child runs.
 */
int dk_process_exit_status(struct dk_object *obj, s32 *code)
{
	struct dk_process *p = container_of(obj, struct dk_process, obj);

	/* Pairs with the release in dk_proc_mark_exited: code is set. */
	if (!smp_load_acquire(&p->exited))
		return -EAGAIN;
	*code = p->exit_code;
	return 0;
}

/* Copy URI and the NULL-terminated Args vector into one packed buffer. */
static int dk_process_copy_args(struct dk_process *p, const char __user *uuri,
				const char __user *const __user *uargs)
{
	const size_t max = DK_PROCESS_MAX_BYTES;
	const char __user *ustr;
	size_t used = 0;
	long n;
	char *buf;
	u32 argc = 0;

	buf = kmalloc(max, GFP_KERNEL_ACCOUNT);
	if (!buf)
		return -ENOMEM;
	ustr = uuri;
	for (;;) {
		n = strncpy_from_user(buf + used, ustr, max - used);
		if (n < 0)
			goto fail;
		if (n == max - used) {
			n = -E2BIG;
			goto fail;
		}
		used += n + 1;
		if (!uargs)
			break;
		if (get_user(ustr, uargs + argc)) {
			n = -EFAULT;
			goto fail;
		}
		if (!ustr)
			break;
		if (++argc > DK_PROCESS_MAX_ARGS) {
			n = -E2BIG;
			goto fail;
		}
	}
	if (!buf[0]) {
		n = -EINVAL;
		goto fail;
	}
	if (strncmp(buf, "file:", 5)) {
		n = -EPROTONOSUPPORT;
		goto fail;
	}
	if (!buf[5]) {
		n = -EINVAL;
		goto fail;
	}
	p->strs = krealloc(buf, used, GFP_KERNEL_ACCOUNT) ?: buf;
	p->len = used;
	p->argc = argc;
	return 0;
fail:
	kfree(buf);
	return n;
}

static bool dk_process_done(struct dk_process *p)
{
	/* Pairs with dk_proc_finish: result and stream are set before DONE. */
	return smp_load_acquire(&p->state) == DK_PROC_DONE;
}

/* The parent gave up (it is dying): withdraw the request. */
static void dk_process_cancel(struct dk_process *p)
{
	struct dk_tree *tree = p->tree;
	bool drop = false;

	mutex_lock(&tree->lock);
	if (p->state == DK_PROC_PENDING) {
		list_del_init(&p->node);
		drop = !!xa_erase(&tree->procs, p->id);
		if (p->counted) {
			p->counted = false;
			tree->nprocs--;
		}
		p->state = DK_PROC_CANCELLED;
	} else if (p->state == DK_PROC_TAKEN) {
		/* The monitor kills the child when it hears it. */
		p->state = DK_PROC_CANCELLED;
	}
	mutex_unlock(&tree->lock);
	if (drop)
		dk_object_put(&p->obj);
}

/* DkProcessCreate(URI, Args): the new process's handle. */
long dk_sys_process_create(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_tree_link *link = ctx->tree_link;
	struct dk_handle_resv resv;
	struct dk_tree *tree;
	struct dk_process *p;
	u32 id;
	long ret;

	if (!link || link->monitor)
		return -ESRCH;
	tree = link->tree;

	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!p)
		return -ENOMEM;
	ret = dk_process_copy_args(p, u64_to_user_ptr(args[0]),
				   u64_to_user_ptr(args[1]));
	if (ret)
		goto out_free;
	/*
	 * Also charged here, before any child starts: the parent's end of the
	 * stream to the child, as a pipe end (see dk_stream_wrap_file).
	 */
	ret = dk_object_init(&p->obj, &dk_process_ops, ctx,
			     sizeof(*p) + p->len + DK_PIPE_BUF);
	if (ret)
		goto out_free;
	/* From here on the object's release frees everything. */
	dk_tree_get(tree);
	p->tree = tree;
	INIT_LIST_HEAD(&p->node);
	init_waitqueue_head(&p->wq);
	p->parent_pid = task_tgid_vnr(current);
	p->state = DK_PROC_PENDING;

	/* No child may start that its handle could not name. */
	ret = dk_handle_reserve(ctx, &resv);
	if (ret)
		goto out_put;

	mutex_lock(&tree->lock);
	if (tree->dead) {
		ret = -ESRCH;
	} else if (tree->nprocs >= DK_TREE_MAX_PROCESSES) {
		ret = -EAGAIN;
	} else {
		ret = xa_alloc_cyclic(&tree->procs, &id, p, xa_limit_31b,
				      &tree->next_id, GFP_KERNEL_ACCOUNT);
		if (ret == -EBUSY)
			ret = -EAGAIN;
		else if (ret > 0)	/* wrapped: still a fresh id */
			ret = 0;
	}
	if (!ret) {
		dk_object_get(&p->obj);		/* tree->procs' reference */
		p->id = id;
		p->counted = true;
		tree->nprocs++;
		list_add_tail(&p->node, &tree->pending);
	}
	mutex_unlock(&tree->lock);
	if (ret)
		goto out_unreserve;
	wake_up_interruptible(&tree->mon_wq);

	/* Only a fatal signal interrupts: the caller is dying anyway. */
	if (wait_event_killable(p->wq, dk_process_done(p))) {
		dk_process_cancel(p);
		ret = -EINTR;
		goto out_unreserve;
	}
	ret = p->result;
	if (ret)
		goto out_unreserve;
	ret = dk_handle_commit(ctx, &resv, &p->obj);
	goto out_put;

out_unreserve:
	dk_handle_cancel(ctx, &resv);
out_put:
	dk_object_put(&p->obj);
	return ret;

out_free:
	kfree(p->strs);
	kfree(p);
	return ret;
}

/*
 * DkProcessExit(ExitCode): record the code for the parent and the
 * context's observers.  libdk then ends every thread with the raw
 * exit_group syscall, the one step a module cannot take on the caller's
 * behalf; the parent's process object sees the code when the context
 * goes away.
 */
long dk_sys_process_exit(struct dk_ctx *ctx, const u64 *args)
{
	atomic_set(&ctx->exit_code, (int)(args[0] & 0xff));
	return 0;
}

/*
 * DkStreamAttributesQueryByHandle(Handle, Attr) for process handles:
 * type DK_STREAM_TYPE_PROCESS, the exit code in @size once
 * DK_ATTR_EXITED is set.  Other handles go to the streams' handler.
 */
long dk_sys_process_attr_query(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_stream_attr attr = {
		.type = DK_STREAM_TYPE_PROCESS,
		.flags = DK_ATTR_READABLE | DK_ATTR_WRITABLE,
	};
	struct dk_object *obj;
	s32 code;

	obj = dk_handle_get(ctx, args[0], DK_OBJ_PROCESS);
	if (IS_ERR(obj)) {
		if (PTR_ERR(obj) == -EBADFD)
			return dk_sys_stream_attr_query_handle(ctx, args);
		return PTR_ERR(obj);
	}
	if (!dk_process_exit_status(obj, &code)) {
		attr.flags |= DK_ATTR_EXITED;
		attr.size = code;
	}
	dk_object_put(obj);
	if (copy_to_user(u64_to_user_ptr(args[1]), &attr, sizeof(attr)))
		return -EFAULT;
	return 0;
}
