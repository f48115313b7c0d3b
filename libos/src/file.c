// SPDX-License-Identifier: GPL-2.0
/*
 * file.c: open file descriptions and the calls that move data: open,
 * openat, creat, read, write, readv, writev, pread64, pwrite64, lseek,
 * ftruncate, truncate, fsync, fdatasync, sendfile, ioctl; and the
 * start-up of the files concern (fds 0-2, cwd).
 *
 * Regular files read and write at the module stream's own position
 * (DK_OFFSET_NONE, lseek = DkStreamSeek), so a forked child that
 * inherited the stream shares the offset as on Linux; pread/pwrite use
 * explicit offsets; launcher streams (the std handles: terminals, host
 * pipes, redirected files) are sequential.  O_APPEND writes seek to the
 * end just before: not atomic against another writer.
 */
#include <linux/fcntl.h>
#include <asm/ioctls.h>
#include <linux/fs.h>
#include <linux/uio.h>

#include "files.h"
#include "mem.h"

/* The status flags a description keeps (F_GETFL). */
#define LX_KEEP_FLAGS	(O_ACCMODE | O_APPEND | O_NONBLOCK | O_DSYNC | \
			 O_DIRECT | O_NOATIME | O_PATH | __O_SYNC | FASYNC)
/* Bytes moved by one sendfile step. */
#define LX_COPY_CHUNK	(64UL << 10)

struct lx_file *lx_file_new(int kind, long handle, int flags,
			    const char *path)
{
	struct lx_file *f = lx_calloc(1, sizeof(*f));
	size_t n;

	if (!f)
		return NULL;
	f->refs = 1;
	f->kind = kind;
	f->handle = handle;
	f->handle2 = -1;
	f->flags = flags & LX_KEEP_FLAGS;
	if (path) {
		n = strlen(path) + 1;
		f->path = lx_malloc(n);
		if (!f->path) {
			lx_free(f);
			return NULL;
		}
		memcpy(f->path, path, n);
	}
	return f;
}

void lx_file_release(struct lx_file *f)
{
	if (f->handle >= 0)
		DkObjectClose(f->handle);
	if (f->handle2 >= 0)
		DkObjectClose(f->handle2);
	lx_free(f->path);
	lx_free(f->dbuf);
	lx_free(f);
}

static int lx_readable(const struct lx_file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY && !(f->flags & O_PATH);
}

static int lx_writable(const struct lx_file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY && !(f->flags & O_PATH);
}

static unsigned long lx_clamp(unsigned long n)
{
	return n > DK_STREAM_IO_MAX ? DK_STREAM_IO_MAX : n;
}

long lx_file_pread(struct lx_file *f, void *buf, unsigned long n,
		   unsigned long off)
{
	if (!lx_readable(f))
		return -EBADF;
	switch (f->kind) {
	case LX_F_STREAM:
		if ((long)off < 0)
			return -EINVAL;
		return DkStreamRead(f->handle, off, lx_clamp(n), buf);
	case LX_F_DIR:
		return -EISDIR;
	case LX_F_NULL:
		return 0;
	case LX_F_ZERO:
		memset(buf, 0, n);
		return (long)n;
	case LX_F_RANDOM:
		return DkRandomBitsRead(buf, n > DK_RANDOM_MAX ? DK_RANDOM_MAX : n);
	default:
		return -ESPIPE;
	}
}

long lx_file_size(struct lx_file *f)
{
	struct dk_stream_attr a;
	long ret = lx_attr_file(f, &a);

	return ret < 0 ? ret : (long)a.file_size;
}

