// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: the Dk call table and the gateway into it.
 *
 * The table is the personality's system call table: indexed by call
 * number, const, one entry per call of the ABI, made from the call list
 * uapi/linux/drawbridge_calls.h and checked when the module loads.  A
 * call reserved but not implemented would name a handler that answers
 * -ENOSYS (DK_E_NOT_IMPLEMENTED); a number beyond the table answers
 * -EBADRQC (DK_E_BAD_CALL).
 */
#include <linux/uaccess.h>
#include <linux/nospec.h>
#include <linux/ktime.h>

#include "context.h"
#include "handles.h"
#include "table.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

/**
 * struct dk_call_desc - one entry of the call table
 * @fn:    handler
 * @name:  the C API name
 * @nargs: how many arguments the handler reads (args[0..nargs-1]); the
 *         gateway fetches only those and passes the others as zero
 * @flags: DK_CF_*
 */
struct dk_call_desc {
	dk_call_fn fn;
	const char *name;
	u8 nargs;
	u8 flags;
};

/* The call list (uapi/linux/drawbridge_calls.h), indexed by number. */
#define DK_CALL(nr, id, name, handler, flags, nargs, kinds) \
	[nr] = { dk_sys_##handler, name, nargs, flags },
static const struct dk_call_desc dk_calls[] = {
#include <linux/drawbridge_calls.h>
};

#undef DK_CALL

/*
 * One byte per call, whose initializer does not compile unless the row's
 * number is its DK_CALL_<ID> (so the rows are in number order, without
 * gaps) and it has as many argument kinds as arguments.
 */
#define DK_UNPAREN(...) __VA_ARGS__
#define DK_CALL(nr, id, name, handler, flags, nargs, kinds) \
	sizeof(char[DK_CALL_##id == (nr) && \
		    sizeof((u8[]){ 0, DK_UNPAREN kinds }) == (nargs) + 1 ? 1 : -1]),
static const u8 dk_call_rows_ok[] = {
#include <linux/drawbridge_calls.h>
#include <linux/drawbridge.h>
};

#undef DK_CALL
#undef DK_UNPAREN

/*
 * dk_calls_check - refuse to load with a malformed call table
 *
 * The sizes are checked when building: one table entry per call number,
 * one row of the list per number, each row at its number and with as many
 * argument kinds as arguments.  What the compiler cannot see is checked
 * here: every number below DK_CALL_COUNT has a handler and a name, no call
 * takes more than DK_CALL_MAX_ARGS arguments, and the names are unique.
 *
 * Return: 0, or -EINVAL (logged) if the table is malformed.
 */
int __init dk_calls_check(void)
{
	u32 nr, other;

	BUILD_BUG_ON(ARRAY_SIZE(dk_calls) != DK_CALL_COUNT);
	BUILD_BUG_ON(ARRAY_SIZE(dk_call_rows_ok) != DK_CALL_COUNT);

	for (nr = 0; nr < DK_CALL_COUNT; nr++) {
		if (!dk_calls[nr].fn || !dk_calls[nr].name ||
		    dk_calls[nr].nargs > DK_CALL_MAX_ARGS) {
			pr_err("call %u has no valid entry\n", nr);
			return -EINVAL;
		}
		for (other = 0; other < nr; other++) {
			if (!strcmp(dk_calls[nr].name, dk_calls[other].name)) {
				pr_err("calls %u and %u are both %s\n",
				       other, nr, dk_calls[nr].name);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/*
 * Read the call number, the flags and the @nargs arguments the call uses;
 * the remaining arguments read as zero.  User-access sections with plain
 * 8-byte loads: on the path every Dk call takes this is measurably cheaper
 * than copy_from_user() of the whole structure.
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
	user_access_end();
	/*
	 * The table is looked up between the two sections: no instrumented
	 * array access (UBSAN's bounds checks) inside a user-access section.
	 */
	n = DK_CALL_MAX_ARGS;	/* unknown call: trace every argument */
	if (likely(call->nr < DK_CALL_COUNT)) {
		desc = &dk_calls[array_index_nospec(call->nr, DK_CALL_COUNT)];
		n = min_t(u32, desc->nargs, DK_CALL_MAX_ARGS);
	}
	if (!user_access_begin(ucall->args, n * sizeof(ucall->args[0])))
		return -EFAULT;
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
 * for non-zero flags, -EBADRQC as described above.
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
		ret = desc->fn(ctx, call.args);
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
