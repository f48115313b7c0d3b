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
#include "dk.h"

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
 */
struct dk_stream_io {
	void __user *buf;
	size_t size;
	u64 offset;
	char __user *addr;
	u64 addr_size;
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
 * @release:       free the scheme's own state (NULL: none); the generic
 *                 release then drops @file and @name
 */
struct dk_stream_ops {
	u32 attr_type;
	u32 attr_settable;
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

/* stream.c */
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

/* stream_uri.c */
enum dk_scheme {
	DK_SCHEME_FILE,
	DK_SCHEME_PIPE,
	DK_SCHEME_PIPE_SRV,
	DK_SCHEME_TCP,
	DK_SCHEME_TCP_SRV,
	DK_SCHEME_UDP,
	DK_SCHEME_UDP_SRV,
};

char *dk_uri_copy(const char __user *uuri);
int dk_uri_scheme(const char *uri, const char **rest);
int dk_uri_parse_inet(const char *s, struct sockaddr_storage *ss, int *len);
int dk_uri_format_inet(char *buf, size_t size, const char *scheme,
		       const struct sockaddr *sa);

/* stream_file.c */
long dk_file_open(struct dk_ctx *ctx, const struct dk_open_args *req);
long dk_file_read_link(struct dk_ctx *ctx, const char *path,
		       char __user *buf, u64 size);
long dk_file_attr_query(struct dk_ctx *ctx, const char *path, u64 flags,
			struct dk_stream_attr *attr);
void dk_file_attr(struct dk_stream *s, struct dk_stream_attr *attr);
int dk_file_flush(struct dk_stream *s);

/* stream_pipe.c */
long dk_pipe_open(struct dk_ctx *ctx, const struct dk_open_args *req);

/* stream_sock.c: what the socket schemes share */
struct file *dk_sock_open(struct dk_ctx *ctx, const struct dk_open_args *req,
			  int type, int backlog, struct sockaddr_storage *ss);
long dk_sock_wrap(struct dk_ctx *ctx, struct file *file,
		  const struct dk_stream_ops *ops, char *name);
char *dk_sock_name(const char *scheme, const struct sockaddr *sa);
long dk_sock_read(struct dk_ctx *ctx, struct dk_stream *s,
		  const struct dk_stream_io *io);
long dk_sock_write(struct dk_ctx *ctx, struct dk_stream *s,
		   const struct dk_stream_io *io);
long dk_sock_shutdown(struct dk_stream *s, u32 which);
wait_queue_head_t *dk_sock_waitq(struct dk_stream *s);

/* stream_tcp.c */
long dk_tcp_open(struct dk_ctx *ctx, const struct dk_open_args *req);

/* stream_udp.c */
long dk_udp_open(struct dk_ctx *ctx, const struct dk_open_args *req);

/* process.c */
struct dk_stream *dk_process_stream_get(struct dk_ctx *ctx, u64 handle);

/* policy.c */
struct dk_policy;

/**
 * struct dk_fs_grant - a resolved manifest root for one request
 * @root:   the host directory (path_get'd; dk_fs_grant_put drops it)
 * @rel:    the rest of the virtual path, relative to @root, without "."
 *          or ".." components ("" for the root itself; points into @vpath)
 * @rw:     writes allowed (dk_fs_grant_narrow may lower it)
 * @vpath:  the resolved virtual path (owned)
 * @policy: the policy @root is from (the context keeps it alive)
 */
struct dk_fs_grant {
	struct path root;
	const char *rel;
	bool rw;
	char *vpath;
	struct dk_policy *policy;
};

int dk_policy_fs_grant(struct dk_ctx *ctx, const char *vpath,
		       struct dk_fs_grant *g);
bool dk_fs_grant_narrow(struct dk_fs_grant *g, struct dentry *d, bool entry);
void dk_fs_grant_put(struct dk_fs_grant *g);
int dk_policy_net_check(struct dk_ctx *ctx, u32 op, const struct sockaddr *sa);
int dk_policy_deny(u32 nr, int err, const char *what);

#endif /* _DK_STREAM_H */