long lx_file_read(struct lx_file *f, void *buf, unsigned long n)
{
	if (f->kind == LX_F_PIPE || f->kind == LX_F_SOCK)
		return lx_stream_read(f, buf, n, 0, NULL);
	if (f->kind == LX_F_EPOLL)
		return -EINVAL;
	if (!lx_readable(f))
		return -EBADF;
	/* Regular files: at the stream's own position (shared by forks). */
	if (f->kind == LX_F_HOST || f->kind == LX_F_STREAM) {
		long ret = DkStreamRead(f->handle, DK_OFFSET_NONE, lx_clamp(n),
					buf);

		/* A signal interrupted the wait (EINTR or SA_RESTART). */
		return ret == -EINTR ? -LX_ERESTARTSYS : ret;
	}
	return lx_file_pread(f, buf, n, 0);
}

long lx_file_pwrite(struct lx_file *f, const void *buf, unsigned long n,
		    unsigned long off)
{
	if (!lx_writable(f))
		return -EBADF;
	switch (f->kind) {
	case LX_F_STREAM:
		if ((long)off < 0)
			return -EINVAL;
		return DkStreamWrite(f->handle, off, lx_clamp(n), buf);
	case LX_F_NULL:
	case LX_F_ZERO:
	case LX_F_RANDOM:
		return (long)n;
	case LX_F_DIR:
		return -EISDIR;
	default:
		return -ESPIPE;
	}
}

long lx_file_write(struct lx_file *f, const void *buf, unsigned long n)
{
	long ret;

	if (f->kind == LX_F_PIPE || f->kind == LX_F_SOCK)
		return lx_stream_write(f, buf, n, 0, NULL);
	if (f->kind == LX_F_EPOLL)
		return -EINVAL;
	if (!lx_writable(f))
		return -EBADF;
	if (f->kind != LX_F_HOST && f->kind != LX_F_STREAM)
		return lx_file_pwrite(f, buf, n, 0);
	if (f->kind == LX_F_STREAM && (f->flags & O_APPEND)) {
		/* At the end the module sees just before: not atomic. */
		ret = DkStreamSeek(f->handle, 0, DK_SEEK_END);
		if (ret < 0)
			return ret;
	}
	return DkStreamWrite(f->handle, DK_OFFSET_NONE, lx_clamp(n), buf);
}

/* The argument of lx_open_op. */
struct lx_open_req {
	int flags;
	unsigned int mode;
	struct lx_file **out;
};

static long lx_open_op(const char *abs, void *arg)
{
	struct lx_open_req *rq = arg;
	char uri[LX_PATH_MAX + 8];
	int flags = rq->flags, acc = flags & O_ACCMODE, kind;
	uint32_t access, create = 0, share = 0;
	struct dk_stream_attr a;
	struct lx_file *f;
	long h, ret;

	if (flags & O_PATH)
		acc = O_RDONLY;
	if (acc == O_RDONLY)
		access = DK_ACCESS_READ;
	else if (acc == O_WRONLY)
		access = DK_ACCESS_WRITE;
	else if (acc == O_RDWR)
		access = DK_ACCESS_RDWR;
	else
		return -EINVAL;
	if (flags & O_NOFOLLOW) {
		ret = lx_attr_path(abs, 0, &a);
		if (ret == 0 && a.type == DK_STREAM_TYPE_SYMLINK)
			return -ELOOP;
	}
	if (flags & O_CREAT) {
		create = (flags & O_EXCL) ? DK_CREATE_ALWAYS : DK_CREATE_TRY;
		share = rq->mode & 0777 & ~lx_files_umask();
	}
	if ((flags & O_TRUNC) && acc != O_RDONLY)
		create |= DK_CREATE_TRUNCATE;
	lx_uri(abs, uri);
	h = DkStreamOpen(uri, access, share, create, 0);
	if (h < 0)
		return h;
	ret = DkStreamAttributesQueryByHandle(h, &a);
	if (ret < 0)
		goto out_close;
	kind = a.type == DK_STREAM_TYPE_DIR ? LX_F_DIR : LX_F_STREAM;
	if ((flags & O_DIRECTORY) && kind != LX_F_DIR) {
		ret = -ENOTDIR;
		goto out_close;
	}
	f = lx_file_new(kind, h, flags, abs);
	if (!f) {
		ret = -ENOMEM;
		goto out_close;
	}
	*rq->out = f;
	return 0;
out_close:
	DkObjectClose(h);
	return ret;
}

