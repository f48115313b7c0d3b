// SPDX-License-Identifier: GPL-2.0
/*
 * futex: WAIT, WAKE, WAIT_BITSET, WAKE_BITSET, REQUEUE, CMP_REQUEUE and
 * WAKE_OP, private or shared (the same thing inside one picoprocess: no
 * memory is shared with another), relative and absolute timeouts.
 *
 * A waiter queues itself (futex_queue.c) and blocks in DkObjectsWaitAny on
 * its thread's synchronization event, with the timeout; a wake dequeues it
 * and sets that event.  lx_futex_lock protects the queues; the value check
 * of a wait and the queueing are one step under it, as Linux's hash-bucket
 * lock makes them, so no wake is lost.  Spurious wake-ups (return 0) are
 * possible, as the futex(2) contract allows.
 */
#include "lx.h"
#include "mem.h"
#include "thread.h"
#include "futex_queue.h"
#include "lxtime.h"

#include <linux/futex.h>

static struct lx_lock lx_futex_lock = LX_LOCK_INIT;	/* lx_futex_q */
static struct lx_fq lx_futex_q;
static int lx_futex_ready;

static void lx_futex_init_locked(void)
{
	if (!lx_futex_ready) {
		lx_fq_init(&lx_futex_q);
		lx_futex_ready = 1;
	}
}

static void lx_futex_set(struct lx_fwait *w, void *arg)
{
	(void)arg;
	DkEventSet(w->event);
}

long lx_futex_wake(unsigned long uaddr, int n)
{
	int done;

	lx_lock(&lx_futex_lock);
	lx_futex_init_locked();
	done = lx_fq_wake(&lx_futex_q, uaddr, n, FUTEX_BITSET_MATCH_ANY,
			  lx_futex_set, NULL);
	lx_unlock(&lx_futex_lock);
	return done;
}

/* @timeout_ns: relative, or DK_TIMEOUT_INFINITE. */
static long lx_futex_wait(unsigned int *uaddr, unsigned int val,
			  unsigned int bitset, int64_t timeout_ns)
{
	struct lx_mthread *m = lx_mthread(lx_self());
	struct lx_fwait w;
	int32_t ev;
	long ret;

	if (!m)
		return -ENOMEM;
	if (m->event < 0) {
		ret = DkSynchronizationEventCreate(0);
		if (ret < 0)
			return -ENOMEM;
		m->event = ret;
	}
	ev = (int32_t)m->event;
	w.addr = (unsigned long)uaddr;
	w.bitset = bitset;
	w.event = m->event;

	lx_lock(&lx_futex_lock);
	lx_futex_init_locked();
	if (__atomic_load_n(uaddr, __ATOMIC_SEQ_CST) != val) {
		lx_unlock(&lx_futex_lock);
		return -EAGAIN;
	}
	lx_fq_add(&lx_futex_q, &w);
	lx_unlock(&lx_futex_lock);

	ret = lx_sig_wait(1, &ev, timeout_ns);

	lx_lock(&lx_futex_lock);
	if (!lx_fq_del(&lx_futex_q, &w)) {
		/* Woken; if the wait ended first, take the wake's signal. */
		lx_unlock(&lx_futex_lock);
		if (ret < 0)
			DkObjectsWaitAny(1, &ev, 0);
		return 0;
	}
	lx_unlock(&lx_futex_lock);
	if (ret == -EINTR)
		return -LX_ERESTARTSYS;	/* a signal: EINTR or SA_RESTART */
	if (ret == -ETIMEDOUT)
		return ret;
	return ret < 0 ? ret : 0;
}

/* The relative wait time for a futex timeout argument, or -errno. */
static long lx_futex_timeout(int cmd, int op, const void *uts,
			     int64_t *out)
{
	uint64_t ns, now;
	long ret;

	*out = DK_TIMEOUT_INFINITE;
	if (!uts)
		return 0;
	ret = lx_time_get_ts(uts, &ns);
	if (ret < 0)
		return ret;
	if (cmd == FUTEX_WAIT) {
		*out = (int64_t)ns;	/* relative (monotonic) */
		return 0;
	}
	/* WAIT_BITSET: absolute, on the clock the op names. */
	now = (op & FUTEX_CLOCK_REALTIME) ? lx_time_real() : lx_time_mono();
	*out = ns > now ? (int64_t)(ns - now) : 0;
	return 0;
}

