// SPDX-License-Identifier: LGPL-2.1-or-later
/* Dk calls: semaphores, events and waiting. */
#include <dk.h>

long DkSemaphoreCreate(uint32_t init, uint32_t max)
{
	return dk_call(DK_CALL_SEMAPHORE_CREATE, init, max, 0, 0, 0, 0);
}

long DkSemaphoreRelease(long h, uint32_t count)
{
	return dk_call(DK_CALL_SEMAPHORE_RELEASE, (uint64_t)h, count,
		       0, 0, 0, 0);
}

long DkSemaphorePeek(long h)
{
	return dk_call(DK_CALL_SEMAPHORE_PEEK, (uint64_t)h, 0, 0, 0, 0, 0);
}

long DkNotificationEventCreate(uint32_t initial_state)
{
	return dk_call(DK_CALL_NOTIFICATION_EVENT_CREATE, initial_state,
		       0, 0, 0, 0, 0);
}

long DkSynchronizationEventCreate(uint32_t initial_state)
{
	return dk_call(DK_CALL_SYNCHRONIZATION_EVENT_CREATE, initial_state,
		       0, 0, 0, 0, 0);
}

long DkEventSet(long h)
{
	return dk_call(DK_CALL_EVENT_SET, (uint64_t)h, 0, 0, 0, 0, 0);
}

long DkEventClear(long h)
{
	return dk_call(DK_CALL_EVENT_CLEAR, (uint64_t)h, 0, 0, 0, 0, 0);
}

long DkEventPeek(long h)
{
	return dk_call(DK_CALL_EVENT_PEEK, (uint64_t)h, 0, 0, 0, 0, 0);
}

long DkObjectsWaitAny(uint32_t count, const int32_t *handles,
		      int64_t timeout_ns)
{
	return dk_call(DK_CALL_OBJECTS_WAIT_ANY, count, (uintptr_t)handles,
		       (uint64_t)timeout_ns, 0, 0, 0);
}
