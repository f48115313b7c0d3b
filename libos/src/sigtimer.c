// SPDX-License-Identifier: GPL-2.0
/*
 * The signal timer thread: alarm, setitimer/getitimer (ITIMER_REAL), and
 * the second raise for signals whose first raise found the target inside
 * the libOS (signal.c).
 *
 * The thread is the picoprocess's first host thread: once the program's
 * main thread runs on a Dk thread of its own (lx_thread_run_main: every
 * program thread then has a handle DkThreadRaiseException can name), the
 * first thread stays here for good, sleeping on lx_timer_ev until the
 * timer's deadline.  ITIMER_VIRTUAL and ITIMER_PROF are not offered
 * (ENOSYS): the Dk ABI does not count a thread's CPU time.
 */
#include "lx.h"
#include "lxtime.h"
#include "mem.h"
#include "sig.h"

#include <linux/time.h>

#define LX_NSEC		1000000000ULL
#define LX_USEC		1000000ULL
/* How long the timer thread lets a busy thread run before raising again. */
#define LX_RETRY_NS	1000000LL

#define LX_ITIMER_REAL		0
#define LX_ITIMER_VIRTUAL	1
#define LX_ITIMER_PROF		2

/* lx_timer_lock protects lx_timer_deadline and lx_timer_interval. */
static struct lx_lock lx_timer_lock = LX_LOCK_INIT;
static uint64_t lx_timer_deadline;	/* CLOCK_MONOTONIC ns, 0: disarmed */
static uint64_t lx_timer_interval;	/* ns, 0: one shot */
static long lx_timer_ev = -1;		/* wakes the timer thread */
static struct lx_thread lx_timer_self;	/* its GS */

struct lx_timeval {
	long sec;
	long usec;
};

struct lx_itimerval {
	struct lx_timeval interval;
	struct lx_timeval value;
};

void lx_sig_retry(void)
{
	__atomic_store_n(&lx_sig_retry_any, 1, __ATOMIC_SEQ_CST);
	if (lx_timer_ev >= 0)
		DkEventSet(lx_timer_ev);
}

static LX_NORETURN void lx_timer_loop(void)
{
	int64_t timeout;
	uint64_t now;
	int fire;
	int32_t ev = (int32_t)lx_timer_ev;

	lx_timer_self.self = &lx_timer_self;
	lx_thread_start(&lx_timer_self);
	for (;;) {
		fire = 0;
		now = lx_time_mono();
		lx_lock(&lx_timer_lock);
		if (lx_timer_deadline && now >= lx_timer_deadline) {
			fire = 1;
			if (lx_timer_interval) {
				while (lx_timer_deadline <= now)
					lx_timer_deadline += lx_timer_interval;
			} else {
				lx_timer_deadline = 0;
			}
		}
		timeout = lx_timer_deadline ?
			  (int64_t)(lx_timer_deadline - now) :
			  DK_TIMEOUT_INFINITE;
		lx_unlock(&lx_timer_lock);
		if (fire)
			lx_sig_post(0, LX_SIGALRM, LX_SI_KERNEL, 0);
		if (__atomic_load_n(&lx_sig_retry_any, __ATOMIC_SEQ_CST)) {
			DkThreadDelayExecution(LX_RETRY_NS);
			__atomic_store_n(&lx_sig_retry_any, 0,
					 __ATOMIC_SEQ_CST);
			lx_sig_retry_kicks();
			continue;
		}
		DkObjectsWaitAny(1, &ev, timeout);
	}
}

LX_NORETURN void lx_sig_timer_thread(void)
{
	lx_timer_loop();
}

long lx_sig_timer_init(void)
{
	long ev = DkSynchronizationEventCreate(0);

	if (ev < 0)
		return ev;
	lx_timer_ev = ev;
	return 0;
}

static uint64_t lx_tv_ns(const struct lx_timeval *tv)
{
	if ((unsigned long)tv->sec > (uint64_t)INT64_MAX / LX_NSEC - 1)
		return (uint64_t)INT64_MAX / 2;
	return (uint64_t)tv->sec * LX_NSEC + (uint64_t)tv->usec * 1000;
}

static void lx_ns_tv(uint64_t ns, struct lx_timeval *tv)
{
	tv->sec = (long)(ns / LX_NSEC);
	tv->usec = (long)(ns % LX_NSEC / 1000);
	if (!tv->sec && !tv->usec && ns)
		tv->usec = 1;	/* still armed: never report 0 */
}

/* Read the timer into @old (may be NULL) and set it from @nw (if not NULL). */
static void lx_timer_swap(const struct lx_itimerval *nw,
			  struct lx_itimerval *old)
{
	uint64_t now = lx_time_mono();

	lx_lock(&lx_timer_lock);
	if (old) {
		lx_ns_tv(lx_timer_deadline > now ? lx_timer_deadline - now :
			 lx_timer_deadline ? 1 : 0, &old->value);
		lx_ns_tv(lx_timer_interval, &old->interval);
	}
	if (nw) {
		uint64_t v = lx_tv_ns(&nw->value);

		lx_timer_deadline = v ? now + v : 0;
		lx_timer_interval = v ? lx_tv_ns(&nw->interval) : 0;
	}
	lx_unlock(&lx_timer_lock);
	if (nw && lx_timer_ev >= 0)
		DkEventSet(lx_timer_ev);
}

static int lx_tv_ok(const struct lx_timeval *tv)
{
	return tv->sec >= 0 && tv->usec >= 0 && (unsigned long)tv->usec < LX_USEC;
}

long lx_sys_setitimer(struct lx_call *c)
{
	const struct lx_itimerval *unw = (const void *)c->a[1];
	struct lx_itimerval *uold = (void *)c->a[2], nw, old;

	if (c->a[0] == LX_ITIMER_VIRTUAL || c->a[0] == LX_ITIMER_PROF)
		return -ENOSYS;
	if (c->a[0] != LX_ITIMER_REAL)
		return -EINVAL;
	memset(&nw, 0, sizeof(nw));	/* NULL: disarm, as Linux */
	if (unw) {
		if (!LX_USER_RD(unw, sizeof(nw)))
			return -EFAULT;
		memcpy(&nw, unw, sizeof(nw));
		if (!lx_tv_ok(&nw.value) || !lx_tv_ok(&nw.interval))
			return -EINVAL;
	}
	if (uold && !LX_USER_WR(uold, sizeof(old)))
		return -EFAULT;
	lx_timer_swap(&nw, &old);
	if (uold)
		memcpy(uold, &old, sizeof(old));
	return 0;
}

long lx_sys_getitimer(struct lx_call *c)
{
	struct lx_itimerval *u = (void *)c->a[1], old;

	if (c->a[0] == LX_ITIMER_VIRTUAL || c->a[0] == LX_ITIMER_PROF)
		return -ENOSYS;
	if (c->a[0] != LX_ITIMER_REAL)
		return -EINVAL;
	if (!LX_USER_WR(u, sizeof(*u)))
		return -EFAULT;
	lx_timer_swap(NULL, &old);
	memcpy(u, &old, sizeof(old));
	return 0;
}

long lx_sys_alarm(struct lx_call *c)
{
	struct lx_itimerval nw, old;
	unsigned int secs = (unsigned int)c->a[0];
	long left;

	memset(&nw, 0, sizeof(nw));
	nw.value.sec = secs;
	lx_timer_swap(&nw, &old);
	/* Linux rounds the rest to the nearest second, and never to 0. */
	left = old.value.sec;
	if ((!left && old.value.usec) || old.value.usec >= 500000)
		left++;
	return left;
}
