// SPDX-License-Identifier: GPL-2.0
/*
 * VMA bookkeeping for the libOS's memory calls: see vma.h.  Pure code (no
 * Dk call, no lock) so the host unit test (tests/vma_unit.c) runs it.
 */
#include <linux/errno.h>
#ifdef LX_UNIT_TEST
#include <string.h>
#else
#include "lx.h"
#endif

#include "vma.h"

unsigned long lx_vma_first(const struct lx_vmas *m, unsigned long addr)
{
	unsigned long lo = 0, hi = m->n;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (m->v[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct lx_vma *lx_vma_find(const struct lx_vmas *m, unsigned long addr)
{
	unsigned long i = lx_vma_first(m, addr);

	if (i < m->n && m->v[i].start <= addr)
		return &m->v[i];
	return NULL;
}

int lx_vma_is_free(const struct lx_vmas *m, unsigned long start,
		   unsigned long end)
{
	unsigned long i = lx_vma_first(m, start);

	return i >= m->n || m->v[i].start >= end;
}

int lx_vma_is_free_or_headroom(const struct lx_vmas *m, unsigned long start,
			       unsigned long end)
{
	unsigned long i;

	for (i = lx_vma_first(m, start); i < m->n && m->v[i].start < end; i++)
		if (m->v[i].kind != LX_VMA_HEADROOM)
			return 0;
	return 1;
}

int lx_vma_is_mapped(const struct lx_vmas *m, unsigned long start,
		     unsigned long end)
{
	unsigned long i, at = start;

	for (i = lx_vma_first(m, start); i < m->n && at < end; i++) {
		if (m->v[i].start > at || !lx_vma_real(&m->v[i]))
			return 0;
		at = m->v[i].end;
	}
	return at >= end;
}

unsigned long lx_vma_gap_topdown(const struct lx_vmas *m, unsigned long len,
				 unsigned long lo, unsigned long hi)
{
	unsigned long i, top = hi;

	if (!len || hi < lo || hi - lo < len)
		return 0;
	/* The VMAs that start below hi, from the highest down. */
	i = lx_vma_first(m, hi);
	if (i < m->n && m->v[i].start < hi)
		i++;
	while (i > 0) {
		const struct lx_vma *v = &m->v[i - 1];
		unsigned long bottom = v->end > lo ? v->end : lo;

		if (v->start < top) {
			if (top > bottom && top - bottom >= len)
				return top - len;
			top = v->start;
		}
		if (top <= lo || top - lo < len)
			return 0;
		i--;
	}
	return top - len;
}

/* Make room for @extra more entries.  0 or -ENOMEM. */
static int lx_vma_reserve(struct lx_vmas *m, unsigned long extra)
{
	unsigned long cap;
	void *nv;

	if (m->n + extra <= m->cap)
		return 0;
	cap = m->cap ? m->cap * 2 : 64;
	while (cap < m->n + extra)
		cap *= 2;
	if (!m->grow)
		return -ENOMEM;
	nv = m->grow(m->v, m->cap * sizeof(*m->v), cap * sizeof(*m->v));
	if (!nv)
		return -ENOMEM;
	m->v = nv;
	m->cap = cap;
	return 0;
}

/* Open a slot at index @i (room must exist). */
static void lx_vma_open(struct lx_vmas *m, unsigned long i)
{
	memmove(&m->v[i + 1], &m->v[i], (m->n - i) * sizeof(*m->v));
	m->n++;
}

/* Cut so that no VMA straddles @addr (room for one entry must exist). */
static void lx_vma_split_at(struct lx_vmas *m, unsigned long addr)
{
	unsigned long i = lx_vma_first(m, addr);

	if (i >= m->n || m->v[i].start >= addr)
		return;
	lx_vma_open(m, i);
	m->v[i].end = addr;
	m->v[i + 1].start = addr;
}

/*
 * Make [@start, @end) a run of whole entries by splitting the entries across
 * its ends: 0, 1 when the range is empty (nothing to do), or -ENOMEM.
 */
static int lx_vma_isolate(struct lx_vmas *m, unsigned long start,
			  unsigned long end)
{
	if (start >= end)
		return 1;
	if (lx_vma_reserve(m, 2))
		return -ENOMEM;
	lx_vma_split_at(m, start);
	lx_vma_split_at(m, end);
	return 0;
}

int lx_vma_remove(struct lx_vmas *m, unsigned long start, unsigned long end)
{
	unsigned long i, j;
	int ret;

	ret = lx_vma_isolate(m, start, end);
	if (ret)
		return ret < 0 ? ret : 0;
	i = lx_vma_first(m, start);
	for (j = i; j < m->n && m->v[j].start < end; j++)
		;
	memmove(&m->v[i], &m->v[j], (m->n - j) * sizeof(*m->v));
	m->n -= j - i;
	return 0;
}

static int lx_vma_same(const struct lx_vma *a, const struct lx_vma *b)
{
	return a->end == b->start && a->kind == LX_VMA_ANON &&
	       b->kind == LX_VMA_ANON && a->prot == b->prot;
}

/* Merge entry @i with its neighbours where they are equal. */
static void lx_vma_merge(struct lx_vmas *m, unsigned long i)
{
	if (i + 1 < m->n && lx_vma_same(&m->v[i], &m->v[i + 1])) {
		m->v[i].end = m->v[i + 1].end;
		memmove(&m->v[i + 1], &m->v[i + 2],
			(m->n - i - 2) * sizeof(*m->v));
		m->n--;
	}
	if (i > 0 && lx_vma_same(&m->v[i - 1], &m->v[i])) {
		m->v[i - 1].end = m->v[i].end;
		memmove(&m->v[i], &m->v[i + 1],
			(m->n - i - 1) * sizeof(*m->v));
		m->n--;
	}
}

int lx_vma_insert(struct lx_vmas *m, unsigned long start, unsigned long end,
		  int prot, int kind)
{
	unsigned long i;

	if (start >= end)
		return 0;
	if (lx_vma_reserve(m, 3))
		return -ENOMEM;
	lx_vma_remove(m, start, end);	/* cannot fail: room exists */
	i = lx_vma_first(m, start);
	lx_vma_open(m, i);
	m->v[i].start = start;
	m->v[i].end = end;
	m->v[i].prot = prot;
	m->v[i].kind = kind;
	lx_vma_merge(m, i);
	return 0;
}

int lx_vma_set_prot(struct lx_vmas *m, unsigned long start, unsigned long end,
		    int prot)
{
	unsigned long i;
	int ret;

	ret = lx_vma_isolate(m, start, end);
	if (ret)
		return ret < 0 ? ret : 0;
	for (i = lx_vma_first(m, start); i < m->n && m->v[i].start < end; i++)
		if (lx_vma_real(&m->v[i]))
			m->v[i].prot = prot;
	/* Merge back what became equal, one neighbour each side included. */
	i = lx_vma_first(m, start);
	if (i > 0)
		i--;
	while (i + 1 < m->n && m->v[i].start <= end) {
		if (lx_vma_same(&m->v[i], &m->v[i + 1])) {
			m->v[i].end = m->v[i + 1].end;
			memmove(&m->v[i + 1], &m->v[i + 2],
				(m->n - i - 2) * sizeof(*m->v));
			m->n--;
		} else {
			i++;
		}
	}
	return 0;
}