long lx_open_path(const char *abs, int flags, unsigned int mode,
		  struct lx_file **out)
{
	struct lx_open_req rq = { .flags = flags, .mode = mode, .out = out };
	long ret;

	ret = lx_dev_open(abs, flags, out);
	if (ret != -ENOENT)
		return ret;
	ret = lx_proc_open(abs, flags, out);
	if (ret != -ENOENT)
		return ret;
	return lx_path_do(abs, !(flags & O_NOFOLLOW), lx_open_op, &rq);
}

static long lx_do_open(int dirfd, const char *path, int flags,
		       unsigned int mode)
{
	char abs[LX_PATH_MAX];
	struct lx_file *f;
	long ret;
	int fd;

	ret = lx_at_path(dirfd, path, abs);
	if (ret < 0)
		return ret;
	ret = lx_open_path(abs, flags, mode, &f);
	if (ret < 0)
		return ret;
	fd = lx_fd_install(f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		lx_file_put(f);
	return fd;
}

long lx_sys_open(struct lx_call *c)
{
	return lx_do_open(AT_FDCWD, (const char *)c->a[0], (int)c->a[1],
			  (unsigned int)c->a[2]);
}

long lx_sys_openat(struct lx_call *c)
{
	return lx_do_open((int)c->a[0], (const char *)c->a[1], (int)c->a[2],
			  (unsigned int)c->a[3]);
}

long lx_sys_creat(struct lx_call *c)
{
	return lx_do_open(AT_FDCWD, (const char *)c->a[0],
			  O_CREAT | O_WRONLY | O_TRUNC, (unsigned int)c->a[1]);
}

/*
 * The libOS fills /dev/zero reads itself, so it checks the program's
 * buffer there (EFAULT); every other read goes to a Dk call, whose
 * module checks it.
 */
static int lx_app_buf_ok(struct lx_file *f, const void *buf, unsigned long n)
{
	return f->kind != LX_F_ZERO || !lx_readable(f) || LX_USER_WR(buf, n);
}

/*
 * read, write, pread64, pwrite64: fd a[0], buffer a[1], count a[2] and,
 * with @pos, the offset a[3]; @wr: a write.
 */
static long lx_rw_call(struct lx_call *c, int wr, int pos)
{
	struct lx_file *f = lx_fd_get((int)c->a[0]);
	void *buf = (void *)c->a[1];
	unsigned long n = (unsigned long)c->a[2], off = c->a[3];
	long ret;

	if (!f)
		return -EBADF;
	if (wr)
		ret = pos ? lx_file_pwrite(f, buf, n, off) :
			    lx_file_write(f, buf, n);
	else if (!lx_app_buf_ok(f, buf, n))
		ret = -EFAULT;
	else
		ret = pos ? lx_file_pread(f, buf, n, off) :
			    lx_file_read(f, buf, n);
	lx_file_put(f);
	return ret;
}

long lx_sys_read(struct lx_call *c)
{
	return lx_rw_call(c, 0, 0);
}

long lx_sys_write(struct lx_call *c)
{
	return lx_rw_call(c, 1, 0);
}

long lx_sys_pread64(struct lx_call *c)
{
	return lx_rw_call(c, 0, 1);
}

long lx_sys_pwrite64(struct lx_call *c)
{
	return lx_rw_call(c, 1, 1);
}

/* readv/writev: one call per element, stopping at a short transfer. */
static long lx_rwv(struct lx_call *c, int write)
{
	const struct iovec *iov = (const struct iovec *)c->a[1];
	long cnt = c->a[2], i, ret = 0, total = 0;
	struct lx_file *f;

	if (cnt < 0 || cnt > UIO_MAXIOV)
		return -EINVAL;
	if (!LX_USER_RD(iov, (unsigned long)cnt * sizeof(*iov)))
		return -EFAULT;
	f = lx_fd_get((int)c->a[0]);
	if (!f)
		return -EBADF;
	for (i = 0; i < cnt; i++) {
		if (!iov[i].iov_len)
			continue;
		if (!write && !lx_app_buf_ok(f, iov[i].iov_base,
					     iov[i].iov_len))
			ret = -EFAULT;
		else if (write)
			ret = lx_file_write(f, iov[i].iov_base, iov[i].iov_len);
		else
			ret = lx_file_read(f, iov[i].iov_base, iov[i].iov_len);
		if (ret < 0)
			break;
		total += ret;
		if ((unsigned long)ret < iov[i].iov_len)
			break;
	}
	lx_file_put(f);
	return total ? total : (ret < 0 ? ret : 0);
}

long lx_sys_readv(struct lx_call *c)
{
	return lx_rwv(c, 0);
}

long lx_sys_writev(struct lx_call *c)
{
	return lx_rwv(c, 1);
}

long lx_sys_lseek(struct lx_call *c)
{
	struct lx_file *f = lx_fd_get((int)c->a[0]);
	long off = c->a[1], ret;
	int whence = (int)c->a[2];

	if (!f)
		return -EBADF;
	if (f->kind == LX_F_DIR) {
		ret = (whence == SEEK_SET && off == 0) ? lx_dir_rewind(f) :
							 -EINVAL;
		goto out;
	}
	if (f->kind != LX_F_STREAM) {
		ret = (f->kind == LX_F_HOST || f->kind == LX_F_PIPE ||
		       f->kind == LX_F_SOCK || f->kind == LX_F_EPOLL) ?
		      -ESPIPE : 0;
		goto out;
	}
	/* The stream's own position: shared with forked children. */
	switch (whence) {
	case SEEK_SET:
		ret = DkStreamSeek(f->handle, off, DK_SEEK_SET);
		break;
	case SEEK_CUR:
		ret = DkStreamSeek(f->handle, off, DK_SEEK_CUR);
		break;
	case SEEK_END:
		ret = DkStreamSeek(f->handle, off, DK_SEEK_END);
		break;
	default:
		ret = -EINVAL;
		break;
	}
out:
	lx_file_put(f);
	return ret;
}

long lx_sys_ftruncate(struct lx_call *c)
{
	struct lx_file *f = lx_fd_get((int)c->a[0]);
	long ret;

	if (!f)
		return -EBADF;
	if (c->a[1] < 0)
		ret = -EINVAL;
	else if (f->kind != LX_F_STREAM || !lx_writable(f))
		ret = f->kind == LX_F_DIR ? -EISDIR : -EINVAL;
	else
		ret = DkStreamSetLength(f->handle, (uint64_t)c->a[1]);
	lx_file_put(f);
	return ret;
}

long lx_sys_truncate(struct lx_call *c)
{
	char abs[LX_PATH_MAX];
	struct lx_file *f;
	long ret;

	if (c->a[1] < 0)
		return -EINVAL;
	ret = lx_at_path(AT_FDCWD, (const char *)c->a[0], abs);
	if (ret < 0)
		return ret;
	ret = lx_open_path(abs, O_WRONLY, 0, &f);
	if (ret < 0)
		return ret;
	ret = f->kind == LX_F_STREAM ?
	      DkStreamSetLength(f->handle, (uint64_t)c->a[1]) : -EINVAL;
	lx_file_put(f);
	return ret;
}

static long lx_sync(struct lx_call *c)
{
	struct lx_file *f = lx_fd_get((int)c->a[0]);
	long ret = 0;

	if (!f)
		return -EBADF;
	if (f->kind == LX_F_STREAM || f->kind == LX_F_DIR)
		ret = DkStreamFlush(f->handle);
	else if (f->kind == LX_F_HOST)
		ret = -EINVAL;
	lx_file_put(f);
	return ret;
}

long lx_sys_fsync(struct lx_call *c)
{
	return lx_sync(c);
}

long lx_sys_fdatasync(struct lx_call *c)
{
	return lx_sync(c);
}

/* sendfile: a read and write loop through a libOS buffer. */
long lx_sys_sendfile(struct lx_call *c)
{
	struct lx_file *out = lx_fd_get((int)c->a[0]);
	struct lx_file *in = lx_fd_get((int)c->a[1]);
	long *offp = (long *)c->a[2];
	unsigned long count = (unsigned long)c->a[3], done = 0, want;
	long ret = 0, w;
	char *buf = NULL;

	if (!out || !in) {
		ret = -EBADF;
		goto out;
	}
	if (offp && !LX_USER_WR(offp, sizeof(*offp))) {
		ret = -EFAULT;
		goto out;
	}
	if (offp && *offp < 0) {
		ret = -EINVAL;
		goto out;
	}
	buf = lx_malloc(LX_COPY_CHUNK);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}
	while (done < count) {
		want = count - done < LX_COPY_CHUNK ? count - done : LX_COPY_CHUNK;
		ret = offp ? lx_file_pread(in, buf, want, (unsigned long)*offp) :
			     lx_file_read(in, buf, want);
		if (ret <= 0)
			break;
		if (offp)
			*offp += ret;
		want = (unsigned long)ret;
		for (w = 0; (unsigned long)w < want; w += ret) {
			ret = lx_file_write(out, buf + w, want - (unsigned long)w);
			if (ret <= 0)
				break;
		}
		done += (unsigned long)(w > 0 ? w : 0);
		if (ret <= 0 || (unsigned long)w < want)
			break;
	}
out:
	lx_free(buf);
	lx_file_put(in);
	lx_file_put(out);
	return done ? (long)done : ret;
}

