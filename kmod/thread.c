// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: thread objects.
 *
 * A module cannot create a task with exported symbols only, so libdk
 * issues the host clone(2) itself with the one flag set the confinement
 * policy allows (DK_THREAD_CLONE_FLAGS: no CLONE_FILES).  The protocol:
 *
 *  1. DkThreadCreate in the creator makes the thread object (state
 *     CREATED), a handle for it, and a token naming it in ctx->threads.
 *     The token is reserved first and names the object only once nothing
 *     can fail any more: a create that fails leaves nothing to attach to.
 *  2. libdk clones; the child's first call is DK_CALL_THREAD_ATTACH, an
 *     internal call, with the token.  The module closes the tracking
 *     files the child inherited with its copy of the creator's fd table,
 *     creates the child's own tracking file (an anon inode whose
 *     private_data is the thread) in the child's private fd table, and
 *     marks the thread RUNNING.  A thread created suspended then sleeps in
 *     this call until DkThreadResume.
 *  3. However the thread ends (DkThreadExit, killed, exit_group), its fd
 *     table is dropped with it and the tracking file's ->release marks the
 *     thread ENDED and wakes its waiters.  If the clone fails, libdk ends
 *     the object with the internal call DK_CALL_THREAD_ABORT.  The
 *     context's teardown (context.c) ends every thread object still open.
 *
 * A stack that libdk allocated (DK_THREAD_OWN_STACK) belongs to the
 * module: after the thread ended (->release runs after the task left its
 * mm) the range goes on ctx->stack_free, where the next thread created
 * without a stack of its own reuses it; beyond DK_THREAD_STACK_CACHE
 * entries the oldest are unmapped at the next DkThreadCreate, DkThreadExit
 * or DkObjectsWaitAny of any thread of the picoprocess (or vanish with
 * the address space).
 */
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sched/signal.h>
#include <linux/anon_inodes.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>
#include <linux/cred.h>
#include <linux/drawbridge.h>

#include "context.h"
#include "handles.h"
#include "thread.h"
#include "table.h"
#include "vm.h"

enum dk_thread_state {
	DK_THR_CREATED,		/* handle exists, no task attached yet */
	DK_THR_ATTACHING,	/* the new task is in its attach call */
	DK_THR_RUNNING,		/* attached; may be waiting for resume */
	DK_THR_ENDED,		/* the task is gone (or never came) */
};

/*
 * Every transition is one step under dk_thread->lock, made by exactly one
 * party: CREATED -> ATTACHING by the attach call that claimed it, ATTACHING
 * -> RUNNING (or ENDED on failure) by that same call only, RUNNING -> ENDED
 * by the tracking file's ->release, CREATED -> ENDED by the abort call,
 * and any state -> ENDED by the context's teardown, which runs when no call
 * can be in flight (so never beside an attach).  dk_thread_end() takes the set of states it may end
 * from, so a check and the end it decides can never be split.
 */
#define DK_THR_BIT(state)	(1U << (state))

/* A libdk-allocated stack to unmap after its thread ended. */
struct dk_stack_range {
	struct list_head node;
	unsigned long start;
	unsigned long len;
};

/**
 * struct dk_thread - thread object
 * @obj:       object header
 * @lock:      protects @state, @suspended, @task, @pending, @opaque, @stack
 * @state:     enum dk_thread_state
 * @suspended: created suspended and not resumed yet
 * @pending:   an exception raised before the task attached
 * @opaque:    its Opaque value
 * @token:     index in ctx->threads while not ENDED; fixed before the
 *             object is published
 * @task:      the task, once attached (reference held) until ENDED
 * @stack:     stack to unmap after the end, or NULL; fixed until the end,
 *             which moves it to ctx->stack_free under @lock
 * @wq:        wait-any waiters for the end (woken all)
 * @resume_wq: the suspended task itself
 */
struct dk_thread {
	struct dk_object obj;
	spinlock_t lock;	/* protects the fields below up to stack */
	enum dk_thread_state state;
	bool suspended;
	bool pending;
	u64 opaque;
	u32 token;
	struct task_struct *task;
	struct dk_stack_range *stack;
	wait_queue_head_t wq;
	wait_queue_head_t resume_wq;
};

