/* SPDX-License-Identifier: GPL-2.0 */
/*
 * files.h: the files concern's internal interface (fd.c, vfs.c, file.c,
 * dir.c, stat.c, dev.c, procfs.c).  Other concerns use lx.h's
 * lx_fd_get/lx_file_put/lx_file_pread/lx_file_size only.
 *
 * An open file description (struct lx_file) is shared by every fd that
 * dup'ed it and carries the offset, the status flags and the absolute
 * virtual path it was opened by.  The fd table maps numbers to
 * descriptions plus the per-fd FD_CLOEXEC flag.
 */
#ifndef LX_FILES_H
#define LX_FILES_H

#ifdef LX_UNIT_TEST
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
struct lx_lock {
	int locked;
};
#define LX_LOCK_INIT		{ 0 }
void lx_lock(struct lx_lock *l);
void lx_unlock(struct lx_lock *l);
struct lx_file;
struct lx_file *lx_fd_get(int fd);
void lx_file_put(struct lx_file *f);
#else
#include "lx.h"
#endif

/* Longest virtual path the libOS handles, NUL included (PATH_MAX). */
#define LX_PATH_MAX		4096
/* Most symlinks followed while resolving one path (Linux's MAXSYMLINKS). */
#define LX_SYMLINK_MAX		40
/* Size of the fd table (RLIMIT_NOFILE's usual soft limit). */
#define LX_FD_MAX		1024

/* struct lx_file.kind */
enum lx_file_kind {
	LX_F_STREAM,	/* a file: stream (regular file) */
	LX_F_DIR,	/* a file: directory stream */
	LX_F_HOST,	/* a launcher stream (std handles): sequential */
	LX_F_NULL,	/* /dev/null */
	LX_F_ZERO,	/* /dev/zero */
	LX_F_RANDOM,	/* /dev/urandom, /dev/random */
	LX_F_PIPE,	/* a pipe end (pipe.c): flags say which */
	LX_F_SOCK,	/* a socket (socket.c, pipe.c): struct lx_sock */
	LX_F_EPOLL,	/* an epoll instance (epoll.c): dbuf the interests */
};

/*
 * The state of a socket (struct lx_file.sock), kept by value so that a
 * description can be copied whole.  Addresses are Linux sockaddrs; the
 * Dk stream behind the socket is opened at bind (UDP), listen or connect
 * time (libos.rst "Pipes, sockets, readiness").
 */
struct lx_sockaddr {
	unsigned short family;		/* AF_INET, AF_INET6, AF_UNIX; 0 none */
	unsigned short port;		/* host order */
	unsigned char addr[16];		/* network order: 4 or 16 bytes */
	unsigned int scope;		/* AF_INET6 scope id */
};

struct lx_sock {
	int domain;		/* AF_INET, AF_INET6, AF_UNIX */
	int type;		/* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	int protocol;
	int state;		/* LX_SS_* */
	int error;		/* SO_ERROR: pending error (positive) */
	int opts;		/* LX_SO_* bits set by setsockopt */
	int rcvbuf, sndbuf;	/* SO_RCVBUF/SO_SNDBUF asked for, 0 if none */
	int shut;		/* shut down: 1 read, 2 write */
	struct lx_sockaddr local;	/* bound address */
	struct lx_sockaddr peer;	/* connected peer */
};

struct lx_file {
	int refs;		/* atomic: fds and lx_fd_get users */
	int kind;		/* enum lx_file_kind */
	long handle;		/* Dk handle, -1 for the /dev files */
	long handle2;	/* a second Dk handle (e.g. a listening socket), -1 if none */
	int flags;		/* O_ACCMODE | O_APPEND | O_NONBLOCK ... */
	char *path;		/* absolute virtual path, NULL if none */
	struct lx_lock lock;	/* protects pos and the directory state */
	unsigned long pos;	/* unused: the stream's own position counts */
	/* LX_F_DIR: names read ahead from the stream, and where we are. */
	char *dbuf;
	unsigned long dlen, doff;
	unsigned long dindex;	/* entries returned so far (d_off) */
	int deof;
	struct lx_sock sock;	/* LX_F_SOCK */
	/*
	 * What edge-triggered epoll (epoll.c) learns of the program's I/O
	 * on this description, all atomic: bytes read and connections
	 * accepted; reads and accepts that found nothing (EAGAIN); writes
	 * that found the buffer full (EAGAIN or short).
	 */
	uint64_t io_taken;
	unsigned int io_empty;
	unsigned int io_full;
};

