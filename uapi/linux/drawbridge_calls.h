/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Drawbridge for Linux: the list of Dk calls, one row per call.
 *
 * Data only, in the manner of strace's syscallent tables: define DK_CALL()
 * and include this file.  Everything that knows the calls is derived from
 * this list or checked against it: the DK_CALL_* numbers and DK_CALL_COUNT
 * (drawbridge.h), the module's call table (kmod/table.c), libdk's typed
 * call stubs (userlib/src/calls.h), dbtrace's names and per-call tracing
 * data (tools/dbtrace/names.c), dkfuzz's call names and arities
 * (selftests/fuzz/calls.c) and the table in Documentation/abi/index.rst
 * (scripts/check-calls.sh).
 *
 * DK_CALL(nr, ID, "Name", handler, flags, nargs, (kinds))
 *   nr       call number; stable, never reused.  Rows are in increasing
 *            order without gaps (the module's build checks this).
 *   ID       the call is DK_CALL_<ID>
 *   "Name"   the C API name (libdk's function); tracing shows it
 *   handler  the module's handler is dk_sys_<handler>
 *   flags    DK_CF_* (drawbridge.h)
 *   nargs    how many arguments the call takes: args[0..nargs-1]
 *   kinds    one DK_ARG_* (drawbridge.h) per argument, nargs of them
 *
 * An internal call (DK_CF_INTERNAL) is a step of one of libdk's protocols
 * that has no C function of its own; see Documentation/abi/threads.rst.
 */
#ifndef DK_CALL
#error "define DK_CALL() before including <linux/drawbridge_calls.h>"
#endif

/* memory */
DK_CALL(0, VIRTUAL_MEMORY_ALLOC, "DkVirtualMemoryAlloc", vm_alloc, 0, 4,
	(DK_ARG_INOUT, DK_ARG_SIZE, DK_ARG_MEMTYPE, DK_ARG_PROT))
DK_CALL(1, VIRTUAL_MEMORY_FREE, "DkVirtualMemoryFree", vm_free, 0, 3,
	(DK_ARG_ADDR, DK_ARG_SIZE, DK_ARG_MEMTYPE))
DK_CALL(2, VIRTUAL_MEMORY_PROTECT, "DkVirtualMemoryProtect", vm_protect, 0, 3,
	(DK_ARG_ADDR, DK_ARG_SIZE, DK_ARG_PROT))
/* threads */
DK_CALL(3, THREAD_CREATE, "DkThreadCreate", thread_create, DK_CF_RET_HANDLE, 6,
	(DK_ARG_CODE, DK_ARG_ADDR, DK_ARG_ADDR, DK_ARG_FLAGS, DK_ARG_SIZE,
	 DK_ARG_OUT))
DK_CALL(4, THREAD_EXIT, "DkThreadExit", thread_exit, DK_CF_NORETURN, 0, ())
DK_CALL(5, THREAD_YIELD_EXECUTION, "DkThreadYieldExecution", thread_yield, 0, 0,
	())
DK_CALL(6, THREAD_DELAY_EXECUTION, "DkThreadDelayExecution", thread_delay, 0, 1,
	(DK_ARG_NUM))
DK_CALL(7, THREAD_RESUME, "DkThreadResume", thread_resume, 0, 1,
	(DK_ARG_HANDLE))
DK_CALL(8, THREAD_RAISE_EXCEPTION, "DkThreadRaiseException", thread_raise, 0, 2,
	(DK_ARG_HANDLE, DK_ARG_ADDR))
/* synchronization */
DK_CALL(9, SEMAPHORE_CREATE, "DkSemaphoreCreate", sem_create, DK_CF_RET_HANDLE,
	2, (DK_ARG_NUM, DK_ARG_NUM))
DK_CALL(10, SEMAPHORE_RELEASE, "DkSemaphoreRelease", sem_release, 0, 2,
	(DK_ARG_HANDLE, DK_ARG_NUM))
DK_CALL(11, SEMAPHORE_PEEK, "DkSemaphorePeek", sem_peek, 0, 1,
	(DK_ARG_HANDLE))
DK_CALL(12, NOTIFICATION_EVENT_CREATE, "DkNotificationEventCreate",
	nevent_create, DK_CF_RET_HANDLE, 1, (DK_ARG_NUM))
DK_CALL(13, SYNCHRONIZATION_EVENT_CREATE, "DkSynchronizationEventCreate",
	sevent_create, DK_CF_RET_HANDLE, 1, (DK_ARG_NUM))
DK_CALL(14, EVENT_SET, "DkEventSet", event_set, 0, 1, (DK_ARG_HANDLE))
DK_CALL(15, EVENT_CLEAR, "DkEventClear", event_clear, 0, 1, (DK_ARG_HANDLE))
DK_CALL(16, EVENT_PEEK, "DkEventPeek", event_peek, 0, 1, (DK_ARG_HANDLE))
DK_CALL(17, OBJECTS_WAIT_ANY, "DkObjectsWaitAny", wait_any, 0, 3,
	(DK_ARG_NUM, DK_ARG_IN, DK_ARG_INT))
/* objects */
DK_CALL(18, OBJECT_REFERENCE, "DkObjectReference", object_reference, 0, 1,
	(DK_ARG_HANDLE))
DK_CALL(19, OBJECT_CLOSE, "DkObjectClose", object_close, 0, 1,
	(DK_ARG_HANDLE))
/* streams */
DK_CALL(20, STREAM_OPEN, "DkStreamOpen", stream_open, DK_CF_RET_HANDLE, 5,
	(DK_ARG_URI, DK_ARG_ACCESS, DK_ARG_FLAGS, DK_ARG_FLAGS, DK_ARG_FLAGS))
DK_CALL(21, STREAM_READ, "DkStreamRead", stream_read, 0, 6,
	(DK_ARG_HANDLE, DK_ARG_OFFSET, DK_ARG_SIZE, DK_ARG_OUT, DK_ARG_OUT,
	 DK_ARG_SIZE))
DK_CALL(22, STREAM_WRITE, "DkStreamWrite", stream_write, 0, 5,
	(DK_ARG_HANDLE, DK_ARG_OFFSET, DK_ARG_SIZE, DK_ARG_IN, DK_ARG_URI))
DK_CALL(23, STREAM_MAP, "DkStreamMap", stream_map, 0, 5,
	(DK_ARG_HANDLE, DK_ARG_INOUT, DK_ARG_PROT, DK_ARG_OFFSET, DK_ARG_SIZE))
DK_CALL(24, STREAM_UNMAP, "DkStreamUnmap", stream_unmap, 0, 2,
	(DK_ARG_ADDR, DK_ARG_SIZE))
DK_CALL(25, STREAM_SET_LENGTH, "DkStreamSetLength", stream_set_length, 0, 2,
	(DK_ARG_HANDLE, DK_ARG_SIZE))
DK_CALL(26, STREAM_FLUSH, "DkStreamFlush", stream_flush, 0, 1,
	(DK_ARG_HANDLE))
DK_CALL(27, STREAM_DELETE, "DkStreamDelete", stream_delete, 0, 2,
	(DK_ARG_HANDLE, DK_ARG_FLAGS))
DK_CALL(28, STREAM_WAIT_FOR_CLIENT, "DkStreamWaitForClient",
	stream_wait_for_client, DK_CF_RET_HANDLE, 1, (DK_ARG_HANDLE))
DK_CALL(29, STREAM_GET_NAME, "DkStreamGetName", stream_get_name, 0, 4,
	(DK_ARG_HANDLE, DK_ARG_FLAGS, DK_ARG_OUT, DK_ARG_SIZE))
DK_CALL(30, STREAM_ATTRIBUTES_QUERY, "DkStreamAttributesQuery",
	stream_attr_query, 0, 4,
	(DK_ARG_URI, DK_ARG_OUT, DK_ARG_SIZE, DK_ARG_FLAGS))
DK_CALL(31, STREAM_ATTRIBUTES_QUERY_BY_HANDLE, "DkStreamAttributesQueryByHandle",
	stream_attr_query_handle, 0, 3, (DK_ARG_HANDLE, DK_ARG_OUT, DK_ARG_SIZE))
DK_CALL(32, STREAM_ATTRIBUTES_SET_BY_HANDLE, "DkStreamAttributesSetByHandle",
	stream_attr_set_handle, 0, 2, (DK_ARG_HANDLE, DK_ARG_IN))
DK_CALL(33, STREAM_CHANGE_NAME, "DkStreamChangeName", stream_change_name, 0, 2,
	(DK_ARG_HANDLE, DK_ARG_URI))
/* processes */
DK_CALL(34, PROCESS_CREATE, "DkProcessCreate", process_create,
	DK_CF_RET_HANDLE, 2, (DK_ARG_URI, DK_ARG_IN))
DK_CALL(35, PROCESS_EXIT, "DkProcessExit", process_exit, DK_CF_NORETURN, 1,
	(DK_ARG_INT))
/* exceptions */
DK_CALL(36, SET_EXCEPTION_HANDLER, "DkSetExceptionHandler",
	set_exception_handler, 0, 3, (DK_ARG_CODE, DK_ARG_NUM, DK_ARG_CODE))
DK_CALL(37, EXCEPTION_RETURN, "DkExceptionReturn", exception_return, 0, 1,
	(DK_ARG_IN))
/* miscellaneous */
DK_CALL(38, SYSTEM_TIME_QUERY, "DkSystemTimeQuery", system_time_query, 0, 1,
	(DK_ARG_OUT))
DK_CALL(39, RANDOM_BITS_READ, "DkRandomBitsRead", random_bits_read, 0, 2,
	(DK_ARG_OUT, DK_ARG_SIZE))
DK_CALL(40, INSTRUCTION_CACHE_FLUSH, "DkInstructionCacheFlush", icache_flush,
	0, 2, (DK_ARG_IN, DK_ARG_SIZE))
/* internal: the thread start-up protocol of DkThreadCreate */
DK_CALL(41, THREAD_ATTACH, "DkThreadAttach", thread_attach, DK_CF_INTERNAL, 1,
	(DK_ARG_NUM))
DK_CALL(42, THREAD_ABORT, "DkThreadAbort", thread_abort, DK_CF_INTERNAL, 1,
	(DK_ARG_NUM))
/* streams, continued: files (DK_FEATURE_FILE_ATTRS) */
DK_CALL(43, STREAM_READ_LINK, "DkStreamReadLink", stream_read_link, 0, 3,
	(DK_ARG_URI, DK_ARG_OUT, DK_ARG_SIZE))
DK_CALL(44, STREAM_SET_TIMES, "DkStreamSetTimes", stream_set_times, 0, 2,
	(DK_ARG_HANDLE, DK_ARG_IN))
/* synchronization, continued: readiness (DK_FEATURE_POLL) */
DK_CALL(45, STREAM_POLL, "DkStreamPoll", stream_poll, 0, 3,
	(DK_ARG_NUM, DK_ARG_INOUT, DK_ARG_INT))
