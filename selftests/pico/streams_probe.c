// SPDX-License-Identifier: GPL-2.0
/*
 * For each argument "r:URI" (open for reading), "w:URI" (open for writing,
 * create if missing, write "pwned"), "c:URI" (tcp/udp/pipe open) print
 * "URI -> N" where N is the handle (printed as "ok") or the negative errno.
 */
#include "dk.h"

static void put_num(long out, long v)
{
	char buf[24];
	int i = sizeof(buf);

	buf[--i] = '\0';
	if (v >= 0) {
		dk_write_str(out, "ok");
		return;
	}
	v = -v;
	do {
		buf[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	buf[--i] = '-';
	dk_write_str(out, buf + i);
}

int main(int argc, char **argv)
{
	long out = dk_std_handle(1), h;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] == 'r')
			h = DkStreamOpen(a + 2, DK_ACCESS_READ, 0, 0, 0);
		else if (a[0] == 'w')
			h = DkStreamOpen(a + 2, DK_ACCESS_WRITE, 0,
					 DK_CREATE_TRY, 0);
		else
			h = DkStreamOpen(a + 2, DK_ACCESS_RDWR, 0, 0, 0);
		if (h >= 0 && a[0] == 'w' &&
		    DkStreamWrite(h, DK_OFFSET_NONE, 5, "pwned") != 5)
			h = -1000;
		dk_write_str(out, a + 2);
		dk_write_str(out, " -> ");
		put_num(out, h);
		dk_write_str(out, "\n");
	}
	return 0;
}
