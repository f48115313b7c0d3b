/* SPDX-License-Identifier: GPL-2.0 */
/* Whole-buffer reads and writes on pipes, retrying on EINTR. */
#ifndef DBX_FULLIO_H
#define DBX_FULLIO_H

#include <stddef.h>

/* Read exactly @len bytes; -1 on error or end of file before that. */
int read_full(int fd, void *buf, size_t len);
/* Write exactly @len bytes; -1 on error. */
int write_full(int fd, const void *buf, size_t len);

#endif /* DBX_FULLIO_H */
