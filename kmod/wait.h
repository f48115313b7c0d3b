/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawbridge for Linux: waiting, sleeping and yielding (wait.c).
 */
#ifndef _DK_WAIT_H
#define _DK_WAIT_H

#include <linux/types.h>
#include <linux/ktime.h>

struct dk_ctx;

/*
 * Sleep until @deadline (absolute CLOCK_MONOTONIC, KTIME_MAX for never) or
 * a signal.  Return: 0 at the deadline, -ERESTARTNOHAND on a signal (the
 * caller sees -EINTR when a handler ran).
 */
int dk_sleep_until(ktime_t deadline);

/* Absolute deadline of a relative DK timeout; -EINVAL if bad. */
int dk_timeout_deadline(s64 timeout, ktime_t *deadline);

/*
 * The Count and Timeout of a call whose arguments are (Count, array,
 * Timeout), as DkObjectsWaitAny and DkStreamPoll: -EINVAL for Count 0,
 * -E2BIG for more than @max, then the Timeout as dk_timeout_deadline.
 */
int dk_wait_args(const u64 *args, u32 max, u32 *count, ktime_t *deadline);

#endif /* _DK_WAIT_H */
