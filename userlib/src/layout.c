// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The uapi structure layouts libdk was built against, pinned: the module
 * pins the same sizes and offsets (kmod/main.c), so a header that drifts
 * on one side fails that side's build.  No code.
 */
#include <stddef.h>
#include <dk.h>

#define DK_PIN_SIZE(type, size) \
	_Static_assert(sizeof(struct type) == (size), #type " size")
#define DK_PIN_OFFSET(type, field, off) \
	_Static_assert(offsetof(struct type, field) == (off), \
		       #type "." #field " offset")

DK_PIN_SIZE(dk_call, 56);
DK_PIN_OFFSET(dk_call, args, 8);
DK_PIN_SIZE(dk_setup_stream, DK_SETUP_STREAM_SIZE_VER0);
DK_PIN_SIZE(dk_setup_limits, DK_SETUP_LIMITS_SIZE_VER0);
DK_PIN_SIZE(dk_context_info, DK_CONTEXT_INFO_SIZE_VER0);
DK_PIN_OFFSET(dk_context_info, abi_version, 4);
DK_PIN_OFFSET(dk_context_info, features, 8);
DK_PIN_OFFSET(dk_context_info, max_handles, 32);
DK_PIN_SIZE(dk_setup_fs_root, DK_SETUP_FS_ROOT_SIZE_VER0);
DK_PIN_SIZE(dk_setup_net_rule, DK_SETUP_NET_RULE_SIZE_VER0);
DK_PIN_SIZE(dk_monitor_request, DK_MONITOR_REQUEST_SIZE_VER0);
DK_PIN_SIZE(dk_monitor_reply, DK_MONITOR_REPLY_SIZE_VER0);
DK_PIN_SIZE(dk_join_tree, DK_JOIN_TREE_SIZE_VER0);
DK_PIN_SIZE(dk_thread_create_out, DK_THREAD_CREATE_OUT_SIZE_VER0);
DK_PIN_OFFSET(dk_thread_create_out, size, 4);
DK_PIN_OFFSET(dk_thread_create_out, stack, 8);
DK_PIN_SIZE(dk_exception, DK_EXCEPTION_SIZE_VER0);
DK_PIN_OFFSET(dk_exception, size, 28);
DK_PIN_OFFSET(dk_exception, regs, 32);
DK_PIN_OFFSET(dk_exception, frame, 40);
DK_PIN_SIZE(dk_start_info, DK_START_INFO_SIZE_VER2);
DK_PIN_OFFSET(dk_start_info, argv, 16);
DK_PIN_OFFSET(dk_start_info, image_base, 40);
DK_PIN_OFFSET(dk_start_info, size, 48);
DK_PIN_OFFSET(dk_start_info, features, 56);
DK_PIN_OFFSET(dk_start_info, envp, DK_START_INFO_SIZE_VER0);
DK_PIN_OFFSET(dk_start_info, exec_handle, 92);
DK_PIN_OFFSET(dk_start_info, vdso_base, 104);
DK_PIN_OFFSET(dk_start_info, clktck, 136);
DK_PIN_OFFSET(dk_start_info, cwd, 144);
_Static_assert(DK_THREAD_CLONE_FLAGS == 0x52b00UL, "clone flags");
