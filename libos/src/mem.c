// SPDX-License-Identifier: GPL-2.0
/*
 * The application's memory: mmap, munmap, mprotect, mremap, madvise over
 * DkVirtualMemoryAlloc/Free/Protect at addresses the libOS chooses, and
 * the VMA list they keep (vma.c).
 *
 * Every application mapping is Dk memory (so mprotect works on all of it),
 * or, for MAP_SHARED of a file, a DkStreamMap mapping.  Mappings without a
 * fixed address go top-down below LX_MMAP_TOP.  A fixed Alloc that meets a
 * host mapping the libOS did not know about (dbexec, the libOS image, the
 * host stack, the vDSO, libOS heap) fails with EEXIST; the range is then
 * marked LX_VMA_FOREIGN and the search goes on below it.
 *
 * Locking: lx_mem_lock_obj protects lx_mem_vmas and the brk state
 * (brk.c); it is held across the Dk memory calls (none of which block) so
 * the list and the Dk mappings change in one step.
 */
#include "lx.h"
#include "mem.h"
#include "thread.h"

#include <linux/mman.h>

static struct lx_lock lx_mem_lock_obj = LX_LOCK_INIT;

static void *lx_mem_grow(void *old, size_t old_bytes, size_t bytes)
{
	void *n = lx_malloc(bytes);

	if (!n)
		return NULL;
	if (old) {
		memcpy(n, old, old_bytes);
		lx_free(old);
	}
	return n;
}

struct lx_vmas lx_mem_vmas = { .grow = lx_mem_grow };

void lx_mem_lock(void)
{
	lx_lock(&lx_mem_lock_obj);
}

void lx_mem_unlock(void)
{
	lx_unlock(&lx_mem_lock_obj);
}

/* PROT_* and DK_PROT_* share their values for read, write and exec. */
static unsigned int lx_dk_prot(int prot)
{
	return (unsigned int)prot & (DK_PROT_READ | DK_PROT_WRITE | DK_PROT_EXEC);
}

long lx_mem_alloc_fixed_locked(unsigned long start, unsigned long end,
			       int prot)
{
	void *addr = (void *)start;
	long ret;

	ret = DkVirtualMemoryAlloc(&addr, end - start,
				   DK_MEM_RESERVE | DK_MEM_COMMIT,
				   lx_dk_prot(prot));
	if (ret == -EEXIST || ret == -EPERM) {
		/* A host mapping we did not know of: never try here again. */
		if (lx_vma_is_free_or_headroom(&lx_mem_vmas, start, end))
			lx_vma_insert(&lx_mem_vmas, start, end, 0,
				      LX_VMA_FOREIGN);
		return -EEXIST;
	}
	if (ret < 0)
		return ret;
	if (lx_vma_insert(&lx_mem_vmas, start, end, prot, LX_VMA_ANON)) {
		DkVirtualMemoryFree(addr, end - start, DK_MEM_RELEASE);
		return -ENOMEM;
	}
	return 0;
}

long lx_mem_map_fixed(unsigned long addr, unsigned long len, int prot)
{
	long ret;

	if (addr & ~LX_PAGE_MASK || !len)
		return -EINVAL;
	lx_mem_lock();
	ret = lx_mem_alloc_fixed_locked(addr, addr + LX_PAGE_UP(len), prot);
	lx_mem_unlock();
	return ret;
}

