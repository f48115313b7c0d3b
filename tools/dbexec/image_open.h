/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Opening the file a DkProcessCreate image URI names, under the image
 * policy of the requesting picoprocess.  See
 * Documentation/design/processes.rst ("Image policy").
 */
#ifndef DBX_IMAGE_OPEN_H
#define DBX_IMAGE_OPEN_H

#include "manifest.h"

/*
 * Open "@vpath@suffix" (@vpath: the path part of a file: URI; @suffix ""
 * or e.g. ".manifest") read-only for a picoprocess confined by @m.
 *
 * If @m has fs lines, the longest virtual prefix that matches @vpath
 * picks the root and the rest is opened beneath its host directory with
 * openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV).
 * Otherwise (default policy) the file must lie in @top_dir or beneath
 * it, relative paths resolving there.
 *
 * Only a regular file is returned: the open cannot block (O_NONBLOCK,
 * for a FIFO) and anything else is refused after an fstat.
 *
 * Returns an O_RDONLY | O_CLOEXEC | O_NONBLOCK descriptor of a regular
 * file, or -EINVAL (relative path under fs roots), -EACCES (no root
 * matches, the name escapes its root, or it is not a regular file),
 * -ENOENT, -ENAMETOOLONG, or another -errno from the host.
 */
int image_open(const struct manifest *m, const char *top_dir,
	       const char *vpath, const char *suffix);

#endif /* DBX_IMAGE_OPEN_H */
