/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loader for picoprocess images: static-pie ELF64 x86-64 files as built by
 * tools/dbcc.  The loader runs in the launcher before confinement, on an
 * untrusted file, so it validates every size and offset it uses.
 */
#ifndef DBX_ELF_LOADER_H
#define DBX_ELF_LOADER_H

#include <stddef.h>
#include <stdint.h>

/* Largest address span an image may cover. */
#define IMAGE_MAX_SPAN		(4ULL << 30)
/* Most program headers accepted. */
#define IMAGE_MAX_PHNUM		64
/*
 * Most bytes read from the file: the sum of the PT_LOAD segments' file
 * sizes (debug information and other unloaded parts do not count).  It
 * bounds the monitor's memory and work per image it loads.
 */
#define IMAGE_MAX_FILE_DATA	(64ULL << 20)

struct image {
	uintptr_t base;		/* load bias: run-time address - p_vaddr */
	uintptr_t entry;	/* run-time entry point */
	void *map;		/* the reservation holding every segment */
	size_t map_len;
};

/*
 * Load the image at @path into the calling process at an address the
 * kernel chooses, apply its R_X86_64_RELATIVE relocations and set each
 * segment's final protection.  The file is read into private anonymous
 * memory, never mapped, so changing or truncating it meanwhile cannot
 * fault the caller.  Only a regular file is accepted (the open does not
 * block on a FIFO).  Returns 0, or -1 with a one-line reason in @err
 * (nothing is left mapped then).
 */
int image_load(const char *path, struct image *img, char *err, size_t errlen);
/* The same, from an open descriptor (which stays open). */
int image_load_fd(int fd, struct image *img, char *err, size_t errlen);

#endif /* DBX_ELF_LOADER_H */
