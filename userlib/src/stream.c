// SPDX-License-Identifier: LGPL-2.1-or-later
/* Dk calls: streams. */
#include <dk.h>

#include "calls.h"

long DkStreamOpen(const char *uri, uint32_t access, uint32_t share,
		  uint32_t create, uint32_t options)
{
	return dk_call_STREAM_OPEN(uri, access, share, create, options);
}

long DkStreamRead(long h, uint64_t offset, uint64_t size, void *buf)
{
	return dk_call_STREAM_READ(h, offset, size, buf, NULL, 0);
}

long DkStreamWrite(long h, uint64_t offset, uint64_t size, const void *buf)
{
	return dk_call_STREAM_WRITE(h, offset, size, buf, NULL);
}

long DkStreamReadFrom(long h, uint64_t size, void *buf, char *source,
		      uint64_t source_size)
{
	return dk_call_STREAM_READ(h, DK_OFFSET_NONE, size, buf, source,
				   source_size);
}

long DkStreamPeekFrom(long h, uint64_t size, void *buf, char *source,
		      uint64_t source_size)
{
	return dk_call_STREAM_READ(h, DK_OFFSET_PEEK, size, buf, source,
				   source_size);
}

long DkStreamWriteTo(long h, uint64_t size, const void *buf, const char *dest)
{
	return dk_call_STREAM_WRITE(h, DK_OFFSET_NONE, size, buf, dest);
}

long DkStreamMap(long h, void **addr, uint32_t prot, uint64_t offset,
		 uint64_t size)
{
	return dk_call_STREAM_MAP(h, addr, prot, offset, size);
}

long DkStreamUnmap(void *addr, uint64_t size)
{
	return dk_call_STREAM_UNMAP(addr, size);
}

long DkStreamSetLength(long h, uint64_t len)
{
	return dk_call_STREAM_SET_LENGTH(h, len);
}

long DkStreamFlush(long h)
{
	return dk_call_STREAM_FLUSH(h);
}

long DkStreamDelete(long h, uint32_t flags)
{
	return dk_call_STREAM_DELETE(h, flags);
}

long DkStreamWaitForClient(long h)
{
	return dk_call_STREAM_WAIT_FOR_CLIENT(h);
}

long DkStreamGetName(long h, uint32_t flags, char *buf, uint64_t size)
{
	return dk_call_STREAM_GET_NAME(h, flags, buf, size);
}

long DkStreamAttributesQuery(const char *uri, void *attr)
{
	return dk_call_STREAM_ATTRIBUTES_QUERY(uri, attr,
					       sizeof(struct dk_stream_attr), 0);
}

long DkStreamAttributesQueryByHandle(long h, void *attr)
{
	return dk_call_STREAM_ATTRIBUTES_QUERY_BY_HANDLE(h, attr,
							 sizeof(struct dk_stream_attr));
}

long DkStreamAttributesQueryEx(const char *uri, uint32_t flags,
			       struct dk_stream_attr *attr, uint64_t size)
{
	return dk_call_STREAM_ATTRIBUTES_QUERY(uri, attr, size, flags);
}

long DkStreamReadLink(const char *uri, char *buf, uint64_t size)
{
	return dk_call_STREAM_READ_LINK(uri, buf, size);
}

long DkStreamSetTimes(long h, const struct dk_stream_times *times)
{
	return dk_call_STREAM_SET_TIMES(h, times);
}

long DkStreamSymlink(const char *target, const char *link_uri)
{
	return dk_call_STREAM_SYMLINK(target, link_uri);
}

long DkStreamAttributesSetByHandle(long h,
				   const struct dk_stream_attr_set *attr)
{
	return dk_call_STREAM_ATTRIBUTES_SET_BY_HANDLE(h, attr);
}

long DkStreamChangeName(long h, const char *new_uri)
{
	return dk_call_STREAM_CHANGE_NAME(h, new_uri);
}

/* The kernel call writes the position: it may not fit in a result. */
long DkStreamSeek(long h, long long offset, unsigned int whence)
{
	int64_t pos = 0;
	long ret = dk_call_STREAM_SEEK(h, offset, whence, &pos);

	return ret < 0 ? ret : (long)pos;
}
