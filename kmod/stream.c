// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: stream objects and sequential/positional I/O.
 *
 * A stream wraps a struct file.  Reads and writes go straight between the
 * picoprocess's buffer and the file through an iov_iter, with no bounce
 * buffer.  The launcher hands the standard streams over as host file
 * descriptors (DK_IOC_ADD_STREAM) before the context is sealed.
 */
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/uaccess.h>

#include "tree.h"

/**
 * struct dk_stream - a stream object
 * @obj:    object header
 * @file:   the open file (one reference held)
 * @access: DK_ACCESS_* granted to the picoprocess
 */
struct dk_stream {
	struct dk_object obj;
	struct file *file;
	u32 access;
};

static void dk_stream_release(struct dk_object *obj)
{
	struct dk_stream *s = container_of(obj, struct dk_stream, obj);

	fput(s->file);
	kfree(s);
}

static const struct dk_object_ops dk_stream_ops = {
	.type = DK_OBJ_STREAM,
	.name = "stream",
	.release = dk_stream_release,
};

/* Wrap @file (reference taken over on success) in a new stream object. */
static struct dk_stream *dk_stream_create(struct dk_ctx *ctx,
					  struct file *file, u32 access)
{
	struct dk_stream *s;
	int ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return ERR_PTR(-ENOMEM);
	ret = dk_object_init(&s->obj, &dk_stream_ops, ctx, sizeof(*s));
	if (ret) {
		kfree(s);
		return ERR_PTR(ret);
	}
	s->file = file;
	s->access = access;
	return s;
}

/* Wrap @file (reference taken over on success) for the process calls. */
struct dk_object *dk_stream_wrap_file(struct dk_ctx *ctx, struct file *file,
				      u32 access)
{
	struct dk_stream *s = dk_stream_create(ctx, file, access);

	return IS_ERR(s) ? ERR_CAST(s) : &s->obj;
}

/* DK_IOC_ADD_STREAM: wrap one of the launcher's descriptors. */
long dk_stream_add_host_fd(struct dk_ctx *ctx, void __user *uarg)
{
	struct dk_setup_stream req;
	struct dk_stream *s;
	struct file *file;
	long ret;

	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	if (!req.access || (req.access & ~DK_ACCESS_RDWR))
		return -EINVAL;
	file = fget(req.fd);
	if (!file)
		return -EBADF;
	if (((req.access & DK_ACCESS_READ) && !(file->f_mode & FMODE_READ)) ||
	    ((req.access & DK_ACCESS_WRITE) && !(file->f_mode & FMODE_WRITE))) {
		ret = -EACCES;
		goto out_fput;
	}
	s = dk_stream_create(ctx, file, req.access);
	if (IS_ERR(s)) {
		ret = PTR_ERR(s);
		goto out_fput;
	}
	ret = dk_handle_install(ctx, &s->obj);
	dk_object_put(&s->obj);	/* the handle holds it now, or nobody */
	return ret;

out_fput:
	fput(file);
	return ret;
}

/*
 * Move @size bytes between @ubuf and the stream.  @offset is used by
 * seekable files unless it is DK_OFFSET_NONE; sequential streams ignore it
 * and, for seekable files, DK_OFFSET_NONE means the current position,
 * which then advances.
 */
static long dk_stream_io(struct dk_ctx *ctx, const u64 *args, bool write)
{
	void __user *ubuf = u64_to_user_ptr(args[3]);
	u64 offset = args[1], size = args[2];
	struct dk_object *obj;
	struct dk_stream *s;
	struct iov_iter iter;
	struct iovec iov;
	struct file *file;
	loff_t pos;
	long ret;

	if (size > DK_STREAM_IO_MAX)
		return -EINVAL;
	if (offset != DK_OFFSET_NONE && offset > LLONG_MAX)
		return -EINVAL;
	/* A process handle is a stream to the child too. */
	obj = dk_process_stream_get(ctx, args[0]);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	s = container_of(obj, struct dk_stream, obj);
	file = s->file;

	if (!(s->access & (write ? DK_ACCESS_WRITE : DK_ACCESS_READ))) {
		ret = -EACCES;
		goto out_put;
	}
	ret = import_single_range(write ? ITER_SOURCE : ITER_DEST, ubuf, size,
				  &iov, &iter);
	if (ret)
		goto out_put;

	if (file->f_mode & FMODE_STREAM) {
		ret = write ? vfs_iter_write(file, &iter, NULL, 0) :
			      vfs_iter_read(file, &iter, NULL, 0);
	} else if (offset != DK_OFFSET_NONE) {
		pos = offset;
		ret = write ? vfs_iter_write(file, &iter, &pos, 0) :
			      vfs_iter_read(file, &iter, &pos, 0);
	} else {
		/* Shared file position: serialize like read(2) does. */
		mutex_lock(&file->f_pos_lock);
		pos = file->f_pos;
		ret = write ? vfs_iter_write(file, &iter, &pos, 0) :
			      vfs_iter_read(file, &iter, &pos, 0);
		if (ret >= 0)
			file->f_pos = pos;
		mutex_unlock(&file->f_pos_lock);
	}

out_put:
	dk_object_put(obj);
	return ret;
}

/* DkStreamRead(Handle, Offset, Size, Buffer): bytes read, 0 at end. */
long dk_sys_stream_read(struct dk_ctx *ctx, const u64 *args)
{
	return dk_stream_io(ctx, args, false);
}

/* DkStreamWrite(Handle, Offset, Size, Buffer): bytes written. */
long dk_sys_stream_write(struct dk_ctx *ctx, const u64 *args)
{
	return dk_stream_io(ctx, args, true);
}
