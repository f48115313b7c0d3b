// SPDX-License-Identifier: GPL-2.0
/*
 * exec.c: execve and execveat in place, as Linux does them: the same
 * picoprocess, pid and fds (minus FD_CLOEXEC), a new program loaded by
 * the libOS's loader.
 *
 * Everything that can fail with an errno happens first: the path is
 * resolved and opened, `#!` lines are followed (interpreter plus one
 * optional argument, at most LX_EXEC_DEPTH levels: ELOOP beyond), the
 * ELF headers are checked, and argv/envp are copied into libOS memory.
 * Then the other threads are ended and waited for (signal.c's
 * lx_sig_exec_end_others: as by SIGKILL, at their next system call
 * boundary or in a raise upcall), the calling thread takes the process
 * id as its thread id (it leads the group, as on Linux), and the old
 * program is torn down (its memory, close-on-exec fds,
 * handled signals back to SIG_DFL, the alternate stack, FS base), the
 * new one is loaded with a fresh initial stack, a vfork parent is
 * released, and the calling thread resumes at the entry point with
 * Linux's new-process registers.  A failure after the tear-down ends
 * the process as if by SIGSEGV, like Linux's "point of no return".
 *
 * /proc/self/exe and AT_EXECFN name the program's absolute virtual
 * path.
 */
#include <linux/fcntl.h>

#include "proc.h"
#include "files.h"
#include "mem.h"
#include "thread.h"

#define LX_EXEC_DEPTH		5	/* `#!` levels (Linux's limit) */
#define LX_EXEC_BUF		256	/* the `#!` line is read from this */
#define LX_EXEC_STRINGS		(256UL << 10)	/* argv + envp bytes */
#define LX_EXEC_MAX_PTRS	(LX_EXEC_STRINGS / 8)
#define LX_SIGSEGV		11

/* execve: what dispositions and stacks Linux resets (signal.c's own). */
LX_WEAK void lx_sig_exec_reset(void)
{
}

/*
 * The vectors and path of the running program once an exec made them
 * (before that they are dbexec's, not ours to free).
 */
static struct lx_exec_owned {
	char **argv, **envp;
	int argc, envc;
	char *exe;
} lx_exec_owned;

/* A NULL-terminated vector of strings in libOS memory. */
struct lx_vec {
	char **v;
	int n;
	unsigned long bytes;
};

static void lx_vec_free(struct lx_vec *x)
{
	int i;

	for (i = 0; x->v && i < x->n; i++)
		lx_free(x->v[i]);
	lx_free(x->v);
	x->v = NULL;
	x->n = 0;
}

/* Insert a copy of @s (@len bytes) at index @at. */
static long lx_vec_insert(struct lx_vec *x, int at, const char *s, size_t len)
{
	char **nv, *c;

	if (x->bytes + len + 1 > LX_EXEC_STRINGS)
		return -E2BIG;
	c = lx_malloc(len + 1);
	nv = lx_malloc((size_t)(x->n + 2) * sizeof(char *));
	if (!c || !nv) {
		lx_free(c);
		lx_free(nv);
		return -ENOMEM;
	}
	memcpy(c, s, len);
	c[len] = 0;
	if (x->v)
		memcpy(nv, x->v, (size_t)at * sizeof(char *));
	nv[at] = c;
	if (x->v)
		memcpy(nv + at + 1, x->v + at,
		       (size_t)(x->n - at) * sizeof(char *));
	nv[x->n + 1] = NULL;
	lx_free(x->v);
	x->v = nv;
	x->n++;
	x->bytes += len + 1;
	return 0;
}

/* Copy the application's vector @u (NULL: empty) after *@x's strings. */
static long lx_vec_copy(struct lx_vec *x, char *const *u, unsigned long *total)
{
	long ret;
	int i;

	if (!u) {
		if (!x->v) {
			x->v = lx_calloc(1, sizeof(char *));
			if (!x->v)
				return -ENOMEM;
		}
		return 0;
	}
	for (i = 0; ; i++) {
		const char *s;
		size_t len;

		if (i >= (int)LX_EXEC_MAX_PTRS)
			return -E2BIG;
		if (!LX_USER_RD(&u[i], sizeof(u[i])))
			return -EFAULT;
		s = u[i];
		if (!s)
			break;
		if (!LX_USER_RD(s, 1))
			return -EFAULT;
		len = strnlen(s, LX_EXEC_STRINGS);
		*total += len + 1;
		if (*total > LX_EXEC_STRINGS)
			return -E2BIG;
		ret = lx_vec_insert(x, x->n, s, len);
		if (ret < 0)
			return ret;
	}
	if (!x->v) {
		x->v = lx_calloc(1, sizeof(char *));
		if (!x->v)
			return -ENOMEM;
	}
	return 0;
}

/*
 * Open the program at @abs for execution: a regular file with an exec
 * bit.  Returns the Dk handle, or -errno (ENOENT, EACCES ... as Linux).
 */