/* fd.c: the fd table */
int lx_fd_install(struct lx_file *f, int min, int cloexec);
long lx_fd_close(int fd);
long lx_fd_dup2(int oldfd, int newfd, int cloexec);
int lx_fd_cloexec(int fd);		/* 0/1, -EBADF */
long lx_fd_set_cloexec(int fd, int on);
void lx_file_get(struct lx_file *f);
/*
 * Call @fn for each open fd in ascending order, with a reference on its
 * file held across the call; stops at the first negative return, which
 * it returns (else 0).  Process checkpoints (fork.c).
 */
typedef long lx_fd_fn(int fd, struct lx_file *f, int cloexec, void *arg);
long lx_fd_each(lx_fd_fn *fn, void *arg);
/* Close every fd (@only_cloexec 0) or those with FD_CLOEXEC (execve). */
void lx_fd_close_matching(int only_cloexec);
/* file.c: the last reference went: close the handle, free. */
void lx_file_release(struct lx_file *f);

/* vfs.c: pure path handling */
/*
 * @path made absolute against @base (an absolute directory) and
 * normalized lexically: no ".", "..", "//" or trailing "/" (except "/").
 * Returns the length, -ENOENT for "", -ENAMETOOLONG.
 */
long lx_path_norm(const char *base, const char *path, char *out,
		  size_t size);
/* lx_readlink_fn: a symlink's target (length), -EINVAL if not one. */
typedef long lx_readlink_fn(const char *abs, char *buf, size_t size);
/*
 * Resolve every symlink of the absolute normalized @abs inside the
 * virtual namespace, one component at a time; absolute targets restart
 * at the virtual "/" (chroot-style), never on the host.  The last
 * component is followed only if @follow_last.  A missing last component
 * is fine (creation); a missing directory is -ENOENT; more than
 * LX_SYMLINK_MAX links -ELOOP.  Other lookup errors are left for the
 * operation itself to report.
 */
long lx_path_resolve(const char *abs, int follow_last, char *out,
		     size_t size, lx_readlink_fn *readlink_fn);

#ifndef LX_UNIT_TEST
/* vfs.c: the namespace over Dk calls */
extern struct lx_lock lx_cwd_lock;
/* The cwd, copied into @buf (LX_PATH_MAX). */
void lx_cwd_get(char *buf);
long lx_cwd_set(const char *abs);
/*
 * The absolute virtual path of @path relative to @dirfd (AT_FDCWD or a
 * directory fd), into @out (LX_PATH_MAX).  AT_EMPTY_PATH with "" gives
 * -ENOENT here; callers handle it first.
 */
long lx_at_path(int dirfd, const char *path, char *out);
/* The same for a path in the libOS's own memory (no EFAULT check). */
long lx_at_path_k(int dirfd, const char *path, char *out);
/* "file:" + @abs into @uri (LX_PATH_MAX + 5). */
void lx_uri(const char *abs, char *uri);
/*
 * Run @op on @abs; if it fails the way an absolute or root-crossing
 * symlink makes the module fail (EACCES, ELOOP), resolve the
 * symlinks in the namespace and run it once more on the result.
 */
typedef long lx_path_op(const char *abs, void *arg);
long lx_path_do(const char *abs, int follow_last, lx_path_op *op, void *arg);
long lx_vfs_readlink(const char *abs, char *buf, size_t size);
unsigned int lx_files_umask(void);

/* file.c */
struct lx_file *lx_file_new(int kind, long handle, int flags,
			    const char *path);
long lx_file_read(struct lx_file *f, void *buf, unsigned long n);
long lx_file_write(struct lx_file *f, const void *buf, unsigned long n);
long lx_file_pwrite(struct lx_file *f, const void *buf, unsigned long n,
		    unsigned long off);
long lx_open_path(const char *abs, int flags, unsigned int mode,
		  struct lx_file **out);

