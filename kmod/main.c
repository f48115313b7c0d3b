// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: the /dev/drawbridge misc device.
 *
 * Each open creates one picoprocess context.  DK_IOC_CALL is the gateway
 * into the Dk call table; the other commands are the launcher's set-up
 * interface, refused once the context is sealed.  Every command must come
 * from a task of the process that opened the device (same mm): a context
 * file passed to another process is useless there.  The context is torn
 * down when that mm goes away, even if the file lives on (context.c).
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/drawbridge.h>

#include "context.h"
#include "ioctl.h"
#include "table.h"
#include "main.h"
#include "tree.h"

static int dk_open(struct inode *inode, struct file *file)
{
	struct dk_ctx *ctx;

	if (!current->mm)
		return -EINVAL;
	ctx = dk_ctx_create();
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	file->private_data = ctx;
	return 0;
}

/* The last reference to the file: see context.c for the lifetime. */
static int dk_release(struct inode *inode, struct file *file)
{
	dk_ctx_close(file->private_data);
	return 0;
}

static long dk_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct dk_ctx *ctx = file->private_data;
	void __user *uarg = (void __user *)arg;

	if (unlikely(current->mm != ctx->mm))
		return -EPERM;
	/* The picoprocess's one command, and the hot path: no table. */
	if (likely(cmd == DK_IOC_CALL))
		return dk_dispatch(ctx, uarg);
	return dk_ioc_run(ctx, cmd, uarg);
}

/* Only a monitor context is pollable: readable while requests wait. */
static __poll_t dk_poll(struct file *file, poll_table *pt)
{
	struct dk_ctx *ctx = file->private_data;

	if (current->mm != ctx->mm)
		return DEFAULT_POLLMASK;
	return dk_tree_poll(ctx, file, pt);
}

static const struct file_operations dk_fops;

/* The context of a /dev/drawbridge file, or NULL for any other file. */
struct dk_ctx *dk_ctx_of_file(struct file *file)
{
	return file->f_op == &dk_fops ? file->private_data : NULL;
}

static const struct file_operations dk_fops = {
	.owner		= THIS_MODULE,
	.open		= dk_open,
	.release	= dk_release,
	.unlocked_ioctl	= dk_ioctl,
	.poll		= dk_poll,
	.llseek		= noop_llseek,
};

/*
 * A fixed minor from the range 243-254 that the kernel's device list
 * reserves for local use (dynamic minors are never taken from it): with
 * the aliases below, the first open of a /dev/drawbridge node created by
 * "kmod static-nodes" loads the module.  See Documentation/install.rst.
 */
#define DK_MISC_MINOR	248

static struct miscdevice dk_miscdev = {
	.minor	= DK_MISC_MINOR,
	.name	= "drawbridge",
	.fops	= &dk_fops,
	.mode	= 0666,
};

static int __init dk_init(void)
{
	int ret;

	ret = dk_calls_check();
	if (ret)
		return ret;
	ret = dk_ioc_check();
	if (ret)
		return ret;
	ret = misc_register(&dk_miscdev);
	if (ret)
		return ret;
	pr_info("picoprocess ABI v%d ready on %s\n",
		DK_ABI_VERSION, DK_DEVICE_PATH);
	return 0;
}

static void __exit dk_exit(void)
{
	misc_deregister(&dk_miscdev);
	dk_context_exit();
}

module_init(dk_init);
module_exit(dk_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Drawbridge for Linux developers");
MODULE_DESCRIPTION("Drawbridge picoprocess personality: the Dk ABI");
MODULE_ALIAS_MISCDEV(DK_MISC_MINOR);
MODULE_ALIAS("devname:drawbridge");
