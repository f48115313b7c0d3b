// SPDX-License-Identifier: LGPL-2.1-or-later
/* Dk calls: time, randomness, instruction cache. */
#include <dk.h>

#include "calls.h"

long DkSystemTimeQuery(uint64_t *ns)
{
	return dk_call_SYSTEM_TIME_QUERY(ns);
}

long DkRandomBitsRead(void *buf, uint64_t size)
{
	return dk_call_RANDOM_BITS_READ(buf, size);
}

long DkInstructionCacheFlush(const void *addr, uint64_t size)
{
	return dk_call_INSTRUCTION_CACHE_FLUSH(addr, size);
}
