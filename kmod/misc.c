// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: time, randomness and instruction cache calls.
 */
#include <linux/uaccess.h>
#include <linux/random.h>
#include <linux/timekeeping.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/drawbridge.h>

#include "context.h"
#include "table.h"

/* DkSystemTimeQuery(u64 *ns): wall-clock nanoseconds since the Unix epoch. */
long dk_sys_system_time_query(struct dk_ctx *ctx, const u64 *args)
{
	u64 __user *out = u64_to_user_ptr(args[0]);

	if (put_user(ktime_get_real_ns(), out))
		return -EFAULT;
	return 0;
}

/*
 * DkRandomBitsRead(Buffer, Size): fill Buffer from the kernel CRNG.
 * Returns the bytes written: min(Size, DK_RANDOM_MAX), or fewer when the
 * buffer turns out to be unwritable part-way (-EFAULT if nothing was).
 */
long dk_sys_random_bits_read(struct dk_ctx *ctx, const u64 *args)
{
	u8 __user *ubuf = u64_to_user_ptr(args[0]);
	size_t size = min_t(u64, args[1], DK_RANDOM_MAX);
	size_t done = 0;
	u8 chunk[256];

	while (done < size) {
		size_t n = min(size - done, sizeof(chunk));
		size_t left;

		get_random_bytes(chunk, n);
		left = copy_to_user(ubuf + done, chunk, n);
		done += n - left;
		if (left)
			break;
		if (fatal_signal_pending(current))
			break;
		cond_resched();
	}
	memzero_explicit(chunk, sizeof(chunk));
	if (!done && size)
		return -EFAULT;
	return done;
}

/*
 * DkInstructionCacheFlush(Addr, Size): x86 keeps instruction and data
 * caches coherent, so this only validates the range.
 */
long dk_sys_icache_flush(struct dk_ctx *ctx, const u64 *args)
{
	if (args[1] > TASK_SIZE_MAX)
		return -EINVAL;
	if (!access_ok(u64_to_user_ptr(args[0]), args[1]))
		return -EFAULT;
	return 0;
}
