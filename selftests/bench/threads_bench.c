// SPDX-License-Identifier: GPL-2.0
/*
 * Thread and synchronization benchmarks (issue "Threads"):
 *  - sem_pingpong: round trip between two Dk threads through two Dk
 *    semaphores (DkSemaphoreRelease + DkObjectsWaitAny on each side) vs the
 *    same between two pthreads through two sem_t; target <= 1.5x.
 *  - thread_create: DkThreadCreate + DkObjectsWaitAny on the handle (exit)
 *    vs pthread_create + pthread_join; target <= 2x.
 *
 * The Dk side runs in this ordinary program through libdk on its own
 * context: the calls, the module paths and the raw clone are exactly what a
 * picoprocess executes, minus the seccomp filter on each ioctl, which
 * core_bench's null_call already prices.  Keeping both sides in one process
 * measures them under identical conditions in the same run.  Each side is
 * measured ROUNDS times in alternation and the best round is compared.
 * The process is pinned to one CPU so that both ping-pongs measure the
 * sleep/wake-up path itself rather than the (under TCG, huge and noisy)
 * cross-CPU wake-up latency; new threads of both kinds inherit the mask.
 */
#include <errno.h>
#include <sched.h>
#include <pthread.h>
#include <semaphore.h>

#include "dk.h"
#include "bench.h"

#define ROUNDS		9
#define TRIPS		20000
#define CREATES		2000

/* ---- semaphore ping-pong ---- */

struct dk_pp {
	long a, b;
};

static void dk_ponger(void *p)
{
	struct dk_pp *pp = p;
	int32_t ha[1] = { (int32_t)pp->a };
	int i;

	for (i = 0; i < TRIPS; i++) {
		DkObjectsWaitAny(1, ha, DK_TIMEOUT_INFINITE);
		DkSemaphoreRelease(pp->b, 1);
	}
}

static double dk_pingpong_ns(void)
{
	struct dk_pp pp = { DkSemaphoreCreate(0, 1), DkSemaphoreCreate(0, 1) };
	int32_t hb[1] = { (int32_t)pp.b }, ht[1];
	double t0, t;
	long th;
	int i;

	th = DkThreadCreate(dk_ponger, &pp, NULL, 0);
	if (pp.a < 0 || pp.b < 0 || th < 0) {
		fprintf(stderr, "threads_bench: Dk set-up failed\n");
		exit(1);
	}
	t0 = bench_now_ns();
	for (i = 0; i < TRIPS; i++) {
		DkSemaphoreRelease(pp.a, 1);
		DkObjectsWaitAny(1, hb, DK_TIMEOUT_INFINITE);
	}
	t = (bench_now_ns() - t0) / TRIPS;
	ht[0] = (int32_t)th;
	DkObjectsWaitAny(1, ht, DK_TIMEOUT_INFINITE);
	DkObjectClose(th);
	DkObjectClose(pp.a);
	DkObjectClose(pp.b);
	return t;
}

struct nat_pp {
	sem_t a, b;
};

static void *nat_ponger(void *p)
{
	struct nat_pp *pp = p;
	int i;

	for (i = 0; i < TRIPS; i++) {
		while (sem_wait(&pp->a) && errno == EINTR)
			;
		sem_post(&pp->b);
	}
	return NULL;
}

static double native_pingpong_ns(void)
{
	struct nat_pp pp;
	pthread_t th;
	double t0, t;
	int i;

	sem_init(&pp.a, 0, 0);
	sem_init(&pp.b, 0, 0);
	if (pthread_create(&th, NULL, nat_ponger, &pp)) {
		fprintf(stderr, "threads_bench: pthread_create failed\n");
		exit(1);
	}
	t0 = bench_now_ns();
	for (i = 0; i < TRIPS; i++) {
		sem_post(&pp.a);
		while (sem_wait(&pp.b) && errno == EINTR)
			;
	}
	t = (bench_now_ns() - t0) / TRIPS;
	pthread_join(th, NULL);
	sem_destroy(&pp.a);
	sem_destroy(&pp.b);
	return t;
}

/* ---- create + wait for exit ---- */

static void dk_noop(void *p)
{
	(void)p;
}

static double dk_create_ns(void)
{
	double t0 = bench_now_ns();
	int i;

	for (i = 0; i < CREATES; i++) {
		long h = DkThreadCreate(dk_noop, NULL, NULL, 0);
		int32_t hs[1] = { (int32_t)h };

		if (h < 0 || DkObjectsWaitAny(1, hs, DK_TIMEOUT_INFINITE)) {
			fprintf(stderr, "threads_bench: DkThreadCreate: %s\n",
				dk_strerror(h));
			exit(1);
		}
		DkObjectClose(h);
	}
	return (bench_now_ns() - t0) / CREATES;
}

static void *nat_noop(void *p)
{
	return p;
}

static double native_create_ns(void)
{
	double t0 = bench_now_ns();
	pthread_t th;
	int i;

	for (i = 0; i < CREATES; i++) {
		if (pthread_create(&th, NULL, nat_noop, NULL)) {
			fprintf(stderr, "threads_bench: pthread_create failed\n");
			exit(1);
		}
		pthread_join(th, NULL);
	}
	return (bench_now_ns() - t0) / CREATES;
}

static double min2(double a, double b)
{
	return a < b ? a : b;
}

int main(void)
{
	double dk_pp = 1e30, nat_pp = 1e30, dk_cr = 1e30, nat_cr = 1e30;
	cpu_set_t one;
	int fd, r;

	fd = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror("threads_bench: " DK_DEVICE_PATH);
		return 1;
	}
	dk_set_fd(fd);
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	if (sched_setaffinity(0, sizeof(one), &one))
		perror("threads_bench: sched_setaffinity");
	for (r = 0; r < ROUNDS; r++) {
		nat_pp = min2(nat_pp, native_pingpong_ns());
		dk_pp = min2(dk_pp, dk_pingpong_ns());
		nat_cr = min2(nat_cr, native_create_ns());
		dk_cr = min2(dk_cr, dk_create_ns());
	}
	bench_report("sem_pingpong", dk_pp, nat_pp, 1.5, 1);
	bench_report("thread_create", dk_cr, nat_cr, 2.0, 1);
	close(fd);
	return 0;
}
