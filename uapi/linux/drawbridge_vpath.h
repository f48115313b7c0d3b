/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Virtual paths of the manifest's fs roots (Documentation/manifest.rst):
 * the one rule by which the module (file: streams) and dbexec (the images
 * of DkProcessCreate) decide which root a virtual path is under: resolve
 * the path's spelling (dk_vpath_resolve), then take the longest prefix
 * that holds it (dk_vpath_beneath).  Plain C without library calls, so
 * that both compile the same code.
 */
#ifndef _UAPI_LINUX_DRAWBRIDGE_VPATH_H
#define _UAPI_LINUX_DRAWBRIDGE_VPATH_H

/*
 * Normalize a virtual prefix in place: absolute, no "." or ".."
 * components, no empty components, no trailing slash except for "/".
 * Return: its length, or -1 if @s is not a valid prefix.
 */
static inline long dk_vpath_normalize(char *s)
{
	char *r = s, *w = s;

	if (*s != '/')
		return -1;
	while (*r) {
		const char *comp;
		unsigned long n, i;

		while (*r == '/')
			r++;
		if (!*r)
			break;
		comp = r;
		while (*r && *r != '/')
			r++;
		n = r - comp;
		if ((n == 1 && comp[0] == '.') ||
		    (n == 2 && comp[0] == '.' && comp[1] == '.'))
			return -1;
		*w++ = '/';
		/* w never passes comp: a forward copy is safe. */
		for (i = 0; i < n; i++)
			*w++ = comp[i];
	}
	if (w == s)
		*w++ = '/';
	*w = '\0';
	return w - s;
}

/*
 * Resolve the path of a file: URI in place, by its spelling alone, before
 * it is matched to a prefix: empty and "." components are dropped and
 * ".." drops the component before it (the dot-segment removal of RFC
 * 3986; symbolic links play no part, the host kernel follows those later
 * beneath the root the result falls under).  A path that ended in "/",
 * "/." or "/.." keeps one trailing "/", so its last component must still
 * be a directory.  The result never grows.
 * Return: its length; -1 if @s is not absolute; -2 if a ".." climbs above
 * "/".
 */
static inline long dk_vpath_resolve(char *s)
{
	char *r = s, *w = s;
	int dir = 0;

	if (*s != '/')
		return -1;
	for (;;) {
		const char *comp;
		unsigned long n, i;

		while (*r == '/')
			r++;
		if (!*r)
			break;
		comp = r;
		while (*r && *r != '/')
			r++;
		n = r - comp;
		dir = *r == '/';
		if (n == 1 && comp[0] == '.') {
			dir = 1;
			continue;
		}
		if (n == 2 && comp[0] == '.' && comp[1] == '.') {
			if (w == s)
				return -2;
			while (*--w != '/')	/* back to the last "/" written */
				;
			dir = 1;
			continue;
		}
		*w++ = '/';
		/* w never passes comp: a forward copy is safe. */
		for (i = 0; i < n; i++)
			*w++ = comp[i];
	}
	/* Room for the "/": the input had at least one byte more here. */
	if (w == s || dir)
		*w++ = '/';
	*w = '\0';
	return w - s;
}

/*
 * Is absolute virtual path @v (resolved by dk_vpath_resolve) under the
 * normalized prefix @pre of length @plen?  Return: the rest of @v
 * relative to @pre ("" for @pre itself), or a null pointer.
 */
static inline const char *dk_vpath_beneath(const char *v, const char *pre,
					   unsigned long plen)
{
	unsigned long i;

	if (plen == 1)		/* "/" holds everything */
		return v + 1;
	for (i = 0; i < plen; i++)	/* stops at the end of a shorter @v */
		if (v[i] != pre[i])
			return (const char *)0;
	if (v[plen] == '\0')
		return v + plen;
	if (v[plen] == '/')
		return v + plen + 1;
	return (const char *)0;
}

#endif /* _UAPI_LINUX_DRAWBRIDGE_VPATH_H */
