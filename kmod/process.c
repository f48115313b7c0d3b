// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: process calls and process objects.
 *
 * DkProcessCreate hands the request to the tree's monitor (tree.c) and
 * sleeps until it is completed.  With an inherit list it holds a
 * reference on each listed object from the call until the child joins
 * and the objects are installed in its handle table (tree.c), or until
 * the request ends.  The handle it returns names a process
 * object: waitable (signaled once the child has ended, and staying so),
 * and a byte stream to the child: the stream calls on it go to the
 * stream object it holds, of type DK_STREAM_TYPE_PROCESS (the parent's
 * end of a socket pair), whose attributes are the child's state.
 */
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <linux/string.h>
#include <linux/net.h>
#include <net/sock.h>
#include <linux/drawbridge.h>

#include "context.h"
#include "handles.h"
#include "process.h"
#include "table.h"
#include "stream.h"
#include "stream_sock.h"
#include "tree.h"

/**
 * dk_inherit_free - drop an inherit list
 * @objs: the objects (one reference each), kmalloc'd; may be NULL
 * @n:    entries at @objs
 *
 * May sleep (a last reference frees its object).
 */
void dk_inherit_free(struct dk_object **objs, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		dk_object_put(objs[i]);
	kfree(objs);
}

static void dk_process_release(struct dk_object *obj)
{
	struct dk_process *p = to_dk_process(obj);

	if (p->stream)
		dk_object_put(p->stream);
	dk_inherit_free(p->inherit, p->ninherit);
	put_pid(p->pid);
	if (p->mm)
		mmdrop(p->mm);
	dk_tree_put(p->tree);
	kfree(p->strs);
	kfree(p);
}

static bool dk_process_try_acquire(struct dk_object *obj)
{
	struct dk_process *p = to_dk_process(obj);

	/*
	 * Exit is a lasting state: nothing is consumed.  Pairs with the
	 * release in dk_proc_mark_exited.
	 */
	return smp_load_acquire(&p->exited);
}

static wait_queue_head_t *dk_process_waitq(struct dk_object *obj)
{
	return &to_dk_process(obj)->wq;
}

/*
 * The parent's handle went (closed, or the parent ended): the tree's
 * reference keeps the object while the child runs, so shut the parent's
 * end of the stream down now; the child's reads see the end of stream,
 * its writes EPIPE (Documentation/abi/processes.rst).  Process handles
 * cannot be passed on (DkProcessCreate refuses them in an inherit list),
 * so this was the only handle.
 */
static void dk_process_closed(struct dk_object *obj)
{
	struct dk_process *p = to_dk_process(obj);

	if (p->stream)
		kernel_sock_shutdown(to_dk_stream(p->stream)->sock, SHUT_RDWR);
}

static const struct dk_object_ops dk_process_ops = {
	.type = DK_OBJ_PROCESS,
	.name = "process",
	.release = dk_process_release,
	.try_acquire = dk_process_try_acquire,
	.waitq = dk_process_waitq,
	.closed = dk_process_closed,
};

/**
 * dk_process_stream_get - look up a handle for the stream calls
 * @ctx:    the calling context
 * @handle: the raw handle argument
 *
 * A stream handle gives its own stream; a process handle gives the
 * stream to its child, with the call's reference on the process object
 * (which holds the stream's; the stream's @holder says so).  Release
 * either with dk_stream_put().
 * Return: the stream, or ERR_PTR(-EBADF/-EXDEV) as dk_handle_get,
 * ERR_PTR(-EBADFD) for other objects.
 */
struct dk_stream *dk_process_stream_get(struct dk_ctx *ctx, u64 handle)
{
	struct dk_object *obj = dk_handle_get(ctx, handle, 0);

	if (IS_ERR(obj))
		return ERR_CAST(obj);
	if (obj->ops->type == DK_OBJ_STREAM)
		return to_dk_stream(obj);
	if (obj->ops->type != DK_OBJ_PROCESS) {
		dk_object_put(obj);
		return ERR_PTR(-EBADFD);
	}
	/* A handle exists only after successful completion: set for good. */
	return to_dk_stream(to_dk_process(obj)->stream);
}

/* A process object's exit code: 0 with *@code set, -EAGAIN while it runs. */
static int dk_process_exit_status(struct dk_object *obj, s32 *code)
{
	struct dk_process *p = to_dk_process(obj);

	/* Pairs with the release in dk_proc_mark_exited: code is set. */
	if (!smp_load_acquire(&p->exited))
		return -EAGAIN;
	*code = p->exit_code;
	return 0;
}

/*
 * Copy URI and the NULL-terminated Args vector into one packed buffer,
 * *@strs (kmalloc'd), of *@len bytes, with *@argc arguments.
 */
