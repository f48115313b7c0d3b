// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test of libos/src/mem.c and brk.c: the memory calls run on
 * stand-ins of the Dk memory calls built from host mmap (MAP_FIXED_NOREPLACE
 * gives DkVirtualMemoryAlloc's EEXIST), with the host libc's allocator.
 */
// unit-sources: mem.c brk.c vma.c
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "lx.h"
#include "mem.h"
#include "unit.h"

#define P 4096UL

/* ---- stand-ins of what mem.c uses from the libOS and libdk ---- */

struct lx_start lx_start_info;
static int dk_calls;

long DkVirtualMemoryAlloc(void **addr, uint64_t size, uint32_t type,
			  uint32_t prot)
{
	void *p;

	dk_calls++;
	if (!(type & DK_MEM_RESERVE))
		return mprotect(*addr, size, (int)prot) ? -errno : 0;
	p = mmap(*addr, size, (type & DK_MEM_COMMIT) ? (int)prot : PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS |
		 (*addr ? MAP_FIXED_NOREPLACE : 0), -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	if (*addr && p != *addr) {
		munmap(p, size);
		return -EEXIST;
	}
	*addr = p;
	return 0;
}

long DkVirtualMemoryFree(void *addr, uint64_t size, uint32_t type)
{
	dk_calls++;
	if (type == DK_MEM_RELEASE)
		return munmap(addr, size) ? -errno : 0;
	return mmap(addr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
		    MAP_FIXED, -1, 0) == MAP_FAILED ? -errno : 0;
}

long DkVirtualMemoryProtect(void *addr, uint64_t size, uint32_t prot)
{
	dk_calls++;
	return mprotect(addr, size, (int)prot) ? -errno : 0;
}

long DkStreamUnmap(void *addr, uint64_t size)
{
	return munmap(addr, size) ? -errno : 0;
}

void lx_lock(struct lx_lock *l)
{
	l->locked = 1;
}

void lx_unlock(struct lx_lock *l)
{
	l->locked = 0;
}

void *lx_malloc(size_t n)
{
	return malloc(n);
}

void lx_free(void *p)
{
	free(p);
}

void lx_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

void lx_fatal(const char *fmt, ...)
{
	(void)fmt;
	abort();
}

const char *dk_strerror(long err)
{
	(void)err;
	return "E?";
}

void lx_ids_init(void)
{
}

long lx_signal_init(void)
{
	return 0;
}

long lx_thread_init(void)
{
	return 0;
}

/* A file of 10000 bytes of 'f' for file-backed mappings at fd 5. */
struct lx_file {
	int unused;
};
static struct lx_file the_file;

struct lx_file *lx_fd_get(int fd)
{
	return fd == 5 ? &the_file : NULL;
}

void lx_file_put(struct lx_file *f)
{
	(void)f;
}

long lx_file_pread(struct lx_file *f, void *buf, unsigned long n,
		   unsigned long off)
{
	(void)f;
	if (off >= 10000)
		return 0;
	if (n > 10000 - off)
		n = 10000 - off;
	memset(buf, 'f', n);
	return (long)n;
}

/* ---- the test ---- */

static long call(lx_sys_fn *fn, long a0, long a1, long a2, long a3, long a4,
		 long a5)
{
	struct lx_call c = { .a = { a0, a1, a2, a3, a4, a5 } };

	return fn(&c);
}

static long xmmap(unsigned long addr, unsigned long len, int prot, int flags,
		  int fd, unsigned long off)
{
	return call(lx_sys_mmap, (long)addr, (long)len, prot, flags, fd,
		    (long)off);
}

int main(void)
{
	const int rw = PROT_READ | PROT_WRITE;
	const int anon = MAP_PRIVATE | MAP_ANONYMOUS;
	long a, b, c, d;
	char *p;

	lx_mem_init(&lx_start_info);

	a = xmmap(0, 8 * P, rw, anon, -1, 0);
	CHECK(a > 0 && (unsigned long)a < LX_MMAP_TOP);
	p = (char *)a;
	memset(p, 'a', 8 * P);
	b = xmmap(0, P, rw, anon, -1, 0);
	CHECK(b == a - (long)P);	/* top-down, packed */

	CHECK(call(lx_sys_munmap, a + 2 * P, P, 0, 0, 0, 0) == 0);
	CHECK(call(lx_sys_mprotect, a, 4 * P, PROT_READ, 0, 0, 0) == -ENOMEM);
	CHECK(call(lx_sys_mprotect, a + 1, P, PROT_READ, 0, 0, 0) == -EINVAL);
	CHECK(call(lx_sys_mprotect, a, 2 * P, PROT_READ, 0, 0, 0) == 0);
	CHECK(lx_user_ok(p, 2 * P, 0) && !lx_user_ok(p, 2 * P, 1));
	CHECK(!lx_user_ok(p, 3 * P, 0));	/* the hole */
	CHECK(lx_user_ok(p + 3 * P, 5 * P, 1));

	/* MAP_FIXED over a mapping: zero, the rest kept; NOREPLACE. */
	CHECK(xmmap(a + 4 * P, P, rw, anon | MAP_FIXED, -1, 0) == a + 4 * (long)P);
	CHECK(p[4 * P] == 0 && p[5 * P] == 'a' && p[3 * P] == 'a');
	CHECK(xmmap(a + 4 * P, P, rw, anon | MAP_FIXED_NOREPLACE, -1, 0) == -EEXIST);
	CHECK(xmmap(a + 2 * P, P, rw, anon | MAP_FIXED_NOREPLACE, -1, 0) == a + 2 * (long)P);
	CHECK(p[2 * P] == 0);
	/* MAP_FIXED across a hole and two mappings. */
	CHECK(call(lx_sys_munmap, a + 2 * P, P, 0, 0, 0, 0) == 0);
	CHECK(xmmap(a + P, 3 * P, rw, anon | MAP_FIXED, -1, 0) == a + (long)P);
	CHECK(p[P] == 0 && p[2 * P] == 0 && p[3 * P] == 0 && p[4 * P] == 0);
	CHECK(lx_user_ok(p, 8 * P, 0));
	CHECK(call(lx_sys_mprotect, a, 2 * P, rw, 0, 0, 0) == 0);
	CHECK(lx_vma_find(&lx_mem_vmas, a)->end == (unsigned long)a + 8 * P);

	/* madvise(DONTNEED) zeroes and keeps the protection. */
	memset(p + 6 * P, 'z', P);
	CHECK(call(lx_sys_madvise, a + 6 * P, P, MADV_DONTNEED, 0, 0, 0) == 0);
	CHECK(p[6 * P] == 0 && p[7 * P] == 'a');
	p[6 * P] = 1;

	/* mremap: shrink, grow (moves: b sits below, something above). */
	CHECK(call(lx_sys_mremap, a, 8 * P, 6 * P, 0, 0, 0) == a);
	CHECK(!lx_user_ok(p + 6 * P, 1, 0));
	c = call(lx_sys_mremap, a, 6 * P, 6 * P, 0, 0, 0);
	CHECK(c == a);
	c = call(lx_sys_mremap, b, P, 4 * P, 0, 0, 0);
	CHECK(c == -ENOMEM);	/* a is above b: no room in place */
	c = call(lx_sys_mremap, a, 6 * P, 64 * P, MREMAP_MAYMOVE, 0, 0);
	CHECK(c > 0 && c != a && ((char *)c)[7 * P - P] == 0 &&
	      ((char *)c)[5 * P] == 'a' && ((char *)c)[6 * P - 1] == 'a');
	CHECK(!lx_user_ok(p, 1, 0));	/* the old place is gone */
	/* It got headroom: the next growth stays in place. */
	d = call(lx_sys_mremap, c, 64 * P, 100 * P, MREMAP_MAYMOVE, 0, 0);
	CHECK(d == c);
	/* ... and an mmap does not take the headroom. */
	a = xmmap(0, P, rw, anon, -1, 0);
	CHECK(a < c || a >= c + 128 * (long)P);
	d = call(lx_sys_mremap, c, 100 * P, 128 * P, MREMAP_MAYMOVE, 0, 0);
	CHECK(d == c);
	CHECK(call(lx_sys_mremap, 0x10000, P, 2 * P, 0, 0, 0) == -EFAULT);
	CHECK(call(lx_sys_munmap, c, 128 * P, 0, 0, 0, 0) == 0);

	/* File-backed private mapping: contents, zero tail, prot applied. */
	d = xmmap(0, 4 * P, PROT_READ, MAP_PRIVATE, 5, P);
	CHECK(d > 0 && ((char *)d)[0] == 'f' && ((char *)d)[10000 - P - 1] == 'f' &&
	      ((char *)d)[10000 - P] == 0);
	CHECK(lx_user_ok((void *)d, 4 * P, 0) && !lx_user_ok((void *)d, 1, 1));
	CHECK(xmmap(0, P, PROT_READ, MAP_PRIVATE, 6, 0) == -EBADF);
	CHECK(xmmap(0, P, rw, MAP_SHARED, 5, 0) == -ENODEV);
	CHECK(xmmap(0, 0, rw, anon, -1, 0) == -EINVAL);
	CHECK(xmmap(0, P, rw, anon, -1, 1) == -EINVAL);

	/* brk. */
	lx_mem_set_brk_base(0x300000123UL);
	c = call(lx_sys_brk, 0, 0, 0, 0, 0, 0);
	CHECK(c == 0x300001000L);
	CHECK(call(lx_sys_brk, c + 10 * P + 5, 0, 0, 0, 0, 0) == c + 10 * (long)P + 5);
	memset((void *)c, 'b', 11 * P);
	CHECK(call(lx_sys_brk, c + 2 * P, 0, 0, 0, 0, 0) == c + 2 * (long)P);
	CHECK(!lx_user_ok((void *)(c + 2 * P), 1, 0));
	CHECK(call(lx_sys_brk, c - P, 0, 0, 0, 0, 0) == c + 2 * (long)P);
	CHECK(call(lx_sys_brk, c + (2L << 30), 0, 0, 0, 0, 0) == c + 2 * (long)P);
	/* Something in the way: the break stays. */
	CHECK(xmmap(c + 4 * P, P, rw, anon | MAP_FIXED, -1, 0) == c + 4 * (long)P);
	CHECK(call(lx_sys_brk, c + 8 * P, 0, 0, 0, 0, 0) == c + 2 * (long)P);
	CHECK(((char *)c)[P] == 'b');

	printf("mem_unit: %s (%d Dk memory calls)\n", failures ? "FAIL" : "ok",
	       dk_calls);
	return failures != 0;
}