long lx_mem_unmap_locked(unsigned long start, unsigned long end)
{
	unsigned long i = lx_vma_first(&lx_mem_vmas, start);
	long ret = 0;

	while (i < lx_mem_vmas.n && lx_mem_vmas.v[i].start < end) {
		struct lx_vma *v = &lx_mem_vmas.v[i];
		unsigned long s = v->start > start ? v->start : start;
		unsigned long e = v->end < end ? v->end : end;
		long r = 0;

		switch (v->kind) {
		case LX_VMA_FOREIGN:
			i++;
			continue;
		case LX_VMA_ANON:
			r = DkVirtualMemoryFree((void *)s, e - s,
						DK_MEM_RELEASE);
			break;
		case LX_VMA_SHARED:
			/* The Dk ABI unmaps a stream mapping only whole. */
			if (s != v->start || e != v->end) {
				ret = -EINVAL;
				i++;
				continue;
			}
			r = DkStreamUnmap((void *)s, e - s);
			break;
		}
		if (r < 0) {
			lx_log("munmap %lx-%lx: %ld\n", s, e, r);
			ret = r;
			i++;
			continue;
		}
		if (lx_vma_remove(&lx_mem_vmas, s, e))
			return -ENOMEM;
		i = lx_vma_first(&lx_mem_vmas, e);
	}
	/* Headroom kept above the range belonged to what was unmapped. */
	i = lx_vma_first(&lx_mem_vmas, end);
	if (i < lx_mem_vmas.n && lx_mem_vmas.v[i].start == end &&
	    lx_mem_vmas.v[i].kind == LX_VMA_HEADROOM)
		lx_vma_remove(&lx_mem_vmas, end, lx_mem_vmas.v[i].end);
	return ret;
}

int lx_mem_writable_locked(unsigned long start, unsigned long end)
{
	unsigned long i, at = start;

	for (i = lx_vma_first(&lx_mem_vmas, start);
	     i < lx_mem_vmas.n && at < end; i++) {
		const struct lx_vma *v = &lx_mem_vmas.v[i];

		if (v->start > at || !lx_vma_real(v) || !(v->prot & PROT_WRITE))
			return 0;
		at = v->end;
	}
	return at >= end;
}

/*
 * A free range of @len bytes (plus @extra of headroom above it) below
 * @hi; 0 if none.
 */
static unsigned long lx_mem_pick(unsigned long len, unsigned long extra)
{
	return lx_vma_gap_topdown(&lx_mem_vmas, len + extra, LX_MMAP_BOTTOM,
				  LX_MMAP_TOP);
}

/*
 * New Dk memory of @len bytes anywhere in the window, with @extra bytes of
 * headroom recorded above it.  Returns the address or -ENOMEM.
 */
static long lx_mem_alloc_any_locked(unsigned long len, unsigned long extra,
				    int prot)
{
	int tries;

	for (tries = 0; tries < 64; tries++) {
		unsigned long s = lx_mem_pick(len, extra);
		long ret;

		if (!s && extra) {
			extra = 0;
			continue;
		}
		if (!s)
			return -ENOMEM;
		ret = lx_mem_alloc_fixed_locked(s, s + len, prot);
		if (ret == -EEXIST)
			continue;	/* marked foreign: look again */
		if (ret < 0)
			return ret == -EDQUOT ? -ENOMEM : ret;
		if (extra)
			lx_vma_insert(&lx_mem_vmas, s + len, s + len + extra,
				      0, LX_VMA_HEADROOM);
		return (long)s;
	}
	return -ENOMEM;
}

/*
 * MAP_FIXED: replace whatever the application has in [start, end).  Our
 * own anonymous memory is decommitted and recommitted in place (so no
 * other allocator can take the range in between); the rest is allocated.
 */
