// SPDX-License-Identifier: LGPL-2.1-or-later
/* Dk calls: virtual memory. */
#include <dk.h>

long DkVirtualMemoryAlloc(void **addr, uint64_t size, uint32_t type,
			  uint32_t prot)
{
	return dk_call(DK_CALL_VIRTUAL_MEMORY_ALLOC, (uintptr_t)addr, size,
		       type, prot, 0, 0);
}

long DkVirtualMemoryFree(void *addr, uint64_t size, uint32_t type)
{
	return dk_call(DK_CALL_VIRTUAL_MEMORY_FREE, (uintptr_t)addr, size,
		       type, 0, 0, 0);
}

long DkVirtualMemoryProtect(void *addr, uint64_t size, uint32_t prot)
{
	return dk_call(DK_CALL_VIRTUAL_MEMORY_PROTECT, (uintptr_t)addr, size,
		       prot, 0, 0, 0);
}
