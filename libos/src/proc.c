// SPDX-License-Identifier: GPL-2.0
/*
 * proc.c: the process tree as one process sees it: its ids (pid, parent,
 * process group, session), its children (running or zombies until
 * waited for), the messages on the links to its parent and children
 * (proc.h), and the calls getpid, getppid, getpgrp, getpgid, setpgid,
 * getsid, setsid, wait4, waitid.
 *
 * Pids are virtual.  The top process of a tree has pid 1 less than its
 * first thread id allocation (the main thread's tid, i.e. 1); a parent
 * picks each child's pid at random in [300, 4194304), unused among its
 * own children, so pids are unique in a tree in practice without a
 * central allocator (libos.rst "Processes").
 *
 * Each child has a reader thread: a Dk thread that reads the child's
 * messages from its process handle (exit status, vfork release, signals
 * to route, process group changes) and, at end of stream, makes the
 * child a zombie, wakes waiters (lx_proc_event) and posts SIGCHLD.  A
 * fork child has one more thread reading its parent stream (signals).
 * Signals for processes other than the parent or a child are flooded
 * over the tree's links, never back the way they came.
 *
 * Orphans: a process that forks first registers a rendezvous server,
 * pipe.srv:lxproc.PID (the tree's pipe names).  When a child's link to
 * its parent ends (the parent exited), the child connects to the
 * nearest ancestor still running (the checkpoint carries up to
 * LX_ANC_MAX ancestor pids) and uses that link upwards instead: so
 * "busybox timeout", whose grandchild outlives its child and signals
 * the grandparent, works.  The adopting process keeps the link as an
 * adopted record: routed to like a child, never waited for.  getppid
 * of an orphan answers 1, as Linux without a subreaper.
 *
 * Locking: lx_proc_lock protects the ids, the child table and every
 * write to a link (so a message is never interleaved with another and a
 * handle is not closed while written to).  Writes are short messages to
 * a stream with room for 256 KiB.
 */
#include <linux/wait.h>

#include "proc.h"
#include "mem.h"

#define LX_SIGCHLD		17
#define LX_SI_USER		0
#define LX_CLD_EXITED		1
#define LX_CLD_KILLED		2
#define LX_CHILD_MAX		DK_TREE_MAX_PROCESSES
#define LX_PID_LO		300
#define LX_PID_HI		4194304

#define LX_WNOHANG		0x00000001
#define LX_WUNTRACED		0x00000002
#define LX_WEXITED		0x00000004
#define LX_WCONTINUED		0x00000008
#define LX_WNOWAIT		0x01000000
#define LX_WNOTHREAD		0x20000000
#define LX_WALL			0x40000000
#define LX_WCLONE		0x80000000
#define LX_P_ALL		0
#define LX_P_PID		1
#define LX_P_PGID		2

enum lx_child_state {
	LX_CHILD_RUNNING,
	LX_CHILD_ZOMBIE,
};

struct lx_child {
	int pid;
	int pgid;
	int state;		/* enum lx_child_state */
	int wstatus;		/* valid for a zombie */
	int have_status;	/* an LX_MSG_EXIT came */
	int released;		/* vfork: the child exec'd or ended */
	int adopted;		/* an orphan's rendezvous link, no child */
	long handle;		/* the process handle, -1 once it ended */
};

static struct lx_lock lx_proc_lock = LX_LOCK_INIT;	/* see the top */
static int lx_pid, lx_ppid, lx_pgid, lx_sid;
static struct lx_child *lx_children[LX_CHILD_MAX];
long lx_proc_parent = -1;
static int lx_vforked;		/* this process is a vfork child not exec'd */
/* The pid at the other end of lx_proc_parent, its index in lx_anc. */
static int lx_up_pid, lx_up_idx;
static int32_t lx_anc[LX_ANC_MAX];	/* ancestors, nearest first */
static long lx_proc_srv = -1;		/* the rendezvous server */
#define LX_RDV_FMT		"lxproc.%d"

/* Set on every child state change (notification event), -1 until made. */
static long lx_proc_event = -1;
/* GS of the libOS's own threads here (never written after set-up). */
static struct lx_thread lx_proc_gs;

/* signal.c provides these; the defaults: no asynchronous signals. */
LX_WEAK void lx_sig_post(int tid, int sig, int code, int sender_pid)
{
	(void)tid;
	(void)sig;
	(void)code;
	(void)sender_pid;
}

int lx_proc_pid(void)
{
	return __atomic_load_n(&lx_pid, __ATOMIC_RELAXED);
}

void lx_proc_set_ids(int pid, int ppid, int pgid, int sid)
{
	lx_lock(&lx_proc_lock);
	lx_pid = pid;
	lx_ppid = ppid;
	lx_up_pid = ppid;
	lx_pgid = pgid;
	lx_sid = sid;
	lx_unlock(&lx_proc_lock);
}

