/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: the ioctl commands and their table (ioctl.c).
 */
#ifndef _DK_IOCTL_H
#define _DK_IOCTL_H

#include <linux/types.h>
#include <linux/compiler.h>

struct dk_ctx;

/**
 * struct dk_ioc_arg - the argument of a command other than DK_IOC_CALL
 * @k:     the module's copy of the caller's structure (ioctl.c read it
 *         by the rules of the uapi header), zeroed for output-only ones
 * @u:     the caller's pointer
 * @usize: the caller's structure size, from the command number
 */
struct dk_ioc_arg {
	void *k;
	void __user *u;
	u32 usize;
};

/*
 * A command handler (ioctl.c's table): returns a value >= 0 or a negative
 * errno.  Set-up commands run with the context's setup_lock held.
 */
typedef long (*dk_ioc_fn)(struct dk_ctx *ctx, const struct dk_ioc_arg *arg);

long dk_ioc_run(struct dk_ctx *ctx, unsigned int cmd, void __user *uarg);
int dk_ioc_copy_out(const struct dk_ioc_arg *arg, const void *src,
		    size_t ksize);
int dk_ioc_check(void);

#endif /* _DK_IOCTL_H */
