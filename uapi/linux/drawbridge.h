/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Drawbridge for Linux: the picoprocess ABI ("Dk" calls).
 *
 * This header is the contract between drawbridge.ko, libdk, dbexec and
 * dbtrace.  A picoprocess enters the kernel through exactly one ioctl
 * command, DK_IOC_CALL, on its /dev/drawbridge file descriptor.  The
 * argument is a struct dk_call naming the call number and up to six
 * 64-bit arguments.  Call numbers are stable: a number is never reused.
 *
 * Return convention (every call): the ioctl returns a value >= 0 on
 * success and -1 with errno set on failure; libdk turns that into a
 * negative Linux errno (e.g. -EBADF).  Results wider than 31 bits are
 * written through an output pointer argument.  See
 * Documentation/abi/index.rst for every call's arguments and errors.
 *
 * Extensibility (Documentation/abi/index.rst, "Growing the ABI"): every
 * structure either has a fixed size and a flags or reserved field that
 * must be zero, or is versioned by its size the way clone3() and
 * openat2() are: a caller passing a larger structure than the module
 * knows must leave the extra bytes zero (else E2BIG), a smaller one must
 * be at least the first published size, DK_*_SIZE_VER0 (else EINVAL).
 * For the ioctls below that size is the one encoded in the command
 * number (_IOC_SIZE), so a command keeps its _IOC_NR as its structure
 * grows.  DK_IOC_GET_INFO reports DK_ABI_VERSION and the DK_FEATURE_*
 * bits of the running module.
 */
#ifndef _UAPI_LINUX_DRAWBRIDGE_H
#define _UAPI_LINUX_DRAWBRIDGE_H

#include <linux/types.h>
#include <linux/ioctl.h>
#include <linux/errno.h>
#include <linux/const.h>
#include <linux/sched.h>

#define DK_DEVICE_PATH		"/dev/drawbridge"
/*
 * Raised whenever an existing structure, command or call changes in a
 * way an older caller could misread; additions use DK_FEATURE_* bits.
 */
#define DK_ABI_VERSION		2

/* DK_FEATURE_*: struct dk_context_info.features, what the module offers. */
#define DK_FEATURE_FS_ROOTS	_BITULL(0) /* DK_IOC_ADD_FS_ROOT, file: streams */
#define DK_FEATURE_NET_RULES	_BITULL(1) /* DK_IOC_ADD_NET_RULE, tcp: & udp: */
#define DK_FEATURE_PIPES	_BITULL(2) /* pipe: and pipe.srv: streams */
#define DK_FEATURE_PROCESS_TREE	_BITULL(3) /* monitor, tree, DkProcessCreate */
#define DK_FEATURE_THREAD_STACKS _BITULL(4) /* DK_THREAD_OWN_STACK */
#define DK_FEATURE_EXCEPTIONS	_BITULL(5) /* DkSetExceptionHandler & co. */
#define DK_FEATURE_STREAM_MAP	_BITULL(6) /* DkStreamMap, DkStreamUnmap */
#define DK_FEATURE_SYSCALL_EXC	_BITULL(7) /* DK_EXC_SYSCALL upcalls */
#define DK_FEATURE_FILE_ATTRS	_BITULL(8) /* stat fields, no-follow, readlink */
#define DK_FEATURE_INHERIT	_BITULL(9) /* inherit lists, DkStreamSeek */
#define DK_FEATURE_POLL		_BITULL(10) /* DkStreamPoll */
/* DkStreamSymlink, DK_ATTR_SET_MODE, deleting a directory (path_lsm_gap) */
#define DK_FEATURE_PATH_CHANGES	_BITULL(11)
#define DK_FEATURE_LINK_STREAMS	_BITULL(12) /* DK_OPTION_NOFOLLOW */
#define DK_FEATURE_PEEK		_BITULL(13) /* DK_OFFSET_PEEK reads */
#define DK_FEATURE_PIPE_PACKETS	_BITULL(14) /* DK_OPTION_PACKET */
#define DK_FEATURE_DUAL_STACK	_BITULL(15) /* DK_OPTION_DUAL_STACK */
/* Every bit this header defines. */
#define DK_FEATURES_ALL		((DK_FEATURE_DUAL_STACK << 1) - 1)

/* ------------------------------------------------------------------ */
/* Call numbers: the picoprocess personality's system call table.       */
/* ------------------------------------------------------------------ */

/*
 * Argument kinds: what each argument of a call is (the kinds column of
 * drawbridge_calls.h).  Tracing formats arguments by kind; libdk's call
 * stubs take them with matching C types.
 */