void lx_proc_get_ids(int *ppid, int *pgid, int *sid)
{
	lx_lock(&lx_proc_lock);
	*ppid = lx_ppid;
	*pgid = lx_pgid;
	*sid = lx_sid;
	lx_unlock(&lx_proc_lock);
}

/*
 * All @n bytes to (@wr) or from stream @h, restarted after an
 * interruption; 0, -EPIPE at end of stream, or -errno.
 */
static long lx_io_all(long h, void *buf, unsigned long n, int wr)
{
	unsigned long done = 0, chunk;
	long r;

	while (done < n) {
		chunk = n - done;
		if (chunk > DK_STREAM_IO_MAX)
			chunk = DK_STREAM_IO_MAX;
		r = wr ? DkStreamWrite(h, DK_OFFSET_NONE, chunk,
				       (char *)buf + done) :
			 DkStreamRead(h, DK_OFFSET_NONE, chunk,
				      (char *)buf + done);
		if (r == -EINTR)
			continue;
		if (r <= 0)
			return r ? r : -EPIPE;
		done += (unsigned long)r;
	}
	return 0;
}

long lx_write_all(long h, const void *buf, unsigned long n)
{
	return lx_io_all(h, (void *)buf, n, 1);
}

long lx_read_all(long h, void *buf, unsigned long n)
{
	return lx_io_all(h, buf, n, 0);
}

long lx_proc_send(long h, const struct lx_msg *m)
{
	if (h < 0)
		return -ESRCH;
	return lx_write_all(h, m, sizeof(*m));
}

long lx_proc_send_data(long h, const struct lx_msg *m, const void *data,
		       unsigned long n)
{
	long r;

	lx_lock(&lx_proc_lock);
	r = lx_proc_send(h, m);
	if (!r && n)
		r = lx_write_all(h, data, n);
	lx_unlock(&lx_proc_lock);
	return r;
}

long lx_proc_send_up(const struct lx_msg *m)
{
	long r;

	lx_lock(&lx_proc_lock);
	r = lx_proc_send(lx_proc_parent, m);
	lx_unlock(&lx_proc_lock);
	return r;
}

/* One whole message from @h: 1, or -errno (-EPIPE at end of stream). */
static long lx_read_msg(long h, struct lx_msg *m)
{
	long r = lx_read_all(h, m, sizeof(*m));

	if (r < 0)
		return r;
	return m->magic == LX_MSG_MAGIC ? 1 : -EPROTO;
}

/* With the lock held: the record of the link to @pid (child or adopted). */
static struct lx_child *lx_link_find(int pid)
{
	int i;

	for (i = 0; i < LX_CHILD_MAX; i++)
		if (lx_children[i] && lx_children[i]->pid == pid)
			return lx_children[i];
	return NULL;
}

/* With the lock held: the child record of @pid, or NULL. */
static struct lx_child *lx_child_find(int pid)
{
	struct lx_child *c = lx_link_find(pid);

	return c && !c->adopted ? c : NULL;
}

int lx_proc_new_pid(void)
{
	uint32_t r;
	int pid;

	for (;;) {
		if (DkRandomBitsRead(&r, sizeof(r)) != sizeof(r))
			r = (uint32_t)lx_pid * 7919U + 1;
		pid = LX_PID_LO + (int)(r % (LX_PID_HI - LX_PID_LO));
		lx_lock(&lx_proc_lock);
		if (pid != lx_pid && pid != lx_ppid && !lx_link_find(pid)) {
			lx_unlock(&lx_proc_lock);
			return pid;
		}
		lx_unlock(&lx_proc_lock);
	}
}

/* ------------------------------------------------------------------ */
/* Signals between processes                                           */
/* ------------------------------------------------------------------ */

static int lx_sig_target_me(int target)
{
	return target == lx_pid || target == -1 || (target < -1 &&
						    -target == lx_pgid);
}

/*
 * Answers for kill (ESRCH when no process is a target): a signal sent
 * with a request number (d != 0) is answered back the way it came by an
 * LX_MSG_SIGACK counting the targets reached at and beyond that hop.  A
 * hop that passed the signal on keeps a record until every link it used
 * answered or ended, then answers its own sender with the sum (an echo
 * over the tree).  Links are named by their slot in lx_children, or
 * LX_LINK_UP (the parent stream), LX_LINK_SELF (the kill caller here),
 * LX_LINK_NONE (the sender's link ended: nobody to answer).
 */
#define LX_LINK_UP		LX_CHILD_MAX
#define LX_LINK_SELF		(-1)
#define LX_LINK_NONE		(-2)
#define LX_SIGQ_MAX		32
#define LX_SIGQ_WAIT_NS		5000000000LL	/* then assume found */

struct lx_sigq {
	int used;
	int origin, seq;	/* the request: its sender and number */
	int from;		/* the link to answer on */
	int up;			/* still waiting for the parent stream */
	uint64_t kids;		/* still waiting for these lx_children slots */
	int found;		/* targets counted so far */
	int done;		/* LX_LINK_SELF: the answer is complete */
	struct lx_msg msg;	/* the request, sent again after a reparent */
};

