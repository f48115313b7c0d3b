// SPDX-License-Identifier: GPL-2.0
/*
 * lx_lock: a test-and-set spin lock that yields the CPU (Dk call) after
 * a short spin.  The libOS runs in exception upcalls, where a blocking
 * host primitive is not available; critical sections are short.
 */
#include "lx.h"

#define LX_LOCK_SPINS	128

void lx_lock(struct lx_lock *l)
{
	unsigned int spins = 0;

	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED)) {
			if (++spins < LX_LOCK_SPINS) {
				__asm__ volatile ("pause");
				continue;
			}
			spins = 0;
			DkThreadYieldExecution();
		}
	}
}

void lx_unlock(struct lx_lock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}
