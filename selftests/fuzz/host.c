// SPDX-License-Identifier: GPL-2.0
/*
 * dkfuzz, host mode: an ordinary (unprivileged) program that opens
 * several contexts of its own, sets them up with the launcher's commands,
 * joins one to a tree whose monitor it runs itself, and fuzzes them from
 * several threads with the shared core.  Between epochs it replaces
 * contexts (their handles go stale), checks that a forked process gets
 * EPERM on them, and hands the arena out afresh.
 *
 *   dkfuzz_host [--seed N] [--time SECS] [--calls N] [--threads N]
 *               [--contexts N] [--dir DIR] [--avoid LIST] [--strict]
 *               [--verbose]
 *
 * Prints "seed=N" first, a summary line last; exit status 0, 2 with
 * --strict when a call returned an undocumented error, 3 when the fuzzer
 * itself faulted, 4 when a worker hung in one call, 1 on set-up failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <arpa/inet.h>

#include "fuzz.h"


static char dir[256];
static int sink[2];		/* socketpair end kept by the driver */
static volatile int mon_stop;
static uint32_t nworkers_done;

void fz_plat_write(const char *s, uint64_t n)
{
	while (n) {
		ssize_t w = write(1, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (uint64_t)w;
	}
}

char *fz_plat_scratch(void)
{
	char *p = mmap(NULL, FZ_SCR_LEN, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p + FZ_SCR_RW + FZ_PAGE, 'r', FZ_PAGE);
	if (mprotect(p + FZ_SCR_RW, FZ_PAGE, PROT_NONE) ||
	    mprotect(p + FZ_SCR_RW + FZ_PAGE, FZ_PAGE, PROT_READ) ||
	    mprotect(p + FZ_SCR_RW + 2 * FZ_PAGE, FZ_PAGE, PROT_NONE))
		return NULL;
	return p;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000;
}

static long xioctl(int fd, unsigned long cmd, void *arg)
{
	return fz_ioctl(fd, cmd, (uintptr_t)arg);
}

/* ------------------------------------------------------------------ */
/* Host resources                                                       */
/* ------------------------------------------------------------------ */

static void put_file(const char *name, const char *text)
{
	char p[400];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0) {
		if (write(fd, text, strlen(text)) < 0)
			perror("dkfuzz: write");
		close(fd);
	}
}

static int open_in(const char *name, int flags)
{
	char p[400];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return open(p, flags | O_CLOEXEC, 0644);
}

static void add_hostfd(int fd)
{
	if (fd >= 0 && fz.nhostfd < FZ_MAX_HOSTFDS)
		fz.hostfd[fz.nhostfd++] = fd;
}

static void add_dirfd(int fd)
{
	if (fd >= 0 && fz.ndirfd < 4)
		fz.dirfd[fz.ndirfd++] = fd;
}

static int setup_host(void)
{
	char p[400];
	int pp[2], pn[2];

	if (!dir[0]) {
		strcpy(dir, "/tmp/dkfuzz.XXXXXX");
		if (!mkdtemp(dir)) {
			perror("dkfuzz: mkdtemp");
			return -1;
		}
	}
	snprintf(p, sizeof(p), "%s/ro", dir);
	mkdir(p, 0755);
	put_file("a", "hello");
	put_file("ro/a", "read-only");
	put_file("hostfile", "host");

	if (pipe2(pp, O_CLOEXEC) || pipe2(pn, O_CLOEXEC | O_NONBLOCK) ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sink)) {
		perror("dkfuzz: pipe");
		return -1;
	}
	if (write(pp[1], "data", 4) != 4)
		return -1;
	add_hostfd(pp[0]);
	add_hostfd(pp[1]);
	add_hostfd(pn[0]);
	add_hostfd(pn[1]);
	add_hostfd(sink[0]);
	add_hostfd(open("/dev/null", O_RDWR | O_CLOEXEC));
	add_hostfd(open("/dev/zero", O_RDONLY | O_CLOEXEC));
	add_hostfd(open_in("hostfile", O_RDWR));
	add_hostfd(open_in("a", O_RDONLY));
	add_hostfd(open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC));
	add_dirfd(open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC));
	add_dirfd(open_in("ro", O_RDONLY | O_DIRECTORY));
	add_dirfd(open_in("ro", O_PATH | O_DIRECTORY));
	add_dirfd(open_in("a", O_RDONLY));	/* not a directory */
	return 0;
}