enum dk_arg_kind {
	DK_ARG_NONE,		/* not an argument of the call */
	DK_ARG_HANDLE,		/* a handle */
	DK_ARG_URI,		/* user pointer to a NUL-terminated URI */
	DK_ARG_IN,		/* user pointer to data the call reads */
	DK_ARG_OUT,		/* user pointer to a result the call writes */
	DK_ARG_INOUT,		/* user pointer the call reads and writes */
	DK_ARG_ADDR,		/* an address the call does not read through */
	DK_ARG_CODE,		/* address of code */
	DK_ARG_SIZE,		/* byte count */
	DK_ARG_NUM,		/* unsigned number: count, value, token, time */
	DK_ARG_INT,		/* signed number */
	DK_ARG_OFFSET,		/* stream offset (DK_OFFSET_NONE: sequential) */
	DK_ARG_FLAGS,		/* flag bits */
	DK_ARG_PROT,		/* DK_PROT_* */
	DK_ARG_ACCESS,		/* DK_ACCESS_* */
	DK_ARG_MEMTYPE,		/* DK_MEM_* */
	DK_ARG_KIND_COUNT
};

/* Call flags (the flags column of drawbridge_calls.h). */
#define DK_CF_RET_HANDLE	0x1	/* a result >= 0 is a new handle */
#define DK_CF_NORETURN		0x2	/* libdk ends the thread after it */
#define DK_CF_INTERNAL		0x4	/* a protocol step of libdk, no C API */

/*
 * The call numbers DK_CALL_<ID>, and DK_CALL_COUNT, one more than the
 * highest: from the call list, drawbridge_calls.h, whose rows are in
 * number order without gaps (the module's build checks each row's number).
 */
enum dk_call_nr {
#define DK_CALL(nr, id, name, handler, flags, nargs, kinds) DK_CALL_##id,
#include <linux/drawbridge_calls.h>
#undef DK_CALL
	DK_CALL_COUNT
};

#define DK_CALL_MAX_ARGS			6

/* ------------------------------------------------------------------ */
/* The gateway                                                          */
/* ------------------------------------------------------------------ */

/**
 * struct dk_call - one Dk ABI call
 * @nr:    call number, DK_CALL_*
 * @flags: must be zero (EINVAL): none is defined yet
 * @args:  arguments, in the order of the C prototype; unused ones ignored
 *
 * Fixed size: a future extension is announced by a flag.
 */
struct dk_call {
	__u32 nr;
	__u32 flags;
	__u64 args[DK_CALL_MAX_ARGS];
};

#define DK_IOC_MAGIC		0xDB
/* The only command a confined picoprocess may issue. */
#define DK_IOC_CALL		_IOW(DK_IOC_MAGIC, 0x00, struct dk_call)

/*
 * Launcher-only set-up commands.  They are valid on a context until
 * DK_IOC_SEAL; afterwards they fail with EBUSY.  The seccomp filter that
 * dbexec installs never lets a picoprocess issue them at all.  Their
 * structures are versioned by the size in the command number (see the
 * top of this file): DK_*_SIZE_VER0 is each one's first published size.
 */

/**
 * struct dk_setup_stream - hand a host file descriptor to the context
 * @fd:     host file descriptor of the caller (the launcher)
 * @access: DK_ACCESS_* the picoprocess gets on it
 *
 * Returns the new stream handle.  Used for the standard streams.
 */
struct dk_setup_stream {
	__s32 fd;
	__u32 access;
};

#define DK_SETUP_STREAM_SIZE_VER0	8

/**
 * struct dk_setup_limits - lower the context's quotas (never raise them)
 * @max_handles: open handles at once; 0 keeps the current value
 * @max_kmem:    bytes of kernel memory charged to the context; 0 keeps
 * @max_vm:      bytes of address space allocated by DkVirtualMemoryAlloc
 */
struct dk_setup_limits {
	__u64 max_handles;
	__u64 max_kmem;
	__u64 max_vm;
};

#define DK_SETUP_LIMITS_SIZE_VER0	24

/**
 * struct dk_context_info - read back a context's identity and usage
 * @size:        bytes the module stored: the smaller of the caller's size
 *               and the module's; a field is valid if it ends within them
 * @abi_version: DK_ABI_VERSION of the module
 * @features:    DK_FEATURE_* bits of what the module offers
 * @tag:         high bits of every handle of this context
 * @sealed:      1 once DK_IOC_SEAL (or DK_IOC_MONITOR_CREATE) succeeded
 * @handles:     open handles now
 * @exit_code:   DkProcessExit code, or -1
 * @max_handles: handle quota
 * @kmem_used:   kernel memory charged now, and @max_kmem its quota
 * @max_kmem:    see @kmem_used
 * @vm_used:     address space allocated now, and @max_vm its quota
 * @max_vm:      see @vm_used
 *
 * Output only: a caller's larger structure gets its tail zeroed.
 */
struct dk_context_info {
	__u32 size;
	__u32 abi_version;
	__u64 features;
	__u32 tag;
	__u32 sealed;
	__u32 handles;
	__s32 exit_code;
	__u64 max_handles;
	__u64 kmem_used;
	__u64 max_kmem;
	__u64 vm_used;
	__u64 max_vm;
};

#define DK_CONTEXT_INFO_SIZE_VER0	72

/* struct dk_setup_fs_root.flags */
#define DK_ROOT_RO		0x0
#define DK_ROOT_RW		0x1

/**
 * struct dk_setup_fs_root - make a host directory visible (the manifest)
 * @fd:     launcher's descriptor of the host directory (O_PATH is enough)
 * @flags:  DK_ROOT_RO or DK_ROOT_RW; other bits: EINVAL
 * @prefix: user pointer to the NUL-terminated virtual absolute path under
 *          which the picoprocess sees it in file: URIs ("/" allowed)
 */
