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

/*
 * Bounds on what the parser reads and keeps (Documentation/manifest.rst):
 * a sidecar IMAGE.manifest is written by a picoprocess, so the monitor's
 * work and memory per request must not depend on it beyond these.
 */
#define MANIFEST_MAX_SIZE	(256 << 10)	/* bytes in the file */
#define MANIFEST_MAX_LINE	8192	/* bytes in a line, without its newline */
#define MANIFEST_MAX_FS		64	/* fs lines: the module's limit */
#define MANIFEST_MAX_NET	256	/* net lines: the module's limit */
#define MANIFEST_MAX_RULES	(MANIFEST_MAX_FS + MANIFEST_MAX_NET)
#define MANIFEST_RULE_WORDS	4
#define MANIFEST_MAX_ENV	256	/* env lines */

/*
 * One "fs" or "net" line, applied to the context by manifest_policy.c.
 * The words point into the text of the manifest that was loaded.
 */
struct manifest_rule {
	unsigned long line;
	int argc;
	char *argv[MANIFEST_RULE_WORDS + 1];
};

/*
 * What a manifest asks for; 0 means "not given, keep the default".
 *
 * @text is the file's contents, which the rules' words point into; only
 * the manifest manifest_load() filled owns it (manifest_free()).  A struct
 * copy (a child's narrowed manifest) borrows the words of the manifest it
 * was copied from and must not be freed: its @text is NULL.
 */
struct manifest {
	const char *path;
	char *text;
	uint64_t max_handles;
	uint64_t max_kmem;
	uint64_t max_vm;
	int nrules;
	struct manifest_rule rules[MANIFEST_MAX_RULES];
	/* The program's environment and start-up (start information): */
	int nenv;
	char *env[MANIFEST_MAX_ENV];	/* env NAME=VALUE, in file order */
	char *cwd;			/* cwd PATH, or NULL */
	int vdso_off;			/* vdso off */
};

/*
 * Parse @path into @m (which it zeroes first).  On error prints
 * "dbexec: PATH:LINE: message" (or "dbexec: PATH: message") to stderr
 * and returns -1 with nothing allocated; returns 0 on success.  @path is
 * opened as given (a pipe works: dbexec --manifest <(...)).
 */
int manifest_load(const char *path, struct manifest *m);
/*
 * The same from an open descriptor (which stays open); @name is what
 * messages call the file and must outlive @m.
 */
int manifest_load_fd(int fd, const char *name, struct manifest *m);
/* Free what manifest_load*() allocated for @m (a no-op for a copy). */
void manifest_free(struct manifest *m);

#endif /* DBX_MANIFEST_H */
