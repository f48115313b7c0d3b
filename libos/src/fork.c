// SPDX-License-Identifier: GPL-2.0
/*
 * fork.c: fork, vfork and clone without CLONE_VM (or with
 * CLONE_VM|CLONE_VFORK), as a new picoprocess.
 *
 * The parent starts another instance of the libOS image with
 * DkProcessCreate("file:" DK_LIBOS_SELF_PATH, { LX_FORK_ARG }) and writes
 * a checkpoint of itself to the new process handle; the child's libOS
 * reads it from its parent stream, rebuilds the state at the same
 * addresses and resumes the forking thread's registers with rax = 0.
 * The checkpoint (one byte stream, native endianness):
 *
 *   struct lx_ckpt_hdr                  ids, ancestors, registers, FS base,
 *                                       mask, brk, counts and string lengths
 *   exec path, cwd                      (not NUL-terminated)
 *   per mapping: struct lx_ckpt_vma, then per run of pages that are not
 *     all zero: struct lx_ckpt_run + the bytes
 *   per fd: struct lx_ckpt_fd + path [+ struct lx_file + its buffer]
 *   the signal state (signal.c's blob, hdr.sig_size bytes)
 *   LX_CKPT_END (u32)
 *
 * Every application mapping is copied (text too: simpler than re-reading
 * the file, and right when it was written); pages without PROT_READ are
 * mapped but not copied.  Open files reach the child as the same Dk
 * objects (DkProcessCreate's inherit list; the description's state is
 * sent by value): offsets, pipe ends and sockets are shared as on Linux.
 * Past DK_PROCESS_INHERIT_MAX files a file is reopened by path at its
 * offset (then not shared).
 *
 * vfork (LX_CKPT_LAZY): the checkpoint carries the mappings but no runs.
 * The child maps every readable one without access (the VMA list holds
 * its real protection) and fetches a page on first use: a memory fault
 * on it (signal.c), or lx_user_ok before the libOS touches it (mem.c),
 * sends LX_MSG_PAGE_REQ for a run of up to LX_FETCH_MAX pages not
 * fetched yet; the parent's child reader answers LX_MSG_PAGE + the bytes
 * (its vforking thread waits for the release meanwhile, so the memory is
 * as at the vfork), and the child's parent reader writes them in place
 * and sets the protection.  A call that changes mappings (mmap, munmap,
 * mprotect, ...) and a fork first fetch everything left; execve ends it.
 * The child cannot write the parent's memory (libos.rst "Processes").
 */
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/uio.h>

#include "proc.h"
#include "files.h"
#include "mem.h"
#include "net.h"
#include "thread.h"

#define LX_CKPT_MAGIC		0x4c58434bU	/* "LXCK" */
#define LX_CKPT_END		0x4c58454eU	/* "LXEN" */
#define LX_CKPT_VERSION		4	/* 4: epoll interest lists */
#define LX_CKPT_VFORK		0x1
#define LX_CKPT_LAZY		0x2	/* no runs: pages fetched on use */

struct lx_ckpt_hdr {
	uint32_t magic;
	uint32_t version;
	int32_t pid, ppid, pgid, sid;
	uint32_t umask;
	uint32_t flags;			/* LX_CKPT_VFORK, LX_CKPT_LAZY */
	uint64_t fsbase;
	uint64_t sigmask;
	uint64_t clear_child_tid;	/* CLONE_CHILD_CLEARTID address, 0 */
	uint64_t set_child_tid;		/* CLONE_CHILD_SETTID address, 0 */
	struct sigcontext regs;		/* fpstate: not passed (NULL) */
	uint64_t brk_base, brk_cur, brk_end;
	uint32_t exec_len, cwd_len;
	uint32_t nvma, nfd;
	uint32_t sig_size;
	uint32_t reserved;
	int32_t anc[LX_ANC_MAX];	/* the child's ancestors, parent first */
};

struct lx_ckpt_vma {
	uint64_t start, end;
	int32_t prot;
	uint32_t nruns;
};

struct lx_ckpt_run {
	uint64_t start, len;
};

struct lx_ckpt_fd {
	int32_t fd;
	int32_t cloexec;
	int32_t kind;
	int32_t flags;
	uint64_t pos;
	int32_t std_index;	/* LX_F_HOST: which std handle, else -1 */
	int32_t same_as;	/* an earlier fd of the same file, else -1 */
	int32_t inherit;	/* index of handle in the inherit list, -1 */
	int32_t inherit2;	/* index of handle2, -1 */
	uint32_t path_len;
	uint32_t raw_size;	/* inherited: struct lx_file follows, else 0 */
	uint32_t buf_len;	/* epoll: its interest list (dbuf) follows */
	uint32_t pad;
};

/* Signal state: signal.c's when it provides it, else none. */
LX_WEAK unsigned long lx_sig_fork_size(void)
{
	return 0;
}

LX_WEAK void lx_sig_fork_save(void *buf, unsigned long size)
{
	(void)buf;
	(void)size;
}

LX_WEAK void lx_sig_fork_restore(const void *buf, unsigned long size)
{
	(void)buf;
	(void)size;
}

