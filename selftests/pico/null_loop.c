// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark picoprocess: time N back-to-back DkSystemTimeQuery calls from
 * inside a confined picoprocess and print "ns_per_call=<n>" (integer
 * nanoseconds times 1000, to keep three decimals without floating point).
 *   usage: null_loop N
 */
#include "dk.h"

static uint64_t parse(const char *s)
{
	uint64_t v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return v;
}

int main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? parse(argv[1]) : 100000, i, t0, t1, t;
	long out = dk_std_handle(1);
	char num[32];

	if (!n)
		return 2;
	if (DkSystemTimeQuery(&t0))
		return 1;
	for (i = 0; i < n; i++)
		DkSystemTimeQuery(&t);
	if (DkSystemTimeQuery(&t1))
		return 1;
	dk_write_str(out, "ns_per_call_x1000=");
	dk_format_u64(num, sizeof(num), (t1 - t0) * 1000 / n);
	dk_write_str(out, num);
	dk_write_str(out, "\n");
	return 0;
}
