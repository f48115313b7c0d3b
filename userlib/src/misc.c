// SPDX-License-Identifier: LGPL-2.1-or-later
/* Dk calls: time, randomness, instruction cache. */
#include <dk.h>

long DkSystemTimeQuery(uint64_t *ns)
{
	return dk_call(DK_CALL_SYSTEM_TIME_QUERY, (uintptr_t)ns, 0, 0, 0, 0, 0);
}

long DkRandomBitsRead(void *buf, uint64_t size)
{
	return dk_call(DK_CALL_RANDOM_BITS_READ, (uintptr_t)buf, size,
		       0, 0, 0, 0);
}

long DkInstructionCacheFlush(const void *addr, uint64_t size)
{
	return dk_call(DK_CALL_INSTRUCTION_CACHE_FLUSH, (uintptr_t)addr, size,
		       0, 0, 0, 0);
}