/* All under lx_proc_lock. */
static struct lx_sigq lx_sigqs[LX_SIGQ_MAX];
static int lx_sigq_seq;
/* Set when a request of this process completes; -1 until made. */
static long lx_sigq_event = -1;
/* The answer when no record was free: "found", as without answers. */
static struct lx_sigq lx_sigq_found = { .done = 1, .found = 1 };

/* A notification event in *@ev, made on first use; the event or -errno. */
static long lx_event_get(long *ev)
{
	long e;

	lx_lock(&lx_proc_lock);
	if (*ev < 0) {
		e = DkNotificationEventCreate(0);
		if (e >= 0)
			*ev = e;
	}
	e = *ev;
	lx_unlock(&lx_proc_lock);
	return e;
}

/* With the lock held: the slot of link record @c, or LX_LINK_NONE. */
static int lx_link_slot(const struct lx_child *c)
{
	int i;

	for (i = 0; i < LX_CHILD_MAX; i++)
		if (lx_children[i] == c)
			return i;
	return LX_LINK_NONE;
}

/* With the lock held: send an answer of @found over link @link. */
static void lx_sigack_send(int link, int origin, int seq, int found)
{
	struct lx_msg m = { .magic = LX_MSG_MAGIC, .type = LX_MSG_SIGACK,
			    .a = found, .c = origin, .d = seq };

	if (link == LX_LINK_UP)
		lx_proc_send(lx_proc_parent, &m);
	else if (link >= 0 && lx_children[link] &&
		 lx_children[link]->state == LX_CHILD_RUNNING)
		lx_proc_send(lx_children[link]->handle, &m);
}

/* With the lock held: @q has all its answers: pass it on or wake. */
static void lx_sigq_complete(struct lx_sigq *q)
{
	if (q->from == LX_LINK_SELF) {
		q->done = 1;
		if (lx_sigq_event >= 0)
			DkEventSet(lx_sigq_event);
		return;
	}
	lx_sigack_send(q->from, q->origin, q->seq, q->found);
	q->used = 0;
}

/* With the lock held: link @link will not answer (or was answered). */
static void lx_sigq_link_done(struct lx_sigq *q, int link, int found)
{
	if (link == LX_LINK_UP) {
		if (!q->up)
			return;
		q->up = 0;
	} else {
		if (!(q->kids & (1ULL << link)))
			return;
		q->kids &= ~(1ULL << link);
	}
	q->found += found;
	if (!q->up && !q->kids)
		lx_sigq_complete(q);
}

/* With the lock held: link @link ended: it answers nothing more. */
static void lx_sigq_link_gone(int link)
{
	struct lx_sigq *q;

	for (q = lx_sigqs; q < lx_sigqs + LX_SIGQ_MAX; q++) {
		if (!q->used || q->done)
			continue;
		if (q->from == link)
			q->from = LX_LINK_NONE;
		lx_sigq_link_done(q, link, 0);
	}
}

/* With the lock held: the requests awaiting the old link up go again. */
static void lx_sigq_resend_up(void)
{
	struct lx_sigq *q;

	for (q = lx_sigqs; q < lx_sigqs + LX_SIGQ_MAX; q++)
		if (q->used && !q->done && q->up)
			lx_proc_send(lx_proc_parent, &q->msg);
}

/* With the lock held: the record of request (@origin, @seq), or NULL. */
static struct lx_sigq *lx_sigq_find(int origin, int seq)
{
	struct lx_sigq *q;

	for (q = lx_sigqs; q < lx_sigqs + LX_SIGQ_MAX; q++)
		if (q->used && q->origin == origin && q->seq == seq)
			return q;
	return NULL;
}

/* An answer came over link @link. */
static void lx_sigack_in(const struct lx_msg *m, int link)
{
	struct lx_sigq *q;

	lx_lock(&lx_proc_lock);
	q = lx_sigq_find(m->c, m->d);
	if (q && !q->done)
		lx_sigq_link_done(q, link, m->a > 0 ? m->a : 0);
	lx_unlock(&lx_proc_lock);
}

/*
 * With the lock held: pass @m on over every link but the one to
 * @from_pid (0: none).  A pid target that is a link goes only there.
 * The links used go to *@up and *@kids.
 */
static void lx_route_locked(struct lx_msg *m, int from_pid, int *up,
			    uint64_t *kids)
{
	struct lx_child *c;
	int i;

	*up = 0;
	*kids = 0;
	if (m->b > 0) {
		c = lx_link_find(m->b);
		if (c) {
			if (c->state == LX_CHILD_RUNNING &&
			    c->pid != from_pid && !lx_proc_send(c->handle, m))
				*kids = 1ULL << lx_link_slot(c);
			return;
		}
		if (m->b == lx_pid)
			return;
	}
	/* A failed send upwards: the parent ended; the request goes again
	 * over the next link up (lx_proc_reparent), or fails then. */
	if (lx_proc_parent >= 0 && lx_up_pid != from_pid) {
		lx_proc_send(lx_proc_parent, m);
		*up = 1;
	}
	for (i = 0; i < LX_CHILD_MAX; i++) {
		c = lx_children[i];
		if (c && c->state == LX_CHILD_RUNNING && c->pid != from_pid &&
		    !lx_proc_send(c->handle, m))
			*kids |= 1ULL << i;
	}
}

