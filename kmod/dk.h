/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: internal declarations shared by the module's files.
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
 *
 * Locking: every lock of the module, what it protects and the order in
 * which they nest are listed in one place, Documentation/design/locking.rst.
 */
#ifndef _DK_H
#define _DK_H

#include <linux/types.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/xarray.h>
#include <linux/wait.h>
#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/uidgid.h>
#include <linux/drawbridge.h>
#include "compat.h"

struct dk_ctx;
struct dk_mm_watch;
struct dk_policy;
struct dk_object;
struct dk_tree_link;
struct file;

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
 */
struct dk_object_ops {
	unsigned int type;
	const char *name;
	void (*release)(struct dk_object *obj);
	bool (*try_acquire)(struct dk_object *obj);
	wait_queue_head_t *(*waitq)(struct dk_object *obj);
};

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

/**
 * struct dk_ctx - one picoprocess context (one open of /dev/drawbridge)
 * @ref:         references: the file, every object charged to it, and a
 *               teardown in progress
 * @mm:          address space of the owning process (mmgrab'd); every
 *               call must come from a task with this mm
 * @mm_watch:    the watch on @mm whose ->release tears the context down
 *               (context.c); one reference on it from open to the file's
 *               release
 * @mm_node:     on @mm_watch's list until the context is torn down
 * @uid:         real uid of the opener, charged for the context until it
 *               is freed (max_contexts_per_user)
 * @tag:         high bits of every handle of this context
 * @setup_lock:  protects @sealed and the @max_* limits; @policy,
 *               @tree_link and @family are set under it; held across
 *               each whole set-up command (ioctl.c)
 * @sealed:      set-up commands are refused once set; teardown sets it
 * @handles:     slot -> struct dk_hslot *; the xarray's own lock protects
 *               the entries, each hslot's refs, @nhandles and
 *               @handles_closed
 * @handles_closed: the context was torn down: no handle can be opened
 * @nhandles:    open handles
 * @max_handles: limit on @nhandles
 * @kmem_used:   kernel memory charged by objects (atomic, no lock)
 * @max_kmem:    limit on @kmem_used
 * @vm_lock:     serializes the DkVirtualMemory* calls; protects @vm_used
 *               and @memfile
 * @vm_used:     bytes of address space reserved through the Dk calls
 * @max_vm:      limit on @vm_used
 * @memfile:     shmem file backing all Dk-allocated memory, at file
 *               offset == virtual address (created on first use)
 * @exit_code:   code given to DkProcessExit, or -1
 * @threads:     thread token -> struct dk_thread * of every thread created
 *               and not yet ended (thread.c); its xa_lock protects entries
 * @stack_lock:  protects @stack_free and @nstack_free
 * @stack_free:  stacks of ended threads, oldest first: reused by new
 *               threads, the excess unmapped at the next thread call
 * @nstack_free: entries on @stack_free
 * @policy:      manifest policy (policy.c); NULL grants nothing.  Set
 *               once under @setup_lock, immutable once sealed
 * @family:      pipe name space id: unique per context, replaced by its
 *               tree's when the context joins one (set under @setup_lock)
 * @maps:        DkStreamMap mappings (stream.c); protected by @vm_lock
 * @tree_link:   membership of a process tree (tree.h); set once under
 *               @setup_lock before sealing, left at teardown, freed with
 *               the context
 */
struct dk_ctx {
	struct kref ref;
	struct mm_struct *mm;
	struct dk_mm_watch *mm_watch;
	struct list_head mm_node;	/* under mm_watch->lock */
	kuid_t uid;
	u32 tag;

	struct mutex setup_lock;	/* protects sealed and the max_* limits */
	bool sealed;

	struct xarray handles;
	bool handles_closed;
	u32 nhandles;
	u32 max_handles;

	atomic64_t kmem_used;
	u64 max_kmem;

	struct mutex vm_lock;		/* serializes VM calls; vm_used, memfile */
	u64 vm_used;
	u64 max_vm;
	struct file *memfile;

	atomic_t exit_code;

	struct xarray threads;
	spinlock_t stack_lock;		/* protects stack_free, nstack_free */
	struct list_head stack_free;
	u32 nstack_free;
	struct dk_policy *policy;
	u64 family;
	struct list_head maps;		/* under vm_lock */
	struct dk_tree_link *tree_link;
};

#define DK_DEFAULT_MAX_HANDLES	4096
#define DK_DEFAULT_MAX_KMEM	(64ULL << 20)
#define DK_DEFAULT_MAX_VM	(16ULL << 30)

#define DK_DEFAULT_MAX_CONTEXTS_PER_USER	1024

/**
 * struct dk_ioc_arg - the argument of a command other than DK_IOC_CALL
 * @k:     the module's copy of the caller's structure (ioctl.c read it
 *         by the rules of the uapi header), zeroed for output-only ones
 * @u:     the caller's pointer
 * @usize: the caller's structure size, from the command number
 */
