/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dbexec exit statuses.  Apart from these, dbexec exits with the
 * picoprocess's own status, or 128+N when a signal N killed it.
 */
#ifndef DBX_EXITCODES_H
#define DBX_EXITCODES_H

#define DBX_EXIT_ERROR	125	/* usage, manifest, set-up or internal error */
#define DBX_EXIT_IMAGE	126	/* PROGRAM cannot be loaded (not a dbcc image) */
#define DBX_EXIT_DEVICE	127	/* /dev/drawbridge missing or incompatible */
#define DBX_EXIT_SIGNAL	128	/* + signal number */

#endif /* DBX_EXITCODES_H */
