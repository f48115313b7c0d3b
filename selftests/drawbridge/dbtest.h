/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the Drawbridge selftests.  Include after
 * kselftest_harness.h.  DBT_TOP is the repository's absolute path, set by
 * selftests/Makefile.
 */
#ifndef DBTEST_H
#define DBTEST_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <linux/drawbridge.h>
#include "dk.h"

#define DBT_DBEXEC	DBT_TOP "/tools/dbexec/dbexec"
#define DBT_PICO(name)	DBT_TOP "/selftests/pico/" name
#define DBT_MODULE	DBT_TOP "/kmod/drawbridge.ko"

/* Open a fresh context and make it libdk's current one. */
static inline int dbt_open(void)
{
	int fd = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		dk_set_fd(fd);
	return fd;
}

/* In a fixture's set-up: a fresh context, libdk's current one, in self->fd. */
#define DBT_FIXTURE_OPEN_CTX()						\
	do {								\
		self->fd = dbt_open();					\
		ASSERT_LE(0, self->fd) TH_LOG("open %s: %s",		\
					      DK_DEVICE_PATH,		\
					      strerror(errno));		\
	} while (0)

/*
 * DBT_CTX_FIXTURE(name): the fixture of most tests, a fresh context that
 * is libdk's current one (dbt_open()) in self->fd, closed at teardown.
 * Tests use it with TEST_F(name, ...).
 */
#define DBT_CTX_FIXTURE(name)						\
	FIXTURE(name) {							\
		int fd;							\
	};								\
	FIXTURE_SETUP(name)						\
	{								\
		DBT_FIXTURE_OPEN_CTX();					\
	}								\
	FIXTURE_TEARDOWN(name)						\
	{								\
		close(self->fd);					\
	}

/*
 * DBT_CTX_PIPE_FIXTURE(name): DBT_CTX_FIXTURE's context in self->fd and a
 * host pipe in self->pipefd (read end [0], write end [1]) to hand to it as
 * streams; all closed at teardown.
 */
#define DBT_CTX_PIPE_FIXTURE(name)					\
	FIXTURE(name) {							\
		int fd;							\
		int pipefd[2];						\
	};								\
	FIXTURE_SETUP(name)						\
	{								\
		DBT_FIXTURE_OPEN_CTX();					\
		ASSERT_EQ(0, pipe(self->pipefd));			\
	}								\
	FIXTURE_TEARDOWN(name)						\
	{								\
		close(self->fd);					\
		close(self->pipefd[0]);					\
		close(self->pipefd[1]);					\
	}

/* Raw gateway call with every field under the caller's control. */
static inline long dbt_raw_call(int fd, __u32 nr, __u32 flags,
				__u64 a0, __u64 a1, __u64 a2, __u64 a3)
{
	struct dk_call call = {
		.nr = nr, .flags = flags, .args = { a0, a1, a2, a3, 0, 0 },
	};

	return ioctl(fd, DK_IOC_CALL, &call) < 0 ? -errno : 0;
}

/* ioctl returning -errno or the (non-negative) result. */
static inline long dbt_ioctl(int fd, unsigned long cmd, void *arg)
{
	long r = ioctl(fd, cmd, arg);

	return r < 0 ? -errno : r;
}

/* Add a host descriptor to the context as a stream; returns the handle. */
static inline long dbt_add_stream(int dkfd, int hostfd, __u32 access)
{
	struct dk_setup_stream req = { .fd = hostfd, .access = access };

	return dbt_ioctl(dkfd, DK_IOC_ADD_STREAM, &req);
}

/* Send @fd over the AF_UNIX socket @sock (SCM_RIGHTS): 0 or -errno. */
static inline int dbt_send_fd(int sock, int fd)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	char byte = 'F';
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c;

	memset(&u, 0, sizeof(u));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -errno;
}

/* Receive one descriptor sent by dbt_send_fd(): the fd or -errno. */
static inline int dbt_recv_fd(int sock)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c;
	ssize_t n;
	int fd;

	n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	if (n < 0)
		return -errno;
	if (n != 1)
		return -EBADMSG;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -EBADMSG;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/* The module's sysfs directory: parameters/... and refcnt. */
#define DBT_SYSMOD	"/sys/module/drawbridge/"

/* Read a number from DBT_SYSMOD @rel: the value (>= 0) or -errno. */
static inline long dbt_sysfs_read(const char *rel)
{
	char path[256], buf[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), DBT_SYSMOD "%s", rel);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

/* Write @v to DBT_SYSMOD @rel: 0 or -errno. */
static inline int dbt_sysfs_write(const char *rel, long v)
{
	char path[256], buf[32];
	int fd, len, ret = 0;

	snprintf(path, sizeof(path), DBT_SYSMOD "%s", rel);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%ld\n", v);
	if (write(fd, buf, len) != len)
		ret = -errno;
	close(fd);
	return ret;
}

