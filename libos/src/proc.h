/* SPDX-License-Identifier: GPL-2.0 */
/*
 * proc.h: the process concern's internal interface (proc.c, fork.c,
 * exec.c) and the messages picoprocesses of one tree exchange.
 *
 * Every process of a tree is a picoprocess running this libOS.  A parent
 * holds a Dk process handle per child (a byte stream to it); the child
 * has the other end as its parent stream (dk_parent_handle()).  After the
 * fork checkpoint (fork.c, Documentation/libos.rst "Processes") the two
 * ends carry only struct lx_msg records, in both directions.
 */
#ifndef LX_PROC_H
#define LX_PROC_H

#include "lx.h"

/* argv[1] of a libOS image started to become a fork child. */
#define LX_FORK_ARG		"--lx-fork-child"

/* One message between two processes of a tree (fixed size). */
struct lx_msg {
	uint32_t magic;		/* LX_MSG_MAGIC */
	uint32_t type;		/* LX_MSG_* */
	int32_t a, b, c, d;	/* by type, below */
};

#define LX_MSG_MAGIC		0x4c58504dU	/* "LXPM" */

enum lx_msg_type {
	/* child -> parent: a = wait status (W* encoding), sent just before
	 * the child ends; without it the exit code of the process handle
	 * counts (128 + N: killed by signal N). */
	LX_MSG_EXIT = 1,
	/* child -> parent: the (vforked) child exec'd: release the parent. */
	LX_MSG_EXEC,
	/* either way: deliver signal a (0: none, a probe) to target b
	 * (pid > 0, -pgid, or -1 for all) from process c; d = the sender's
	 * request number when it waits for an answer (LX_MSG_SIGACK), else
	 * 0.  Flooded over the tree links, never back the way it came. */
	LX_MSG_SIGNAL,
	/* child -> parent: process a now has process group b. */
	LX_MSG_PGID,
	/* orphan -> ancestor, first on a rendezvous link: a = the orphan's
	 * pid.  Only LX_MSG_SIGNAL follows on such a link. */
	LX_MSG_ADOPT,
	/* vfork child -> parent: send c pages (at most LX_FETCH_MAX) from
	 * address a | (uint64_t)b << 32 (fork.c, libos.rst "Processes"). */
	LX_MSG_PAGE_REQ,
	/* parent -> vfork child: the answer, a/b the address, c the pages
	 * readable there (0..requested); c * LX_PAGE_SIZE bytes follow. */
	LX_MSG_PAGE,
	/* either way, back the way an LX_MSG_SIGNAL with d != 0 came: a =
	 * how many targets it reached at and beyond this hop, c and d its
	 * sender and request number. */
	LX_MSG_SIGACK,
};

/* The most pages one LX_MSG_PAGE_REQ asks for (256 KiB). */
#define LX_FETCH_MAX		64

/*
 * Ancestors a process knows, nearest first (0 ends the list): an orphan
 * links itself to the nearest one still running (proc.c).
 */
#define LX_ANC_MAX		8

/* proc.c: ids */
int lx_proc_pid(void);
void lx_proc_set_ids(int pid, int ppid, int pgid, int sid);
void lx_proc_get_ids(int *ppid, int *pgid, int *sid);

/* proc.c: the parent stream (-1 for the top process of the tree). */
extern long lx_proc_parent;
/* Send @m to the parent / over handle @h; 0 or -errno. */
long lx_proc_send(long h, const struct lx_msg *m);
/*
 * A new child (fork.c, after its checkpoint went out): record it and
 * start reading its messages.  @vfork: the caller waits in
 * lx_proc_wait_release() next.  0 or -errno (the handle is then the
 * caller's to close).
 */
long lx_proc_add_child(int pid, long handle, int vfork);
/* Block until the vforked child @pid exec'd or ended. */
void lx_proc_wait_release(int pid);
/*
 * Before the first fork: register this process's rendezvous server, where
 * orphaned descendants connect.  Best effort (a failure only loses
 * signals between orphans and this process).
 */
void lx_proc_rendezvous(void);
/* A child's ancestor list: this process, then its own ancestors. */
void lx_proc_child_ancestors(int32_t *anc);
/* A fork child: its ancestors from the checkpoint (anc[0] its parent). */
void lx_proc_set_ancestors(const int32_t *anc);
/* A new pid for a child: unused by this process's children. */
int lx_proc_new_pid(void);
/* A fork child: start reading the parent stream (signals). */
long lx_proc_child_init(long parent_handle, int vforked);
/* Send @m and then @n bytes at @data over @h, or to the parent link (as
 * one record: no other message between them); 0 or -errno. */
long lx_proc_send_data(long h, const struct lx_msg *m, const void *data,
		       unsigned long n);
long lx_proc_send_up(const struct lx_msg *m);
/* exec.c: an exec happened: release a vfork parent. */
void lx_proc_exec_done(void);
/* exit.c: tell the parent how this process ends (wait status). */
void lx_proc_exit_notify(int wstatus);

/* fork.c */
long lx_proc_fork(unsigned long flags, unsigned long sp, int *ptid,
		  int *ctid, unsigned long tls, const struct sigcontext *regs);
/* The child side: restore from the parent stream and run; no return. */
LX_NORETURN void lx_fork_child(struct lx_start *st);
/*
 * A parent's child reader: answer the LX_MSG_PAGE_REQ @m on @h; @vfork: the
 * child is a vfork child not released yet (else nothing is sent).
 */
void lx_vfork_serve(long h, const struct lx_msg *m, int vfork);
/* A vfork child's parent reader: take the LX_MSG_PAGE @m from @h. */
void lx_vfork_page_in(long h, const struct lx_msg *m);
/* A vfork child's parent link ended: no page can be fetched any more. */
void lx_vfork_parent_gone(void);
/*
 * syscall.c: @c is about to run in a vfork child: the buffers it hands
 * to Dk calls unchecked are fetched, and all pages before it changes
 * mappings.
 */
void lx_vfork_syscall(const struct lx_call *c);
/* exec.c: the old image goes: nothing is left to fetch. */
void lx_vfork_lazy_end(void);

/*
 * proc.c: all @n bytes to / from stream @h (EINTR restarted); 0, or
 * -errno (-EPIPE: end of stream).
 */
long lx_write_all(long h, const void *buf, unsigned long n);
long lx_read_all(long h, void *buf, unsigned long n);

/* signal.c and proc.c */
long lx_proc_signal(int pid, int sig);
void lx_sig_post(int tid, int sig, int code, int sender_pid);
/*
 * The signal state a fork child inherits (dispositions, the forking
 * thread's mask): signal.c's blob, opaque here.  size 0: none.
 */
unsigned long lx_sig_fork_size(void);
void lx_sig_fork_save(void *buf, unsigned long size);
void lx_sig_fork_restore(const void *buf, unsigned long size);
/* execve: handled signals back to SIG_DFL, the alternate stack off. */
void lx_sig_exec_reset(void);

/* Blocking calls interrupted by a signal (signal.c turns it into EINTR or
 * a restart). */
#ifndef LX_ERESTARTSYS
#define LX_ERESTARTSYS		512
#endif

#endif /* LX_PROC_H */