/* ------------------------------------------------------------------ */
/* vfork: the child's pages, fetched from the parent on first use       */
/* ------------------------------------------------------------------ */

static LX_NORETURN void lx_restore_fail(const char *what, long err);

/* A readable mapping of the parent, mapped here without access. */
struct lx_lazy {
	unsigned long start, end;
	int prot;
	uint8_t *have;		/* a bit per page: fetched */
};

/*
 * lx_lazy_lock protects lx_lazy, lx_nlazy, the have bits and lx_fetch,
 * and is held by a thread for its whole request: one in flight.  Taken
 * in fault upcalls too; never with lx_mem_lock held.
 */
static struct lx_lock lx_lazy_lock = LX_LOCK_INIT;
static struct lx_lazy *lx_lazy;
static uint32_t lx_nlazy, lx_lazy_max;
static int lx_lazy_gone;	/* the parent link ended */
/* Set by the parent reader when the request in flight is answered. */
static long lx_fetch_event = -1;
static struct {
	unsigned long start, pages;
	int prot;
	int done;		/* 0 waiting, 1 answered, -1 no parent */
} lx_fetch;

static struct lx_lazy *lx_lazy_find(unsigned long a)
{
	uint32_t i;

	for (i = 0; i < lx_nlazy; i++)
		if (a >= lx_lazy[i].start && a < lx_lazy[i].end)
			return &lx_lazy[i];
	return NULL;
}

static int lx_lazy_have(const struct lx_lazy *l, unsigned long a)
{
	unsigned long pg = (a - l->start) / LX_PAGE_SIZE;

	return l->have[pg / 8] & (1U << (pg % 8));
}

static void lx_lazy_set(struct lx_lazy *l, unsigned long a)
{
	unsigned long pg = (a - l->start) / LX_PAGE_SIZE;

	l->have[pg / 8] |= (uint8_t)(1U << (pg % 8));
}

/*
 * With lx_lazy_lock held: fetch the run of pages not fetched yet around
 * @a (page-aligned, in @l and not fetched): up to LX_FETCH_MAX / 4 - 1
 * below it, the rest from it up.  A parent that is
 * gone cannot give them: the process ends (killed, SIGKILL).
 */
static void lx_fetch_run_locked(struct lx_lazy *l, unsigned long a)
{
	struct lx_msg m = { .magic = LX_MSG_MAGIC, .type = LX_MSG_PAGE_REQ };
	unsigned long n = 1, i;
	int32_t ev = (int32_t)lx_fetch_event;

	/* A few pages below too (stacks grow down), the rest above. */
	while (n < LX_FETCH_MAX / 4 && a > l->start &&
	       !lx_lazy_have(l, a - LX_PAGE_SIZE)) {
		a -= LX_PAGE_SIZE;
		n++;
	}
	while (n < LX_FETCH_MAX && a + n * LX_PAGE_SIZE < l->end &&
	       !lx_lazy_have(l, a + n * LX_PAGE_SIZE))
		n++;
	lx_fetch.start = a;
	lx_fetch.pages = n;
	lx_fetch.prot = l->prot;
	__atomic_store_n(&lx_fetch.done, 0, __ATOMIC_RELEASE);
	DkEventClear(lx_fetch_event);
	m.a = (int32_t)(uint32_t)a;
	m.b = (int32_t)(uint32_t)(a >> 32);
	m.c = (int32_t)n;
	if (lx_lazy_gone || lx_proc_send_up(&m) < 0)
		__atomic_store_n(&lx_fetch.done, -1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&lx_fetch.done, __ATOMIC_ACQUIRE))
		DkObjectsWaitAny(1, &ev, DK_TIMEOUT_INFINITE);
	if (__atomic_load_n(&lx_fetch.done, __ATOMIC_ACQUIRE) < 0) {
		lx_log("vfork child: the parent is gone, page %#lx lost", a);
		DkProcessExit(128 + 9);
	}
	for (i = 0; i < n; i++)
		lx_lazy_set(l, a + i * LX_PAGE_SIZE);
}

void lx_vfork_fetch(unsigned long start, unsigned long end)
{
	struct lx_lazy *l;
	unsigned long a;

	for (a = LX_PAGE_DOWN(start); a < end; a += LX_PAGE_SIZE) {
		lx_lock(&lx_lazy_lock);
		l = lx_lazy_find(a);
		if (l && !lx_lazy_have(l, a))
			lx_fetch_run_locked(l, a);
		lx_unlock(&lx_lazy_lock);
	}
}

int lx_vfork_fault(unsigned long addr)
{
	struct lx_lazy *l;
	int fetched = 0;

	if (!__atomic_load_n(&lx_mem_lazy, __ATOMIC_ACQUIRE))
		return 0;
	addr = LX_PAGE_DOWN(addr);
	lx_lock(&lx_lazy_lock);
	l = lx_lazy_find(addr);
	if (l && !lx_lazy_have(l, addr)) {
		lx_fetch_run_locked(l, addr);
		fetched = 1;
	}
	lx_unlock(&lx_lazy_lock);
	return fetched;
}