static struct dk_thread *to_thread(struct dk_object *obj)
{
	return container_of(obj, struct dk_thread, obj);
}

static void dk_thread_release_obj(struct dk_object *obj)
{
	struct dk_thread *t = to_thread(obj);

	if (t->task)
		put_task_struct(t->task);
	kfree(t->stack);
	kfree(t);
}

/* A thread handle is signaled once the thread ended; waits consume nothing. */
static bool dk_thread_try_acquire(struct dk_object *obj)
{
	return READ_ONCE(to_thread(obj)->state) == DK_THR_ENDED;
}

DEFINE_DK_OBJECT_OPS(dk_thread_ops, struct dk_thread, DK_OBJ_THREAD, "thread",
		     dk_thread_release_obj, dk_thread_try_acquire, NULL);

/*
 * End @t if its state is one of @from (DK_THR_BIT()s, never ENDED), in
 * one step under its lock: mark it ENDED, queue its stack, drop the task.
 * Then, outside the lock, remove it from ctx->threads -- only if the entry
 * still is @t -- with the entry's reference, and wake its waiters.  The
 * caller holds its own reference.
 * Return: the state @t had; @t was ended by this call iff it is in @from.
 */
static enum dk_thread_state dk_thread_end(struct dk_thread *t,
					  unsigned int from)
{
	struct dk_ctx *ctx = t->obj.owner;
	struct dk_stack_range *stack;
	struct task_struct *task;
	enum dk_thread_state old;
	bool erased;

	spin_lock(&t->lock);
	old = t->state;
	if (!(DK_THR_BIT(old) & from & ~DK_THR_BIT(DK_THR_ENDED))) {
		spin_unlock(&t->lock);
		return old;
	}
	task = t->task;
	t->task = NULL;
	stack = t->stack;
	t->stack = NULL;
	WRITE_ONCE(t->suspended, false);
	/*
	 * Queue the stack before the end becomes visible, so that a joiner
	 * that sees it ended also sees the stack on the free list.
	 */
	if (stack) {
		spin_lock(&ctx->stack_lock);
		list_add_tail(&stack->node, &ctx->stack_free);
		ctx->nstack_free++;
		spin_unlock(&ctx->stack_lock);
	}
	WRITE_ONCE(t->state, DK_THR_ENDED);
	spin_unlock(&t->lock);

	/* Only the caller that ended @t gets here; erase only our entry. */
	erased = xa_cmpxchg(&ctx->threads, t->token, t, NULL, 0) == t;
	wake_up_all(&t->wq);
	wake_up_all(&t->resume_wq);
	if (task)
		put_task_struct(task);
	if (erased)
		dk_object_put(&t->obj);		/* ctx->threads' reference */
	return old;
}

/* The tracking file goes when the thread's fd table goes: it ended. */
static int dk_thread_file_release(struct inode *inode, struct file *file)
{
	struct dk_thread *t = file->private_data;

	/* The file exists only from the attach call, and is installed RUNNING. */
	dk_thread_end(t, DK_THR_BIT(DK_THR_RUNNING));
	dk_object_put(&t->obj);		/* the file's reference */
	return 0;
}

static const struct file_operations dk_thread_fops = {
	.owner = THIS_MODULE,
	.release = dk_thread_file_release,
	.llseek = noop_llseek,
};

void dk_threads_init(struct dk_ctx *ctx)
{
	xa_init_flags(&ctx->threads, XA_FLAGS_ALLOC1);
	spin_lock_init(&ctx->stack_lock);
	INIT_LIST_HEAD(&ctx->stack_free);
}

/*
 * Context teardown: no task can make a call of the context any more (its
 * mm or its file is gone).  End every thread object now: one whose task
 * never attached cannot end by itself, and an attached one must not wait
 * for its tracking file, which a copy elsewhere (a descriptor passed on,
 * one in flight) could keep open indefinitely.  The tracking file's
 * release finds the thread ended already.
 */
