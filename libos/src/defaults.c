// SPDX-License-Identifier: GPL-2.0
/*
 * Weak defaults for the interfaces other concerns provide (lx.h), so the
 * libOS links and starts while a concern is not merged yet.  The owner's
 * strong definition replaces each one; the lead removes them when every
 * concern is in.
 */
#include "lx.h"

LX_WEAK void lx_files_init(const struct lx_start *st)
{
	(void)st;
}

LX_WEAK void lx_mem_init(const struct lx_start *st)
{
	(void)st;
}

LX_WEAK long lx_mem_map_fixed(unsigned long addr, unsigned long len, int prot)
{
	void *p = (void *)addr;
	long ret;

	ret = DkVirtualMemoryAlloc(&p, len, DK_MEM_RESERVE | DK_MEM_COMMIT,
				   (uint32_t)prot);
	return ret < 0 ? ret : 0;
}

LX_WEAK void lx_mem_set_brk_base(unsigned long end_of_image)
{
	(void)end_of_image;
}

/* Without mem's futexes: clear the tid word only. */
LX_WEAK void lx_thread_exit_notify(struct lx_thread *t)
{
	if (t->clear_child_tid)
		__atomic_store_n(t->clear_child_tid, 0, __ATOMIC_RELEASE);
}

LX_WEAK struct lx_file *lx_fd_get(int fd)
{
	(void)fd;
	return NULL;
}

LX_WEAK void lx_file_put(struct lx_file *f)
{
	(void)f;
}

LX_WEAK long lx_file_pread(struct lx_file *f, void *buf, unsigned long n,
			   unsigned long off)
{
	(void)f;
	(void)buf;
	(void)n;
	(void)off;
	return -EBADF;
}

LX_WEAK long lx_file_size(struct lx_file *f)
{
	(void)f;
	return -EBADF;
}
