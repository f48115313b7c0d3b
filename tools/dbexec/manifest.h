/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dbexec manifest: a text file of directives, one per line.
 *
 *   # comment
 *   limit handles N
 *   limit kmem SIZE        SIZE: bytes, or with a K, M or G suffix
 *   limit vm SIZE
 *   fs VIRTUAL-PREFIX HOST-DIRECTORY ro|rw
 *   net connect|bind ADDRESS[/BITS] PORTS
 *
 * See Documentation/manifest.rst.
 */
#ifndef DBX_MANIFEST_H
#define DBX_MANIFEST_H

#include <stdint.h>

#define MANIFEST_MAX_RULES	320	/* 64 fs + 256 net, the module's limits */
#define MANIFEST_RULE_WORDS	4

/* One "fs" or "net" line, applied to the context by manifest_policy.c. */
struct manifest_rule {
	unsigned long line;
	int argc;
	char *argv[MANIFEST_RULE_WORDS + 1];
};

/* What a manifest asks for; 0 means "not given, keep the default". */
struct manifest {
	const char *path;
	uint64_t max_handles;
	uint64_t max_kmem;
	uint64_t max_vm;
	int nrules;
	struct manifest_rule rules[MANIFEST_MAX_RULES];
};

/*
 * Parse @path into @m (which it zeroes first).  On error prints
 * "dbexec: PATH:LINE: message" (or "dbexec: PATH: message") to stderr
 * and returns -1; returns 0 on success.
 */
int manifest_load(const char *path, struct manifest *m);

#endif /* DBX_MANIFEST_H */
