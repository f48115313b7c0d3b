/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: picoprocess trees, the monitor protocol and
 * process objects (see Documentation/design/processes.rst).
 *
 * Lock order: Documentation/design/locking.rst.
 */
#ifndef _DK_TREE_H
#define _DK_TREE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/poll.h>
#include "handles.h"

struct dk_ctx;
struct dk_ioc_arg;

/**
 * struct dk_tree - one monitor and the picoprocesses it started
 * @ref:     references: the monitor's context, each member context, each
 *           process object
 * @lock:    protects every field below and the state fields of the
 *           tree's process objects
 * @dead:    the monitor is gone: requests fail with ESRCH
 * @has_top: the top picoprocess has joined
 * @nprocs:  live picoprocesses counted against DK_TREE_MAX_PROCESSES
 * @pending: requests not yet taken by the monitor (dk_process.node)
 * @procs:   request id -> struct dk_process (one reference), from the
 *           request until the monitor reports the exit (or tree death)
 * @next_id: where the cyclic id allocation goes on: an id is not reused
 *           until the 31-bit space wraps, so a monitor's late report for
 *           a finished request cannot name a new one
 * @top:     the top picoprocess (get_pid), for teardown
 * @top_mm:  the address space it joined with (mmgrab), for teardown
 * @mon_wq:  the monitor's poll queue (requests pending)
 * @family:  pipe name space id shared by all members
 * @kills:   the process objects of a dead tree (dk_process.node, one
 *           reference each) whose members are still to be killed
 * @dead_node: on the module's list of dead trees to kill (dk_kills_lock)
 */
struct dk_tree {
	struct kref ref;
	struct mutex lock;	/* protects all below and dk_process state */
	bool dead;
	bool has_top;
	u32 nprocs;
	struct list_head pending;
	struct xarray procs;
	u32 next_id;
	struct pid *top;
	struct mm_struct *top_mm;
	wait_queue_head_t mon_wq;
	u64 family;
	struct list_head kills;
	struct list_head dead_node;
};

/**
 * struct dk_tree_link - a context's membership (ctx->tree_link)
 * @tree:    the tree (one reference)
 * @monitor: this context is the tree's monitor
 * @proc:    the process object this context is the child of (one
 *           reference, dropped at teardown); NULL for the top
 *           picoprocess and the monitor
 * @inherited: the handles installed at the join for the parent's inherit
 *           list, in its order (kmalloc'd, NULL if none); immutable once
 *           the link is published
 * @ninherited: entries at @inherited
 */
struct dk_tree_link {
	struct dk_tree *tree;
	bool monitor;
	struct dk_process *proc;
	u64 *inherited;
	u32 ninherited;
};

enum dk_proc_state {
	DK_PROC_PENDING,	/* queued for the monitor */
	DK_PROC_TAKEN,		/* the monitor is starting it */
	DK_PROC_DONE,		/* completed: @result says how */
	DK_PROC_CANCELLED,	/* the parent gave up (died) */
};

/**
 * struct dk_process - a process object (DK_OBJ_PROCESS)
 * @obj:      object header; owner = the parent's context
 * @tree:     the tree (one reference)
 * @id:       request id, key in tree->procs
 * @node:     on tree->pending while PENDING
 * @strs:     "URI\0ARG\0..." as copied from the parent; immutable
 * @len:      bytes at @strs
 * @argc:     argument strings after the URI
 * @parent_pid: requesting process, for the monitor
 * @wq:       woken on completion and on exit
 * @state:    enum dk_proc_state (tree->lock)
 * @result:   DONE: 0 or -errno (tree->lock)
 * @stream:   the parent's end of the parent/child stream (set once, at
 *            successful completion, before @state becomes DONE)
 * @pid:      the child's thread-group leader once joined (tree->lock)
 * @mm:       the address space it joined with (mmgrab; set with @pid)
 * @joined:   a context joined as this child (tree->lock)
 * @counted:  counted in tree->nprocs (tree->lock)
 * @exited:   the child has ended (written under tree->lock with release
 *            semantics, read locklessly by waiters)
 * @exit_code: valid once @exited
 * @inherit:  the objects to install in the child at its join (one
 *            reference each, kmalloc'd array); handed over at the join
 *            (tree->lock), else freed with the object
 * @ninherit: entries at @inherit (tree->lock)
 * @want_join: the request has an inherit list: it succeeds only once the
 *            child has joined and received it (fixed at creation)
 * @mon_done: the monitor completed the request successfully before the
 *            child joined; the join finishes it (tree->lock)
 */
struct dk_process {
	struct dk_object obj;
	struct dk_tree *tree;
	u64 id;
	struct list_head node;
	char *strs;
	u32 len;
	u32 argc;
	pid_t parent_pid;
	wait_queue_head_t wq;
	int state;
	int result;
	struct dk_object *stream;
	struct pid *pid;
	struct mm_struct *mm;
	bool joined;
	bool counted;
	bool exited;
	int exit_code;
	struct dk_object **inherit;
	u32 ninherit;
	bool want_join;
	bool mon_done;
};

/* tree.c: launcher and monitor ioctls */
long dk_tree_monitor_create(struct dk_ctx *ctx, const struct dk_ioc_arg *arg);
long dk_tree_monitor_next(struct dk_ctx *ctx, const struct dk_ioc_arg *arg);
long dk_tree_monitor_complete(struct dk_ctx *ctx,
			      const struct dk_ioc_arg *arg);
long dk_tree_monitor_exited(struct dk_ctx *ctx, const struct dk_ioc_arg *arg);
long dk_tree_join(struct dk_ctx *ctx, const struct dk_ioc_arg *arg);
bool dk_tree_is_monitor(struct dk_ctx *ctx);
__poll_t dk_tree_poll(struct dk_ctx *ctx, struct file *file, poll_table *pt);
void dk_tree_leave(struct dk_ctx *ctx);
void dk_tree_exit(void);
void dk_tree_link_free(struct dk_ctx *ctx);
void dk_tree_get(struct dk_tree *tree);
void dk_tree_put(struct dk_tree *tree);

static inline struct dk_process *to_dk_process(struct dk_object *obj)
{
	return container_of(obj, struct dk_process, obj);
}

#endif /* _DK_TREE_H */