void dk_threads_close(struct dk_ctx *ctx)
{
	unsigned long id = 0;
	struct dk_thread *t;

	for (;;) {
		xa_lock(&ctx->threads);
		t = xa_find(&ctx->threads, &id, ULONG_MAX, XA_PRESENT);
		if (t)
			dk_object_get(&t->obj);
		xa_unlock(&ctx->threads);
		if (!t)
			break;
		dk_thread_end(t, DK_THR_BIT(DK_THR_CREATED) |
			      DK_THR_BIT(DK_THR_ATTACHING) |
			      DK_THR_BIT(DK_THR_RUNNING));
		dk_object_put(&t->obj);
		id++;
	}
}

/* Context teardown: nothing can queue stacks any more; forget them. */
void dk_threads_fini(struct dk_ctx *ctx)
{
	struct dk_stack_range *r, *tmp;

	WARN_ON_ONCE(!xa_empty(&ctx->threads));
	xa_destroy(&ctx->threads);
	list_for_each_entry_safe(r, tmp, &ctx->stack_free, node) {
		list_del(&r->node);
		kfree(r);
	}
}

/*
 * Unmap the stacks of ended threads beyond the DK_THREAD_STACK_CACHE most
 * recent ones, which new threads reuse.
 */
void dk_threads_reap_stacks(struct dk_ctx *ctx)
{
	struct dk_stack_range *r, *tmp;
	LIST_HEAD(list);

	if (READ_ONCE(ctx->nstack_free) <= DK_THREAD_STACK_CACHE)
		return;
	spin_lock(&ctx->stack_lock);
	while (ctx->nstack_free > DK_THREAD_STACK_CACHE) {
		r = list_first_entry(&ctx->stack_free, struct dk_stack_range,
				     node);
		list_move_tail(&r->node, &list);
		ctx->nstack_free--;
	}
	spin_unlock(&ctx->stack_lock);

	list_for_each_entry_safe(r, tmp, &list, node) {
		/* Fails only if the program already freed the range itself. */
		dk_vm_free(ctx, r->start, r->len, DK_MEM_RELEASE);
		list_del(&r->node);
		kfree(r);
	}
}

/* Send DkThreadRaiseException's host signal to @task. */
static int dk_thread_send(struct task_struct *task, u64 opaque)
{
	struct kernel_siginfo info;

	clear_siginfo(&info);
	info.si_signo = DK_EXC_HOST_SIGNAL;
	info.si_code = SI_KERNEL;
	info.si_pid = task_tgid_vnr(current);
	info.si_uid = from_kuid_munged(current_user_ns(), current_uid());
	info.si_ptr = u64_to_user_ptr(opaque);
	return send_sig_info(DK_EXC_HOST_SIGNAL, &info, task);
}

/*
 * Signal @task, a task that attached to @ctx, only while it still runs in
 * the context's address space.  A task that exec'd since (its tracking
 * file may outlive the exec in a copy of its descriptor table) runs
 * another program, perhaps a setuid one, which no Dk call may signal; an
 * exiting one (no mm) needs no signal.  The caller shares that address
 * space, a stronger relation than kill(2)'s credential check.  The
 * target's exec_update_lock holds off exec between the check and the
 * send, as for the kernel's own cross-task checks (mm_access()); exit
 * only clears ->mm, and a pointer compare needs no task_lock.
 * Return: 0, -ESRCH if @task is no longer the context's, -EINTR.
 */
static int dk_thread_signal(struct dk_ctx *ctx, struct task_struct *task,
			    u64 opaque)
{
	struct rw_semaphore *exec_lock = &task->signal->exec_update_lock;
	int ret;

	ret = down_read_killable(exec_lock);
	if (ret)
		return ret;
	if (READ_ONCE(task->mm) == ctx->mm)
		ret = dk_thread_send(task, opaque);
	else
		ret = -ESRCH;
	up_read(exec_lock);
	return ret;
}

/* Look up a thread by token, with a reference. */
static struct dk_thread *dk_thread_by_token(struct dk_ctx *ctx, u64 token)
{
	struct dk_thread *t;

