// SPDX-License-Identifier: GPL-2.0
/*
 * dkfuzz core: argument generators, pools of live handles, the executor,
 * threads of its own, statistics.  Freestanding: raw system calls only,
 * no C library, no allocation (see fuzz.h).
 *
 * Memory the kernel may touch through generated pointers: each worker's
 * scratch area (read-write pages, a no-access page, a read-only page, a
 * no-access page), the arena (Dk memory at a fixed address, carved up by
 * the fuzzed memory calls), the fuzzer's own "anywhere" allocations and
 * stream mappings, kernel and non-canonical addresses.  Never the
 * fuzzer's own state: the Dk memory calls only get the arena, the
 * worker's own allocations and addresses that cannot be Dk memory.
 */
#include "fuzz.h"
#include "../../userlib/src/raw.h"

struct fz_world fz;
struct fz_worker fz_workers[FZ_MAX_WORKERS];

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ATOMIC_OR(p, v)	__atomic_fetch_or((p), (v), __ATOMIC_RELAXED)
#define ATOMIC_ADD(p, v) __atomic_add_fetch((p), (v), __ATOMIC_RELAXED)
#define LOAD(p)		__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define STORE(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)

#define FZ_CHUNK	(FZ_ARENA_LEN / FZ_MAX_CTX)
#define FZ_ARENA_PAGES	(FZ_ARENA_LEN / FZ_PAGE)

/* Addresses that are never the fuzzer's Dk memory. */
#define KADDR1		0xffff888000000000ULL
#define KADDR2		0xffffffff81000000ULL
#define NONCANON	0x0000800000000000ULL
#define TOP_USER	0x00007ffffffff000ULL

static inline int anchor_fd(void)
{
	return fz.ctx[0].fd;
}

/* ------------------------------------------------------------------ */
/* Output                                                               */
/* ------------------------------------------------------------------ */

void fz_puts(const char *s)
{
	fz_plat_write(s, dk_strlen(s));
}

void fz_putu(uint64_t v)
{
	char b[24];

	if (dk_format_u64(b, sizeof(b), v) > 0)
		fz_puts(b);
}