void lx_vfork_lazy_end(void)
{
	uint32_t i;

	lx_lock(&lx_lazy_lock);
	__atomic_store_n(&lx_mem_lazy, 0, __ATOMIC_RELEASE);
	for (i = 0; i < lx_nlazy; i++)
		lx_free(lx_lazy[i].have);
	lx_free(lx_lazy);
	lx_lazy = NULL;
	lx_nlazy = lx_lazy_max = 0;
	lx_unlock(&lx_lazy_lock);
}

/* Everything not fetched yet, then no more lazy pages. */
static void lx_vfork_fetch_all(void)
{
	uint32_t i;

	if (!__atomic_load_n(&lx_mem_lazy, __ATOMIC_ACQUIRE))
		return;
	for (i = 0; i < __atomic_load_n(&lx_nlazy, __ATOMIC_ACQUIRE); i++)
		lx_vfork_fetch(lx_lazy[i].start, lx_lazy[i].end);
	lx_vfork_lazy_end();
}

/* The buffers of an iovec array (read from the program, checked). */
static void lx_vfork_fetch_iov(const struct iovec *iov, unsigned long cnt)
{
	unsigned long i;

	if (cnt > UIO_MAXIOV || !LX_USER_RD(iov, cnt * sizeof(*iov)))
		return;
	for (i = 0; i < cnt; i++)
		lx_vfork_fetch((unsigned long)iov[i].iov_base,
			       (unsigned long)iov[i].iov_base + iov[i].iov_len);
}

/* The buffer a Dk call would get as it is: here first (else EFAULT). */
static void lx_vfork_fetch_buf(unsigned long p, unsigned long n)
{
	if (p && n && n <= LX_USER_END && p <= LX_USER_END - n)
		lx_vfork_fetch(p, p + n);
}

void lx_vfork_syscall(const struct lx_call *c)
{
	const struct lx_msghdr *mh = (const void *)c->a[1];

	switch (c->nr) {
	case __NR_mmap:
	case __NR_munmap:
	case __NR_mprotect:
	case __NR_mremap:
	case __NR_brk:
	case __NR_madvise:
		/* The mappings change: the parent's, all here first. */
		lx_vfork_fetch_all();
		break;
	case __NR_read:
	case __NR_write:
	case __NR_pread64:
	case __NR_pwrite64:
	case __NR_sendto:
	case __NR_recvfrom:
	case __NR_getdents64:
		lx_vfork_fetch_buf((unsigned long)c->a[1], (unsigned long)c->a[2]);
		break;
	case __NR_getrandom:
		lx_vfork_fetch_buf((unsigned long)c->a[0], (unsigned long)c->a[1]);
		break;
	case __NR_readv:
	case __NR_writev:
	case __NR_preadv:
	case __NR_pwritev:
		lx_vfork_fetch_iov((const void *)c->a[1], (unsigned long)c->a[2]);
		break;
	case __NR_sendmsg:
	case __NR_recvmsg:
		if (LX_USER_RD(mh, sizeof(*mh)))
			lx_vfork_fetch_iov(mh->msg_iov, mh->msg_iovlen);
		break;
	}
}

void lx_vfork_parent_gone(void)
{
	__atomic_store_n(&lx_lazy_gone, 1, __ATOMIC_RELEASE);
	if (lx_fetch_event < 0)
		return;
	__atomic_store_n(&lx_fetch.done, -1, __ATOMIC_RELEASE);
	DkEventSet(lx_fetch_event);
}

void lx_vfork_page_in(long h, const struct lx_msg *m)
{
	unsigned long a = (uint32_t)m->a | (unsigned long)(uint32_t)m->b << 32;
	unsigned long len = lx_fetch.pages * LX_PAGE_SIZE;
	long r;

	if (__atomic_load_n(&lx_fetch.done, __ATOMIC_ACQUIRE) ||
	    a != lx_fetch.start || m->c < 0 ||
	    (unsigned long)m->c > lx_fetch.pages)
		lx_fatal("vfork child: unexpected page answer at %#lx", a);
	r = DkVirtualMemoryProtect((void *)a, len, DK_PROT_READ | DK_PROT_WRITE);
	if (!r)
		r = lx_read_all(h, (void *)a, (unsigned long)m->c * LX_PAGE_SIZE);
	if (!r)
		r = DkVirtualMemoryProtect((void *)a, len, (uint32_t)lx_fetch.prot &
					   (DK_PROT_READ | DK_PROT_WRITE |
					    DK_PROT_EXEC));
	if (r < 0)
		lx_fatal("vfork child: page %#lx: %s", a, dk_strerror(r));
	__atomic_store_n(&lx_fetch.done, 1, __ATOMIC_RELEASE);
	DkEventSet(lx_fetch_event);
}

