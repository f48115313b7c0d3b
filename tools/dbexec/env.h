/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The program's environment: never dbexec's own.  A small default
 * (ENV_DEFAULTS), then the manifest's `env NAME=VALUE` lines and the
 * `--env NAME=VALUE` options in order; a later setting of a NAME replaces
 * the earlier one in place.
 */
#ifndef DBX_ENV_H
#define DBX_ENV_H

#include "manifest.h"

#define ENV_DEFAULTS	{ "PATH=/usr/bin:/bin", "HOME=/", "LANG=C" }
#define ENV_MAX		(MANIFEST_MAX_ENV + 3)

/*
 * Fill @out (room for ENV_MAX + 1 pointers) with the environment of a
 * program confined by @m and a NULL; returns the number of strings.  The
 * strings are @m's words or static defaults: nothing is allocated.
 */
int env_build(const struct manifest *m, char **out);

#endif /* DBX_ENV_H */
