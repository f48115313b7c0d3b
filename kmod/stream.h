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
struct socket;

/**
 * struct dk_stream - a stream object
 * @obj:     object header
 * @file:    the open file (one reference held); NULL for pipe servers
 * @sock:    @file's socket for pipes, TCP and UDP; NULL otherwise
 * @psrv:    pipe servers: the registered name (owned)
 * @access:  DK_ACCESS_* granted to the picoprocess
 * @type:    DK_STREAM_TYPE_*
 * @name_lock: protects @name (renames replace it)
 * @name:    URI for DkStreamGetName (kmalloc'd, may be NULL)
 * @root:    files: the manifest root it was opened beneath (path_get)
 * @root_rw: files: the root grants writes
 */
struct dk_stream {
	struct dk_object obj;
	struct file *file;
	struct socket *sock;
	struct dk_pipe_srv *psrv;
	u32 access;
	u32 type;
	struct mutex name_lock;		/* protects name */
	char *name;
	struct path root;
	bool root_rw;
};

/* Fixed kernel memory charged per pipe end for its socket buffer. */
#define DK_PIPE_BUF		(256U << 10)

/* stream.c */
struct dk_stream *dk_stream_alloc(struct dk_ctx *ctx, u32 type, u32 access,
				  size_t extra_charge);
long dk_stream_install(struct dk_ctx *ctx, struct dk_stream *s);
struct dk_stream *dk_stream_get(struct dk_ctx *ctx, u64 handle);
void dk_stream_put(struct dk_stream *s);
int dk_stream_set_nonblock(struct file *file, bool on);

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
long dk_file_open(struct dk_ctx *ctx, const char *uri, const char *path,
		  u32 access, u32 share, u32 create, u32 options);
long dk_file_read_dir(struct dk_stream *s, void __user *ubuf, size_t size);
long dk_file_attr_query(struct dk_ctx *ctx, const char *path,
			struct dk_stream_attr *attr);
void dk_file_attr(struct dk_stream *s, struct dk_stream_attr *attr);
long dk_file_set_length(struct dk_stream *s, u64 len);
long dk_file_delete(struct dk_stream *s);
long dk_file_rename(struct dk_ctx *ctx, struct dk_stream *s,
		    const char *uri, const char *path);

/* stream_pipe.c */
long dk_pipe_open(struct dk_ctx *ctx, const char *uri, const char *name,
		  bool server, u32 options);
long dk_pipe_accept(struct dk_ctx *ctx, struct dk_stream *s);
void dk_pipe_srv_release(struct dk_stream *s);
bool dk_pipe_srv_ready(struct dk_stream *s);
wait_queue_head_t *dk_pipe_srv_waitq(struct dk_stream *s);
u64 dk_pipe_pending(struct dk_stream *s);

/* stream_tcp.c */
int dk_sock_create(int family, int type, int proto, struct socket **res);
long dk_sock_wrap(struct dk_ctx *ctx, struct file *file, u32 type,
		  char *name, size_t extra_charge);
long dk_tcp_open(struct dk_ctx *ctx, const char *uri, const char *addr,
		 bool server, u32 options);
long dk_tcp_accept(struct dk_ctx *ctx, struct dk_stream *s);
u64 dk_tcp_pending(struct dk_stream *s);
int dk_tcp_set_nodelay(struct dk_stream *s, bool on);
bool dk_tcp_nodelay(struct dk_stream *s);

/* stream_udp.c */
long dk_udp_open(struct dk_ctx *ctx, const char *uri, const char *addr,
		 bool server, u32 options);
long dk_udp_io(struct dk_ctx *ctx, struct dk_stream *s, void __user *ubuf,
	       size_t size, bool write, const u64 *args);
u64 dk_udp_pending(struct dk_stream *s);

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
