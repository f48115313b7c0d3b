// SPDX-License-Identifier: GPL-2.0
/*
 * The Linux initial stack of the program, in LX_STACK_SIZE bytes of Dk
 * memory just below LX_STACK_TOP.  From the top down: the 16 AT_RANDOM
 * bytes, the platform string, AT_EXECFN, the environment and argument
 * strings; then, 16-byte aligned at the final %rsp:
 *
 *   argc, argv[0..argc-1], NULL, envp[0..envc-1], NULL, auxv pairs, AT_NULL
 *
 * which is what the x86-64 psABI and Linux's create_elf_tables() give a
 * new process.
 */
#include <linux/auxvec.h>

#include "lx.h"

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ	51
#endif

#define LX_MAX_AUXV	24
#define LX_MAX_STRINGS	(256UL << 10)	/* argv + envp, as ARG_MAX-ish */

/* Copy @s just below *@top; returns its new address. */
static char *lx_push_str(unsigned long *top, const char *s)
{
	size_t n = strlen(s) + 1;

	*top -= n;
	memcpy((void *)*top, s, n);
	return (char *)*top;
}

/* Copy @s to *@dst and advance it; returns the copy's address. */
static char *lx_copy_str(char **dst, const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = *dst;

	memcpy(d, s, n);
	*dst += n;
	return d;
}

static uint64_t lx_cpuid1_edx(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ volatile ("cpuid" : "+a" (a), "=b" (b), "+c" (c), "=d" (d));
	return d;
}

/*
 * The application's ids for AT_UID & co.  mem (ids) provides the real
 * ones; the default is that of a picoprocess without an id policy.
 */
LX_WEAK void lx_ids(unsigned int *uid, unsigned int *euid, unsigned int *gid,
		    unsigned int *egid)
{
	*uid = 0;
	*euid = 0;
	*gid = 0;
	*egid = 0;
}

long lx_build_stack(const struct lx_start *st, unsigned long *rsp)
{
	unsigned long base = LX_STACK_TOP - LX_STACK_SIZE;
	unsigned long top = LX_STACK_TOP, strings = 0, n, sp;
	unsigned int uid, euid, gid, egid;
	uint64_t auxv[2 * LX_MAX_AUXV];
	char *execfn, *platform, *str;
	unsigned long *p;
	uint8_t *random;
	int envc = 0, i, na = 0;
	long ret;

	ret = lx_mem_map_fixed(base, LX_STACK_SIZE, DK_PROT_READ | DK_PROT_WRITE);
	if (ret < 0)
		return ret;

	while (st->envp[envc])
		envc++;
	for (i = 0; i < st->argc; i++)
		strings += strlen(st->argv[i]) + 1;
	for (i = 0; i < envc; i++)
		strings += strlen(st->envp[i]) + 1;
	if (strings > LX_MAX_STRINGS)
		return -E2BIG;

	top -= 16;
	random = (uint8_t *)top;
	ret = DkRandomBitsRead(random, 16);
	if (ret < 0)
		return ret;
	platform = lx_push_str(&top, "x86_64");
	execfn = lx_push_str(&top, st->exec_path ? st->exec_path : "");

	lx_ids(&uid, &euid, &gid, &egid);
#define LX_AUX(type, val) do {				\
		auxv[na++] = (type);			\
		auxv[na++] = (uint64_t)(val);		\
	} while (0)
	if (st->vdso_base)
		LX_AUX(AT_SYSINFO_EHDR, st->vdso_base);
	LX_AUX(AT_MINSIGSTKSZ, st->minsigstksz);
	LX_AUX(AT_HWCAP, st->hwcap ? st->hwcap : lx_cpuid1_edx());
	LX_AUX(AT_PAGESZ, LX_PAGE_SIZE);
	LX_AUX(AT_CLKTCK, st->clktck);
	LX_AUX(AT_PHDR, st->phdr);
	LX_AUX(AT_PHENT, st->phent);
	LX_AUX(AT_PHNUM, st->phnum);
	LX_AUX(AT_BASE, 0);
	LX_AUX(AT_FLAGS, 0);
	LX_AUX(AT_ENTRY, st->entry);
	LX_AUX(AT_UID, uid);
	LX_AUX(AT_EUID, euid);
	LX_AUX(AT_GID, gid);
	LX_AUX(AT_EGID, egid);
	LX_AUX(AT_SECURE, 0);
	LX_AUX(AT_RANDOM, random);
	LX_AUX(AT_HWCAP2, st->hwcap2);
	LX_AUX(AT_EXECFN, execfn);
	LX_AUX(AT_PLATFORM, platform);
	LX_AUX(AT_NULL, 0);
#undef LX_AUX

	/* The pointer block, aligned so that %rsp (at argc) is 16-aligned. */
	n = 1 + (unsigned long)st->argc + 1 + (unsigned long)envc + 1 +
	    (unsigned long)na;
	sp = (top - strings - n * sizeof(unsigned long)) & ~15UL;
	p = (unsigned long *)sp;
	/* The strings in ascending order, as Linux lays them out. */
	str = (char *)(top - strings);
	*p++ = (unsigned long)st->argc;
	for (i = 0; i < st->argc; i++)
		*p++ = (unsigned long)lx_copy_str(&str, st->argv[i]);
	*p++ = 0;
	for (i = 0; i < envc; i++)
		*p++ = (unsigned long)lx_copy_str(&str, st->envp[i]);
	*p++ = 0;
	memcpy(p, auxv, (unsigned long)na * sizeof(auxv[0]));
	*rsp = sp;
	return 0;
}
