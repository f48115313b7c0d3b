// SPDX-License-Identifier: GPL-2.0
/* Whole-buffer reads and writes (see fullio.h). */
#include <errno.h>
#include <stdbool.h>
#include <unistd.h>

#include "fullio.h"

/* read(2) (or write(2) if @out) until @len bytes moved; EINTR retried. */
static int move_full(int fd, char *p, size_t len, bool out)
{
	while (len) {
		ssize_t n = out ? write(fd, p, len) : read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int read_full(int fd, void *buf, size_t len)
{
	return move_full(fd, buf, len, false);
}

int write_full(int fd, const void *buf, size_t len)
{
	/* Only written from, never to. */
	return move_full(fd, (char *)buf, len, true);
}