struct dk_setup_fs_root {
	__s32 fd;
	__u32 flags;
	__u64 prefix;
};

#define DK_SETUP_FS_ROOT_SIZE_VER0	16

/* struct dk_setup_net_rule.op */
#define DK_NET_CONNECT		1	/* tcp:/udp: destinations, UDP send-to */
#define DK_NET_BIND		2	/* tcp.srv:/udp.srv: local addresses */

/**
 * struct dk_setup_net_rule - allow one class of addresses (the manifest)
 * @op:        DK_NET_CONNECT or DK_NET_BIND
 * @family:    AF_INET or AF_INET6
 * @prefix:    leading bits of @addr that must match (0..32 or 0..128)
 * @port_lo:   first allowed port
 * @port_hi:   last allowed port (>= @port_lo)
 * @addr:      network byte order; IPv4 uses the first four bytes
 */
struct dk_setup_net_rule {
	__u32 op;
	__u32 family;
	__u32 prefix;
	__u16 port_lo;
	__u16 port_hi;
	__u8 addr[16];
};

#define DK_SETUP_NET_RULE_SIZE_VER0	32

#define DK_IOC_ADD_STREAM	_IOW(DK_IOC_MAGIC, 0x10, struct dk_setup_stream)
#define DK_IOC_SET_LIMITS	_IOW(DK_IOC_MAGIC, 0x11, struct dk_setup_limits)
#define DK_IOC_SEAL		_IO(DK_IOC_MAGIC, 0x12)
/* Allowed before and after sealing, but only from the owning process. */
#define DK_IOC_GET_INFO		_IOR(DK_IOC_MAGIC, 0x13, struct dk_context_info)
#define DK_IOC_ADD_FS_ROOT	_IOW(DK_IOC_MAGIC, 0x14, struct dk_setup_fs_root)
#define DK_IOC_ADD_NET_RULE	_IOW(DK_IOC_MAGIC, 0x15, struct dk_setup_net_rule)

/* ------------------------------------------------------------------ */
/* Handles                                                              */
/* ------------------------------------------------------------------ */

/*
 * A handle is a positive int: bits 0-15 index the context's handle table,
 * bits 16-30 are the context's tag (unique among live contexts).  A handle
 * carrying another context's tag fails with DK_E_FOREIGN_HANDLE.
 */
#define DK_HANDLE_SLOT_BITS	16
#define DK_HANDLE_SLOT_MASK	((1U << DK_HANDLE_SLOT_BITS) - 1)
#define DK_HANDLE_TAG(h)	((__u32)(h) >> DK_HANDLE_SLOT_BITS)
#define DK_HANDLE_SLOT(h)	((__u32)(h) & DK_HANDLE_SLOT_MASK)

/* Object types (reported by tracing and DkStreamAttributesQuery*). */
#define DK_OBJ_STREAM		1
#define DK_OBJ_THREAD		2
#define DK_OBJ_PROCESS		3
#define DK_OBJ_SEMAPHORE	4
#define DK_OBJ_NOTIFICATION_EVENT 5
#define DK_OBJ_SYNCHRONIZATION_EVENT 6

/* ------------------------------------------------------------------ */
/* Errors: Linux errno values, with these documented meanings.          */
/* ------------------------------------------------------------------ */

#define DK_E_NOT_IMPLEMENTED	ENOSYS	 /* reserved call, not implemented */
#define DK_E_BAD_CALL		EBADRQC	 /* call number out of range */
#define DK_E_BAD_HANDLE		EBADF	 /* not an open handle */
#define DK_E_WRONG_TYPE		EBADFD	 /* handle names another kind of object */
#define DK_E_FOREIGN_HANDLE	EXDEV	 /* handle of another context */
#define DK_E_WRONG_PROCESS	EPERM	 /* context used from a foreign process */
#define DK_E_SEALED		EBUSY	 /* set-up command after DK_IOC_SEAL */
#define DK_E_HANDLE_QUOTA	EMFILE	 /* too many open handles */
#define DK_E_MEMORY_QUOTA	EDQUOT	 /* kernel or VM memory quota exceeded */
#define DK_E_TIMEOUT		ETIMEDOUT /* wait expired */
#define DK_E_DENIED		EACCES	 /* refused by the manifest policy */
#define DK_E_BAD_SCHEME		EPROTONOSUPPORT /* unknown URI scheme */
#define DK_E_LIBOS_SCHEME	EPFNOSUPPORT /* http:, https:, http.srv: */

/* ------------------------------------------------------------------ */
/* Memory                                                               */
/* ------------------------------------------------------------------ */

/* DkVirtualMemoryAlloc type */
#define DK_MEM_RESERVE		0x1	/* new address range, inaccessible */
#define DK_MEM_COMMIT		0x2	/* make (part of) a range usable */
/* DkVirtualMemoryFree type */
#define DK_MEM_DECOMMIT		0x4	/* drop contents, keep reservation */
#define DK_MEM_RELEASE		0x8	/* give the range back */

