// SPDX-License-Identifier: GPL-2.0
/*
 * Drawbridge for Linux: the virtual-path rule of the manifest's fs roots
 * (see dk_vpath.h), compiled both into the module and into dbexec.
 */
#ifdef __KERNEL__
#include <linux/stddef.h>
#else
#include <stddef.h>
#endif

#include "dk_vpath.h"

/*
 * The next component of the path at *@r, after the slashes before it: its
 * start, or NULL at the end of the path; its length in *@n.  *@r moves to
 * the byte after it.
 */
static const char *dk_vpath_next(char **r, unsigned long *n)
{
	const char *comp;

	while (**r == '/')
		(*r)++;
	if (!**r)
		return NULL;
	comp = *r;
	while (**r && **r != '/')
		(*r)++;
	*n = *r - comp;
	return comp;
}

static int dk_vpath_is_dot(const char *comp, unsigned long n)
{
	return n == 1 && comp[0] == '.';
}

static int dk_vpath_is_dotdot(const char *comp, unsigned long n)
{
	return n == 2 && comp[0] == '.' && comp[1] == '.';
}

/*
 * Write "/" and a component at @w, which never passes the component (the
 * result never grows): a forward copy is safe.  Returns the new end.
 */
static char *dk_vpath_put(char *w, const char *comp, unsigned long n)
{
	unsigned long i;

	*w++ = '/';
	for (i = 0; i < n; i++)
		*w++ = comp[i];
	return w;
}

/**
 * dk_vpath_normalize - normalize a virtual prefix in place
 * @s: the prefix, NUL-terminated
 *
 * The result is absolute, without "." or ".." components, without empty
 * components and without a trailing slash except for "/".
 *
 * Return: its length, or -1 if @s is not a valid prefix.
 */
long dk_vpath_normalize(char *s)
{
	char *r = s, *w = s;
	const char *comp;
	unsigned long n;

	if (*s != '/')
		return -1;
	while ((comp = dk_vpath_next(&r, &n))) {
		if (dk_vpath_is_dot(comp, n) || dk_vpath_is_dotdot(comp, n))
			return -1;
		w = dk_vpath_put(w, comp, n);
	}
	if (w == s)
		*w++ = '/';
	*w = '\0';
	return w - s;
}

/**
 * dk_vpath_resolve - resolve the path of a file: URI in place
 * @s: the path, NUL-terminated
 *
 * The path is resolved by its spelling alone, before it is matched to a
 * prefix: empty and "." components are dropped and ".." drops the
 * component before it (the dot-segment removal of RFC 3986; symbolic
 * links play no part, the host kernel follows those later beneath the
 * root the result falls under).  A path that ended in "/", "/." or "/.."
 * keeps one trailing "/", so its last component must still be a
 * directory.  The result never grows.
 *
 * Return: its length; -1 if @s is not absolute; -2 if a ".." climbs above
 * "/".
 */
long dk_vpath_resolve(char *s)
{
	char *r = s, *w = s;
	const char *comp;
	unsigned long n;
	int dir = 0;

	if (*s != '/')
		return -1;
	while ((comp = dk_vpath_next(&r, &n))) {
		dir = *r == '/';
		if (dk_vpath_is_dot(comp, n)) {
			dir = 1;
			continue;
		}
		if (dk_vpath_is_dotdot(comp, n)) {
			if (w == s)
				return -2;
			while (*--w != '/')	/* back to the last "/" written */
				;
			dir = 1;
			continue;
		}
		w = dk_vpath_put(w, comp, n);
	}
	/* Room for the "/": the input had at least one byte more here. */
	if (w == s || dir)
		*w++ = '/';
	*w = '\0';
	return w - s;
}

/**
 * dk_vpath_beneath - is a virtual path under a prefix?
 * @v:    absolute virtual path, resolved by dk_vpath_resolve()
 * @pre:  prefix, normalized by dk_vpath_normalize()
 * @plen: length of @pre
 *
 * Return: the rest of @v relative to @pre ("" for @pre itself), or NULL.
 */
const char *dk_vpath_beneath(const char *v, const char *pre,
			     unsigned long plen)
{
	unsigned long i;

	if (plen == 1)		/* "/" holds everything */
		return v + 1;
	for (i = 0; i < plen; i++)	/* stops at the end of a shorter @v */
		if (v[i] != pre[i])
			return NULL;
	if (v[plen] == '\0')
		return v + plen;
	if (v[plen] == '/')
		return v + plen + 1;
	return NULL;
}
