// SPDX-License-Identifier: GPL-2.0
/*
 * Futex wait queues: see futex_queue.h.  Pure code, unit-tested on the
 * host by tests/futex_unit.c.
 */
#include <stddef.h>

#include "futex_queue.h"

static struct lx_fwait *lx_fq_bucket(struct lx_fq *q, unsigned long addr)
{
	unsigned long h = (addr >> 2) * 0x9e3779b97f4a7c15UL;

	return &q->head[h >> 58];	/* 64 buckets: the top six bits */
}

void lx_fq_init(struct lx_fq *q)
{
	int i;

	for (i = 0; i < LX_FQ_BUCKETS; i++)
		q->head[i].next = q->head[i].prev = &q->head[i];
}

static void lx_fq_link(struct lx_fwait *head, struct lx_fwait *w)
{
	w->prev = head->prev;
	w->next = head;
	head->prev->next = w;
	head->prev = w;
}

static void lx_fq_unlink(struct lx_fwait *w)
{
	w->prev->next = w->next;
	w->next->prev = w->prev;
	w->next = w->prev = NULL;
}

void lx_fq_add(struct lx_fq *q, struct lx_fwait *w)
{
	w->woken = 0;
	lx_fq_link(lx_fq_bucket(q, w->addr), w);
}

int lx_fq_del(struct lx_fq *q, struct lx_fwait *w)
{
	(void)q;
	if (!w->next)
		return 0;
	lx_fq_unlink(w);
	return 1;
}

int lx_fq_wake(struct lx_fq *q, unsigned long addr, int n,
	       unsigned int bitset, lx_fq_wake_fn *wake, void *arg)
{
	struct lx_fwait *head = lx_fq_bucket(q, addr), *w, *next;
	int done = 0;

	for (w = head->next; w != head && done < n; w = next) {
		next = w->next;
		if (w->addr != addr || !(w->bitset & bitset))
			continue;
		lx_fq_unlink(w);
		w->woken = 1;
		if (wake)
			wake(w, arg);
		done++;
	}
	return done;
}

int lx_fq_requeue(struct lx_fq *q, unsigned long from, unsigned long to,
		  int nwake, int nreq, lx_fq_wake_fn *wake, void *arg)
{
	struct lx_fwait *head = lx_fq_bucket(q, from), *dest, *w, *next;
	int woken = 0, moved = 0;

	dest = lx_fq_bucket(q, to);
	for (w = head->next; w != head; w = next) {
		next = w->next;
		if (w->addr != from)
			continue;
		if (woken < nwake) {
			lx_fq_unlink(w);
			w->woken = 1;
			if (wake)
				wake(w, arg);
			woken++;
		} else if (moved < nreq) {
			w->addr = to;
			if (dest != head) {
				lx_fq_unlink(w);
				lx_fq_link(dest, w);
			}
			moved++;
		} else {
			break;
		}
	}
	return woken + moved;
}

int lx_fq_count(const struct lx_fq *q, unsigned long addr)
{
	const struct lx_fwait *head, *w;
	int n = 0;

	head = lx_fq_bucket((struct lx_fq *)q, addr);
	for (w = head->next; w != head; w = w->next)
		n += w->addr == addr;
	return n;
}