static long lx_mem_replace_locked(unsigned long start, unsigned long end,
				  int prot)
{
	unsigned long at = start;
	long ret;

	while (at < end) {
		struct lx_vma *v = lx_vma_find(&lx_mem_vmas, at);
		unsigned long e;

		if (v && v->kind == LX_VMA_ANON) {
			e = v->end < end ? v->end : end;
			ret = DkVirtualMemoryFree((void *)at, e - at,
						  DK_MEM_DECOMMIT);
			if (!ret)
				ret = DkVirtualMemoryProtect((void *)at, e - at,
							     lx_dk_prot(prot));
			if (ret < 0)
				return ret;
			if (lx_vma_insert(&lx_mem_vmas, at, e, prot,
					  LX_VMA_ANON))
				return -ENOMEM;
		} else if (v && v->kind == LX_VMA_SHARED) {
			e = v->end < end ? v->end : end;
			ret = lx_mem_unmap_locked(at, e);
			if (ret < 0)
				return ret;
			continue;
		} else {
			unsigned long i = lx_vma_first(&lx_mem_vmas, at);

			/* A gap (or placeholder) up to the next real VMA. */
			e = end;
			for (; i < lx_mem_vmas.n && lx_mem_vmas.v[i].start < end;
			     i++) {
				if (lx_vma_real(&lx_mem_vmas.v[i])) {
					e = lx_mem_vmas.v[i].start > at ?
					    lx_mem_vmas.v[i].start : at;
					break;
				}
			}
			if (e == at)
				continue;
			ret = lx_mem_alloc_fixed_locked(at, e, prot);
			if (ret < 0)
				return ret == -EEXIST ? -ENOMEM : ret;
		}
		at = e;
	}
	return 0;
}

/* Copy [off, off + len) of open file @fd into the fresh mapping at @addr. */
static long lx_mem_fill_from_file(int fd, unsigned long addr,
				  unsigned long len, unsigned long off)
{
	struct lx_file *f = lx_fd_get(fd);
	unsigned long done = 0;
	long n = 0;

	if (!f)
		return -EBADF;
	while (done < len) {
		n = lx_file_pread(f, (void *)(addr + done), len - done,
				  off + done);
		if (n <= 0)
			break;
		done += (unsigned long)n;
	}
	lx_file_put(f);
	return n < 0 ? n : 0;	/* past the end of the file: zeros */
}

#define LX_MAP_KNOWN (MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_NORESERVE | \
		      MAP_STACK | MAP_GROWSDOWN | MAP_DENYWRITE | \
		      MAP_EXECUTABLE | MAP_LOCKED | MAP_POPULATE | \
		      MAP_NONBLOCK | MAP_FIXED_NOREPLACE | MAP_HUGETLB | \
		      MAP_SYNC | MAP_UNINITIALIZED | (0x3fUL << MAP_HUGE_SHIFT))

long lx_sys_mmap(struct lx_call *c)
{
	unsigned long addr = c->a[0], len = c->a[1], off = c->a[5];
	int prot = (int)c->a[2], fd = (int)c->a[4];
	unsigned long flags = c->a[3], end;
	int type = flags & MAP_TYPE, anon = !!(flags & MAP_ANONYMOUS);
	int fill = !anon, fprot = prot;
	long ret;

	if (!len || off & ~LX_PAGE_MASK)
		return -EINVAL;
	if (type != MAP_PRIVATE && type != MAP_SHARED &&
	    type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (type == MAP_SHARED_VALIDATE && (flags & ~LX_MAP_KNOWN))
		return -EOPNOTSUPP;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (flags & MAP_HUGETLB)
		return -EINVAL;		/* no huge pages in Dk memory */
	if (len > LX_USER_END)
		return -ENOMEM;
	len = LX_PAGE_UP(len);
	if (!anon && type != MAP_PRIVATE && (prot & PROT_WRITE))
		return -ENODEV;		/* libos.rst: shared writable file maps */
	if (fill)
		fprot = prot | PROT_WRITE;	/* written by the copy */

	lx_mem_lock();
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		ret = -EINVAL;
		if (addr & ~LX_PAGE_MASK)
			goto out;
		ret = -ENOMEM;
		if (addr > LX_USER_END - len || addr < LX_PAGE_SIZE)
			goto out;
		end = addr + len;
		if (flags & MAP_FIXED_NOREPLACE && !(flags & MAP_FIXED)) {
			ret = -EEXIST;
			if (!lx_vma_is_free_or_headroom(&lx_mem_vmas, addr, end))
				goto out;
			ret = lx_mem_alloc_fixed_locked(addr, end, fprot);
		} else {
			ret = lx_mem_replace_locked(addr, end, fprot);
		}
		if (ret < 0)
			goto out;
	} else {
		ret = -EEXIST;
		/* A hint is taken when that range is free. */
		if (addr && !(addr & ~LX_PAGE_MASK) && addr >= LX_MMAP_BOTTOM &&
		    addr <= LX_USER_END - len &&
		    lx_vma_is_free(&lx_mem_vmas, addr, addr + len))
			ret = lx_mem_alloc_fixed_locked(addr, addr + len, fprot);
		if (ret < 0)
			ret = lx_mem_alloc_any_locked(len, 0, fprot);
		if (ret < 0)
			goto out;
		addr = (unsigned long)ret;
	}
	if (fill) {
		ret = lx_mem_fill_from_file(fd, addr, len, off);
		if (!ret && fprot != prot) {
			ret = DkVirtualMemoryProtect((void *)addr, len,
						     lx_dk_prot(prot));
			if (!ret)
				lx_vma_set_prot(&lx_mem_vmas, addr, addr + len,
						prot);
		}
		if (ret < 0) {
			lx_mem_unmap_locked(addr, addr + len);
			goto out;
		}
	}
	ret = (long)addr;
out:
	lx_mem_unlock();
	return ret;
}

