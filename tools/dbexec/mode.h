/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which way dbexec runs PROGRAM: a picoprocess image (marked with the
 * Drawbridge ELF note, uapi DK_NOTE_*) runs as itself; any other static
 * x86-64 ELF program runs under the libOS image, which gets the program
 * as a stream handle.  See Documentation/dbexec.rst ("libOS mode").
 */
#ifndef DBX_MODE_H
#define DBX_MODE_H

#include <stddef.h>

enum prog_kind {
	PROG_OTHER,		/* not an ELF64 x86-64 executable (or unreadable) */
	PROG_DK_IMAGE,		/* carries the Drawbridge image note */
	PROG_STATIC,		/* ET_EXEC or ET_DYN without PT_INTERP */
	PROG_DYNAMIC,		/* has PT_INTERP */
};

/*
 * Classify the open regular file @fd by its ELF header and program
 * headers (and the notes of its PT_NOTE segments).  Reads with pread
 * only; never fails: what it cannot read is PROG_OTHER.
 */
enum prog_kind prog_classify(int fd);

/*
 * The libOS image to run a program under: @given (--libos-image) if not
 * NULL; else libos/libos of the build tree dbexec runs from (two
 * directories above its own file, tools/dbexec/dbexec), if it exists;
 * else DBX_LIBOS_IMAGE, the installed one.  Writes the path to @buf;
 * returns 0, or -1 if it does not fit.
 */
int libos_image_path(const char *given, char *buf, size_t len);

#endif /* DBX_MODE_H */
