// SPDX-License-Identifier: LGPL-2.1-or-later
/* Dk calls: semaphores, events and waiting. */
#include <dk.h>

#include "calls.h"

long DkSemaphoreCreate(uint32_t init, uint32_t max)
{
	return dk_call_SEMAPHORE_CREATE(init, max);
}

long DkSemaphoreRelease(long h, uint32_t count)
{
	return dk_call_SEMAPHORE_RELEASE(h, count);
}

long DkSemaphorePeek(long h)
{
	return dk_call_SEMAPHORE_PEEK(h);
}

long DkNotificationEventCreate(uint32_t initial_state)
{
	return dk_call_NOTIFICATION_EVENT_CREATE(initial_state);
}

long DkSynchronizationEventCreate(uint32_t initial_state)
{
	return dk_call_SYNCHRONIZATION_EVENT_CREATE(initial_state);
}

long DkEventSet(long h)
{
	return dk_call_EVENT_SET(h);
}

long DkEventClear(long h)
{
	return dk_call_EVENT_CLEAR(h);
}

long DkEventPeek(long h)
{
	return dk_call_EVENT_PEEK(h);
}

long DkObjectsWaitAny(uint32_t count, const int32_t *handles,
		      int64_t timeout_ns)
{
	return dk_call_OBJECTS_WAIT_ANY(count, handles, timeout_ns);
}

long DkStreamPoll(unsigned int count, struct dk_poll_item *items,
		  long long timeout_ns)
{
	return dk_call_STREAM_POLL(count, items, timeout_ns);
}
