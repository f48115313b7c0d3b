// SPDX-License-Identifier: GPL-2.0
/*
 * Picoprocess image loader (see elf_loader.h).
 *
 * Accepted: ELF64, little-endian, x86-64, ET_DYN, no PT_INTERP, no
 * DT_NEEDED, PT_LOAD segments in ascending order that share no page, none
 * both writable and executable, relocations of type R_X86_64_RELATIVE
 * (and the no-op R_X86_64_NONE) only.
 *
 * Steps: validate the headers; reserve the whole span with one PROT_NONE
 * mapping; map every segment read-write as anonymous memory and pread(2)
 * its file bytes into it; relocate; set each segment's protection and
 * make PT_GNU_RELRO read-only.  Until then every segment is writable, so
 * relocations may target any of them.
 *
 * The file is read, never mapped: whoever can write it (a picoprocess
 * starting a child, through an rw fs root) may truncate or rewrite it at
 * any moment, and a truncated file under a MAP_PRIVATE mapping is SIGBUS
 * in whatever touches it, the monitor included.  A read of a shrunk file
 * just comes up short ("truncated file").  The loader then works only on
 * its private copy, which nobody else can change: the dynamic section and
 * the relocations are read from there, and patch only bytes that came from
 * the file, so the work and the memory touched are bounded by the file
 * data loaded (IMAGE_MAX_FILE_DATA), not by the span.
 *
 * Why pread rather than a sealed memfd copy that is then mapped: both copy
 * the file once, but pread needs no memfd, sendfile, seal and close per
 * load and leaves no shmem object behind; the pages it fills are the ones
 * the image runs from (and that a child of the monitor inherits over
 * fork).  For dbcc images (tens of KiB) the start-up time of dbexec is the
 * same as with the old file mapping, within measurement noise.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf_loader.h"

struct loader {
	int fd;
	uint64_t file_size;
	uint64_t file_data;	/* sum of the PT_LOADs' p_filesz */
	uint64_t page;
	Elf64_Ehdr eh;
	Elf64_Phdr ph[IMAGE_MAX_PHNUM];
	const Elf64_Phdr *load[IMAGE_MAX_PHNUM];	/* PT_LOADs, ascending */
	unsigned int nload;
	const Elf64_Phdr *dynamic, *relro;
	uint64_t lo, hi;	/* page-aligned span of the PT_LOADs */
	uintptr_t base;
	char *err;
	size_t errlen;
};

