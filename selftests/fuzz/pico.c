// SPDX-License-Identifier: GPL-2.0
/*
 * dkfuzz, picoprocess mode: the same core inside a confined picoprocess
 * (built with dbcc, run by dbexec with a manifest granting a scratch
 * directory, loopback rules and the directory of this image).  The only
 * context is the one dbexec hands over; workers are Dk threads on stacks
 * of the image's own; a stuck worker is interrupted with
 * DkThreadRaiseException.
 *
 *   dbexec -m M fuzz_pico fuzz [--seed N] [--time SECS] [--calls N]
 *                              [--threads N] [--avoid LIST] [--strict]
 *                              [--verbose]
 *   fuzz_pico child SEED MS AVOIDMASK   (what DkProcessCreate starts)
 *
 * Prints "seed=N" first and the summary last on its standard output.
 * Exit status as dkfuzz_host's.
 */
#include "fuzz.h"

#define WORKER_STACK	(128 * 1024)

static long out_h = -1;
static uint32_t done;
static char wstack[FZ_MAX_WORKERS][WORKER_STACK] __attribute__((aligned(64)));
static char child_uri[512];

void fz_plat_write(const char *s, uint64_t n)
{
	while (out_h >= 0 && n) {
		long w = DkStreamWrite(out_h, DK_OFFSET_NONE, n, s);

		if (w <= 0)
			return;
		s += w;
		n -= (uint64_t)w;
	}
}

char *fz_plat_scratch(void)
{
	char *p = 0;
	uint64_t i;

	if (DkVirtualMemoryAlloc((void **)&p, FZ_SCR_LEN,
				 DK_MEM_RESERVE | DK_MEM_COMMIT,
				 DK_PROT_READ | DK_PROT_WRITE) < 0)
		return 0;
	for (i = 0; i < FZ_PAGE; i++)
		p[FZ_SCR_RW + FZ_PAGE + i] = 'r';
	if (DkVirtualMemoryProtect(p + FZ_SCR_RW, FZ_PAGE, DK_PROT_NONE) < 0 ||
	    DkVirtualMemoryProtect(p + FZ_SCR_RW + FZ_PAGE, FZ_PAGE,
				   DK_PROT_READ) < 0 ||
	    DkVirtualMemoryProtect(p + FZ_SCR_RW + 2 * FZ_PAGE, FZ_PAGE,
				   DK_PROT_NONE) < 0)
		return 0;
	return p;
}