	if (!token || token > INT_MAX)
		return NULL;
	xa_lock(&ctx->threads);
	t = xa_load(&ctx->threads, token);
	if (t)
		dk_object_get(&t->obj);
	xa_unlock(&ctx->threads);
	return t;
}

static int dk_match_tracking(const void *p, struct file *file,
			     unsigned int fd)
{
	return file->f_op == &dk_thread_fops ? fd + 1 : 0;
}

/* Close the tracking files of other threads copied into our fd table. */
static void dk_close_inherited(void)
{
	unsigned int n = 0;
	int r;

	while ((r = iterate_fd(current->files, n, dk_match_tracking, NULL))) {
		close_fd(r - 1);
		n = r;
	}
}

/*
 * DkThreadAttach(Token), internal: the first call of a new thread; see the
 * protocol at the top.  Errors: -ESRCH (no such thread, or it ended),
 * -EINVAL (another call attached to it), -EMFILE/-ENFILE/-ENOMEM (no
 * tracking file; the thread is ended), -EINTR.
 */
long dk_sys_thread_attach(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_thread *t = dk_thread_by_token(ctx, args[0]);
	unsigned long sas_sp = 0;
	struct file *file;
	bool pending;
	u64 opaque;
	long ret = 0;
	int fd;

	if (!t)
		return -ESRCH;
	spin_lock(&t->lock);
	if (t->state == DK_THR_CREATED) {
		/* Claimed: from now on only this call moves it on. */
		t->state = DK_THR_ATTACHING;
		if (t->stack && t->stack->len == DK_THREAD_STACK_LEN)
			sas_sp = t->stack->start + DK_THREAD_GUARD_SIZE;
	} else {
		ret = t->state == DK_THR_ENDED ? -ESRCH : -EINVAL;
	}
	spin_unlock(&t->lock);
	if (ret)
		goto out_put;

	dk_close_inherited();

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		ret = fd;
		goto out_end;
	}
	/* The file has its own reference; ours stays until we return. */
	dk_object_get(&t->obj);
	file = anon_inode_getfile("[dk-thread]", &dk_thread_fops, t, O_RDONLY);
	if (IS_ERR(file)) {
		dk_object_put(&t->obj);
		put_unused_fd(fd);
		ret = PTR_ERR(file);
		goto out_end;
	}

	/*
	 * A module-owned stack block holds the thread's exception stack
	 * (layout in the uapi header): make it the alternate signal stack,
	 * as sigaltstack(2) would, before any upcall can reach the thread.
	 * A new thread has none (clone clears it for CLONE_VM) and is not
	 * running on one.  Written directly: do_sigaltstack() is static and
	 * nothing exported sets the stack.  It would also take siglock to
	 * check the size against the largest signal frame (AMX), which
	 * DK_THREAD_EXC_STACK_SIZE exceeds whatever the task enabled.
	 */
	if (sas_sp) {
		current->sas_ss_sp = sas_sp;
		current->sas_ss_size = DK_THREAD_EXC_STACK_SIZE;
		current->sas_ss_flags = 0;
	}

	spin_lock(&t->lock);
	/* Nothing else ends an ATTACHING thread (see DK_THR_BIT). */
	if (WARN_ON_ONCE(t->state != DK_THR_ATTACHING)) {
		spin_unlock(&t->lock);
		put_unused_fd(fd);
		fput(file);
		ret = -ESRCH;
		goto out_put;
	}
	t->task = get_task_struct(current);
	WRITE_ONCE(t->state, DK_THR_RUNNING);
	pending = t->pending;
	opaque = t->opaque;
	t->pending = false;
	spin_unlock(&t->lock);
	fd_install(fd, file);

	/* To ourselves: we run in the context's address space. */
	if (pending)
		dk_thread_send(current, opaque);
	/*
	 * Killable only: exceptions raised meanwhile run once it resumes.
	 * Our reference keeps @t: a task sharing our descriptor table (an
	 * ordinary program may use CLONE_FILES) can close the tracking file
	 * and end the thread while we sleep.
	 */
	if (wait_event_killable(t->resume_wq, !READ_ONCE(t->suspended)))
		ret = -EINTR;
	goto out_put;

out_end:
	dk_thread_end(t, DK_THR_BIT(DK_THR_ATTACHING));