/* The child: [start, end) is mapped without access, to fetch. */
static void lx_lazy_add(unsigned long start, unsigned long end, int prot)
{
	unsigned long bytes = ((end - start) / LX_PAGE_SIZE + 7) / 8;
	struct lx_lazy *l;

	if (lx_nlazy == lx_lazy_max) {
		uint32_t max = lx_lazy_max ? 2 * lx_lazy_max : 16;

		l = lx_malloc(max * sizeof(*l));
		if (!l)
			lx_restore_fail("the vfork pages", -ENOMEM);
		if (lx_nlazy)
			memcpy(l, lx_lazy, lx_nlazy * sizeof(*l));
		lx_free(lx_lazy);
		lx_lazy = l;
		lx_lazy_max = max;
	}
	l = &lx_lazy[lx_nlazy];
	l->have = lx_calloc(1, bytes);
	if (!l->have)
		lx_restore_fail("the vfork pages", -ENOMEM);
	l->start = start;
	l->end = end;
	l->prot = prot;
	lx_nlazy++;
}

/* The parent: the pages asked for that it can read, or none. */
void lx_vfork_serve(long h, const struct lx_msg *m, int vfork)
{
	unsigned long a = (uint32_t)m->a | (unsigned long)(uint32_t)m->b << 32;
	struct lx_msg r = { .magic = LX_MSG_MAGIC, .type = LX_MSG_PAGE,
			    .a = m->a, .b = m->b };
	const struct lx_vma *v;
	int n = 0;

	lx_mem_lock();
	while (vfork && n < m->c && n < LX_FETCH_MAX &&
	       !(a & (LX_PAGE_SIZE - 1)) && a < LX_USER_END) {
		v = lx_vma_find(&lx_mem_vmas, a + (unsigned long)n * LX_PAGE_SIZE);
		if (!v || !lx_vma_real(v) || !(v->prot & PROT_READ))
			break;
		n++;
	}
	lx_mem_unlock();
	r.c = n;
	lx_proc_send_data(h, &r, (const void *)a, (unsigned long)n * LX_PAGE_SIZE);
}

/* ------------------------------------------------------------------ */
/* The parent: write the checkpoint                                    */
/* ------------------------------------------------------------------ */

static int lx_page_zero(const unsigned long *p)
{
	unsigned long i, acc = 0;

	for (i = 0; i < LX_PAGE_SIZE / sizeof(*p); i++)
		acc |= p[i];
	return !acc;
}

/*
 * Runs of non-zero pages of [start, end): counted (@h < 0) or written
 * to @h.  Returns the count or -errno.
 */
static long lx_runs(long h, unsigned long start, unsigned long end)
{
	struct lx_ckpt_run run;
	unsigned long a = start, s;
	long n = 0, r;

	while (a < end) {
		while (a < end && lx_page_zero((const unsigned long *)a))
			a += LX_PAGE_SIZE;
		if (a >= end)
			break;
		s = a;
		while (a < end && !lx_page_zero((const unsigned long *)a))
			a += LX_PAGE_SIZE;
		n++;
		if (h < 0)
			continue;
		run.start = s;
		run.len = a - s;
		r = lx_write_all(h, &run, sizeof(run));
		if (!r)
			r = lx_write_all(h, (const void *)s, a - s);
		if (r < 0)
			return r;
	}
	return n;
}

/* The application's mappings worth copying, snapshot under the lock. */
static long lx_vma_snapshot(struct lx_vma **out)
{
	struct lx_vma *v;
	unsigned long i, n = 0;

	lx_mem_lock();
	v = lx_malloc((lx_mem_vmas.n + 1) * sizeof(*v));
	if (!v) {
		lx_mem_unlock();
		return -ENOMEM;
	}
	for (i = 0; i < lx_mem_vmas.n; i++)
		if (lx_vma_real(&lx_mem_vmas.v[i]))
			v[n++] = lx_mem_vmas.v[i];
	lx_mem_unlock();
	*out = v;
	return (long)n;
}

/*
 * The fd table as the checkpoint sends it, taken before DkProcessCreate
 * (which needs the handles to pass): each record holds a reference on
 * its file until the checkpoint went out.
 */
struct lx_fd_snap {
	struct lx_ckpt_fd r[LX_FD_MAX];
	struct lx_file *f[LX_FD_MAX];
	void *buf[LX_FD_MAX];	/* an epoll fd's interest list, else NULL */
	long handles[DK_PROCESS_INHERIT_MAX];
	unsigned int nhandles;
	int n;
};

static int lx_std_index(const struct lx_file *f)
{
	int i;

	for (i = 0; i < 3; i++)
		if (f->kind == LX_F_HOST && lx_start_info.std_handles[i] >= 0 &&
		    f->handle == lx_start_info.std_handles[i])
			return i;
	return -1;
}

/* Index of @h in the inherit list (added if there is room), or -1. */
static int lx_inherit(struct lx_fd_snap *w, long h)
{
	if (h < 0 || w->nhandles >= DK_PROCESS_INHERIT_MAX)
		return -1;
	w->handles[w->nhandles] = h;
	return (int)w->nhandles++;
}