/* Protection */
#define DK_PROT_NONE		0x0
#define DK_PROT_READ		0x1
#define DK_PROT_WRITE		0x2
#define DK_PROT_EXEC		0x4

/* DkRandomBitsRead returns at most this many bytes per call. */
#define DK_RANDOM_MAX		0x100000U

/* ------------------------------------------------------------------ */
/* Streams                                                              */
/* ------------------------------------------------------------------ */

#define DK_ACCESS_READ		0x1
#define DK_ACCESS_WRITE		0x2
#define DK_ACCESS_RDWR		(DK_ACCESS_READ | DK_ACCESS_WRITE)

/* Offset argument of DkStreamRead/Write for sequential access. */
#define DK_OFFSET_NONE		(~(__u64)0)
/*
 * Offset argument of DkStreamRead on a pipe, TCP or UDP connection:
 * return what a sequential read would, without consuming it
 * (DK_FEATURE_PEEK).  Other streams and DkStreamWrite: EINVAL.
 */
#define DK_OFFSET_PEEK		(~(__u64)1)

/*
 * DkStreamSeek(Handle, Offset, Whence, Pos): Whence, as lseek(2)'s.  The
 * new position is written to the __s64 at Pos (it may not fit in the
 * call's 31-bit result); libdk's DkStreamSeek returns it.
 */
#define DK_SEEK_SET		0
#define DK_SEEK_CUR		1
#define DK_SEEK_END		2

/* Largest byte count of a single DkStreamRead/DkStreamWrite. */
#define DK_STREAM_IO_MAX	0x40000000U

/* Longest URI accepted, including the terminating NUL. */
#define DK_URI_MAX		4096

/* DkStreamOpen CreateFlags */
#define DK_CREATE_TRY		0x1	/* create if missing (O_CREAT) */
#define DK_CREATE_ALWAYS	0x2	/* must not exist (O_CREAT|O_EXCL) */
#define DK_CREATE_DIR		0x4	/* with TRY/ALWAYS: create a directory */
#define DK_CREATE_TRUNCATE	0x8	/* truncate an existing file to 0 */

/* DkStreamOpen Options, DkStreamAttributes flags */
#define DK_OPTION_NONBLOCK	0x1
/* file: only: a final symlink opens as the link itself (a link stream) */
#define DK_OPTION_NOFOLLOW	0x2
/*
 * pipe.srv: and pipe: only: a packet pipe, which keeps message boundaries
 * (each write one message, each read at most one; DK_FEATURE_PIPE_PACKETS)
 */
#define DK_OPTION_PACKET	0x4
/* tcp.srv:/udp.srv: on [::] only: IPv4 peers too, as ::ffff:A.B.C.D */
#define DK_OPTION_DUAL_STACK	0x8

/* DkStreamOpen ShareFlags: permission bits of a created file (0 = 0600). */
#define DK_SHARE_MASK		0777

/* DkStreamMap Prot: DK_PROT_* plus this one for a private mapping. */
#define DK_PROT_WRITECOPY	0x8

/* DkStreamDelete Which */
#define DK_DELETE_ALL		0	/* files/directories: unlink; sockets: both */
#define DK_DELETE_READ		1	/* sockets and pipes: shut down reading */
#define DK_DELETE_WRITE		2	/* sockets and pipes: shut down writing */

/* Stream types reported in struct dk_stream_attr.type */
#define DK_STREAM_TYPE_FILE	1
#define DK_STREAM_TYPE_DIR	2
#define DK_STREAM_TYPE_PIPE	3
#define DK_STREAM_TYPE_PIPE_SRV	4
#define DK_STREAM_TYPE_TCP	5
#define DK_STREAM_TYPE_TCP_SRV	6
#define DK_STREAM_TYPE_UDP	7
#define DK_STREAM_TYPE_UDP_SRV	8
#define DK_STREAM_TYPE_HOST	9	/* handed over by the launcher */
/* 10 is DK_STREAM_TYPE_PROCESS (below) */
#define DK_STREAM_TYPE_SYMLINK	11	/* a symlink: no-follow query, link stream */

/* struct dk_stream_attr.flags */
#define DK_ATTR_READABLE	0x1	/* the handle may be read */
#define DK_ATTR_WRITABLE	0x2	/* the handle may be written */
#define DK_ATTR_NONBLOCK	0x4	/* non-blocking reads, writes, accepts */
#define DK_ATTR_TCP_NODELAY	0x8	/* sockets: TCP_NODELAY */
#define DK_ATTR_EOF		0x10	/* peer closed / shut down writing */

