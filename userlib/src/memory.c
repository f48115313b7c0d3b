// SPDX-License-Identifier: LGPL-2.1-or-later
/* Dk calls: virtual memory. */
#include <dk.h>

#include "calls.h"

long DkVirtualMemoryAlloc(void **addr, uint64_t size, uint32_t type,
			  uint32_t prot)
{
	return dk_call_VIRTUAL_MEMORY_ALLOC(addr, size, type, prot);
}

long DkVirtualMemoryFree(void *addr, uint64_t size, uint32_t type)
{
	return dk_call_VIRTUAL_MEMORY_FREE(addr, size, type);
}

long DkVirtualMemoryProtect(void *addr, uint64_t size, uint32_t prot)
{
	return dk_call_VIRTUAL_MEMORY_PROTECT(addr, size, prot);
}
