// SPDX-License-Identifier: GPL-2.0
/*
 * Picoprocess for the dbtrace tests: a known sequence of Dk calls, some of
 * them failing.  Keep in step with selftests/drawbridge/dbtrace_test.c.
 *   DkSystemTimeQuery(&t) x5 = 0, DkSystemTimeQuery(NULL) = -EFAULT,
 *   DkObjectClose(0) x3 = -EBADF, call number 1000 = -EBADRQC,
 *   DkRandomBitsRead(buf, 16) = 16, DkStreamOpen("file:/dbtrace/probe").
 * Exits 0 if every result was as expected, else 1.
 */
#include "dk.h"

int main(void)
{
	uint64_t t;
	char buf[16];
	int i, bad = 0;

	for (i = 0; i < 5; i++)
		bad |= DkSystemTimeQuery(&t) != 0;
	bad |= DkSystemTimeQuery((uint64_t *)0) != -EFAULT;
	for (i = 0; i < 3; i++)
		bad |= DkObjectClose(0) != -EBADF;
	bad |= dk_call(1000, 0, 0, 0, 0, 0, 0) != -EBADRQC;
	bad |= DkRandomBitsRead(buf, sizeof(buf)) != (long)sizeof(buf);
	DkStreamOpen("file:/dbtrace/probe", DK_ACCESS_READ, 0, 0, 0);
	return bad;
}
