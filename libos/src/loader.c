// SPDX-License-Identifier: GPL-2.0
/*
 * The ELF loader: ET_EXEC and static-pie programs into Dk memory.
 */
#include "lx.h"

long lx_load_program(struct lx_start *st)
{
	(void)st;
	return -ENOSYS;
}