out_put:
	dk_object_put(&t->obj);
	return ret;
}

/*
 * DkThreadAbort(Token), internal: the clone failed; end the object that
 * will never get a task, if no thread claimed it.  Errors: -ESRCH (no such
 * thread, or it ended), -EINVAL (a thread attached or is attaching).
 */
long dk_sys_thread_abort(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_thread *t = dk_thread_by_token(ctx, args[0]);
	long ret;

	if (!t)
		return -ESRCH;
	switch (dk_thread_end(t, DK_THR_BIT(DK_THR_CREATED))) {
	case DK_THR_CREATED:
		ret = 0;
		break;
	case DK_THR_ENDED:
		ret = -ESRCH;
		break;
	default:
		ret = -EINVAL;
		break;
	}
	dk_object_put(&t->obj);
	dk_threads_reap_stacks(ctx);
	return ret;
}

/* Take the most recently ended thread's stack of @len bytes, or NULL. */
static struct dk_stack_range *dk_stack_reuse(struct dk_ctx *ctx,
					     unsigned long len)
{
	struct dk_stack_range *r, *found = NULL;

	spin_lock(&ctx->stack_lock);
	list_for_each_entry_reverse(r, &ctx->stack_free, node) {
		if (r->len == len) {
			list_del(&r->node);
			ctx->nstack_free--;
			found = r;
			break;
		}
	}
	spin_unlock(&ctx->stack_lock);
	return found;
}

/* Give a reused stack back (the create failed). */
static void dk_stack_putback(struct dk_ctx *ctx, struct dk_stack_range *r)
{
	spin_lock(&ctx->stack_lock);
	list_add_tail(&r->node, &ctx->stack_free);
	ctx->nstack_free++;
	spin_unlock(&ctx->stack_lock);
}

/*
 * DkThreadCreate(Routine, Arg, Stack, Flags, StackSize, Out):
 * the module's half, called by libdk.  Creates a thread object and returns
 * its handle; stores the token the new thread attaches with in *Token.
 * With DK_THREAD_OWN_STACK, [Stack, Stack + StackSize) is freed after the
 * thread ended.
 */
long dk_sys_thread_create(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_thread_create_out __user *uout = u64_to_user_ptr(args[5]);
	struct dk_thread_create_out out = { 0 };
	struct dk_stack_range *stack = NULL;
	struct dk_handle_resv resv;
	u64 flags = args[3];
	struct dk_thread *t;
	void *old;
	u32 token, usize;
	long ret;

	if (flags & ~(u64)(DK_THREAD_CREATE_SUSPENDED | DK_THREAD_OWN_STACK))
		return -EINVAL;
	if ((flags & DK_THREAD_OWN_STACK) &&
	    (!args[4] || ((args[2] | args[4]) & ~PAGE_MASK) ||
	     args[2] >= TASK_SIZE_MAX || args[4] > TASK_SIZE_MAX - args[2]))
		return -EINVAL;

	dk_threads_reap_stacks(ctx);

	if (flags & DK_THREAD_OWN_STACK) {
		if (args[2]) {
			stack = kzalloc(sizeof(*stack), GFP_KERNEL_ACCOUNT);
			if (!stack)
				return -ENOMEM;
			stack->start = args[2];
			stack->len = args[4];
		} else {
			stack = dk_stack_reuse(ctx, args[4]);
			if (!stack)
				return -ENOENT;
		}
		out.stack = stack->start;
	}
	/* Never store more than the caller's structure holds. */
	if (get_user(usize, &uout->size)) {
		ret = -EFAULT;
		goto out_stack;
	}
	if (usize < DK_THREAD_CREATE_OUT_SIZE_VER0) {
		ret = -EINVAL;
		goto out_stack;
	}
	out.size = min_t(u32, usize, sizeof(out));
	t = dk_object_alloc(ctx, &dk_thread_ops, struct dk_thread,
			    sizeof(*t) + (stack ? sizeof(*stack) : 0));
	if (IS_ERR(t)) {
		ret = PTR_ERR(t);
		goto out_stack;
	}
	spin_lock_init(&t->lock);
	t->state = DK_THR_CREATED;
	t->suspended = flags & DK_THREAD_CREATE_SUSPENDED;
	init_waitqueue_head(&t->wq);
	init_waitqueue_head(&t->resume_wq);

	/*
	 * Reserve the token (the entry reads as empty: no attach or abort
	 * can find it) and the handle, and write the results out, before
	 * anything names the object.  After that nothing can fail, so a
	 * failed create never has to end an object another thread may have
	 * found.
	 */
	ret = xa_alloc(&ctx->threads, &token, NULL, XA_LIMIT(1, INT_MAX),
		       GFP_KERNEL_ACCOUNT);
	if (ret)
		goto out_obj;
	t->token = token;
	out.token = token;
	if (copy_to_user(uout, &out, out.size)) {
		ret = -EFAULT;
		goto out_token;
	}
	ret = dk_handle_reserve(ctx, &resv);
	if (ret)
		goto out_token;

	t->stack = stack;
	/* ctx->threads holds a reference until the thread ended. */
	dk_object_get(&t->obj);
	xa_lock(&ctx->threads);
	/* Replacing the reserved entry allocates nothing. */
	old = __xa_store(&ctx->threads, token, t, GFP_NOWAIT);
	xa_unlock(&ctx->threads);
	WARN_ON_ONCE(old);
	ret = dk_handle_commit(ctx, &resv, &t->obj);
	dk_object_put(&t->obj);
	return ret;

out_token:
	xa_release(&ctx->threads, token);
out_obj:
	dk_object_put(&t->obj);		/* never published: frees it */
out_stack:
	/* A fresh stack stays the caller's; a reused one goes back. */
	if (stack && !args[2])
		dk_stack_putback(ctx, stack);
	else
		kfree(stack);
	return ret;
}