static int dk_process_copy_args(const char __user *uuri,
				const char __user *const __user *uargs,
				char **strs, u32 *len, u32 *argc)
{
	const size_t max = DK_PROCESS_MAX_BYTES;
	const char __user *ustr;
	size_t used = 0;
	long n;
	char *buf;
	u32 n_args = 0;

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
		if (get_user(ustr, uargs + n_args)) {
			n = -EFAULT;
			goto fail;
		}
		if (!ustr)
			break;
		if (++n_args > DK_PROCESS_MAX_ARGS) {
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
	*strs = krealloc(buf, used, GFP_KERNEL_ACCOUNT) ?: buf;
	*len = used;
	*argc = n_args;
	return 0;
fail:
	kfree(buf);
	return n;
}

/* Objects another picoprocess may hold: not threads nor processes. */
static bool dk_inheritable(const struct dk_object *obj)
{
	switch (obj->ops->type) {
	case DK_OBJ_STREAM:
	case DK_OBJ_SEMAPHORE:
	case DK_OBJ_NOTIFICATION_EVENT:
	case DK_OBJ_SYNCHRONIZATION_EVENT:
		return true;
	default:
		return false;
	}
}

/*
 * The objects named by the @count handles at @uhandles, for the child:
 * *@objs (kmalloc'd, one reference each; NULL for none).  Streams of
 * every kind, semaphores and events may be given; threads and processes
 * belong to the caller's own picoprocess (-EBADFD).  Errors: -E2BIG
 * (more than DK_PROCESS_INHERIT_MAX), -EFAULT, -EBADF, -EXDEV, -EBADFD,
 * -ENOMEM.
 */
static int dk_process_copy_inherit(struct dk_ctx *ctx,
				   const u64 __user *uhandles, u64 count,
				   struct dk_object ***objs)
{
	struct dk_object **o;
	u64 *hs;
	u32 i = 0;
	int ret = 0;

	*objs = NULL;
	if (count > DK_PROCESS_INHERIT_MAX)
		return -E2BIG;
	if (!count)
		return 0;
	if (!uhandles)
		return -EFAULT;
	hs = kmalloc_array(count, sizeof(*hs), GFP_KERNEL);
	o = kcalloc(count, sizeof(*o), GFP_KERNEL_ACCOUNT);
	if (!hs || !o) {
		kfree(o);
		ret = -ENOMEM;
		goto out;
	}
	if (copy_from_user(hs, uhandles, count * sizeof(*hs))) {
		kfree(o);
		ret = -EFAULT;
		goto out;
	}
	for (i = 0; i < count; i++) {
		o[i] = dk_handle_get(ctx, hs[i], 0);
		if (IS_ERR(o[i])) {
			ret = PTR_ERR(o[i]);
			break;
		}
		if (!dk_inheritable(o[i])) {
			dk_object_put(o[i]);
			ret = -EBADFD;
			break;
		}
	}
	if (ret) {
		dk_inherit_free(o, i);
		goto out;
	}
	*objs = o;
out:
	kfree(hs);
	return ret;
}

static bool dk_process_done(struct dk_process *p)
{
	/* Pairs with dk_proc_finish: result and stream are set before DONE. */
	return smp_load_acquire(&p->state) == DK_PROC_DONE;
}

/*
 * The parent gave up (a signal): withdraw the request.  False if it was
 * completed meanwhile: its result stands.
 */
static bool dk_process_cancel(struct dk_process *p)
{
	struct dk_tree *tree = p->tree;
	bool drop = false, cancelled = true;

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
		/*
		 * The monitor kills the child when it hears it; a child that
		 * has not joined yet fails its join (ECANCELED) and exits.
		 */
		p->state = DK_PROC_CANCELLED;
	} else {
		cancelled = false;
	}
	mutex_unlock(&tree->lock);
	if (drop)
		dk_object_put(&p->obj);
	return cancelled;
}

/*
 * DkProcessCreate(URI, Args, Handles, Count): the new process's handle.
 * The child receives the objects of the Count handles at Handles.
 */
