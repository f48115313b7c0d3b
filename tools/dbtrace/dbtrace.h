/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dbtrace: records shared by the BPF program (dbtrace.bpf.c) and the
 * user-space tool.  Only fixed-width types: this header is compiled for
 * both the bpf target and the host.
 */
#ifndef DBTRACE_H
#define DBTRACE_H

#include <linux/types.h>

/*
 * Per-call statistics are kept in slots indexed by call number; every
 * number at or above DBT_SLOT_BAD (out of the ABI's range) shares the
 * last slot.
 */
#define DBT_NR_SLOTS	64
#define DBT_SLOT_BAD	(DBT_NR_SLOTS - 1)

/* Longest URI or policy string carried to user space (with the NUL). */
#define DBT_STR_MAX	256

/*
 * Latency histogram: values 0..7 ns get a bucket each; above that every
 * power of two is split into 2^DBT_HSUB_BITS equal sub-buckets, so a
 * bucket is at most 12.5% wide relative to its lower bound.  Values of
 * 2^40 ns (about 18 minutes) and more land in the last bucket.
 */
#define DBT_HSUB_BITS	3
#define DBT_HSUB	(1 << DBT_HSUB_BITS)
#define DBT_HMAX_LOG2	39
#define DBT_HBUCKETS	((DBT_HMAX_LOG2 - DBT_HSUB_BITS + 2) * DBT_HSUB)
/* Array size: a power of two, so that an index can be masked into it. */
#define DBT_HIST_SIZE	512

/* Modes: where the exit handler sends what it sees. */
#define DBT_MODE_LIVE	0	/* one ring-buffer event per call */
#define DBT_MODE_AGG	1	/* in-kernel counters and histograms */

/* dbt_event.type */
#define DBT_EV_CALL	1
#define DBT_EV_DENY	2

/*
 * cfg_call[slot] of the BPF program, set from the call list by user space
 * (names.c): the call ends the thread (DBT_CALL_NORET), and 1 + the index
 * of its URI argument, 0 for none (DBT_CALL_STR).
 */
#define DBT_CALL_NORET	0x80
#define DBT_CALL_STR	0x07

/* dbt_event.flags */
#define DBT_EVF_STR	0x2	/* str holds the call's string argument */
#define DBT_EVF_NORET	0x4	/* the thread ends after this call: no result */

/**
 * struct dbt_event - one record of the live ring buffer
 * @ts_ns:       CLOCK_MONOTONIC time of the exit (or of the denial)
 * @args:        the first four call arguments (0 for those the call lacks)
 * @ret:         the call's return value
 * @duration_ns: time spent in the call, measured by the module
 * @pid:         process (thread group) id
 * @tid:         thread id
 * @nr:          call number as passed by the caller (may be out of range)
 * @type:        DBT_EV_*
 * @err:         DBT_EV_DENY: the error the policy returned (negative)
 * @flags:       DBT_EVF_*
 * @str:         the URI argument (DBT_EVF_STR) or the refused object (deny)
 */
struct dbt_event {
	__u64 ts_ns;
	__u64 args[4];
	__s64 ret;
	__u64 duration_ns;
	__s32 pid;
	__s32 tid;
	__u32 nr;
	__u32 type;
	__s32 err;
	__u32 flags;
	char str[DBT_STR_MAX];
};

/**
 * struct dbt_stats - aggregate of one call slot (per CPU in the map)
 * @count:    calls seen returning from the module
 * @errors:   calls that returned a negative value
 * @total_ns: sum of durations
 * @max_ns:   longest duration
 * @denied:   dk_policy_deny events for this call
 * @hist:     duration histogram, see DBT_HBUCKETS (the rest is unused)
 */
struct dbt_stats {
	__u64 count;
	__u64 errors;
	__u64 total_ns;
	__u64 max_ns;
	__u64 denied;
	__u64 hist[DBT_HIST_SIZE];
};

/* Key of the per-call error breakdown. */
struct dbt_err_key {
	__u32 slot;
	__s32 err;	/* positive errno */
};

#endif /* DBTRACE_H */