/*
 * struct dk_stream_attr - DkStreamAttributesQuery*() result.
 * @size:    files: length in bytes; directories: 0 (symlinks: the
 *           target's length)
 * @pending: bytes that a read would return without blocking (sockets,
 *           pipes; files: size - position); servers: clients waiting
 *           to be accepted
 * @mode:    permission bits (files and directories)
 *
 * Size-versioned, output only: the caller passes the size of its
 * structure as the call's Size argument (0 means the first published
 * size, DK_STREAM_ATTR_SIZE_VER0, what callers from before the argument
 * existed pass), at least DK_STREAM_ATTR_SIZE_VER0 (else EINVAL); the
 * module stores min(Size, sizeof) bytes and zeroes nothing beyond them.
 * The fields after @reserved are filled for file: streams and names
 * (DK_FEATURE_FILE_ATTRS) and are 0 for every other stream:
 * @ino, @dev_major, @dev_minor: the host inode number and device
 * @nlink:   link count
 * @file_mode: st_mode: the permission bits with the S_IF* type bits
 * @uid, @gid: owner and group as seen from the caller's user namespace
 *           (the overflow id when unmapped)
 * @blocks:  512-byte blocks allocated; @blksize: preferred I/O size
 * @atime_ns, @mtime_ns, @ctime_ns: times in ns since the epoch
 * @file_size: st_size for every type (directories and symlinks too)
 */
struct dk_stream_attr {
	__u32 type;
	__u32 flags;
	__u64 size;
	__u64 pending;
	__u32 mode;
	__u32 recv_buf;
	__u32 send_buf;
	__u32 reserved;
	/* DK_STREAM_ATTR_SIZE_VER1 from here */
	__u64 ino;
	__u32 dev_major;
	__u32 dev_minor;
	__u32 nlink;
	__u32 file_mode;
	__u32 uid;
	__u32 gid;
	__u64 blocks;
	__u32 blksize;
	__u32 reserved1;
	__s64 atime_ns;
	__s64 mtime_ns;
	__s64 ctime_ns;
	__u64 file_size;
};

#define DK_STREAM_ATTR_SIZE_VER0	40
#define DK_STREAM_ATTR_SIZE_VER1	120

/* DkStreamAttributesQuery Flags */
#define DK_ATTR_QUERY_NOFOLLOW	0x1	/* a final symlink: its own attributes */

/*
 * struct dk_stream_times - the input of DkStreamSetTimes
 * @atime_ns, @mtime_ns: new times in ns since the epoch, unless @flags
 *            says otherwise for that time
 * @flags:    DK_TIMES_*; unknown bits are EINVAL
 * @reserved: must be 0
 */
struct dk_stream_times {
	__s64 atime_ns;
	__s64 mtime_ns;
	__u32 flags;
	__u32 reserved;
};

#define DK_TIMES_ATIME_NOW	0x1	/* atime: the current time */
#define DK_TIMES_ATIME_OMIT	0x2	/* atime: unchanged */
#define DK_TIMES_MTIME_NOW	0x4	/* mtime: the current time */
#define DK_TIMES_MTIME_OMIT	0x8	/* mtime: unchanged */
#define DK_TIMES_ALL		0xf

/* DkStreamReadLink: at most this many bytes of a symlink's target. */
#define DK_READLINK_MAX		4096

/* struct dk_stream_attr_set.mask: which settings to apply */
#define DK_ATTR_SET_NONBLOCK	0x1	/* flags' DK_ATTR_NONBLOCK */
#define DK_ATTR_SET_TCP_NODELAY	0x2	/* flags' DK_ATTR_TCP_NODELAY */
#define DK_ATTR_SET_RECV_BUF	0x4	/* recv_buf */
#define DK_ATTR_SET_SEND_BUF	0x8	/* send_buf */
#define DK_ATTR_SET_MODE	0x10	/* files, directories: mode (chmod) */
#define DK_ATTR_SET_ALL		0x1f

/*
 * struct dk_stream_attr_set - the input of DkStreamAttributesSetByHandle
 * @mask:     DK_ATTR_SET_* bits: the settings to apply; unknown bits and
 *            a setting the stream type lacks are EINVAL
 * @flags:    DK_ATTR_NONBLOCK and DK_ATTR_TCP_NODELAY: the new values for
 *            DK_ATTR_SET_NONBLOCK and DK_ATTR_SET_TCP_NODELAY; any other
 *            bit, or a bit whose DK_ATTR_SET_* bit is not in @mask, is
 *            EINVAL
 * @recv_buf: with DK_ATTR_SET_RECV_BUF: SO_RCVBUF, 1 to 2^30
 * @send_buf: with DK_ATTR_SET_SEND_BUF: SO_SNDBUF, 1 to 2^30
 * @mode:     with DK_ATTR_SET_MODE: the new permission bits (07777 at
 *            most, else EINVAL); must be 0 without it (EINVAL).  The
 *            32 bits were the low half of a reserved field that had to
 *            be 0, so earlier callers are read as before.
 * @reserved: must be 0
 */
struct dk_stream_attr_set {
	__u32 mask;
	__u32 flags;
	__u32 recv_buf;
	__u32 send_buf;
	__u32 mode;
	__u32 reserved;
};

/* ------------------------------------------------------------------ */
/* Processes and the monitor protocol                                   */
/* ------------------------------------------------------------------ */

/*
 * DkProcessCreate(URI, Args) limits.  URI is "file:PATH"; Args is a
 * NULL-terminated vector (may be NULL).  URI plus arguments, each with its
 * NUL, must fit in DK_PROCESS_MAX_BYTES and there may be at most
 * DK_PROCESS_MAX_ARGS arguments (else E2BIG).  A tree (the top picoprocess
 * and everything it starts, directly or not) holds at most
 * DK_TREE_MAX_PROCESSES live picoprocesses (else EAGAIN).
 */
