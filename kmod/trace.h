/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: tracepoints.  Every Dk call is bracketed by
 * drawbridge:dk_call_enter and drawbridge:dk_call_exit; field layouts are
 * documented in Documentation/tracing.rst and are a stable interface for
 * dbtrace.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM drawbridge

#if !defined(_DK_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _DK_TRACE_H

#include <linux/tracepoint.h>
#include "compat.h"

TRACE_EVENT(dk_call_enter,
	    TP_PROTO(u32 nr, const u64 *args),
	    TP_ARGS(nr, args),
	    TP_STRUCT__entry(__field(pid_t, pid)
			     __field(pid_t, tid)
			     __field(u32, nr)
			     __field(u64, arg0)
			     __field(u64, arg1)
			     __field(u64, arg2)
			     __field(u64, arg3)),
	    TP_fast_assign(__entry->pid = task_tgid_nr(current);
			   __entry->tid = task_pid_nr(current);
			   __entry->nr = nr;
			   __entry->arg0 = args[0];
			   __entry->arg1 = args[1];
			   __entry->arg2 = args[2];
			   __entry->arg3 = args[3]),
	    TP_printk("pid=%d tid=%d nr=%u args=(0x%llx, 0x%llx, 0x%llx, 0x%llx)",
		      __entry->pid, __entry->tid, __entry->nr,
		      __entry->arg0, __entry->arg1, __entry->arg2,
		      __entry->arg3)
);

/*
 * @args is the same kernel copy of the arguments as at entry.  It is
 * passed for raw tracepoint programs (dbtrace joins a call's arguments and
 * result from this one event) and not recorded in the trace record.
 */
TRACE_EVENT(dk_call_exit,
	    TP_PROTO(u32 nr, long ret, u64 duration_ns, const u64 *args),
	    TP_ARGS(nr, ret, duration_ns, args),
	    TP_STRUCT__entry(__field(pid_t, pid)
			     __field(pid_t, tid)
			     __field(u32, nr)
			     __field(long, ret)
			     __field(u64, duration_ns)),
	    TP_fast_assign(__entry->pid = task_tgid_nr(current);
			   __entry->tid = task_pid_nr(current);
			   __entry->nr = nr;
			   __entry->ret = ret;
			   __entry->duration_ns = duration_ns),
	    TP_printk("pid=%d tid=%d nr=%u ret=%ld duration_ns=%llu",
		      __entry->pid, __entry->tid, __entry->nr, __entry->ret,
		      __entry->duration_ns)
);

/*
 * A request refused by the manifest policy: @nr is the call, @err the error
 * it returned, @what the URI, path or address that was refused.
 */
TRACE_EVENT(dk_policy_deny,
	    TP_PROTO(u32 nr, int err, const char *what),
	    TP_ARGS(nr, err, what),
	    TP_STRUCT__entry(__field(pid_t, pid)
			     __field(pid_t, tid)
			     __field(u32, nr)
			     __field(int, err)
			     __string(what, what)),
	    TP_fast_assign(__entry->pid = task_tgid_nr(current);
			   __entry->tid = task_pid_nr(current);
			   __entry->nr = nr;
			   __entry->err = err;
			   dk_assign_str(what, what)),
	    TP_printk("pid=%d tid=%d nr=%u err=%d what=%s",
		      __entry->pid, __entry->tid, __entry->nr, __entry->err,
		      __get_str(what))
);

#endif /* _DK_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
