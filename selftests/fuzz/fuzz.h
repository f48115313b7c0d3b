/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dkfuzz: a structured fuzzer for the Dk ABI (Documentation/testing.rst,
 * "Fuzzing").
 *
 * The core (core.c, calls.c) is freestanding C: no C library, no malloc,
 * its own PRNG, every kernel entry a raw system call.  The same core runs
 * in an ordinary program (host.c: several contexts of its own, the
 * launcher's set-up ioctls, a monitor of its own) and inside a confined
 * picoprocess built with dbcc (pico.c: the one context dbexec gives it).
 * A driver fills in struct fz_world, provides the fz_plat_* functions
 * below and runs fz_worker_loop() on each of its worker threads.
 */
#ifndef DKFUZZ_H
#define DKFUZZ_H

#include <stdint.h>
#include <linux/drawbridge.h>
#include "dk.h"

/* ------------------------------------------------------------------ */
/* Call ids: the Dk calls, then the other kernel entries the fuzzer makes */
/* ------------------------------------------------------------------ */

enum {
	FZ_IOC_ADD_STREAM = DK_CALL_COUNT,
	FZ_IOC_SET_LIMITS,
	FZ_IOC_SEAL,
	FZ_IOC_GET_INFO,
	FZ_IOC_ADD_FS_ROOT,
	FZ_IOC_ADD_NET_RULE,
	FZ_IOC_JOIN_TREE,
	FZ_IOC_MONITOR_CREATE,
	FZ_IOC_MONITOR_NEXT,
	FZ_IOC_MONITOR_COMPLETE,
	FZ_IOC_MONITOR_EXITED,
	FZ_IOC_GARBAGE,		/* unknown, ill-sized or truncated commands */
	FZ_CALL_GARBAGE,	/* DK_IOC_CALL: bad nr, flags or struct */
	FZ_NCALLS
};

/* ------------------------------------------------------------------ */
/* The call table (calls.c): one row per call id                        */
/* ------------------------------------------------------------------ */

/* What an argument is; the generators in core.c know each kind. */
enum fz_arg {
	FA_ZERO,	/* unused by the call: 0, now and then garbage */
	FA_RAW,		/* any 64-bit value */
	FA_U32,		/* a 32-bit number, boundaries first */
	FA_FLAGS,	/* bits of the row's mask, sometimes others */
	FA_ENUM,	/* 0..mask, sometimes beyond */
	FA_H,		/* a handle of any kind */
	FA_H_STREAM,	/* stream or process handle */
	FA_H_FILE,	/* file: stream */
	FA_H_SERVER,	/* pipe.srv: / tcp.srv: */
	FA_H_THREAD,
	FA_H_SEM,
	FA_H_EVENT,
	FA_LEN,		/* byte count of the row's buffer */
	FA_OFFSET,	/* file offset */
	FA_BUF_IN,	/* FA_LEN bytes the kernel reads */
	FA_BUF_OUT,	/* FA_LEN bytes the kernel writes */
	FA_SRC_BUF,	/* UDP source name buffer, with FA_SRC_LEN */
	FA_SRC_LEN,
	FA_URI,		/* a URI from the grammar */
	FA_URI_DEST,	/* NULL (mostly) or a udp: destination URI */
	FA_URI_PROC,	/* an image URI for DkProcessCreate */
	FA_ARGV,	/* a NULL-terminated vector of strings */
	FA_ATTR_IN,	/* struct dk_stream_attr_set the kernel reads */
	FA_ATTR_OUT,	/* struct dk_stream_attr the kernel writes */
	FA_ATTR_SIZE,	/* its Size argument: 0, a version's size, or wild */
	FA_TIMES_IN,	/* struct dk_stream_times the kernel reads */
	FA_OUT_U64,	/* a u64 the kernel writes */
	FA_VM_CELL,	/* u64 in/out: DkVirtualMemoryAlloc's *Addr */
	FA_MAP_CELL,	/* u64 in/out: DkStreamMap's *Addr */
	FA_VM_ADDR,	/* Dk memory the fuzzer owns, or a wild address */
	FA_VM_SIZE,	/* size going with FA_VM_ADDR */
	FA_MAP_ADDR,	/* a DkStreamMap mapping, or a wild address */
	FA_MAP_SIZE,
	FA_COUNT,	/* handle count of a wait */
	FA_HANDLES,	/* FA_COUNT handles */
	FA_TIMEOUT,	/* relative ns; infinite now and then */
	FA_POLL_COUNT,	/* item count of a DkStreamPoll */
	FA_POLL_ITEMS,	/* FA_POLL_COUNT struct dk_poll_item */
	FA_EXC_BLOCK,	/* a struct dk_exception, real-looking or not */
	FA_SETUP,	/* an ioctl argument structure (built per command) */
	FA_SPECIAL,	/* built by the row's special executor */
};

/* Rows whose calls need more than argument generation (core.c). */
enum fz_special {
	FS_NONE,
	FS_VM_ALLOC,
	FS_VM_RANGE,		/* free, protect: track the fuzzer's own ranges */
	FS_THREAD_CREATE,
	FS_OBJ_CREATE,		/* semaphores and events */
	FS_CLOSE,
	FS_STREAM_OPEN,
	FS_STREAM_MAP,
	FS_STREAM_UNMAP,
	FS_ACCEPT,
	FS_PROCESS_CREATE,
	FS_EXC_HANDLER,
	FS_IOCTL,		/* a set-up/monitor command, host mode only */
	FS_GARBAGE_CALL,
};

#define FZ_MAX_ERRS	28

/* Row flags */
#define FZ_R_IOCTL	0x1	/* not a Dk call: the ioctl's common errors */
#define FZ_R_HOST	0x2	/* never inside a confined picoprocess */
#define FZ_R_INTERNAL	0x4	/* recorded only, never picked */

struct fz_call {
	const char *name;
	uint8_t nargs;
	uint8_t special;
	uint8_t flags;
	uint16_t weight;		/* relative pick frequency */
	uint8_t arg[DK_CALL_MAX_ARGS];	/* enum fz_arg */
	uint32_t mask[DK_CALL_MAX_ARGS];	/* FA_FLAGS / FA_ENUM */
	uint8_t errs[FZ_MAX_ERRS];	/* documented errnos, 0-terminated */
};

extern const struct fz_call fz_calls[FZ_NCALLS];

/* ------------------------------------------------------------------ */
/* The world a driver sets up                                           */
/* ------------------------------------------------------------------ */

#define FZ_MAX_CTX	8
#define FZ_MAX_WORKERS	8
#define FZ_MAX_HOSTFDS	16
#define FZ_MAX_PROTECT	16

/* struct fz_ctx.flags */
#define FZ_CTX_ANCHOR	0x1	/* libdk's context: never closed */
#define FZ_CTX_MONITOR	0x2	/* became a monitor: never closed */
#define FZ_CTX_MEMBER	0x4	/* joined a tree */

struct fz_ctx {
	volatile int fd;		/* -1: slot empty */
	volatile uint32_t tag;		/* handle tag (0 unknown) */
	volatile uint32_t flags;	/* FZ_CTX_* */
};

/* Avoid patterns (--avoid), bits of struct fz_config.avoid */
#define FZ_AVOID_CTXFD		0x01	/* context fds as streams */
#define FZ_AVOID_FILEDEL	0x02	/* DkStreamDelete on files */
#define FZ_AVOID_THREADRACE	0x04	/* guessed ATTACH/ABORT tokens */
#define FZ_AVOID_PROC		0x08	/* DkProcessCreate */
#define FZ_AVOID_PIPE		0x10	/* pipe: and pipe.srv: streams */
#define FZ_AVOID_THREADS	0x20	/* new threads of any kind */

#define FZ_AVOID_NAMES	"ctxfd, filedel, threadrace, proc, pipe, threads"
/* Parse a comma-separated --avoid list into *@mask; -1 if a name is unknown. */
int fz_parse_avoid(const char *s, uint64_t *mask);

struct fz_config {
	uint64_t seed;
	uint64_t time_ms;		/* budget; 0: only max_calls */
	uint64_t max_calls;		/* 0: until time_ms */
	uint32_t nworkers;
	uint32_t host;			/* 1: set-up ioctls, garbage ioctls */
	uint32_t strict;		/* undocumented errors fail the run */
	uint32_t verbose;
	uint64_t avoid;			/* FZ_AVOID_* */
	uint32_t proc_ok;		/* real children may be started */
	uint32_t epoch_calls;		/* per worker, between driver hooks */
	const char *mode;		/* "host", "pico", "child" */
};

struct fz_world {
	struct fz_config cfg;
	struct fz_ctx ctx[FZ_MAX_CTX];
	uint32_t nctx;
	/* host mode: descriptors for DK_IOC_ADD_STREAM & co. */
	int hostfd[FZ_MAX_HOSTFDS];
	uint32_t nhostfd;
	int dirfd[4];			/* ADD_FS_ROOT candidates */
	uint32_t ndirfd;
	int monitor_fd;			/* the driver's monitor, or -1 */
	/* pico mode: image URI a child can be started from */
	const char *child_uri;
	/* handles calls must never name (standard streams, workers) */
	volatile int32_t protect[FZ_MAX_PROTECT];
	volatile uint32_t nprotect;
	/* run state */
	volatile uint32_t stop;
	volatile uint64_t ticks;	/* driver's clock, ~50 ms steps */
	volatile uint32_t epoch;
	volatile uint32_t parked;
	volatile uint32_t finished;	/* workers that left their loop */
	volatile uint64_t last_child_tick;
};

extern struct fz_world fz;

/* ------------------------------------------------------------------ */
/* PRNG: xoshiro256** seeded through splitmix64                         */
/* ------------------------------------------------------------------ */

struct fz_rng {
	uint64_t s[4];
};

static inline uint64_t fz_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline void fz_rng_seed(struct fz_rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = fz_splitmix(&seed);
}

static inline uint64_t fz_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t fz_next(struct fz_rng *r)
{
	uint64_t *s = r->s;
	uint64_t res = fz_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = fz_rotl(s[3], 45);
	return res;
}

static inline uint64_t fz_below(struct fz_rng *r, uint64_t n)
{
	return n ? fz_next(r) % n : 0;
}

static inline int fz_pct(struct fz_rng *r, unsigned int pct)
{
	return fz_below(r, 100) < pct;
}

/* ------------------------------------------------------------------ */
/* Workers                                                              */
/* ------------------------------------------------------------------ */

#define FZ_PAGE		4096UL
#define FZ_SCR_RW	(20 * FZ_PAGE)	/* read-write part of a scratch area */
/* RW part, a no-access page, a read-only page, a no-access page */
#define FZ_SCR_LEN	(FZ_SCR_RW + 3 * FZ_PAGE)
#define FZ_OWN_MAX	4

struct fz_worker {
	uint32_t id;
	struct fz_rng rng;		/* reseeded for every call */
	uint64_t base;			/* the worker's seed */
	char *scr;			/* FZ_SCR_LEN bytes, see above */
	uint64_t calls;
	volatile uint64_t seq;		/* bumped around every call */
	volatile uint32_t in_call;
	volatile uint32_t cur;		/* call id being made */
	volatile uint64_t seen_seq;	/* watchdog's last look */
	volatile uint32_t stuck;	/* watchdog scans seen stuck */
	long handle;			/* pico: its thread handle */
	int tid;			/* host: its task id */
	struct { uint64_t addr, len; uint32_t ci; } own[FZ_OWN_MAX];
	uint32_t uri_kind;		/* pool kind of the last URI made */
};

extern struct fz_worker fz_workers[FZ_MAX_WORKERS];

/* ------------------------------------------------------------------ */
/* Core entry points                                                    */
/* ------------------------------------------------------------------ */

/* Set everything up after the driver filled fz.cfg and the contexts. */
int fz_init(void);
/* Prepare worker @id (scratch area, PRNG); call before starting it. */
int fz_worker_init(uint32_t id);
/* A worker's whole life. */
void fz_worker_loop(struct fz_worker *w);
/* Watchdog scan: interrupt() workers stuck in one call for 2 scans. */
void fz_watchdog(void (*interrupt)(struct fz_worker *w));
/* How long the workers have to stop once the time is up. */
#define FZ_HANG_GRACE_MS	30000
/*
 * One tick of the supervisor's loop (about every 50 ms; @now in ms): count
 * it, run the watchdog, ask the workers to stop at @deadline (0: never).
 * Returns 1 once FZ_HANG_GRACE_MS have passed since then: a worker hangs.
 */
int fz_supervise_tick(void (*interrupt)(struct fz_worker *w), uint64_t now,
		      uint64_t deadline, uint64_t *hang_at);
/* (Re)install the exception handlers on the anchor context. */
void fz_install_handlers(void);
/* Record one result of call id @id (any thread, lock-free). */
void fz_record(uint32_t id, long ret);
/* Print the summary; returns the process exit status. */
int fz_report(uint64_t elapsed_ms);
/* A protected handle (never named by a fuzzed call). */
void fz_protect(long h);
/*
 * Epochs: every cfg.epoch_calls calls a worker parks until the driver,
 * seeing fz_epoch_parked() true, has done its between-epochs work (host
 * mode: replace contexts) and called fz_epoch_release().
 */
int fz_epoch_parked(void);
void fz_epoch_release(void);
/* The arena: Dk memory at a fixed address, one chunk per context slot. */
#define FZ_ARENA	0x200000000000ULL
#define FZ_ARENA_LEN	(32ULL << 20)
/* Reserve each context's arena chunk (again, after the driver unmapped it). */
void fz_arena_reset(void);
/* Forget the handles of context slot @ci (it was replaced). */
void fz_pool_forget_ctx(uint32_t ci);
/* Deterministic PRNG stream @n of the run (driver decisions). */
void fz_rng_stream(struct fz_rng *r, uint64_t n);

/* Raw ioctl: the result or -errno. */
static inline long fz_ioctl(int fd, unsigned long cmd, uint64_t arg)
{
	long ret;

	__asm__ volatile ("syscall"
			  : "=a" (ret)
			  : "0" ((long)DK_SYS_IOCTL), "D" ((long)fd), "S" (cmd),
			    "d" (arg)
			  : "rcx", "r11", "memory");
	return ret;
}

/* Output helpers (core.c) */
void fz_puts(const char *s);
void fz_putu(uint64_t v);
void fz_putx(uint64_t v);

/* ------------------------------------------------------------------ */
/* Provided by each driver                                              */
/* ------------------------------------------------------------------ */

void fz_plat_write(const char *s, uint64_t n);
/* A scratch area of FZ_SCR_LEN bytes laid out as described above. */
char *fz_plat_scratch(void);

#endif /* DKFUZZ_H */
