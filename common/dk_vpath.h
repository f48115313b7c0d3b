/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual paths of the manifest's fs roots (Documentation/manifest.rst):
 * the one rule by which the module (file: streams) and dbexec (the images
 * of DkProcessCreate) decide which root a virtual path is under: resolve
 * the path's spelling (dk_vpath_resolve()), then take the longest prefix
 * that holds it (dk_vpath_beneath()).  dk_vpath.c is compiled into both,
 * so it uses no library call.
 */
#ifndef _DK_VPATH_H
#define _DK_VPATH_H

long dk_vpath_normalize(char *s);
long dk_vpath_resolve(char *s);
const char *dk_vpath_beneath(const char *v, const char *pre,
			     unsigned long plen);

#endif /* _DK_VPATH_H */