static long lx_exec_open(const char *abs)
{
	struct dk_stream_attr a;
	struct lx_file *f;
	long ret, h;

	ret = lx_attr_path(abs, 1, &a);
	if (ret < 0)
		return ret;
	if (a.type != DK_STREAM_TYPE_FILE || !(a.file_mode & 0111))
		return -EACCES;
	ret = lx_open_path(abs, O_RDONLY, 0, &f);
	if (ret < 0)
		return ret;
	if (f->kind != LX_F_STREAM || f->handle < 0) {
		lx_file_put(f);
		return -EACCES;
	}
	h = f->handle;
	f->handle = -1;		/* ours now */
	lx_file_put(f);
	return h;
}

/*
 * A `#!` line in @buf (@n bytes): the interpreter and its optional
 * argument (pointers into @buf, NUL-terminated there).  0 if the file
 * is not a script, 1 if it is, -ENOEXEC for a bad line.
 */
static int lx_shebang(char *buf, long n, char **interp, char **arg)
{
	char *p, *e, *end;

	if (n < 2 || buf[0] != '#' || buf[1] != '!')
		return 0;
	end = memchr(buf, '\n', (size_t)n);
	if (!end) {
		if (n >= LX_EXEC_BUF)
			return -ENOEXEC;	/* the line does not fit */
		end = buf + n;
	}
	*end = 0;
	p = buf + 2;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return -ENOEXEC;
	*interp = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	*arg = NULL;
	if (*p) {
		*p++ = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		e = p + strlen(p);
		while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			*--e = 0;
		if (*p)
			*arg = p;
	}
	return 1;
}

/* Where the new program comes from, once every check passed. */
struct lx_exec_plan {
	long handle;
	char abs[LX_PATH_MAX];
	struct lx_vec argv, envp;
};

/*
 * Resolve @path (against @dirfd / @flags), follow `#!` lines, check the
 * ELF headers and fill @pl (argv already holds the caller's vector).
 */
static long lx_exec_prepare(int dirfd, const char *path, int flags,
			    struct lx_exec_plan *pl)
{
	char buf[LX_EXEC_BUF + 1], *interp, *arg;
	char name[LX_PATH_MAX], buf2[LX_PATH_MAX];
	struct dk_stream_attr a;
	int depth;
	long ret, n, h;

	ret = lx_user_strnlen(path, LX_PATH_MAX);
	if (ret < 0)
		return ret;
	memcpy(name, path, (size_t)ret + 1);
	if (!name[0] && (flags & AT_EMPTY_PATH)) {
		struct lx_file *f = lx_fd_get(dirfd);

		if (!f)
			return -EBADF;
		ret = f->path ? 0 : -EACCES;
		if (!ret)
			memcpy(pl->abs, f->path, strlen(f->path) + 1);
		lx_file_put(f);
		if (ret)
			return ret;
	} else {
		if (!name[0])
			return -ENOENT;
		ret = lx_at_path_k(dirfd, name, pl->abs);
		if (ret < 0)
			return ret;
		if (flags & AT_SYMLINK_NOFOLLOW) {
			ret = lx_attr_path(pl->abs, 0, &a);
			if (!ret && a.type == DK_STREAM_TYPE_SYMLINK)
				return -ELOOP;
		}
	}

	for (depth = 0; ; depth++) {
		/* The file itself (/proc/self/exe names it), not a link. */
		ret = lx_path_resolve(pl->abs, 1, buf2, sizeof(buf2),
				      lx_vfs_readlink);
		if (ret >= 0)
			memcpy(pl->abs, buf2, strlen(buf2) + 1);
		h = lx_exec_open(pl->abs);
		if (h < 0)
			return h;
		n = DkStreamRead(h, 0, LX_EXEC_BUF, buf);
		if (n < 0) {
			DkObjectClose(h);
			return n;
		}
		buf[n] = 0;
		ret = lx_shebang(buf, n, &interp, &arg);
		if (ret == 0)
			break;
		DkObjectClose(h);
		if (ret < 0)
			return ret;
		if (depth + 1 >= LX_EXEC_DEPTH)
			return -ELOOP;
		/* argv: interp [arg] path argv[1...] (argv[0] is dropped). */
		if (pl->argv.n > 0) {
			pl->argv.bytes -= strlen(pl->argv.v[0]) + 1;
			lx_free(pl->argv.v[0]);
			memmove(pl->argv.v, pl->argv.v + 1,
				(size_t)pl->argv.n * sizeof(char *));
			pl->argv.n--;
		}
		ret = lx_vec_insert(&pl->argv, 0, name, strlen(name));
		if (!ret && arg)
			ret = lx_vec_insert(&pl->argv, 0, arg, strlen(arg));
		if (!ret)
			ret = lx_vec_insert(&pl->argv, 0, interp, strlen(interp));
		if (ret < 0)
			return ret;
		memcpy(name, interp, strlen(interp) + 1);
		ret = lx_at_path_k(AT_FDCWD, name, pl->abs);
		if (ret < 0)
			return ret;
	}
	ret = lx_check_program(h, pl->abs);
	if (ret < 0) {
		DkObjectClose(h);
		return ret;
	}
	pl->handle = h;
	return 0;
}