/*
 * With the lock held: route @m (from link @from, pid @from_pid); when it
 * wants an answer, record what is awaited and answer once complete,
 * counting @me.  Returns the record when @from is LX_LINK_SELF and
 * answers are awaited, else NULL.
 */
static struct lx_sigq *lx_route_req(struct lx_msg *m, int from,
				    int from_pid, int me)
{
	struct lx_sigq *q = NULL;
	uint64_t kids;
	int up;

	if (m->d && lx_sigq_find(m->c, m->d)) {
		/* Seen already (not over a tree's links): counted there. */
		lx_sigack_send(from, m->c, m->d, 0);
		return NULL;
	}
	lx_route_locked(m, from_pid, &up, &kids);
	if (!m->d)
		return NULL;
	if (!up && !kids) {
		lx_sigack_send(from, m->c, m->d, me);
		return NULL;
	}
	for (q = lx_sigqs; q < lx_sigqs + LX_SIGQ_MAX && q->used; q++)
		;
	if (q == lx_sigqs + LX_SIGQ_MAX) {
		/* No room to count: say "found", as without answers. */
		lx_sigack_send(from, m->c, m->d, 1);
		return from == LX_LINK_SELF ? &lx_sigq_found : NULL;
	}
	*q = (struct lx_sigq){ .used = 1, .origin = m->c, .seq = m->d,
			       .from = from, .up = up, .kids = kids,
			       .found = me, .msg = *m };
	return from == LX_LINK_SELF ? q : NULL;
}

/* A signal message arrived over link @link, from the process @from_pid. */
static void lx_route_in(struct lx_msg *m, int link, int from_pid)
{
	int me;

	lx_lock(&lx_proc_lock);
	me = lx_sig_target_me(m->b) && !(m->b == -1 && m->c == lx_pid);
	lx_route_req(m, link, from_pid, me);
	lx_unlock(&lx_proc_lock);
	if (me && m->a > 0)
		lx_sig_post(0, m->a, LX_SI_USER, m->c);
}

/*
 * Wait for the answers to request @q: 0 if a target was found (or the
 * answers are late), else -ESRCH.
 */
static long lx_sigq_wait(struct lx_sigq *q)
{
	int64_t waited = 0;
	int32_t ev;
	int found = 1, done;

	for (;;) {
		lx_lock(&lx_proc_lock);
		done = q->done || waited >= LX_SIGQ_WAIT_NS;
		if (done) {
			found = q->done ? q->found : 1;
			q->used = 0;
		} else {
			DkEventClear(lx_sigq_event);
		}
		ev = (int32_t)lx_sigq_event;
		lx_unlock(&lx_proc_lock);
		if (done)
			return found ? 0 : -ESRCH;
		DkObjectsWaitAny(1, &ev, 100000000);
		waited += 100000000;
	}
}

long lx_proc_signal(int pid, int sig)
{
	struct lx_msg m = { .magic = LX_MSG_MAGIC, .type = LX_MSG_SIGNAL,
			    .a = sig, .b = pid };
	struct lx_sigq *q;
	struct lx_child *c;
	int me;

	if (sig < 0 || sig > 64)
		return -EINVAL;
	if (lx_event_get(&lx_sigq_event) < 0)
		return -ENOMEM;
	lx_lock(&lx_proc_lock);
	m.c = lx_pid;
	me = pid == lx_pid || (pid < -1 && -pid == lx_pgid);
	c = pid > 0 ? lx_link_find(pid) : NULL;
	if (pid == lx_pid || (c && c->state != LX_CHILD_RUNNING)) {
		q = NULL;	/* this process, or a zombie: found */
	} else if (c || (pid > 0 && pid == lx_up_pid &&
			 lx_proc_parent >= 0)) {
		q = NULL;	/* a link: found, no answer needed */
		if (sig)
			lx_route_req(&m, LX_LINK_SELF, 0, me);
	} else {
		if (++lx_sigq_seq <= 0)
			lx_sigq_seq = 1;
		m.d = lx_sigq_seq;
		q = lx_route_req(&m, LX_LINK_SELF, 0, me);
		if (!q && !me) {
			/* No link used: nobody else to find. */
			lx_unlock(&lx_proc_lock);
			return -ESRCH;
		}
	}
	lx_unlock(&lx_proc_lock);
	if (me && sig)
		lx_sig_post(0, sig, LX_SI_USER, m.c);
	return q ? lx_sigq_wait(q) : 0;
}

/* ------------------------------------------------------------------ */
/* The links: reader threads                                           */
/* ------------------------------------------------------------------ */