long dk_sys_process_create(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_tree_link *link = ctx->tree_link;
	struct dk_object **inherit;
	struct dk_handle_resv resv;
	struct dk_tree *tree;
	struct dk_process *p;
	u32 id, len, argc, ninherit;
	char *strs;
	long ret;

	if (!link || link->monitor)
		return -ESRCH;
	tree = link->tree;

	ret = dk_process_copy_args(u64_to_user_ptr(args[0]),
				   u64_to_user_ptr(args[1]), &strs, &len,
				   &argc);
	if (ret)
		return ret;
	ret = dk_process_copy_inherit(ctx, u64_to_user_ptr(args[2]), args[3],
				      &inherit);
	if (ret) {
		kfree(strs);
		return ret;
	}
	/*
	 * Also charged here, before any child starts: the parent's end of the
	 * stream to the child, as a pipe end (see dk_process_stream_wrap).
	 */
	ninherit = inherit ? args[3] : 0;
	p = dk_object_alloc(ctx, &dk_process_ops, struct dk_process,
			    sizeof(*p) + len + DK_PIPE_BUF +
			    ninherit * sizeof(*inherit));
	if (IS_ERR(p)) {
		dk_inherit_free(inherit, ninherit);
		kfree(strs);
		return PTR_ERR(p);
	}
	/* From here on the object's release frees everything. */
	p->inherit = inherit;
	p->ninherit = ninherit;
	p->want_join = p->ninherit;
	p->strs = strs;
	p->len = len;
	p->argc = argc;
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

	/*
	 * Any signal interrupts (an exception upcall, a fatal signal): the
	 * request is withdrawn, unless it was completed meanwhile.  The
	 * caller sees EINTR if a handler ran; a stop and continue, or a
	 * signal it ignores, restarts the call as a new request.
	 */
	if (wait_event_interruptible(p->wq, dk_process_done(p)) &&
	    dk_process_cancel(p)) {
		ret = -ERESTARTNOHAND;
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
}

/*
 * DkProcessGetInherited(Handles, Max): the handles this context received
 * at its join for its parent's inherit list, in that list's order,
 * copied to Handles; their count.  0 for a context that inherited
 * nothing.  Max 0 with Handles NULL asks for the count only.  Errors:
 * -EINVAL (Max below the count; nothing copied), -EFAULT.
 */
long dk_sys_process_get_inherited(struct dk_ctx *ctx, const u64 *args)
{
	/* Set before sealing, fixed since; pairs with the join's release. */
	struct dk_tree_link *link = smp_load_acquire(&ctx->tree_link);
	u32 n = link ? link->ninherited : 0;

	if (!n)
		return 0;
	if (args[1] < n)
		return !args[1] && !args[0] ? n : -EINVAL;
	if (copy_to_user(u64_to_user_ptr(args[0]), link->inherited,
			 n * sizeof(link->inherited[0])))
		return -EFAULT;
	return n;
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

/* ---- The process stream ------------------------------------------ */

/*
 * DkStreamAttributesQueryByHandle on a process handle: type
 * DK_STREAM_TYPE_PROCESS, readable and writable, and once the child has
 * ended DK_ATTR_EXITED with the exit code in @size.
 */
static void dk_process_attr_query(struct dk_stream *s,
				  struct dk_stream_attr *a)
{
	s32 code;

	a->type = DK_STREAM_TYPE_PROCESS;
	a->flags = DK_ATTR_READABLE | DK_ATTR_WRITABLE;
	if (!dk_process_exit_status(s->holder, &code)) {
		a->flags |= DK_ATTR_EXITED;
		a->size = code;
	}
}

/* A byte stream like a pipe end's, with the child's state as attributes. */
static const struct dk_stream_ops dk_process_stream_ops = {
	.attr_type = DK_STREAM_TYPE_PROCESS,
	.attr_settable = DK_ATTR_SET_NONBLOCK,
	.read = dk_sock_read,
	.write = dk_sock_write,
	.attr_query = dk_process_attr_query,
	.attr_set = dk_stream_attr_apply,
	.delete = dk_sock_shutdown,
	.waitq = dk_sock_waitq,
};

/**
 * dk_process_stream_wrap - the stream of a completed process object
 * @p:    the process object, not yet completed
 * @file: the parent's end of the parent/child stream socket; its
 *        reference is taken over on success
 *
 * The stream is not installed: the process handle names it, and @p
 * holds its only reference.  Its buffer is charged like a pipe end's,
 * DK_PIPE_BUF, but with the process object (dk_sys_process_create), so
 * that the charge is taken before the child starts.  What the child
 * writes stays queued on this end after the child is gone, for as long
 * as the parent keeps the process handle: the charge bounds that.  This
 * end's own send buffer is fixed at DK_PIPE_BUF, as a pipe end's.
 *
 * Return: the stream's object, or ERR_PTR(-ENOTSOCK, -ENOMEM, -EDQUOT).
 */
struct dk_object *dk_process_stream_wrap(struct dk_process *p,
					 struct file *file)
{
	struct socket *sock = sock_from_file(file);
	int v = DK_PIPE_BUF / 2;	/* the kernel doubles SO_SNDBUF */
	struct dk_stream *s;

	if (!sock)
		return ERR_PTR(-ENOTSOCK);
	s = dk_stream_alloc(p->obj.owner, &dk_process_stream_ops,
			    DK_ACCESS_RDWR, 0);
	if (IS_ERR(s))
		return ERR_CAST(s);
	sock_setsockopt(sock, SOL_SOCKET, SO_SNDBUF, KERNEL_SOCKPTR(&v),
			sizeof(v));
	s->file = file;
	s->sock = sock;
	s->holder = &p->obj;
	return &s->obj;
}