static int fail(struct loader *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct loader *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l->err, l->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static uint64_t page_down(const struct loader *l, uint64_t v)
{
	return v & ~(l->page - 1);
}

/* Callers guarantee v <= IMAGE_MAX_SPAN, so this cannot overflow. */
static uint64_t page_up(const struct loader *l, uint64_t v)
{
	return (v + l->page - 1) & ~(l->page - 1);
}

/* ---- validation -------------------------------------------------------- */

static int read_exact(struct loader *l, void *buf, size_t len, uint64_t off,
		      const char *what)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(l->fd, (char *)buf + done, len - done,
				  (off_t)(off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return fail(l, "cannot read %s: %s", what, strerror(errno));
		if (n == 0)
			return fail(l, "truncated file (%s)", what);
		done += (size_t)n;
	}
	return 0;
}

static int check_ehdr(struct loader *l)
{
	const Elf64_Ehdr *eh = &l->eh;
	unsigned char magic[SELFMAG];
	uint64_t phsize;

	if (l->file_size < SELFMAG ||
	    read_exact(l, magic, SELFMAG, 0, "ELF magic") < 0 ||
	    memcmp(magic, ELFMAG, SELFMAG) != 0)
		return fail(l, "not an ELF file");
	if (l->file_size < sizeof(*eh))
		return fail(l, "truncated file (ELF header)");
	if (read_exact(l, &l->eh, sizeof(l->eh), 0, "ELF header") < 0)
		return -1;
	if (eh->e_ident[EI_CLASS] == ELFCLASS32)
		return fail(l, "32-bit ELF file (need ELF64 x86-64)");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return fail(l, "bad ELF class %u (need ELF64)", eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(l, "not a little-endian ELF file");
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return fail(l, "unknown ELF version");
	if (eh->e_machine != EM_X86_64)
		return fail(l, "wrong machine %u (need x86-64)", eh->e_machine);
	if (eh->e_type == ET_EXEC)
		return fail(l, "not position independent (ET_EXEC): build it with dbcc");
	if (eh->e_type != ET_DYN)
		return fail(l, "not an executable (ELF type %u)", eh->e_type);
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return fail(l, "bad program header size %u", eh->e_phentsize);
	if (eh->e_phnum == 0)
		return fail(l, "no program headers");
	if (eh->e_phnum > IMAGE_MAX_PHNUM)
		return fail(l, "too many program headers (%u, at most %u)",
			    eh->e_phnum, IMAGE_MAX_PHNUM);
	phsize = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
	if (eh->e_phoff > l->file_size || phsize > l->file_size - eh->e_phoff)
		return fail(l, "truncated file (program headers)");
	return read_exact(l, l->ph, phsize, eh->e_phoff, "program headers");
}

static int check_load(struct loader *l, unsigned int i, const Elf64_Phdr *ph)
{
	if (ph->p_filesz > ph->p_memsz)
		return fail(l, "segment %u: file size exceeds memory size", i);
	if (ph->p_offset > l->file_size ||
	    ph->p_filesz > l->file_size - ph->p_offset)
		return fail(l, "truncated file (segment %u extends beyond the end)", i);
	/* Segments may share file bytes: the sum is what gets read. */
	if (ph->p_filesz > IMAGE_MAX_FILE_DATA - l->file_data)
		return fail(l, "segments hold more than %llu bytes of file data",
			    (unsigned long long)IMAGE_MAX_FILE_DATA);
	l->file_data += ph->p_filesz;
	if (ph->p_vaddr > IMAGE_MAX_SPAN ||
	    ph->p_memsz > IMAGE_MAX_SPAN - ph->p_vaddr)
		return fail(l, "segment %u: absurd address 0x%llx or size 0x%llx",
			    i, (unsigned long long)ph->p_vaddr,
			    (unsigned long long)ph->p_memsz);
	if ((ph->p_vaddr - ph->p_offset) & (l->page - 1))
		return fail(l, "segment %u: file offset and address differ modulo the page size",
			    i);
	if ((ph->p_flags & PF_W) && (ph->p_flags & PF_X))
		return fail(l, "segment %u is writable and executable (W+X refused)", i);
	if (l->nload > 0) {
		const Elf64_Phdr *prev = l->load[l->nload - 1];

		if (page_down(l, ph->p_vaddr) <
		    page_up(l, prev->p_vaddr + prev->p_memsz))
			return fail(l, "segment %u overlaps (or shares a page with, or precedes) the previous segment",
				    i);
	}
	l->load[l->nload++] = ph;
	return 0;
}

static int check_phdrs(struct loader *l)
{
	const Elf64_Phdr *first, *last;
	bool entry_ok = false;
	unsigned int i;

	for (i = 0; i < l->eh.e_phnum; i++) {
		const Elf64_Phdr *ph = &l->ph[i];

		switch (ph->p_type) {
		case PT_INTERP:
			return fail(l, "dynamically linked (has PT_INTERP): build it with dbcc");
		case PT_LOAD:
			if (ph->p_memsz == 0)
				break;
			if (check_load(l, i, ph) < 0)
				return -1;
			break;
		case PT_DYNAMIC:
			l->dynamic = ph;
			break;
		case PT_GNU_RELRO:
			l->relro = ph;
			break;
		case PT_TLS:
			if (ph->p_memsz)
				return fail(l, "uses thread-local storage (PT_TLS), which picoprocesses do not support");
			break;
		case PT_GNU_STACK:
			if (ph->p_flags & PF_X)
				return fail(l, "asks for an executable stack (W+X refused)");
			break;
		default:
			break;
		}
	}
	if (l->nload == 0)
		return fail(l, "no loadable segments");
	first = l->load[0];
	last = l->load[l->nload - 1];
	l->lo = page_down(l, first->p_vaddr);
	l->hi = page_up(l, last->p_vaddr + last->p_memsz);

	for (i = 0; i < l->nload; i++) {
		const Elf64_Phdr *ph = l->load[i];

		if ((ph->p_flags & PF_X) && l->eh.e_entry >= ph->p_vaddr &&
		    l->eh.e_entry - ph->p_vaddr < ph->p_memsz)
			entry_ok = true;
	}
	if (!entry_ok)
		return fail(l, "entry point 0x%llx is not in an executable segment",
			    (unsigned long long)l->eh.e_entry);
	return 0;
}

/*
 * True if [vaddr, vaddr + len) lies inside one PT_LOAD segment: its memory
 * image, or with @file_only, the bytes of it that were read from the file.
 */
static bool in_load(const struct loader *l, uint64_t vaddr, uint64_t len,
		    bool file_only)
{
	unsigned int i;

	for (i = 0; i < l->nload; i++) {
		const Elf64_Phdr *ph = l->load[i];
		uint64_t size = file_only ? ph->p_filesz : ph->p_memsz;

		if (vaddr >= ph->p_vaddr && len <= size &&
		    vaddr - ph->p_vaddr <= size - len)
			return true;
	}
	return false;
}

/*
 * True if [vaddr, vaddr + len) lies inside the memory image of a single
 * PT_LOAD segment, i.e. in memory this loader mapped.
 */
static bool in_segment(const struct loader *l, uint64_t vaddr, uint64_t len)
{
	return in_load(l, vaddr, len, false);
}

/*
 * True if [vaddr, vaddr + len) lies inside the bytes of a single PT_LOAD
 * segment that were read from the file.  What the loader itself reads or
 * patches must be there: it touches no page beyond what was read.
 */
static bool in_file_data(const struct loader *l, uint64_t vaddr, uint64_t len)
{
	return in_load(l, vaddr, len, true);
}

/* Run-time address of an image address in_segment() approved. */
static void *at(const struct loader *l, uint64_t vaddr)
{
	return (void *)(l->base + vaddr);
}

/* ---- mapping ----------------------------------------------------------- */

/*
 * One anonymous read-write mapping for the whole segment (fresh pages read
 * as zero: the bss needs nothing more), then its file bytes read into it.
 */
static int map_segment(struct loader *l, unsigned int i)
{
	const Elf64_Phdr *ph = l->load[i];
	uint64_t start = page_down(l, ph->p_vaddr);
	uint64_t end = page_up(l, ph->p_vaddr + ph->p_memsz);
	char what[32];

	if (mmap(at(l, start), end - start, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0) == MAP_FAILED)
		return fail(l, "cannot map segment %u: %s", i, strerror(errno));
	snprintf(what, sizeof(what), "segment %u", i);
	return read_exact(l, at(l, ph->p_vaddr), ph->p_filesz, ph->p_offset,
			  what);
}

/* ---- relocation -------------------------------------------------------- */

static const char *reloc_name(uint32_t type)
{
	switch (type) {
	case R_X86_64_64:		return " (R_X86_64_64)";
	case R_X86_64_PC32:		return " (R_X86_64_PC32)";
	case R_X86_64_COPY:		return " (R_X86_64_COPY)";
	case R_X86_64_GLOB_DAT:		return " (R_X86_64_GLOB_DAT)";
	case R_X86_64_JUMP_SLOT:	return " (R_X86_64_JUMP_SLOT)";
	case R_X86_64_DTPMOD64:		return " (R_X86_64_DTPMOD64)";
	case R_X86_64_DTPOFF64:		return " (R_X86_64_DTPOFF64)";
	case R_X86_64_TPOFF64:		return " (R_X86_64_TPOFF64)";
	case R_X86_64_IRELATIVE:	return " (R_X86_64_IRELATIVE)";
	default:			return "";
	}
}

static int apply_rela(struct loader *l, uint64_t table, uint64_t size,
		      const char *what)
{
	uint64_t n = size / sizeof(Elf64_Rela), k;

	if (size % sizeof(Elf64_Rela) || !in_file_data(l, table, size))
		return fail(l, "%s relocation table outside the image's file data",
			    what);
	for (k = 0; k < n; k++) {
		Elf64_Rela r;
		uint64_t value;
		uint32_t type;

		memcpy(&r, at(l, table + k * sizeof(r)), sizeof(r));
		type = (uint32_t)ELF64_R_TYPE(r.r_info);
		if (type == R_X86_64_NONE)
			continue;
		if (type != R_X86_64_RELATIVE)
			return fail(l, "unsupported relocation type %u%s (only R_X86_64_RELATIVE; build it with dbcc)",
				    type, reloc_name(type));
		if (!in_file_data(l, r.r_offset, sizeof(value)))
			return fail(l, "relocation %llu patches 0x%llx, outside the image's file data",
				    (unsigned long long)k,
				    (unsigned long long)r.r_offset);
		value = (uint64_t)l->base + (uint64_t)r.r_addend;
		memcpy(at(l, r.r_offset), &value, sizeof(value));
	}
	return 0;
}

static int relocate(struct loader *l)
{
	uint64_t rela = 0, relasz = 0, relaent = sizeof(Elf64_Rela);
	uint64_t jmprel = 0, pltrelsz = 0, pltrel = DT_RELA;
	bool have_rela = false, have_jmprel = false;
	const Elf64_Phdr *dyn = l->dynamic;
	uint64_t n, k;

	if (!dyn)
		return 0;	/* nothing to relocate */
	if (!in_file_data(l, dyn->p_vaddr, dyn->p_memsz))
		return fail(l, "dynamic section outside the file data of the loaded segments");
	n = dyn->p_memsz / sizeof(Elf64_Dyn);
	for (k = 0; k < n; k++) {
		Elf64_Dyn d;

		memcpy(&d, at(l, dyn->p_vaddr + k * sizeof(d)), sizeof(d));
		if (d.d_tag == DT_NULL)
			break;
		switch (d.d_tag) {
		case DT_NEEDED:
			return fail(l, "needs shared libraries (DT_NEEDED): build it with dbcc");
		case DT_RELA:
			rela = d.d_un.d_ptr;
			have_rela = true;
			break;
		case DT_RELASZ:
			relasz = d.d_un.d_val;
			break;
		case DT_RELAENT:
			relaent = d.d_un.d_val;
			break;
		case DT_JMPREL:
			jmprel = d.d_un.d_ptr;
			have_jmprel = true;
			break;
		case DT_PLTRELSZ:
			pltrelsz = d.d_un.d_val;
			break;
		case DT_PLTREL:
			pltrel = d.d_un.d_val;
			break;
		case DT_REL:
		case DT_RELSZ:
			return fail(l, "has REL relocations (DT_REL), x86-64 images use RELA");
		case DT_RELR:
		case DT_RELRSZ:
			return fail(l, "has packed relative relocations (DT_RELR), not supported");
		default:
			break;
		}
	}
	if (relaent != sizeof(Elf64_Rela))
		return fail(l, "bad relocation entry size %llu",
			    (unsigned long long)relaent);
	if (have_rela && relasz > 0 &&
	    apply_rela(l, rela, relasz, "DT_RELA") < 0)
		return -1;
	if (have_jmprel && pltrelsz > 0) {
		if (pltrel != DT_RELA)
			return fail(l, "PLT relocations are not RELA");
		if (apply_rela(l, jmprel, pltrelsz, "PLT") < 0)
			return -1;
	}
	return 0;
}

/* ---- protection -------------------------------------------------------- */

static int protect(struct loader *l)
{
	unsigned int i;

	for (i = 0; i < l->nload; i++) {
		const Elf64_Phdr *ph = l->load[i];
		uint64_t start = page_down(l, ph->p_vaddr);
		uint64_t end = page_up(l, ph->p_vaddr + ph->p_memsz);
		int prot = ((ph->p_flags & PF_R) ? PROT_READ : 0) |
			   ((ph->p_flags & PF_W) ? PROT_WRITE : 0) |
			   ((ph->p_flags & PF_X) ? PROT_EXEC : 0);

		if (mprotect(at(l, start), end - start, prot) < 0)
			return fail(l, "cannot protect segment %u: %s%s", i,
				    strerror(errno),
				    errno == EPERM && (prot & PROT_EXEC) ?
				    " (file system mounted noexec?)" : "");
	}
	if (l->relro) {
		const Elf64_Phdr *r = l->relro;
		uint64_t start, end;

		if (!in_segment(l, r->p_vaddr, r->p_memsz))
			return fail(l, "PT_GNU_RELRO outside the loaded segments");
		/* Like ld.so: the pages wholly or partly at the start of
		 * the range up to the last page boundary inside it. */
		start = page_down(l, r->p_vaddr);
		end = page_down(l, r->p_vaddr + r->p_memsz);
		if (end > start && mprotect(at(l, start), end - start, PROT_READ) < 0)
			return fail(l, "cannot make PT_GNU_RELRO read-only: %s",
				    strerror(errno));
	}
	return 0;
}

/* ---- entry ------------------------------------------------------------- */

static const char *file_type(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR:	return "a directory";
	case S_IFIFO:	return "a FIFO";
	case S_IFSOCK:	return "a socket";
	case S_IFCHR:	return "a character device";
	case S_IFBLK:	return "a block device";
	default:	return "not a file";
	}
}

int image_load(const char *path, struct image *img, char *err, size_t errlen)
{
	/* O_NONBLOCK: a FIFO must not make the open wait for a writer. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	int ret;

	if (fd < 0) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return -1;
	}
	ret = image_load_fd(fd, img, err, errlen);
	close(fd);
	return ret;
}

int image_load_fd(int fd, struct image *img, char *err, size_t errlen)
{
	static struct loader l;	/* large; the launcher loads one image */
	struct stat st;
	void *map = MAP_FAILED;
	unsigned int i;
	long page = sysconf(_SC_PAGESIZE);

	memset(&l, 0, sizeof(l));
	l.err = err;
	l.errlen = errlen;
	l.page = page > 0 ? (uint64_t)page : 4096;
	l.fd = fd;
	if (fstat(l.fd, &st) < 0) {
		fail(&l, "cannot stat: %s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		fail(&l, "not a regular file (%s)", file_type(st.st_mode));
		goto out;
	}
	l.file_size = (uint64_t)st.st_size;
	if (check_ehdr(&l) < 0 || check_phdrs(&l) < 0)
		goto out;
	if (l.hi - l.lo > IMAGE_MAX_SPAN) {
		fail(&l, "image spans too much memory");
		goto out;
	}

	map = mmap(NULL, l.hi - l.lo, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (map == MAP_FAILED) {
		fail(&l, "cannot reserve %llu bytes: %s",
		     (unsigned long long)(l.hi - l.lo), strerror(errno));
		goto out;
	}
	/* Unsigned arithmetic: wraps harmlessly when lo > 0. */
	l.base = (uintptr_t)map - (uintptr_t)l.lo;
	for (i = 0; i < l.nload; i++) {
		if (map_segment(&l, i) < 0)
			goto out;
	}
	if (relocate(&l) < 0 || protect(&l) < 0)
		goto out;

	img->base = l.base;
	img->entry = l.base + (uintptr_t)l.eh.e_entry;
	img->map = map;
	img->map_len = l.hi - l.lo;
	return 0;
out:
	if (map != MAP_FAILED)
		munmap(map, l.hi - l.lo);
	return -1;
}