/*
 * The (@addr, @len) range argument of mprotect and madvise: -EINVAL when
 * @addr is not page-aligned, 1 when @len is 0 (nothing to do), @beyond
 * when its pages pass LX_USER_END, else 0 with their end in *@end.
 */
static long lx_mem_arg_range(unsigned long addr, unsigned long len,
			     long beyond, unsigned long *end)
{
	if (addr & ~LX_PAGE_MASK)
		return -EINVAL;
	if (!len)
		return 1;
	if (len > LX_USER_END || addr > LX_USER_END - LX_PAGE_UP(len))
		return beyond;
	*end = addr + LX_PAGE_UP(len);
	return 0;
}

/*
 * The range of mprotect and madvise: lx_mem_arg_range's answers, or
 * -ENOMEM if a page of it is unmapped; only a 0 return leaves the memory
 * lock held (and *@end set).
 */
static long lx_mem_range_lock(unsigned long addr, unsigned long len,
			      long beyond, unsigned long *end)
{
	long ret = lx_mem_arg_range(addr, len, beyond, end);

	if (ret)
		return ret;
	lx_mem_lock();
	if (lx_vma_is_mapped(&lx_mem_vmas, addr, *end))
		return 0;
	lx_mem_unlock();
	return -ENOMEM;
}

long lx_sys_munmap(struct lx_call *c)
{
	unsigned long addr = c->a[0], len = c->a[1];
	long ret;

	if (addr & ~LX_PAGE_MASK || !len || len > LX_USER_END ||
	    addr > LX_USER_END - LX_PAGE_UP(len))
		return -EINVAL;
	lx_mem_lock();
	ret = lx_mem_unmap_locked(addr, addr + LX_PAGE_UP(len));
	lx_mem_unlock();
	return ret;
}

long lx_sys_mprotect(struct lx_call *c)
{
	unsigned long addr = c->a[0], len = c->a[1], end, i;
	int prot = (int)c->a[2];
	long ret;

	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM |
		     PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	prot &= PROT_READ | PROT_WRITE | PROT_EXEC;
	ret = lx_mem_range_lock(addr, len, -ENOMEM, &end);
	if (ret)
		return ret < 0 ? ret : 0;
	for (i = lx_vma_first(&lx_mem_vmas, addr);
	     i < lx_mem_vmas.n && lx_mem_vmas.v[i].start < end; i++)
		if (lx_mem_vmas.v[i].kind == LX_VMA_SHARED) {
			ret = -EACCES;	/* libos.rst: stream maps keep prot */
			goto out;
		}
	ret = DkVirtualMemoryProtect((void *)addr, end - addr,
				     lx_dk_prot(prot));
	if (!ret && lx_vma_set_prot(&lx_mem_vmas, addr, end, prot))
		ret = -ENOMEM;
out:
	lx_mem_unlock();
	return ret;
}

