// SPDX-License-Identifier: GPL-2.0
/* Host unit test of libos/src/vma.c (the libOS's mapping list). */
// unit-sources: vma.c
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/vma.h"
#include "unit.h"

#define P LX_PAGE_SIZE

static void *grow(void *old, size_t old_bytes, size_t bytes)
{
	void *n = malloc(bytes);

	if (n && old)
		memcpy(n, old, old_bytes);
	free(old);
	return n;
}

static void *no_grow(void *old, size_t old_bytes, size_t bytes)
{
	(void)old;
	(void)old_bytes;
	(void)bytes;
	return NULL;
}

/* The list is sorted, disjoint and has no empty entries. */
static int sane(const struct lx_vmas *m)
{
	unsigned long i;

	for (i = 0; i < m->n; i++) {
		if (m->v[i].start >= m->v[i].end)
			return 0;
		if (i && m->v[i - 1].end > m->v[i].start)
			return 0;
	}
	return 1;
}

static void test_insert_merge(void)
{
	struct lx_vmas m = { .grow = grow };

	CHECK(!lx_vma_insert(&m, 10 * P, 20 * P, 3, LX_VMA_ANON));
	CHECK(!lx_vma_insert(&m, 20 * P, 30 * P, 3, LX_VMA_ANON));
	CHECK(m.n == 1 && m.v[0].start == 10 * P && m.v[0].end == 30 * P);
	CHECK(!lx_vma_insert(&m, 5 * P, 10 * P, 1, LX_VMA_ANON));
	CHECK(m.n == 2);
	/* Overwrite the middle with another prot: three pieces. */
	CHECK(!lx_vma_insert(&m, 15 * P, 16 * P, 0, LX_VMA_ANON));
	CHECK(m.n == 4 && sane(&m));
	CHECK(lx_vma_find(&m, 15 * P)->prot == 0);
	CHECK(lx_vma_find(&m, 16 * P)->prot == 3);
	CHECK(lx_vma_find(&m, 30 * P) == NULL);
	CHECK(lx_vma_find(&m, 4 * P) == NULL);
	/* Shared mappings never merge. */
	CHECK(!lx_vma_insert(&m, 30 * P, 31 * P, 3, LX_VMA_SHARED));
	CHECK(m.n == 5);
	free(m.v);
}

static void test_remove_split(void)
{
	struct lx_vmas m = { .grow = grow };

	lx_vma_insert(&m, 10 * P, 40 * P, 3, LX_VMA_ANON);
	CHECK(!lx_vma_remove(&m, 20 * P, 25 * P));
	CHECK(m.n == 2 && sane(&m));
	CHECK(m.v[0].end == 20 * P && m.v[1].start == 25 * P);
	CHECK(lx_vma_is_free(&m, 20 * P, 25 * P));
	CHECK(!lx_vma_is_free(&m, 19 * P, 21 * P));
	CHECK(lx_vma_is_mapped(&m, 10 * P, 20 * P));
	CHECK(!lx_vma_is_mapped(&m, 10 * P, 21 * P));
	/* Spanning removal. */
	CHECK(!lx_vma_remove(&m, 15 * P, 30 * P));
	CHECK(m.n == 2 && m.v[0].end == 15 * P && m.v[1].start == 30 * P);
	CHECK(!lx_vma_remove(&m, 0, 100 * P));
	CHECK(m.n == 0);
	free(m.v);
}

static void test_no_memory(void)
{
	struct lx_vmas m = { .grow = grow };

	lx_vma_insert(&m, 10 * P, 40 * P, 3, LX_VMA_ANON);
	m.grow = no_grow;
	m.cap = m.n;	/* pretend the array is full */
	CHECK(lx_vma_remove(&m, 20 * P, 25 * P) == -12);
	CHECK(m.n == 1 && m.v[0].end == 40 * P);
	m.cap = 64;
	free(m.v);
}

static void test_prot(void)
{
	struct lx_vmas m = { .grow = grow };

	lx_vma_insert(&m, 10 * P, 20 * P, 0, LX_VMA_ANON);
	lx_vma_insert(&m, 20 * P, 22 * P, 0, LX_VMA_HEADROOM);
	CHECK(!lx_vma_set_prot(&m, 12 * P, 14 * P, 3));
	CHECK(m.n == 4 && sane(&m));
	CHECK(lx_vma_find(&m, 13 * P)->prot == 3);
	CHECK(lx_vma_find(&m, 14 * P)->prot == 0);
	/* Back to 0: merges into one again (headroom stays apart). */
	CHECK(!lx_vma_set_prot(&m, 12 * P, 14 * P, 0));
	CHECK(m.n == 2 && m.v[0].start == 10 * P && m.v[0].end == 20 * P);
	CHECK(lx_vma_find(&m, 21 * P)->kind == LX_VMA_HEADROOM);
	CHECK(!lx_vma_is_mapped(&m, 10 * P, 21 * P));
	CHECK(lx_vma_is_free_or_headroom(&m, 20 * P, 22 * P));
	CHECK(!lx_vma_is_free_or_headroom(&m, 19 * P, 22 * P));
	free(m.v);
}

static void test_gap(void)
{
	struct lx_vmas m = { .grow = grow };

	CHECK(lx_vma_gap_topdown(&m, 4 * P, 0, 100 * P) == 96 * P);
	lx_vma_insert(&m, 90 * P, 100 * P, 3, LX_VMA_ANON);
	lx_vma_insert(&m, 80 * P, 87 * P, 3, LX_VMA_ANON);
	CHECK(lx_vma_gap_topdown(&m, 3 * P, 0, 100 * P) == 87 * P);
	CHECK(lx_vma_gap_topdown(&m, 4 * P, 0, 100 * P) == 76 * P);
	CHECK(lx_vma_gap_topdown(&m, 4 * P, 78 * P, 100 * P) == 0);
	/* A VMA across hi. */
	CHECK(lx_vma_gap_topdown(&m, 2 * P, 0, 95 * P) == 88 * P);
	CHECK(lx_vma_gap_topdown(&m, 80 * P, 0, 100 * P) == 0);
	CHECK(lx_vma_gap_topdown(&m, 80 * P, 0, 200 * P) == 120 * P);
	/* Many entries: growth beyond the first capacity. */
	for (unsigned long i = 0; i < 1000; i++)
		CHECK(!lx_vma_insert(&m, (1000 + 2 * i) * P,
				     (1001 + 2 * i) * P, 1, LX_VMA_ANON));
	CHECK(m.n == 1002 && sane(&m));
	CHECK(lx_vma_gap_topdown(&m, P, 1000 * P, 3000 * P) == 2999 * P);
	CHECK(lx_vma_gap_topdown(&m, P, 1000 * P, 2999 * P) == 2997 * P && lx_vma_gap_topdown(&m, 2 * P, 1000 * P, 3000 * P) == 0);
	free(m.v);
}

int main(void)
{
	test_insert_merge();
	test_remove_split();
	test_no_memory();
	test_prot();
	test_gap();
	printf("vma_unit: %s\n", failures ? "FAIL" : "ok");
	return failures != 0;
}