#define DK_PROCESS_MAX_ARGS	256
#define DK_PROCESS_MAX_BYTES	(64U << 10)
#define DK_TREE_MAX_PROCESSES	64
/*
 * DkProcessCreate(URI, Args, Handles, Count): at most this many handles
 * to give the child (else E2BIG); DkProcessGetInherited returns them in
 * the child.
 */
#define DK_PROCESS_INHERIT_MAX	256

/**
 * struct dk_monitor_request - DK_IOC_MONITOR_NEXT: take one request
 * @id:         out: request id, names the new picoprocess from now on
 * @parent_pid: out: process id of the requesting picoprocess
 * @argc:       out: number of argument strings after the URI
 * @size:       in: bytes at @buf
 * @buf:        in: user buffer; out: "URI\0ARG0\0ARG1\0..."
 * @len:        out: bytes stored at @buf (or needed, with ENOSPC)
 *
 * The out fields' input values are ignored.
 */
struct dk_monitor_request {
	__u64 id;
	__s32 parent_pid;
	__u32 argc;
	__u32 size;
	__u32 len;
	__u64 buf;
};

#define DK_MONITOR_REQUEST_SIZE_VER0	32

/**
 * struct dk_monitor_reply - DK_IOC_MONITOR_COMPLETE / DK_IOC_MONITOR_EXITED
 * @id:     the request id
 * @error:  COMPLETE: 0, or the -errno the parent's DkProcessCreate returns
 * @fd:     COMPLETE with @error 0: the monitor's descriptor of the parent's
 *          end of the parent/child stream (a stream socket)
 * @status: EXITED: the wait status of the picoprocess
 * @reserved: must be zero (EINVAL)
 */
struct dk_monitor_reply {
	__u64 id;
	__s32 error;
	__s32 fd;
	__s32 status;
	__u32 reserved;
};

#define DK_MONITOR_REPLY_SIZE_VER0	24

/**
 * struct dk_join_tree - DK_IOC_JOIN_TREE: make a context a tree member
 * @monitor_fd: the launcher's descriptor of its monitor context
 * @reserved:   must be zero (EINVAL)
 * @id:         0 for the top picoprocess, else the request id it serves
 */
struct dk_join_tree {
	__s32 monitor_fd;
	__u32 reserved;
	__u64 id;
};

#define DK_JOIN_TREE_SIZE_VER0		16

/*
 * Exit status: DkStreamAttributesQueryByHandle on a process handle
 * reports type DK_STREAM_TYPE_PROCESS, DK_ATTR_READABLE|DK_ATTR_WRITABLE,
 * DK_ATTR_EXITED once the child has ended and then its exit code in
 * @size: the DkProcessExit code (0-255), or 128+N if signal N killed it.
 */
#define DK_STREAM_TYPE_PROCESS	10
#define DK_ATTR_EXITED		0x20

/* Turn a fresh (unsealed) context into the monitor of a new tree. */
#define DK_IOC_MONITOR_CREATE	_IO(DK_IOC_MAGIC, 0x20)
#define DK_IOC_MONITOR_NEXT	_IOWR(DK_IOC_MAGIC, 0x21, struct dk_monitor_request)
#define DK_IOC_MONITOR_COMPLETE	_IOW(DK_IOC_MAGIC, 0x22, struct dk_monitor_reply)
#define DK_IOC_MONITOR_EXITED	_IOW(DK_IOC_MAGIC, 0x23, struct dk_monitor_reply)
/* Set-up command (before DK_IOC_SEAL). */
#define DK_IOC_JOIN_TREE	_IOW(DK_IOC_MAGIC, 0x24, struct dk_join_tree)

/* ------------------------------------------------------------------ */
/* Threads                                                              */
/* ------------------------------------------------------------------ */

/* DkThreadCreate flags a program may pass. */
#define DK_THREAD_CREATE_SUSPENDED	0x1	/* wait for DkThreadResume */
/*
 * Internal DkThreadCreate flag, used by libdk's thread start-up protocol
 * (Documentation/abi/threads.rst):
 *   DK_THREAD_OWN_STACK  the module owns the thread's stack of args[4]
 *                        bytes: Stack (args[2]) is a fresh libdk-allocated
 *                        one, or 0 to reuse an ended thread's stack
 *                        (-ENOENT if there is none); reused or freed after
 *                        the end.  The base is stored in out->stack.
 * args[5] points at a struct dk_thread_create_out.  The protocol's other
 * steps are calls of their own: DK_CALL_THREAD_ATTACH(token), the new
 * thread's first call, and DK_CALL_THREAD_ABORT(token) when the host clone
 * failed.  (Flag values 0x200 and 0x400 meant those steps before they
 * became calls; DkThreadCreate now refuses them with EINVAL.)
 */
#define DK_THREAD_OWN_STACK		0x100

