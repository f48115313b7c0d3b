/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Futex wait queues (pure bookkeeping: no Dk call, no lock; futex.c holds
 * its lock around every call).  A waiter is queued on the hash bucket of
 * its address, in arrival order; wake and requeue walk that bucket.
 */
#ifndef LX_FUTEX_QUEUE_H
#define LX_FUTEX_QUEUE_H

#define LX_FQ_BUCKETS	64

struct lx_fwait {
	unsigned long addr;	/* the futex word it waits on */
	unsigned int bitset;	/* FUTEX_WAIT_BITSET mask (all ones for WAIT) */
	int woken;		/* set when a wake dequeued it */
	long event;		/* the waiting thread's Dk event (futex.c) */
	struct lx_fwait *next, *prev;
};

struct lx_fq {
	struct lx_fwait head[LX_FQ_BUCKETS];	/* circular list sentinels */
};

/* Called for each waiter a wake dequeues, with the queue's lock held. */
typedef void lx_fq_wake_fn(struct lx_fwait *w, void *arg);

void lx_fq_init(struct lx_fq *q);
/* Queue @w (its addr and bitset set by the caller) at the bucket's tail. */
void lx_fq_add(struct lx_fq *q, struct lx_fwait *w);
/* Dequeue @w if it is still queued: 1 if it was, 0 if a wake took it. */
int lx_fq_del(struct lx_fq *q, struct lx_fwait *w);
/*
 * Dequeue up to @n waiters on @addr whose bitset meets @bitset, oldest
 * first, marking each woken and calling @wake.  Returns how many.
 */
int lx_fq_wake(struct lx_fq *q, unsigned long addr, int n,
	       unsigned int bitset, lx_fq_wake_fn *wake, void *arg);
/*
 * Wake up to @nwake waiters on @from, then move up to @nreq of the rest to
 * @to.  Returns woken + moved.
 */
int lx_fq_requeue(struct lx_fq *q, unsigned long from, unsigned long to,
		  int nwake, int nreq, lx_fq_wake_fn *wake, void *arg);
/* Waiters queued on @addr (for tests and diagnostics). */
int lx_fq_count(const struct lx_fq *q, unsigned long addr);

#endif /* LX_FUTEX_QUEUE_H */
