// SPDX-License-Identifier: GPL-2.0
/*
 * Threads: clone and clone3 with the thread flag sets of glibc and musl
 * over DkThreadCreate, set_tid_address, set_robust_list, the end of a
 * thread (lx_thread_exit_notify: clear_child_tid, robust futexes),
 * sched_yield and sched_{get,set}affinity.
 *
 * A new thread (made by the spawner thread, see lx_spawner) starts on a
 * stack the module owns (DkThreadCreate with no
 * stack: it also gets its own exception stack, where its trapped system
 * calls run), sets GS to its struct lx_thread and FS to its TLS
 * (lx_thread_start), then resumes the parent's registers with rax = 0 and
 * rsp = the new stack (lx_resume).  Processes (fork, vfork: clone without
 * CLONE_VM or with CLONE_VFORK) are fork.c's.
 */
#include "lx.h"
#include "mem.h"
#include "thread.h"
#include "proc.h"

#include <linux/futex.h>
#include <linux/sched.h>

struct lx_mthread *lx_mthread(struct lx_thread *t)
{
	struct lx_mthread *m = t->priv[LX_PRIV_THREAD];

	if (m)
		return m;
	m = lx_calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->event = -1;
	if (lx_start_info.exec_path) {
		const char *p = strrchr(lx_start_info.exec_path, '/');

		p = p ? p + 1 : lx_start_info.exec_path;
		memcpy(m->name, p, strnlen(p, 15));
	}
	t->priv[LX_PRIV_THREAD] = m;
	return m;
}

char *lx_thread_name(struct lx_thread *t)
{
	struct lx_mthread *m = lx_mthread(t);

	return m ? m->name : NULL;
}

/* What a new thread needs to become the application's thread. */
struct lx_clone_start {
	struct lx_thread *t;
	struct sigcontext regs;
};

static void lx_clone_entry(void *arg)
{
	struct lx_clone_start *s = arg;
	struct sigcontext regs = s->regs;

	lx_thread_start(s->t);
	lx_free(s);
	lx_resume(&regs);
}

/*
 * The spawner: a Dk thread made at start-up, outside any exception
 * upcall, that makes the program's threads and reaps them.
 *
 * Making: a host thread inherits its creator's blocked signals, and a
 * thread created inside the SIGSYS upcall of clone would start with SIGSYS
 * blocked: its first trapped system call would then end the process
 * (seccomp forces the signal).  The spawner's signals are not blocked, so
 * neither are its threads'.
 *
 * Reaping: the confinement filter lets a raw exit(2) through (libdk ends
 * its threads with it), so a program thread's exit may end the host
 * thread without the libOS seeing the call.  The spawner keeps every
 * program thread's Dk handle and waits on them; when one is signaled (the
 * thread ended, however) it does what the kernel does at a thread's end:
 * the robust list, clear_child_tid, and the end of the process when no
 * program thread is left.  A thread whose exit the libOS handled itself
 * (t->exiting) is only forgotten.
 *
 * One request at a time: lx_spawn_slot (a semaphore, since the requester
 * blocks) guards lx_spawn_arg/lx_spawn_ret; lx_spawn_go and lx_spawn_done
 * are the two synchronization events of the hand-over.  The handle lists
 * belong to the spawner thread alone.
 */
#define LX_SPAWN_MAX	(DK_WAIT_MAX - 1)	/* threads tracked at once */

static long lx_spawn_slot = -1, lx_spawn_go = -1, lx_spawn_done = -1;
static struct lx_clone_start *lx_spawn_arg;
static long lx_spawn_ret;
static struct lx_thread lx_spawner_self;	/* GS of the spawner */
static int lx_spawn_hosts;	/* tracked threads (atomic; execve reads it) */

static void lx_reap(struct lx_thread *t)
{
	struct lx_mthread *m = t->priv[LX_PRIV_THREAD];

	if (__atomic_load_n(&t->exiting, __ATOMIC_ACQUIRE))
		return;		/* exit() or an execve's end did it all */
	lx_thread_exit_notify(t);
	if (lx_thread_release(t) == 0)
		lx_exit_group(0);	/* the last thread left with exit(2) */
	t->priv[LX_PRIV_THREAD] = NULL;
	lx_free(m);
}

int lx_thread_hosts(void)
{
	return __atomic_load_n(&lx_spawn_hosts, __ATOMIC_ACQUIRE);
}