/**
 * struct dk_thread_create_out - DkThreadCreate's results for libdk
 * @token: out: what the new thread attaches with
 * @size:  in: the caller's sizeof, at least DK_THREAD_CREATE_OUT_SIZE_VER0
 *         (else EINVAL); out: the bytes the module stored, never more
 *         than the caller's size
 * @stack: out: base of the module-owned stack (DK_THREAD_OWN_STACK), else 0
 */
struct dk_thread_create_out {
	__u32 token;
	__u32 size;
	__u64 stack;
};

#define DK_THREAD_CREATE_OUT_SIZE_VER0	16

/* Ended threads' stacks a context keeps mapped for reuse. */
#define DK_THREAD_STACK_CACHE		8

/*
 * The stack libdk allocates when DkThreadCreate gets Stack == NULL: a
 * module-owned block of DK_THREAD_STACK_LEN bytes, from its base a guard
 * page, the thread's exception stack, a guard page, the stack proper.  The
 * module makes the exception stack the thread's alternate signal stack, so
 * exception upcalls, a stack overflow's included, run there.
 */
#define DK_THREAD_STACK_SIZE		(256U << 10)	/* usable bytes */
#define DK_THREAD_GUARD_SIZE		4096U		/* no-access page */
#define DK_THREAD_EXC_STACK_SIZE	(64U << 10)	/* exception stack */
#define DK_THREAD_STACK_LEN		(2 * DK_THREAD_GUARD_SIZE + \
					 DK_THREAD_EXC_STACK_SIZE + \
					 DK_THREAD_STACK_SIZE)

/*
 * The one clone(2) flag set the confinement policy allows, deliberately
 * without CLONE_FILES (see Documentation/design/threads.rst).
 */
#define DK_THREAD_CLONE_FLAGS		((unsigned long)(CLONE_VM | CLONE_FS | \
					 CLONE_SIGHAND | CLONE_THREAD | \
					 CLONE_SYSVSEM | CLONE_PTRACE))

/* ------------------------------------------------------------------ */
/* Synchronization and waiting                                          */
/* ------------------------------------------------------------------ */

/* DkObjectsWaitAny timeout (nanoseconds, relative) that never expires. */
#define DK_TIMEOUT_INFINITE		(-1LL)
/* Most handles one DkObjectsWaitAny accepts (more: E2BIG). */
#define DK_WAIT_MAX			64
/* Largest MaxCount of a semaphore. */
#define DK_SEMAPHORE_MAX		0x7fffffff

/*
 * DkStreamPoll (DK_FEATURE_POLL): readiness of streams and objects, like
 * poll(2).  The DK_POLL_* bits are Linux's POLL* values.
 */
#define DK_POLL_IN			0x0001	/* a read would not block */
#define DK_POLL_PRI			0x0002	/* urgent data */
#define DK_POLL_OUT			0x0004	/* a write would not block */
#define DK_POLL_ERR			0x0008	/* error (always reported) */
#define DK_POLL_HUP			0x0010	/* hang-up (always reported) */
#define DK_POLL_RDHUP			0x2000	/* the peer shut its writing down */
/* Most items one DkStreamPoll accepts (more: E2BIG). */
#define DK_POLL_MAX			1024

/**
 * struct dk_poll_item - one entry of DkStreamPoll's array
 * @handle:  the handle to watch; a negative one (bit 63 set, or a value
 *           0x80000000..0xffffffff: -1 as 64 or 32 bits) is skipped
 * @events:  DK_POLL_* bits asked for; other bits are ignored
 * @revents: out: DK_POLL_* bits found, among @events, DK_POLL_ERR and
 *           DK_POLL_HUP; 0 if none or skipped.  Its input is ignored.
 */
struct dk_poll_item {
	__u64 handle;
	__u32 events;
	__u32 revents;
};

/* ------------------------------------------------------------------ */
/* Exceptions                                                           */
/* ------------------------------------------------------------------ */

#define DK_EXC_MEMORY_FAULT		1	/* SIGSEGV, SIGBUS */
#define DK_EXC_ILLEGAL_INSTRUCTION	2	/* SIGILL */
#define DK_EXC_ARITHMETIC		3	/* SIGFPE */
#define DK_EXC_RAISED			4	/* DkThreadRaiseException */
#define DK_EXC_SYSCALL			5	/* a refused host system call */
#define DK_EXC_COUNT			6

/* Host signal that carries DkThreadRaiseException (glibc's SIGRTMIN). */
#define DK_EXC_HOST_SIGNAL		34

#define DK_EXC_MAGIC			0x44455843	/* "DEXC" */

/**
 * struct dk_exception - what an exception handler receives
 * @magic:   DK_EXC_MAGIC
 * @event:   DK_EXC_*
 * @addr:    faulting data address (memory fault), address of the
 *           faulting instruction (illegal instruction, arithmetic), 0 for
 *           a raised exception, the address just after the `syscall`
 *           instruction for DK_EXC_SYSCALL (si_call_addr)
 * @opaque:  DkThreadRaiseException's Opaque; the system call number for
 *           DK_EXC_SYSCALL (si_syscall, also in the regs' rax); 0 for
 *           other events
 * @code:    host si_code, for diagnostics
 * @size:    sizeof the structure as libdk built it; DkExceptionReturn
 *           refuses one below DK_EXCEPTION_SIZE_VER0 (EINVAL)
 * @regs:    user pointer to the interrupted register context, a
 *           struct sigcontext (<asm/sigcontext.h>); the handler may change
 *           it before DkExceptionReturn
 * @frame:   libdk internal: the host signal frame to resume
 * @magic:   DK_EXC_MAGIC, checked by DkExceptionReturn
 * @reserved: 0
 */
