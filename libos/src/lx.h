/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lx.h: the libOS's shared internal interface.
 *
 * The libOS is a picoprocess image (built with tools/dbcc, no C library)
 * that loads an unmodified static Linux x86-64 program into Dk memory and
 * emulates the program's system calls, which the host's seccomp filter
 * turns into DK_EXC_SYSCALL exceptions.  Each concern lives in its own
 * files; this header is the contract between them (libos.md "Interfaces"):
 *
 *   core   main.c loader.c stack.c tls.c syscall.c exit.c alloc.c lock.c
 *          log.c string.c        start-up, dispatch, exit, helpers
 *   files  fd.c vfs.c file.c ...  fd table, paths, stat     (sys_files.def)
 *   mem    mem.c brk.c thread.c futex.c time.c ...           (sys_mem.def,
 *          memory, threads, time, ids, signals    sys_thread.def, sys_misc.def)
 *
 * Only kernel uapi headers and the compiler's freestanding headers are
 * used: the libOS has no C library.
 */
#ifndef LX_H
#define LX_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <asm/sigcontext.h>
#include <asm/unistd.h>
#include <linux/errno.h>

#include <dk.h>

#define LX_PAGE_SIZE		4096UL
#define LX_PAGE_DOWN(x)		((unsigned long)(x) & ~(LX_PAGE_SIZE - 1))
#define LX_PAGE_UP(x)		LX_PAGE_DOWN((unsigned long)(x) + LX_PAGE_SIZE - 1)
#define LX_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define LX_NORETURN		__attribute__((noreturn))
#define LX_PRINTF(f, a)		__attribute__((format(printf, f, a)))
#define LX_WEAK			__attribute__((weak))

/* ------------------------------------------------------------------ */
/* System call dispatch (syscall.c)                                     */
/* ------------------------------------------------------------------ */

/*
 * One trapped system call.  a[] = rdi rsi rdx r10 r8 r9; regs = the
 * interrupted context (the handler may change it: clone, exec,
 * sigreturn).  A handler returns the value for rax: >= 0 or -errno.
 */
struct lx_call {
	long nr;
	long a[6];
	struct sigcontext *regs;
};

typedef long lx_sys_fn(struct lx_call *c);

/*
 * Every handler is declared from the five .def files: the handler of
 * system call `read` is long lx_sys_read(struct lx_call *c).  A name may
 * appear in one .def file only (the dispatch table refuses duplicates).
 */
#define LX_SYS(name) long lx_sys_##name(struct lx_call *c);
#include "sys_core.def"
#include "sys_files.def"
#include "sys_mem.def"
#include "sys_thread.def"
#include "sys_misc.def"
#include "sys_proc.def"
#undef LX_SYS

/*
 * A handler whose blocking Dk call was interrupted (-EINTR) returns
 * -LX_ERESTARTSYS: restarted or -EINTR depending on the signal's action.
 */
#ifndef LX_ERESTARTSYS
#define LX_ERESTARTSYS		512
#endif

/* Highest system call number + 1 the dispatch table covers. */
#define LX_NR_MAX		512

/* Run the handler of call @c (or the unsupported report): rax's value. */
long lx_dispatch(struct lx_call *c);
/* Register the DK_EXC_SYSCALL handler: from now on calls are emulated. */
long lx_syscall_init(void);
/* Name of system call @nr ("read"), or NULL if the build knows none. */
const char *lx_syscall_name(long nr);

/* ------------------------------------------------------------------ */
/* Start-up (main.c)                                                    */
/* ------------------------------------------------------------------ */

/* libOS flags (struct lx_start.flags). */
#define LX_START_STRICT		0x1	/* unsupported system call is fatal */

/*
 * What the libOS learnt at start: the launcher's start information,
 * parsed once (fields the launcher did not pass are 0 / -1 / NULL), and
 * what the loader found.  Read-only after start-up.
 */
