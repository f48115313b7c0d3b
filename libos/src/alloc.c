// SPDX-License-Identifier: GPL-2.0
/*
 * Memory for the libOS's own objects.
 *
 * Small blocks (up to LX_SMALL_MAX bytes) come from per-size-class free
 * lists, refilled by carving LX_CHUNK bytes of Dk memory; larger ones
 * are Dk memory of their own, released on lx_free.  Every block has a
 * 16-byte header (its class or its mapping length), so blocks stay
 * 16-byte aligned.  The Dk memory is wherever the host puts it (address
 * NULL), outside the libOS's fixed application window.
 */
#include "lx.h"

#define LX_HDR		16UL
#define LX_MIN_SHIFT	4			/* 16 bytes */
#define LX_CLASSES	8			/* 16 .. 2048 */
#define LX_SMALL_MAX	(1UL << (LX_MIN_SHIFT + LX_CLASSES - 1))
#define LX_CHUNK	(64UL << 10)
#define LX_LARGE	0xffffffffUL		/* class of a large block */

struct lx_hdr {
	unsigned long class;	/* size class, or LX_LARGE */
	unsigned long len;	/* large: mapping length */
};

struct lx_free_block {
	struct lx_free_block *next;
};

/* Protects lx_free_lists, lx_chunk_cur and lx_chunk_left. */
static struct lx_lock lx_alloc_lock = LX_LOCK_INIT;
static struct lx_free_block *lx_free_lists[LX_CLASSES];
static char *lx_chunk_cur;
static unsigned long lx_chunk_left;

static void *lx_dk_alloc(unsigned long len)
{
	void *addr = NULL;

	if (DkVirtualMemoryAlloc(&addr, len, DK_MEM_RESERVE | DK_MEM_COMMIT,
				 DK_PROT_READ | DK_PROT_WRITE) < 0)
		return NULL;
	return addr;
}

static unsigned int lx_class(size_t n)
{
	unsigned int c = 0;

	while ((1UL << (LX_MIN_SHIFT + c)) < n)
		c++;
	return c;
}

static void *lx_small(unsigned int c)
{
	unsigned long size = 1UL << (LX_MIN_SHIFT + c);
	struct lx_free_block *b;
	struct lx_hdr *h = NULL;

	lx_lock(&lx_alloc_lock);
	b = lx_free_lists[c];
	if (b) {
		lx_free_lists[c] = b->next;
		h = (struct lx_hdr *)((char *)b - LX_HDR);
	} else {
		if (lx_chunk_left < size + LX_HDR) {
			/* The rest of the old chunk is abandoned. */
			lx_chunk_cur = lx_dk_alloc(LX_CHUNK);
			lx_chunk_left = lx_chunk_cur ? LX_CHUNK : 0;
		}
		if (lx_chunk_left >= size + LX_HDR) {
			h = (struct lx_hdr *)lx_chunk_cur;
			lx_chunk_cur += size + LX_HDR;
			lx_chunk_left -= size + LX_HDR;
		}
	}
	lx_unlock(&lx_alloc_lock);
	if (!h)
		return NULL;
	h->class = c;
	h->len = 0;
	return (char *)h + LX_HDR;
}

void *lx_malloc(size_t n)
{
	struct lx_hdr *h;
	unsigned long len;

	if (!n)
		n = 1;
	if (n <= LX_SMALL_MAX)
		return lx_small(lx_class(n));
	if (n > (1UL << 40))
		return NULL;
	len = LX_PAGE_UP(n + LX_HDR);
	h = lx_dk_alloc(len);
	if (!h)
		return NULL;
	h->class = LX_LARGE;
	h->len = len;
	return (char *)h + LX_HDR;
}

void *lx_calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > (~(size_t)0) / size)
		return NULL;
	p = lx_malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void lx_free(void *p)
{
	struct lx_hdr *h;
	struct lx_free_block *b = p;

	if (!p)
		return;
	h = (struct lx_hdr *)((char *)p - LX_HDR);
	if (h->class == LX_LARGE) {
		DkVirtualMemoryFree(h, h->len, DK_MEM_RELEASE);
		return;
	}
	if (h->class >= LX_CLASSES)
		lx_fatal("lx_free: bad block %p", p);
	lx_lock(&lx_alloc_lock);
	b->next = lx_free_lists[h->class];
	lx_free_lists[h->class] = b;
	lx_unlock(&lx_alloc_lock);
}
