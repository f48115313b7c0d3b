/* SPDX-License-Identifier: GPL-2.0 */
/* The libOS's clocks (time.c), for futex timeouts and sysinfo. */
#ifndef LX_TIME_H
#define LX_TIME_H

#include <stdint.h>

/* CLOCK_REALTIME in ns since the epoch (DkSystemTimeQuery). */
uint64_t lx_time_real(void);
/* The libOS's CLOCK_MONOTONIC in ns: never decreases. */
uint64_t lx_time_mono(void);
/* A struct __kernel_timespec at @p as ns: 0, -EFAULT or -EINVAL. */
long lx_time_get_ts(const void *p, uint64_t *ns);

#endif /* LX_TIME_H */