struct lx_start {
	const struct dk_start_info *si;
	int argc;
	char **argv;		/* the program's argv (argv[0] as given) */
	char **envp;		/* NULL-terminated */
	int envc;
	long std_handles[3];	/* Dk handles of stdin, stdout, stderr; -1 */
	long exec_handle;	/* stream of the program file, -1 if none */
	const char *exec_path;	/* the program's path as the user gave it */
	const char *cwd;	/* initial working directory, NULL if none */
	uint64_t vdso_base;	/* AT_SYSINFO_EHDR, 0 if hidden */
	uint64_t hwcap;
	uint64_t hwcap2;
	uint64_t minsigstksz;
	uint32_t clktck;
	uint32_t flags;		/* LX_START_* */
	/* Filled in by the loader. */
	unsigned long load_bias;	/* 0 for ET_EXEC */
	unsigned long entry;		/* AT_ENTRY (biased) */
	unsigned long phdr;		/* AT_PHDR (biased), 0 if not loaded */
	unsigned long phnum;
	unsigned long phent;
	unsigned long image_start;	/* lowest loaded page */
	unsigned long image_end;	/* end of the highest segment (bss) */
};

/* The start information (valid once main() has parsed it). */
extern struct lx_start lx_start_info;

/* files: fd 0/1/2 from the std handles, cwd from the start information. */
void lx_files_init(const struct lx_start *st);
/* mem: brk base after the loaded image, mmap window. */
void lx_mem_init(const struct lx_start *st);

/* loader.c: load the program (st->exec_handle) and fill st's loader part. */
long lx_load_program(struct lx_start *st);
/* loader.c: 0 if lx_load_program would accept the headers of @h. */
long lx_check_program(long h, const char *path);
/*
 * stack.c: build the Linux initial stack (argc, argv, envp, auxv) for
 * @st in a new Dk stack; returns the initial %rsp (at argc) or -errno.
 */
long lx_build_stack(const struct lx_start *st, unsigned long *rsp);

/* ------------------------------------------------------------------ */
/* Threads and per-thread state (tls.c)                                 */
/* ------------------------------------------------------------------ */

/* Slots of struct lx_thread.priv: one per concern. */
enum lx_priv {
	LX_PRIV_CORE,
	LX_PRIV_FILES,
	LX_PRIV_MEM,
	LX_PRIV_THREAD,
	LX_PRIV_SIGNAL,
	LX_PRIV_COUNT
};

/*
 * The libOS's state of one application thread, pointed at by GS base
 * (never FS: FS belongs to the application's TLS).  %gs:0 holds @self.
 */
struct lx_thread {
	struct lx_thread *self;		/* %gs:0 */
	int tid;			/* virtual thread id */
	int exiting;
	int *clear_child_tid;		/* set_tid_address/CLONE_CHILD_CLEARTID */
	uint64_t sigmask;		/* blocked signals (bookkeeping) */
	unsigned long fsbase;		/* the application's FS base */
	void *priv[LX_PRIV_COUNT];	/* one slot per concern */
};

/* The calling thread's struct lx_thread (GS base). */
/* Does the module offer DK_FEATURE_* @bit (dk_abi_info's features)? */
static inline int lx_module_has(uint64_t bit)
{
	uint64_t features = 0;

	return dk_abi_info(NULL, &features) >= 0 && (features & bit);
}

static inline struct lx_thread *lx_self(void)
{
	struct lx_thread *t;

	__asm__ volatile ("movq %%gs:0, %0" : "=r" (t));
	return t;
}

#define LX_HWCAP2_FSGSBASE	(1UL << 1)

/* Non-zero if the CPU and kernel let user space write FS/GS base. */
int lx_have_fsgsbase(void);
/* Try RDFSBASE under a SIGILL handler (launchers without hwcap2). */
int lx_probe_fsgsbase(void);
/* Set / read the calling thread's FS base (WRFSBASE / RDFSBASE). */
void lx_set_fsbase(unsigned long base);
unsigned long lx_get_fsbase(void);
/*
 * A new struct lx_thread for thread id @tid (signal mask copied from the
 * caller's if it has one), counted as live; NULL if out of memory.
 */
struct lx_thread *lx_thread_alloc(int tid);
/*
 * Run on the new thread itself, first thing: point GS at @t (WRGSBASE)
 * and set its FS base to t->fsbase.  mem's clone calls it.
 */
