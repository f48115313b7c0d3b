// SPDX-License-Identifier: GPL-2.0
/*
 * brk: the program break, from the page after the loaded image up to
 * LX_BRK_MAX above it, made of Dk memory page by page as it grows.  The
 * state is protected by the mapping list's lock (mem.h).
 */
#include "lx.h"
#include "mem.h"

#include <linux/mman.h>

static unsigned long lx_brk_base;	/* first address of the area */
static unsigned long lx_brk_cur;	/* the break the program asked for */
static unsigned long lx_brk_end;	/* end of the pages made so far */

void lx_mem_set_brk_base(unsigned long end_of_image)
{
	lx_mem_lock();
	lx_brk_base = LX_PAGE_UP(end_of_image);
	lx_brk_cur = lx_brk_end = lx_brk_base;
	lx_mem_unlock();
}

long lx_sys_brk(struct lx_call *c)
{
	unsigned long want = c->a[0], end;
	long ret;

	lx_mem_lock();
	ret = (long)lx_brk_cur;
	if (!lx_brk_base || want < lx_brk_base ||
	    want - lx_brk_base > LX_BRK_MAX)
		goto out;
	end = LX_PAGE_UP(want);
	if (end > lx_brk_end) {
		if (!lx_vma_is_free(&lx_mem_vmas, lx_brk_end, end) ||
		    lx_mem_alloc_fixed_locked(lx_brk_end, end,
					      PROT_READ | PROT_WRITE) < 0)
			goto out;	/* Linux too answers the old break */
	} else if (end < lx_brk_end) {
		lx_mem_unmap_locked(end, lx_brk_end);
	}
	lx_brk_end = end;
	lx_brk_cur = want;
	ret = (long)want;
out:
	lx_mem_unlock();
	return ret;
}

void lx_mem_brk_get(unsigned long *base, unsigned long *cur,
		    unsigned long *end)
{
	lx_mem_lock();
	*base = lx_brk_base;
	*cur = lx_brk_cur;
	*end = lx_brk_end;
	lx_mem_unlock();
}

void lx_mem_brk_set(unsigned long base, unsigned long cur, unsigned long end)
{
	lx_mem_lock();
	lx_brk_base = base;
	lx_brk_cur = cur;
	lx_brk_end = end;
	lx_mem_unlock();
}