static long lx_fd_one(int fd, struct lx_file *f, int cloexec, void *arg)
{
	struct lx_fd_snap *w = arg;
	struct lx_ckpt_fd *r = &w->r[w->n];
	int i;

	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->cloexec = cloexec;
	r->kind = f->kind;
	r->flags = f->flags;
	r->std_index = lx_std_index(f);
	r->same_as = -1;
	r->inherit = r->inherit2 = -1;
	for (i = 0; i < w->n; i++)
		if (w->f[i] == f && w->r[i].same_as < 0)
			r->same_as = w->r[i].fd;
	if (r->same_as < 0) {
		r->inherit = lx_inherit(w, f->handle);
		if (r->inherit >= 0 && f->handle2 >= 0) {
			r->inherit2 = lx_inherit(w, f->handle2);
			if (r->inherit2 < 0) {
				w->nhandles--;	/* both or neither */
				r->inherit = -1;
			}
		}
		if (r->inherit < 0 && f->kind == LX_F_STREAM) {
			long pos = DkStreamSeek(f->handle, 0, DK_SEEK_CUR);

			r->pos = pos > 0 ? (uint64_t)pos : 0;
		}
		r->raw_size = r->inherit >= 0 ? sizeof(*f) : 0;
	}
	w->buf[w->n] = NULL;
	if (r->same_as < 0 && f->kind == LX_F_EPOLL) {
		/* no handle: the description and its list go by value */
		lx_lock(&f->lock);
		if (f->dlen && f->dlen <= UINT32_MAX)
			w->buf[w->n] = lx_malloc(f->dlen);
		if (w->buf[w->n]) {
			memcpy(w->buf[w->n], f->dbuf, f->dlen);
			r->buf_len = (uint32_t)f->dlen;
		}
		if (!f->dlen || w->buf[w->n])
			r->raw_size = sizeof(*f);	/* else left closed */
		lx_unlock(&f->lock);
	}
	r->path_len = f->path ? (uint32_t)strlen(f->path) : 0;
	lx_file_get(f);
	w->f[w->n++] = f;
	return 0;
}

static void lx_fd_snap_put(struct lx_fd_snap *w)
{
	int i;

	for (i = 0; i < w->n; i++) {
		lx_file_put(w->f[i]);
		lx_free(w->buf[i]);
	}
	w->n = 0;
}

static long lx_fd_snap_write(long h, const struct lx_fd_snap *w)
{
	long ret = 0;
	int i;

	for (i = 0; !ret && i < w->n; i++) {
		const struct lx_file *f = w->f[i];

		ret = lx_write_all(h, &w->r[i], sizeof(w->r[i]));
		if (!ret && w->r[i].path_len)
			ret = lx_write_all(h, f->path, w->r[i].path_len);
		if (!ret && w->r[i].raw_size)
			ret = lx_write_all(h, f, w->r[i].raw_size);
		if (!ret && w->r[i].buf_len)
			ret = lx_write_all(h, w->buf[i], w->r[i].buf_len);
	}
	return ret;
}

static long lx_ckpt_write(long h, struct lx_ckpt_hdr *hdr,
			  const struct lx_fd_snap *w, unsigned long sp)
{
	char cwd[LX_PATH_MAX];
	const char *exe = lx_start_info.exec_path;
	struct lx_vma *v = NULL;
	void *sig = NULL;
	long nv, i, r;
	uint32_t end = LX_CKPT_END;

	nv = lx_vma_snapshot(&v);
	if (nv < 0)
		return nv;
	lx_cwd_get(cwd);
	hdr->nfd = (uint32_t)w->n;
	hdr->nvma = (uint32_t)nv;
	hdr->exec_len = exe ? (uint32_t)strlen(exe) : 0;
	hdr->cwd_len = (uint32_t)strlen(cwd);
	hdr->sig_size = (uint32_t)lx_sig_fork_size();
	if (hdr->sig_size) {
		sig = lx_malloc(hdr->sig_size);
		if (!sig) {
			r = -ENOMEM;
			goto out;
		}
		lx_sig_fork_save(sig, hdr->sig_size);
	}
	r = lx_write_all(h, hdr, sizeof(*hdr));
	if (!r)
		r = lx_write_all(h, exe, hdr->exec_len);
	if (!r)
		r = lx_write_all(h, cwd, hdr->cwd_len);
	for (i = 0; !r && i < nv; i++) {
		struct lx_ckpt_vma cv = {
			.start = v[i].start, .end = v[i].end, .prot = v[i].prot,
		};
		int copy = (v[i].prot & PROT_READ) != 0;
		unsigned long from = v[i].start;

		/*
		 * Below the forking thread's stack pointer (and red zone)
		 * its stack holds nothing live: not read, so the pages of
		 * an 8 MiB stack the program never touched are not faulted
		 * in just to find them zero.
		 */
		if (sp - 128 > from && sp <= v[i].end)
			from = LX_PAGE_DOWN(sp - 128);
		long n = copy && !(hdr->flags & LX_CKPT_LAZY) ?
			 lx_runs(-1, from, v[i].end) : 0;

		cv.nruns = (uint32_t)n;
		r = lx_write_all(h, &cv, sizeof(cv));
		if (!r && n > 0) {
			n = lx_runs(h, from, v[i].end);
			r = n < 0 ? n : (n == (long)cv.nruns ? 0 : -EAGAIN);
		}

	}
	if (!r)
		r = lx_fd_snap_write(h, w);
	if (!r && hdr->sig_size)
		r = lx_write_all(h, sig, hdr->sig_size);
	if (!r)
		r = lx_write_all(h, &end, sizeof(end));
out:
	lx_free(sig);
	lx_free(v);
	return r;
}

