/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DkProcessCreate requests: the monitor's side.  See
 * Documentation/design/processes.rst for the protocol and the image
 * policy.
 */
#ifndef DBX_PROCREQ_H
#define DBX_PROCREQ_H

/*
 * Remember the top image's directory: under the default image policy (a
 * manifest with no fs lines) relative URIs resolve there and images must
 * lie beneath it.  Returns 0 or -1 after printing.
 */
int procreq_init(const char *top_program);

/* Serve every pending request of the monitor context @mon_fd. */
void procreq_service(int mon_fd);

#endif /* DBX_PROCREQ_H */
