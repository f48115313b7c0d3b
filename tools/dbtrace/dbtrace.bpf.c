// SPDX-License-Identifier: GPL-2.0
/*
 * dbtrace: BPF side.  Attaches to the drawbridge tracepoints and either
 * streams one event per Dk call to user space (live mode) or aggregates
 * counts, errors and latency histograms in maps (summary and histogram
 * modes).
 *
 * The drawbridge tracepoints are attached as raw tracepoints: the programs
 * get the tracepoint's C arguments (TP_PROTO in kmod/trace.h) instead of a
 * formatted trace record, which saves building the record for every call
 * and makes dbtrace independent of the record layout.  No BTF for the
 * module (or for the running kernel) is needed.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <linux/drawbridge.h>

#include "dbtrace.h"

char LICENSE[] SEC("license") = "GPL";

/*
 * Raw tracepoint arguments, from TP_PROTO in kmod/trace.h, of the two
 * tracepoints dbtrace uses (dk_call_exit carries everything of a call):
 *   dk_call_exit(u32 nr, long ret, u64 duration_ns, const u64 *args)
 *   dk_policy_deny(u32 nr, int err, const char *what)
 */
struct raw_args {
	__u64 args[4];
};

/* The header every trace event record starts with. */
struct trace_common {
	__u16 common_type;
	__u8 common_flags;
	__u8 common_preempt_count;
	__s32 common_pid;
};

/* sched:sched_process_fork */
struct fork_rec {
	struct trace_common c;
	char parent_comm[16];
	__s32 parent_pid;
	char child_comm[16];
	__s32 child_pid;
};

/* Set by user space before loading. */
const volatile __u32 cfg_mode = DBT_MODE_LIVE;
const volatile __s32 cfg_pid;		/* 0: every process */
const volatile __u8 cfg_follow;		/* also trace descendants of cfg_pid */
const volatile __u8 cfg_failed_only;	/* only calls returning < 0 */
const volatile __u64 cfg_slots = ~0ULL;	/* bit per slot: calls to trace */
/* Per slot: DBT_CALL_NORET, DBT_CALL_STR (from the call list, names.c). */
const volatile __u8 cfg_call[DBT_NR_SLOTS];

/* Ring-buffer events that could not be reserved (buffer full). */
__u64 dbt_dropped;

/* Processes traced when cfg_pid is set: cfg_pid and, with cfg_follow, the
 * tasks it forks (and theirs).  Filled by user space and the fork hook.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, __s32);
	__type(value, __u8);
} traced SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 << 20);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, DBT_NR_SLOTS);
	__type(key, __u32);
	__type(value, struct dbt_stats);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct dbt_err_key);
	__type(value, __u64);
} errs SEC(".maps");

static __always_inline __u32 slot_of(__u32 nr)
{
	return nr < DBT_SLOT_BAD ? nr : DBT_SLOT_BAD;
}

/*
 * cfg_call[] of @slot.  The mask is redundant for the compiler (slot_of()
 * bounds the slot) but not for the verifier once the bound is lost in a
 * register spill: the empty asm keeps the compiler from dropping it.
 */
static __always_inline __u8 call_flags(__u32 slot)
{
	asm volatile("" : "+r"(slot));
	return cfg_call[slot & (DBT_NR_SLOTS - 1)];
}

static __always_inline int wanted(__s32 pid, __u32 slot)
{
	if (!(cfg_slots & (1ULL << slot)))
		return 0;
	if (cfg_pid && !bpf_map_lookup_elem(&traced, &pid))
		return 0;
	return 1;
}

/* Binary search for the highest bit set: halves of 32, 16, ..., 1 bits. */
static __always_inline __u32 ilog2(__u64 v)
{
	__u32 r = 0, s;

#pragma unroll
	for (s = 32; s; s >>= 1) {
		if (v >> s) {
			v >>= s;
			r += s;
		}
	}
	return r;
}

/* Histogram bucket of a duration; see DBT_HBUCKETS in dbtrace.h. */
static __always_inline __u32 hbucket(__u64 v)
{
	__u32 msb;

	if (v < DBT_HSUB)
		return v;
	msb = ilog2(v);
	if (msb > DBT_HMAX_LOG2)
		return DBT_HBUCKETS - 1;
	return (msb - DBT_HSUB_BITS + 1) * DBT_HSUB +
	       ((v >> (msb - DBT_HSUB_BITS)) & (DBT_HSUB - 1));
}

