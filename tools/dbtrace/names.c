// SPDX-License-Identifier: GPL-2.0
/* dbtrace: Dk call names, argument kinds and error names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <linux/drawbridge.h>

#include "names.h"

#define C(nr, name, args, rh) [DK_CALL_##nr] = { name, args, rh }

/* Prototypes: userlib/include/dk.h. */
static const struct dbt_call_info calls[DK_CALL_COUNT] = {
	C(VIRTUAL_MEMORY_ALLOC, "DkVirtualMemoryAlloc", "xdmp", 0),
	C(VIRTUAL_MEMORY_FREE, "DkVirtualMemoryFree", "xdm", 0),
	C(VIRTUAL_MEMORY_PROTECT, "DkVirtualMemoryProtect", "xdp", 0),
	C(THREAD_CREATE, "DkThreadCreate", "xxxf", 1),
	C(THREAD_EXIT, "DkThreadExit", "", 0),
	C(THREAD_YIELD_EXECUTION, "DkThreadYieldExecution", "", 0),
	C(THREAD_DELAY_EXECUTION, "DkThreadDelayExecution", "d", 0),
	C(THREAD_RESUME, "DkThreadResume", "h", 0),
	C(THREAD_RAISE_EXCEPTION, "DkThreadRaiseException", "hx", 0),
	C(SEMAPHORE_CREATE, "DkSemaphoreCreate", "dd", 1),
	C(SEMAPHORE_RELEASE, "DkSemaphoreRelease", "hd", 0),
	C(SEMAPHORE_PEEK, "DkSemaphorePeek", "h", 0),
	C(NOTIFICATION_EVENT_CREATE, "DkNotificationEventCreate", "d", 1),
	C(SYNCHRONIZATION_EVENT_CREATE, "DkSynchronizationEventCreate", "d", 1),
	C(EVENT_SET, "DkEventSet", "h", 0),
	C(EVENT_CLEAR, "DkEventClear", "h", 0),
	C(EVENT_PEEK, "DkEventPeek", "h", 0),
	C(OBJECTS_WAIT_ANY, "DkObjectsWaitAny", "dxi", 0),
	C(OBJECT_REFERENCE, "DkObjectReference", "h", 0),
	C(OBJECT_CLOSE, "DkObjectClose", "h", 0),
	C(STREAM_OPEN, "DkStreamOpen", "saff", 1),
	C(STREAM_READ, "DkStreamRead", "hodx", 0),
	C(STREAM_WRITE, "DkStreamWrite", "hodx", 0),
	C(STREAM_MAP, "DkStreamMap", "hxpo", 0),
	C(STREAM_UNMAP, "DkStreamUnmap", "xd", 0),
	C(STREAM_SET_LENGTH, "DkStreamSetLength", "hd", 0),
	C(STREAM_FLUSH, "DkStreamFlush", "h", 0),
	C(STREAM_DELETE, "DkStreamDelete", "hf", 0),
	C(STREAM_WAIT_FOR_CLIENT, "DkStreamWaitForClient", "h", 1),
	C(STREAM_GET_NAME, "DkStreamGetName", "hfxd", 0),
	C(STREAM_ATTRIBUTES_QUERY, "DkStreamAttributesQuery", "sx", 0),
	C(STREAM_ATTRIBUTES_QUERY_BY_HANDLE, "DkStreamAttributesQueryByHandle", "hx", 0),
	C(STREAM_ATTRIBUTES_SET_BY_HANDLE, "DkStreamAttributesSetByHandle", "hx", 0),
	C(STREAM_CHANGE_NAME, "DkStreamChangeName", "hs", 0),
	C(PROCESS_CREATE, "DkProcessCreate", "sx", 1),
	C(PROCESS_EXIT, "DkProcessExit", "i", 0),
	C(SET_EXCEPTION_HANDLER, "DkSetExceptionHandler", "xd", 0),
	C(EXCEPTION_RETURN, "DkExceptionReturn", "x", 0),
	C(SYSTEM_TIME_QUERY, "DkSystemTimeQuery", "x", 0),
	C(RANDOM_BITS_READ, "DkRandomBitsRead", "xd", 0),
	C(INSTRUCTION_CACHE_FLUSH, "DkInstructionCacheFlush", "xd", 0),
};

const struct dbt_call_info *dbt_call(uint32_t nr)
{
	return nr < DK_CALL_COUNT && calls[nr].name ? &calls[nr] : NULL;
}

const char *dbt_call_name(uint32_t nr, char *buf, size_t size)
{
	const struct dbt_call_info *ci = dbt_call(nr);

	if (ci)
		return ci->name;
	snprintf(buf, size, "call#%u", nr);
	return buf;
}

int dbt_call_parse(const char *s)
{
	char *end;
	long v;
	int nr;

	if (!*s)
		return -1;
	v = strtol(s, &end, 0);
	if (!*end)
		return v >= 0 && v < DK_CALL_COUNT ? (int)v : -1;
	if (!strncasecmp(s, "Dk", 2))
		s += 2;
	for (nr = 0; nr < DK_CALL_COUNT; nr++)
		if (calls[nr].name && !strcasecmp(s, calls[nr].name + 2))
			return nr;
	return -1;
}

const char *dbt_errno_name(int err, char *buf, size_t size)
{
	const char *n = strerrorname_np(err);

	if (n)
		return n;
	snprintf(buf, size, "E%d", err);
	return buf;
}

static void format_flags(uint64_t v, const char *const names[],
			 const uint64_t bits[], int n, const char *none,
			 char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	if (!v) {
		snprintf(buf, size, "%s", none);
		return;
	}
	for (i = 0; i < n && len < size; i++) {
		if (!(v & bits[i]))
			continue;
		len += snprintf(buf + len, size - len, "%s%s",
				len ? "|" : "", names[i]);
		v &= ~bits[i];
	}
	if (v && len < size)
		snprintf(buf + len, size - len, "%s0x%llx", len ? "|" : "",
			 (unsigned long long)v);
}

void dbt_format_arg(char kind, uint64_t v, char *buf, size_t size)
{
	static const char *const prot[] = { "READ", "WRITE", "EXEC" };
	static const uint64_t protb[] = { DK_PROT_READ, DK_PROT_WRITE,
					  DK_PROT_EXEC };
	static const char *const acc[] = { "READ", "WRITE" };
	static const uint64_t accb[] = { DK_ACCESS_READ, DK_ACCESS_WRITE };
	static const char *const mem[] = { "RESERVE", "COMMIT", "DECOMMIT",
					   "RELEASE" };
	static const uint64_t memb[] = { DK_MEM_RESERVE, DK_MEM_COMMIT,
					 DK_MEM_DECOMMIT, DK_MEM_RELEASE };

	switch (kind) {
	case 'h':
	case 'f':
	case 'x':
		if (kind == 'x' && !v)
			snprintf(buf, size, "NULL");
		else
			snprintf(buf, size, "0x%llx", (unsigned long long)v);
		break;
	case 'i':
		snprintf(buf, size, "%lld", (long long)v);
		break;
	case 'o':
		if (v == DK_OFFSET_NONE)
			snprintf(buf, size, "cur");
		else
			snprintf(buf, size, "%llu", (unsigned long long)v);
		break;
	case 'p':
		format_flags(v, prot, protb, 3, "NONE", buf, size);
		break;
	case 'a':
		format_flags(v, acc, accb, 2, "0", buf, size);
		break;
	case 'm':
		format_flags(v, mem, memb, 4, "0", buf, size);
		break;
	default:
		snprintf(buf, size, "%llu", (unsigned long long)v);
		break;
	}
}