/* FUTEX_WAKE_OP's operation on *uaddr2; returns the old value's test. */
static long lx_futex_wake_op(unsigned int *uaddr2, unsigned int encoded)
{
	unsigned int op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	unsigned int oparg = (encoded >> 12) & 0xfff;
	unsigned int cmparg = encoded & 0xfff, old, val;

	if ((encoded >> 31) & 1)
		oparg = 1U << (oparg & 31);
	/* Sign-extend the 12-bit fields as the kernel does. */
	if (!((encoded >> 31) & 1) && (oparg & 0x800))
		oparg |= 0xfffff000;
	if (cmparg & 0x800)
		cmparg |= 0xfffff000;
	old = __atomic_load_n(uaddr2, __ATOMIC_RELAXED);
	do {
		switch (op) {
		case FUTEX_OP_SET:
			val = oparg;
			break;
		case FUTEX_OP_ADD:
			val = old + oparg;
			break;
		case FUTEX_OP_OR:
			val = old | oparg;
			break;
		case FUTEX_OP_ANDN:
			val = old & ~oparg;
			break;
		case FUTEX_OP_XOR:
			val = old ^ oparg;
			break;
		default:
			return -ENOSYS;
		}
	} while (!__atomic_compare_exchange_n(uaddr2, &old, val, 0,
					      __ATOMIC_SEQ_CST,
					      __ATOMIC_RELAXED));
	switch (cmp) {
	case FUTEX_OP_CMP_EQ:
		return (int)old == (int)cmparg;
	case FUTEX_OP_CMP_NE:
		return (int)old != (int)cmparg;
	case FUTEX_OP_CMP_LT:
		return (int)old < (int)cmparg;
	case FUTEX_OP_CMP_LE:
		return (int)old <= (int)cmparg;
	case FUTEX_OP_CMP_GT:
		return (int)old > (int)cmparg;
	case FUTEX_OP_CMP_GE:
		return (int)old >= (int)cmparg;
	default:
		return -ENOSYS;
	}
}

long lx_sys_futex(struct lx_call *c)
{
	unsigned int *uaddr = (void *)c->a[0], *uaddr2 = (void *)c->a[4];
	int op = (int)c->a[1], cmd = op & FUTEX_CMD_MASK;
	unsigned int val = (unsigned int)c->a[2];
	unsigned int val3 = (unsigned int)c->a[5];
	int nr2 = (int)c->a[3];		/* val2 of the requeue ops */
	int64_t timeout;
	long ret, n;

	if ((unsigned long)uaddr & 3)
		return -EINVAL;
	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET &&
	    cmd != FUTEX_WAIT)
		return -ENOSYS;
	/* The plain wait and wake match any bit; an empty bitset is invalid. */
	if (cmd == FUTEX_WAIT || cmd == FUTEX_WAKE)
		val3 = FUTEX_BITSET_MATCH_ANY;
	if ((cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAKE_BITSET) && !val3)
		return -EINVAL;
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		if (!LX_USER_RD(uaddr, sizeof(*uaddr)))
			return -EFAULT;
		ret = lx_futex_timeout(cmd, op, (void *)c->a[3], &timeout);
		if (ret < 0)
			return ret;
		return lx_futex_wait(uaddr, val, val3, timeout);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
		lx_lock(&lx_futex_lock);
		lx_futex_init_locked();
		n = lx_fq_wake(&lx_futex_q, (unsigned long)uaddr,
			       (int)(val > 0x7fffffff ? 0x7fffffff : val),
			       val3, lx_futex_set, NULL);
		lx_unlock(&lx_futex_lock);
		return n;
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		if ((unsigned long)uaddr2 & 3)
			return -EINVAL;
		if ((int)val < 0 || nr2 < 0)
			return -EINVAL;
		if (cmd == FUTEX_CMP_REQUEUE &&
		    !LX_USER_RD(uaddr, sizeof(*uaddr)))
			return -EFAULT;
		lx_lock(&lx_futex_lock);
		lx_futex_init_locked();
		if (cmd == FUTEX_CMP_REQUEUE &&
		    __atomic_load_n(uaddr, __ATOMIC_SEQ_CST) != val3) {
			lx_unlock(&lx_futex_lock);
			return -EAGAIN;
		}
		n = lx_fq_requeue(&lx_futex_q, (unsigned long)uaddr,
				  (unsigned long)uaddr2, (int)val, nr2,
				  lx_futex_set, NULL);
		lx_unlock(&lx_futex_lock);
		return n;
	case FUTEX_WAKE_OP:
		if ((unsigned long)uaddr2 & 3)
			return -EINVAL;
		if (!LX_USER_WR(uaddr2, sizeof(*uaddr2)))
			return -EFAULT;
		lx_lock(&lx_futex_lock);
		lx_futex_init_locked();
		ret = lx_futex_wake_op(uaddr2, val3);
		if (ret < 0) {
			lx_unlock(&lx_futex_lock);
			return ret;
		}
		n = lx_fq_wake(&lx_futex_q, (unsigned long)uaddr, (int)val,
			       FUTEX_BITSET_MATCH_ANY, lx_futex_set, NULL);
		if (ret)
			n += lx_fq_wake(&lx_futex_q, (unsigned long)uaddr2,
					nr2, FUTEX_BITSET_MATCH_ANY,
					lx_futex_set, NULL);
		lx_unlock(&lx_futex_lock);
		return n;
	default:
		return -ENOSYS;	/* PI futexes, FUTEX_FD: libos.rst */
	}
}
