// SPDX-License-Identifier: GPL-2.0
/*
 * Threads: several threads share a counter under a mutex, meet at a
 * barrier, hand work over through a condition variable, keep a __thread
 * value of their own and are joined.  The output does not depend on the
 * schedule.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS	4
#define ROUNDS		100000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pthread_barrier_t barrier;
static long total;
static int turn;		/* whose turn it is in the relay (under lock) */
static char relay[NTHREADS + 1];
static __thread long mine = -1;

static void *worker(void *arg)
{
	long id = (long)arg, i;

	mine = id * 1000;
	for (i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		total++;
		pthread_mutex_unlock(&lock);
	}
	pthread_barrier_wait(&barrier);
	/* A relay in thread order: each waits for its turn. */
	pthread_mutex_lock(&lock);
	while (turn != id)
		pthread_cond_wait(&cond, &lock);
	relay[id] = (char)('a' + id);
	turn++;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	return (void *)(mine + id);	/* still this thread's own value */
}

int main(void)
{
	pthread_t t[NTHREADS];
	long i, sum = 0;

	mine = 7;
	if (pthread_barrier_init(&barrier, NULL, NTHREADS)) {
		perror("pthread_barrier_init");
		return 1;
	}
	for (i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], NULL, worker, (void *)i)) {
			perror("pthread_create");
			return 1;
		}
	for (i = 0; i < NTHREADS; i++) {
		void *ret;

		pthread_join(t[i], &ret);
		sum += (long)ret;
	}
	printf("total=%ld\n", total);
	printf("relay=%s\n", relay);
	printf("thread values=%ld\n", sum);
	printf("main's __thread=%ld\n", mine);
	return total == (long)NTHREADS * ROUNDS ? 0 : 1;
}
