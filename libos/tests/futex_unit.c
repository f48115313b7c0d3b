// SPDX-License-Identifier: GPL-2.0
/* Host unit test of libos/src/futex_queue.c (futex wait queues). */
// unit-sources: futex_queue.c
#include <stdio.h>

#include "../src/futex_queue.h"
#include "unit.h"

static int order[16], norder;

static void record(struct lx_fwait *w, void *arg)
{
	(void)arg;
	order[norder++] = (int)w->event;
}

static void queue(struct lx_fq *q, struct lx_fwait *w, unsigned long addr,
		  unsigned int bitset, long id)
{
	w->addr = addr;
	w->bitset = bitset;
	w->event = id;
	lx_fq_add(q, w);
}

int main(void)
{
	static struct lx_fq q;
	struct lx_fwait w[8];
	int i;

	lx_fq_init(&q);
	/* FIFO order, count limit, other addresses untouched. */
	for (i = 0; i < 4; i++)
		queue(&q, &w[i], 0x1000, ~0U, i);
	queue(&q, &w[4], 0x1004, ~0U, 4);
	CHECK(lx_fq_count(&q, 0x1000) == 4);
	CHECK(lx_fq_wake(&q, 0x1000, 2, ~0U, record, NULL) == 2);
	CHECK(norder == 2 && order[0] == 0 && order[1] == 1);
	CHECK(w[0].woken && w[1].woken && !w[2].woken);
	CHECK(!lx_fq_del(&q, &w[0]));	/* already taken by the wake */
	CHECK(lx_fq_del(&q, &w[2]));	/* timed out: still queued */
	CHECK(lx_fq_count(&q, 0x1000) == 1);
	CHECK(lx_fq_count(&q, 0x1004) == 1);

	/* Bitsets. */
	norder = 0;
	queue(&q, &w[5], 0x2000, 0x1, 5);
	queue(&q, &w[6], 0x2000, 0x2, 6);
	CHECK(lx_fq_wake(&q, 0x2000, 10, 0x2, record, NULL) == 1);
	CHECK(norder == 1 && order[0] == 6);
	CHECK(lx_fq_wake(&q, 0x2000, 0, ~0U, record, NULL) == 0);

	/* Requeue: wake one, move the rest (limited). */
	norder = 0;
	queue(&q, &w[0], 0x3000, ~0U, 0);
	queue(&q, &w[1], 0x3000, ~0U, 1);
	queue(&q, &w[2], 0x3000, ~0U, 2);
	queue(&q, &w[6], 0x3000, ~0U, 6);
	CHECK(lx_fq_requeue(&q, 0x3000, 0x4008, 1, 2, record, NULL) == 3);
	CHECK(norder == 1 && order[0] == 0);
	CHECK(lx_fq_count(&q, 0x3000) == 1 && lx_fq_count(&q, 0x4008) == 2);
	CHECK(w[1].addr == 0x4008 && w[6].addr == 0x3000);
	CHECK(lx_fq_wake(&q, 0x4008, 5, ~0U, record, NULL) == 2);
	CHECK(norder == 3 && order[1] == 1 && order[2] == 2);
	CHECK(lx_fq_wake(&q, 0x3000, 5, ~0U, NULL, NULL) == 1);
	CHECK(lx_fq_wake(&q, 0x1000, 5, ~0U, NULL, NULL) == 1);
	CHECK(lx_fq_wake(&q, 0x1004, 5, ~0U, NULL, NULL) == 1);
	CHECK(lx_fq_wake(&q, 0x2000, 5, ~0U, NULL, NULL) == 1);
	for (i = 0; i < LX_FQ_BUCKETS; i++)
		CHECK(q.head[i].next == &q.head[i]);
	printf("futex_unit: %s\n", failures ? "FAIL" : "ok");
	return failures != 0;
}