static void lx_gs_init(void)
{
	if (!lx_proc_gs.self)
		lx_proc_gs.self = &lx_proc_gs;
}

/* The wait status of a child that ended without saying how. */
static int lx_status_from_code(long code)
{
	if (code < 0)
		return 0;
	if (code > 128 && code < 128 + 65)
		return (int)(code - 128) & 0x7f;
	return (int)(code & 0xff) << 8;
}

/* Forget link record @c (an adopted link that ended, a failed add). */
static void lx_child_drop(struct lx_child *c)
{
	int i;

	lx_lock(&lx_proc_lock);
	for (i = 0; i < LX_CHILD_MAX; i++)
		if (lx_children[i] == c)
			lx_children[i] = NULL;
	lx_unlock(&lx_proc_lock);
	lx_free(c);
}

static void lx_child_reader(void *arg)
{
	struct lx_child *c = arg;
	struct lx_msg m;
	int32_t h = (int32_t)c->handle;
	long r, code;
	int st, slot;

	lx_thread_start(&lx_proc_gs);
	lx_lock(&lx_proc_lock);
	slot = lx_link_slot(c);
	lx_unlock(&lx_proc_lock);
	while ((r = lx_read_msg(h, &m)) > 0) {
		if (c->adopted && m.type != LX_MSG_SIGNAL &&
		    m.type != LX_MSG_SIGACK)
			continue;	/* the orphan's exit is not ours */
		switch (m.type) {
		case LX_MSG_EXIT:
			lx_lock(&lx_proc_lock);
			c->wstatus = m.a;
			c->have_status = 1;
			lx_unlock(&lx_proc_lock);
			break;
		case LX_MSG_EXEC:
			lx_lock(&lx_proc_lock);
			c->released = 1;
			DkEventSet(lx_proc_event);
			lx_unlock(&lx_proc_lock);
			break;
		case LX_MSG_SIGNAL:
			lx_route_in(&m, slot, c->pid);
			break;
		case LX_MSG_SIGACK:
			lx_sigack_in(&m, slot);
			break;
		case LX_MSG_PGID:
			lx_lock(&lx_proc_lock);
			if (m.a == c->pid)
				c->pgid = m.b;
			lx_unlock(&lx_proc_lock);
			break;
		case LX_MSG_PAGE_REQ:
			lx_vfork_serve(h, &m, !c->released);
			break;
		}
	}
	lx_lock(&lx_proc_lock);
	lx_sigq_link_gone(slot);
	lx_unlock(&lx_proc_lock);
	if (c->adopted) {
		lx_child_drop(c);
		DkObjectClose(h);
		DkThreadExit();
	}
	/* End of stream: the child has ended (or is ending). */
	do
		r = DkObjectsWaitAny(1, &h, DK_TIMEOUT_INFINITE);
	while (r == -EINTR);
	code = DkProcessExitCode(h);
	lx_lock(&lx_proc_lock);
	st = c->have_status ? c->wstatus : lx_status_from_code(code);
	c->wstatus = st;
	c->state = LX_CHILD_ZOMBIE;
	c->released = 1;
	c->handle = -1;
	lx_sigq_link_gone(slot);
	DkEventSet(lx_proc_event);
	lx_unlock(&lx_proc_lock);
	DkObjectClose(h);
	lx_sig_post(0, LX_SIGCHLD, (st & 0x7f) ? LX_CLD_KILLED : LX_CLD_EXITED,
		    c->pid);
	DkThreadExit();
}

/*
 * The link upwards ended: connect to the nearest ancestor above it that
 * still runs.  Returns the new link, or -ESRCH when none is left (then
 * only our children remain reachable).  Only the parent reader changes
 * lx_proc_parent after start-up.
 */
static long lx_proc_reparent(long old)
{
	struct lx_msg m = { .magic = LX_MSG_MAGIC, .type = LX_MSG_ADOPT };
	char uri[48];
	long h = -ESRCH;
	int i;

	for (i = lx_up_idx + 1; i < LX_ANC_MAX && lx_anc[i] > 0; i++) {
		lx_snprintf(uri, sizeof(uri), "pipe:" LX_RDV_FMT, lx_anc[i]);
		h = DkStreamOpen(uri, 0, 0, 0, 0);
		if (h >= 0)
			break;
	}
	if (h < 0)
		h = -ESRCH;
	lx_lock(&lx_proc_lock);
	m.a = lx_pid;
	lx_ppid = 1;		/* Linux: init adopts orphans */
	lx_proc_parent = h >= 0 ? h : -1;
	lx_up_idx = i;
	lx_up_pid = h >= 0 ? lx_anc[i] : 0;
	if (h >= 0) {
		lx_proc_send(h, &m);	/* else end of stream: next one up */
		lx_sigq_resend_up();
	} else {
		lx_sigq_link_gone(LX_LINK_UP);
	}
	lx_unlock(&lx_proc_lock);
	DkObjectClose(old);
	return h;
}

