// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: the Dk call table and the gateway into it.
 *
 * The table is the personality's system call table: indexed by call
 * number, const, one entry per call of the ABI.  An entry without a
 * handler is reserved and answers -ENOSYS (DK_E_NOT_IMPLEMENTED); a number
 * beyond the table answers -EBADRQC (DK_E_BAD_CALL).
 */
#include <linux/uaccess.h>
#include <linux/nospec.h>
#include <linux/ktime.h>

#include "dk.h"
#include "sync.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

/**
 * struct dk_call_desc - one entry of the call table
 * @fn:    handler, NULL while the call is reserved but not implemented
 * @name:  the C API name
 * @nargs: how many arguments the handler reads (args[0..nargs-1]); the
 *         gateway fetches only those and passes the others as zero
 */
struct dk_call_desc {
	dk_call_fn fn;
	const char *name;
	u8 nargs;
};

static const struct dk_call_desc dk_calls[DK_CALL_COUNT] = {
	[DK_CALL_VIRTUAL_MEMORY_ALLOC] = { dk_sys_vm_alloc, "DkVirtualMemoryAlloc", 4 },
	[DK_CALL_VIRTUAL_MEMORY_FREE] = { dk_sys_vm_free, "DkVirtualMemoryFree", 3 },
	[DK_CALL_VIRTUAL_MEMORY_PROTECT] = { dk_sys_vm_protect, "DkVirtualMemoryProtect", 3 },
	[DK_CALL_THREAD_CREATE] = { dk_sys_thread_create, "DkThreadCreate", 6 },
	[DK_CALL_THREAD_EXIT] = { dk_sys_thread_exit, "DkThreadExit", 0 },
	[DK_CALL_THREAD_YIELD_EXECUTION] = { dk_sys_thread_yield, "DkThreadYieldExecution", 0 },
	[DK_CALL_THREAD_DELAY_EXECUTION] = { dk_sys_thread_delay, "DkThreadDelayExecution", 1 },
	[DK_CALL_THREAD_RESUME] = { dk_sys_thread_resume, "DkThreadResume", 1 },
	[DK_CALL_THREAD_RAISE_EXCEPTION] = { dk_sys_thread_raise, "DkThreadRaiseException", 2 },
	[DK_CALL_SEMAPHORE_CREATE] = { dk_sys_sem_create, "DkSemaphoreCreate", 2 },
	[DK_CALL_SEMAPHORE_RELEASE] = { dk_sys_sem_release, "DkSemaphoreRelease", 2 },
	[DK_CALL_SEMAPHORE_PEEK] = { dk_sys_sem_peek, "DkSemaphorePeek", 1 },
	[DK_CALL_NOTIFICATION_EVENT_CREATE] = { dk_sys_nevent_create,
		"DkNotificationEventCreate", 1 },
	[DK_CALL_SYNCHRONIZATION_EVENT_CREATE] = { dk_sys_sevent_create,
		"DkSynchronizationEventCreate", 1 },
	[DK_CALL_EVENT_SET] = { dk_sys_event_set, "DkEventSet", 1 },
	[DK_CALL_EVENT_CLEAR] = { dk_sys_event_clear, "DkEventClear", 1 },
	[DK_CALL_EVENT_PEEK] = { dk_sys_event_peek, "DkEventPeek", 1 },
	[DK_CALL_OBJECTS_WAIT_ANY] = { dk_sys_wait_any, "DkObjectsWaitAny", 3 },
	[DK_CALL_OBJECT_REFERENCE] = { dk_sys_object_reference, "DkObjectReference", 1 },
	[DK_CALL_OBJECT_CLOSE] = { dk_sys_object_close, "DkObjectClose", 1 },
	[DK_CALL_STREAM_OPEN] = { dk_sys_stream_open, "DkStreamOpen", 5 },
	[DK_CALL_STREAM_READ] = { dk_sys_stream_read, "DkStreamRead", 6 },
	[DK_CALL_STREAM_WRITE] = { dk_sys_stream_write, "DkStreamWrite", 5 },
	[DK_CALL_STREAM_MAP] = { dk_sys_stream_map, "DkStreamMap", 5 },
	[DK_CALL_STREAM_UNMAP] = { dk_sys_stream_unmap, "DkStreamUnmap", 2 },
	[DK_CALL_STREAM_SET_LENGTH] = { dk_sys_stream_set_length, "DkStreamSetLength", 2 },
	[DK_CALL_STREAM_FLUSH] = { dk_sys_stream_flush, "DkStreamFlush", 1 },
	[DK_CALL_STREAM_DELETE] = { dk_sys_stream_delete, "DkStreamDelete", 2 },
	[DK_CALL_STREAM_WAIT_FOR_CLIENT] = { dk_sys_stream_wait_for_client,
		"DkStreamWaitForClient", 1 },
	[DK_CALL_STREAM_GET_NAME] = { dk_sys_stream_get_name, "DkStreamGetName", 4 },
	[DK_CALL_STREAM_ATTRIBUTES_QUERY] = { dk_sys_stream_attr_query,
		"DkStreamAttributesQuery", 2 },
	[DK_CALL_STREAM_ATTRIBUTES_QUERY_BY_HANDLE] = { dk_sys_stream_attr_query_handle,
		"DkStreamAttributesQueryByHandle", 2 },
	[DK_CALL_STREAM_ATTRIBUTES_SET_BY_HANDLE] = { dk_sys_stream_attr_set_handle,
		"DkStreamAttributesSetByHandle", 2 },
	[DK_CALL_STREAM_CHANGE_NAME] = { dk_sys_stream_change_name, "DkStreamChangeName", 2 },
	[DK_CALL_PROCESS_CREATE] = { dk_sys_process_create, "DkProcessCreate", 2 },
	[DK_CALL_PROCESS_EXIT] = { dk_sys_process_exit, "DkProcessExit", 1 },
	[DK_CALL_SET_EXCEPTION_HANDLER] = { dk_sys_set_exception_handler,
		"DkSetExceptionHandler", 3 },
	[DK_CALL_EXCEPTION_RETURN] = { dk_sys_exception_return, "DkExceptionReturn", 1 },
	[DK_CALL_SYSTEM_TIME_QUERY] = { dk_sys_system_time_query, "DkSystemTimeQuery", 1 },
	[DK_CALL_RANDOM_BITS_READ] = { dk_sys_random_bits_read, "DkRandomBitsRead", 2 },
	[DK_CALL_INSTRUCTION_CACHE_FLUSH] = { dk_sys_icache_flush, "DkInstructionCacheFlush", 2 },
};

