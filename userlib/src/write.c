// SPDX-License-Identifier: LGPL-2.1-or-later
/* dk_write_str(): write a whole string to a stream. */
#include <dk.h>

long dk_write_str(long h, const char *s)
{
	uint64_t len = dk_strlen(s), done = 0;

	while (done < len) {
		uint64_t chunk = len - done;
		long n;

		if (chunk > DK_STREAM_IO_MAX)
			chunk = DK_STREAM_IO_MAX;
		n = DkStreamWrite(h, DK_OFFSET_NONE, chunk, s + done);
		if (n < 0)
			return n;
		if (n == 0 || (uint64_t)n > chunk)
			return -EIO;
		done += (uint64_t)n;
	}
	return (long)done;
}
