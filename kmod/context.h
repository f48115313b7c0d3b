/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: the context, one open of /dev/drawbridge (one
 * picoprocess), and its limits (context.c).
 *
 * Locking: every lock of the module, what it protects and the order in
 * which they nest are listed in one place, Documentation/design/locking.rst.
 */
#ifndef _DK_CONTEXT_H
#define _DK_CONTEXT_H

#include <linux/types.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/xarray.h>
#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/uidgid.h>

struct dk_ioc_arg;
struct dk_mm_watch;
struct dk_policy;
struct dk_tree_link;
struct file;
struct mm_struct;

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

struct dk_ctx *dk_ctx_create(void);
void dk_ctx_close(struct dk_ctx *ctx);
void dk_ctx_get(struct dk_ctx *ctx);
void dk_ctx_put(struct dk_ctx *ctx);
int dk_ctx_charge(struct dk_ctx *ctx, size_t bytes);
void dk_ctx_uncharge(struct dk_ctx *ctx, size_t bytes);
long dk_ctx_set_limits(struct dk_ctx *ctx, const struct dk_ioc_arg *arg);
long dk_ctx_get_info(struct dk_ctx *ctx, const struct dk_ioc_arg *arg);
void dk_context_exit(void);

#endif /* _DK_CONTEXT_H */