/* stat.c */
long lx_attr_path(const char *abs, int follow, struct dk_stream_attr *a);
long lx_attr_file(struct lx_file *f, struct dk_stream_attr *a);

/* dev.c: the /dev names; -ENOENT if @abs is not one of them */
long lx_dev_open(const char *abs, int flags, struct lx_file **out);
void lx_dev_attr(struct lx_file *f, struct dk_stream_attr *a);

/* procfs.c: /proc/self names; -ENOENT if not one of them */
long lx_proc_readlink(const char *abs, char *buf, size_t size);
long lx_proc_open(const char *abs, int flags, struct lx_file **out);
long lx_proc_lattr(const char *abs, struct dk_stream_attr *a);

/* dir.c */
long lx_dir_rewind(struct lx_file *f);

/* struct lx_sock.state */
enum lx_sock_state {
	LX_SS_NEW,		/* no Dk stream yet (maybe bound: local) */
	LX_SS_BOUND,		/* UDP: udp.srv: open */
	LX_SS_LISTEN,		/* tcp.srv: open */
	LX_SS_CONNECTED,	/* tcp:, udp:, a pipe end, or UDP with a peer */
	LX_SS_FAILED,		/* a non-blocking connect failed: error */
};

/* struct lx_sock.opts */
#define LX_SO_REUSEADDR		0x1
#define LX_SO_KEEPALIVE		0x2
#define LX_SO_NODELAY		0x4
#define LX_SO_REUSEPORT		0x8
#define LX_SO_V6ONLY		0x10	/* AF_INET6: IPV6_V6ONLY */

/*
 * pipe.c: data calls on pipes and sockets.  @msg: MSG_* flags
 * (MSG_DONTWAIT, MSG_NOSIGNAL); @addr: UDP destination / source or NULL.
 * EPIPE raises SIGPIPE unless MSG_NOSIGNAL; a Dk wait interrupted by an
 * exception upcall gives -LX_ERESTARTSYS.
 */
long lx_stream_read(struct lx_file *f, void *buf, unsigned long n, int msg,
		    struct lx_sockaddr *from);
long lx_stream_write(struct lx_file *f, const void *buf, unsigned long n,
		     int msg, const struct lx_sockaddr *to);
/* F_SETFL/FIONBIO: O_NONBLOCK of a pipe or socket description. */
long lx_stream_set_nonblock(struct lx_file *f, int on);
/* fd.c: O_NONBLOCK of any description (F_SETFL, FIONBIO). */
long lx_file_set_nonblock(struct lx_file *f, int on);
/* FIONREAD: bytes a read returns now. */
long lx_stream_pending(struct lx_file *f);
/* Make a connected pair of pipe ends (pipe, socketpair). */
long lx_pipe_pair(long *a, long *b, uint32_t options);
/*
 * epoll.c: note a read's or accept's result (@ret: bytes or connections
 * taken, or an error) and a write's of @n bytes for edge-triggered
 * epoll; both return @ret.
 */
long lx_io_note_read(struct lx_file *f, long ret);
long lx_io_note_write(struct lx_file *f, unsigned long n, long ret);

/* poll.c: readiness of fds over DkStreamPoll */
struct lx_pollent {
	int fd;
	short events;	/* POLL* asked for */
	short revents;	/* POLL* found */
	unsigned short raw;	/* out: DkStreamPoll's bits, before shaping */
	unsigned char waited;	/* out: 1 if the fd went to DkStreamPoll */
};
/*
 * poll(2) over @n entries; @timeout_ns relative, < 0 infinite.  Returns
 * the number of entries with revents != 0, 0 on timeout, -EINTR.
 */
long lx_poll_fds(struct lx_pollent *p, unsigned int n, long long timeout_ns);
/*
 * The signal mask @mask (of @size bytes) in force until
 * lx_sigmask_restore: 1 if swapped (old mask in *@old), 0 if @mask is
 * NULL, -EINVAL/-EFAULT.
 */
long lx_sigmask_swap(const uint64_t *mask, unsigned long size,
		     uint64_t *old);
void lx_sigmask_restore(int swapped, uint64_t old);
#endif

#endif /* LX_FILES_H */