static long add_root(int ctx, int dfd, const char *prefix, uint32_t flags)
{
	struct dk_setup_fs_root r = {
		.fd = dfd, .flags = flags, .prefix = (uintptr_t)prefix,
	};

	return xioctl(ctx, DK_IOC_ADD_FS_ROOT, &r);
}

static long add_net(int ctx, uint32_t op, int v6)
{
	struct dk_setup_net_rule n = {
		.op = op, .family = v6 ? AF_INET6 : AF_INET,
		.prefix = v6 ? 128 : 8, .port_lo = 0, .port_hi = 65535,
	};

	if (v6) {
		n.addr[15] = 1;
	} else {
		n.addr[0] = 127;
		if (op == DK_NET_BIND) {
			n.addr[3] = 1;
			n.prefix = 32;
		}
	}
	return xioctl(ctx, DK_IOC_ADD_NET_RULE, &n);
}

/* A new context for slot @ci, set up the way a launcher might. */
static int ctx_open(uint32_t ci, struct fz_rng *r)
{
	struct dk_context_info info = { 0 };
	int fd = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC), rodir;

	if (fd < 0)
		return -1;
	rodir = fz.ndirfd > 2 ? fz.dirfd[2] : -1;
	if (ci < 2 || fz_pct(r, 85)) {
		fz_record(FZ_IOC_ADD_FS_ROOT, add_root(fd, fz.dirfd[0], "/s", DK_ROOT_RW));
		fz_record(FZ_IOC_ADD_FS_ROOT, add_root(fd, rodir, "/r", DK_ROOT_RO));
		fz_record(FZ_IOC_ADD_FS_ROOT, add_root(fd, rodir, "/img", DK_ROOT_RO));
	}
	if (ci < 2 || fz_pct(r, 80)) {
		fz_record(FZ_IOC_ADD_NET_RULE, add_net(fd, DK_NET_CONNECT, 0));
		fz_record(FZ_IOC_ADD_NET_RULE, add_net(fd, DK_NET_BIND, 0));
		fz_record(FZ_IOC_ADD_NET_RULE, add_net(fd, DK_NET_CONNECT, 1));
		fz_record(FZ_IOC_ADD_NET_RULE, add_net(fd, DK_NET_BIND, 1));
	}
	if (ci == 1) {
		/* the top picoprocess of the driver's tree */
		struct dk_join_tree j = { .monitor_fd = fz.monitor_fd };

		fz_record(FZ_IOC_JOIN_TREE, xioctl(fd, DK_IOC_JOIN_TREE, &j));
		fz.ctx[ci].flags |= FZ_CTX_MEMBER;
	}
	if (fz_pct(r, 50)) {
		struct dk_setup_stream s = {
			.fd = fz.hostfd[fz_below(r, fz.nhostfd)],
			.access = 1 + (uint32_t)fz_below(r, 3),
		};

		fz_record(FZ_IOC_ADD_STREAM, xioctl(fd, DK_IOC_ADD_STREAM, &s));
	}
	if (ci > 0 && fz_pct(r, 50))
		fz_record(FZ_IOC_SEAL, xioctl(fd, DK_IOC_SEAL, NULL));
	fz_record(FZ_IOC_GET_INFO, xioctl(fd, DK_IOC_GET_INFO, &info));
	fz.ctx[ci].tag = info.tag;
	fz.ctx[ci].fd = fd;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Between epochs                                                       */
/* ------------------------------------------------------------------ */

