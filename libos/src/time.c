// SPDX-License-Identifier: GPL-2.0
/*
 * Time: clock_gettime, clock_getres, gettimeofday, time, nanosleep,
 * clock_nanosleep.  Programs normally read the clocks through the vDSO
 * (AT_SYSINFO_EHDR) without a system call; these are the trapped forms.
 *
 * CLOCK_REALTIME comes from DkSystemTimeQuery.  The Dk ABI has no
 * monotonic clock, so CLOCK_MONOTONIC (and BOOTTIME, MONOTONIC_RAW,
 * the CPU-time clocks) is the real-time clock made non-decreasing: it
 * counts from the libOS's start plus one second, and never goes back when
 * the wall clock is set back (it then stands still until the wall clock
 * catches up).  Sleeps are lx_sig_wait timeouts (host CLOCK_MONOTONIC).
 */
#include "lx.h"
#include "mem.h"
#include "lxtime.h"

#include <linux/time.h>
#include <linux/time_types.h>

#define LX_NSEC		1000000000ULL

static uint64_t lx_mono_base;	/* real time at start minus one second */
static uint64_t lx_mono_last;	/* highest monotonic value handed out */

uint64_t lx_time_real(void)
{
	uint64_t ns = 0;

	DkSystemTimeQuery(&ns);
	return ns;
}

uint64_t lx_time_mono(void)
{
	uint64_t now = lx_time_real(), last, val;

	if (!__atomic_load_n(&lx_mono_base, __ATOMIC_RELAXED)) {
		uint64_t zero = 0;

		__atomic_compare_exchange_n(&lx_mono_base, &zero,
					    now - LX_NSEC, 0, __ATOMIC_RELAXED,
					    __ATOMIC_RELAXED);
	}
	val = now - __atomic_load_n(&lx_mono_base, __ATOMIC_RELAXED);
	last = __atomic_load_n(&lx_mono_last, __ATOMIC_RELAXED);
	do {
		if ((int64_t)(val - last) <= 0)
			return last;
	} while (!__atomic_compare_exchange_n(&lx_mono_last, &last, val, 0,
					      __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	return val;
}

/* The value of clock @id in nanoseconds; -EINVAL for an unknown clock. */
static long lx_clock_ns(long id, uint64_t *ns)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_TAI:
		*ns = lx_time_real();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		*ns = lx_time_mono();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		/* No CPU-time source: time since start (an upper bound). */
		*ns = lx_time_mono() - LX_NSEC;
		return 0;
	default:
		return -EINVAL;
	}
}

static void lx_ns_to_ts(uint64_t ns, struct __kernel_timespec *ts)
{
	ts->tv_sec = (long long)(ns / LX_NSEC);
	ts->tv_nsec = (long long)(ns % LX_NSEC);
}

/*
 * The start of clock_gettime and clock_getres (clock id, timespec): the
 * clock's value in @ns (-EINVAL for an unknown clock), then the timespec:
 * 0 when it can be written, 1 when it is NULL and @null_ok, else -EFAULT.
 */
static long lx_clock_call(struct lx_call *c, int null_ok, uint64_t *ns)
{
	struct __kernel_timespec *ts = (void *)c->a[1];
	long ret;

	ret = lx_clock_ns(c->a[0], ns);
	if (ret < 0)
		return ret;
	if (!ts && null_ok)
		return 1;
	if (!LX_USER_WR(ts, sizeof(*ts)))
		return -EFAULT;
	return 0;
}

long lx_sys_clock_gettime(struct lx_call *c)
{
	uint64_t ns;
	long ret = lx_clock_call(c, 0, &ns);

	if (ret < 0)
		return ret;
	lx_ns_to_ts(ns, (struct __kernel_timespec *)c->a[1]);
	return 0;
}