struct dk_exception {
	__u32 magic;
	__u32 event;
	__u64 addr;
	__u64 opaque;
	__s32 code;
	__u32 size;
	__u64 regs;
	__u64 frame;
};

#define DK_EXCEPTION_SIZE_VER0		48

/* ------------------------------------------------------------------ */
/* Picoprocess start-up                                                 */
/* ------------------------------------------------------------------ */

#define DK_START_MAGIC		0x44424b31	/* "DBK1" */

/*
 * The ELF note that marks a picoprocess image (libdk's start code carries
 * it, so every image entered at _dk_start has it; dbcc checks it): name
 * DK_NOTE_NAME, type DK_NOTE_IMAGE, a 4-byte descriptor holding
 * DK_NOTE_IMAGE_VERSION.  dbexec runs a marked image as a picoprocess
 * and any other static x86-64 program under the libOS.
 */
#define DK_NOTE_NAME		"Drawbridge"
#define DK_NOTE_IMAGE		1
#define DK_NOTE_IMAGE_VERSION	1

/**
 * struct dk_start_info - what dbexec hands the image's entry point
 *
 * The entry point is called with %rdi pointing at this structure, a
 * 16-byte aligned stack, and no other register contents defined.
 *
 * @magic:         DK_START_MAGIC
 * @abi_version:   DK_ABI_VERSION of the module (DK_IOC_GET_INFO)
 * @dk_fd:         the /dev/drawbridge descriptor
 * @argc:          the number of arguments
 * @argv:          char **, @argc NUL-terminated strings followed by a NULL
 * @std_handles:   stdin, stdout, stderr; -1 if absent
 * @parent_handle: stream to the parent, -1 if none
 * @image_base:    load address of the image
 * @size:          the structure's size as dbexec wrote it, at least
 *                 DK_START_INFO_SIZE_VER0: a field is valid if it ends
 *                 within @size
 * @reserved32:    0
 * @features:      DK_FEATURE_* bits of the module (DK_IOC_GET_INFO)
 * @reserved:      0
 *
 * From DK_START_INFO_SIZE_VER1 on (check @size before reading them):
 * @envp:          char **, @envc NUL-terminated "NAME=VALUE" strings
 *                 followed by a NULL: the environment the manifest and
 *                 dbexec's options give the program
 * @envc:          the number of environment strings
 * @exec_handle:   read-only stream handle of the program to run (libOS
 *                 mode), else -1
 * @exec_path:     const char *: the program's path as the user gave it
 *                 (libOS mode), else 0
 * @vdso_base:     the vDSO's ELF header (AT_SYSINFO_EHDR), 0 if hidden
 * @hwcap:         AT_HWCAP of the host
 * @hwcap2:        AT_HWCAP2 of the host
 * @minsigstksz:   AT_MINSIGSTKSZ of the host (0 if it gives none)
 * @clktck:        AT_CLKTCK of the host
 * @libos_flags:   DK_START_LIBOS_* bits
 * @cwd:           const char *: the initial working directory (manifest
 *                 `cwd`, else dbexec's own), 0 if none
 *
 * From DK_START_INFO_SIZE_VER2 on:
 * @signal_handle: read-only stream handle (libOS mode) on which dbexec
 *                 writes one byte, the signal number, for each SIGINT,
 *                 SIGTERM or SIGHUP it receives; -1 if none
 * @reserved2:     0
 */
struct dk_start_info {
	__u32 magic;
	__u32 abi_version;
	__s32 dk_fd;
	__u32 argc;
	__u64 argv;
	__s32 std_handles[3];
	__s32 parent_handle;
	__u64 image_base;
	__u32 size;
	__u32 reserved32;
	__u64 features;
	__u64 reserved[2];
	__u64 envp;
	__u32 envc;
	__s32 exec_handle;
	__u64 exec_path;
	__u64 vdso_base;
	__u64 hwcap;
	__u64 hwcap2;
	__u64 minsigstksz;
	__u32 clktck;
	__u32 libos_flags;
	__u64 cwd;
	__s32 signal_handle;
	__u32 reserved2;
};

#define DK_START_INFO_SIZE_VER0		80
#define DK_START_INFO_SIZE_VER1		152
#define DK_START_INFO_SIZE_VER2		160

/* struct dk_start_info.libos_flags */
#define DK_START_LIBOS_STRICT	0x1	/* an unsupported syscall is fatal */

/*
 * The path a libOS-mode picoprocess gives DkProcessCreate ("file:" + it)
 * to start another instance of its own libOS image (fork): dbexec maps it
 * to the image it started the tree's top with, whatever the fs policy.
 */
#define DK_LIBOS_SELF_PATH	"/.drawbridge-libos"

#endif /* _UAPI_LINUX_DRAWBRIDGE_H */
