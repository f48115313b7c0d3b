// SPDX-License-Identifier: GPL-2.0
/*
 * The memory calls' Linux semantics: anonymous mappings read as zeros,
 * munmap of part of a mapping, MAP_FIXED over a mapping, MAP_FIXED_NOREPLACE,
 * mprotect errors, mremap in place and moving, madvise(MADV_DONTNEED)
 * zeroing, brk.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define P 4096UL

static void say(const char *what, long ok)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAIL");
}

int main(void)
{
	char *a, *b, *c;
	void *brk0, *brk1;
	int i, zero = 1;

	a = mmap(NULL, 8 * P, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	say("mmap", a != MAP_FAILED);
	for (i = 0; i < 8 * (int)P; i++)
		zero &= a[i] == 0;
	say("zero-filled", zero);
	memset(a, 'a', 8 * P);

	say("munmap middle", munmap(a + 2 * P, P) == 0);
	say("mprotect over a hole fails ENOMEM",
	    mprotect(a, 4 * P, PROT_READ) == -1 && errno == ENOMEM);
	say("mprotect unaligned fails EINVAL",
	    syscall(SYS_mprotect, a + 1, P, PROT_READ) == -1 && errno == EINVAL);

	b = mmap(a + 4 * P, P, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	say("MAP_FIXED replaces", b == a + 4 * P && b[0] == 0 && a[5 * P] == 'a');
	b = mmap(a + 4 * P, P, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	say("MAP_FIXED_NOREPLACE refuses", b == MAP_FAILED && errno == EEXIST);
	b = mmap(a + 2 * P, P, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	say("MAP_FIXED_NOREPLACE into the hole", b == a + 2 * P && b[0] == 0);

	say("madvise DONTNEED", madvise(a, P, MADV_DONTNEED) == 0 &&
	    a[0] == 0 && a[P] == 'a');

	say("munmap the rest", munmap(a, 8 * P) == 0);

	c = mmap(NULL, 4 * P, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(c, 'c', 4 * P);
	c = mremap(c, 4 * P, 2 * P, 0);
	say("mremap shrink", c != MAP_FAILED && c[P] == 'c');
	c = mremap(c, 2 * P, 64 * P, MREMAP_MAYMOVE);
	say("mremap grow", c != MAP_FAILED && c[P] == 'c' && c[40 * P] == 0);
	say("mremap of nothing fails EFAULT",
	    mremap((void *)0x10000, P, 2 * P, 0) == MAP_FAILED && errno == EFAULT);
	munmap(c, 64 * P);

	/* The raw call: musl's sbrk accepts no increment. */
	brk0 = (void *)syscall(SYS_brk, 0);
	brk1 = (void *)syscall(SYS_brk, (char *)brk0 + 10 * P);
	say("brk grows", brk1 == (char *)brk0 + 10 * P);
	memset(brk0, 'b', 10 * P);
	brk1 = (void *)syscall(SYS_brk, (char *)brk0 + 5 * P);
	say("brk shrinks", brk1 == (char *)brk0 + 5 * P);
	say("brk contents", ((char *)brk0)[5 * P - 1] == 'b');
	return 0;
}