static void lx_parent_reader(void *arg)
{
	struct lx_msg m;
	long h = lx_proc_parent;

	(void)arg;
	lx_thread_start(&lx_proc_gs);
next_link:
	while (lx_read_msg(h, &m) > 0) {
		switch (m.type) {
		case LX_MSG_SIGNAL:
			lx_route_in(&m, LX_LINK_UP, lx_up_pid);
			break;
		case LX_MSG_SIGACK:
			lx_sigack_in(&m, LX_LINK_UP);
			break;
		case LX_MSG_PGID:
			lx_lock(&lx_proc_lock);
			if (m.a == lx_pid)
				lx_pgid = m.b;
			lx_unlock(&lx_proc_lock);
			break;
		case LX_MSG_PAGE:
			lx_vfork_page_in(h, &m);
			break;
		}
	}
	lx_vfork_parent_gone();
	h = lx_proc_reparent(h);
	if (h >= 0)
		goto next_link;
	DkThreadExit();
}

static long lx_proc_event_get(void)
{
	return lx_event_get(&lx_proc_event);
}

long lx_proc_child_init(long parent_handle, int vforked)
{
	long h;

	lx_gs_init();
	lx_proc_parent = parent_handle;
	lx_vforked = vforked;
	h = DkThreadCreate(lx_parent_reader, NULL, NULL, 0);
	if (h < 0)
		return h;
	DkObjectClose(h);
	return 0;
}

/* Record a link to @pid on @handle and start its reader: 0 or -errno. */
static long lx_link_add(int pid, long handle, int vfork, int adopted)
{
	struct lx_child *c;
	long h;
	int i;

	lx_gs_init();
	if (lx_proc_event_get() < 0)
		return -ENOMEM;
	c = lx_calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->pid = pid;
	c->handle = handle;
	c->released = !vfork;
	c->adopted = adopted;
	lx_lock(&lx_proc_lock);
	c->pgid = lx_pgid;
	for (i = 0; i < LX_CHILD_MAX && lx_children[i]; i++)
		;
	if (i < LX_CHILD_MAX)
		lx_children[i] = c;
	lx_unlock(&lx_proc_lock);
	if (i == LX_CHILD_MAX) {
		lx_free(c);
		return -EAGAIN;
	}
	h = DkThreadCreate(lx_child_reader, c, NULL, 0);
	if (h < 0) {
		lx_child_drop(c);
		return h == -EMFILE || h == -EDQUOT ? -EAGAIN : h;
	}
	DkObjectClose(h);
	return 0;
}

long lx_proc_add_child(int pid, long handle, int vfork)
{
	return lx_link_add(pid, handle, vfork, 0);
}

/* The rendezvous server's thread: orphans connect, say who they are. */
static void lx_rdv_listen(void *arg)
{
	struct lx_msg m;
	long h;

	(void)arg;
	lx_thread_start(&lx_proc_gs);
	for (;;) {
		h = DkStreamWaitForClient(lx_proc_srv);
		if (h == -EINTR)
			continue;
		if (h < 0)
			break;
		if (lx_read_msg(h, &m) <= 0 || m.type != LX_MSG_ADOPT ||
		    m.a <= 0 || lx_link_add(m.a, h, 0, 1) < 0)
			DkObjectClose(h);
	}
	DkThreadExit();
}

void lx_proc_rendezvous(void)
{
	char uri[48];
	long srv, t;

	if (__atomic_load_n(&lx_proc_srv, __ATOMIC_ACQUIRE) >= 0)
		return;
	lx_gs_init();
	lx_snprintf(uri, sizeof(uri), "pipe.srv:" LX_RDV_FMT, lx_proc_pid());
	srv = DkStreamOpen(uri, 0, 0, 0, 0);
	if (srv < 0)
		return;
	lx_lock(&lx_proc_lock);
	if (lx_proc_srv >= 0) {
		lx_unlock(&lx_proc_lock);
		DkObjectClose(srv);	/* another thread's fork won */
		return;
	}
	__atomic_store_n(&lx_proc_srv, srv, __ATOMIC_RELEASE);
	lx_unlock(&lx_proc_lock);
	t = DkThreadCreate(lx_rdv_listen, NULL, NULL, 0);
	if (t >= 0)
		DkObjectClose(t);
}

void lx_proc_child_ancestors(int32_t *anc)
{
	lx_lock(&lx_proc_lock);
	anc[0] = lx_pid;
	memcpy(anc + 1, lx_anc, (LX_ANC_MAX - 1) * sizeof(*anc));
	lx_unlock(&lx_proc_lock);
}

void lx_proc_set_ancestors(const int32_t *anc)
{
	lx_lock(&lx_proc_lock);
	memcpy(lx_anc, anc, sizeof(lx_anc));
	lx_up_idx = 0;
	lx_unlock(&lx_proc_lock);
}

/*
 * Wait for the next child state change, at most @ns (a safety net: a
 * waiter that cleared the event another waiter needed still looks
 * again soon).  -EINTR if a signal interrupted the wait.
 */