long lx_sys_clock_getres(struct lx_call *c)
{
	struct __kernel_timespec *ts = (void *)c->a[1];
	uint64_t ns;
	long ret;

	ret = lx_clock_call(c, 1, &ns);
	if (ret)
		return ret < 0 ? ret : 0;
	ts->tv_sec = 0;
	/* The coarse clocks tick with the host's jiffies (HZ 250 here). */
	ts->tv_nsec = c->a[0] == CLOCK_REALTIME_COARSE ||
		      c->a[0] == CLOCK_MONOTONIC_COARSE ? 4000000 : 1;
	return 0;
}

long lx_sys_gettimeofday(struct lx_call *c)
{
	struct __kernel_old_timeval *tv = (void *)c->a[0];
	struct timezone *tz = (void *)c->a[1];
	uint64_t ns = lx_time_real();

	if (tv) {
		if (!LX_USER_WR(tv, sizeof(*tv)))
			return -EFAULT;
		tv->tv_sec = (long)(ns / LX_NSEC);
		tv->tv_usec = (long)(ns % LX_NSEC / 1000);
	}
	if (tz) {
		if (!LX_USER_WR(tz, sizeof(*tz)))
			return -EFAULT;
		tz->tz_minuteswest = 0;
		tz->tz_dsttime = 0;
	}
	return 0;
}

long lx_sys_time(struct lx_call *c)
{
	long *t = (long *)c->a[0];
	long now = (long)(lx_time_real() / LX_NSEC);

	if (t) {
		if (!LX_USER_WR(t, sizeof(*t)))
			return -EFAULT;
		*t = now;
	}
	return now;
}

/* Read a timespec the program gave: its value in ns, or -errno. */
long lx_time_get_ts(const void *p, uint64_t *ns)
{
	const struct __kernel_timespec *ts = p;

	if (!LX_USER_RD(ts, sizeof(*ts)))
		return -EFAULT;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 ||
	    (unsigned long long)ts->tv_nsec >= LX_NSEC)
		return -EINVAL;
	if ((unsigned long long)ts->tv_sec > (uint64_t)INT64_MAX / LX_NSEC - 1)
		*ns = (uint64_t)INT64_MAX;
	else
		*ns = (uint64_t)ts->tv_sec * LX_NSEC + (uint64_t)ts->tv_nsec;
	return 0;
}

/* Sleep @ns; -EINTR (remaining time in @rem if not NULL) if cut short. */
static long lx_sleep(uint64_t ns, void *rem)
{
	uint64_t start = lx_time_mono(), done;
	long ret;

	/* Interrupted by a signal: EINTR if a handler runs (libos.rst). */
	ret = lx_sig_wait(0, NULL, ns > (uint64_t)INT64_MAX ? INT64_MAX :
			  (int64_t)ns);
	if (ret == -ETIMEDOUT)
		return 0;
	if (ret == -EINTR && rem) {
		done = lx_time_mono() - start;
		if (LX_USER_WR(rem, sizeof(struct __kernel_timespec)))
			lx_ns_to_ts(done < ns ? ns - done : 0, rem);
	}
	return ret == -EINTR ? -LX_ERESTARTNOHAND : ret < 0 ? ret : 0;
}

long lx_sys_nanosleep(struct lx_call *c)
{
	uint64_t ns;
	long ret;

	ret = lx_time_get_ts((void *)c->a[0], &ns);
	if (ret < 0)
		return ret;
	return lx_sleep(ns, (void *)c->a[1]);
}

long lx_sys_clock_nanosleep(struct lx_call *c)
{
	long id = c->a[0], flags = c->a[1];
	uint64_t ns, now;
	long ret;

	if (id == CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	ret = lx_clock_ns(id, &now);
	if (ret < 0)
		return ret;
	if (flags & ~TIMER_ABSTIME)
		return -EINVAL;
	ret = lx_time_get_ts((void *)c->a[2], &ns);
	if (ret < 0)
		return ret;
	if (flags & TIMER_ABSTIME)
		return lx_sleep(ns > now ? ns - now : 0, NULL);
	return lx_sleep(ns, (void *)c->a[3]);
}
