/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The libOS's list of the application's mappings (pure bookkeeping: no Dk
 * call, no lock; mem.c holds its lock around every use).
 *
 * A sorted array of disjoint [start, end) page ranges.  Besides the
 * application's own mappings it records two kinds of placeholders that no
 * Dk memory backs: headroom above a mapping mremap moved (so it can grow in
 * place next time) and ranges where a fixed DkVirtualMemoryAlloc met a
 * host mapping (so the allocator stops trying them).
 */
#ifndef LX_VMA_H
#define LX_VMA_H

#include <stddef.h>

#ifndef LX_PAGE_SIZE		/* lx.h has them too; unit tests do not */
#define LX_PAGE_SIZE	4096UL
#define LX_PAGE_UP(x)	(((x) + LX_PAGE_SIZE - 1) & ~(LX_PAGE_SIZE - 1))
#endif
#define LX_PAGE_MASK	(~(LX_PAGE_SIZE - 1))

enum lx_vma_kind {
	LX_VMA_ANON = 1,	/* Dk memory: anonymous, brk, image, stacks, private file copies */
	LX_VMA_SHARED,		/* a DkStreamMap mapping (MAP_SHARED of a file) */
	LX_VMA_HEADROOM,	/* address space kept free above a moved mapping */
	LX_VMA_FOREIGN,		/* a host mapping was met here: never allocated */
};

struct lx_vma {
	unsigned long start;
	unsigned long end;
	int prot;		/* PROT_* as the application asked */
	int kind;		/* enum lx_vma_kind */
};

struct lx_vmas {
	struct lx_vma *v;
	unsigned long n;
	unsigned long cap;
	/* Returns a buffer of @bytes holding the old contents, or NULL. */
	void *(*grow)(void *old, size_t old_bytes, size_t bytes);
};

/* True for kinds backed by memory (not placeholders). */
static inline int lx_vma_real(const struct lx_vma *v)
{
	return v->kind == LX_VMA_ANON || v->kind == LX_VMA_SHARED;
}

/* Index of the first VMA with end > @addr (n if none). */
unsigned long lx_vma_first(const struct lx_vmas *m, unsigned long addr);
/* The VMA containing @addr, or NULL. */
struct lx_vma *lx_vma_find(const struct lx_vmas *m, unsigned long addr);
/* True if nothing at all (placeholders included) overlaps [start, end). */
int lx_vma_is_free(const struct lx_vmas *m, unsigned long start,
		   unsigned long end);
/* True if [start, end) is free or only headroom. */
int lx_vma_is_free_or_headroom(const struct lx_vmas *m, unsigned long start,
			       unsigned long end);
/* True if every page of [start, end) lies in a real VMA. */
int lx_vma_is_mapped(const struct lx_vmas *m, unsigned long start,
		     unsigned long end);
/*
 * The highest page-aligned start s with [s, s + len) free and
 * lo <= s, s + len <= hi; 0 if there is none.
 */
unsigned long lx_vma_gap_topdown(const struct lx_vmas *m, unsigned long len,
				 unsigned long lo, unsigned long hi);
/*
 * Forget [start, end): VMAs are cut at the edges.  0, or -ENOMEM when a
 * split needs an entry the grow function could not provide (then nothing
 * changed).
 */
int lx_vma_remove(struct lx_vmas *m, unsigned long start, unsigned long end);
/*
 * Record [start, end) (first forgetting whatever overlaps it); merges with
 * equal neighbours of kind LX_VMA_ANON.  0 or -ENOMEM (nothing changed).
 */
int lx_vma_insert(struct lx_vmas *m, unsigned long start, unsigned long end,
		  int prot, int kind);
/* Set the prot of every real VMA piece in [start, end).  0 or -ENOMEM. */
int lx_vma_set_prot(struct lx_vmas *m, unsigned long start, unsigned long end,
		    int prot);

#endif /* LX_VMA_H */
