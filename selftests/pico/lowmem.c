// SPDX-License-Identifier: GPL-2.0
/*
 * The address range static Linux programs are linked at, 0x400000 up to
 * 1 GiB, is free in a picoprocess: dbexec keeps nothing of its own there.
 * Reserves the whole range at its fixed address, commits the first page,
 * writes and reads it back, releases the range and says "low range free".
 * On failure prints the Dk error and exits 1.
 */
#include "dk.h"

#define LOW_START	0x400000UL
#define LOW_END		0x40000000UL

int main(void)
{
	long out = dk_std_handle(1);
	void *addr = (void *)LOW_START;
	volatile unsigned long *p = (volatile unsigned long *)LOW_START;
	char buf[32];
	long ret;

	ret = DkVirtualMemoryAlloc(&addr, LOW_END - LOW_START, DK_MEM_RESERVE,
				   DK_PROT_NONE);
	if (ret < 0 || addr != (void *)LOW_START)
		goto fail;
	ret = DkVirtualMemoryAlloc(&addr, 4096, DK_MEM_COMMIT,
				   DK_PROT_READ | DK_PROT_WRITE);
	if (ret < 0)
		goto fail;
	*p = 0x5a5a5a5aUL;
	if (*p != 0x5a5a5a5aUL)
		return 1;
	ret = DkVirtualMemoryFree(addr, LOW_END - LOW_START, DK_MEM_RELEASE);
	if (ret < 0)
		goto fail;
	dk_write_str(out, "low range free\n");
	return 0;
fail:
	dk_format_i64(buf, sizeof(buf), ret);
	dk_write_str(out, "alloc failed: ");
	dk_write_str(out, buf);
	dk_write_str(out, "\n");
	return 1;
}