/* A context used from another process must answer EPERM, every one. */
static void check_wrong_process(void)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return;
	if (pid == 0) {
		struct dk_call c = { .nr = DK_CALL_THREAD_YIELD_EXECUTION };
		uint32_t i, bad = 0;

		for (i = 0; i < fz.nctx; i++)
			if (fz.ctx[i].fd >= 0 &&
			    xioctl(fz.ctx[i].fd, DK_IOC_CALL, &c) != -EPERM)
				bad++;
		if (xioctl(fz.monitor_fd, DK_IOC_MONITOR_CREATE, NULL) != -EPERM)
			bad++;
		_exit(bad ? 1 : 0);
	}
	if (waitpid(pid, &st, 0) == pid) {
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
			fz_record(DK_CALL_THREAD_YIELD_EXECUTION, -EPERM);
		} else {
			fprintf(stderr, "dkfuzz: a context answered another process (status %#x)\n",
				st);
			fz_record(DK_CALL_THREAD_YIELD_EXECUTION, -1000);
		}
	}
}

static void epoch_churn(uint32_t epoch)
{
	struct fz_rng r;
	uint32_t n, k, ci;

	fz_rng_stream(&r, 10 + epoch);
	check_wrong_process();
	/* The arena goes: every context gets a fresh chunk below. */
	munmap((void *)(uintptr_t)FZ_ARENA, FZ_ARENA_LEN);
	n = 1 + (uint32_t)fz_below(&r, 2);
	for (k = 0; k < n && fz.nctx > 2; k++) {
		ci = 2 + (uint32_t)fz_below(&r, fz.nctx - 2);
		/* monitors stay: closing one kills its tree, us included */
		if (fz.ctx[ci].flags & (FZ_CTX_ANCHOR | FZ_CTX_MONITOR))
			continue;
		close(fz.ctx[ci].fd);
		fz.ctx[ci].fd = -1;
		fz.ctx[ci].flags = 0;
		fz_pool_forget_ctx(ci);
		if (ctx_open(ci, &r)) {
			fprintf(stderr, "dkfuzz: cannot reopen a context: %s\n",
				strerror(errno));
			fz.ctx[ci].fd = fz.ctx[0].fd;	/* degrade, don't die */
		}
	}
	fz_arena_reset();
	fz_install_handlers();
}

/* ------------------------------------------------------------------ */
/* The monitor of the driver's tree (and of any fuzzed-in monitor)      */
/* ------------------------------------------------------------------ */

#define NREQ	32

struct req {
	uint64_t id;
	int mfd;
	int sv;
	int child;
	uint64_t due;
	int used;
};

static struct req reqs[NREQ];
static char reqbuf[DK_PROCESS_MAX_BYTES];

static void retire(struct req *q, struct fz_rng *r)
{
	struct dk_monitor_reply rep = { .id = q->id };

	if (q->child >= 0)
		close(q->child);	/* the child context leaves the tree */
	rep.status = fz_pct(r, 70) ? (int)(fz_below(r, 256) << 8) :
				     1 + (int)fz_below(r, 31);
	fz_record(FZ_IOC_MONITOR_EXITED, xioctl(q->mfd, DK_IOC_MONITOR_EXITED, &rep));
	if (q->sv >= 0)
		close(q->sv);
	q->used = 0;
}

static struct req *req_slot(struct fz_rng *r)
{
	uint32_t i;

	for (i = 0; i < NREQ; i++)
		if (!reqs[i].used)
			return &reqs[i];
	retire(&reqs[0], r);
	return &reqs[0];
}