struct dk_ioc_arg {
	void *k;
	void __user *u;
	u32 usize;
};

/*
 * A command handler (ioctl.c's table): returns a value >= 0 or a negative
 * errno.  Set-up commands run with the context's setup_lock held.
 */
typedef long (*dk_ioc_fn)(struct dk_ctx *ctx, const struct dk_ioc_arg *arg);

/* ioctl.c */
long dk_ioc_run(struct dk_ctx *ctx, unsigned int cmd, void __user *uarg);
int dk_ioc_copy_out(const struct dk_ioc_arg *arg, const void *src,
		    size_t ksize);
int dk_ioc_check(void);

/* context.c */
struct dk_ctx *dk_ctx_create(void);
void dk_ctx_close(struct dk_ctx *ctx);
void dk_ctx_get(struct dk_ctx *ctx);
void dk_ctx_put(struct dk_ctx *ctx);
int dk_ctx_charge(struct dk_ctx *ctx, size_t bytes);
void dk_ctx_uncharge(struct dk_ctx *ctx, size_t bytes);
long dk_ctx_set_limits(struct dk_ctx *ctx, const struct dk_ioc_arg *arg);
long dk_ctx_get_info(struct dk_ctx *ctx, const struct dk_ioc_arg *arg);
void dk_context_exit(void);

/* handles.c */
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

/* table.c */
int dk_calls_check(void);
long dk_dispatch(struct dk_ctx *ctx, struct dk_call __user *ucall);
void dk_trace_policy_deny(u32 nr, int err, const char *what);

/* thread.c */
void dk_threads_init(struct dk_ctx *ctx);
void dk_threads_close(struct dk_ctx *ctx);
void dk_threads_fini(struct dk_ctx *ctx);

/* vm.c */
int dk_vm_free(struct dk_ctx *ctx, u64 addr, u64 size, u32 type);

/* stream_host.c */
long dk_stream_add_host_fd(struct dk_ctx *ctx, const struct dk_ioc_arg *arg);

/* stream.c */
void dk_stream_maps_free(struct dk_ctx *ctx);

/* policy.c */
void dk_policy_put(struct dk_policy *policy);
long dk_policy_add_fs_root(struct dk_ctx *ctx, const struct dk_ioc_arg *arg);
long dk_policy_add_net_rule(struct dk_ctx *ctx, const struct dk_ioc_arg *arg);

/*
 * Call handlers.  Each receives the six raw arguments of struct dk_call and
 * returns a value >= 0 or a negative errno, which the ioctl returns.
 */
typedef long (*dk_call_fn)(struct dk_ctx *ctx, const u64 *args);

long dk_sys_object_reference(struct dk_ctx *ctx, const u64 *args);
long dk_sys_object_close(struct dk_ctx *ctx, const u64 *args);
long dk_sys_vm_alloc(struct dk_ctx *ctx, const u64 *args);
long dk_sys_vm_free(struct dk_ctx *ctx, const u64 *args);
long dk_sys_vm_protect(struct dk_ctx *ctx, const u64 *args);
long dk_sys_thread_exit(struct dk_ctx *ctx, const u64 *args);
long dk_sys_process_create(struct dk_ctx *ctx, const u64 *args);
long dk_sys_process_exit(struct dk_ctx *ctx, const u64 *args);
long dk_sys_stream_read(struct dk_ctx *ctx, const u64 *args);
long dk_sys_stream_write(struct dk_ctx *ctx, const u64 *args);
long dk_sys_stream_open(struct dk_ctx *ctx, const u64 *args);
long dk_sys_stream_map(struct dk_ctx *ctx, const u64 *args);
long dk_sys_stream_unmap(struct dk_ctx *ctx, const u64 *args);
long dk_sys_stream_set_length(struct dk_ctx *ctx, const u64 *args);
long dk_sys_stream_flush(struct dk_ctx *ctx, const u64 *args);
long dk_sys_stream_delete(struct dk_ctx *ctx, const u64 *args);
long dk_sys_stream_wait_for_client(struct dk_ctx *ctx, const u64 *args);
long dk_sys_stream_get_name(struct dk_ctx *ctx, const u64 *args);
long dk_sys_stream_attr_query(struct dk_ctx *ctx, const u64 *args);
long dk_sys_stream_attr_query_handle(struct dk_ctx *ctx, const u64 *args);
long dk_sys_stream_attr_set_handle(struct dk_ctx *ctx, const u64 *args);
long dk_sys_stream_change_name(struct dk_ctx *ctx, const u64 *args);
long dk_sys_stream_read_link(struct dk_ctx *ctx, const u64 *args);
long dk_sys_stream_set_times(struct dk_ctx *ctx, const u64 *args);
long dk_sys_system_time_query(struct dk_ctx *ctx, const u64 *args);
long dk_sys_random_bits_read(struct dk_ctx *ctx, const u64 *args);
long dk_sys_icache_flush(struct dk_ctx *ctx, const u64 *args);

#endif /* _DK_H */