void lx_thread_start(struct lx_thread *t);
/* Live threads (lx_thread_alloc'ed, not yet released). */
int lx_thread_live(void);
/* @t's thread ends: no longer live.  Returns the number still live. */
int lx_thread_release(struct lx_thread *t);
/* Allocate a thread id (main thread: 1 less than the first one). */
int lx_tid_alloc(void);

/*
 * Resume the application with register context @regs (all general
 * registers, rflags, rsp, rip) on the calling thread; for new threads
 * (clone) and the program's entry.
 */
LX_NORETURN void lx_resume(const struct sigcontext *regs);

/* ------------------------------------------------------------------ */
/* Exit (exit.c)                                                        */
/* ------------------------------------------------------------------ */

/* End the whole picoprocess with Linux exit status @status (0-255). */
LX_NORETURN void lx_exit_group(int status);
/*
 * End it as if killed by signal @sig: the parent's wait sees a signal
 * death (WIFSIGNALED), the launcher's exit code is 128 + @sig.
 */
LX_NORETURN void lx_exit_signaled(int sig);
/*
 * Hook mem provides (thread.c): the calling thread ends (exit, or the
 * last step of a clone'd thread): clear and futex-wake clear_child_tid.
 */
void lx_thread_exit_notify(struct lx_thread *t);
/*
 * The calling program thread ends (exit, or ended by another thread's
 * execve): lx_thread_exit_notify, then DkThreadExit; the last thread ends
 * the process with @status.  Never with a libOS lock held.
 */
LX_NORETURN void lx_thread_exit(int status);

/* ------------------------------------------------------------------ */
/* Signals (signal.c, sigtimer.c)                                       */
/* ------------------------------------------------------------------ */

/*
 * The blocking-call convention: a system call handler whose blocking Dk
 * call returned -EINTR (a signal interrupted it) returns -LX_ERESTARTSYS;
 * at the call's end the signal is delivered and the call returns -EINTR,
 * or starts again (SA_RESTART).  -LX_ERESTARTNOHAND: -EINTR when a
 * handler runs, a restart otherwise (pause, sigsuspend, nanosleep).
 * -LX_ERESTARTNOINTR: always restarted.  The program never sees them.
 */
#define LX_ERESTARTSYS		512
#define LX_ERESTARTNOINTR	513
#define LX_ERESTARTNOHAND	514

/*
 * Queue signal @sig for this process (@tid 0: any thread that does not
 * block it) or its thread @tid, with si_code @code and si_pid
 * @sender_pid, and wake or interrupt a thread that can take it.  Safe
 * from any libOS thread (listener threads too).  SIGKILL ends the process
 * at once.
 */
void lx_sig_post(int tid, int sig, int code, int sender_pid);
/*
 * DkObjectsWaitAny on @handles for the calling program thread that also
 * ends when a signal it takes is pending: returns the index, -ETIMEDOUT,
 * -EINTR (a signal: return -LX_ERESTARTSYS) or the Dk error.  Blocking
 * handlers wait with it rather than DkObjectsWaitAny: no signal is lost
 * between a check and the wait.
 */
long lx_sig_wait(uint32_t n, const int32_t *handles, int64_t timeout_ns);
/* Non-zero if the calling thread has a signal to take (before blocking). */
int lx_sig_pending_here(void);
/* End the process as killed by @sig (status 128 + @sig). */
LX_NORETURN void lx_sig_die(int sig);
/* syscall.c: around every emulated call (delivery at its end). */
void lx_sig_syscall_enter(void);
void lx_sig_syscall_exit(struct lx_call *c);
/* A program thread's signal record: before it runs; its Dk handle; end. */
long lx_sig_thread_new(struct lx_thread *t);
void lx_sig_thread_attach(struct lx_thread *t, long handle);
void lx_sig_thread_detach(struct lx_thread *t);
/*
 * execve: end every other program thread (as if by SIGKILL: no handler
 * runs) and wait until they are gone (bounded: a thread stuck in a host
 * call ends when it comes out).  0, or -LX_ERESTARTNOINTR when another
 * thread's execve is ending the caller.
 */