static __always_inline void account(__u32 slot, __s64 ret, __u64 dur)
{
	struct dbt_stats *st = bpf_map_lookup_elem(&stats, &slot);
	struct dbt_err_key ek;
	__u64 one = 1, *n;
	__u32 b;

	if (!st)
		return;
	st->count++;
	st->total_ns += dur;
	if (dur > st->max_ns)
		st->max_ns = dur;
	/* The mask keeps the verifier sure of the bound. */
	b = hbucket(dur);
	st->hist[b & (DBT_HIST_SIZE - 1)]++;
	if (ret >= 0)
		return;
	st->errors++;
	ek.slot = slot;
	ek.err = (__s32)-ret;
	n = bpf_map_lookup_elem(&errs, &ek);
	if (n)
		__sync_fetch_and_add(n, 1);
	else if (bpf_map_update_elem(&errs, &ek, &one, BPF_NOEXIST))
		/* lost a race with another CPU creating it */
		if ((n = bpf_map_lookup_elem(&errs, &ek)))
			__sync_fetch_and_add(n, 1);
}

/*
 * Exit: account the call, or in live mode stream one event with its
 * arguments, the URI argument read from the caller's memory (still the
 * calling thread, so user memory is at hand), the result and duration.
 * Which argument is the URI, and which calls end the thread (DkThreadExit
 * and DkProcessExit come back from the module too; libdk ends the thread
 * right after), user space says per call in cfg_call[]; such calls'
 * events say so with DBT_EVF_NORET.
 */
SEC("raw_tp/dk_call_exit")
int dbt_exit(struct raw_args *ctx)
{
	__u32 nr = ctx->args[0], slot = slot_of(nr);
	__s64 ret = (long)ctx->args[1];
	__u64 dur = ctx->args[2];
	const __u64 *args = (const __u64 *)(long)ctx->args[3];
	__u64 id = bpf_get_current_pid_tgid(), uptr;
	__s32 pid = id >> 32;
	struct dbt_event *e;
	__u8 cf, sa;

	if ((cfg_failed_only && ret >= 0) || !wanted(pid, slot))
		return 0;
	if (cfg_mode == DBT_MODE_AGG) {
		account(slot, ret, dur);
		return 0;
	}

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&dbt_dropped, 1);
		return 0;
	}
	e->ts_ns = bpf_ktime_get_ns();
	e->ret = ret;
	e->duration_ns = dur;
	e->pid = pid;
	e->tid = (__s32)id;
	e->nr = nr;
	e->type = DBT_EV_CALL;
	e->err = 0;
	cf = call_flags(slot);
	e->flags = cf & DBT_CALL_NORET ? DBT_EVF_NORET : 0;
	e->str[0] = '\0';
	if (bpf_probe_read_kernel(e->args, sizeof(e->args), args))
		__builtin_memset(e->args, 0, sizeof(e->args));
	sa = cf & DBT_CALL_STR;
	uptr = sa == 1 ? e->args[0] : sa == 2 ? e->args[1] :
	       sa == 3 ? e->args[2] : e->args[3];
	if (sa &&
	    bpf_probe_read_user_str(e->str, sizeof(e->str),
				    (const void *)(long)uptr) > 0)
		e->flags |= DBT_EVF_STR;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("raw_tp/dk_policy_deny")
int dbt_deny(struct raw_args *ctx)
{
	__u32 nr = ctx->args[0], slot = slot_of(nr);
	const char *what = (const char *)(long)ctx->args[2];
	__u64 id = bpf_get_current_pid_tgid();
	struct dbt_stats *st;
	struct dbt_event *e;

	if (!wanted(id >> 32, slot))
		return 0;
	if (cfg_mode == DBT_MODE_AGG) {
		st = bpf_map_lookup_elem(&stats, &slot);
		if (st)
			st->denied++;
		return 0;
	}
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&dbt_dropped, 1);
		return 0;
	}
	__builtin_memset(e, 0, offsetof(struct dbt_event, str));
	e->ts_ns = bpf_ktime_get_ns();
	e->pid = id >> 32;
	e->tid = (__s32)id;
	e->nr = nr;
	e->type = DBT_EV_DENY;
	e->err = (int)ctx->args[1];
	if (what && bpf_probe_read_kernel_str(e->str, sizeof(e->str), what) > 0)
		e->flags = DBT_EVF_STR;
	else
		e->str[0] = '\0';
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* -p PID with descendants: a traced process's children become traced. */
SEC("tracepoint/sched/sched_process_fork")
int dbt_fork(struct fork_rec *ctx)
{
	__s32 parent = bpf_get_current_pid_tgid() >> 32;
	__s32 child = ctx->child_pid;
	__u8 one = 1;

	if (cfg_follow && bpf_map_lookup_elem(&traced, &parent))
		bpf_map_update_elem(&traced, &child, &one, BPF_ANY);
	return 0;
}

/*
 * With -F, a thread's exit: a thread that is not a group leader had its id
 * put in traced by dbt_fork, but calls are matched by process id, so its
 * entry is dropped.
 */
SEC("tracepoint/sched/sched_process_exit")
int dbt_task_exit(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__s32 tid = (__s32)id, tgid = id >> 32;

	if (tid != tgid)
		bpf_map_delete_elem(&traced, &tid);
	return 0;
}