static void lx_spawner(void *unused)
{
	int32_t handles[DK_WAIT_MAX];
	struct lx_thread *threads[DK_WAIT_MAX];
	uint32_t n = 1;
	long r;

	(void)unused;
	lx_spawner_self.self = &lx_spawner_self;
	lx_thread_start(&lx_spawner_self);
	handles[0] = (int32_t)lx_spawn_go;
	for (;;) {
		r = DkObjectsWaitAny(n, handles, DK_TIMEOUT_INFINITE);
		if (r < 0 || r >= n)
			continue;
		if (r == 0) {
			struct lx_thread *t = lx_spawn_arg->t;

			if (n > LX_SPAWN_MAX) {
				lx_spawn_ret = -EAGAIN;
			} else {
				lx_spawn_ret = DkThreadCreate(lx_clone_entry,
							      lx_spawn_arg,
							      NULL, 0);
				if (lx_spawn_ret >= 0) {
					handles[n] = (int32_t)lx_spawn_ret;
					threads[n++] = t;
					__atomic_store_n(&lx_spawn_hosts, (int)n - 1,
							 __ATOMIC_RELEASE);
					lx_sig_thread_attach(t, lx_spawn_ret);
				}
			}
			DkEventSet(lx_spawn_done);
			continue;
		}
		lx_sig_thread_detach(threads[r]);
		lx_reap(threads[r]);
		DkObjectClose(handles[r]);
		n--;
		handles[r] = handles[n];
		threads[r] = threads[n];
		__atomic_store_n(&lx_spawn_hosts, (int)n - 1, __ATOMIC_RELEASE);
	}
}

/* Wait for @h, again after an interruption by an exception upcall. */
static long lx_wait_one(long h)
{
	int32_t one = (int32_t)h;
	long ret;

	do
		ret = DkObjectsWaitAny(1, &one, DK_TIMEOUT_INFINITE);
	while (ret == -EINTR);
	return ret;
}

long lx_thread_init(void)
{
	long h;

	lx_spawn_slot = DkSemaphoreCreate(1, 1);
	lx_spawn_go = DkSynchronizationEventCreate(0);
	lx_spawn_done = DkSynchronizationEventCreate(0);
	if (lx_spawn_slot < 0 || lx_spawn_go < 0 || lx_spawn_done < 0)
		return -ENOMEM;
	h = DkThreadCreate(lx_spawner, NULL, NULL, 0);
	if (h < 0)
		return h;
	DkObjectClose(h);
	return 0;
}

/* Have the spawner start a thread running lx_clone_entry(@s). */
static long lx_spawn(struct lx_clone_start *s)
{
	long ret;

	if (lx_spawn_slot < 0)
		return -EAGAIN;
	ret = lx_wait_one(lx_spawn_slot);
	if (ret < 0)
		return ret;
	lx_spawn_arg = s;
	DkEventSet(lx_spawn_go);
	ret = lx_wait_one(lx_spawn_done);
	if (ret >= 0)
		ret = lx_spawn_ret;
	DkSemaphoreRelease(lx_spawn_slot, 1);
	return ret;
}

LX_NORETURN void lx_thread_run_main(struct lx_thread *t,
				    const struct sigcontext *regs)
{
	struct lx_clone_start *s = lx_malloc(sizeof(*s));

	if (!s || lx_sig_thread_new(t) < 0)
		lx_fatal("out of memory");
	s->t = t;
	s->regs = *regs;
	if (lx_spawn(s) < 0) {
		/* No thread: run here, signals reach it at system calls. */
		lx_free(s);
		lx_resume(regs);
	}
	lx_sig_timer_thread();
}

#define LX_CLONE_THREAD_NEED	(CLONE_VM | CLONE_THREAD | CLONE_SIGHAND)
#define LX_CLONE_THREAD_OK	(LX_CLONE_THREAD_NEED | CLONE_FS | CLONE_FILES | \
				 CLONE_SYSVSEM | CLONE_SETTLS | \
				 CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | \
				 CLONE_CHILD_SETTID | CLONE_DETACHED | \
				 CLONE_IO | CLONE_PTRACE | CLONE_UNTRACED)