static long lx_proc_sleep(int64_t ns)
{
	int32_t ev = (int32_t)lx_proc_event;
	long r = DkObjectsWaitAny(1, &ev, ns);

	return r == -EINTR ? -EINTR : 0;
}

void lx_proc_wait_release(int pid)
{
	struct lx_child *c;
	int done;

	for (;;) {
		lx_lock(&lx_proc_lock);
		c = lx_child_find(pid);
		done = !c || c->released;
		if (!done)
			DkEventClear(lx_proc_event);
		lx_unlock(&lx_proc_lock);
		if (done)
			return;
		lx_proc_sleep(200000000);
	}
}

void lx_proc_exec_done(void)
{
	struct lx_msg m = { .magic = LX_MSG_MAGIC, .type = LX_MSG_EXEC };

	lx_lock(&lx_proc_lock);
	if (lx_vforked) {
		lx_vforked = 0;
		m.a = lx_pid;
		lx_proc_send(lx_proc_parent, &m);
	}
	lx_unlock(&lx_proc_lock);
}

void lx_proc_exit_notify(int wstatus)
{
	struct lx_msg m = { .magic = LX_MSG_MAGIC, .type = LX_MSG_EXIT,
			    .a = wstatus };

	lx_lock(&lx_proc_lock);
	if (lx_proc_parent >= 0)
		lx_proc_send(lx_proc_parent, &m);
	lx_unlock(&lx_proc_lock);
}

/* ------------------------------------------------------------------ */
/* Ids                                                                  */
/* ------------------------------------------------------------------ */

long lx_sys_getpid(struct lx_call *c)
{
	(void)c;
	return lx_proc_pid();
}

long lx_sys_getppid(struct lx_call *c)
{
	(void)c;
	return __atomic_load_n(&lx_ppid, __ATOMIC_RELAXED);
}

long lx_sys_getpgrp(struct lx_call *c)
{
	(void)c;
	return __atomic_load_n(&lx_pgid, __ATOMIC_RELAXED);
}

long lx_sys_getpgid(struct lx_call *c)
{
	int pid = (int)c->a[0];
	struct lx_child *ch;
	long ret = -ESRCH;

	lx_lock(&lx_proc_lock);
	if (pid == 0 || pid == lx_pid) {
		ret = lx_pgid;
	} else if (pid > 0) {
		ch = lx_child_find(pid);
		if (ch)
			ret = ch->pgid;
	}
	lx_unlock(&lx_proc_lock);
	return ret;
}

long lx_sys_getsid(struct lx_call *c)
{
	int pid = (int)c->a[0];
	long ret = -ESRCH;

	lx_lock(&lx_proc_lock);
	/* A child's session is ours unless it called setsid: not tracked. */
	if (pid == 0 || pid == lx_pid || (pid > 0 && lx_child_find(pid)))
		ret = lx_sid;
	lx_unlock(&lx_proc_lock);
	return ret;
}

long lx_sys_setpgid(struct lx_call *c)
{
	int pid = (int)c->a[0], pgid = (int)c->a[1];
	struct lx_msg m = { .magic = LX_MSG_MAGIC, .type = LX_MSG_PGID };
	struct lx_child *ch;
	long ret = 0;

	if (pgid < 0)
		return -EINVAL;
	if (pid < 0)
		return -ESRCH;
	lx_lock(&lx_proc_lock);
	if (!pid)
		pid = lx_pid;
	if (!pgid)
		pgid = pid;
	m.a = pid;
	m.b = pgid;
	if (pid == lx_pid) {
		if (lx_sid == lx_pid && pgid != lx_pid)
			ret = -EPERM;	/* a session leader */
		else
			lx_pgid = pgid;
		if (!ret && lx_proc_parent >= 0)
			lx_proc_send(lx_proc_parent, &m);
	} else {
		ch = lx_child_find(pid);
		if (!ch || ch->state != LX_CHILD_RUNNING) {
			ret = -ESRCH;
		} else {
			ch->pgid = pgid;
			lx_proc_send(ch->handle, &m);
		}
	}
	lx_unlock(&lx_proc_lock);
	return ret;
}

long lx_sys_setsid(struct lx_call *c)
{
	struct lx_msg m = { .magic = LX_MSG_MAGIC, .type = LX_MSG_PGID };
	long ret;

	(void)c;
	lx_lock(&lx_proc_lock);
	if (lx_pgid == lx_pid) {
		ret = -EPERM;	/* already a process group leader */
	} else {
		lx_sid = lx_pgid = lx_pid;
		m.a = m.b = lx_pid;
		if (lx_proc_parent >= 0)
			lx_proc_send(lx_proc_parent, &m);
		ret = lx_pid;
	}
	lx_unlock(&lx_proc_lock);
	return ret;
}

/* ------------------------------------------------------------------ */
/* wait4, waitid                                                        */
/* ------------------------------------------------------------------ */

