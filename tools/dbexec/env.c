// SPDX-License-Identifier: GPL-2.0
/* The program's environment (see env.h). */
#include <string.h>

#include "env.h"

/* Length of the NAME part of "NAME=VALUE". */
static size_t name_len(const char *s)
{
	const char *eq = strchr(s, '=');

	return eq ? (size_t)(eq - s) : strlen(s);
}

static int env_set(char **out, int n, char *s)
{
	size_t len = name_len(s);
	int i;

	for (i = 0; i < n; i++) {
		if (name_len(out[i]) == len && !strncmp(out[i], s, len)) {
			out[i] = s;
			return n;
		}
	}
	out[n] = s;
	return n + 1;
}

int env_build(const struct manifest *m, char **out)
{
	static char *const defaults[] = ENV_DEFAULTS;
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		n = env_set(out, n, defaults[i]);
	for (i = 0; i < (size_t)m->nenv; i++)
		n = env_set(out, n, m->env[i]);
	out[n] = NULL;
	return n;
}