static uint64_t now_ms(void)
{
	uint64_t ns = 0;

	DkSystemTimeQuery(&ns);
	return ns / 1000000;
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static uint64_t num(const char *s)
{
	uint64_t v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return v;
}

static void worker_main(void *arg)
{
	fz_worker_loop(arg);
	__atomic_add_fetch(&done, 1, __ATOMIC_RELEASE);
}

static void interrupt(struct fz_worker *w)
{
	if (w->handle > 0)
		DkThreadRaiseException(w->handle, 0);
}

/* "file:/img/" + the image's file name: how a child is started. */
static void make_child_uri(const char *argv0)
{
	const char *base = argv0, *p;
	uint32_t n = 0;

	for (p = argv0; *p; p++)
		if (*p == '/')
			base = p + 1;
	for (p = "file:/img/"; *p; p++)
		child_uri[n++] = *p;
	for (p = base; *p && n + 1 < sizeof(child_uri); p++)
		child_uri[n++] = *p;
	child_uri[n] = 0;
}

static int run(void)
{
	const struct dk_start_info *si = dk_start_info();
	uint64_t start, deadline = 0, hang_at = 0;
	uint32_t i;
	long h = -1;

	fz.ctx[0].fd = dk_get_fd();
	fz.ctx[0].flags = FZ_CTX_ANCHOR;
	fz.nctx = 1;
	for (i = 1; i < FZ_MAX_CTX; i++)
		fz.ctx[i].fd = -1;
	fz.monitor_fd = -1;
	for (i = 0; i < 3; i++)
		if (si->std_handles[i] >= 0) {
			fz_protect(si->std_handles[i]);
			h = si->std_handles[i];
		}
	if (si->parent_handle >= 0) {
		fz_protect(si->parent_handle);
		h = si->parent_handle;
	}
	if (h < 0) {
		h = DkSemaphoreCreate(0, 1);
		if (h < 0)
			return 1;
		DkObjectClose(h);
	}
	fz.ctx[0].tag = DK_HANDLE_TAG(h);
	if (fz_init())
		return 1;
	fz_install_handlers();
	for (i = 0; i < fz.cfg.nworkers; i++)
		if (fz_worker_init(i))
			return 1;
	start = now_ms();
	if (fz.cfg.time_ms)
		deadline = start + fz.cfg.time_ms;
	for (i = 0; i < fz.cfg.nworkers; i++) {
		struct fz_worker *w = &fz_workers[i];
		long th = DkThreadCreate(worker_main, w, wstack[i] + WORKER_STACK, 0);

		if (th < 0) {
			fz_puts("dkfuzz: cannot start a worker\n");
			return 1;
		}
		w->handle = th;
		fz_protect(th);
	}
	while (__atomic_load_n(&done, __ATOMIC_ACQUIRE) < fz.cfg.nworkers) {
		DkThreadDelayExecution(50 * 1000000ULL);
		if (fz_supervise_tick(interrupt, now_ms(), deadline, &hang_at)) {
			for (i = 0; i < fz.cfg.nworkers; i++)
				if (fz_workers[i].in_call) {
					fz_puts("dkfuzz: a worker hangs in ");
					fz_puts(fz_calls[fz_workers[i].cur].name);
					fz_puts("\n");
				}
			fz_report(now_ms() - start);
			return 4;
		}
		if (fz_epoch_parked())
			fz_epoch_release();
	}
	return fz_report(now_ms() - start);
}

int main(int argc, char **argv)
{
	const struct dk_start_info *si = dk_start_info();
	int i;

	fz.cfg.nworkers = 4;
	fz.cfg.time_ms = 60000;
	fz.cfg.proc_ok = 1;
	fz.cfg.mode = "pico";
	if (argc >= 5 && streq(argv[1], "child")) {
		/* A short quiet run in a child started by DkProcessCreate. */
		fz.cfg.mode = "child";
		fz.cfg.seed = num(argv[2]);
		fz.cfg.time_ms = num(argv[3]);
		fz.cfg.avoid = num(argv[4]) | FZ_AVOID_PROC;
		fz.cfg.nworkers = 1;
		fz.cfg.proc_ok = 0;
		if (fz.cfg.time_ms > 2000)
			fz.cfg.time_ms = 2000;
		return run();
	}
	if (argc < 2 || !streq(argv[1], "fuzz"))
		return 2;	/* garbage arguments from a fuzzed parent */
	for (i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";

		if (streq(a, "--seed")) {
			fz.cfg.seed = num(v), i++;
		} else if (streq(a, "--time")) {
			fz.cfg.time_ms = num(v) * 1000, i++;
		} else if (streq(a, "--calls")) {
			fz.cfg.max_calls = num(v), i++;
		} else if (streq(a, "--threads")) {
			fz.cfg.nworkers = (uint32_t)num(v), i++;
		} else if (streq(a, "--avoid")) {
			if (fz_parse_avoid(v, &fz.cfg.avoid))
				return 1;
			i++;
		} else if (streq(a, "--strict")) {
			fz.cfg.strict = 1;
		} else if (streq(a, "--verbose")) {
			fz.cfg.verbose = 1;
		} else {
			return 1;
		}
	}
	if (!fz.cfg.nworkers || fz.cfg.nworkers > FZ_MAX_WORKERS)
		return 1;
	out_h = si->std_handles[1];
	if (!fz.cfg.seed) {
		DkRandomBitsRead(&fz.cfg.seed, sizeof(fz.cfg.seed));
		fz.cfg.seed >>= 1;
	}
	fz_puts("seed=");
	fz_putu(fz.cfg.seed);
	fz_puts("\n");
	make_child_uri(argv[0]);
	fz.child_uri = child_uri;
	return run();
}