/* The thread a handle names, with a reference (dk_object_put(&t->obj)). */
static struct dk_thread *dk_thread_get(struct dk_ctx *ctx, u64 handle)
{
	struct dk_object *obj = dk_handle_get(ctx, handle, DK_OBJ_THREAD);

	return IS_ERR(obj) ? ERR_CAST(obj) : to_thread(obj);
}

/* DkThreadResume(h): let a thread created suspended run. */
long dk_sys_thread_resume(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_thread *t = dk_thread_get(ctx, args[0]);
	long ret = 0;

	if (IS_ERR(t))
		return PTR_ERR(t);
	spin_lock(&t->lock);
	if (!t->suspended)
		ret = -EINVAL;
	WRITE_ONCE(t->suspended, false);
	spin_unlock(&t->lock);
	wake_up_all(&t->resume_wq);
	dk_object_put(&t->obj);
	return ret;
}

/*
 * DkThreadRaiseException(h, Opaque): deliver a DK_EXC_RAISED upcall
 * carrying Opaque to the thread.  -ESRCH if it ended; a thread that did
 * not start yet keeps one such exception for its start (-EAGAIN for a
 * second one).
 */
long dk_sys_thread_raise(struct dk_ctx *ctx, const u64 *args)
{
	struct dk_thread *t = dk_thread_get(ctx, args[0]);
	struct task_struct *task = NULL;
	long ret = 0;

	if (IS_ERR(t))
		return PTR_ERR(t);
	spin_lock(&t->lock);
	if (t->state == DK_THR_ENDED) {
		ret = -ESRCH;
	} else if (t->task) {
		task = get_task_struct(t->task);
	} else if (t->pending) {
		ret = -EAGAIN;
	} else {
		t->pending = true;
		t->opaque = args[1];
	}
	spin_unlock(&t->lock);
	if (task) {
		ret = dk_thread_signal(ctx, task, args[1]);
		put_task_struct(task);
	}
	dk_object_put(&t->obj);
	return ret;
}

/*
 * DkThreadExit(): the calling thread is about to leave with the raw exit
 * syscall; its tracking file (if any) signals its handle as it goes.
 */
long dk_sys_thread_exit(struct dk_ctx *ctx, const u64 *args)
{
	dk_threads_reap_stacks(ctx);
	return 0;
}