/* Exit status of sh -c @cmd, or -1. */
static inline int dbt_sh(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Monotonic time in nanoseconds. */
static inline uint64_t dbt_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

struct dbt_result {
	int status;		/* raw wait status */
	int timed_out;		/* killed at the deadline */
	long maxrss_kb;		/* peak RSS of it or of a child it reaped */
	char out[65536];	/* stdout, NUL-terminated (truncated if longer) */
	char err[65536];	/* stderr, NUL-terminated */
};

/*
 * One read(2) from @fd appended to @buf (@len bytes so far, NUL-ended);
 * returns read's result.
 */
static inline ssize_t dbt_read_append(int fd, char *buf, size_t size,
				      size_t *len)
{
	ssize_t n = read(fd, buf + *len, size - 1 - *len);

	if (n > 0)
		*len += n;
	buf[*len] = '\0';
	return n;
}

/*
 * Start @argv with @in, @out and @err as its stdin, stdout and stderr (-1:
 * this program's own); its pid, or -errno.
 */
static inline pid_t dbt_spawn(char *const argv[], int in, int out, int err)
{
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (in >= 0)
			dup2(in, 0);
		if (out >= 0)
			dup2(out, 1);
		if (err >= 0)
			dup2(err, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/*
 * Run argv[0] (a path) with argv, optional stdin text, capturing stdout
 * and stderr; if @timeout_s > 0, kill it (SIGKILL, r->timed_out) when it
 * has not ended within that many seconds.  Returns 0 and fills @r, or
 * -errno if it could not start.
 */
static inline int dbt_run_timeout(char *const argv[], const char *input,
				  struct dbt_result *r, int timeout_s)
{
	uint64_t deadline = dbt_now_ns() + (uint64_t)timeout_s * 1000000000ull;
	int po[2], pe[2], pi[2];
	size_t lo = 0, le = 0;
	struct rusage ru;
	pid_t pid;

	if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC) || pipe2(pi, O_CLOEXEC))
		return -errno;
	pid = dbt_spawn(argv, pi[0], po[1], pe[1]);
	if (pid < 0)
		return pid;
	close(po[1]);
	close(pe[1]);
	close(pi[0]);
	/* The child may not read its input at all: a short write is fine. */
	if (input && write(pi[1], input, strlen(input)) < 0 && errno != EPIPE)
		return -errno;
	close(pi[1]);
	r->out[0] = r->err[0] = '\0';
	r->timed_out = 0;
	while (po[0] >= 0 || pe[0] >= 0) {
		struct pollfd p[2] = {
			{ .fd = po[0], .events = POLLIN },
			{ .fd = pe[0], .events = POLLIN },
		};
		int ms = -1, n;
		size_t before;

		if (timeout_s > 0) {
			uint64_t now = dbt_now_ns();

			ms = now >= deadline ? 0 :
			     (int)((deadline - now) / 1000000 + 1);
		}
		n = poll(p, 2, ms);
		if (n < 0 && errno != EINTR)
			break;
		if (n == 0) {
			kill(pid, SIGKILL);
			r->timed_out = 1;
			break;
		}
		if (p[0].revents) {
			before = lo;
			dbt_read_append(po[0], r->out, sizeof(r->out), &lo);
			if (lo == before) {	/* EOF, or buffer full */
				close(po[0]);
				po[0] = -1;
			}
		}
		if (p[1].revents) {
			before = le;
			dbt_read_append(pe[0], r->err, sizeof(r->err), &le);
			if (le == before) {
				close(pe[0]);
				pe[0] = -1;
			}
		}
	}
	if (po[0] >= 0)
		close(po[0]);
	if (pe[0] >= 0)
		close(pe[0]);
	if (wait4(pid, &r->status, 0, &ru) < 0)
		return -errno;
	r->maxrss_kb = ru.ru_maxrss;
	return 0;
}

static inline int dbt_run(char *const argv[], const char *input,
			  struct dbt_result *r)
{
	return dbt_run_timeout(argv, input, r, 0);
}

/*
 * A committed read-write range of @size bytes where the module chooses,
 * from the context libdk uses (dk_set_fd); NULL if the call fails.
 */
static inline void *dbt_alloc_rw(size_t size)
{
	void *p = NULL;

	if (DkVirtualMemoryAlloc(&p, size, DK_MEM_RESERVE | DK_MEM_COMMIT,
				 DK_PROT_READ | DK_PROT_WRITE))
		return NULL;
	return p;
}

/* Exit code of a dbexec-style run: status, or 128+signal. */
static inline int dbt_exit_code(const struct dbt_result *r)
{
	if (WIFEXITED(r->status))
		return WEXITSTATUS(r->status);
	if (WIFSIGNALED(r->status))
		return 128 + WTERMSIG(r->status);
	return -1;
}

/*
 * ASSERT_RUN_OUT(run, r, want): @run, an expression that runs a program
 * into the struct dbt_result @r and gives its exit code, gives 0, and the
 * program printed exactly @want.  Its output is logged on a failure.
 */
#define ASSERT_RUN_OUT(run, r, want) do {				\
		ASSERT_EQ(0, run) TH_LOG("%s%s", (r).out, (r).err);	\
		EXPECT_STREQ(want, (r).out);				\
	} while (0)

/* "@dir/@name" in @buf (@size bytes): @buf. */
static inline char *dbt_path(char *buf, size_t size, const char *dir,
			     const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
	return buf;
}

/* Create or replace the host file @path with @text (best effort). */
static inline void dbt_put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/*
 * One read(2) of at most @size - 1 bytes of the host file @path into @buf,
 * NUL-terminated; returns read's result, or -1 if @path does not open.
 */
static inline ssize_t dbt_read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

/* DkObjectsWaitAny on one handle. */
static inline long dbt_wait_one(long h, int64_t timeout)
{
	int32_t hs[1] = { (int32_t)h };

	return DkObjectsWaitAny(1, hs, timeout);
}

/* Wait for a thread or process handle to be signaled (10 s is "never"). */
static inline long dbt_join(long h)
{
	return dbt_wait_one(h, 10000000000ll);
}

#endif /* DBTEST_H */