void fz_putx(uint64_t v)
{
	char b[19];
	int i;

	b[0] = '0';
	b[1] = 'x';
	for (i = 0; i < 16; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	b[18] = 0;
	fz_puts(b);
}

static void fz_err(long ret)
{
	if (ret >= 0) {
		fz_puts("ok");
		return;
	}
	if (-ret < 4096 && dk_strerror(ret)[1] != '?') {
		fz_puts(dk_strerror(ret));
	} else {
		fz_puts("E");
		fz_putu((uint64_t)-ret);
	}
}

/* ------------------------------------------------------------------ */
/* Statistics                                                           */
/* ------------------------------------------------------------------ */

#define FZ_EBUCKETS	192	/* result classes: 0 success, else errno */

static uint64_t seen[FZ_NCALLS][FZ_EBUCKETS / 64];
static uint64_t undoc[FZ_NCALLS][FZ_EBUCKETS / 64];
static uint64_t ncalls[FZ_NCALLS];
static uint64_t nundoc;
static long undoc_raw[FZ_NCALLS];	/* one raw value, for > 190 */
static uint64_t fz_raised;

static const uint8_t common_dk[] = {
	EFAULT, EINVAL, EBADRQC, ENOSYS, EPERM, EBADF, EXDEV, EBADFD,
	EMFILE, EDQUOT, EINTR, ENOMEM, 0
};
/* E2BIG, EINVAL: a structure's size in the command (abi/index.rst). */
static const uint8_t common_ioc[] = {
	EPERM, EFAULT, ENOMEM, ENOTTY, EINTR, E2BIG, EINVAL, 0
};

static int in_list(const uint8_t *l, long e)
{
	for (; *l; l++)
		if (*l == e)
			return 1;
	return 0;
}

static int documented(uint32_t id, long e)
{
	const struct fz_call *c = &fz_calls[id];
	uint32_t i;

	if (id == FZ_CALL_GARBAGE)
		return 1;	/* any call, any documented error */
	if (id == FZ_IOC_GARBAGE) {
		/* a truncated command may be a real one */
		for (i = FZ_IOC_ADD_STREAM; i < FZ_IOC_GARBAGE; i++)
			if (in_list(fz_calls[i].errs, e))
				return 1;
		return in_list(common_ioc, e);
	}
	if (in_list(c->errs, e))
		return 1;
	return in_list(c->flags & FZ_R_IOCTL ? common_ioc : common_dk, e);
}

void fz_record(uint32_t id, long ret)
{
	uint64_t e;

	if (id >= FZ_NCALLS)
		return;
	e = ret >= 0 ? 0 : (uint64_t)-ret;
	if (e >= FZ_EBUCKETS)
		e = FZ_EBUCKETS - 1;
	ATOMIC_OR(&seen[id][e / 64], 1ULL << (e % 64));
	ATOMIC_ADD(&ncalls[id], 1);
	if (ret < 0 && (e == FZ_EBUCKETS - 1 || !documented(id, -ret))) {
		if (!(LOAD(&undoc[id][e / 64]) & (1ULL << (e % 64)))) {
			ATOMIC_OR(&undoc[id][e / 64], 1ULL << (e % 64));
			STORE(&undoc_raw[id], ret);
		}
		ATOMIC_ADD(&nundoc, 1);
	}
}

static uint32_t popcount64(uint64_t v)
{
	uint32_t n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

int fz_report(uint64_t elapsed_ms)
{
	uint64_t total = 0, pairs = 0, rate;
	uint32_t id, i, e;

	for (id = 0; id < FZ_NCALLS; id++) {
		total += ncalls[id];
		for (i = 0; i < FZ_EBUCKETS / 64; i++)
			pairs += popcount64(seen[id][i]);
	}
	rate = elapsed_ms ? total * 1000 / elapsed_ms : 0;
	if (fz.cfg.verbose) {
		for (id = 0; id < FZ_NCALLS; id++) {
			if (!ncalls[id])
				continue;
			fz_puts("  ");
			fz_puts(fz_calls[id].name);
			fz_puts(" ");
			fz_putu(ncalls[id]);
			fz_puts(":");
			for (e = 0; e < FZ_EBUCKETS; e++)
				if (seen[id][e / 64] & (1ULL << (e % 64))) {
					fz_puts(" ");
					fz_err(-(long)e);
				}
			fz_puts("\n");
		}
	}
	for (id = 0; id < FZ_NCALLS; id++)
		for (e = 1; e < FZ_EBUCKETS; e++)
			if (undoc[id][e / 64] & (1ULL << (e % 64))) {
				fz_puts("undocumented: ");
				fz_puts(fz_calls[id].name);
				fz_puts(" -> ");
				fz_err(e == FZ_EBUCKETS - 1 ? undoc_raw[id] : -(long)e);
				fz_puts("\n");
			}
	fz_puts("mode=");
	fz_puts(fz.cfg.mode);
	fz_puts(" seed=");
	fz_putu(fz.cfg.seed);
	fz_puts(" calls=");
	fz_putu(total);
	fz_puts(" ms=");
	fz_putu(elapsed_ms);
	fz_puts(" rate=");
	fz_putu(rate);
	fz_puts("/s pairs=");
	fz_putu(pairs);
	fz_puts(" undocumented=");
	fz_putu(nundoc);
	fz_puts(" raised=");
	fz_putu(fz_raised);
	fz_puts("\n");
	return fz.cfg.strict && nundoc ? 2 : 0;
}

/* ------------------------------------------------------------------ */
/* Handle pools                                                         */
/* ------------------------------------------------------------------ */

enum {
	K_FILE, K_DIR, K_PIPE, K_PSRV, K_TCP, K_TSRV, K_UDP, K_USRV, K_HOST,
	K_THREAD, K_PROC, K_SEM, K_NEV, K_SEV, K_NKINDS
};
#define KB(k)		(1U << (k))
#define KM_STREAM	(KB(K_FILE) | KB(K_DIR) | KB(K_PIPE) | KB(K_PSRV) | \
			 KB(K_TCP) | KB(K_TSRV) | KB(K_UDP) | KB(K_USRV) | \
			 KB(K_HOST) | KB(K_PROC))
#define KM_FILE		(KB(K_FILE) | KB(K_DIR))
#define KM_SERVER	(KB(K_PSRV) | KB(K_TSRV))
#define KM_EVENT	(KB(K_NEV) | KB(K_SEV))
#define KM_ALL		((1U << K_NKINDS) - 1)

#define FZ_POOL		512
#define P_VALID		(1ULL << 63)

/* valid | ctx << 40 | kind << 32 | handle */
static uint64_t pool[FZ_POOL];
/* Recent thread tokens per context, for guessed ATTACH/ABORT. */
static uint32_t tokens[FZ_MAX_CTX][16];
static uint32_t last_token[FZ_MAX_CTX];

static void pool_add(struct fz_worker *w, uint32_t ci, uint32_t kind, long h)
{
	uint64_t v = P_VALID | (uint64_t)ci << 40 | (uint64_t)kind << 32 |
		     (uint32_t)h;
	uint32_t i, idx = 0;

	for (i = 0; i < 4; i++) {
		idx = fz_below(&w->rng, FZ_POOL);
		if (!(LOAD(&pool[idx]) & P_VALID))
			break;
	}
	STORE(&pool[idx], v);
}

static void pool_del(uint32_t ci, long h)
{
	uint32_t i;

	for (i = 0; i < FZ_POOL; i++) {
		uint64_t v = LOAD(&pool[i]);

		if ((v & P_VALID) && ((v >> 40) & 0xff) == ci &&
		    (uint32_t)v == (uint32_t)h)
			__atomic_compare_exchange_n(&pool[i], &v, 0, 0,
						    __ATOMIC_RELAXED,
						    __ATOMIC_RELAXED);
	}
}

void fz_pool_forget_ctx(uint32_t ci)
{
	uint32_t i;

	for (i = 0; i < FZ_POOL; i++)
		if (((LOAD(&pool[i]) >> 40) & 0xff) == ci)
			STORE(&pool[i], 0);
	for (i = 0; i < 16; i++)
		tokens[ci][i] = 0;
	last_token[ci] = 0;
}

/* A pooled handle of context @ci (any context if @ci < 0) in @kmask. */
static int pool_pick(struct fz_rng *r, int ci, uint32_t kmask, long *h,
		     uint32_t *kind)
{
	uint32_t i;

	for (i = 0; i < 24; i++) {
		uint64_t v = LOAD(&pool[fz_below(r, FZ_POOL)]);
		uint32_t k = (v >> 32) & 0xff;

		if (!(v & P_VALID) || !(kmask & KB(k)))
			continue;
		if (ci >= 0 && ((v >> 40) & 0xff) != (uint32_t)ci)
			continue;
		*h = (int32_t)(uint32_t)v;
		if (kind)
			*kind = k;
		return 1;
	}
	return 0;
}

void fz_protect(long h)
{
	uint32_t n = fz.nprotect;

	if (n < FZ_MAX_PROTECT) {
		fz.protect[n] = (int32_t)h;
		STORE(&fz.nprotect, n + 1);
	}
}

static int protected_handle(uint64_t h)
{
	uint32_t i, n = LOAD(&fz.nprotect);

	/* The module reads handles as 64-bit values: compare all bits. */
	for (i = 0; i < n; i++)
		if (h == (uint64_t)(int64_t)fz.protect[i] ||
		    h == (uint64_t)(uint32_t)fz.protect[i])
			return 1;
	return 0;
}

static uint64_t gen_handle(struct fz_worker *w, uint32_t ci, uint32_t kmask)
{
	struct fz_rng *r = &w->rng;
	uint32_t tag = fz.ctx[ci].tag, d = fz_below(r, 100);
	uint64_t h = 0;
	long ph;

	if (d < 80) {
		if (pool_pick(&w->rng, (int)ci, kmask, &ph, 0) ||
		    pool_pick(&w->rng, (int)ci, KM_ALL, &ph, 0))
			h = (uint64_t)ph;
		else
			h = (uint64_t)tag << DK_HANDLE_SLOT_BITS | fz_below(r, 32);
	} else if (d < 87) {
		if (pool_pick(&w->rng, -1, kmask, &ph, 0))
			h = (uint64_t)ph;	/* maybe another context's */
	} else if (d < 93) {
		h = (uint64_t)tag << DK_HANDLE_SLOT_BITS | fz_below(r, 80);
	} else {
		static const uint64_t odd[] = {
			0, ~0ULL, 0x7fffffff, 0x80000000, 0xffffffff,
			1ULL << 32, 0x7fff0000, 0x10000,
		};

		h = fz_pct(r, 70) ? odd[fz_below(r, ARRAY_SIZE(odd))] :
				     fz_next(r);
		if (fz_pct(r, 30) && pool_pick(&w->rng, (int)ci, kmask, &ph, 0))
			h = (uint32_t)ph | (fz_next(r) << 32);	/* high bits */
	}
	if (protected_handle(h))
		h = 0;
	return h;
}

/* ------------------------------------------------------------------ */
/* Numbers                                                              */
/* ------------------------------------------------------------------ */

static uint64_t gen_u32(struct fz_rng *r)
{
	static const uint64_t b[] = {
		0, 1, 2, 3, 7, 64, 255, 256, 4096, 0x7ffffffe, 0x7fffffff,
		0x80000000, 0xfffffffe, 0xffffffff, 1ULL << 32, ~0ULL,
	};

	switch (fz_below(r, 4)) {
	case 0:
		return b[fz_below(r, ARRAY_SIZE(b))];
	case 1:
		return fz_below(r, 8);
	case 2:
		return fz_below(r, 1000);
	default:
		return (uint32_t)fz_next(r);
	}
}

static uint64_t gen_flags(struct fz_rng *r, uint32_t mask)
{
	uint64_t v = fz_next(r) & mask;

	switch (fz_below(r, 20)) {
	case 0:
		return v | (1ULL << fz_below(r, 32));	/* an unknown bit */
	case 1:
		return fz_next(r);
	case 2:
		return v | (1ULL << (32 + fz_below(r, 32)));	/* high half */
	case 3:
		return 0;
	default:
		return v;
	}
}

static uint64_t gen_enum(struct fz_rng *r, uint32_t max)
{
	if (fz_pct(r, 90))
		return fz_below(r, (uint64_t)max + 1);
	return fz_pct(r, 50) ? max + 1 + fz_below(r, 4) : fz_next(r);
}

/*
 * The Count of an array call whose limit is @max: one draw below @ways
 * picks 0, the limit or one past it, a 32-bit edge, or else a small count
 * (1 to 2, or 1 to @small).
 */
static uint64_t gen_count(struct fz_rng *r, unsigned int ways, uint64_t max,
			  unsigned int small)
{
	switch (fz_below(r, ways)) {
	case 0:
		return 0;
	case 1:
		return fz_pct(r, 50) ? max : max + 1;
	case 2:
		return fz_pct(r, 50) ? 0xffffffff : (1ULL << 32) + 1;
	default:
		return 1 + fz_below(r, fz_pct(r, 50) ? 2 : small);
	}
}

static uint64_t gen_len(struct fz_rng *r)
{
	static const uint64_t b[] = {
		0, 1, 2, 7, 8, 63, 64, 65, 255, 256, 4095, 4096, 4097, 8192,
		65535, 65536, 65537, DK_STREAM_IO_MAX, DK_STREAM_IO_MAX + 1ULL,
		0x7fffffff, 0x80000000, 0xffffffff, 1ULL << 32,
		0x7fffffffffffffffULL, 1ULL << 63, ~0ULL,
	};

	switch (fz_below(r, 10)) {
	case 0: case 1:
		return b[fz_below(r, ARRAY_SIZE(b))];
	case 2: case 3: case 4:
		return fz_below(r, 64);
	case 5: case 6:
		return fz_below(r, 4096);
	case 7:
		return fz_below(r, FZ_SCR_RW);
	case 8:
		return 4096 * (1 + fz_below(r, 16));
	default:
		return fz_below(r, 300);
	}
}

static uint64_t gen_offset(struct fz_rng *r)
{
	static const uint64_t b[] = {
		0, 1, 4095, 4096, 65536, 1ULL << 31, 1ULL << 32, 1ULL << 40,
		0x7fffffffffffffffULL, 0x7ffffffffffff000ULL, 1ULL << 63,
		DK_OFFSET_NONE, DK_OFFSET_NONE - 1,
	};

	switch (fz_below(r, 6)) {
	case 0: case 1:
		return DK_OFFSET_NONE;
	case 2:
		return b[fz_below(r, ARRAY_SIZE(b))];
	case 3:
		return fz_below(r, 5) * 4096;
	default:
		return fz_below(r, 20000);
	}
}

static uint64_t gen_timeout(struct fz_rng *r)
{
	switch (fz_below(r, 200)) {
	case 0:
		return (uint64_t)DK_TIMEOUT_INFINITE;
	case 1: case 2:
		return (uint64_t)-2LL;
	case 3:
		return 1ULL << 63;
	case 4:
		return 1ULL << 62;
	case 5:
		return fz_next(r);
	default:
		break;
	}
	switch (fz_below(r, 6)) {
	case 0: case 1:
		return 0;
	case 2:
		return fz_below(r, 1000);
	case 3:
		return 1000000;
	case 4:
		return fz_below(r, 5000000);
	default:
		return 100000;
	}
}

/* ------------------------------------------------------------------ */
/* Pointers                                                             */
/* ------------------------------------------------------------------ */

#define FZ_MAPS		64
static struct { uint64_t addr, len; } maps[FZ_MAPS];

/* The first FZ_FIXED bytes of a scratch area hold per-call cells. */
#define FZ_FIXED	24576

static char *scr_guard(struct fz_worker *w)
{
	return w->scr + FZ_SCR_RW;
}

static char *scr_ro(struct fz_worker *w)
{
	return w->scr + FZ_SCR_RW + FZ_PAGE;
}

/* A wild pointer: unmapped, kernel, non-canonical; never the fuzzer's. */
static uint64_t wild_addr(struct fz_rng *r)
{
	static const uint64_t b[] = {
		0, 4096, 0x10000, KADDR1, KADDR2, NONCANON, NONCANON - 4096,
		TOP_USER, ~0ULL - 4095, FZ_ARENA - 4096, FZ_ARENA + FZ_ARENA_LEN,
	};

	if (fz_pct(r, 10))	/* never mapped: below the arena, page aligned */
		return (fz_next(r) % (FZ_ARENA >> 12)) << 12;
	return b[fz_below(r, ARRAY_SIZE(b))];
}

/*
 * A wild range start for the memory calls: also the fuzzer's static data,
 * which those calls must refuse (not Dk memory) and never write to.
 */
static uint64_t wild_vm(struct fz_rng *r)
{
	if (fz_pct(r, 10))
		return (uint64_t)(uintptr_t)&fz & ~(FZ_PAGE - 1);
	return wild_addr(r);
}

/* A user buffer for @len bytes: mostly good, sometimes not. */
static uint64_t gen_buf(struct fz_worker *w, uint64_t len, int out)
{
	struct fz_rng *r = &w->rng;
	uint64_t l = len < FZ_SCR_RW ? len : FZ_SCR_RW, i;
	uint32_t d = fz_below(r, 100);

	(void)out;
	if (d < 62)
		return (uint64_t)(uintptr_t)(w->scr + fz_below(r, FZ_SCR_RW - l + 1));
	if (d < 70)	/* runs into the no-access page */
		return (uint64_t)(uintptr_t)(scr_guard(w) -
					     fz_below(r, (l < 4096 ? l : 4096) + 1));
	if (d < 76)
		return (uint64_t)(uintptr_t)(scr_ro(w) + fz_below(r, 4096));
	if (d < 79)
		return (uint64_t)(uintptr_t)(scr_guard(w) + fz_below(r, 4096));
	if (d < 90)
		return FZ_ARENA + fz_below(r, FZ_ARENA_LEN);
	if (d < 94) {
		i = fz_below(r, FZ_MAPS);
		if (LOAD(&maps[i].addr))
			return LOAD(&maps[i].addr) + fz_below(r, LOAD(&maps[i].len) + 1);
	}
	return wild_addr(r);
}

/* Place @n bytes at @src for the kernel to read: returns the pointer. */
static uint64_t place(struct fz_worker *w, const void *src, uint64_t n)
{
	struct fz_rng *r = &w->rng;
	char *p;
	uint64_t i;

	if (n > FZ_SCR_RW)
		n = FZ_SCR_RW;
	switch (fz_below(r, 40)) {
	case 0:	/* cut short by the no-access page */
		p = scr_guard(w) - (n ? fz_below(r, n) : 0);
		n = (uint64_t)(scr_guard(w) - p);
		break;
	case 1:
		return wild_addr(r);
	default:
		/* readable, clear of the fixed cells at the start of the area */
		if (n > FZ_SCR_RW - FZ_FIXED)
			n = FZ_SCR_RW - FZ_FIXED;
		if (fz_pct(r, 50))	/* ending near the no-access page */
			p = scr_guard(w) - n - fz_below(r, 64 < FZ_SCR_RW - FZ_FIXED - n ?
							64 : FZ_SCR_RW - FZ_FIXED - n);
		else
			p = w->scr + FZ_FIXED + fz_below(r, FZ_SCR_RW - FZ_FIXED - n + 1);
		break;
	}
	for (i = 0; i < n; i++)
		p[i] = ((const char *)src)[i];
	return (uint64_t)(uintptr_t)p;
}

/* ------------------------------------------------------------------ */
/* URIs                                                                 */
/* ------------------------------------------------------------------ */

struct sb {
	char *p;
	uint32_t n, max;
};

static void sb_add(struct sb *b, const char *s)
{
	while (*s && b->n + 1 < b->max)
		b->p[b->n++] = *s++;
	b->p[b->n] = 0;
}

static void sb_num(struct sb *b, uint64_t v)
{
	char t[24];

	if (dk_format_u64(t, sizeof(t), v) > 0)
		sb_add(b, t);
}

static void sb_fill(struct sb *b, char c, uint32_t n)
{
	while (n-- && b->n + 1 < b->max)
		b->p[b->n++] = c;
	b->p[b->n] = 0;
}

static void gen_path(struct fz_rng *r, struct sb *b)
{
	static const char *const tops[] = {
		"/s", "/s", "/s", "/s", "/s", "/r", "/img", "", "/", "/nope",
	};
	static const char *const comps[] = {
		"a", "b", "c", "d", "e", "d", "f", "..", ".", "", "x y",
		"fuzz_pico", "dir", "d/a", "d/b",
	};
	uint32_t i, n;

	if (fz_pct(r, 5)) {
		sb_add(b, fz_pct(r, 50) ? "relative/a" : "s/a");
		return;
	}
	sb_add(b, tops[fz_below(r, ARRAY_SIZE(tops))]);
	n = fz_below(r, 4);
	for (i = 0; i < n; i++) {
		sb_add(b, "/");
		if (fz_pct(r, 3))
			sb_fill(b, 'L', fz_pct(r, 50) ? 255 : 256);
		else
			sb_add(b, comps[fz_below(r, ARRAY_SIZE(comps))]);
	}
	if (fz_pct(r, 5))
		sb_add(b, "/");
}

static void gen_addr_port(struct fz_rng *r, struct sb *b)
{
	static const char *const addrs[] = {
		"127.0.0.1", "127.0.0.1", "127.0.0.1", "[::1]", "[::1]",
		"0.0.0.0", "10.1.2.3", "[::]", "127.0.0.2", "1.2.3",
		"256.0.0.1", "[::1", "::1", "127.0.0.1.", "localhost", "",
		"[fe80::1%1]", "[::ffff:127.0.0.1]", "0x7f.1",
	};
	static const char *const ports[] = {
		"", "-1", "65536", "99999999999999999999", "4x", "+1", "080",
	};
	uint32_t d = fz_below(r, 10);

	sb_add(b, addrs[fz_below(r, ARRAY_SIZE(addrs))]);
	if (fz_pct(r, 3))
		return;	/* no port */
	sb_add(b, ":");
	if (d < 7)
		sb_num(b, 47000 + fz_below(r, 4));
	else if (d < 8)
		sb_num(b, fz_pct(r, 50) ? 0 : 65535);
	else
		sb_add(b, ports[fz_below(r, ARRAY_SIZE(ports))]);
}

static void gen_pipe_name(struct fz_rng *r, struct sb *b)
{
	static const char *const odd[] = { "", "a/b", "\x01", "..", "p0 " };

	if (fz_pct(r, 85)) {
		sb_add(b, "p");
		sb_num(b, fz_below(r, 4));
	} else if (fz_pct(r, 40)) {
		sb_fill(b, 'n', fz_pct(r, 50) ? 255 : 256);
	} else {
		sb_add(b, odd[fz_below(r, ARRAY_SIZE(odd))]);
	}
}

/* Build a URI into @b; returns the pool kind a handle opened by it gets. */
static uint32_t gen_uri_text(struct fz_worker *w, struct sb *b)
{
	static const char *const odd[] = {
		"http:", "https:", "http.srv:", "File:", "x:", "file", "host:",
		":", "", "tcp", "pipe.srv", "udp.srv:", "FILE:/s/a", "file::",
	};
	struct fz_rng *r = &w->rng;
	uint32_t d = fz_below(r, 100);

	if (d < 40) {
		sb_add(b, "file:");
		gen_path(r, b);
		return K_FILE;
	}
	if (!(fz.cfg.avoid & FZ_AVOID_PIPE) && d < 60) {
		uint32_t srv = fz_pct(r, 40);

		sb_add(b, srv ? "pipe.srv:" : "pipe:");
		gen_pipe_name(r, b);
		return srv ? K_PSRV : K_PIPE;
	}
	if (d < 75) {
		uint32_t srv = fz_pct(r, 40);

		sb_add(b, srv ? "tcp.srv:" : "tcp:");
		gen_addr_port(r, b);
		return srv ? K_TSRV : K_TCP;
	}
	if (d < 90) {
		uint32_t srv = fz_pct(r, 50);

		sb_add(b, srv ? "udp.srv:" : "udp:");
		gen_addr_port(r, b);
		return srv ? K_USRV : K_UDP;
	}
	sb_add(b, odd[fz_below(r, ARRAY_SIZE(odd))]);
	if (fz_pct(r, 50))
		gen_path(r, b);
	return K_FILE;
}

/* A URI for the kernel: the string, sometimes too long or unterminated. */
static uint64_t gen_uri(struct fz_worker *w)
{
	static char tmp[FZ_MAX_WORKERS][DK_URI_MAX + 64];
	struct fz_rng *r = &w->rng;
	struct sb b = { tmp[w->id], 0, sizeof(tmp[0]) };
	uint32_t d = fz_below(r, 100);
	char *p;

	w->uri_kind = gen_uri_text(w, &b);
	if (d < 3) {	/* exactly DK_URI_MAX with the NUL, or one more */
		sb_fill(&b, 'a', DK_URI_MAX - 1 - b.n + fz_below(r, 2));
	} else if (d < 6) {	/* unterminated before the no-access page */
		p = scr_guard(w) - b.n;
		for (d = 0; d < b.n; d++)
			p[d] = b.p[d];
		return (uint64_t)(uintptr_t)p;
	} else if (d < 8) {
		return wild_addr(r);
	}
	return place(w, b.p, b.n + 1);
}

/* ------------------------------------------------------------------ */
/* Memory ranges                                                        */
/* ------------------------------------------------------------------ */

/* A page range: the arena mostly, the worker's own, or something wild. */
static void gen_range(struct fz_worker *w, uint64_t *addr, uint64_t *len,
		      int for_alloc)
{
	struct fz_rng *r = &w->rng;
	uint32_t d = fz_below(r, 100), i;
	uint64_t pg, n;
	int own = 0;

	if (for_alloc && d < 35) {
		*addr = 0;	/* anywhere */
		*len = FZ_PAGE * (fz_pct(r, 90) ? 1 + fz_below(r, 32) :
				  1 + fz_below(r, 4096));
		return;
	}
	if (d < 70) {
		pg = fz_below(r, FZ_ARENA_PAGES);
		n = fz_pct(r, 80) ? 1 + fz_below(r, 8) : 1 + fz_below(r, 256);
		if (fz_pct(r, 10))	/* one context's whole chunk */
			pg = fz_below(r, FZ_MAX_CTX) * (FZ_CHUNK / FZ_PAGE),
			n = FZ_CHUNK / FZ_PAGE;
		if (pg + n > FZ_ARENA_PAGES && fz_pct(r, 80))
			n = FZ_ARENA_PAGES - pg;
		*addr = FZ_ARENA + pg * FZ_PAGE;
		*len = n * FZ_PAGE;
	} else if (d < 82) {
		i = fz_below(r, FZ_OWN_MAX);
		if (!w->own[i].addr) {
			*addr = FZ_ARENA + fz_below(r, FZ_ARENA_PAGES) * FZ_PAGE;
			*len = FZ_PAGE;
		} else {
			n = w->own[i].len / FZ_PAGE;
			pg = fz_pct(r, 50) ? 0 : fz_below(r, n);
			*addr = w->own[i].addr + pg * FZ_PAGE;
			*len = fz_pct(r, 50) ? (n - pg) * FZ_PAGE :
					       (1 + fz_below(r, n - pg)) * FZ_PAGE;
			own = 1;
		}
	} else {
		*addr = wild_vm(r);
		*len = gen_len(r);
		return;
	}
	/*
	 * Misalign or distort now and then.  Never past the end of one of
	 * the worker's own ranges: the next page up may be other Dk memory
	 * of the context, e.g. a scratch area (top-down placement).
	 */
	switch (fz_below(r, 30)) {
	case 0:
		*addr += 1 + fz_below(r, 4095);
		break;
	case 1:
		*len = 0;
		break;
	case 2:
		if (!own)
			*len += 1 + fz_below(r, 4095);	/* rounded up */
		break;
	case 3:
		if (!own)
			*len = gen_len(r);
		break;
	default:
		break;
	}
}

/* Forget own ranges overlapping [a, a + l) (they were released). */
static void own_forget(struct fz_worker *w, uint64_t a, uint64_t l)
{
	uint32_t i;

	for (i = 0; i < FZ_OWN_MAX; i++)
		if (w->own[i].addr && a < w->own[i].addr + w->own[i].len &&
		    w->own[i].addr < a + l)
			w->own[i].addr = 0;
}

static long dk(uint32_t ci, uint32_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
	       uint64_t a3, uint64_t a4, uint64_t a5)
{
	return dk_call_fd(fz.ctx[ci].fd, nr, a0, a1, a2, a3, a4, a5);
}

static void own_add(struct fz_worker *w, uint32_t ci, uint64_t a, uint64_t l)
{
	uint32_t i = fz_below(&w->rng, FZ_OWN_MAX);
	long ret;

	if (w->own[i].addr) {
		/* the oldest goes back */
		ret = dk(w->own[i].ci, DK_CALL_VIRTUAL_MEMORY_FREE,
			 w->own[i].addr, w->own[i].len, DK_MEM_RELEASE, 0, 0, 0);
		fz_record(DK_CALL_VIRTUAL_MEMORY_FREE, ret);
	}
	w->own[i].addr = a;
	w->own[i].len = l;
	w->own[i].ci = ci;
}

/*
 * Give every context its chunk of the arena again.  The driver unmapped
 * the arena first if it was in use (host mode, between epochs).
 */
void fz_arena_reset(void)
{
	uint32_t ci;

	for (ci = 0; ci < FZ_MAX_CTX; ci++) {
		uint64_t cell = FZ_ARENA + ci * FZ_CHUNK;

		if (fz.ctx[ci].fd < 0)
			continue;
		dk(ci, DK_CALL_VIRTUAL_MEMORY_ALLOC, (uintptr_t)&cell, FZ_CHUNK,
		   DK_MEM_RESERVE | DK_MEM_COMMIT, DK_PROT_READ | DK_PROT_WRITE,
		   0, 0);
	}
}

/* ------------------------------------------------------------------ */
/* Threads of the fuzzer's own                                          */
/* ------------------------------------------------------------------ */

/*
 * Threads created by fuzzed DkThreadCreate calls run on stacks from this
 * static pool (never Dk memory, so no fuzzed call can unmap one under its
 * thread).  A slot goes free -> busy -> released (by the thread, just
 * before its raw exit) -> cooling (seen released) -> free two ticks later.
 */
#define FZ_SLOTS	48
#define FZ_SLOT_STACK	(24 * 1024)
#define FZ_ATTACHERS	4

enum { SLOT_FREE, SLOT_BUSY, SLOT_RELEASED, SLOT_COOLING };

static struct {
	uint32_t state;
	uint64_t tick;
} slots[FZ_SLOTS];
static char slot_stack[FZ_SLOTS][FZ_SLOT_STACK] __attribute__((aligned(64)));
static uint32_t attachers;

struct fz_start {
	int32_t fd;
	uint32_t mode;		/* BODY_* */
	uint64_t token;
	uint64_t seed;
	uint32_t slot;
	uint32_t nh;
	int32_t h[4];
};

enum { BODY_ATTACH, BODY_GUESS, BODY_HAMMER };

long fz_clone(unsigned long flags, void *sp) __attribute__((visibility("hidden")));
void fz_body_main(struct fz_start *st) __attribute__((visibility("hidden"), used,
						       noreturn));

/* clone(flags, sp, 0, 0, 0); the child calls fz_body_main(sp). */
DK_RAW_CLONE(fz_clone, fz_body_main);

static int slot_get(struct fz_rng *r)
{
	uint32_t i, n, s, want;

	for (n = 0; n < 8; n++) {
		i = fz_below(r, FZ_SLOTS);
		s = LOAD(&slots[i].state);
		if (s == SLOT_RELEASED) {
			slots[i].tick = LOAD(&fz.ticks);
			want = SLOT_RELEASED;
			__atomic_compare_exchange_n(&slots[i].state, &want,
						    SLOT_COOLING, 0,
						    __ATOMIC_ACQ_REL,
						    __ATOMIC_RELAXED);
			continue;
		}
		if (s == SLOT_COOLING && LOAD(&fz.ticks) - slots[i].tick < 3)
			continue;
		if (s != SLOT_FREE && s != SLOT_COOLING)
			continue;
		want = s;
		if (__atomic_compare_exchange_n(&slots[i].state, &want,
						SLOT_BUSY, 0, __ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED))
			return (int)i;
	}
	return -1;
}

/* Release the slot and leave with the raw exit: no stack use between. */
static __attribute__((noreturn)) void body_leave(uint32_t slot)
{
	__asm__ volatile ("movl	%1, (%0)\n\t"
			  "movl	$60, %%eax\n\t"
			  "xorl	%%edi, %%edi\n\t"
			  "syscall\n\t"
			  "ud2"
			  : : "r" (&slots[slot].state), "r" (SLOT_RELEASED)
			  : "memory", "rax", "rdi", "rcx", "r11");
	__builtin_unreachable();
}

/* A few simple calls on the handles it was given: no scratch needed. */
static void body_actions(int fd, struct fz_rng *r, int32_t *h, uint32_t nh)
{
	uint32_t i, n = fz_below(r, 12);
	uint64_t v = 0;
	long ret;

	for (i = 0; i < n; i++) {
		uint64_t x = nh ? (uint64_t)(int64_t)h[fz_below(r, nh)] : 0;
		uint64_t a0, a1, a2, a3;	/* the call's arguments */
		uint32_t nr;

		if (LOAD(&fz.stop))
			return;
		a0 = x;
		a1 = 0;
		a2 = 0;
		a3 = 0;
		switch (fz_below(r, 12)) {
		case 0:
			nr = DK_CALL_THREAD_YIELD_EXECUTION;
			a0 = 0;
			break;
		case 1:
			nr = DK_CALL_THREAD_DELAY_EXECUTION;
			a0 = fz_below(r, 2000000);
			break;
		case 2:
			nr = DK_CALL_EVENT_SET;
			break;
		case 3:
			nr = DK_CALL_SEMAPHORE_RELEASE;
			a1 = 1 + fz_below(r, 2);
			break;
		case 4:
			nr = DK_CALL_OBJECTS_WAIT_ANY;
			a0 = nh ? nh : 1;
			a1 = (uintptr_t)h;
			a2 = fz_below(r, 3000000);
			break;
		case 5:
			nr = DK_CALL_OBJECT_CLOSE;
			if (fz_pct(r, 60))
				continue;
			break;
		case 6:
			nr = DK_CALL_OBJECT_REFERENCE;
			break;
		case 7:
			nr = DK_CALL_THREAD_RAISE_EXCEPTION;
			a1 = fz_next(r);
			break;
		case 8:
			nr = DK_CALL_SYSTEM_TIME_QUERY;
			a0 = (uintptr_t)&v;
			break;
		case 9:
			nr = DK_CALL_STREAM_WRITE;
			a1 = DK_OFFSET_NONE;
			a2 = 1;
			a3 = (uintptr_t)"x";
			break;
		case 10:
			nr = DK_CALL_THREAD_RESUME;
			break;
		default:
			nr = DK_CALL_EVENT_CLEAR;
			break;
		}
		ret = dk_call_fd(fd, nr, a0, a1, a2, a3, 0, 0);
		fz_record(nr, ret);
	}
}

void fz_body_main(struct fz_start *st)
{
	struct fz_rng r;
	uint32_t slot = st->slot;
	int guess = st->mode != BODY_ATTACH;	/* counted in attachers */
	long ret;

	fz_rng_seed(&r, st->seed);
	if (st->mode == BODY_HAMMER) {
		/*
		 * ATTACH and ABORT on the next few tokens, as fast as it
		 * goes, racing creates (that may fail late) on other threads.
		 */
		uint32_t i;

		ret = -1;
		for (i = 0; i < 400 && !LOAD(&fz.stop); i++) {
			uint64_t t = st->token + (i & 3);

			if (i & 1) {
				fz_record(DK_CALL_THREAD_ABORT,
					  dk_call_fd(st->fd, DK_CALL_THREAD_ABORT, t,
						     0, 0, 0, 0, 0));
				continue;
			}
			ret = dk_call_fd(st->fd, DK_CALL_THREAD_ATTACH, t, 0, 0,
					 0, 0, 0);
			fz_record(DK_CALL_THREAD_ATTACH, ret);
			if (ret >= 0)
				break;
		}
	} else {
		/* Blocks while the thread is suspended. */
		ret = dk_call_fd(st->fd, DK_CALL_THREAD_ATTACH, st->token, 0, 0,
				 0, 0, 0);
		fz_record(DK_CALL_THREAD_ATTACH, ret);
	}
	if (ret >= 0) {
		body_actions(st->fd, &r, st->h, st->nh);
		if (fz_pct(&r, 60)) {
			ret = dk_call_fd(st->fd, DK_CALL_THREAD_EXIT, 0, 0, 0, 0,
					 0, 0);
			fz_record(DK_CALL_THREAD_EXIT, ret);
		}
	}
	if (guess)
		__atomic_sub_fetch(&attachers, 1, __ATOMIC_RELAXED);
	body_leave(slot);
}

/* Start a thread on a pool stack that attaches with @token. */
static void body_spawn(struct fz_worker *w, uint32_t ci, uint64_t token,
		       uint32_t mode)
{
	struct fz_rng *r = &w->rng;
	struct fz_start *st;
	int slot = slot_get(r);
	uint32_t i;
	long ret;

	if (slot < 0)
		return;
	if (mode != BODY_ATTACH &&
	    __atomic_add_fetch(&attachers, 1, __ATOMIC_RELAXED) > FZ_ATTACHERS) {
		__atomic_sub_fetch(&attachers, 1, __ATOMIC_RELAXED);
		STORE(&slots[slot].state, SLOT_FREE);
		return;
	}
	st = (struct fz_start *)(slot_stack[slot] + FZ_SLOT_STACK -
				 ((sizeof(*st) + 15) & ~15UL));
	st->fd = fz.ctx[ci].fd;
	st->mode = mode;
	st->token = token;
	st->seed = fz_next(r);
	st->slot = (uint32_t)slot;
	st->nh = fz_below(r, 5);
	for (i = 0; i < st->nh; i++)
		st->h[i] = (int32_t)gen_handle(w, ci, KM_ALL);
	ret = fz_clone(DK_THREAD_CLONE_FLAGS, st);
	if (ret < 0) {
		if (mode != BODY_ATTACH)
			__atomic_sub_fetch(&attachers, 1, __ATOMIC_RELAXED);
		STORE(&slots[slot].state, SLOT_FREE);
		/* end the object that will never get its thread */
		if (mode == BODY_ATTACH)
			fz_record(DK_CALL_THREAD_ABORT,
				  dk(ci, DK_CALL_THREAD_ABORT, token, 0, 0, 0,
				     0, 0));
	}
}

/*
 * Threads created suspended whose clone may be waiting in its attach:
 * resumed a little later by any worker, so that they do not keep their
 * stack slots for good.  valid | ctx << 40 | handle.
 */
#define FZ_SUSP		32
static uint64_t susp[FZ_SUSP];

static void susp_resume(uint64_t v)
{
	uint32_t ci = (v >> 40) & 0xff;

	if (fz.ctx[ci].fd >= 0)
		fz_record(DK_CALL_THREAD_RESUME,
			  dk(ci, DK_CALL_THREAD_RESUME, (uint32_t)v, 0, 0, 0, 0, 0));
}

static void susp_add(struct fz_rng *r, uint32_t ci, long h)
{
	uint64_t v = P_VALID | (uint64_t)ci << 40 | (uint32_t)h;
	uint64_t old = __atomic_exchange_n(&susp[fz_below(r, FZ_SUSP)], v,
					   __ATOMIC_ACQ_REL);

	if (old & P_VALID)
		susp_resume(old);
}

static void susp_tick(struct fz_rng *r)
{
	uint64_t v = __atomic_exchange_n(&susp[fz_below(r, FZ_SUSP)], 0,
					 __ATOMIC_ACQ_REL);

	if (v & P_VALID)
		susp_resume(v);
}

static uint64_t guess_token(struct fz_rng *r, uint32_t ci)
{
	uint32_t t = tokens[ci][fz_below(r, 16)];

	switch (fz_below(r, 6)) {
	case 0:
		return fz_below(r, 64);
	case 1:
		return fz_pct(r, 50) ? 0 : fz_next(r);
	case 2:
		return t + 1;
	default:
		return t;
	}
}

static void exec_thread_create(struct fz_worker *w, uint32_t ci)
{
	struct fz_rng *r = &w->rng;
	struct dk_thread_create_out *out = (void *)(w->scr + 64);
	uint32_t d = fz_below(r, 100), flags;
	uint64_t base = 0, size = 0, outp;
	long h;

	if (!(fz.cfg.avoid & FZ_AVOID_THREADRACE) && d < 8) {
		h = dk(ci, DK_CALL_THREAD_ABORT, guess_token(r, ci), fz_next(r),
		       0, 0, fz_next(r), 0);
		fz_record(DK_CALL_THREAD_ABORT, h);
		return;
	}
	if (!(fz.cfg.avoid & FZ_AVOID_THREADRACE) && d < 14) {
		if (fz_pct(r, 50))
			body_spawn(w, ci, guess_token(r, ci), BODY_GUESS);
		else	/* the tokens the next creates will get */
			body_spawn(w, ci, LOAD(&last_token[ci]) + 1, BODY_HAMMER);
		return;
	}
	if (d < 22) {
		/* garbage: unknown flag bits, bad stacks, bad output */
		flags = (uint32_t)gen_flags(r, DK_THREAD_CREATE_SUSPENDED |
					    DK_THREAD_OWN_STACK);
		if ((flags & DK_THREAD_OWN_STACK) && !(flags & ~0x1ffU))
			flags |= 0x800;	/* keep it invalid: no stack is owned */
		h = dk(ci, DK_CALL_THREAD_CREATE, fz_next(r), fz_next(r),
		       wild_addr(r), flags, gen_len(r), gen_buf(w, 16, 1));
		fz_record(DK_CALL_THREAD_CREATE, h);
		if (h >= 0)
			pool_add(w, ci, K_THREAD, h);
		return;
	}
	flags = fz_pct(r, 10) ? DK_THREAD_CREATE_SUSPENDED : 0;
	if (d < 32) {
		/*
		 * What libdk does for a thread without a stack of its own: a
		 * fresh block of DK_THREAD_STACK_LEN bytes the module owns
		 * from now on and makes the exception stack of the task that
		 * attaches.  (libdk's DkThreadCreate itself is not used: its
		 * clone runs on that block, and a guessed ABORT of its token
		 * would hand the block to a second thread while the first
		 * still runs on it -- the picoprocess hurting only itself.)
		 */
		uint64_t *cell = (uint64_t *)(void *)(w->scr + 96);

		*cell = 0;
		h = dk(ci, DK_CALL_VIRTUAL_MEMORY_ALLOC, (uintptr_t)cell,
		       DK_THREAD_STACK_LEN, DK_MEM_RESERVE | DK_MEM_COMMIT,
		       DK_PROT_READ | DK_PROT_WRITE, 0, 0);
		fz_record(DK_CALL_VIRTUAL_MEMORY_ALLOC, h);
		if (h < 0)
			return;
		base = *cell;
		size = DK_THREAD_STACK_LEN;
		flags |= DK_THREAD_OWN_STACK;
	} else if (fz_pct(r, 30)) {
		flags |= DK_THREAD_OWN_STACK;
		if (fz_pct(r, 25)) {	/* reuse an ended thread's stack */
			base = 0;
			size = fz_pct(r, 50) ? DK_THREAD_STACK_LEN :
					       FZ_PAGE * (1 + fz_below(r, 8));
		} else {
			/* the module owns (and later frees) it from now on */
			gen_range(w, &base, &size, 0);
			own_forget(w, base, size);
		}
		/*
		 * A stack of exactly DK_THREAD_STACK_LEN becomes the
		 * exception stack of the thread: only ever a real block.
		 */
		if (base && size == DK_THREAD_STACK_LEN)
			size += FZ_PAGE;
	}
	/* an unwritable result makes the create fail late */
	outp = fz_pct(r, 90) ? (uint64_t)(uintptr_t)out :
	       fz_pct(r, 50) ? (uint64_t)(uintptr_t)scr_ro(w) : gen_buf(w, 16, 1);
	out->token = 0;
	out->size = fz_pct(r, 95) ? sizeof(*out) : (uint32_t)fz_below(r, 32);
	out->stack = 0;
	h = dk(ci, DK_CALL_THREAD_CREATE, fz_next(r), fz_next(r), base, flags,
	       size, outp);
	fz_record(DK_CALL_THREAD_CREATE, h);
	if (h < 0) {
		/* a fresh block stays ours on failure */
		if (d < 32)
			fz_record(DK_CALL_VIRTUAL_MEMORY_FREE,
				  dk(ci, DK_CALL_VIRTUAL_MEMORY_FREE, base, size,
				     DK_MEM_RELEASE, 0, 0, 0));
		return;
	}
	pool_add(w, ci, K_THREAD, h);
	if (outp != (uint64_t)(uintptr_t)out)
		return;
	tokens[ci][fz_below(r, 16)] = out->token;
	if (out->token > LOAD(&last_token[ci]))
		STORE(&last_token[ci], out->token);
	if (flags & DK_THREAD_CREATE_SUSPENDED) {
		if (fz_pct(r, 50))	/* before or racing the attach */
			fz_record(DK_CALL_THREAD_RESUME,
				  dk(ci, DK_CALL_THREAD_RESUME, h, 0, 0, 0, 0, 0));
		else
			susp_add(r, ci, h);
	}
	d = fz_below(r, 100);
	if (d < 75)
		body_spawn(w, ci, out->token, BODY_ATTACH);
	else if (d < 85)
		fz_record(DK_CALL_THREAD_ABORT, dk(ci, DK_CALL_THREAD_ABORT,
						   out->token, 0, 0, 0, 0, 0));
	else if (d < 90 && !(fz.cfg.avoid & FZ_AVOID_THREADRACE))
		body_spawn(w, ci, out->token + 1, BODY_ATTACH);
	/* else: stays created, ended with its context */
}

/* ------------------------------------------------------------------ */
/* Exceptions                                                           */
/* ------------------------------------------------------------------ */

static void fz_exc_handler(struct dk_exception *exc)
{
	if (exc->event == DK_EXC_RAISED) {
		ATOMIC_ADD(&fz_raised, 1);
		return;
	}
	/* A fault in the fuzzer itself: its own bug, not the kernel's. */
	fz_puts("dkfuzz: internal fault, event ");
	fz_putu(exc->event);
	fz_puts(" addr ");
	fz_putx(exc->addr);
	fz_puts("\n");
	__asm__ volatile ("syscall" : : "a" (231L), "D" (3L) : "rcx", "r11", "memory");
	__builtin_unreachable();
}

void fz_install_handlers(void)
{
	uint32_t e;

	for (e = 1; e < DK_EXC_COUNT; e++)
		DkSetExceptionHandler((void *)fz_exc_handler, e);
}

static void exec_exc_handler(struct fz_worker *w, uint32_t ci)
{
	struct fz_rng *r = &w->rng;
	uint64_t ev = 1 + fz_below(r, 4), bad, entry, rest;
	long ret;

	switch (fz_below(r, 6)) {
	case 0:	/* bad event, anything else */
		bad = fz_pct(r, 50) ? (fz_pct(r, 50) ? 0 : DK_EXC_COUNT + fz_below(r, 4)) :
		      fz_next(r) | (1ULL << 40);
		ret = dk(ci, DK_CALL_SET_EXCEPTION_HANDLER, fz_next(r), bad,
			 fz_next(r), 0, 0, 0);
		break;
	case 1:	/* an entry without a restorer */
		ret = dk(ci, DK_CALL_SET_EXCEPTION_HANDLER, 1 + fz_below(r, 1ULL << 46),
			 ev, 0, 0, 0, 0);
		break;
	case 2:	/* addresses outside user space */
		entry = fz_pct(r, 50) ? KADDR2 : NONCANON;
		rest = fz_pct(r, 50) ? KADDR1 : 0x1000;
		if (fz_pct(r, 50)) {
			bad = entry;
			entry = rest;
			rest = bad;
		}
		ret = dk(ci, DK_CALL_SET_EXCEPTION_HANDLER, entry, ev, rest, 0, 0, 0);
		break;
	case 3:	/* default action for a fault event: re-armed below */
		ev = 1 + fz_below(r, 3);
		ret = dk(ci, DK_CALL_SET_EXCEPTION_HANDLER, 0, ev, fz_next(r), 0, 0, 0);
		fz_record(DK_CALL_SET_EXCEPTION_HANDLER, ret);
		ret = DkSetExceptionHandler((void *)fz_exc_handler, (uint32_t)ev);
		break;
	default:	/* through libdk, the real entry */
		ret = DkSetExceptionHandler((void *)fz_exc_handler, (uint32_t)ev);
		break;
	}
	fz_record(DK_CALL_SET_EXCEPTION_HANDLER, ret);
}

static uint64_t gen_exc_block(struct fz_worker *w)
{
	struct fz_rng *r = &w->rng;
	struct dk_exception e = {
		.magic = fz_pct(r, 80) ? DK_EXC_MAGIC : (uint32_t)fz_next(r),
		.event = (uint32_t)fz_below(r, 6),
		.addr = fz_next(r),
		.opaque = fz_next(r),
		.size = fz_pct(r, 90) ? sizeof(e) : (uint32_t)fz_below(r, 64),
		.regs = fz_pct(r, 70) ? (uint64_t)(uintptr_t)w->scr : wild_addr(r),
		.frame = fz_pct(r, 70) ? (uint64_t)(uintptr_t)w->scr : wild_addr(r),
	};

	return place(w, &e, sizeof(e));
}

/* ------------------------------------------------------------------ */
/* Processes                                                            */
/* ------------------------------------------------------------------ */

static uint64_t gen_argv(struct fz_worker *w, int child)
{
	struct fz_rng *r = &w->rng;
	uint64_t *v = (uint64_t *)(void *)(w->scr + 8192);
	char *s = w->scr + 4096, *big = w->scr + 16384;
	uint32_t d = fz_below(r, 100), i, n;
	struct sb b = { s, 0, 512 };

	if (child) {
		/* "child SEED MS AVOID": a short run of the fuzzer */
		sb_add(&b, "child");
		v[0] = (uintptr_t)b.p;
		b.p += b.n + 1;
		b.max -= b.n + 1;
		b.n = 0;
		sb_num(&b, fz_next(r) >> 1);
		v[1] = (uintptr_t)b.p;
		b.p += b.n + 1;
		b.max -= b.n + 1;
		b.n = 0;
		sb_num(&b, 100 + fz_below(r, 400));
		v[2] = (uintptr_t)b.p;
		b.p += b.n + 1;
		b.max -= b.n + 1;
		b.n = 0;
		sb_num(&b, fz.cfg.avoid);
		v[3] = (uintptr_t)b.p;
		v[4] = 0;
		return (uintptr_t)v;
	}
	if (d < 30)
		return 0;
	if (d < 40)
		return wild_addr(r);
	if (d < 50) {	/* too many arguments */
		for (i = 0; i < DK_PROCESS_MAX_ARGS + 1; i++)
			v[i] = (uintptr_t)"a";
		v[i] = 0;
		return (uintptr_t)v;
	}
	if (d < 60) {	/* too many bytes */
		for (i = 0; i < 4000; i++)
			big[i] = 'b';
		big[i] = 0;
		for (i = 0; i < 20; i++)
			v[i] = (uintptr_t)big;
		v[i] = 0;
		return (uintptr_t)v;
	}
	if (d < 70) {	/* no terminator before the no-access page */
		uint64_t *e = (uint64_t *)(void *)scr_guard(w);

		for (i = 1; i <= 4; i++)
			e[-(long)i] = (uintptr_t)"x";
		return (uintptr_t)(e - 4);
	}
	n = fz_below(r, 5);
	for (i = 0; i < n; i++)
		v[i] = fz_pct(r, 90) ? (uintptr_t)"arg" : wild_addr(r);
	v[n] = 0;
	return (uintptr_t)v;
}

/*
 * DkProcessCreate's inherit list: mostly none, else a few handles of the
 * context (any kind: threads and processes are refused), now and then
 * too many, NULL or a wild array.  Its count in *@count.
 */
static uint64_t gen_inherit(struct fz_worker *w, uint32_t ci, uint64_t *count)
{
	struct fz_rng *r = &w->rng;
	uint64_t *hs = (uint64_t *)(void *)(w->scr + 1024);
	uint64_t n, k;

	if (fz_pct(r, 50)) {
		*count = 0;
		return fz_pct(r, 90) ? 0 : wild_addr(r);
	}
	if (fz_pct(r, 5)) {
		*count = fz_pct(r, 50) ? DK_PROCESS_INHERIT_MAX + 1 : 0xffffffff;
		return (uintptr_t)hs;
	}
	n = 1 + fz_below(r, 8);
	for (k = 0; k < n; k++)
		hs[k] = gen_handle(w, ci, KM_ALL);
	*count = n;
	if (fz_pct(r, 4))
		return 0;
	if (fz_pct(r, 4))
		return wild_addr(r);
	if (fz_pct(r, 6))	/* the array runs into no-access */
		return place(w, hs, n * sizeof(*hs));
	return (uintptr_t)hs;
}

static void exec_process_create(struct fz_worker *w, uint32_t ci)
{
	struct fz_rng *r = &w->rng;
	static const char *const bad[] = {
		"file:/img/nonexistent", "file:/s/a", "file:/etc/passwd",
		"file:relative", "file:", "pipe:p0", "", "file:/img",
		"file:/img/../../bin/true", "file:/r/a",
	};
	uint64_t uri, argv, inh, ninh, t = LOAD(&fz.ticks);
	long h;

	if (fz.child_uri && fz.cfg.proc_ok && fz_pct(r, 40) &&
	    t - LOAD(&fz.last_child_tick) >= 10) {
		STORE(&fz.last_child_tick, t);
		uri = place(w, fz.child_uri, dk_strlen(fz.child_uri) + 1);
		argv = gen_argv(w, fz_pct(r, 80));
	} else if (fz.cfg.host) {
		uri = gen_uri(w);
		argv = gen_argv(w, 0);
	} else {
		const char *s = bad[fz_below(r, ARRAY_SIZE(bad))];

		uri = fz_pct(r, 90) ? place(w, s, dk_strlen(s) + 1) : gen_uri(w);
		argv = gen_argv(w, 0);
	}
	inh = gen_inherit(w, ci, &ninh);
	h = dk(ci, DK_CALL_PROCESS_CREATE, uri, argv, inh, ninh, 0, 0);
	fz_record(DK_CALL_PROCESS_CREATE, h);
	if (h >= 0)
		pool_add(w, ci, K_PROC, h);
}

/* ------------------------------------------------------------------ */
/* Set-up and monitor commands (host mode)                              */
/* ------------------------------------------------------------------ */

static const unsigned long ioc_cmds[] = {
	[FZ_IOC_ADD_STREAM - FZ_IOC_ADD_STREAM] = DK_IOC_ADD_STREAM,
	[FZ_IOC_SET_LIMITS - FZ_IOC_ADD_STREAM] = DK_IOC_SET_LIMITS,
	[FZ_IOC_SEAL - FZ_IOC_ADD_STREAM] = DK_IOC_SEAL,
	[FZ_IOC_GET_INFO - FZ_IOC_ADD_STREAM] = DK_IOC_GET_INFO,
	[FZ_IOC_ADD_FS_ROOT - FZ_IOC_ADD_STREAM] = DK_IOC_ADD_FS_ROOT,
	[FZ_IOC_ADD_NET_RULE - FZ_IOC_ADD_STREAM] = DK_IOC_ADD_NET_RULE,
	[FZ_IOC_JOIN_TREE - FZ_IOC_ADD_STREAM] = DK_IOC_JOIN_TREE,
	[FZ_IOC_MONITOR_CREATE - FZ_IOC_ADD_STREAM] = DK_IOC_MONITOR_CREATE,
	[FZ_IOC_MONITOR_NEXT - FZ_IOC_ADD_STREAM] = DK_IOC_MONITOR_NEXT,
	[FZ_IOC_MONITOR_COMPLETE - FZ_IOC_ADD_STREAM] = DK_IOC_MONITOR_COMPLETE,
	[FZ_IOC_MONITOR_EXITED - FZ_IOC_ADD_STREAM] = DK_IOC_MONITOR_EXITED,
};

/* A host descriptor: the driver's, sometimes a context's or nonsense. */
static int gen_hostfd(struct fz_worker *w)
{
	struct fz_rng *r = &w->rng;
	uint32_t d = fz_below(r, 100);

	if (d < 75 && fz.nhostfd)
		return fz.hostfd[fz_below(r, fz.nhostfd)];
	if (d < 85 && !(fz.cfg.avoid & FZ_AVOID_CTXFD)) {
		if (fz_pct(r, 20) && fz.monitor_fd >= 0)
			return fz.monitor_fd;
		return fz.ctx[fz_below(r, fz.nctx)].fd;
	}
	switch (fz_below(r, 3)) {
	case 0:
		return -1;
	case 1:
		return 9999;
	default:
		return (int)fz_next(r);
	}
}

static uint64_t gen_prefix(struct fz_worker *w)
{
	static const char *const p[] = {
		"/", "/s", "/r", "/a/b", "/s/d", "relative", "/../x", "/.",
		"/x/./y", "//s", "/s/", "",
	};
	struct fz_rng *r = &w->rng;
	char t[400];
	struct sb b = { t, 0, sizeof(t) };

	if (fz_pct(r, 5))
		sb_fill(&b, 'p', 300);
	else
		sb_add(&b, p[fz_below(r, ARRAY_SIZE(p))]);
	return place(w, t, b.n + 1);
}

/* A context fd that is a monitor (one of ours), else -1. */
static int monitor_ctx_fd(struct fz_rng *r)
{
	uint32_t i = fz_below(r, fz.nctx);

	if (LOAD(&fz.ctx[i].flags) & FZ_CTX_MONITOR)
		return fz.ctx[i].fd;
	return -1;
}

static void exec_ioctl(struct fz_worker *w, uint32_t id, uint32_t ci)
{
	struct fz_rng *r = &w->rng;
	int fd = fz.ctx[ci].fd;
	unsigned long cmd;
	uint64_t arg;
	long ret;
	union {
		struct dk_setup_stream s;
		struct dk_setup_limits l;
		struct dk_context_info i;
		struct dk_setup_fs_root f;
		struct dk_setup_net_rule n;
		struct dk_join_tree j;
		struct dk_monitor_request q;
		struct dk_monitor_reply p;
		char raw[128];
	} u;
	uint32_t k;

	for (k = 0; k < sizeof(u); k++)
		u.raw[k] = 0;
	if (id == FZ_IOC_GARBAGE) {
		for (;;) {
			switch (fz_below(r, 3)) {
			case 0:
				cmd = _IOC(fz_below(r, 4), DK_IOC_MAGIC,
					   fz_below(r, 0x30), fz_below(r, 256));
				break;
			case 1:
				cmd = (uint32_t)fz_next(r);
				break;
			default:	/* a real command with high bits: truncated */
				cmd = DK_IOC_GET_INFO | (fz_next(r) << 32);
				break;
			}
			for (k = 0; k < ARRAY_SIZE(ioc_cmds); k++)
				if ((uint32_t)cmd == (uint32_t)ioc_cmds[k] &&
				    ioc_cmds[k] != DK_IOC_GET_INFO)
					break;
			if ((uint32_t)cmd != (uint32_t)DK_IOC_CALL &&
			    k == ARRAY_SIZE(ioc_cmds))
				break;
		}
		ret = fz_ioctl(fd, cmd, gen_buf(w, 128, 1));
		fz_record(id, ret);
		return;
	}
	cmd = ioc_cmds[id - FZ_IOC_ADD_STREAM];
	switch (id) {
	case FZ_IOC_ADD_STREAM:
		u.s.fd = gen_hostfd(w);
		u.s.access = (uint32_t)gen_enum(r, 3);
		break;
	case FZ_IOC_SET_LIMITS:
		u.l.max_handles = fz_pct(r, 80) ? 0 : gen_u32(r) + 8;
		u.l.max_kmem = fz_pct(r, 80) ? 0 : gen_len(r) + (1 << 20);
		u.l.max_vm = fz_pct(r, 80) ? 0 : gen_len(r) + (1ULL << 30);
		break;
	case FZ_IOC_SEAL:
		if (!fz_pct(r, 20))
			return;
		break;
	case FZ_IOC_GET_INFO:
		break;
	case FZ_IOC_ADD_FS_ROOT:
		u.f.fd = fz.ndirfd && fz_pct(r, 70) ?
			 fz.dirfd[fz_below(r, fz.ndirfd)] : gen_hostfd(w);
		u.f.flags = (uint32_t)gen_enum(r, 1);
		u.f.prefix = gen_prefix(w);
		break;
	case FZ_IOC_ADD_NET_RULE:
		u.n.op = (uint32_t)gen_enum(r, 2);
		u.n.family = fz_pct(r, 45) ? 2 : fz_pct(r, 80) ? 10 : gen_u32(r);
		u.n.prefix = (uint32_t)(fz_pct(r, 80) ? fz_below(r, 129) : gen_u32(r));
		u.n.port_lo = (uint16_t)(fz_pct(r, 70) ? 47000 : fz_next(r));
		u.n.port_hi = (uint16_t)(fz_pct(r, 70) ? 47003 : fz_next(r));
		if (fz_pct(r, 50)) {
			u.n.addr[0] = 127;
			u.n.addr[3] = 1;
		} else if (fz_pct(r, 50)) {
			u.n.addr[15] = 1;
		} else {
			for (k = 0; k < 16; k++)
				u.n.addr[k] = (uint8_t)fz_next(r);
		}
		break;
	case FZ_IOC_JOIN_TREE:
		switch (fz_below(r, 5)) {
		case 0: case 1:
			u.j.monitor_fd = fz.monitor_fd;
			break;
		case 2:
			u.j.monitor_fd = monitor_ctx_fd(r);
			break;
		default:
			u.j.monitor_fd = gen_hostfd(w);
			break;
		}
		u.j.reserved = fz_pct(r, 90) ? 0 : 1;
		u.j.id = fz_pct(r, 40) ? 0 : fz_pct(r, 80) ? 1 + fz_below(r, 64) :
						    fz_next(r);
		break;
	case FZ_IOC_MONITOR_CREATE:
		/* contexts 0 and 1 stay picoprocesses */
		if (ci < 2 || !fz_pct(r, 30))
			return;
		break;
	case FZ_IOC_MONITOR_NEXT:
		u.q.size = (uint32_t)(fz_pct(r, 50) ? 4096 : gen_len(r));
		u.q.buf = gen_buf(w, u.q.size, 1);
		break;
	case FZ_IOC_MONITOR_COMPLETE:
		u.p.id = fz_pct(r, 80) ? 1 + fz_below(r, 64) : fz_next(r);
		u.p.error = fz_pct(r, 50) ? 0 : fz_pct(r, 50) ? -ENOEXEC :
			    (int32_t)gen_u32(r);
		u.p.fd = gen_hostfd(w);
		u.p.reserved = fz_pct(r, 95) ? 0 : 1;
		/*
		 * On a monitor, only successful completions: one with an
		 * error frees the id, the next request gets it, and the
		 * driver's monitor, which took the first, may then send
		 * EXITED for a request still pending (see FZ_IOC_MONITOR_
		 * EXITED below).  A success it merely hears as EINVAL.
		 */
		if (LOAD(&fz.ctx[ci].flags) & FZ_CTX_MONITOR)
			u.p.error = 0;
		break;
	case FZ_IOC_MONITOR_EXITED:
		/*
		 * Only ids that cannot name a request, or on a context that
		 * is no monitor: EXITED for a still pending request leaves
		 * its parent blocked for good (killable only), which would
		 * stall the fuzzer (reported, see Documentation/testing.rst).
		 */
		u.p.id = fz_pct(r, 50) ? (1ULL << 31) + fz_below(r, 1000) : fz_next(r) | (1ULL << 40);
		/* contexts 0 and 1 never become monitors (see MONITOR_CREATE) */
		if (ci < 2 && fz_pct(r, 50))
			u.p.id = fz_below(r, 64);
		u.p.status = (int32_t)fz_next(r);
		break;
	}
	arg = fz_pct(r, 92) ? place(w, &u, sizeof(u)) : gen_buf(w, sizeof(u), 1);
	ret = fz_ioctl(fd, cmd, arg);
	fz_record(id, ret);
	if (ret < 0)
		return;
	switch (id) {
	case FZ_IOC_ADD_STREAM:
		pool_add(w, ci, K_HOST, ret);
		break;
	case FZ_IOC_MONITOR_CREATE:
		ATOMIC_OR(&fz.ctx[ci].flags, FZ_CTX_MONITOR);
		break;
	case FZ_IOC_GET_INFO:
		STORE(&fz.ctx[ci].tag, ((struct dk_context_info *)(uintptr_t)arg)->tag);
		break;
	case FZ_IOC_JOIN_TREE:
		ATOMIC_OR(&fz.ctx[ci].flags, FZ_CTX_MEMBER);
		break;
	case FZ_IOC_MONITOR_NEXT: {
		/* A taken request must be finished, or its parent waits on. */
		struct dk_monitor_request *q = (void *)(uintptr_t)arg;
		struct dk_monitor_reply *p = (void *)(w->scr + 512);

		p->id = q->id;
		p->error = -ENOEXEC;
		p->fd = -1;
		p->reserved = 0;
		/*
		 * No EXITED for it afterwards: an error completion frees the
		 * id at once, and EXITED on a new request that got it while
		 * still pending would leave that requester blocked for good.
		 */
		fz_record(FZ_IOC_MONITOR_COMPLETE,
			  fz_ioctl(fd, DK_IOC_MONITOR_COMPLETE, (uintptr_t)p));
		break;
	}
	default:
		break;
	}
}

/* ------------------------------------------------------------------ */
/* DK_IOC_CALL garbage                                                  */
/* ------------------------------------------------------------------ */

static void exec_garbage_call(struct fz_worker *w, uint32_t ci)
{
	struct fz_rng *r = &w->rng;
	struct dk_call c = { 0 };
	uint64_t p;
	long ret;
	uint32_t k;

	switch (fz_below(r, 6)) {
	case 0:	/* beyond the table */
		c.nr = fz_pct(r, 50) ? DK_CALL_COUNT + (uint32_t)fz_below(r, 8) :
		       (uint32_t)fz_next(r) | 0x100;
		break;
	case 1:	/* flags */
		c.nr = (uint32_t)fz_below(r, DK_CALL_COUNT + 2);
		c.flags = (uint32_t)fz_next(r) | 1;
		break;
	case 2:	/* only the header readable: a call without arguments */
		c.nr = DK_CALL_THREAD_YIELD_EXECUTION;
		p = (uintptr_t)scr_guard(w) - 8 - 8 * fz_below(r, 2);
		for (k = 0; k < 8; k++)
			((char *)(uintptr_t)p)[k] = ((char *)&c)[k];
		ret = fz_ioctl(fz.ctx[ci].fd, DK_IOC_CALL, p);
		fz_record(FZ_CALL_GARBAGE, ret);
		return;
	case 3:	/* header readable, the argument it needs not */
		c.nr = DK_CALL_SYSTEM_TIME_QUERY;
		p = (uintptr_t)scr_guard(w) - 8;
		for (k = 0; k < 8; k++)
			((char *)(uintptr_t)p)[k] = ((char *)&c)[k];
		ret = fz_ioctl(fz.ctx[ci].fd, DK_IOC_CALL, p);
		fz_record(FZ_CALL_GARBAGE, ret);
		return;
	case 4:	/* the struct itself nowhere */
		ret = fz_ioctl(fz.ctx[ci].fd, DK_IOC_CALL, wild_addr(r));
		fz_record(FZ_CALL_GARBAGE, ret);
		return;
	default:	/* the struct ending the address space */
		ret = fz_ioctl(fz.ctx[ci].fd, DK_IOC_CALL,
			       fz_pct(r, 50) ? TOP_USER + 4096 - 16 : NONCANON - 8);
		fz_record(FZ_CALL_GARBAGE, ret);
		return;
	}
	for (k = 0; k < DK_CALL_MAX_ARGS; k++)
		c.args[k] = fz_next(r);
	ret = fz_ioctl(fz.ctx[ci].fd, DK_IOC_CALL, place(w, &c, sizeof(c)));
	fz_record(FZ_CALL_GARBAGE, ret);
}

/* ------------------------------------------------------------------ */
/* The executor                                                         */
/* ------------------------------------------------------------------ */

static uint32_t cum[FZ_NCALLS];
static uint32_t cum_total;

static int call_enabled(uint32_t id)
{
	const struct fz_call *c = &fz_calls[id];

	if (!c->name || !c->weight || (c->flags & FZ_R_INTERNAL))
		return 0;
	if ((c->flags & FZ_R_HOST) && !fz.cfg.host)
		return 0;
	if (id == DK_CALL_PROCESS_CREATE && (fz.cfg.avoid & FZ_AVOID_PROC))
		return 0;
	if (id == DK_CALL_THREAD_CREATE && (fz.cfg.avoid & FZ_AVOID_THREADS))
		return 0;
	return 1;
}

static uint32_t pick_call(struct fz_rng *r)
{
	uint32_t x = (uint32_t)fz_below(r, cum_total), lo = 0, hi = FZ_NCALLS - 1;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static uint32_t pick_ctx(struct fz_rng *r)
{
	uint32_t i, ci;

	for (i = 0; i < 8; i++) {
		ci = fz_below(r, fz.nctx);
		if (fz.ctx[ci].fd >= 0)
			return ci;
	}
	return 0;
}

static uint32_t kmask_of(uint8_t kind)
{
	switch (kind) {
	case FA_H_STREAM:
		return KM_STREAM;
	case FA_H_FILE:
		return KM_FILE;
	case FA_H_SERVER:
		return KM_SERVER;
	case FA_H_THREAD:
		return KB(K_THREAD);
	case FA_H_SEM:
		return KB(K_SEM);
	case FA_H_EVENT:
		return KM_EVENT;
	default:
		return KM_ALL;
	}
}

static void fz_step(struct fz_worker *w)
{
	struct fz_rng *r = &w->rng;
	uint32_t id, ci, i;
	const struct fz_call *c;
	uint64_t a[DK_CALL_MAX_ARGS] = { 0 };
	uint64_t len = 0, srclen = 0, count = 0, vmlen = 0, cell = 0;
	uint64_t *cellp = 0;
	uint32_t kind = 0;
	long ret;

	/*
	 * Each call's choices come from (seed, worker, call number) alone,
	 * so a replay makes the same calls even where earlier results (and
	 * with them the random numbers they consumed) differ.
	 */
	fz_rng_seed(r, w->base + w->calls * 0x9e3779b97f4a7c15ULL);
	id = pick_call(r);
	ci = pick_ctx(r);
	c = &fz_calls[id];
	w->cur = id;
	w->in_call = 1;
	w->seq++;
	if (!(w->calls % 32))
		susp_tick(r);
	switch (c->special) {
	case FS_THREAD_CREATE:
		exec_thread_create(w, ci);
		goto done;
	case FS_PROCESS_CREATE:
		exec_process_create(w, ci);
		goto done;
	case FS_EXC_HANDLER:
		exec_exc_handler(w, ci);
		goto done;
	case FS_IOCTL:
		exec_ioctl(w, id, ci);
		goto done;
	case FS_GARBAGE_CALL:
		exec_garbage_call(w, ci);
		goto done;
	default:
		break;
	}

	/* Pass 1: lengths, counts, ranges. */
	for (i = 0; i < c->nargs; i++) {
		switch (c->arg[i]) {
		case FA_LEN:
			a[i] = len = gen_len(r);
			break;
		case FA_SRC_LEN:
			a[i] = srclen = fz_pct(r, 70) ? 64 + fz_below(r, 64) :
					gen_len(r);
			break;
		case FA_COUNT:
			a[i] = count = gen_count(r, 10, DK_WAIT_MAX, 8);
			break;
		case FA_POLL_COUNT:
			a[i] = count = gen_count(r, 12, DK_POLL_MAX, 16);
			break;
		case FA_VM_ADDR:
			gen_range(w, &a[i], &vmlen, 0);
			break;
		case FA_VM_CELL:
			gen_range(w, &cell, &vmlen, 1);
			cellp = (uint64_t *)(void *)(w->scr + 128);
			*cellp = cell;
			a[i] = fz_pct(r, 94) ? (uintptr_t)cellp :
			       fz_pct(r, 50) ? (uintptr_t)scr_ro(w) : wild_addr(r);
			break;
		case FA_MAP_ADDR: {
			uint32_t m = fz_below(r, FZ_MAPS);

			if (fz_pct(r, 70) && LOAD(&maps[m].addr)) {
				a[i] = LOAD(&maps[m].addr);
				vmlen = LOAD(&maps[m].len);
				if (fz_pct(r, 10))
					vmlen += FZ_PAGE;
			} else {
				gen_range(w, &a[i], &vmlen, 0);
			}
			break;
		}
		default:
			break;
		}
	}
	/* Pass 2: everything else. */
	for (i = 0; i < c->nargs; i++) {
		switch (c->arg[i]) {
		case FA_ZERO:
			a[i] = fz_pct(r, 2) ? fz_next(r) : 0;
			break;
		case FA_RAW:
			a[i] = fz_pct(r, 50) ? fz_below(r, 300) : fz_next(r);
			break;
		case FA_U32:
			a[i] = gen_u32(r);
			break;
		case FA_FLAGS:
			a[i] = gen_flags(r, c->mask[i]);
			break;
		case FA_ENUM:
			a[i] = gen_enum(r, c->mask[i]);
			break;
		case FA_H: case FA_H_STREAM: case FA_H_FILE: case FA_H_SERVER:
		case FA_H_THREAD: case FA_H_SEM: case FA_H_EVENT:
			a[i] = gen_handle(w, ci, kmask_of(c->arg[i]));
			break;
		case FA_OFFSET:
			a[i] = gen_offset(r);
			break;
		case FA_BUF_IN: {
			uint64_t b = gen_buf(w, len, 0);

			/* Input bytes: a recognisable pattern. */
			if (b >= (uintptr_t)w->scr && b < (uintptr_t)scr_guard(w) &&
			    fz_pct(r, 30)) {
				char *p = (char *)(uintptr_t)b;
				uint64_t k, n = (uintptr_t)scr_guard(w) - b;

				n = n < len ? n : len;
				n = n < 512 ? n : 512;
				for (k = 0; k < n; k++)
					p[k] = (char)('a' + k % 26);
			}
			a[i] = b;
			break;
		}
		case FA_BUF_OUT:
			a[i] = gen_buf(w, len, 1);
			break;
		case FA_SRC_BUF:
			a[i] = fz_pct(r, 60) ? 0 : gen_buf(w, srclen, 1);
			break;
		case FA_URI:
			a[i] = gen_uri(w);
			kind = w->uri_kind;
			break;
		case FA_URI_DEST:
			if (fz_pct(r, 70)) {
				a[i] = 0;
			} else {
				uint32_t k = w->uri_kind;

				a[i] = gen_uri(w);
				w->uri_kind = k;
			}
			break;
		case FA_ATTR_IN: {
			struct dk_stream_attr_set at = {
				.mask = (uint32_t)gen_flags(r, DK_ATTR_SET_ALL),
				.flags = (uint32_t)gen_flags(r, DK_ATTR_NONBLOCK |
							     DK_ATTR_TCP_NODELAY),
				.recv_buf = fz_pct(r, 60) ? 0 : (uint32_t)gen_len(r),
				.send_buf = fz_pct(r, 60) ? 0 : (uint32_t)gen_len(r),
				.reserved = fz_pct(r, 95) ? 0 : 1,
			};

			/* chmod: the owner keeps rwx, so clean-up works. */
			if (at.mask & DK_ATTR_SET_MODE)
				at.mode = 0700 | (uint32_t)gen_flags(r, 07077);
			/* Mostly only flags the mask names, as callers do. */
			if (fz_pct(r, 80))
				at.flags &= ((at.mask & DK_ATTR_SET_NONBLOCK) ?
					     DK_ATTR_NONBLOCK : 0) |
					    ((at.mask & DK_ATTR_SET_TCP_NODELAY) ?
					     DK_ATTR_TCP_NODELAY : 0);

			a[i] = place(w, &at, sizeof(at));
			break;
		}
		case FA_ATTR_OUT:
			a[i] = gen_buf(w, sizeof(struct dk_stream_attr), 1);
			break;
		case FA_ATTR_SIZE:
			switch (fz_below(r, 4)) {
			case 0:
				a[i] = 0;
				break;
			case 1:
				a[i] = DK_STREAM_ATTR_SIZE_VER0;
				break;
			case 2:
				a[i] = sizeof(struct dk_stream_attr);
				break;
			default:
				a[i] = gen_len(r);
				break;
			}
			break;
		case FA_TIMES_IN: {
			struct dk_stream_times t = {
				.atime_ns = (int64_t)fz_next(r),
				.mtime_ns = (int64_t)fz_next(r),
				.flags = (uint32_t)gen_flags(r, DK_TIMES_ALL),
				.reserved = fz_pct(r, 95) ? 0 : 1,
			};

			a[i] = place(w, &t, sizeof(t));
			break;
		}
		case FA_OUT_U64:
			a[i] = gen_buf(w, 8, 1);
			break;
		case FA_MAP_CELL:
			cellp = (uint64_t *)(void *)(w->scr + 136);
			*cellp = fz_pct(r, 50) ? 0 :
				 FZ_ARENA + fz_below(r, FZ_ARENA_PAGES) * FZ_PAGE;
			if (fz_pct(r, 5))
				*cellp = wild_addr(r);
			a[i] = fz_pct(r, 95) ? (uintptr_t)cellp : gen_buf(w, 8, 1);
			break;
		case FA_VM_SIZE:
		case FA_MAP_SIZE:
			a[i] = vmlen;
			break;
		case FA_HANDLES: {
			int32_t *hs = (int32_t *)(void *)(w->scr + 1024);
			uint64_t n = count < DK_WAIT_MAX ? count : DK_WAIT_MAX, k;

			for (k = 0; k < n; k++)
				hs[k] = (int32_t)gen_handle(w, ci, KM_ALL);
			if (n > 1 && fz_pct(r, 20))
				hs[n - 1] = hs[0];	/* duplicates are allowed */
			a[i] = (uintptr_t)hs;
			if (fz_pct(r, 6))	/* the array runs into no-access */
				a[i] = (uintptr_t)place(w, hs, n * 4);
			else if (fz_pct(r, 3))
				a[i] = wild_addr(r);
			break;
		}
		case FA_POLL_ITEMS: {
			/* After the handle array's place: up to 1024 items. */
			struct dk_poll_item *it = (void *)(w->scr + 4096);
			uint64_t n = count < DK_POLL_MAX ? count : DK_POLL_MAX, k;

			for (k = 0; k < n; k++) {
				it[k].handle = fz_pct(r, 5) ? ~0ULL :
					       gen_handle(w, ci, KM_ALL);
				it[k].events = (uint32_t)gen_flags(r,
					DK_POLL_IN | DK_POLL_PRI | DK_POLL_OUT |
					DK_POLL_RDHUP);
				it[k].revents = (uint32_t)fz_next(r);
			}
			if (n > 1 && fz_pct(r, 20))
				it[n - 1] = it[0];	/* duplicates are allowed */
			a[i] = (uintptr_t)it;
			if (fz_pct(r, 6))	/* the array runs into no-access */
				a[i] = (uintptr_t)place(w, it, n * sizeof(*it));
			else if (fz_pct(r, 3))
				a[i] = wild_addr(r);
			break;
		}
		case FA_TIMEOUT:
			a[i] = gen_timeout(r);
			break;
		case FA_EXC_BLOCK:
			a[i] = gen_exc_block(w);
			break;
		default:
			break;
		}
	}

	if (id == DK_CALL_STREAM_DELETE && (fz.cfg.avoid & FZ_AVOID_FILEDEL)) {
		/* --avoid filedel: no file or directory, asked just before */
		struct dk_stream_attr *at = (void *)(w->scr + 256);

		if (dk(ci, DK_CALL_STREAM_ATTRIBUTES_QUERY_BY_HANDLE, a[0],
		       (uintptr_t)at, 0, 0, 0, 0) < 0 ||
		    at->type == DK_STREAM_TYPE_FILE || at->type == DK_STREAM_TYPE_DIR)
			goto done;
	}
	ret = dk(ci, id, a[0], a[1], a[2], a[3], a[4], a[5]);
	fz_record(id, ret);

	/* Bookkeeping: pools of what now exists. */
	switch (c->special) {
	case FS_VM_ALLOC:
		if (ret >= 0 && (a[2] & DK_MEM_RESERVE) && !cell && cellp &&
		    a[0] == (uintptr_t)cellp && *cellp)
			own_add(w, ci, *cellp, (vmlen + FZ_PAGE - 1) & ~(FZ_PAGE - 1));
		break;
	case FS_VM_RANGE:
		if (ret >= 0 && id == DK_CALL_VIRTUAL_MEMORY_FREE &&
		    a[2] == DK_MEM_RELEASE)
			own_forget(w, a[0], a[1]);
		break;
	case FS_OBJ_CREATE:
		if (ret >= 0)
			pool_add(w, ci, id == DK_CALL_SEMAPHORE_CREATE ? K_SEM :
				 id == DK_CALL_NOTIFICATION_EVENT_CREATE ? K_NEV :
				 K_SEV, ret);
		break;
	case FS_CLOSE:
		if (ret >= 0 && fz_pct(r, 80))
			pool_del(ci, (long)a[0]);
		break;
	case FS_STREAM_OPEN:
		if (ret >= 0)
			pool_add(w, ci, kind, ret);
		break;
	case FS_ACCEPT:
		if (ret >= 0) {
			uint32_t k = K_PIPE;
			long ph;

			/* a guess is good enough for the pool */
			if (pool_pick(&w->rng, (int)ci, KB(K_TSRV), &ph, 0) &&
			    (uint64_t)ph == a[0])
				k = K_TCP;
			pool_add(w, ci, k, ret);
		}
		break;
	case FS_STREAM_MAP:
		if (ret < 0 || !cellp || a[1] != (uintptr_t)cellp)
			break;
		if (*cellp >= FZ_ARENA && *cellp < FZ_ARENA + FZ_ARENA_LEN) {
			/* shared: the arena is never the fuzzer's own data */
			uint32_t m = fz_below(r, FZ_MAPS);

			STORE(&maps[m].len, (a[4] + FZ_PAGE - 1) & ~(FZ_PAGE - 1));
			STORE(&maps[m].addr, *cellp);
		} else if (fz_pct(r, 60)) {
			/*
			 * Anywhere: unmapped by this worker at once or left
			 * alone, never shared, so that no stale entry can name
			 * memory the range is reused for.
			 */
			fz_record(DK_CALL_STREAM_UNMAP,
				  dk(ci, DK_CALL_STREAM_UNMAP, *cellp, a[4], 0, 0,
				     0, 0));
		}
		break;
	case FS_STREAM_UNMAP:
		if (ret >= 0)
			for (i = 0; i < FZ_MAPS; i++)
				if (LOAD(&maps[i].addr) == a[0])
					STORE(&maps[i].addr, 0);
		break;
	default:
		break;
	}
done:
	w->calls++;
	w->seq++;
	w->in_call = 0;
}

/* ------------------------------------------------------------------ */
/* Set-up, workers, epochs, watchdog                                    */
/* ------------------------------------------------------------------ */

int fz_parse_avoid(const char *s, uint64_t *mask)
{
	static const struct { const char *name; uint64_t bit; } names[] = {
		{ "ctxfd", FZ_AVOID_CTXFD }, { "filedel", FZ_AVOID_FILEDEL },
		{ "threadrace", FZ_AVOID_THREADRACE }, { "proc", FZ_AVOID_PROC },
		{ "pipe", FZ_AVOID_PIPE }, { "threads", FZ_AVOID_THREADS },
	};
	uint32_t i, n;

	while (*s) {
		for (n = 0; s[n] && s[n] != ','; n++)
			;
		for (i = 0; i < ARRAY_SIZE(names); i++) {
			const char *a = names[i].name;
			uint32_t k;

			for (k = 0; k < n && a[k] == s[k]; k++)
				;
			if (k == n && !a[k])
				break;
		}
		if (i == ARRAY_SIZE(names))
			return -1;
		*mask |= names[i].bit;
		s += n;
		if (*s == ',')
			s++;
	}
	return 0;
}

void fz_rng_stream(struct fz_rng *r, uint64_t n)
{
	fz_rng_seed(r, fz.cfg.seed ^ (n * 0xd1b54a32d192ed03ULL));
}

int fz_init(void)
{
	uint32_t id, total = 0;

	for (id = 0; id < FZ_NCALLS; id++) {
		if (call_enabled(id))
			total += fz_calls[id].weight;
		cum[id] = total;
	}
	cum_total = total;
	if (!total)
		return -1;
	fz_arena_reset();
	return 0;
}

int fz_worker_init(uint32_t id)
{
	struct fz_worker *w = &fz_workers[id];

	w->id = id;
	fz_rng_stream(&w->rng, 1000 + id);
	w->base = fz_next(&w->rng);
	w->scr = fz_plat_scratch();
	return w->scr ? 0 : -1;
}

int fz_epoch_parked(void)
{
	return LOAD(&fz.parked) + LOAD(&fz.finished) >= fz.cfg.nworkers;
}

void fz_epoch_release(void)
{
	STORE(&fz.parked, 0);
	ATOMIC_ADD(&fz.epoch, 1);
}

void fz_worker_loop(struct fz_worker *w)
{
	uint64_t quota = fz.cfg.max_calls ?
			 (fz.cfg.max_calls + fz.cfg.nworkers - 1) / fz.cfg.nworkers : 0;
	uint32_t ep = LOAD(&fz.epoch), n = 0;

	while (!LOAD(&fz.stop) && (!quota || w->calls < quota)) {
		fz_step(w);
		if (fz.cfg.epoch_calls && ++n >= fz.cfg.epoch_calls) {
			n = 0;
			ATOMIC_ADD(&fz.parked, 1);
			while (LOAD(&fz.epoch) == ep && !LOAD(&fz.stop))
				dk_call_fd(anchor_fd(), DK_CALL_THREAD_DELAY_EXECUTION,
					   1000000, 0, 0, 0, 0, 0);
			ep = LOAD(&fz.epoch);
		}
	}
	/* A finished worker counts as parked for good. */
	ATOMIC_ADD(&fz.finished, 1);
}

int fz_supervise_tick(void (*interrupt)(struct fz_worker *w), uint64_t now,
		      uint64_t deadline, uint64_t *hang_at)
{
	__atomic_add_fetch(&fz.ticks, 1, __ATOMIC_RELAXED);
	fz_watchdog(interrupt);
	if (deadline && now >= deadline && !fz.stop) {
		fz.stop = 1;
		*hang_at = now + FZ_HANG_GRACE_MS;
	}
	return *hang_at && now >= *hang_at;
}

void fz_watchdog(void (*interrupt)(struct fz_worker *w))
{
	uint32_t i;

	for (i = 0; i < fz.cfg.nworkers; i++) {
		struct fz_worker *w = &fz_workers[i];
		uint64_t seq = w->seq;

		if (!w->in_call || seq != w->seen_seq) {
			w->seen_seq = seq;
			w->stuck = 0;
			continue;
		}
		if (++w->stuck >= 2) {
			interrupt(w);
			w->stuck = 0;
		}
	}
}
