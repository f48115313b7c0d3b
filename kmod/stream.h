/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: stream objects, shared by the scheme files.
 *
 * Every stream except a pipe server wraps one struct file: a regular file
 * or directory opened beneath a manifest root, one end of an AF_UNIX
 * stream socket pair (pipes), or an inet socket.  Scheme code lives in
 * stream_file.c, stream_pipe.c, stream_tcp.c and stream_udp.c; URI parsing
 * in stream_uri.c; the generic calls in stream.c.
 */
#ifndef _DK_STREAM_H
#define _DK_STREAM_H

#include <linux/path.h>
#include <linux/socket.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/poll.h>
#include <linux/drawbridge.h>
#include "handles.h"

struct dk_ctx;
struct dk_pipe_srv;
struct dk_process;
struct dk_stream;
struct socket;

/**
 * struct dk_stream_io - one DkStreamRead or DkStreamWrite request
 * @buf:       the picoprocess's buffer
 * @size:      bytes to move (at most DK_STREAM_IO_MAX)
 * @offset:    seekable files: the position, or DK_OFFSET_NONE
 * @addr:      UDP: the Source (read) or Dest (write) URI buffer, or NULL
 * @addr_size: UDP reads: the size of the Source buffer
 * @peek:      a read with DK_OFFSET_PEEK: leave the data queued (only
 *             ever set for streams whose ops have @can_peek)
 */
struct dk_stream_io {
	void __user *buf;
	size_t size;
	u64 offset;
	char __user *addr;
	u64 addr_size;
	bool peek;
};

/**
 * struct dk_stream_ops - what one kind of stream does
 *
 * One const instance per stream type, defined in its scheme file.  A NULL
 * operation is answered by the generic call in stream.c, in one place,
 * with the error the ABI documents for streams that lack it.
 *
 * @attr_type:     DK_STREAM_TYPE_* reported by the attribute queries
 * @attr_settable: DK_ATTR_SET_* bits DkStreamAttributesSetByHandle may
 *                 apply; other bits are EINVAL
 * @can_peek:      @read honours &dk_stream_io.peek; false: a
 *                 DK_OFFSET_PEEK read is EINVAL
 * @read:          DkStreamRead (NULL: -ENOTCONN, a server)
 * @write:         DkStreamWrite (NULL: -ENOTCONN, a server)
 * @attr_query:    fill in the attributes (NULL: dk_stream_attr_common);
 *                 *@a is zeroed
 * @pending:       bytes a read would return now (NULL: 0), for
 *                 dk_stream_attr_common
 * @attr_set:      apply the (already checked) settings (NULL: nothing to
 *                 do, success)
 * @flush:         DkStreamFlush (NULL: nothing to flush, success)
 * @set_length:    DkStreamSetLength (NULL: -EINVAL)
 * @delete:        DkStreamDelete, @which checked (NULL: -EINVAL)
 * @accept:        DkStreamWaitForClient (NULL: -EINVAL, not a server)
 * @rename:        DkStreamChangeName to a URI of scheme @scheme whose
 *                 path is @path (NULL: -EINVAL)
 * @map:           DkStreamMap: vm_mmap() the stream (NULL: -EINVAL)
 * @try_acquire:   wait-any readiness (NULL: the file's poll says
 *                 readable, end of stream or error)
 * @waitq:         wait-any queue (NULL: the one the file's poll uses)
 * @poll:          DkStreamPoll: the EPOLL* mask now, after queuing on
 *                 @pt every queue woken when it may change, as a file's
 *                 poll method does (NULL: vfs_poll of @file)
 * @release:       free the scheme's own state (NULL: none); the generic
 *                 release then drops @file and @name
 */