long lx_sig_exec_end_others(void);
/* execve: handled signals back to SIG_DFL (ignored ones stay). */
void lx_sig_exec_reset(void);
/* fork: what the child inherits (dispositions, mask, alternate stack). */
unsigned long lx_sig_fork_size(void);
void lx_sig_fork_save(void *buf, unsigned long size);
void lx_sig_fork_restore(const void *buf, unsigned long size);
/* The first host thread becomes the signal timer thread (never returns). */
LX_NORETURN void lx_sig_timer_thread(void);

/*
 * proc.c provides (weak here: absent means no other process):
 * kill() of another process (pid > 0), a process group (pid < -1, or 0:
 * the caller's group) or all (-1), never the caller itself: 0 or -errno.
 */
long lx_proc_signal(int pid, int sig) LX_WEAK;

/* ------------------------------------------------------------------ */
/* Memory for the libOS's own objects (alloc.c)                         */
/* ------------------------------------------------------------------ */

/* Thread-safe, over DkVirtualMemoryAlloc, never in the app's window. */
void *lx_malloc(size_t n);
void *lx_calloc(size_t n, size_t size);
void lx_free(void *p);

/* ------------------------------------------------------------------ */
/* Locks (lock.c)                                                       */
/* ------------------------------------------------------------------ */

/* A spin lock that yields; short critical sections only. */
struct lx_lock {
	int locked;
};

#define LX_LOCK_INIT		{ 0 }

void lx_lock(struct lx_lock *l);
void lx_unlock(struct lx_lock *l);

/* ------------------------------------------------------------------ */
/* Diagnostics (log.c)                                                  */
/* ------------------------------------------------------------------ */

/*
 * Format (%s %c %d %i %u %x %ld %li %lu %lx %zu %zd %p %%) into @buf of
 * @size bytes, always NUL-terminated; returns the length written.
 */
size_t lx_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
size_t lx_snprintf(char *buf, size_t size, const char *fmt, ...)
	LX_PRINTF(3, 4);
/* "libos: " + message + "\n" on the picoprocess's stderr handle. */
void lx_log(const char *fmt, ...) LX_PRINTF(1, 2);
/* lx_log, then end the process with status 127. */
LX_NORETURN void lx_fatal(const char *fmt, ...) LX_PRINTF(1, 2);

/* ------------------------------------------------------------------ */
/* String and memory helpers (string.c; mem* come from libdk)          */
/* ------------------------------------------------------------------ */

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
void *memchr(const void *s, int c, size_t n);

/* ------------------------------------------------------------------ */
/* Files, for the other concerns (files provides: fd.c, file.c)         */
/* ------------------------------------------------------------------ */

/* An open file description: Dk handle, offset, flags, path. */
struct lx_file;

/* +1 reference, NULL if @fd is not open. */
struct lx_file *lx_fd_get(int fd);
void lx_file_put(struct lx_file *f);
long lx_file_pread(struct lx_file *f, void *buf, unsigned long n,
		   unsigned long off);
long lx_file_size(struct lx_file *f);

/* ------------------------------------------------------------------ */
/* Memory, for the loader (mem provides: mem.c, brk.c)                  */
/* ------------------------------------------------------------------ */

/*
 * Dk memory at exactly @addr (page aligned, @len bytes, DK_PROT_* @prot),
 * recorded in mem's VMA list so munmap/mprotect/mremap know it.  Returns
 * 0 or -errno.
 */
long lx_mem_map_fixed(unsigned long addr, unsigned long len, int prot);
void lx_mem_set_brk_base(unsigned long end_of_image);

/* The address layout (libos.md "Address layout"). */
#define LX_PIE_BASE	0x555555554000UL	/* static-pie load address */
#define LX_STACK_TOP	0x7f0000000000UL	/* main stack: [TOP - SIZE, TOP) */
#define LX_STACK_SIZE	(8UL << 20)
/* mmap: top-down from here (a guard gap below the main stack). */
#define LX_MMAP_TOP	(LX_STACK_TOP - LX_STACK_SIZE - (1UL << 20))
#define LX_BRK_MAX	(1UL << 30)		/* brk heap limit */

#endif /* LX_H */