#define LX_FORK_OK	(CLONE_VM | CLONE_VFORK | CLONE_PARENT_SETTID | \
			 CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | \
			 CLONE_SETTLS | CLONE_SYSVSEM | CLONE_IO | \
			 CLONE_PTRACE | CLONE_UNTRACED | CLONE_DETACHED)

long lx_proc_fork(unsigned long flags, unsigned long sp, int *ptid,
		  int *ctid, unsigned long tls, const struct sigcontext *regs)
{
	static const char uri[] = "file:" DK_LIBOS_SELF_PATH;
	const char *args[] = { LX_FORK_ARG, NULL };
	struct lx_thread *self = lx_self();
	struct lx_ckpt_hdr *hdr;
	struct lx_fd_snap *w;
	int vfork = !!(flags & CLONE_VFORK);
	int pid;
	long h, r;

	if (flags & ~(unsigned long)LX_FORK_OK)
		return -EINVAL;
	/* A vfork child forking: what it has not fetched yet, first. */
	lx_vfork_fetch_all();
	if ((flags & CLONE_VM) && !vfork)
		return -EINVAL;	/* a process sharing memory: impossible */
	if ((flags & CLONE_PARENT_SETTID) && !LX_USER_WR(ptid, sizeof(int)))
		return -EFAULT;
	if ((flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) &&
	    !LX_USER_WR(ctid, sizeof(int)))
		return -EFAULT;

	hdr = lx_calloc(1, sizeof(*hdr));
	w = lx_calloc(1, sizeof(*w));
	if (!hdr || !w) {
		lx_free(hdr);
		lx_free(w);
		return -ENOMEM;
	}
	pid = lx_proc_new_pid();
	hdr->magic = LX_CKPT_MAGIC;
	hdr->version = LX_CKPT_VERSION;
	hdr->pid = pid;
	lx_proc_get_ids(&hdr->ppid, &hdr->pgid, &hdr->sid);
	hdr->ppid = lx_proc_pid();
	lx_proc_child_ancestors(hdr->anc);
	hdr->umask = (uint32_t)lx_umask_get();
	hdr->flags = vfork ? LX_CKPT_VFORK | LX_CKPT_LAZY : 0;
	hdr->fsbase = (flags & CLONE_SETTLS) ? tls : self->fsbase;
	hdr->sigmask = self->sigmask;
	if (flags & CLONE_CHILD_CLEARTID)
		hdr->clear_child_tid = (unsigned long)ctid;
	if (flags & CLONE_CHILD_SETTID)
		hdr->set_child_tid = (unsigned long)ctid;
	hdr->regs = *regs;
	hdr->regs.fpstate = NULL;
	hdr->regs.rax = 0;
	hdr->regs.rcx = regs->rip;	/* as after a real syscall */
	hdr->regs.r11 = regs->eflags;
	if (sp)
		hdr->regs.rsp = sp;
	lx_mem_brk_get((unsigned long *)&hdr->brk_base,
		       (unsigned long *)&hdr->brk_cur,
		       (unsigned long *)&hdr->brk_end);

	lx_proc_rendezvous();
	lx_fd_each(lx_fd_one, w);
	h = DkProcessCreate(uri, args, w->handles, w->nhandles);
	if (h < 0) {
		lx_fd_snap_put(w);
		lx_free(w);
		lx_free(hdr);
		/* Linux's fork never fails with EINTR: start it again. */
		if (h == -EINTR)
			return -LX_ERESTARTNOINTR;
		return h == -ENOMEM ? -ENOMEM : -EAGAIN;
	}
	r = lx_ckpt_write(h, hdr, w, regs->rsp);
	lx_fd_snap_put(w);
	lx_free(w);
	lx_free(hdr);
	if (!r)
		r = lx_proc_add_child(pid, h, vfork);
	if (r < 0) {
		DkObjectClose(h);	/* the child sees the end: it exits */
		return r == -ENOMEM ? -ENOMEM : -EAGAIN;
	}
	if (flags & CLONE_PARENT_SETTID)
		*ptid = pid;
	if (vfork)
		lx_proc_wait_release(pid);
	return pid;
}

long lx_sys_fork(struct lx_call *c)
{
	return lx_proc_fork(0, 0, NULL, NULL, 0, c->regs);
}

long lx_sys_vfork(struct lx_call *c)
{
	return lx_proc_fork(CLONE_VM | CLONE_VFORK, 0, NULL, NULL, 0, c->regs);
}

/* ------------------------------------------------------------------ */
/* The child: read the checkpoint and run                               */
/* ------------------------------------------------------------------ */

static LX_NORETURN void lx_restore_fail(const char *what, long err)
{
	lx_fatal("fork child: %s: %s", what, dk_strerror(err));
}