/* After the point of no return: end like a process killed by SIGSEGV. */
static LX_NORETURN void lx_exec_die(const char *what, long err)
{
	lx_log("execve: %s: %s", what, dk_strerror(err));
	lx_proc_exit_notify(LX_SIGSEGV);
	DkProcessExit(128 + LX_SIGSEGV);
}

/* Tear the old program down and start the one @pl describes. */
static void lx_exec_commit(struct lx_exec_plan *pl, struct sigcontext *regs)
{
	struct lx_start *st = &lx_start_info;
	struct lx_thread *t = lx_self();
	struct lx_mthread *m = lx_mthread(t);
	unsigned long rsp;
	const char *base;
	char *exe;
	long ret;

	exe = lx_malloc(strlen(pl->abs) + 1);
	if (!exe)
		lx_exec_die("out of memory", -ENOMEM);
	memcpy(exe, pl->abs, strlen(pl->abs) + 1);

	lx_fd_close_matching(1);
	lx_sig_exec_reset();
	lx_vfork_lazy_end();
	lx_mem_lock();
	ret = lx_mem_unmap_locked(0, LX_USER_END);
	lx_mem_unlock();
	if (ret < 0)
		lx_exec_die("cannot unmap the old program", ret);
	lx_mem_brk_set(0, 0, 0);

	if (st->exec_handle >= 0)
		DkObjectClose(st->exec_handle);
	if (lx_exec_owned.exe) {
		struct lx_vec old = { lx_exec_owned.argv, lx_exec_owned.argc, 0 };

		lx_vec_free(&old);
		old.v = lx_exec_owned.envp;
		old.n = lx_exec_owned.envc;
		lx_vec_free(&old);
		lx_free(lx_exec_owned.exe);
	}
	lx_exec_owned.argv = pl->argv.v;
	lx_exec_owned.argc = pl->argv.n;
	lx_exec_owned.envp = pl->envp.v;
	lx_exec_owned.envc = pl->envp.n;
	lx_exec_owned.exe = exe;
	st->exec_handle = pl->handle;
	st->exec_path = exe;
	st->argc = pl->argv.n;
	st->argv = pl->argv.v;
	st->envp = pl->envp.v;
	st->envc = pl->envp.n;
	ret = lx_load_program(st);
	if (ret < 0)
		lx_exec_die(exe, ret);
	lx_mem_set_brk_base(st->image_end);
	ret = lx_build_stack(st, &rsp);
	if (ret < 0)
		lx_exec_die("cannot build the initial stack", ret);

	/* The thread's state that does not survive exec; it leads now. */
	t->tid = lx_proc_pid();
	t->clear_child_tid = NULL;
	t->fsbase = 0;
	lx_set_fsbase(0);
	if (m) {
		m->robust_head = 0;
		m->altstack_sp = m->altstack_size = 0;
		m->altstack_flags = 0;
		base = strrchr(exe, '/');
		base = base ? base + 1 : exe;
		memset(m->name, 0, sizeof(m->name));
		memcpy(m->name, base, strnlen(base, 15));
	}
	lx_proc_exec_done();

	/* Linux's new-process registers: all 0 but rsp, rip, eflags. */
	regs->r8 = regs->r9 = regs->r10 = regs->r11 = 0;
	regs->r12 = regs->r13 = regs->r14 = regs->r15 = 0;
	regs->rdi = regs->rsi = regs->rbp = regs->rbx = 0;
	regs->rdx = regs->rax = regs->rcx = 0;
	regs->rsp = rsp;
	regs->rip = st->entry;
	regs->eflags = 0x202;
}

static long lx_do_exec(struct lx_call *c, int dirfd, const char *path,
		       char *const *argv, char *const *envp, int flags)
{
	struct lx_exec_plan *pl;
	unsigned long total = 0;
	long ret;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	pl = lx_calloc(1, sizeof(*pl));
	if (!pl)
		return -ENOMEM;
	pl->handle = -1;
	ret = lx_vec_copy(&pl->argv, argv, &total);
	if (!ret)
		ret = lx_vec_copy(&pl->envp, envp, &total);
	if (!ret && pl->argv.n == 0)
		ret = lx_vec_insert(&pl->argv, 0, "", 0);	/* as Linux 5.18+ */
	if (!ret)
		ret = lx_exec_prepare(dirfd, path, flags, pl);
	if (!ret)
		ret = lx_sig_exec_end_others();
	if (ret < 0) {
		if (pl->handle >= 0)
			DkObjectClose(pl->handle);
		lx_vec_free(&pl->argv);
		lx_vec_free(&pl->envp);
		lx_free(pl);
		return ret;
	}
	/* The vectors stay: lx_start_info points at them from now on. */
	lx_exec_commit(pl, c->regs);
	lx_free(pl);
	return 0;
}

long lx_sys_execve(struct lx_call *c)
{
	return lx_do_exec(c, AT_FDCWD, (const char *)c->a[0],
			  (char *const *)c->a[1], (char *const *)c->a[2], 0);
}

long lx_sys_execveat(struct lx_call *c)
{
	return lx_do_exec(c, (int)c->a[0], (const char *)c->a[1],
			  (char *const *)c->a[2], (char *const *)c->a[3],
			  (int)c->a[4]);
}