/* mremap's move: new memory (with headroom to grow into), copy, unmap. */
static long lx_mem_move_locked(unsigned long old, unsigned long old_len,
			       unsigned long new_len, int prot,
			       unsigned long fixed)
{
	unsigned long extra = new_len < (1UL << 30) ? new_len : (1UL << 30);
	long ret;

	if (fixed) {
		if (fixed < old + old_len && old < fixed + new_len)
			return -EINVAL;
		ret = lx_mem_replace_locked(fixed, fixed + new_len,
					    prot | PROT_WRITE);
		if (ret < 0)
			return ret;
		ret = (long)fixed;
	} else {
		ret = lx_mem_alloc_any_locked(new_len, extra,
					      prot | PROT_WRITE);
		if (ret < 0)
			return ret;
	}
	memcpy((void *)ret, (void *)old, old_len < new_len ? old_len : new_len);
	if (!(prot & PROT_WRITE)) {
		DkVirtualMemoryProtect((void *)ret, new_len, lx_dk_prot(prot));
		lx_vma_set_prot(&lx_mem_vmas, (unsigned long)ret,
				(unsigned long)ret + new_len, prot);
	}
	lx_mem_unmap_locked(old, old + old_len);
	return ret;
}

long lx_sys_mremap(struct lx_call *c)
{
	unsigned long old = c->a[0], old_len = c->a[1], new_len = c->a[2];
	unsigned long flags = c->a[3], new_addr = c->a[4];
	struct lx_vma *v;
	long ret;

	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) &&
	    !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (flags & MREMAP_DONTUNMAP)
		return -EINVAL;		/* libos.rst: not supported */
	if (old & ~LX_PAGE_MASK || !new_len || !old_len)
		return -EINVAL;		/* old_len 0 (shared dup) unsupported */
	if (old_len > LX_USER_END || new_len > LX_USER_END)
		return -ENOMEM;
	old_len = LX_PAGE_UP(old_len);
	new_len = LX_PAGE_UP(new_len);
	if (flags & MREMAP_FIXED &&
	    (new_addr & ~LX_PAGE_MASK || new_addr > LX_USER_END - new_len))
		return -EINVAL;

	lx_mem_lock();
	v = lx_vma_find(&lx_mem_vmas, old);
	ret = -EFAULT;
	if (!v || v->kind != LX_VMA_ANON || old + old_len > v->end)
		goto out;
	if (flags & MREMAP_FIXED) {
		ret = lx_mem_move_locked(old, old_len, new_len, v->prot,
					 new_addr);
		goto out;
	}
	ret = (long)old;
	if (new_len < old_len) {
		lx_mem_unmap_locked(old + new_len, old + old_len);
		goto out;
	}
	if (new_len == old_len)
		goto out;
	/* Grow in place where the pages above are free (or our headroom). */
	if (old + old_len == v->end && old <= LX_USER_END - new_len &&
	    lx_vma_is_free_or_headroom(&lx_mem_vmas, old + old_len,
				       old + new_len)) {
		ret = lx_mem_alloc_fixed_locked(old + old_len, old + new_len,
						v->prot);
		if (!ret) {
			ret = (long)old;
			goto out;
		}
		v = lx_vma_find(&lx_mem_vmas, old);
	}
	ret = -ENOMEM;
	if (flags & MREMAP_MAYMOVE)
		ret = lx_mem_move_locked(old, old_len, new_len, v->prot, 0);
out:
	lx_mem_unlock();
	return ret;
}