static char *lx_get_str(long h, uint32_t n)
{
	char *s = lx_malloc((size_t)n + 1);

	if (!s)
		lx_restore_fail("strings", -ENOMEM);
	if (lx_read_all(h, s, n) < 0)
		lx_restore_fail("the checkpoint", -EPIPE);
	s[n] = 0;
	return s;
}

static void lx_restore_vma(long h, int lazy)
{
	struct lx_ckpt_vma cv;
	struct lx_ckpt_run run;
	uint32_t i;
	long r;

	r = lx_read_all(h, &cv, sizeof(cv));
	if (r < 0)
		lx_restore_fail("the checkpoint", r);
	if (cv.start >= cv.end || (cv.start | cv.end) & (LX_PAGE_SIZE - 1))
		lx_restore_fail("a mapping", -EINVAL);
	lx_mem_lock();
	r = lx_mem_alloc_fixed_locked(cv.start, cv.end, PROT_READ | PROT_WRITE);
	lx_mem_unlock();
	if (r < 0) {
		lx_log("fork child: cannot place %#lx-%#lx", (unsigned long)cv.start,
		       (unsigned long)cv.end);
		lx_restore_fail("a mapping", r);
	}
	for (i = 0; i < cv.nruns; i++) {
		r = lx_read_all(h, &run, sizeof(run));
		if (r < 0)
			lx_restore_fail("the checkpoint", r);
		if (run.start < cv.start || run.len > cv.end - run.start)
			lx_restore_fail("a run", -EINVAL);
		r = lx_read_all(h, (void *)run.start, run.len);
		if (r < 0)
			lx_restore_fail("the checkpoint", r);
	}
	lazy = lazy && (cv.prot & PROT_READ);
	if (lazy)
		lx_lazy_add(cv.start, cv.end, cv.prot);
	if (lazy || cv.prot != (PROT_READ | PROT_WRITE)) {
		lx_mem_lock();
		r = DkVirtualMemoryProtect((void *)cv.start, cv.end - cv.start,
					   lazy ? DK_PROT_NONE :
					   (uint32_t)cv.prot &
					   (DK_PROT_READ | DK_PROT_WRITE |
					    DK_PROT_EXEC));
		if (!r)
			lx_vma_set_prot(&lx_mem_vmas, cv.start, cv.end, cv.prot);
		lx_mem_unlock();
		if (r < 0)
			lx_restore_fail("mprotect", r);
	}
}

/* The handles the parent passed (DkProcessGetInherited), in its order. */
static long lx_inh[DK_PROCESS_INHERIT_MAX];
static long lx_ninh;

/* Take inherited handle @i (once), or -1. */
static long lx_inh_take(int i)
{
	long h;

	if (i < 0 || i >= lx_ninh)
		return -1;
	h = lx_inh[i];
	lx_inh[i] = -1;
	return h;
}

/* An inherited file: the parent's description, by value, on our handles. */
static struct lx_file *lx_restore_inherited(const struct lx_ckpt_fd *r,
					    const struct lx_file *raw,
					    char *path)
{
	struct lx_file *f = lx_malloc(sizeof(*f));

	if (!f)
		return NULL;
	*f = *raw;
	f->refs = 1;
	f->lock.locked = 0;
	f->path = path;
	f->dbuf = NULL;		/* directory read-ahead: read again */
	f->dlen = f->doff = 0;
	f->deof = 0;
	f->handle = lx_inh_take(r->inherit);
	f->handle2 = lx_inh_take(r->inherit2);
	return f;
}

/* One fd of the parent's table; a file that cannot be is left closed. */
static void lx_restore_fd(long h, const struct lx_start *st)
{
	struct lx_ckpt_fd r;
	struct lx_file *f = NULL, raw;
	char *path = NULL, *buf = NULL;
	long ret;

	ret = lx_read_all(h, &r, sizeof(r));
	if (ret < 0)
		lx_restore_fail("the checkpoint", ret);
	if (r.path_len) {
		if (r.path_len >= LX_PATH_MAX)
			lx_restore_fail("a path", -ENAMETOOLONG);
		path = lx_get_str(h, r.path_len);
	}
	if (r.raw_size) {
		if (r.raw_size != sizeof(raw))
			lx_restore_fail("a file", -EPROTO);
		ret = lx_read_all(h, &raw, sizeof(raw));
		if (ret < 0)
			lx_restore_fail("the checkpoint", ret);
	}
	if (r.buf_len) {
		buf = lx_malloc(r.buf_len);
		if (!buf)
			lx_restore_fail("an epoll list", -ENOMEM);
		ret = lx_read_all(h, buf, r.buf_len);
		if (ret < 0)
			lx_restore_fail("the checkpoint", ret);
	}
	if (r.same_as >= 0) {
		lx_fd_dup2(r.same_as, r.fd, r.cloexec);
		goto out;
	}
	if (r.raw_size && (r.inherit >= 0 || r.kind == LX_F_EPOLL)) {
		f = lx_restore_inherited(&r, &raw, path);
		if (!f)
			goto out;
		path = NULL;	/* the file's now */
		if (f->kind == LX_F_EPOLL) {
			f->dbuf = buf;	/* the interest list */
			f->dlen = r.buf_len;
			buf = NULL;
		}
	} else if (r.std_index >= 0) {
		long sh = st->std_handles[r.std_index];

		if (sh < 0 || DkObjectReference(sh) < 0)
			goto out;
		f = lx_file_new(LX_F_HOST, sh, r.flags, NULL);
		if (!f) {
			DkObjectClose(sh);
			goto out;
		}
	} else if (path && r.kind != LX_F_HOST) {
		/* Not passed (the inherit list was full): reopen by path. */
		ret = lx_open_path(path, r.flags & ~(O_CREAT | O_TRUNC | O_EXCL),
				   0, &f);
		if (ret < 0) {
			f = NULL;
			goto out;
		}
		f->flags = r.flags;
		if (f->kind == LX_F_STREAM)
			DkStreamSeek(f->handle, (long long)r.pos, DK_SEEK_SET);
	} else {
		goto out;
	}
	if (lx_fd_install(f, r.fd, r.cloexec) != r.fd)
		lx_file_put(f);
out:
	lx_free(buf);
	lx_free(path);
}

