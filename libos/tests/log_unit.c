// SPDX-License-Identifier: GPL-2.0
// unit-sources: log.c
/*
 * Host unit test of the libOS's formatter (lx_vsnprintf) and of lx_log's
 * line: "libos: " + message + "\n" in one write to the stderr handle.
 */
#include <stdio.h>
#include <string.h>

#include "lx.h"

struct lx_start lx_start_info;
static char written[1024];
static long written_len;

long DkStreamWrite(long h, uint64_t offset, uint64_t size, const void *buf)
{
	(void)offset;
	if (h != 7 || size > sizeof(written))
		return -EBADF;
	memcpy(written, buf, size);
	written_len = (long)size;
	return (long)size;
}

long dk_std_handle(int n)
{
	(void)n;
	return 7;
}

void lx_exit_group(int status)
{
	(void)status;
	__builtin_trap();
}

static int failures;

static void expect(const char *got, const char *want, const char *what)
{
	if (strcmp(got, want)) {
		printf("not ok - %s: got \"%s\", want \"%s\"\n", what, got, want);
		failures++;
	} else {
		printf("ok - %s\n", what);
	}
}

int main(void)
{
	char buf[64];
	const char *volatile null_str = NULL;
	size_t n;

	lx_snprintf(buf, sizeof(buf), "%d %i %u %x %#lx", -42, 7, 3000000000U,
		    0xbeef, 0x1234UL);
	expect(buf, "-42 7 3000000000 beef 0x1234", "integers");
	lx_snprintf(buf, sizeof(buf), "%ld %lu %zu", -9000000000L,
		    18000000000UL, (size_t)5);
	expect(buf, "-9000000000 18000000000 5", "long integers");
	lx_snprintf(buf, sizeof(buf), "[%s] [%c] %% [%s]", "str", 'c',
		    null_str);
	expect(buf, "[str] [c] % [(null)]", "strings");
	lx_snprintf(buf, sizeof(buf), "%p", (void *)0x7f00);
	expect(buf, "0x7f00", "pointer");
	lx_snprintf(buf, sizeof(buf), "%ld", (long)(-0x7fffffffffffffffL - 1));
	expect(buf, "-9223372036854775808", "LONG_MIN");
	n = lx_snprintf(buf, 6, "truncated %d", 1);
	expect(buf, "trunc", "truncation");
	if (n != 5) {
		printf("not ok - truncated length %zu\n", n);
		failures++;
	}
	lx_start_info.si = NULL;
	lx_log("unsupported system call %s (%ld)", "vserver", 236L);
	written[written_len] = '\0';
	expect(written, "libos: unsupported system call vserver (236)\n",
	       "lx_log line");
	return failures ? 1 : 0;
}
