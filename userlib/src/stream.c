// SPDX-License-Identifier: LGPL-2.1-or-later
/* Dk calls: streams. */
#include <dk.h>

long DkStreamOpen(const char *uri, uint32_t access, uint32_t share,
		  uint32_t create, uint32_t options)
{
	return dk_call(DK_CALL_STREAM_OPEN, (uintptr_t)uri, access, share,
		       create, options, 0);
}

long DkStreamRead(long h, uint64_t offset, uint64_t size, void *buf)
{
	return dk_call(DK_CALL_STREAM_READ, (uint64_t)h, offset, size,
		       (uintptr_t)buf, 0, 0);
}

long DkStreamWrite(long h, uint64_t offset, uint64_t size, const void *buf)
{
	return dk_call(DK_CALL_STREAM_WRITE, (uint64_t)h, offset, size,
		       (uintptr_t)buf, 0, 0);
}

long DkStreamReadFrom(long h, uint64_t size, void *buf, char *source,
		      uint64_t source_size)
{
	return dk_call(DK_CALL_STREAM_READ, (uint64_t)h, DK_OFFSET_NONE, size,
		       (uintptr_t)buf, (uintptr_t)source, source_size);
}

long DkStreamWriteTo(long h, uint64_t size, const void *buf, const char *dest)
{
	return dk_call(DK_CALL_STREAM_WRITE, (uint64_t)h, DK_OFFSET_NONE, size,
		       (uintptr_t)buf, (uintptr_t)dest, 0);
}

long DkStreamMap(long h, void **addr, uint32_t prot, uint64_t offset,
		 uint64_t size)
{
	return dk_call(DK_CALL_STREAM_MAP, (uint64_t)h, (uintptr_t)addr, prot,
		       offset, size, 0);
}

long DkStreamUnmap(void *addr, uint64_t size)
{
	return dk_call(DK_CALL_STREAM_UNMAP, (uintptr_t)addr, size,
		       0, 0, 0, 0);
}

long DkStreamSetLength(long h, uint64_t len)
{
	return dk_call(DK_CALL_STREAM_SET_LENGTH, (uint64_t)h, len,
		       0, 0, 0, 0);
}

long DkStreamFlush(long h)
{
	return dk_call(DK_CALL_STREAM_FLUSH, (uint64_t)h, 0, 0, 0, 0, 0);
}

long DkStreamDelete(long h, uint32_t flags)
{
	return dk_call(DK_CALL_STREAM_DELETE, (uint64_t)h, flags, 0, 0, 0, 0);
}

long DkStreamWaitForClient(long h)
{
	return dk_call(DK_CALL_STREAM_WAIT_FOR_CLIENT, (uint64_t)h,
		       0, 0, 0, 0, 0);
}

long DkStreamGetName(long h, uint32_t flags, char *buf, uint64_t size)
{
	return dk_call(DK_CALL_STREAM_GET_NAME, (uint64_t)h, flags,
		       (uintptr_t)buf, size, 0, 0);
}

long DkStreamAttributesQuery(const char *uri, void *attr)
{
	return dk_call(DK_CALL_STREAM_ATTRIBUTES_QUERY, (uintptr_t)uri,
		       (uintptr_t)attr, 0, 0, 0, 0);
}

long DkStreamAttributesQueryByHandle(long h, void *attr)
{
	return dk_call(DK_CALL_STREAM_ATTRIBUTES_QUERY_BY_HANDLE, (uint64_t)h,
		       (uintptr_t)attr, 0, 0, 0, 0);
}

long DkStreamAttributesSetByHandle(long h,
				   const struct dk_stream_attr_set *attr)
{
	return dk_call(DK_CALL_STREAM_ATTRIBUTES_SET_BY_HANDLE, (uint64_t)h,
		       (uintptr_t)attr, 0, 0, 0, 0);
}

long DkStreamChangeName(long h, const char *new_uri)
{
	return dk_call(DK_CALL_STREAM_CHANGE_NAME, (uint64_t)h,
		       (uintptr_t)new_uri, 0, 0, 0, 0);
}
