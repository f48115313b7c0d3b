// SPDX-License-Identifier: GPL-2.0
/*
 * The Linux initial stack: argc, argv, envp, auxv.
 */
#include "lx.h"

long lx_build_stack(const struct lx_start *st, unsigned long *rsp)
{
	(void)st;
	(void)rsp;
	return -ENOSYS;
}
