/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DkProcessCreate requests: the monitor's side.  See
 * Documentation/design/processes.rst for the protocol and the image
 * policy.
 */
#ifndef DBX_PROCREQ_H
#define DBX_PROCREQ_H

#include <stdint.h>

/*
 * Remember the top image's directory: under the default image policy (a
 * manifest with no fs lines) relative URIs resolve there and images must
 * lie beneath it.  Returns 0 or -1 after printing.
 */
int procreq_init(const char *top_program);

struct image;
/*
 * libOS mode: requests for "file:" DK_LIBOS_SELF_PATH start another
 * instance of the libOS image @img (loaded by the caller, kept mapped),
 * untraced like the top, with @libos_flags; the fs policy does not
 * apply to that name (the libOS forks itself: Documentation/libos.rst).
 */
void procreq_set_libos(const struct image *img, uint32_t libos_flags);

/* Serve every pending request of the monitor context @mon_fd. */
void procreq_service(int mon_fd);

#endif /* DBX_PROCREQ_H */
