// SPDX-License-Identifier: GPL-2.0
/*
 * DkSetExceptionHandler, DkExceptionReturn, DkThreadRaiseException: an
 * upcall for each event, resuming after skipping the faulting instruction,
 * raising on a thread blocked in a wait and in a delay, errors, and the
 * default (no handler) ending the process.
 */
#include "kselftest_harness.h"
#include "dbtest.h"
#include "../pico/stack_overflow.h"

/* struct sigcontext comes with <signal.h> (dbtest.h). */

/* What the handler saw. */
static volatile uint32_t seen_event;
static volatile uint64_t seen_addr, seen_opaque;
static volatile int seen_count;
/* Where the handler resumes a faulting instruction, 0: don't touch. */
static volatile uint64_t resume_at;

static void handler(struct dk_exception *exc)
{
	struct sigcontext *regs = (struct sigcontext *)(uintptr_t)exc->regs;

	seen_event = exc->event;
	seen_addr = exc->addr;
	seen_opaque = exc->opaque;
	seen_count++;
	if (resume_at)
		regs->rip = resume_at;
}

/* Load from @addr; the instruction is skipped by the handler. */
extern char load_start[], load_end[];
static __attribute__((noinline, noclone)) int faulting_load(uintptr_t addr)
{
	int v = 42;

	__asm__ volatile ("load_start: movl (%1), %0\n"
			  "load_end:\n"
			  : "+r" (v) : "r" (addr) : "memory");
	return v;
}

extern char ud2_start[], ud2_end[];
static __attribute__((noinline, noclone)) void illegal(void)
{
	__asm__ volatile ("ud2_start: ud2\nud2_end:\n" ::: "memory");
}

extern char div_start[], div_end[];
static __attribute__((noinline, noclone)) unsigned int divide(unsigned int d)
{
	unsigned int a = 100, dx = 0;

	__asm__ volatile ("div_start: divl %2\ndiv_end:\n"
			  : "+a" (a), "+d" (dx) : "r" (d) : "cc");
	return a;
}

FIXTURE(exc) {
	int fd;
};

FIXTURE_SETUP(exc)
{
	self->fd = dbt_open();
	ASSERT_LE(0, self->fd);
	seen_event = 0;
	seen_count = 0;
	resume_at = 0;
}

FIXTURE_TEARDOWN(exc)
{
	close(self->fd);
}

TEST_F(exc, set_handler_errors)
{
	EXPECT_EQ(-EINVAL, DkSetExceptionHandler(handler, 0));
	EXPECT_EQ(-EINVAL, DkSetExceptionHandler(handler, DK_EXC_COUNT));
	EXPECT_EQ(-EINVAL, dk_call(DK_CALL_SET_EXCEPTION_HANDLER, 0x1000,
				   DK_EXC_MEMORY_FAULT, 0, 0, 0, 0));
	EXPECT_EQ(-EFAULT, dk_call(DK_CALL_SET_EXCEPTION_HANDLER,
				   0xffff888000000000ull, DK_EXC_MEMORY_FAULT,
				   0x1000, 0, 0, 0));
	EXPECT_EQ(0, DkSetExceptionHandler(handler, DK_EXC_ARITHMETIC));
	EXPECT_EQ(0, DkSetExceptionHandler(NULL, DK_EXC_ARITHMETIC));
}

TEST_F(exc, exception_return_errors)
{
	struct dk_exception fake = { .magic = 0x1234 };

	EXPECT_EQ(-EFAULT, DkExceptionReturn(NULL));
	EXPECT_EQ(-EINVAL, DkExceptionReturn(&fake));
	fake.magic = DK_EXC_MAGIC;
	fake.event = DK_EXC_RAISED;
	EXPECT_EQ(-EINVAL, DkExceptionReturn(&fake));	/* no frame */
}

/* Install the handler for @event; it resumes a fault at @resume. */
static void skip_to(struct __test_metadata *_metadata, uint32_t event,
		    const void *resume)
{
	ASSERT_EQ(0, DkSetExceptionHandler(handler, event));
	resume_at = (uintptr_t)resume;
}

/* The handler has run once, for @event at @addr. */
static void expect_seen_once(struct __test_metadata *_metadata,
			     uint32_t event, uint64_t addr)
{
	EXPECT_EQ(1, seen_count);
	EXPECT_EQ(event, seen_event);
	EXPECT_EQ(addr, seen_addr);
}

TEST_F(exc, memory_fault_skip_instruction)
{
	skip_to(_metadata, DK_EXC_MEMORY_FAULT, load_end);
	EXPECT_EQ(42, faulting_load(0x18));
	expect_seen_once(_metadata, DK_EXC_MEMORY_FAULT, 0x18);
	/* And again: the handler stays installed. */
	EXPECT_EQ(42, faulting_load(0x7000));
	EXPECT_EQ(2, seen_count);
	EXPECT_EQ(0x7000, seen_addr);
}

TEST_F(exc, illegal_instruction_skip)
{
	skip_to(_metadata, DK_EXC_ILLEGAL_INSTRUCTION, ud2_end);
	illegal();
	expect_seen_once(_metadata, DK_EXC_ILLEGAL_INSTRUCTION,
			 (uintptr_t)ud2_start);
}

TEST_F(exc, arithmetic_skip)
{
	skip_to(_metadata, DK_EXC_ARITHMETIC, div_end);
	EXPECT_EQ(100, divide(0));
	expect_seen_once(_metadata, DK_EXC_ARITHMETIC, (uintptr_t)div_start);
	EXPECT_EQ(50, divide(2));
	EXPECT_EQ(1, seen_count);
}