/*
 * Read the call number, the flags and the @nargs arguments the call uses;
 * the remaining arguments read as zero.  One user-access section with
 * plain 8-byte loads: on the path every Dk call takes this is measurably
 * cheaper than copy_from_user() of the whole structure.
 */
static __always_inline int dk_fetch_call(struct dk_call __user *ucall,
					 struct dk_call *call)
{
	const struct dk_call_desc *desc;
	u32 i, n;

	memset(call->args, 0, sizeof(call->args));
	if (!user_access_begin(ucall, sizeof(*ucall)))
		return -EFAULT;
	unsafe_get_user(call->nr, &ucall->nr, efault);
	unsafe_get_user(call->flags, &ucall->flags, efault);
	n = DK_CALL_MAX_ARGS;	/* unknown call: trace every argument */
	if (likely(call->nr < DK_CALL_COUNT)) {
		desc = &dk_calls[array_index_nospec(call->nr, DK_CALL_COUNT)];
		n = desc->nargs;
	}
	for (i = 0; i < n; i++)
		unsafe_get_user(call->args[i], &ucall->args[i], efault);
	user_access_end();
	return 0;
efault:
	user_access_end();
	return -EFAULT;
}

/**
 * dk_dispatch - run one Dk call for @ctx
 * @ctx:   the caller's context (the caller's mm was already checked)
 * @ucall: user pointer to struct dk_call
 *
 * The whole structure must lie in user space; only the header and the
 * arguments the call uses are read.
 *
 * Return: the handler's result, -EFAULT for an unreadable @ucall, -EINVAL
 * for non-zero flags, -EBADRQC or -ENOSYS as described above.
 */
long dk_dispatch(struct dk_ctx *ctx, struct dk_call __user *ucall)
{
	const struct dk_call_desc *desc;
	struct dk_call call;
	u64 start = 0;
	long ret;
	u32 nr;

	if (dk_fetch_call(ucall, &call))
		return -EFAULT;

	trace_dk_call_enter(call.nr, call.args);
	if (trace_dk_call_exit_enabled())
		start = ktime_get_ns();

	if (unlikely(call.flags)) {
		ret = -EINVAL;
	} else if (unlikely(call.nr >= DK_CALL_COUNT)) {
		ret = -EBADRQC;
	} else {
		nr = array_index_nospec(call.nr, DK_CALL_COUNT);
		desc = &dk_calls[nr];
		ret = desc->fn ? desc->fn(ctx, call.args) : -ENOSYS;
	}

	trace_dk_call_exit(call.nr, ret, start ? ktime_get_ns() - start : 0,
			   call.args);
	return ret;
}

/* Report a policy refusal (see trace.h); callable from any call handler. */
void dk_trace_policy_deny(u32 nr, int err, const char *what)
{
	trace_dk_policy_deny(nr, err, what);
}