struct dk_stream_ops {
	u32 attr_type;
	u32 attr_settable;
	bool can_peek;
	long (*read)(struct dk_ctx *ctx, struct dk_stream *s,
		     const struct dk_stream_io *io);
	long (*write)(struct dk_ctx *ctx, struct dk_stream *s,
		      const struct dk_stream_io *io);
	void (*attr_query)(struct dk_stream *s, struct dk_stream_attr *a);
	u64 (*pending)(struct dk_stream *s);
	int (*attr_set)(struct dk_stream *s,
			const struct dk_stream_attr_set *a);
	int (*flush)(struct dk_stream *s);
	long (*set_length)(struct dk_stream *s, u64 len);
	long (*delete)(struct dk_stream *s, u32 which);
	long (*accept)(struct dk_ctx *ctx, struct dk_stream *s);
	long (*rename)(struct dk_ctx *ctx, struct dk_stream *s,
		       const char *uri, int scheme, const char *path);
	unsigned long (*map)(struct dk_stream *s, unsigned long addr,
			     unsigned long len, unsigned long prot,
			     unsigned long flags, unsigned long offset);
	bool (*try_acquire)(struct dk_stream *s);
	wait_queue_head_t *(*waitq)(struct dk_stream *s);
	__poll_t (*poll)(struct dk_stream *s, poll_table *pt);
	void (*release)(struct dk_stream *s);
};

/**
 * struct dk_stream - a stream object
 * @obj:     object header
 * @ops:     the stream's kind; never changes
 * @holder:  the object a call's reference is on: @obj, or for the stream
 *           of a process handle the process object, which holds the
 *           stream's only reference (see dk_process_stream_get)
 * @file:    the open file (one reference held); NULL for pipe servers
 * @sock:    @file's socket for pipes, TCP and UDP; NULL otherwise
 * @psrv:    pipe servers: the registered name (owned)
 * @access:  DK_ACCESS_* granted to the picoprocess
 * @name_lock: protects @name (renames replace it)
 * @name:    URI for DkStreamGetName (kmalloc'd, may be NULL)
 * @root:    files: the manifest root it was opened beneath (path_get)
 * @root_rw: files: the root grants writes
 */
struct dk_stream {
	struct dk_object obj;
	const struct dk_stream_ops *ops;
	struct dk_object *holder;
	struct file *file;
	struct socket *sock;
	struct dk_pipe_srv *psrv;
	u32 access;
	struct mutex name_lock;		/* protects name */
	char *name;
	struct path root;
	bool root_rw;
};

static inline struct dk_stream *to_dk_stream(struct dk_object *obj)
{
	return container_of(obj, struct dk_stream, obj);
}

/* Fixed kernel memory charged per pipe end for its socket buffer. */
#define DK_PIPE_BUF		(256U << 10)

/**
 * struct dk_open_args - a DkStreamOpen request, for the scheme's open
 * @uri:    the whole URI (the stream's name, tracing)
 * @rest:   the URI after the scheme's colon
 * @access: DK_ACCESS_*
 * @share:  file: permission bits for a created name (0: the default)
 * @create: DK_CREATE_* (file: only; other schemes refuse them)
 * @options: DK_OPTION_*
 * @server: the scheme is the server form (pipe.srv:, tcp.srv:, udp.srv:)
 */
struct dk_open_args {
	const char *uri;
	const char *rest;
	u32 access;
	u32 share;
	u32 create;
	u32 options;
	bool server;
};

struct dk_stream *dk_stream_alloc(struct dk_ctx *ctx,
				  const struct dk_stream_ops *ops, u32 access,
				  size_t extra_charge);
long dk_stream_install(struct dk_ctx *ctx, struct dk_stream *s);
struct dk_stream *dk_stream_get(struct dk_ctx *ctx, u64 handle);
void dk_stream_put(struct dk_stream *s);
int dk_stream_set_nonblock(struct file *file, bool on);
void dk_stream_attr_common(struct dk_stream *s, struct dk_stream_attr *a);
int dk_stream_attr_apply(struct dk_stream *s,
			 const struct dk_stream_attr_set *a);
long dk_stream_vfs_read(struct dk_ctx *ctx, struct dk_stream *s,
			const struct dk_stream_io *io);
long dk_stream_vfs_write(struct dk_ctx *ctx, struct dk_stream *s,
			 const struct dk_stream_io *io);

void dk_stream_maps_free(struct dk_ctx *ctx);

#endif /* _DK_STREAM_H */
