/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interface between the memory files (mem.c, brk.c, signal.c):
 * the application's mapping list and the lock that protects it.
 */
#ifndef LX_MEM_H
#define LX_MEM_H

#include "vma.h"

/* mmap places mappings without a fixed address top-down from
 * LX_MMAP_TOP (lx.h) down to here. */
#define LX_MMAP_BOTTOM	0x100000000UL
/* Highest user address + 1 (47-bit user space). */
#define LX_USER_END	0x7ffffffff000UL

/* Take and drop the lock of the mapping list (lx_mem_vmas). */
void lx_mem_lock(void);
void lx_mem_unlock(void);
/* The mapping list; only with lx_mem_lock held. */
extern struct lx_vmas lx_mem_vmas;

/*
 * With the lock held: new Dk memory at exactly [start, end) with @prot,
 * recorded as LX_VMA_ANON.  0, -EEXIST (something is there), or the Dk
 * error.
 */
long lx_mem_alloc_fixed_locked(unsigned long start, unsigned long end,
			       int prot);
/* With the lock held: unmap whatever the application has in [start, end). */
long lx_mem_unmap_locked(unsigned long start, unsigned long end);
/* The brk state (base, break, end of its pages): fork and execve. */
void lx_mem_brk_get(unsigned long *base, unsigned long *cur,
		    unsigned long *end);
void lx_mem_brk_set(unsigned long base, unsigned long cur, unsigned long end);
/* With the lock held: is [start, end) mapped and writable (signal frames)? */
int lx_mem_writable_locked(unsigned long start, unsigned long end);



/*
 * fork.c: a vfork child maps the parent's readable memory without its
 * contents and fetches pages from the parent on first use.  lx_mem_lazy
 * is nonzero while pages are left to fetch; lx_vfork_fetch fetches those
 * of [start, end) (lx_user_ok calls it, so the libOS never reads a page
 * that is not there yet); lx_vfork_fault fetches the page of a memory
 * fault at @addr: 1 if it did (resume), 0 if @addr is not such a page.
 */
extern int lx_mem_lazy;
void lx_vfork_fetch(unsigned long start, unsigned long end);
int lx_vfork_fault(unsigned long addr);

/*
 * Is [p, p + n) application memory the program may read (@write 0) or
 * write (@write 1)?  Checked against the VMA list, so the libOS answers
 * EFAULT instead of faulting itself.  Another thread may unmap the range
 * right after the check (libos.rst: such a race ends the process).
 * In a vfork child the pages of the range are fetched before it returns.
 */
int lx_user_ok(const void *p, unsigned long n, int write);
#define LX_USER_RD(p, n)	lx_user_ok((const void *)(p), (n), 0)
#define LX_USER_WR(p, n)	lx_user_ok((const void *)(p), (n), 1)
/*
 * The length of the application's NUL-terminated string @s, read page by
 * page under lx_user_ok: -EFAULT if a byte before the NUL is not
 * readable (NULL included), -ENAMETOOLONG if the first @max bytes hold
 * no NUL.
 */
long lx_user_strnlen(const char *s, unsigned long max);
#endif /* LX_MEM_H */