long lx_sys_madvise(struct lx_call *c)
{
	unsigned long addr = c->a[0], len = c->a[1], end, i;
	long ret;

	/* Other advice: accepted, nothing done. */
	if ((int)c->a[2] != MADV_DONTNEED) {
		ret = lx_mem_arg_range(addr, len, -EINVAL, &end);
		return ret < 0 ? ret : 0;
	}
	ret = lx_mem_range_lock(addr, len, -EINVAL, &end);
	if (ret)
		return ret < 0 ? ret : 0;
	for (i = lx_vma_first(&lx_mem_vmas, addr);
	     i < lx_mem_vmas.n && lx_mem_vmas.v[i].start < end; i++) {
		struct lx_vma *v = &lx_mem_vmas.v[i];
		unsigned long s = v->start > addr ? v->start : addr;
		unsigned long e = v->end < end ? v->end : end;

		if (v->kind != LX_VMA_ANON)
			continue;	/* a stream map: the file's data stays */
		/* Zero-fill on the next touch: drop the pages, keep prot. */
		ret = DkVirtualMemoryFree((void *)s, e - s, DK_MEM_DECOMMIT);
		if (!ret)
			ret = DkVirtualMemoryProtect((void *)s, e - s,
						     lx_dk_prot(v->prot));
		if (ret < 0)
			break;
	}
	lx_mem_unlock();
	return ret;
}

void lx_mem_init(const struct lx_start *st)
{
	long ret;

	(void)st;
	lx_ids_init();
	ret = lx_signal_init();
	if (ret < 0)
		lx_fatal("cannot handle faults: %s", dk_strerror(ret));
	/* Here, outside any upcall: see lx_spawner. */
	ret = lx_thread_init();
	if (ret < 0)
		lx_fatal("cannot start the thread spawner: %s",
			 dk_strerror(ret));
	/* The main stack sits above the window: never hand it out. */
	lx_mem_lock();
	lx_vma_insert(&lx_mem_vmas, LX_MMAP_TOP, LX_STACK_TOP - LX_STACK_SIZE,
		      0, LX_VMA_FOREIGN);
	lx_mem_unlock();
}

int lx_mem_lazy;

/* fork.c's in the libOS; the unit tests have no vfork child. */
LX_WEAK void lx_vfork_fetch(unsigned long start, unsigned long end)
{
	(void)start;
	(void)end;
}

int lx_user_ok(const void *p, unsigned long n, int write)
{
	unsigned long start = (unsigned long)p, end, i, at;
	int ok = 1;

	if (!n)
		return 1;
	if (!start || n > LX_USER_END || start > LX_USER_END - n)
		return 0;
	end = start + n;
	lx_mem_lock();
	at = start;
	for (i = lx_vma_first(&lx_mem_vmas, start);
	     i < lx_mem_vmas.n && at < end; i++) {
		const struct lx_vma *v = &lx_mem_vmas.v[i];

		if (v->start > at || !lx_vma_real(v) ||
		    !(v->prot & (write ? PROT_WRITE : PROT_READ))) {
			ok = 0;
			break;
		}
		at = v->end;
	}
	if (at < end)
		ok = 0;
	lx_mem_unlock();
	/* A vfork child: the pages the libOS is about to use, here now. */
	if (ok && __atomic_load_n(&lx_mem_lazy, __ATOMIC_ACQUIRE))
		lx_vfork_fetch(start, end);
	return ok;
}

long lx_user_strnlen(const char *s, unsigned long max)
{
	unsigned long n = 0, chunk, i;

	while (n < max) {
		chunk = LX_PAGE_SIZE - (((unsigned long)s + n) &
					(LX_PAGE_SIZE - 1));
		if (chunk > max - n)
			chunk = max - n;
		if (!lx_user_ok(s + n, chunk, 0))
			return -EFAULT;
		for (i = 0; i < chunk; i++)
			if (!s[n + i])
				return (long)(n + i);
		n += chunk;
	}
	return -ENAMETOOLONG;
}