static void serve(int mfd, struct fz_rng *r)
{
	static const int errs[] = {
		-ENOENT, -EACCES, -ENOEXEC, -ECHILD, -EAGAIN, -EPROTONOSUPPORT,
		-E2BIG, -EINVAL,
	};
	struct dk_monitor_request q = { 0 };
	struct dk_monitor_reply rep = { 0 };
	struct req *s;
	uint32_t d = (uint32_t)fz_below(r, 100);
	int sv[2];
	long ret;

	ret = -1;
	if (d < 8) {	/* too small a buffer: ENOSPC, the request stays */
		q.size = (uint32_t)fz_below(r, 8);
		q.buf = (uintptr_t)reqbuf;
		ret = xioctl(mfd, DK_IOC_MONITOR_NEXT, &q);
		fz_record(FZ_IOC_MONITOR_NEXT, ret);
	} else if (d < 12) {	/* unwritable buffer: EFAULT, put back */
		q.size = 4096;
		q.buf = 16;
		ret = xioctl(mfd, DK_IOC_MONITOR_NEXT, &q);
		fz_record(FZ_IOC_MONITOR_NEXT, ret);
	}
	/*
	 * A request of up to 7 bytes ("file:x" and its NUL) fits even the
	 * small buffer: it is taken then and must be served like any other,
	 * or its parent waits for good.
	 */
	if (ret < 0) {
		q.size = sizeof(reqbuf);
		q.buf = (uintptr_t)reqbuf;
		ret = xioctl(mfd, DK_IOC_MONITOR_NEXT, &q);
		fz_record(FZ_IOC_MONITOR_NEXT, ret);
		if (ret < 0)
			return;
	}
	rep.id = q.id;
	d = (uint32_t)fz_below(r, 100);
	if (d < 25) {
		if (fz_pct(r, 20)) {	/* misuse first: positive error */
			rep.error = 5;
			fz_record(FZ_IOC_MONITOR_COMPLETE,
				  xioctl(mfd, DK_IOC_MONITOR_COMPLETE, &rep));
		}
		rep.error = errs[fz_below(r, sizeof(errs) / sizeof(errs[0]))];
		fz_record(FZ_IOC_MONITOR_COMPLETE, xioctl(mfd, DK_IOC_MONITOR_COMPLETE, &rep));
		/*
		 * Forgotten at once, and the id may already name a new
		 * request: EXITED for it could hit that one while pending and
		 * block its requester for good.  ENOENT with an id that
		 * cannot exist instead.
		 */
		rep.id = (1ULL << 31) + fz_below(r, 1000);
		fz_record(FZ_IOC_MONITOR_EXITED, xioctl(mfd, DK_IOC_MONITOR_EXITED, &rep));
		return;
	}
	if (d < 32) {
		/* the child "died" before completion: the parent sees ECHILD */
		fz_record(FZ_IOC_MONITOR_EXITED, xioctl(mfd, DK_IOC_MONITOR_EXITED, &rep));
		rep.error = -ENOEXEC;	/* too late: ENOENT (or EINVAL, id reused) */
		fz_record(FZ_IOC_MONITOR_COMPLETE, xioctl(mfd, DK_IOC_MONITOR_COMPLETE, &rep));
		return;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
		rep.error = -ENOMEM;
		fz_record(FZ_IOC_MONITOR_COMPLETE, xioctl(mfd, DK_IOC_MONITOR_COMPLETE, &rep));
		return;
	}
	if (fz_pct(r, 10)) {
		rep.fd = -1;
		fz_record(FZ_IOC_MONITOR_COMPLETE, xioctl(mfd, DK_IOC_MONITOR_COMPLETE, &rep));
	}
	s = req_slot(r);
	s->id = q.id;
	s->mfd = mfd;
	s->sv = sv[1];
	s->child = -1;
	s->used = 1;
	s->due = fz.ticks + fz_below(r, 8);
	if (fz_pct(r, 40)) {
		/* a child context of our own joins for the request */
		struct dk_join_tree j = { .monitor_fd = mfd, .id = q.id };
		int c = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);

		if (c >= 0) {
			fz_record(FZ_IOC_JOIN_TREE, xioctl(c, DK_IOC_JOIN_TREE, &j));
			s->child = c;
		}
	}
	rep.fd = sv[0];
	ret = xioctl(mfd, DK_IOC_MONITOR_COMPLETE, &rep);
	fz_record(FZ_IOC_MONITOR_COMPLETE, ret);
	close(sv[0]);
	if (s->child >= 0) {
		struct dk_setup_stream st = { .fd = sv[1], .access = DK_ACCESS_RDWR };
		long h = xioctl(s->child, DK_IOC_ADD_STREAM, &st);

		fz_record(FZ_IOC_ADD_STREAM, h);
		if (h >= 0)
			fz_record(DK_CALL_STREAM_WRITE,
				  dk_call_fd(s->child, DK_CALL_STREAM_WRITE, h,
					     DK_OFFSET_NONE, 5, (uintptr_t)"hello",
					     0, 0));
		if (fz_pct(r, 50))
			fz_record(DK_CALL_PROCESS_EXIT,
				  dk_call_fd(s->child, DK_CALL_PROCESS_EXIT,
					     fz_below(r, 300), 0, 0, 0, 0, 0));
	} else if (write(sv[1], "hello", 5) < 0) {
		/* the parent's end may be gone already */
	}
	if (ret == -ECANCELED) {
		retire(s, r);	/* the parent died: the id stays until EXITED */
	} else if (ret < 0) {
		/*
		 * Completed by someone else (a fuzzed COMPLETE): with an error
		 * its id is free again, so no EXITED for it.
		 */
		s->id = 0;
		if (s->child >= 0)
			close(s->child);
		close(s->sv);
		s->used = 0;
	}
}