/* Which children a wait selects: P_ALL, P_PID @id, P_PGID @id (0: ours). */
static int lx_wait_match(const struct lx_child *c, int type, int id)
{
	if (type == LX_P_ALL)
		return 1;
	if (type == LX_P_PID)
		return c->pid == id;
	return c->pgid == (id ? id : lx_pgid);
}

/*
 * Wait for a child selected by @type/@id to be a zombie; reap it unless
 * @nowait.  Returns its pid with *@st its wait status, 0 (WNOHANG and
 * none ended yet), -ECHILD, or -LX_ERESTARTSYS.
 */
static long lx_wait(int type, int id, int options, int nowait, int *st)
{
	struct lx_child *c, *found;
	int i, any;
	long pid;

	if (lx_proc_event_get() < 0)
		return -ENOMEM;
	for (;;) {
		found = NULL;
		any = 0;
		lx_lock(&lx_proc_lock);
		for (i = 0; i < LX_CHILD_MAX; i++) {
			c = lx_children[i];
			if (!c || c->adopted || !lx_wait_match(c, type, id))
				continue;
			any = 1;
			if (c->state == LX_CHILD_ZOMBIE) {
				found = c;
				if (!nowait)
					lx_children[i] = NULL;
				break;
			}
		}
		if (!found && any && !(options & LX_WNOHANG))
			DkEventClear(lx_proc_event);
		lx_unlock(&lx_proc_lock);
		if (found) {
			pid = found->pid;
			*st = found->wstatus;
			if (!nowait)
				lx_free(found);
			return pid;
		}
		if (!any)
			return -ECHILD;
		if (options & LX_WNOHANG)
			return 0;
		if (lx_proc_sleep(1000000000) == -EINTR)
			return -LX_ERESTARTSYS;
	}
}

long lx_sys_wait4(struct lx_call *c)
{
	int sel = (int)c->a[0], options = (int)c->a[2], st = 0;
	int *ust = (int *)c->a[1];
	void *ru = (void *)c->a[3];
	long ret;

	if (options & ~(LX_WNOHANG | LX_WUNTRACED | LX_WCONTINUED |
			LX_WNOTHREAD | LX_WALL | LX_WCLONE))
		return -EINVAL;
	if (sel == (int)0x80000000)
		return -ESRCH;
	if (ust && !LX_USER_WR(ust, sizeof(*ust)))
		return -EFAULT;
	if (ru && !LX_USER_WR(ru, 144))
		return -EFAULT;
	if (sel > 0)
		ret = lx_wait(LX_P_PID, sel, options, 0, &st);
	else if (sel == -1)
		ret = lx_wait(LX_P_ALL, 0, options, 0, &st);
	else
		ret = lx_wait(LX_P_PGID, -sel, options, 0, &st);
	if (ret > 0) {
		if (ust)
			*ust = st;
		if (ru)
			memset(ru, 0, 144);	/* struct rusage: not kept */
	}
	return ret;
}

/* The part of x86-64 siginfo_t waitid fills in. */
struct lx_wait_info {
	int signo;
	int err;
	int code;
	int pad;
	int pid;
	unsigned int uid;
	int status;
};

long lx_sys_waitid(struct lx_call *c)
{
	int type = (int)c->a[0], id = (int)c->a[1], options = (int)c->a[3];
	struct lx_wait_info *info = (void *)c->a[2];
	void *ru = (void *)c->a[4];
	int st = 0;
	long ret;

	if (options & ~(LX_WNOHANG | LX_WUNTRACED | LX_WEXITED |
			LX_WCONTINUED | LX_WNOWAIT | LX_WNOTHREAD | LX_WALL |
			LX_WCLONE))
		return -EINVAL;
	if (!(options & (LX_WUNTRACED | LX_WEXITED | LX_WCONTINUED)))
		return -EINVAL;
	if (type != LX_P_ALL && type != LX_P_PID && type != LX_P_PGID)
		return -EINVAL;
	if ((type == LX_P_PID && id <= 0) || (type == LX_P_PGID && id < 0))
		return -EINVAL;
	if (info && !LX_USER_WR(info, 128))
		return -EFAULT;
	if (ru && !LX_USER_WR(ru, 144))
		return -EFAULT;
	if (!(options & LX_WEXITED)) {
		/* Stops and continues are never reported: as if none. */
		options |= LX_WNOHANG;
	}
	ret = lx_wait(type, id, options, !!(options & LX_WNOWAIT), &st);
	if (ret < 0)
		return ret;
	if (info) {
		memset(info, 0, sizeof(*info));
		if (ret > 0) {
			info->signo = LX_SIGCHLD;
			info->pid = (int)ret;
			if (st & 0x7f) {
				info->code = LX_CLD_KILLED;
				info->status = st & 0x7f;
			} else {
				info->code = LX_CLD_EXITED;
				info->status = (st >> 8) & 0xff;
			}
		}
	}
	if (ru)
		memset(ru, 0, 144);
	return 0;
}
