// SPDX-License-Identifier: GPL-2.0
/* Copy the standard input stream to the standard output stream. */
#include "dk.h"

int main(int argc, char **argv)
{
	long in = dk_std_handle(0), out = dk_std_handle(1);
	char buf[4096];
	long n;

	(void)argc;
	(void)argv;
	while ((n = DkStreamRead(in, DK_OFFSET_NONE, sizeof(buf), buf)) > 0) {
		long done = 0;

		while (done < n) {
			long w = DkStreamWrite(out, DK_OFFSET_NONE, n - done, buf + done);

			if (w <= 0)
				return 1;
			done += w;
		}
	}
	return n < 0 ? 1 : 0;
}