static void *monitor_main(void *arg)
{
	struct fz_rng r;
	uint32_t i, k;

	(void)arg;
	fz_rng_stream(&r, 77);
	while (!mon_stop) {
		struct pollfd p[FZ_MAX_CTX + 1];
		int n = 0;

		p[n].fd = fz.monitor_fd;
		p[n++].events = POLLIN;
		for (i = 0; i < fz.nctx; i++)
			if (__atomic_load_n(&fz.ctx[i].flags, __ATOMIC_ACQUIRE) &
			    FZ_CTX_MONITOR) {
				p[n].fd = fz.ctx[i].fd;
				p[n++].events = POLLIN;
			}
		poll(p, n, 20);
		for (k = 0; k < (uint32_t)n; k++)
			if (p[k].revents & POLLIN)
				serve(p[k].fd, &r);
		for (i = 0; i < NREQ; i++)
			if (reqs[i].used && fz.ticks >= reqs[i].due)
				retire(&reqs[i], &r);
	}
	for (i = 0; i < NREQ; i++)
		if (reqs[i].used)
			retire(&reqs[i], &r);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Workers and the main loop                                            */
/* ------------------------------------------------------------------ */

static void *worker_main(void *arg)
{
	struct fz_worker *w = arg;

	w->tid = (int)syscall(SYS_gettid);
	fz_worker_loop(w);
	__atomic_add_fetch(&nworkers_done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* Where a hung task sleeps: its state and wait channel. */
static void show_task(int tid)
{
	char path[64], buf[256] = "";
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/wchan", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = 0;
		close(fd);
	}
	fprintf(stderr, ", sleeping in %s\n", buf[0] ? buf : "?");
}

static void interrupt(struct fz_worker *w)
{
	if (w->tid)
		syscall(SYS_tgkill, getpid(), w->tid, DK_EXC_HOST_SIGNAL);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: dkfuzz_host [--seed N] [--time SECS] [--calls N] [--threads N]\n"
		"                   [--contexts N] [--dir DIR] [--avoid LIST] [--strict] [--verbose]\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "time", required_argument, NULL, 't' },
		{ "calls", required_argument, NULL, 'c' },
		{ "threads", required_argument, NULL, 'j' },
		{ "contexts", required_argument, NULL, 'x' },
		{ "dir", required_argument, NULL, 'd' },
		{ "avoid", required_argument, NULL, 'a' },
		{ "strict", no_argument, NULL, 'S' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	pthread_t th[FZ_MAX_WORKERS], mon;
	uint64_t start, deadline = 0, hang_at = 0;
	uint32_t i, nctx = 5;
	int c, seeded = 0, status;
	const char *avoid = NULL;
	struct fz_rng r;

	fz.cfg.time_ms = 60000;
	fz.cfg.nworkers = 4;
	fz.cfg.host = 1;
	fz.cfg.mode = "host";
	fz.cfg.epoch_calls = 5000;
	fz.monitor_fd = -1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			fz.cfg.seed = strtoull(optarg, NULL, 0);
			seeded = 1;
			break;
		case 't':
			fz.cfg.time_ms = strtoull(optarg, NULL, 0) * 1000;
			break;
		case 'c':
			fz.cfg.max_calls = strtoull(optarg, NULL, 0);
			break;
		case 'j':
			fz.cfg.nworkers = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'x':
			nctx = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'd':
			snprintf(dir, sizeof(dir), "%s", optarg);
			break;
		case 'a':
			if (fz_parse_avoid(optarg, &fz.cfg.avoid)) {
				fprintf(stderr, "dkfuzz: bad --avoid '%s' (%s)\n",
					optarg, FZ_AVOID_NAMES);
				return 1;
			}
			avoid = optarg;
			break;
		case 'S':
			fz.cfg.strict = 1;
			break;
		case 'v':
			fz.cfg.verbose = 1;
			break;
		default:
			usage();
			return 1;
		}
	}
	if (optind != argc || !fz.cfg.nworkers || fz.cfg.nworkers > FZ_MAX_WORKERS ||
	    nctx < 2 || nctx > FZ_MAX_CTX) {
		usage();
		return 1;
	}
	if (!seeded) {
		int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

		if (fd < 0 || read(fd, &fz.cfg.seed, sizeof(fz.cfg.seed)) != 8)
			fz.cfg.seed = (uint64_t)time(NULL);
		if (fd >= 0)
			close(fd);
		fz.cfg.seed >>= 1;	/* printable as a positive number */
	}
	printf("seed=%llu\n", (unsigned long long)fz.cfg.seed);
	printf("replay: %s --seed %llu --threads 1%s%s\n", argv[0],
	       (unsigned long long)fz.cfg.seed, avoid ? " --avoid " : "",
	       avoid ? avoid : "");
	fflush(stdout);
	signal(SIGPIPE, SIG_IGN);

	if (setup_host())
		return 1;
	fz.monitor_fd = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fz.monitor_fd < 0 || xioctl(fz.monitor_fd, DK_IOC_MONITOR_CREATE, NULL)) {
		fprintf(stderr, "dkfuzz: cannot open %s as a monitor: %s\n",
			DK_DEVICE_PATH, strerror(errno));
		return 1;
	}
	fz_rng_stream(&r, 1);
	for (i = 0; i < FZ_MAX_CTX; i++)
		fz.ctx[i].fd = -1;
	fz.nctx = nctx;
	for (i = 0; i < nctx; i++)
		if (ctx_open(i, &r)) {
			fprintf(stderr, "dkfuzz: cannot open %s: %s\n",
				DK_DEVICE_PATH, strerror(errno));
			return 1;
		}
	fz.ctx[0].flags |= FZ_CTX_ANCHOR;
	dk_set_fd(fz.ctx[0].fd);
	if (fz_init()) {
		fprintf(stderr, "dkfuzz: nothing to call\n");
		return 1;
	}
	fz_install_handlers();
	for (i = 0; i < fz.cfg.nworkers; i++)
		if (fz_worker_init(i)) {
			fprintf(stderr, "dkfuzz: no scratch memory\n");
			return 1;
		}

	start = now_ms();
	if (fz.cfg.time_ms)
		deadline = start + fz.cfg.time_ms;
	if (pthread_create(&mon, NULL, monitor_main, NULL))
		return 1;
	for (i = 0; i < fz.cfg.nworkers; i++)
		if (pthread_create(&th[i], NULL, worker_main, &fz_workers[i]))
			return 1;

	while (__atomic_load_n(&nworkers_done, __ATOMIC_ACQUIRE) < fz.cfg.nworkers) {
		struct timespec ts = { 0, 50 * 1000000 };

		nanosleep(&ts, NULL);
		if (fz_supervise_tick(interrupt, now_ms(), deadline, &hang_at)) {
			for (i = 0; i < fz.cfg.nworkers; i++)
				if (fz_workers[i].in_call) {
					fprintf(stderr, "dkfuzz: worker %u hangs in %s (seed %llu)",
						i, fz_calls[fz_workers[i].cur].name,
						(unsigned long long)fz.cfg.seed);
					show_task(fz_workers[i].tid);
				}
			fz_report(now_ms() - start);
			fflush(stdout);
			_exit(4);
		}
		if (!fz.stop && fz_epoch_parked()) {
			epoch_churn(fz.epoch);
			fz_epoch_release();
		}
	}
	for (i = 0; i < fz.cfg.nworkers; i++)
		pthread_join(th[i], NULL);
	mon_stop = 1;
	pthread_join(mon, NULL);
	status = fz_report(now_ms() - start);
	fflush(stdout);
	/*
	 * Leave with the monitor still open: closing it would kill the tree,
	 * and this process is its top.  exit_group ends everything at once.
	 */
	_exit(status);
}