/* Without a handler a fault ends the process with the host signal. */
TEST_F(exc, no_handler_ends_process)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (dbt_open() < 0 ||
		    DkSetExceptionHandler(handler, DK_EXC_MEMORY_FAULT) ||
		    DkSetExceptionHandler(NULL, DK_EXC_MEMORY_FAULT))
			_exit(1);
		faulting_load(0x18);
		_exit(2);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(SIGSEGV, WTERMSIG(status));
}

struct blocked {
	long event;
	int use_delay;
	volatile long result;
	volatile int started;
};

static void blocked_main(void *p)
{
	struct blocked *b = p;
	int32_t hs[1] = { (int32_t)b->event };

	__atomic_store_n(&b->started, 1, __ATOMIC_RELEASE);
	if (b->use_delay)
		b->result = DkThreadDelayExecution(DK_TIMEOUT_INFINITE);
	else
		b->result = DkObjectsWaitAny(1, hs, DK_TIMEOUT_INFINITE);
}

static void raise_on_blocked(struct __test_metadata *_metadata, int delay)
{
	struct blocked b = { .use_delay = delay, .result = 1 };
	long t;

	b.event = DkNotificationEventCreate(0);
	ASSERT_LT(0, b.event);
	ASSERT_EQ(0, DkSetExceptionHandler(handler, DK_EXC_RAISED));
	t = DkThreadCreate(blocked_main, &b, NULL, 0);
	ASSERT_LT(0, t);
	while (!__atomic_load_n(&b.started, __ATOMIC_ACQUIRE))
		DkThreadDelayExecution(1000000);
	/* Let it block; a raise arriving earlier would work too. */
	DkThreadDelayExecution(30000000);
	EXPECT_EQ(0, DkThreadRaiseException(t, (void *)0xfeedf00dul));
	ASSERT_EQ(0, DkObjectsWaitAny(1, (int32_t[]){ (int32_t)t },
				      10000000000ll));
	EXPECT_EQ(-EINTR, b.result);
	EXPECT_EQ(1, seen_count);
	EXPECT_EQ(DK_EXC_RAISED, seen_event);
	EXPECT_EQ(0xfeedf00dul, seen_opaque);
	EXPECT_EQ(0, seen_addr);
	EXPECT_EQ(0, DkEventPeek(b.event));
}

TEST_F(exc, raise_on_thread_blocked_in_wait)
{
	raise_on_blocked(_metadata, 0);
}

TEST_F(exc, raise_on_thread_blocked_in_delay)
{
	raise_on_blocked(_metadata, 1);
}

/* Raised before the thread ran: delivered as it starts. */
TEST_F(exc, raise_on_suspended_thread)
{
	struct blocked b = { .use_delay = 0, .result = 1 };
	long t;

	b.event = DkNotificationEventCreate(1);
	ASSERT_EQ(0, DkSetExceptionHandler(handler, DK_EXC_RAISED));
	t = DkThreadCreate(blocked_main, &b, NULL, DK_THREAD_CREATE_SUSPENDED);
	ASSERT_LT(0, t);
	EXPECT_EQ(0, DkThreadRaiseException(t, (void *)7ul));
	EXPECT_EQ(0, DkThreadResume(t));
	ASSERT_EQ(0, DkObjectsWaitAny(1, (int32_t[]){ (int32_t)t },
				      10000000000ll));
	EXPECT_EQ(1, seen_count);
	EXPECT_EQ(7, seen_opaque);
	EXPECT_EQ(0, b.result);	/* its wait ran after the upcall */
}

/* A memory fault on a Dk thread runs the handler on that thread. */
static void fault_main(void *p)
{
	*(volatile int *)p = faulting_load(0x28);
}

TEST_F(exc, fault_on_dk_thread)
{
	int v = 0;
	long t;

	ASSERT_EQ(0, DkSetExceptionHandler(handler, DK_EXC_MEMORY_FAULT));
	resume_at = (uintptr_t)load_end;
	t = DkThreadCreate(fault_main, &v, NULL, 0);
	ASSERT_LT(0, t);
	ASSERT_EQ(0, DkObjectsWaitAny(1, (int32_t[]){ (int32_t)t },
				      10000000000ll));
	EXPECT_EQ(42, v);
	EXPECT_EQ(0x28, seen_addr);
}

/*
 * A stack overflow on a Dk thread: the fault in the guard page below the
 * stack runs the handler on the thread's exception stack, just below that
 * guard page, from where it ends the thread.
 */
static volatile uint64_t overflow_handler_sp;

static void overflow_handler(struct dk_exception *exc)
{
	volatile char here = 0;

	seen_event = exc->event;
	seen_addr = exc->addr;
	overflow_handler_sp = (uintptr_t)&here;
	seen_count++;
	DkThreadExit();
}

static void overflow_main(void *p)
{
	*(volatile int *)p = overflow_stack(0);
}

TEST_F(exc, stack_overflow_on_dk_thread)
{
	int v = 0;
	long t;

	ASSERT_EQ(0, DkSetExceptionHandler(overflow_handler, DK_EXC_MEMORY_FAULT));
	t = DkThreadCreate(overflow_main, &v, NULL, 0);
	ASSERT_LT(0, t);
	ASSERT_EQ(0, DkObjectsWaitAny(1, (int32_t[]){ (int32_t)t },
				      10000000000ll));
	EXPECT_EQ(1, seen_count);
	EXPECT_EQ(DK_EXC_MEMORY_FAULT, seen_event);
	/* The handler ran below the guard page that was hit. */
	EXPECT_LT(overflow_handler_sp, seen_addr);
	EXPECT_GT(overflow_handler_sp + DK_THREAD_EXC_STACK_SIZE +
		  DK_THREAD_GUARD_SIZE, seen_addr);
}

TEST_HARNESS_MAIN
