// SPDX-License-Identifier: GPL-2.0
/*
 * dkfuzz: the call table.  One row per call id: the argument kinds (the
 * generators in core.c know each kind), masks for flag arguments, how
 * often the call is picked, and the errnos Documentation/abi/ gives
 * it beyond the common ones (abi/index.rst: EFAULT EINVAL EBADRQC ENOSYS
 * EPERM EBADF EXDEV EBADFD EMFILE EDQUOT EINTR, plus ENOMEM).  A plain
 * const table, meant to be generated from the single call list later.
 */
#include "fuzz.h"

#define A(...)		.arg = { __VA_ARGS__ }
#define M(...)		.mask = { __VA_ARGS__ }
#define E(...)		.errs = { __VA_ARGS__, 0 }
#define NOE		.errs = { 0 }

/* Errors of every call taking a URI (abi/streams.rst). */
#define URI_ERRS	ENAMETOOLONG, EPROTONOSUPPORT, EPFNOSUPPORT, EACCES
/* Network errors "are the kernel's" (abi/streams.rst, DkStreamOpen). */
#define NET_ERRS	ECONNREFUSED, EADDRINUSE, ENETUNREACH, EADDRNOTAVAIL, \
			EHOSTUNREACH, ETIMEDOUT, ECONNRESET, EAFNOSUPPORT
/* Stream I/O (abi/streams.rst, DkStreamRead/Write). */
#define IO_ERRS		EACCES, ENOTCONN, EAGAIN, EPIPE, EFBIG, ENOSPC, EIO, \
			ERANGE, EMSGSIZE, NET_ERRS

