/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dbexec manifest: a text file of directives, one per line.
 *
 *   # comment
 *   limit handles N
 *   limit kmem SIZE        SIZE: bytes, or with a K, M or G suffix
 *   limit vm SIZE
 *
 * See Documentation/manifest.rst.
 */
#ifndef DBX_MANIFEST_H
#define DBX_MANIFEST_H

#include <stdint.h>

/* What a manifest asks for; 0 means "not given, keep the default". */
struct manifest {
	uint64_t max_handles;
	uint64_t max_kmem;
	uint64_t max_vm;
};

/*
 * Parse @path into @m (which it zeroes first).  On error prints
 * "dbexec: PATH:LINE: message" (or "dbexec: PATH: message") to stderr
 * and returns -1; returns 0 on success.
 */
int manifest_load(const char *path, struct manifest *m);

#endif /* DBX_MANIFEST_H */
