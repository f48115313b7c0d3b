// SPDX-License-Identifier: GPL-2.0
/*
 * The ELF loader: an ET_EXEC or static-pie (ET_DYN without PT_INTERP)
 * x86-64 program into Dk memory.
 *
 * The program is read from the stream dbexec handed over (exec_handle)
 * with DkStreamRead, never mapped with DkStreamMap: every page of the
 * application must be Dk memory so that its mprotect (glibc's RELRO) and
 * munmap work.  The span of all PT_LOAD segments is allocated at once,
 * read-write (fresh Dk memory is zero, which is the bss), filled
 * segment by segment, then each page gets its segment's protection; a
 * page two segments share gets both, gaps get none.
 *
 * ET_EXEC files load at their link address, static-pie at LX_PIE_BASE.
 * Dynamically linked programs (PT_INTERP) are refused with ENOEXEC.
 */
#include <linux/elf.h>

#include "lx.h"
#include "mem.h"

#define LX_MAX_PHDRS	64

static long lx_read_full(long h, unsigned long off, void *buf,
			 unsigned long n)
{
	unsigned long done = 0;
	long ret;

	while (done < n) {
		ret = DkStreamRead(h, off + done, n - done, (char *)buf + done);
		if (ret < 0)
			return ret;
		if (ret == 0)
			return -ENOEXEC;	/* file shorter than its headers */
		done += (unsigned long)ret;
	}
	return 0;
}

static uint32_t lx_seg_prot(const Elf64_Phdr *ph)
{
	uint32_t prot = 0;

	if (ph->p_flags & PF_R)
		prot |= DK_PROT_READ;
	if (ph->p_flags & PF_W)
		prot |= DK_PROT_WRITE;
	if (ph->p_flags & PF_X)
		prot |= DK_PROT_EXEC;
	return prot;
}

static long lx_check_ehdr(const Elf64_Ehdr *eh)
{
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_machine != EM_X86_64 ||
	    (eh->e_type != ET_EXEC && eh->e_type != ET_DYN))
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || !eh->e_phnum ||
	    eh->e_phnum > LX_MAX_PHDRS)
		return -ENOEXEC;
	return 0;
}

static uint32_t lx_page_prot(const Elf64_Phdr *ph, int n, unsigned long bias,
			     unsigned long page)
{
	uint32_t prot = 0;
	int i;

	for (i = 0; i < n; i++) {
		unsigned long s = ph[i].p_vaddr + bias;
		unsigned long e = s + ph[i].p_memsz;

		if (ph[i].p_type == PT_LOAD && page < e &&
		    page + LX_PAGE_SIZE > s)
			prot |= lx_seg_prot(&ph[i]);
	}
	return prot;
}

/*
 * The loaded segments' protections (see the top), one Dk call per run
 * of pages with the same protection.
 */
static long lx_protect(const Elf64_Phdr *ph, int n, unsigned long bias,
		       unsigned long lo, unsigned long hi)
{
	unsigned long page, run = lo;
	uint32_t prot, run_prot = lx_page_prot(ph, n, bias, lo);
	long ret;

	for (page = lo + LX_PAGE_SIZE; ; page += LX_PAGE_SIZE) {
		prot = page < hi ? lx_page_prot(ph, n, bias, page) : ~0U;
		if (prot == run_prot)
			continue;
		if (run_prot != (DK_PROT_READ | DK_PROT_WRITE)) {
			ret = DkVirtualMemoryProtect((void *)run, page - run,
						     run_prot);
			if (ret < 0)
				return ret;
			/* The mapping list too (fork copies by it). */
			lx_mem_lock();
			lx_vma_set_prot(&lx_mem_vmas, run, page, (int)run_prot);
			lx_mem_unlock();
		}
		if (page >= hi)
			return 0;
		run = page;
		run_prot = prot;
	}
}

/* Read and check the ELF and program headers of the program @h. */
static long lx_read_headers(long h, const char *path, Elf64_Ehdr *eh,
			    Elf64_Phdr *ph)
{
	long ret;
	int i;

	ret = lx_read_full(h, 0, eh, sizeof(*eh));
	if (ret < 0)
		return ret;
	ret = lx_check_ehdr(eh);
	if (ret < 0)
		return ret;
	ret = lx_read_full(h, eh->e_phoff, ph, eh->e_phnum * sizeof(ph[0]));
	if (ret < 0)
		return ret;
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_INTERP) {
			lx_log("%s: dynamically linked programs are not supported yet",
			       path);
			return -ENOEXEC;
		}
	}
	return 0;
}

long lx_check_program(long h, const char *path)
{
	Elf64_Phdr ph[LX_MAX_PHDRS];
	Elf64_Ehdr eh;

	return lx_read_headers(h, path, &eh, ph);
}

long lx_load_program(struct lx_start *st)
{
	Elf64_Phdr ph[LX_MAX_PHDRS];
	unsigned long lo = ~0UL, hi = 0, bias = 0, end = 0;
	Elf64_Ehdr eh;
	long h = st->exec_handle;
	long ret;
	int i;

	ret = lx_read_headers(h, st->exec_path, &eh, ph);
	if (ret < 0)
		return ret;

	for (i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
			continue;
		if (ph[i].p_filesz > ph[i].p_memsz ||
		    ph[i].p_vaddr + ph[i].p_memsz < ph[i].p_vaddr ||
		    (ph[i].p_vaddr - ph[i].p_offset) % LX_PAGE_SIZE)
			return -ENOEXEC;
		if (LX_PAGE_DOWN(ph[i].p_vaddr) < lo)
			lo = LX_PAGE_DOWN(ph[i].p_vaddr);
		if (ph[i].p_vaddr + ph[i].p_memsz > end)
			end = ph[i].p_vaddr + ph[i].p_memsz;
	}
	if (!end || lo >= end)
		return -ENOEXEC;
	if (eh.e_type == ET_DYN)
		bias = LX_PIE_BASE - lo;
	lo += bias;
	end += bias;
	hi = LX_PAGE_UP(end);
	if (lo < 0x10000 || hi > LX_MMAP_TOP || hi <= lo)
		return -ENOEXEC;

	ret = lx_mem_map_fixed(lo, hi - lo, DK_PROT_READ | DK_PROT_WRITE);
	if (ret < 0) {
		lx_log("%s: cannot place the program at %#lx-%#lx: %s",
		       st->exec_path, lo, hi, dk_strerror(ret));
		return ret;
	}
	st->phdr = 0;
	for (i = 0; i < eh.e_phnum; i++) {
		const Elf64_Phdr *p = &ph[i];

		if (p->p_type == PT_PHDR)
			st->phdr = p->p_vaddr + bias;
		if (p->p_type != PT_LOAD || !p->p_memsz)
			continue;
		if (!st->phdr && eh.e_phoff >= p->p_offset &&
		    eh.e_phoff - p->p_offset < p->p_filesz)
			st->phdr = p->p_vaddr + bias +
				   (eh.e_phoff - p->p_offset);
		if (!p->p_filesz)
			continue;
		ret = lx_read_full(h, p->p_offset, (void *)(p->p_vaddr + bias),
				   p->p_filesz);
		if (ret < 0)
			return ret;
	}
	ret = lx_protect(ph, eh.e_phnum, bias, lo, hi);
	if (ret < 0)
		return ret;

	st->load_bias = bias;
	st->entry = eh.e_entry + bias;
	st->phnum = eh.e_phnum;
	st->phent = sizeof(Elf64_Phdr);
	st->image_start = lo;
	st->image_end = end;
	return 0;
}