const struct fz_call fz_calls[FZ_NCALLS] = {
	/* memory (abi/core.rst) */
	[DK_CALL_VIRTUAL_MEMORY_ALLOC] = { "DkVirtualMemoryAlloc", 4, FS_VM_ALLOC, 0, 40,
		A(FA_VM_CELL, FA_VM_SIZE, FA_FLAGS, FA_FLAGS),
		M(0, 0, DK_MEM_RESERVE | DK_MEM_COMMIT, 7), E(EEXIST) },
	[DK_CALL_VIRTUAL_MEMORY_FREE] = { "DkVirtualMemoryFree", 3, FS_VM_RANGE, 0, 25,
		A(FA_VM_ADDR, FA_VM_SIZE, FA_FLAGS),
		M(0, 0, DK_MEM_DECOMMIT | DK_MEM_RELEASE), NOE },
	[DK_CALL_VIRTUAL_MEMORY_PROTECT] = { "DkVirtualMemoryProtect", 3, FS_VM_RANGE, 0, 25,
		A(FA_VM_ADDR, FA_VM_SIZE, FA_FLAGS), M(0, 0, 7), NOE },
	/* threads (abi/threads.rst) */
	[DK_CALL_THREAD_CREATE] = { "DkThreadCreate", 6, FS_THREAD_CREATE, 0, 30,
		A(FA_SPECIAL, FA_SPECIAL, FA_SPECIAL, FA_SPECIAL, FA_SPECIAL, FA_SPECIAL),
		M(0), E(ENOENT, ESRCH, EAGAIN) },
	[DK_CALL_THREAD_EXIT] = { "DkThreadExit", 0, FS_NONE, 0, 3, A(0), M(0), NOE },
	[DK_CALL_THREAD_YIELD_EXECUTION] = { "DkThreadYieldExecution", 0, FS_NONE, 0, 5,
		A(0), M(0), NOE },
	[DK_CALL_THREAD_DELAY_EXECUTION] = { "DkThreadDelayExecution", 1, FS_NONE, 0, 8,
		A(FA_TIMEOUT), M(0), NOE },
	[DK_CALL_THREAD_RESUME] = { "DkThreadResume", 1, FS_NONE, 0, 15,
		A(FA_H_THREAD), M(0), NOE },
	[DK_CALL_THREAD_RAISE_EXCEPTION] = { "DkThreadRaiseException", 2, FS_NONE, 0, 12,
		A(FA_H_THREAD, FA_RAW), M(0), E(ESRCH, EAGAIN) },
	/* synchronization (abi/sync.rst) */
	[DK_CALL_SEMAPHORE_CREATE] = { "DkSemaphoreCreate", 2, FS_OBJ_CREATE, 0, 15,
		A(FA_U32, FA_U32), M(0), NOE },
	[DK_CALL_SEMAPHORE_RELEASE] = { "DkSemaphoreRelease", 2, FS_NONE, 0, 15,
		A(FA_H_SEM, FA_U32), M(0), E(EOVERFLOW) },
	[DK_CALL_SEMAPHORE_PEEK] = { "DkSemaphorePeek", 1, FS_NONE, 0, 5,
		A(FA_H_SEM), M(0), NOE },
	[DK_CALL_NOTIFICATION_EVENT_CREATE] = { "DkNotificationEventCreate", 1, FS_OBJ_CREATE, 0, 10,
		A(FA_ENUM), M(1), NOE },
	[DK_CALL_SYNCHRONIZATION_EVENT_CREATE] = { "DkSynchronizationEventCreate", 1, FS_OBJ_CREATE, 0, 10,
		A(FA_ENUM), M(1), NOE },
	[DK_CALL_EVENT_SET] = { "DkEventSet", 1, FS_NONE, 0, 15, A(FA_H_EVENT), M(0), NOE },
	[DK_CALL_EVENT_CLEAR] = { "DkEventClear", 1, FS_NONE, 0, 8, A(FA_H_EVENT), M(0), NOE },
	[DK_CALL_EVENT_PEEK] = { "DkEventPeek", 1, FS_NONE, 0, 5, A(FA_H_EVENT), M(0), NOE },
	[DK_CALL_OBJECTS_WAIT_ANY] = { "DkObjectsWaitAny", 3, FS_NONE, 0, 40,
		A(FA_COUNT, FA_HANDLES, FA_TIMEOUT), M(0), E(E2BIG, ETIMEDOUT) },
	/* objects (abi/core.rst) */
	[DK_CALL_OBJECT_REFERENCE] = { "DkObjectReference", 1, FS_NONE, 0, 10,
		A(FA_H), M(0), E(EOVERFLOW) },
	[DK_CALL_OBJECT_CLOSE] = { "DkObjectClose", 1, FS_CLOSE, 0, 40,
		A(FA_H), M(0), NOE },
	/* streams (abi/streams.rst) */
	[DK_CALL_STREAM_OPEN] = { "DkStreamOpen", 5, FS_STREAM_OPEN, 0, 70,
		A(FA_URI, FA_FLAGS, FA_FLAGS, FA_FLAGS, FA_FLAGS),
		M(0, DK_ACCESS_RDWR, DK_SHARE_MASK, 0xf, DK_OPTION_NONBLOCK),
		E(URI_ERRS, ENOENT, EEXIST, ENOTDIR, EISDIR, ENXIO, EROFS, EAGAIN,
		  NET_ERRS) },
	[DK_CALL_STREAM_READ] = { "DkStreamRead", 6, FS_NONE, 0, 45,
		A(FA_H_STREAM, FA_OFFSET, FA_LEN, FA_BUF_OUT, FA_SRC_BUF, FA_SRC_LEN),
		M(0), E(IO_ERRS, ENOENT) },
	[DK_CALL_STREAM_WRITE] = { "DkStreamWrite", 5, FS_NONE, 0, 45,
		A(FA_H_STREAM, FA_OFFSET, FA_LEN, FA_BUF_IN, FA_URI_DEST),
		M(0), E(IO_ERRS, EDESTADDRREQ, ENAMETOOLONG, EPROTONOSUPPORT,
			EPFNOSUPPORT, EAFNOSUPPORT) },
	[DK_CALL_STREAM_MAP] = { "DkStreamMap", 5, FS_STREAM_MAP, 0, 15,
		A(FA_H_FILE, FA_MAP_CELL, FA_FLAGS, FA_OFFSET, FA_LEN),
		M(0, 0, 0xf), E(EACCES, EEXIST, ENODEV) },
	[DK_CALL_STREAM_UNMAP] = { "DkStreamUnmap", 2, FS_STREAM_UNMAP, 0, 10,
		A(FA_MAP_ADDR, FA_MAP_SIZE), M(0), NOE },
	[DK_CALL_STREAM_SET_LENGTH] = { "DkStreamSetLength", 2, FS_NONE, 0, 10,
		A(FA_H_FILE, FA_OFFSET), M(0), E(EISDIR, EACCES, EFBIG, EPERM) },
	[DK_CALL_STREAM_FLUSH] = { "DkStreamFlush", 1, FS_NONE, 0, 5,
		A(FA_H_STREAM), M(0), E(EIO, ENOSPC) },
	[DK_CALL_STREAM_DELETE] = { "DkStreamDelete", 2, FS_NONE, 0, 15,
		A(FA_H_STREAM, FA_ENUM), M(0, DK_DELETE_WRITE),
		E(ENOENT, EACCES, ENOTEMPTY, ENOTCONN, EOPNOTSUPP) },
	[DK_CALL_STREAM_WAIT_FOR_CLIENT] = { "DkStreamWaitForClient", 1, FS_ACCEPT, 0, 20,
		A(FA_H_SERVER), M(0), E(EAGAIN) },
	[DK_CALL_STREAM_GET_NAME] = { "DkStreamGetName", 4, FS_NONE, 0, 10,
		A(FA_H_STREAM, FA_FLAGS, FA_BUF_OUT, FA_LEN), M(0, 0), E(ERANGE) },
	[DK_CALL_STREAM_ATTRIBUTES_QUERY] = { "DkStreamAttributesQuery", 2, FS_NONE, 0, 15,
		A(FA_URI, FA_ATTR_OUT), M(0), E(URI_ERRS, ENOENT, ENOTDIR) },
	[DK_CALL_STREAM_ATTRIBUTES_QUERY_BY_HANDLE] = { "DkStreamAttributesQueryByHandle", 2,
		FS_NONE, 0, 15, A(FA_H_STREAM, FA_ATTR_OUT), M(0), NOE },
	[DK_CALL_STREAM_ATTRIBUTES_SET_BY_HANDLE] = { "DkStreamAttributesSetByHandle", 2,
		FS_NONE, 0, 15, A(FA_H_STREAM, FA_ATTR_IN), M(0), NOE },
	[DK_CALL_STREAM_CHANGE_NAME] = { "DkStreamChangeName", 2, FS_NONE, 0, 10,
		A(FA_H_FILE, FA_URI), M(0),
		E(URI_ERRS, EXDEV, ENOENT, EBUSY, ENOTEMPTY, EISDIR, ENOTDIR) },
	/* processes (abi/processes.rst) */
	[DK_CALL_PROCESS_CREATE] = { "DkProcessCreate", 2, FS_PROCESS_CREATE, 0, 6,
		A(FA_URI_PROC, FA_ARGV), M(0),
		E(E2BIG, EPROTONOSUPPORT, ENOENT, EACCES, ENOEXEC, EAGAIN, ESRCH,
		  ECHILD, ENOTDIR, ENAMETOOLONG) },
	/* The module call only records the code; the fuzzer goes on. */
	[DK_CALL_PROCESS_EXIT] = { "DkProcessExit", 1, FS_NONE, 0, 2, A(FA_RAW), M(0), NOE },
	/* exceptions (abi/threads.rst) */
	[DK_CALL_SET_EXCEPTION_HANDLER] = { "DkSetExceptionHandler", 3, FS_EXC_HANDLER, 0, 5,
		A(FA_SPECIAL, FA_SPECIAL, FA_SPECIAL), M(0), NOE },
	[DK_CALL_EXCEPTION_RETURN] = { "DkExceptionReturn", 1, FS_NONE, 0, 5,
		A(FA_EXC_BLOCK), M(0), NOE },
	/* miscellaneous (abi/core.rst) */
	[DK_CALL_SYSTEM_TIME_QUERY] = { "DkSystemTimeQuery", 1, FS_NONE, 0, 5,
		A(FA_OUT_U64), M(0), NOE },
	[DK_CALL_RANDOM_BITS_READ] = { "DkRandomBitsRead", 2, FS_NONE, 0, 8,
		A(FA_BUF_OUT, FA_LEN), M(0), NOE },
	[DK_CALL_INSTRUCTION_CACHE_FLUSH] = { "DkInstructionCacheFlush", 2, FS_NONE, 0, 4,
		A(FA_BUF_IN, FA_LEN), M(0), NOE },

	/* Launcher set-up commands (abi/index.rst, manifest.rst) */
	[FZ_IOC_ADD_STREAM] = { "DK_IOC_ADD_STREAM", 1, FS_IOCTL, FZ_R_IOCTL | FZ_R_HOST, 10,
		A(FA_SETUP), M(0), E(EBADF, EACCES, EINVAL, EBUSY, EMFILE, EDQUOT) },
	[FZ_IOC_SET_LIMITS] = { "DK_IOC_SET_LIMITS", 1, FS_IOCTL, FZ_R_IOCTL | FZ_R_HOST, 3,
		A(FA_SETUP), M(0), E(EINVAL, EBUSY) },
	[FZ_IOC_SEAL] = { "DK_IOC_SEAL", 1, FS_IOCTL, FZ_R_IOCTL | FZ_R_HOST, 2,
		A(FA_SETUP), M(0), E(EBUSY) },
	[FZ_IOC_GET_INFO] = { "DK_IOC_GET_INFO", 1, FS_IOCTL, FZ_R_IOCTL | FZ_R_HOST, 4,
		A(FA_SETUP), M(0), NOE },
	[FZ_IOC_ADD_FS_ROOT] = { "DK_IOC_ADD_FS_ROOT", 1, FS_IOCTL, FZ_R_IOCTL | FZ_R_HOST, 4,
		A(FA_SETUP), M(0),
		E(EBUSY, EINVAL, ENOTDIR, EBADF, ENOSPC, ENAMETOOLONG, EDQUOT) },
	[FZ_IOC_ADD_NET_RULE] = { "DK_IOC_ADD_NET_RULE", 1, FS_IOCTL, FZ_R_IOCTL | FZ_R_HOST, 4,
		A(FA_SETUP), M(0), E(EBUSY, EINVAL, ENOSPC, EDQUOT) },
	[FZ_IOC_JOIN_TREE] = { "DK_IOC_JOIN_TREE", 1, FS_IOCTL, FZ_R_IOCTL | FZ_R_HOST, 3,
		A(FA_SETUP), M(0), E(EBADF, EINVAL, ENOENT, EBUSY, ECANCELED, ESRCH) },
	[FZ_IOC_MONITOR_CREATE] = { "DK_IOC_MONITOR_CREATE", 1, FS_IOCTL, FZ_R_IOCTL | FZ_R_HOST, 1,
		A(FA_SETUP), M(0), E(EBUSY) },
	[FZ_IOC_MONITOR_NEXT] = { "DK_IOC_MONITOR_NEXT", 1, FS_IOCTL, FZ_R_IOCTL | FZ_R_HOST, 3,
		A(FA_SETUP), M(0), E(EAGAIN, ENOSPC, EINVAL) },
	[FZ_IOC_MONITOR_COMPLETE] = { "DK_IOC_MONITOR_COMPLETE", 1, FS_IOCTL,
		FZ_R_IOCTL | FZ_R_HOST, 3, A(FA_SETUP), M(0),
		E(ENOENT, ECANCELED, EINVAL, EBADF, EMFILE, EDQUOT) },
	[FZ_IOC_MONITOR_EXITED] = { "DK_IOC_MONITOR_EXITED", 1, FS_IOCTL, FZ_R_IOCTL | FZ_R_HOST, 2,
		A(FA_SETUP), M(0), E(ENOENT, EINVAL) },
	[FZ_IOC_GARBAGE] = { "ioctl(garbage)", 1, FS_IOCTL, FZ_R_IOCTL | FZ_R_HOST, 6,
		A(FA_SETUP), M(0), NOE },
	[FZ_CALL_GARBAGE] = { "DK_IOC_CALL(garbage)", 1, FS_GARBAGE_CALL, 0, 10,
		A(FA_SPECIAL), M(0), NOE },
	[FZ_THREAD_ATTACH] = { "DkThreadCreate(ATTACH)", 6, FS_NONE, FZ_R_INTERNAL, 0,
		A(0), M(0), E(ESRCH) },
	[FZ_THREAD_ABORT] = { "DkThreadCreate(ABORT)", 6, FS_NONE, FZ_R_INTERNAL, 0,
		A(0), M(0), E(ESRCH) },
};
