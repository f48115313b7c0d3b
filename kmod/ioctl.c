// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: the commands of /dev/drawbridge other than
 * DK_IOC_CALL -- the launcher's set-up commands, DK_IOC_GET_INFO and the
 * monitor's commands -- in one table, and the rules by which their
 * structures are read and written (Documentation/abi/index.rst, "Growing
 * the ABI").
 */
#include <linux/fs.h>
#include <linux/nospec.h>
#include <linux/uaccess.h>
#include <linux/drawbridge.h>

#include "context.h"
#include "ioctl.h"
#include "policy.h"
#include "stream_host.h"
#include "tree.h"

/* DK_IOC_SEAL: no set-up command from now on (the caller holds setup_lock). */
static long dk_ioc_seal(struct dk_ctx *ctx, const struct dk_ioc_arg *arg)
{
	ctx->sealed = true;
	return 0;
}

/* Flags of struct dk_ioc_desc. */
#define DK_IOCF_SETUP	0x1	/* unsealed context, setup_lock held */
#define DK_IOCF_MONITOR	0x2	/* monitor context only, else -EINVAL */
#define DK_IOCF_SIZED	0x4	/* size from the command, VER0 and up */

/**
 * struct dk_ioc_desc - one command of /dev/drawbridge besides DK_IOC_CALL
 * @cmd:      the command as the uapi header spells it
 * @fn:       handler; runs with @arg->k holding the caller's structure
 *            for a command with _IOC_WRITE, else zeroed
 * @name:     for diagnostics
 * @size:     sizeof the argument structure, 0 for none
 * @min_size: its first published size (DK_*_SIZE_VER0), for DK_IOCF_SIZED
 * @flags:    DK_IOCF_*
 */
struct dk_ioc_desc {
	unsigned int cmd;
	dk_ioc_fn fn;
	const char *name;
	u16 size;
	u16 min_size;
	u8 flags;
};

/* The entry of DK_IOC_<id> in dk_iocs[], for a command with no structure. */
#define DK_IOC(id, handler, fl)						\
	[_IOC_NR(DK_IOC_##id)] = {					\
		.cmd = DK_IOC_##id,					\
		.fn = handler,						\
		.name = "DK_IOC_" #id,					\
		.flags = (fl),						\
	}

/* The entry of a command whose structure grows (DK_IOCF_SIZED). */
#define DK_IOC_SIZED(id, handler, type, ver0, fl)			\
	[_IOC_NR(DK_IOC_##id)] = {					\
		.cmd = DK_IOC_##id,					\
		.fn = handler,						\
		.name = "DK_IOC_" #id,					\
		.size = sizeof(type),					\
		.min_size = (ver0),					\
		.flags = (fl) | DK_IOCF_SIZED,				\
	}

/*
 * The launcher's and the monitor's commands, indexed by _IOC_NR.  A
 * DK_IOCF_SIZED command matches any size in the number: its structure
 * is read and written with the rules of the top of the uapi header.
 */
static const struct dk_ioc_desc dk_iocs[] = {
	DK_IOC_SIZED(ADD_STREAM, dk_stream_add_host_fd, struct dk_setup_stream,
		     DK_SETUP_STREAM_SIZE_VER0, DK_IOCF_SETUP),
	DK_IOC_SIZED(SET_LIMITS, dk_ctx_set_limits, struct dk_setup_limits,
		     DK_SETUP_LIMITS_SIZE_VER0, DK_IOCF_SETUP),
	DK_IOC(SEAL, dk_ioc_seal, DK_IOCF_SETUP),
	DK_IOC_SIZED(GET_INFO, dk_ctx_get_info, struct dk_context_info,
		     DK_CONTEXT_INFO_SIZE_VER0, 0),
	DK_IOC_SIZED(ADD_FS_ROOT, dk_policy_add_fs_root,
		     struct dk_setup_fs_root, DK_SETUP_FS_ROOT_SIZE_VER0,
		     DK_IOCF_SETUP),
	DK_IOC_SIZED(ADD_NET_RULE, dk_policy_add_net_rule,
		     struct dk_setup_net_rule, DK_SETUP_NET_RULE_SIZE_VER0,
		     DK_IOCF_SETUP),
	DK_IOC(MONITOR_CREATE, dk_tree_monitor_create, DK_IOCF_SETUP),
	DK_IOC_SIZED(MONITOR_NEXT, dk_tree_monitor_next,
		     struct dk_monitor_request, DK_MONITOR_REQUEST_SIZE_VER0,
		     DK_IOCF_MONITOR),
	DK_IOC_SIZED(MONITOR_COMPLETE, dk_tree_monitor_complete,
		     struct dk_monitor_reply, DK_MONITOR_REPLY_SIZE_VER0,
		     DK_IOCF_MONITOR),
	DK_IOC_SIZED(MONITOR_EXITED, dk_tree_monitor_exited,
		     struct dk_monitor_reply, DK_MONITOR_REPLY_SIZE_VER0,
		     DK_IOCF_MONITOR),
	DK_IOC_SIZED(JOIN_TREE, dk_tree_join, struct dk_join_tree,
		     DK_JOIN_TREE_SIZE_VER0, DK_IOCF_SETUP),
};

/* Room for the argument of any command of dk_iocs[]. */
union dk_ioc_buf {
	struct dk_setup_stream stream;
	struct dk_setup_limits limits;
	struct dk_context_info info;
	struct dk_setup_fs_root fs_root;
	struct dk_setup_net_rule net_rule;
	struct dk_monitor_request request;
	struct dk_monitor_reply reply;
	struct dk_join_tree join;
};

#define DK_IOC_SIZE_BITS	((unsigned int)_IOC_SIZEMASK << _IOC_SIZESHIFT)

/* The entry of @cmd, or NULL for a command this module does not know. */
static const struct dk_ioc_desc *dk_ioc_lookup(unsigned int cmd)
{
	const struct dk_ioc_desc *d;
	unsigned int nr = _IOC_NR(cmd);

	if (_IOC_TYPE(cmd) != DK_IOC_MAGIC || nr >= ARRAY_SIZE(dk_iocs))
		return NULL;
	d = &dk_iocs[array_index_nospec(nr, ARRAY_SIZE(dk_iocs))];
	if (!d->fn)
		return NULL;
	if (d->flags & DK_IOCF_SIZED)
		return (cmd & ~DK_IOC_SIZE_BITS) == (d->cmd & ~DK_IOC_SIZE_BITS) ?
			d : NULL;
	return cmd == d->cmd ? d : NULL;
}

/**
 * dk_ioc_copy_out - store a command's result structure for the caller
 * @arg:   the command's argument
 * @src:   the module's structure
 * @ksize: its size
 *
 * Stores the first min(caller's size, @ksize) bytes and zeroes the rest
 * of a larger caller's structure.
 *
 * Return: 0 or -EFAULT.
 */
int dk_ioc_copy_out(const struct dk_ioc_arg *arg, const void *src,
		    size_t ksize)
{
	size_t n = min_t(size_t, arg->usize, ksize);

	if (copy_to_user(arg->u, src, n))
		return -EFAULT;
	if (arg->usize > ksize &&
	    clear_user(arg->u + ksize, arg->usize - ksize))
		return -EFAULT;
	return 0;
}

/**
 * dk_ioc_run - run a command other than DK_IOC_CALL
 * @ctx:  the caller's context (the caller's mm was already checked)
 * @cmd:  the command
 * @uarg: its argument
 *
 * Look the command up, check the caller's size and the context's state,
 * read the argument and run the handler.  A set-up command runs whole
 * under setup_lock, so a seal cannot slip in between the check and the
 * change.
 *
 * Return: the handler's result, or -ENOTTY (unknown command), -EINVAL
 * (size below the first published one, or not a monitor), -EBUSY
 * (sealed), -EFAULT, -E2BIG (non-zero bytes beyond the module's
 * structure).
 */
long dk_ioc_run(struct dk_ctx *ctx, unsigned int cmd, void __user *uarg)
{
	const struct dk_ioc_desc *d = dk_ioc_lookup(cmd);
	union dk_ioc_buf buf;
	struct dk_ioc_arg arg = {
		.k = &buf,
		.u = uarg,
		.usize = _IOC_SIZE(cmd),
	};
	long ret;

	if (!d)
		return -ENOTTY;
	if ((d->flags & DK_IOCF_SIZED) && arg.usize < d->min_size)
		return -EINVAL;
	if ((d->flags & DK_IOCF_MONITOR) && !dk_tree_is_monitor(ctx))
		return -EINVAL;
	if (d->flags & DK_IOCF_SETUP) {
		mutex_lock(&ctx->setup_lock);
		if (ctx->sealed) {
			ret = -EBUSY;
			goto out_unlock;
		}
	}
	memset(&buf, 0, sizeof(buf));
	if (_IOC_DIR(cmd) & _IOC_WRITE) {
		ret = copy_struct_from_user(&buf, d->size, uarg, arg.usize);
		if (ret)
			goto out_unlock;
	}
	ret = d->fn(ctx, &arg);
out_unlock:
	if (d->flags & DK_IOCF_SETUP)
		mutex_unlock(&ctx->setup_lock);
	return ret;
}

/*
 * The uapi layouts, pinned: a size or offset that changes by accident
 * fails the build.  A structure may only grow at its end, with a new
 * DK_*_SIZE_VER<n>; the offsets below never move.
 */
static void __init dk_uapi_layout_check(void)
{
	BUILD_BUG_ON(sizeof(struct dk_call) != 56);
	BUILD_BUG_ON(offsetof(struct dk_call, args) != 8);
	BUILD_BUG_ON(sizeof(struct dk_setup_stream) != DK_SETUP_STREAM_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct dk_setup_limits) != DK_SETUP_LIMITS_SIZE_VER0);
	BUILD_BUG_ON(offsetof(struct dk_setup_limits, max_vm) != 16);
	BUILD_BUG_ON(sizeof(struct dk_context_info) != DK_CONTEXT_INFO_SIZE_VER0);
	BUILD_BUG_ON(offsetof(struct dk_context_info, abi_version) != 4);
	BUILD_BUG_ON(offsetof(struct dk_context_info, features) != 8);
	BUILD_BUG_ON(offsetof(struct dk_context_info, max_handles) != 32);
	BUILD_BUG_ON(offsetof(struct dk_context_info, max_vm) != 64);
	BUILD_BUG_ON(sizeof(struct dk_setup_fs_root) != DK_SETUP_FS_ROOT_SIZE_VER0);
	BUILD_BUG_ON(offsetof(struct dk_setup_fs_root, prefix) != 8);
	BUILD_BUG_ON(sizeof(struct dk_setup_net_rule) != DK_SETUP_NET_RULE_SIZE_VER0);
	BUILD_BUG_ON(offsetof(struct dk_setup_net_rule, addr) != 16);
	BUILD_BUG_ON(sizeof(struct dk_monitor_request) != DK_MONITOR_REQUEST_SIZE_VER0);
	BUILD_BUG_ON(offsetof(struct dk_monitor_request, buf) != 24);
	BUILD_BUG_ON(sizeof(struct dk_monitor_reply) != DK_MONITOR_REPLY_SIZE_VER0);
	BUILD_BUG_ON(offsetof(struct dk_monitor_reply, reserved) != 20);
	BUILD_BUG_ON(sizeof(struct dk_join_tree) != DK_JOIN_TREE_SIZE_VER0);
	BUILD_BUG_ON(offsetof(struct dk_join_tree, id) != 8);
	BUILD_BUG_ON(sizeof(struct dk_thread_create_out) !=
		     DK_THREAD_CREATE_OUT_SIZE_VER0);
	BUILD_BUG_ON(offsetof(struct dk_thread_create_out, size) != 4);
	BUILD_BUG_ON(offsetof(struct dk_thread_create_out, stack) != 8);
	BUILD_BUG_ON(sizeof(struct dk_exception) != DK_EXCEPTION_SIZE_VER0);
	BUILD_BUG_ON(offsetof(struct dk_exception, size) != 28);
	BUILD_BUG_ON(offsetof(struct dk_exception, regs) != 32);
	BUILD_BUG_ON(offsetof(struct dk_exception, frame) != 40);
	BUILD_BUG_ON(sizeof(struct dk_start_info) != DK_START_INFO_SIZE_VER2);
	BUILD_BUG_ON(offsetof(struct dk_start_info, image_base) != 40);
	BUILD_BUG_ON(offsetof(struct dk_start_info, size) != 48);
	BUILD_BUG_ON(offsetof(struct dk_start_info, features) != 56);
	BUILD_BUG_ON(offsetof(struct dk_start_info, envp) !=
		     DK_START_INFO_SIZE_VER0);
	BUILD_BUG_ON(offsetof(struct dk_start_info, exec_handle) != 92);
	BUILD_BUG_ON(offsetof(struct dk_start_info, clktck) != 136);
	BUILD_BUG_ON(offsetof(struct dk_start_info, cwd) != 144);
	BUILD_BUG_ON(offsetof(struct dk_start_info, signal_handle) !=
		     DK_START_INFO_SIZE_VER1);
	BUILD_BUG_ON(DK_THREAD_CLONE_FLAGS != 0x52b00UL);
}

/**
 * dk_ioc_check - check the uapi layouts and the command table at load
 *
 * The layouts are checked at build time; dk_iocs[] must have each entry
 * at its number, with room for its structure.
 *
 * Return: 0, or -EINVAL (and a message) for a bad table.
 */
int __init dk_ioc_check(void)
{
	const struct dk_ioc_desc *d;
	unsigned int i;

	dk_uapi_layout_check();

	BUILD_BUG_ON(_IOC_NR(DK_IOC_CALL) >= ARRAY_SIZE(dk_iocs) ||
		     ARRAY_SIZE(dk_iocs) > 64);
	for (i = 0; i < ARRAY_SIZE(dk_iocs); i++) {
		d = &dk_iocs[i];
		if (!d->fn)
			continue;
		if (_IOC_NR(d->cmd) != i || d->cmd == DK_IOC_CALL ||
		    d->size > sizeof(union dk_ioc_buf) ||
		    (_IOC_DIR(d->cmd) != _IOC_NONE &&
		     _IOC_SIZE(d->cmd) != d->size) ||
		    ((d->flags & DK_IOCF_SIZED) &&
		     (!d->min_size || d->min_size > d->size))) {
			pr_err("drawbridge: bad ioctl table entry %s\n",
			       d->name);
			return -EINVAL;
		}
	}
	return 0;
}