LX_NORETURN void lx_fork_child(struct lx_start *st)
{
	long h = st->si->parent_handle;
	struct lx_ckpt_hdr hdr;
	struct lx_thread *t;
	uint32_t i, end = 0;
	char *cwd;
	void *sig;
	int lazy;
	long r;

	if (h < 0)
		lx_fatal("fork child without a parent stream");
	r = lx_read_all(h, &hdr, sizeof(hdr));
	if (r < 0)
		DkProcessExit(127);	/* the parent gave up */
	if (hdr.magic != LX_CKPT_MAGIC || hdr.version != LX_CKPT_VERSION)
		lx_fatal("fork child: not a checkpoint");
	if (!lx_have_fsgsbase())
		lx_fatal("fork child: no FSGSBASE");

	t = lx_thread_alloc(hdr.pid);
	if (!t)
		lx_fatal("out of memory");
	lx_tid_alloc();		/* thread ids: never 1, the top's pid */
	t->fsbase = hdr.fsbase;
	t->sigmask = hdr.sigmask;
	t->clear_child_tid = (int *)hdr.clear_child_tid;
	lx_thread_start(t);
	lx_proc_set_ids(hdr.pid, hdr.ppid, hdr.pgid, hdr.sid);
	lx_proc_set_ancestors(hdr.anc);
	r = lx_syscall_init();
	if (r < 0)
		lx_restore_fail("DK_EXC_SYSCALL", r);

	st->exec_path = lx_get_str(h, hdr.exec_len);
	cwd = lx_get_str(h, hdr.cwd_len);
	st->cwd = cwd;
	/* No lx_files_init: the fd table is the parent's (below). */
	lx_mem_init(st);
	lx_umask_set((int)hdr.umask);
	if (hdr.cwd_len)
		lx_cwd_set(cwd);

	lazy = !!(hdr.flags & LX_CKPT_LAZY);
	if (lazy) {
		lx_fetch_event = DkNotificationEventCreate(0);
		if (lx_fetch_event < 0)
			lx_restore_fail("the vfork pages", lx_fetch_event);
	}
	for (i = 0; i < hdr.nvma; i++)
		lx_restore_vma(h, lazy);
	lx_mem_brk_set(hdr.brk_base, hdr.brk_cur, hdr.brk_end);

	lx_ninh = DkProcessGetInherited(lx_inh, DK_PROCESS_INHERIT_MAX);
	if (lx_ninh < 0)
		lx_ninh = 0;
	for (i = 0; i < hdr.nfd; i++)
		lx_restore_fd(h, st);
	for (i = 0; i < (uint32_t)lx_ninh; i++)
		if (lx_inh[i] >= 0)
			DkObjectClose(lx_inh[i]);	/* not used after all */
	if (hdr.sig_size) {
		sig = lx_malloc(hdr.sig_size);
		if (!sig || lx_read_all(h, sig, hdr.sig_size) < 0)
			lx_restore_fail("the signal state", -EPIPE);
		lx_sig_fork_restore(sig, hdr.sig_size);
		lx_free(sig);
	}
	if (lx_read_all(h, &end, sizeof(end)) < 0 || end != LX_CKPT_END)
		lx_restore_fail("the checkpoint's end", -EPROTO);

	/* From here on the parent reader answers page faults. */
	__atomic_store_n(&lx_mem_lazy, lazy && lx_nlazy, __ATOMIC_RELEASE);
	r = lx_proc_child_init(h, !!(hdr.flags & LX_CKPT_VFORK));
	if (r < 0)
		lx_restore_fail("the parent link", r);
	if (hdr.set_child_tid && LX_USER_WR(hdr.set_child_tid, sizeof(int)))
		*(int *)hdr.set_child_tid = hdr.pid;
	/* On a thread of its own, as at start-up: signals reach it anywhere. */
	lx_thread_run_main(t, &hdr.regs);
}
