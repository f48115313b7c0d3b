/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libdk: the C interface to the Drawbridge picoprocess ABI.
 *
 * Every public Dk call of <linux/drawbridge.h> has exactly one function
 * here (the internal ones are steps of libdk's own protocols).  The
 * arguments are in the order of the kernel's struct dk_call args[0..5],
 * the order of the call list <linux/drawbridge_calls.h>, which the
 * library's typed call stubs (src/calls.h) enforce when it is built.
 *
 * Error convention: every function returns a long, >= 0 on success and a
 * negative Linux errno on failure (e.g. -EBADF).  There is no errno
 * variable and no other hidden state apart from the descriptor of the
 * context (dk_set_fd / dk_get_fd) and the start information recorded by
 * the picoprocess entry stub.
 *
 * The library needs no C library: it issues the raw "syscall" instruction
 * itself, so it serves both confined picoprocesses (built with tools/dbcc,
 * entered through _dk_start by dbexec) and ordinary programs such as tests
 * that open /dev/drawbridge themselves and call dk_set_fd().
 */
#ifndef DK_H
#define DK_H

#include <stdint.h>
#include <linux/drawbridge.h>

#ifdef __cplusplus
#define DK_NORETURN [[noreturn]]
extern "C" {
#else
#define DK_NORETURN _Noreturn
#endif

/* ------------------------------------------------------------------ */
/* The gateway                                                          */
/* ------------------------------------------------------------------ */

#define DK_SYS_IOCTL		16	/* x86-64 host system call numbers */
#define DK_SYS_EXIT		60
#define DK_SYS_EXIT_GROUP	231

/*
 * Issue one Dk call on the context open at descriptor @fd.  The only host
 * system call is ioctl(fd, DK_IOC_CALL, &call); the kernel returns >= 0 or
 * -errno in %rax, which is returned unchanged.
 */
static inline long dk_call_fd(int fd, uint32_t nr, uint64_t a0, uint64_t a1,
			      uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct dk_call call = {
		.nr = nr,
		.flags = 0,
		.args = { a0, a1, a2, a3, a4, a5 },
	};
	long ret;

	__asm__ volatile ("syscall"
			  : "=a" (ret)
			  : "0" ((long)DK_SYS_IOCTL), "D" ((long)fd),
			    "S" ((unsigned long)DK_IOC_CALL), "d" (&call)
			  : "rcx", "r11", "memory");
	return ret;
}

/* The descriptor of this program's context (-1 until set). */
int dk_get_fd(void);
/* For ordinary programs that opened /dev/drawbridge themselves. */
void dk_set_fd(int fd);

/* Issue a Dk call on this program's context: what every wrapper uses. */
static inline long dk_call(uint32_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
			   uint64_t a3, uint64_t a4, uint64_t a5)
{
	return dk_call_fd(dk_get_fd(), nr, a0, a1, a2, a3, a4, a5);
}

/* ------------------------------------------------------------------ */
/* Start-up information (picoprocesses launched by dbexec)              */
/* ------------------------------------------------------------------ */

/*
 * Validate @si (magic, ABI version, size), adopt its descriptor with
 * dk_set_fd() and record it for dk_start_info()/dk_std_handle().  Returns
 * 0, or -EINVAL if @si is NULL or not a valid version-DK_ABI_VERSION
 * block.  The entry stub calls it; tests may call it with a block of
 * their own.
 */
long dk_start_info_set(const struct dk_start_info *si);
/* The recorded start information, or NULL. */
const struct dk_start_info *dk_start_info(void);
/*
 * The module's ABI version and DK_FEATURE_* bits, as dbexec recorded them
 * in the start information (either pointer may be NULL).  Returns 0, or
 * -ENOENT without start information: an ordinary program asks
 * DK_IOC_GET_INFO on its descriptor itself.
 */
long dk_abi_info(uint32_t *version, uint64_t *features);
/*
 * Handle of standard stream @n (0 stdin, 1 stdout, 2 stderr): the handle,
 * -EBADF if the launcher passed none, -EINVAL if @n is not 0, 1 or 2.
 */
long dk_std_handle(int n);
/*
 * The environment dbexec passed (a NULL-terminated "NAME=VALUE" vector),
 * or NULL if the start information predates it (DK_START_INFO_SIZE_VER1).
 */
char *const *dk_envp(void);
/*
 * The value of environment variable @name, or NULL if it is not set.
 */
const char *dk_getenv(const char *name);
/*
 * libOS mode: the read-only stream handle of the program to run, or
 * -EBADF when there is none.
 */
long dk_exec_handle(void);

/*
 * A picoprocess started through _dk_start whose start information is
 * invalid (or absent, e.g. when run directly by the host kernel) exits
 * with this status without making any Dk call.
 */
#define DK_START_BAD_INFO_EXIT	126

/* ------------------------------------------------------------------ */
/* Dk calls                                                             */
/* ------------------------------------------------------------------ */

/* memory */
long DkVirtualMemoryAlloc(void **addr, uint64_t size, uint32_t type,
			  uint32_t prot);
long DkVirtualMemoryFree(void *addr, uint64_t size, uint32_t type);
long DkVirtualMemoryProtect(void *addr, uint64_t size, uint32_t prot);

/*
 * threads (Documentation/abi/threads.rst): @stack is the top of a caller
 * stack, or NULL for a library/module-managed one; a thread routine of an
 * ordinary program runs without TLS of its own and must not call libc.
 */
long DkThreadCreate(void (*routine)(void *), void *arg, void *stack,
		    uint32_t flags);
DK_NORETURN void DkThreadExit(void);
long DkThreadYieldExecution(void);
long DkThreadDelayExecution(uint64_t ns);
long DkThreadResume(long h);
long DkThreadRaiseException(long h, void *opaque);

/*
 * synchronization (Documentation/abi/sync.rst): timeouts are relative
 * nanoseconds, 0 polls, DK_TIMEOUT_INFINITE waits forever.
 */
long DkSemaphoreCreate(uint32_t init, uint32_t max);
long DkSemaphoreRelease(long h, uint32_t count);
long DkSemaphorePeek(long h);
long DkNotificationEventCreate(uint32_t initial_state);
long DkSynchronizationEventCreate(uint32_t initial_state);
long DkEventSet(long h);
long DkEventClear(long h);
long DkEventPeek(long h);
long DkObjectsWaitAny(uint32_t count, const int32_t *handles,
		      int64_t timeout_ns);
/*
 * Readiness of streams and objects, like poll(2) (DK_FEATURE_POLL):
 * fills in each item's revents, returns how many have some, 0 on timeout.
 */
long DkStreamPoll(unsigned int count, struct dk_poll_item *items,
		  long long timeout_ns);

/* objects */
long DkObjectReference(long h);
long DkObjectClose(long h);

/* streams */
long DkStreamOpen(const char *uri, uint32_t access, uint32_t share,
		  uint32_t create, uint32_t options);
long DkStreamRead(long h, uint64_t offset, uint64_t size, void *buf);
long DkStreamWrite(long h, uint64_t offset, uint64_t size, const void *buf);
/*
 * The same two calls with their datagram arguments (Documentation/abi/
 * streams.rst): one datagram, @source receiving the sender as
 * "udp:ADDR:PORT" (NULL: not wanted; else @source_size >= 64), @dest the
 * receiver (NULL: the connected peer).  The offset is DK_OFFSET_NONE.
 * DkStreamPeekFrom is DkStreamReadFrom with DK_OFFSET_PEEK: the datagram
 * stays queued (DK_FEATURE_PEEK).
 */
long DkStreamReadFrom(long h, uint64_t size, void *buf, char *source,
		      uint64_t source_size);
long DkStreamPeekFrom(long h, uint64_t size, void *buf, char *source,
		      uint64_t source_size);
long DkStreamWriteTo(long h, uint64_t size, const void *buf, const char *dest);
long DkStreamMap(long h, void **addr, uint32_t prot, uint64_t offset,
		 uint64_t size);
long DkStreamUnmap(void *addr, uint64_t size);
long DkStreamSetLength(long h, uint64_t len);
long DkStreamFlush(long h);
long DkStreamDelete(long h, uint32_t flags);
long DkStreamWaitForClient(long h);
long DkStreamGetName(long h, uint32_t flags, char *buf, uint64_t size);
/* @attr: a struct dk_stream_attr (its whole current size is written). */
long DkStreamAttributesQuery(const char *uri, void *attr);
long DkStreamAttributesQueryByHandle(long h, void *attr);
/*
 * The same with the query's flags (DK_ATTR_QUERY_NOFOLLOW) and the size
 * of the caller's structure (abi/streams.rst, size-versioned structures).
 */
long DkStreamAttributesQueryEx(const char *uri, uint32_t flags,
			       struct dk_stream_attr *attr, uint64_t size);
/* A symlink's target, not NUL-terminated: the bytes stored, or -errno. */
long DkStreamReadLink(const char *uri, char *buf, uint64_t size);
/* utimensat(2) on an open file or directory stream. */
long DkStreamSetTimes(long h, const struct dk_stream_times *times);
/* Set a file stream's own position (DK_SEEK_SET/CUR/END); the new one. */
long DkStreamSeek(long h, long long offset, unsigned int whence);
/* symlink(2): makes the symlink @link_uri (file:) holding @target. */
long DkStreamSymlink(const char *target, const char *link_uri);
/* Applies the settings @attr->mask names (abi/streams.rst). */
long DkStreamAttributesSetByHandle(long h,
				   const struct dk_stream_attr_set *attr);
long DkStreamChangeName(long h, const char *new_uri);

/* processes */
/*
 * @handles: @count of the caller's handles the child receives (NULL, 0:
 * none); the child finds them with DkProcessGetInherited.
 */
long DkProcessCreate(const char *uri, const char *const *args,
		     const long *handles, unsigned int count);
/* The handles this picoprocess inherited, in its parent's order: count. */
long DkProcessGetInherited(long *handles, unsigned int max);
DK_NORETURN void DkProcessExit(int code);
/*
 * Exit code of the child named by process handle @h (through
 * DkStreamAttributesQueryByHandle): 0-255, 128+N if signal N killed it,
 * -EAGAIN while it runs, or the query's error.
 */
long DkProcessExitCode(long h);
/* The pre-opened stream to this picoprocess's parent, or -EBADF. */
long dk_parent_handle(void);

/*
 * exceptions: @handler is a void (*)(struct dk_exception *), NULL removes
 * it; @context of DkExceptionReturn is that struct dk_exception.
 */
long DkSetExceptionHandler(void *handler, uint32_t event);
long DkExceptionReturn(void *context);

/* miscellaneous */
long DkSystemTimeQuery(uint64_t *ns);
long DkRandomBitsRead(void *buf, uint64_t size);
long DkInstructionCacheFlush(const void *addr, uint64_t size);

/* ------------------------------------------------------------------ */
/* Helpers for programs without a C library                             */
/* ------------------------------------------------------------------ */

/* Length of the NUL-terminated string @s. */
uint64_t dk_strlen(const char *s);

/*
 * Write all of @s to stream @h sequentially, retrying short writes.
 * Returns the number of bytes written or a negative errno (-EIO if the
 * stream accepts no more bytes).
 */
long dk_write_str(long h, const char *s);

/*
 * Format @v in decimal into @buf (@size bytes, NUL-terminated).  Returns
 * the number of characters (without the NUL), or -ERANGE if @size is too
 * small (then @buf holds an empty string if @size > 0).
 */
long dk_format_u64(char *buf, uint64_t size, uint64_t v);
long dk_format_i64(char *buf, uint64_t size, int64_t v);

/*
 * The symbolic name of Linux errno @err ("EBADF" for EBADF or -EBADF),
 * "E?" for a value that names no errno.  Never NULL.
 */
const char *dk_strerror(long err);

#ifdef __cplusplus
}
#endif

#endif /* DK_H */