static long lx_clone_thread(unsigned long flags, unsigned long sp,
			    int *ptid, int *ctid, unsigned long tls,
			    const struct sigcontext *regs)
{
	struct lx_thread *self = lx_self(), *t;
	struct lx_mthread *pm, *cm;
	struct lx_clone_start *s;
	int tid;
	long h;

	if (!(flags & CLONE_VM) || (flags & CLONE_VFORK))
		return lx_proc_fork(flags, sp, ptid, ctid, tls, regs);
	if ((flags & LX_CLONE_THREAD_NEED) != LX_CLONE_THREAD_NEED ||
	    (flags & ~(unsigned long)LX_CLONE_THREAD_OK))
		return -EINVAL;
	if ((flags & CLONE_PARENT_SETTID) && !LX_USER_WR(ptid, sizeof(int)))
		return -EFAULT;
	if ((flags & CLONE_CHILD_SETTID) && !LX_USER_WR(ctid, sizeof(int)))
		return -EFAULT;

	s = lx_malloc(sizeof(*s));
	pm = lx_mthread(self);
	if (!s || !pm)
		goto nomem;
	tid = lx_tid_alloc();
	t = lx_thread_alloc(tid);
	if (!t)
		goto nomem;
	cm = lx_mthread(t);
	if (!cm || lx_sig_thread_new(t) < 0) {
		lx_thread_release(t);
		goto nomem;
	}
	memcpy(cm->name, pm->name, sizeof(cm->name));
	t->fsbase = (flags & CLONE_SETTLS) ? tls : self->fsbase;
	if (flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = ctid;
	s->t = t;
	s->regs = *regs;
	s->regs.rax = 0;
	if (sp)
		s->regs.rsp = sp;
	s->regs.rcx = s->regs.rip;	/* as after a real syscall */
	s->regs.r11 = s->regs.eflags;
	/* Both ids are in place before either thread runs on. */
	if (flags & CLONE_PARENT_SETTID)
		*ptid = tid;
	if (flags & CLONE_CHILD_SETTID)
		*ctid = tid;

	h = lx_spawn(s);
	if (h < 0) {
		lx_thread_release(t);
		lx_free(s);
		return h == -EMFILE || h == -EDQUOT ? -EAGAIN : h;
	}
	return tid;		/* the spawner keeps the handle */

nomem:
	lx_free(s);
	return -ENOMEM;
}

long lx_sys_clone(struct lx_call *c)
{
	/* x86-64 order: flags, newsp, parent_tid, child_tid, tls. */
	if ((c->a[0] & 0xff) && (c->a[0] & CLONE_THREAD))
		return -EINVAL;		/* a thread has no exit signal */
	return lx_clone_thread((unsigned long)c->a[0] & ~0xffUL,
			       (unsigned long)c->a[1], (int *)c->a[2],
			       (int *)c->a[3], (unsigned long)c->a[4],
			       c->regs);
}

long lx_sys_clone3(struct lx_call *c)
{
	struct clone_args ca;
	unsigned long size = (unsigned long)c->a[1];
	const unsigned char *u = (const void *)c->a[0];
	unsigned long i;

	if (size < CLONE_ARGS_SIZE_VER0 || size > 4096)
		return -EINVAL;
	if (!LX_USER_RD(u, size))
		return -EFAULT;
	/* A larger struct from a newer program: the rest must be zero. */
	for (i = sizeof(ca); i < size; i++)
		if (u[i])
			return -E2BIG;
	memset(&ca, 0, sizeof(ca));
	memcpy(&ca, u, size < sizeof(ca) ? size : sizeof(ca));
	/* pidfd is read only with CLONE_PIDFD (refused): glibc fills it. */
	if (ca.set_tid || ca.set_tid_size || ca.cgroup || ca.exit_signal > 64)
		return -EINVAL;
	/* A thread has no exit signal; a process's is SIGCHLD (proc.c). */
	if (ca.exit_signal && (ca.flags & CLONE_THREAD))
		return -EINVAL;
	if ((ca.stack == 0) != (ca.stack_size == 0))
		return -EINVAL;
	return lx_clone_thread(ca.flags,
			       ca.stack ? ca.stack + ca.stack_size : 0,
			       (int *)(unsigned long)ca.parent_tid,
			       (int *)(unsigned long)ca.child_tid, ca.tls,
			       c->regs);
}

long lx_sys_set_tid_address(struct lx_call *c)
{
	struct lx_thread *t = lx_self();

	t->clear_child_tid = (int *)c->a[0];
	return t->tid;
}

long lx_sys_set_robust_list(struct lx_call *c)
{
	struct lx_mthread *m = lx_mthread(lx_self());

	if (c->a[1] != sizeof(struct robust_list_head))
		return -EINVAL;
	if (!m)
		return -ENOMEM;
	m->robust_head = (unsigned long)c->a[0];
	return 0;
}

long lx_sys_get_robust_list(struct lx_call *c)
{
	struct lx_mthread *m = lx_mthread(lx_self());
	unsigned long *head = (void *)c->a[1], *len = (void *)c->a[2];

	if (c->a[0] && c->a[0] != lx_self()->tid)
		return -ESRCH;		/* other threads: not offered */
	if (!m)
		return -ENOMEM;
	if (!LX_USER_WR(head, sizeof(*head)) || !LX_USER_WR(len, sizeof(*len)))
		return -EFAULT;
	*head = m->robust_head;
	*len = sizeof(struct robust_list_head);
	return 0;
}

/* Mark one robust futex of a dying owner @tid; wake a waiter. */
static void lx_robust_one(unsigned long uaddr, int tid)
{
	unsigned int *w = (unsigned int *)uaddr, old, val;

	if (uaddr & 3 || !LX_USER_WR(w, sizeof(*w)))
		return;
	old = __atomic_load_n(w, __ATOMIC_RELAXED);
	do {
		if ((old & FUTEX_TID_MASK) != (unsigned int)tid)
			return;
		val = (old & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
	} while (!__atomic_compare_exchange_n(w, &old, val, 0, __ATOMIC_SEQ_CST,
					      __ATOMIC_RELAXED));
	if (old & FUTEX_WAITERS)
		lx_futex_wake(uaddr, 1);
}

/* Walk the robust list as the kernel does at exit (bounded). */
static void lx_robust_exit(struct lx_thread *t, struct lx_mthread *m)
{
	struct robust_list_head *head = (void *)m->robust_head;
	unsigned long entry, pending, limit = ROBUST_LIST_LIMIT;
	long off;

	if (!head || !LX_USER_RD(head, sizeof(*head)))
		return;
	off = head->futex_offset;
	pending = (unsigned long)head->list_op_pending & ~1UL;
	entry = (unsigned long)head->list.next;
	while (entry != (unsigned long)&head->list && limit--) {
		unsigned long next;

		if (!LX_USER_RD((void *)(entry & ~1UL), sizeof(void *)))
			break;
		next = *(unsigned long *)(entry & ~1UL);
		if ((entry & ~1UL) != pending)
			lx_robust_one((entry & ~1UL) + off, t->tid);
		entry = next;
	}
	if (pending)
		lx_robust_one(pending + off, t->tid);
}

void lx_thread_exit_notify(struct lx_thread *t)
{
	struct lx_mthread *m = t->priv[LX_PRIV_THREAD];
	int *ctid = t->clear_child_tid;

	lx_sig_thread_detach(t);
	if (m && m->robust_head)
		lx_robust_exit(t, m);
	if (ctid && LX_USER_WR(ctid, sizeof(*ctid))) {
		__atomic_store_n(ctid, 0, __ATOMIC_SEQ_CST);
		lx_futex_wake((unsigned long)ctid, 1);
	}
	if (m && m->event >= 0) {
		DkObjectClose(m->event);
		m->event = -1;
	}
}

long lx_sys_sched_yield(struct lx_call *c)
{
	(void)c;
	DkThreadYieldExecution();
	return 0;
}

/*
 * The Dk ABI does not say how many CPUs the host has: the libOS reports
 * one (CPU 0; libos.rst).
 */
long lx_sys_sched_getaffinity(struct lx_call *c)
{
	unsigned long len = (unsigned long)c->a[1];
	unsigned char *mask = (void *)c->a[2];

	if (c->a[0] < 0)
		return -ESRCH;
	if (len < sizeof(unsigned long) || len & (sizeof(unsigned long) - 1))
		return -EINVAL;
	if (!LX_USER_WR(mask, sizeof(unsigned long)))
		return -EFAULT;
	memset(mask, 0, sizeof(unsigned long));
	mask[0] = 1;
	return sizeof(unsigned long);
}

long lx_sys_sched_setaffinity(struct lx_call *c)
{
	const unsigned char *mask = (const void *)c->a[2];

	if (c->a[0] < 0)
		return -ESRCH;
	if (!c->a[1])
		return -EINVAL;
	if (!LX_USER_RD(mask, 1))
		return -EFAULT;
	return (mask[0] & 1) ? 0 : -EINVAL;
}
