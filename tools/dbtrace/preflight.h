/* SPDX-License-Identifier: GPL-2.0 */
/* dbtrace: checks before loading anything, with clear messages. */
#ifndef DBT_PREFLIGHT_H
#define DBT_PREFLIGHT_H

/*
 * Check that we are root, that the kernel can load BPF tracepoint
 * programs, that tracefs is mounted and that drawbridge.ko with its
 * tracepoints is loaded.  Prints the first problem and returns non-zero.
 */
int dbt_preflight(void);

#endif /* DBT_PREFLIGHT_H */