/*
 * No terminals yet: every fd answers ENOTTY.  FIOCLEX/FIONCLEX work on
 * every fd, FIONBIO and FIONREAD on pipes and sockets.
 */
long lx_sys_ioctl(struct lx_call *c)
{
	struct lx_file *f = lx_fd_get((int)c->a[0]);
	unsigned int cmd = (unsigned int)c->a[1];
	int *arg = (int *)c->a[2];
	long ret = -ENOTTY;

	if (!f)
		return -EBADF;
	if (cmd == FIOCLEX || cmd == FIONCLEX) {
		ret = lx_fd_set_cloexec((int)c->a[0], cmd == FIOCLEX);
	} else if (cmd == FIONBIO) {
		ret = lx_file_set_nonblock(f, *arg != 0);
	} else if (cmd == FIONREAD &&
		   (f->kind == LX_F_PIPE || f->kind == LX_F_SOCK)) {
		ret = lx_stream_pending(f);
		if (ret >= 0) {
			*arg = (int)ret;
			ret = 0;
		}
	}
	lx_file_put(f);
	return ret;
}

/* fd 0-2 from the launcher's std handles; the cwd from the start info. */
void lx_files_init(const struct lx_start *st)
{
	char abs[LX_PATH_MAX];
	struct dk_stream_attr a;
	struct lx_file *f;
	long h;
	int i, j, flags;

	for (i = 0; i < 3; i++) {
		h = st->std_handles[i];
		if (h < 0)
			continue;
		for (j = 0; j < i; j++)
			if (st->std_handles[j] == h)
				DkObjectReference(h);
		flags = i ? O_WRONLY : O_RDONLY;
		if (DkStreamAttributesQueryByHandle(h, &a) == 0) {
			if ((a.flags & DK_ATTR_READABLE) &&
			    (a.flags & DK_ATTR_WRITABLE))
				flags = O_RDWR;
		}
		f = lx_file_new(LX_F_HOST, h, flags, NULL);
		if (!f || lx_fd_install(f, i, 0) != i)
			lx_fatal("cannot set up fd %d", i);
	}
	if (st->cwd && lx_path_norm("/", st->cwd, abs, sizeof(abs)) > 0)
		lx_cwd_set(abs);
}
