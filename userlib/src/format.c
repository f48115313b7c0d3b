// SPDX-License-Identifier: LGPL-2.1-or-later
/* Decimal formatting of 64-bit integers into a caller's buffer. */
#include <dk.h>

/* Write [-]@mag; @mag is the magnitude, @neg asks for the sign. */
static long dk_format(char *buf, uint64_t size, uint64_t mag, int neg)
{
	char digits[20];	/* UINT64_MAX has 20 digits */
	uint64_t n = 0, len, i;

	do {
		digits[n++] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);

	len = n + (neg ? 1 : 0);
	if (size < len + 1) {
		if (size > 0)
			buf[0] = '\0';
		return -ERANGE;
	}
	i = 0;
	if (neg)
		buf[i++] = '-';
	while (n > 0)
		buf[i++] = digits[--n];
	buf[i] = '\0';
	return (long)len;
}

long dk_format_u64(char *buf, uint64_t size, uint64_t v)
{
	return dk_format(buf, size, v, 0);
}

long dk_format_i64(char *buf, uint64_t size, int64_t v)
{
	/* Unsigned negation: well defined even for INT64_MIN. */
	if (v < 0)
		return dk_format(buf, size, (uint64_t)0 - (uint64_t)v, 1);
	return dk_format(buf, size, (uint64_t)v, 0);
}
