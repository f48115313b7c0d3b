// SPDX-License-Identifier: GPL-2.0
/*
 * proc_narrow: started by proc_pico under proc_narrow.manifest, which
 * allows 1 MiB of address space where its parent has the default.  It
 * tries to reserve 8 MiB: exits 3 if refused with EDQUOT, 0 if allowed,
 * 4 on another error.
 */
#include <dk.h>

int main(void)
{
	void *addr = 0;
	long r = DkVirtualMemoryAlloc(&addr, 8 << 20, DK_MEM_RESERVE, DK_PROT_NONE);

	if (r == -EDQUOT)
		return 3;
	return r < 0 ? 4 : 0;
}
