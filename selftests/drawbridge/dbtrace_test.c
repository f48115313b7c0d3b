// SPDX-License-Identifier: GPL-2.0
/*
 * dbtrace and the drawbridge tracepoints (issue "eBPF tracing").
 *
 * A workload process makes a known sequence of Dk calls (some failing) once
 * the tracer is attached; dbtrace's live, JSON, -c and -H outputs, its
 * filters (-p, -F, -e, -f) and a bpftrace one-liner from
 * Documentation/tracing.rst must report exactly those calls.  Needs root
 * (the test VM runs the suite as root).
 */
#include "kselftest_harness.h"
#include "dbtest.h"

#include <time.h>
#include <sys/stat.h>

#define DBTRACE		DBT_TOP "/tools/dbtrace/dbtrace"
#define READY_TIMEOUT_S	120	/* BPF load / bpftrace compile under TCG */
/* Per test: starting dbtrace takes seconds in a loaded TCG guest. */
#define TRACE_TEST_TIMEOUT_S	240
#define PROBE_URI	"file:/dbtrace/probe"

/* The workload, in call order; see run_sequence(). */
#define N_TIME_OK	5	/* DkSystemTimeQuery(&t) = 0 */
#define N_TIME_FAULT	1	/* DkSystemTimeQuery(NULL) = -EFAULT */
#define N_CLOSE_BAD	3	/* DkObjectClose(0) = -EBADF */
#define N_BAD_NR	1	/* call number 1000 = -EBADRQC */
#define N_RANDOM_INVAL	2	/* DkRandomBitsRead with flags 1 = -EINVAL */
#define N_RANDOM_OK	1	/* DkRandomBitsRead(buf, 16) = 16 */
#define N_OPEN		1	/* DkStreamOpen(PROBE_URI): result not checked */
#define N_EXIT		1	/* DkProcessExit(3) */
#define N_CALLS		(N_TIME_OK + N_TIME_FAULT + N_CLOSE_BAD + N_BAD_NR + \
			 N_RANDOM_INVAL + N_RANDOM_OK + N_OPEN + N_EXIT)
#define BAD_NR		1000

static void run_sequence(void)
{
	char buf[16];
	__u64 t;
	int fd, i;

	fd = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		_exit(90);
	for (i = 0; i < N_TIME_OK; i++)
		if (dbt_raw_call(fd, DK_CALL_SYSTEM_TIME_QUERY, 0,
				 (__u64)(unsigned long)&t, 0, 0, 0))
			_exit(91);
	if (dbt_raw_call(fd, DK_CALL_SYSTEM_TIME_QUERY, 0, 0, 0, 0, 0) != -EFAULT)
		_exit(92);
	for (i = 0; i < N_CLOSE_BAD; i++)
		if (dbt_raw_call(fd, DK_CALL_OBJECT_CLOSE, 0, 0, 0, 0, 0) != -EBADF)
			_exit(93);
	if (dbt_raw_call(fd, BAD_NR, 0, 0, 0, 0, 0) != -EBADRQC)
		_exit(94);
	for (i = 0; i < N_RANDOM_INVAL; i++)
		if (dbt_raw_call(fd, DK_CALL_RANDOM_BITS_READ, 1,
				 (__u64)(unsigned long)buf, sizeof(buf), 0, 0) != -EINVAL)
			_exit(95);
	if (dbt_raw_call(fd, DK_CALL_RANDOM_BITS_READ, 0,
			 (__u64)(unsigned long)buf, sizeof(buf), 0, 0))
		_exit(96);
	dbt_raw_call(fd, DK_CALL_STREAM_OPEN, 0,
		     (__u64)(unsigned long)PROBE_URI, DK_ACCESS_READ, 0, 0);
	dbt_raw_call(fd, DK_CALL_PROCESS_EXIT, 0, 3, 0, 0, 0);
	close(fd);
}

struct workload {
	pid_t pid;
	int go;		/* write end: one byte starts it */
};

/*
 * Fork a process that waits for wl_release() and then runs the sequence,
 * itself or (@in_child) in a child it forks then.
 */
static int wl_start(struct workload *w, int in_child)
{
	int p[2];
	char c;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	w->pid = fork();
	if (w->pid < 0)
		return -errno;
	if (w->pid == 0) {
		pid_t k;
		int st;

		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(80);
		if (!in_child) {
			run_sequence();
			_exit(0);
		}
		k = fork();
		if (k == 0) {
			run_sequence();
			_exit(0);
		}
		if (k < 0 || waitpid(k, &st, 0) != k)
			_exit(81);
		_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 82);
	}
	close(p[0]);
	w->go = p[1];
	return 0;
}

/* Let the workload run. */
static int wl_release(struct workload *w)
{
	int ret = write(w->go, "g", 1) == 1 ? 0 : -1;

	close(w->go);
	return ret;
}

/* Wait for the workload; returns its exit status. */
static int wl_wait(struct workload *w)
{
	int st;

	if (waitpid(w->pid, &st, 0) != w->pid)
		return -1;
	w->pid = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Start the workload and wait for it; returns its exit status. */
static int wl_run(struct workload *w)
{
	return wl_release(w) ? -1 : wl_wait(w);
}

struct tracer {
	pid_t pid;
	int err;		/* read end of its stderr */
	char outpath[64];	/* its stdout */
	char out[65536];
	char errbuf[4096];
	int status;
};

/*
 * Start argv (dbtrace or bpftrace) with stdout to a file and wait until
 * @ready appears on stdout (@on_stdout) or stderr.  Returns 0 when ready.
 */
static int tr_start(struct tracer *t, char *const argv[], const char *ready,
		    int on_stdout)
{
	size_t elen = 0;
	time_t end = time(NULL) + READY_TIMEOUT_S;
	int p[2], ofd;

	memset(t, 0, sizeof(*t));
	strcpy(t->outpath, "/tmp/dbtrace_test.XXXXXX");
	ofd = mkstemp(t->outpath);
	if (ofd < 0 || pipe2(p, O_CLOEXEC))
		return -errno;
	t->pid = dbt_spawn(argv, -1, ofd, p[1]);
	if (t->pid < 0)
		return t->pid;
	close(ofd);
	close(p[1]);
	t->err = p[0];
	fcntl(t->err, F_SETFL, O_NONBLOCK);
	while (time(NULL) < end) {
		int st, gone = waitpid(t->pid, &st, WNOHANG) == t->pid;
		ssize_t n;
		int fd;

		/* Read after the exit check: a fast tracer may be done already. */
		while ((n = read(t->err, t->errbuf + elen,
				 sizeof(t->errbuf) - 1 - elen)) > 0)
			elen += n;
		t->errbuf[elen] = '\0';
		if (on_stdout) {
			fd = open(t->outpath, O_RDONLY);
			n = fd >= 0 ? read(fd, t->out, sizeof(t->out) - 1) : -1;
			if (fd >= 0)
				close(fd);
			t->out[n > 0 ? n : 0] = '\0';
		}
		if (gone) {
			t->status = st;
			t->pid = 0;
		}
		if (strstr(on_stdout ? t->out : t->errbuf, ready))
			return 0;
		if (gone)
			return -1;
		usleep(20000);
	}
	return -1;
}

/* SIGINT the tracer (if still running), wait, collect its output. */
static void tr_stop(struct tracer *t)
{
	size_t elen = strlen(t->errbuf);
	ssize_t n;
	int fd;

	if (t->pid > 0) {
		int i;

		kill(t->pid, SIGINT);
		for (i = 0; i < 600 && waitpid(t->pid, &t->status, WNOHANG) == 0; i++)
			usleep(100000);
		if (i == 600) {		/* 60 s: give up on it */
			kill(t->pid, SIGKILL);
			waitpid(t->pid, &t->status, 0);
		}
		t->pid = 0;
	}
	fcntl(t->err, F_SETFL, 0);
	while ((n = read(t->err, t->errbuf + elen,
			 sizeof(t->errbuf) - 1 - elen)) > 0)
		elen += n;
	t->errbuf[elen] = '\0';
	close(t->err);
	fd = open(t->outpath, O_RDONLY);
	n = fd >= 0 ? read(fd, t->out, sizeof(t->out) - 1) : -1;
	t->out[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
	unlink(t->outpath);
}

/* Lines of @text containing every one of the (NULL-terminated) needles. */
static int count_lines(const char *text, const char *const needles[])
{
	const char *line = text, *nl;
	char buf[1024];
	int n = 0, i;

	for (; *line; line = nl + 1) {
		size_t len;

		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		len = nl - line < (long)sizeof(buf) - 1 ? nl - line : sizeof(buf) - 1;
		memcpy(buf, line, len);
		buf[len] = '\0';
		for (i = 0; needles[i] && strstr(buf, needles[i]); i++)
			;
		if (!needles[i])
			n++;
		if (!*nl)
			break;
	}
	return n;
}

#define COUNT(text, ...) count_lines(text, (const char *const[]){ __VA_ARGS__, NULL })

/* Copy line @n (0-based) of @text into @buf; -1 past the end. */
static int get_line(const char *text, int n, char *buf, size_t size)
{
	const char *nl;
	size_t len;

	for (; n > 0 && text; n--) {
		text = strchr(text, '\n');
		text = text ? text + 1 : NULL;
	}
	if (!text || !*text)
		return -1;
	nl = strchr(text, '\n');
	len = nl ? (size_t)(nl - text) : strlen(text);
	if (len >= size)
		len = size - 1;
	memcpy(buf, text, len);
	buf[len] = '\0';
	return 0;
}

/* The row of the -c table for @name: calls, errors, errno column. */
static int summary_row(const char *out, const char *name,
		       unsigned long long *calls, unsigned long long *errors,
		       char *errnos, size_t size)
{
	size_t len = strlen(name);
	char line[512], col[256] = "";
	int i;

	for (i = 0; !get_line(out, i, line, sizeof(line)); i++) {
		if (strncmp(line, name, len) || line[len] != ' ')
			continue;
		if (sscanf(line + len, " %llu %llu %*f %*u %*u %*u %*u %255s",
			   calls, errors, col) < 2)
			return -1;
		snprintf(errnos, size, "%s", col);
		return 0;
	}
	return -1;
}

/* The -c row for @name is there and counts @want calls. */
static void expect_calls(struct __test_metadata *_metadata, const char *out,
			 const char *name, unsigned long long want)
{
	unsigned long long calls, errors;
	char errnos[256];

	ASSERT_EQ(0, summary_row(out, name, &calls, &errors, errnos,
				 sizeof(errnos)));
	EXPECT_EQ(want, calls);
}

/* The -c row for @name counts @want calls, @want_errors errors, @want_errnos. */
static void expect_row(struct __test_metadata *_metadata, const char *out,
		       const char *name, unsigned long long want,
		       unsigned long long want_errors, const char *want_errnos)
{
	unsigned long long calls, errors;
	char errnos[256];

	ASSERT_EQ(0, summary_row(out, name, &calls, &errors, errnos,
				 sizeof(errnos)));
	EXPECT_EQ(want, calls);
	EXPECT_EQ(want_errors, errors);
	EXPECT_STREQ(want_errnos, errnos);
}

/* The "denied" column of the -c row for @name, or -1. */
static long long summary_denied(const char *out, const char *name)
{
	size_t len = strlen(name);
	unsigned long long d;
	char line[512];
	int i;

	for (i = 0; !get_line(out, i, line, sizeof(line)); i++)
		if (!strncmp(line, name, len) && line[len] == ' ' &&
		    sscanf(line + len, " %*u %*u %*f %*u %*u %*u %llu", &d) == 1)
			return d;
	return -1;
}

static int pid_ok(pid_t pid)
{
	return pid > 0;
}

/* Start dbtrace with @args (then -p PID) against workload @w. */
static int dbtrace_on(struct tracer *t, struct workload *w,
		      const char *const args[])
{
	char *argv[16], pid[16];
	int n = 0;

	snprintf(pid, sizeof(pid), "%d", w->pid);
	argv[n++] = DBTRACE;
	while (*args && n < 12)
		argv[n++] = (char *)*args++;
	argv[n++] = "-p";
	argv[n++] = pid;
	argv[n] = NULL;
	return tr_start(t, argv, "dbtrace: ready", 0);
}

#define SEQ_CHECK_LIVE(_metadata, out, pidtid)					\
	do {									\
		EXPECT_EQ(N_CALLS, COUNT(out, pidtid, ") = "));			\
		EXPECT_EQ(N_CALLS, COUNT(out, ") = "));				\
		EXPECT_EQ(N_TIME_OK, COUNT(out, " DkSystemTimeQuery(0x", ") = 0 <")); \
		EXPECT_EQ(N_TIME_FAULT, COUNT(out, " DkSystemTimeQuery(NULL) = -14 EFAULT (")); \
		EXPECT_EQ(N_CLOSE_BAD, COUNT(out, " DkObjectClose(0x0) = -9 EBADF (")); \
		EXPECT_EQ(N_BAD_NR, COUNT(out, " call#1000(", ") = -56 EBADRQC (")); \
		EXPECT_EQ(N_RANDOM_INVAL, COUNT(out, " DkRandomBitsRead(0x", ", 16) = -22 EINVAL (")); \
		EXPECT_EQ(N_RANDOM_OK, COUNT(out, " DkRandomBitsRead(0x", ", 16) = 16 <")); \
		EXPECT_EQ(N_OPEN, COUNT(out, " DkStreamOpen(\"" PROBE_URI "\", READ, ")); \
		EXPECT_EQ(N_EXIT, COUNT(out, " DkProcessExit(3) = ?"));		\
	} while (0)

FIXTURE(trace) {
	struct workload a, b;
	struct tracer t;
};

FIXTURE_SETUP(trace)
{
	if (geteuid())
		SKIP(return, "dbtrace needs root");
	ASSERT_EQ(0, access(DBTRACE, X_OK));
	ASSERT_EQ(0, wl_start(&self->a, 0));
	self->b.pid = 0;
}

FIXTURE_TEARDOWN(trace)
{
	if (pid_ok(self->a.pid))
		kill(self->a.pid, SIGKILL);
	if (pid_ok(self->b.pid))
		kill(self->b.pid, SIGKILL);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

TEST_F_TIMEOUT(trace, live_reports_each_call, TRACE_TEST_TIMEOUT_S)
{
	char pidtid[32];

	ASSERT_EQ(0, dbtrace_on(&self->t, &self->a, (const char *[]){ NULL }));
	snprintf(pidtid, sizeof(pidtid), " %d/%d ", self->a.pid, self->a.pid);
	ASSERT_EQ(0, wl_run(&self->a));
	tr_stop(&self->t);
	TH_LOG("dbtrace output:\n%s", self->t.out);
	SEQ_CHECK_LIVE(_metadata, self->t.out, pidtid);
	/*
	 * With the streams policy, the open is refused (no file system
	 * granted): one dk_policy_deny line, then the call's EACCES.
	 */
	EXPECT_EQ(COUNT(self->t.out, " DkStreamOpen(\"" PROBE_URI "\"", ") = -13 EACCES ("),
		  COUNT(self->t.out, pidtid, "DkStreamOpen denied by policy: \"" PROBE_URI "\" (EACCES)"));
	EXPECT_EQ(0, WEXITSTATUS(self->t.status));
}

TEST_F_TIMEOUT(trace, json_live_reports_each_call, TRACE_TEST_TIMEOUT_S)
{
	char pidk[32];

	ASSERT_EQ(0, dbtrace_on(&self->t, &self->a, (const char *[]){ "--json", NULL }));
	snprintf(pidk, sizeof(pidk), "\"pid\":%d,", self->a.pid);
	ASSERT_EQ(0, wl_run(&self->a));
	tr_stop(&self->t);
	EXPECT_EQ(N_CALLS, COUNT(self->t.out, "{\"type\":\"call\"", pidk));
	EXPECT_EQ(N_CLOSE_BAD, COUNT(self->t.out, "\"call\":\"DkObjectClose\"",
				     "\"ret\":-9,\"error\":\"EBADF\""));
	EXPECT_EQ(N_BAD_NR, COUNT(self->t.out, "\"nr\":1000,", "\"error\":\"EBADRQC\""));
	EXPECT_EQ(N_OPEN, COUNT(self->t.out, "\"call\":\"DkStreamOpen\"",
				"\"uri\":\"" PROBE_URI "\""));
	EXPECT_EQ(COUNT(self->t.out, "{\"type\":\"call\"", "\"uri\":\"" PROBE_URI "\"",
			"\"error\":\"EACCES\""),
		  COUNT(self->t.out, "{\"type\":\"deny\"", pidk, "\"call\":\"DkStreamOpen\"",
			"\"what\":\"" PROBE_URI "\""));
}

TEST_F_TIMEOUT(trace, summary_counts_and_error_names, TRACE_TEST_TIMEOUT_S)
{
	unsigned long long calls, errors;
	char errnos[256];

	ASSERT_EQ(0, dbtrace_on(&self->t, &self->a, (const char *[]){ "-c", NULL }));
	ASSERT_EQ(0, wl_run(&self->a));
	tr_stop(&self->t);
	TH_LOG("dbtrace -c output:\n%s", self->t.out);

	expect_row(_metadata, self->t.out, "DkSystemTimeQuery",
		   N_TIME_OK + N_TIME_FAULT, N_TIME_FAULT, "EFAULT:1");
	expect_row(_metadata, self->t.out, "DkObjectClose", N_CLOSE_BAD,
		   N_CLOSE_BAD, "EBADF:3");
	ASSERT_EQ(0, summary_row(self->t.out, "(out-of-range)", &calls, &errors,
				 errnos, sizeof(errnos)));
	EXPECT_EQ(N_BAD_NR, calls);
	EXPECT_STREQ("EBADRQC:1", errnos);
	expect_row(_metadata, self->t.out, "DkRandomBitsRead",
		   N_RANDOM_INVAL + N_RANDOM_OK, N_RANDOM_INVAL, "EINVAL:2");
	ASSERT_EQ(0, summary_row(self->t.out, "DkStreamOpen", &calls, &errors,
				 errnos, sizeof(errnos)));
	EXPECT_EQ(N_OPEN, calls);
	/* Refused by the streams policy: counted as denied too. */
	EXPECT_EQ(strcmp(errnos, "EACCES:1") ? 0 : 1,
		  summary_denied(self->t.out, "DkStreamOpen"));
	expect_calls(_metadata, self->t.out, "DkProcessExit", N_EXIT);
	expect_calls(_metadata, self->t.out, "total", N_CALLS);
}

/* A second, concurrently running process must not show up with -p. */
TEST_F_TIMEOUT(trace, pid_filter_excludes_other_process, TRACE_TEST_TIMEOUT_S)
{
	ASSERT_EQ(0, wl_start(&self->b, 0));
	ASSERT_EQ(0, dbtrace_on(&self->t, &self->a, (const char *[]){ "-c", NULL }));
	ASSERT_EQ(0, wl_release(&self->b));
	ASSERT_EQ(0, wl_run(&self->a));
	ASSERT_EQ(0, wl_wait(&self->b));
	tr_stop(&self->t);
	expect_calls(_metadata, self->t.out, "total", N_CALLS);
	expect_calls(_metadata, self->t.out, "DkObjectClose", N_CLOSE_BAD);
}

/* -F follows the processes forked by PID; without it they are not traced. */
TEST_F_TIMEOUT(trace, follow_children, TRACE_TEST_TIMEOUT_S)
{
	struct workload c;

	/* a: sequence in the process itself (unused); c: in a child. */
	ASSERT_EQ(0, wl_start(&c, 1));
	ASSERT_EQ(0, dbtrace_on(&self->t, &c, (const char *[]){ "-c", "-F", NULL }));
	ASSERT_EQ(0, wl_run(&c));
	tr_stop(&self->t);
	expect_calls(_metadata, self->t.out, "total", N_CALLS);

	ASSERT_EQ(0, wl_start(&c, 1));
	ASSERT_EQ(0, dbtrace_on(&self->t, &c, (const char *[]){ "-c", NULL }));
	ASSERT_EQ(0, wl_run(&c));
	tr_stop(&self->t);
	expect_calls(_metadata, self->t.out, "total", 0);
}

TEST_F_TIMEOUT(trace, failed_only_and_call_filter, TRACE_TEST_TIMEOUT_S)
{
	ASSERT_EQ(0, dbtrace_on(&self->t, &self->a,
				(const char *[]){ "-f", "-e", "ObjectClose,DkSystemTimeQuery", NULL }));
	ASSERT_EQ(0, wl_run(&self->a));
	tr_stop(&self->t);
	TH_LOG("dbtrace -f -e output:\n%s", self->t.out);
	EXPECT_EQ(N_CLOSE_BAD + N_TIME_FAULT, COUNT(self->t.out, ") = "));
	EXPECT_EQ(N_CLOSE_BAD, COUNT(self->t.out, " DkObjectClose(0x0) = -9 EBADF ("));
	EXPECT_EQ(N_TIME_FAULT, COUNT(self->t.out, " DkSystemTimeQuery(NULL) = -14 EFAULT ("));
}

TEST_F_TIMEOUT(trace, histogram_of_one_call, TRACE_TEST_TIMEOUT_S)
{
	unsigned long long sum = 0, n;
	char head[128], line[256], *q;
	int i;

	ASSERT_EQ(0, dbtrace_on(&self->t, &self->a,
				(const char *[]){ "-H", "DkSystemTimeQuery", NULL }));
	ASSERT_EQ(0, wl_run(&self->a));
	tr_stop(&self->t);
	TH_LOG("dbtrace -H output:\n%s", self->t.out);
	snprintf(head, sizeof(head), "DkSystemTimeQuery latency (ns), %d calls,",
		 N_TIME_OK + N_TIME_FAULT);
	EXPECT_EQ(0, strncmp(self->t.out, head, strlen(head)));
	/* Bucket lines: "[lo, hi)   count |@@@...|" */
	for (i = 1; !get_line(self->t.out, i, line, sizeof(line)); i++) {
		q = strpbrk(line, ")]");
		if (line[0] == '[' && q && sscanf(q + 1, " %llu", &n) == 1)
			sum += n;
	}
	EXPECT_EQ(N_TIME_OK + N_TIME_FAULT, sum);
}

/* bpftrace compiles its program with LLVM: slow under TCG. */
TEST_F_TIMEOUT(trace, bpftrace_one_liner_counts_match, 300)
{
	char prog[256], *argv[] = { "/usr/bin/bpftrace", "-e", prog, NULL };
	char line[64];

	if (access(argv[0], X_OK))
		SKIP(return, "bpftrace not installed");
	/*
	 * bpftrace types a tracepoint's arguments (pid_t, u32...) from the
	 * kernel's BTF; the debug kernel of `make check KERNEL=debug` has none
	 * (dbtrace itself needs no BTF: the other cases run there).
	 */
	if (access("/sys/kernel/btf/vmlinux", R_OK))
		SKIP(return, "the kernel has no BTF, which bpftrace needs here");
	/*
	 * Documentation/tracing.rst, "calls per call number", with -p, and a
	 * BEGIN probe: bpftrace runs it once every probe is attached.
	 */
	snprintf(prog, sizeof(prog),
		 "BEGIN { printf(\"ready\\n\"); } tracepoint:drawbridge:dk_call_exit /args->pid == %d/ { @calls[args->nr] = count(); }",
		 self->a.pid);
	ASSERT_EQ(0, tr_start(&self->t, argv, "ready\n", 1)) {
		tr_stop(&self->t);
		TH_LOG("bpftrace: %s%s", self->t.out, self->t.errbuf);
	}
	ASSERT_EQ(0, wl_run(&self->a));
	tr_stop(&self->t);
	TH_LOG("bpftrace output:\n%s", self->t.out);
	snprintf(line, sizeof(line), "@calls[%d]: %d\n", DK_CALL_SYSTEM_TIME_QUERY,
		 N_TIME_OK + N_TIME_FAULT);
	EXPECT_NE(NULL, strstr(self->t.out, line));
	snprintf(line, sizeof(line), "@calls[%d]: %d\n", DK_CALL_OBJECT_CLOSE, N_CLOSE_BAD);
	EXPECT_NE(NULL, strstr(self->t.out, line));
	snprintf(line, sizeof(line), "@calls[%d]: %d\n", BAD_NR, N_BAD_NR);
	EXPECT_NE(NULL, strstr(self->t.out, line));
	snprintf(line, sizeof(line), "@calls[%d]: %d\n", DK_CALL_RANDOM_BITS_READ,
		 N_RANDOM_INVAL + N_RANDOM_OK);
	EXPECT_NE(NULL, strstr(self->t.out, line));
	EXPECT_EQ(6, COUNT(self->t.out, "@calls["));
}

/* dbtrace -- CMD runs CMD, traces it, and exits with its status. */
TEST_F_TIMEOUT(trace, command_mode_exit_status, TRACE_TEST_TIMEOUT_S)
{
	char *argv[] = { DBTRACE, "-c", "--", "/bin/sh", "-c", "exit 7", NULL };

	ASSERT_EQ(0, tr_start(&self->t, argv, "dbtrace: ready", 0));
	ASSERT_EQ(0, wl_run(&self->a));	/* not traced: another process */
	self->t.pid = waitpid(self->t.pid, &self->t.status, 0) > 0 ? 0 : self->t.pid;
	tr_stop(&self->t);
	ASSERT_TRUE(WIFEXITED(self->t.status));
	EXPECT_EQ(7, WEXITSTATUS(self->t.status));
	expect_calls(_metadata, self->t.out, "total", 0);
}

/*
 * A real picoprocess under dbexec (selftests/pico/trace_seq.c): dbtrace --
 * follows dbexec's fork into the confined child.
 */
TEST_F_TIMEOUT(trace, picoprocess_under_dbexec, TRACE_TEST_TIMEOUT_S)
{
	char *sum[] = { DBTRACE, "-c", "--", DBT_DBEXEC, DBT_PICO("trace_seq"), NULL };
	char *live[] = { DBTRACE, "--", DBT_DBEXEC, DBT_PICO("trace_seq"), NULL };
	struct dbt_result *r = calloc(1, sizeof(*r));
	unsigned long long calls, errors;
	char errnos[256];

	ASSERT_NE(NULL, r);
	if (access(DBT_DBEXEC, X_OK) || access(DBT_PICO("trace_seq"), R_OK))
		SKIP(free(r); return, "dbexec or pico/trace_seq not built");
	ASSERT_EQ(0, dbt_run(sum, NULL, r));
	TH_LOG("dbtrace -c -- dbexec trace_seq:\n%s%s", r->out, r->err);
	EXPECT_EQ(0, dbt_exit_code(r));
	ASSERT_EQ(0, summary_row(r->out, "DkSystemTimeQuery", &calls, &errors,
				 errnos, sizeof(errnos)));
	EXPECT_EQ(6, calls);
	EXPECT_STREQ("EFAULT:1", errnos);
	ASSERT_EQ(0, summary_row(r->out, "DkObjectClose", &calls, &errors,
				 errnos, sizeof(errnos)));
	EXPECT_EQ(3, calls);
	EXPECT_STREQ("EBADF:3", errnos);
	ASSERT_EQ(0, summary_row(r->out, "(out-of-range)", &calls, &errors,
				 errnos, sizeof(errnos)));
	EXPECT_STREQ("EBADRQC:1", errnos);
	ASSERT_EQ(0, summary_row(r->out, "DkRandomBitsRead", &calls, &errors,
				 errnos, sizeof(errnos)));
	EXPECT_EQ(1, calls);
	EXPECT_EQ(0, errors);

	ASSERT_EQ(0, dbt_run(live, NULL, r));
	EXPECT_EQ(0, dbt_exit_code(r));
	EXPECT_EQ(1, COUNT(r->out, " DkStreamOpen(\"" PROBE_URI "\", READ, "));
	EXPECT_EQ(3, COUNT(r->out, " DkObjectClose(0x0) = -9 EBADF ("));
	free(r);
}

TEST(not_root_is_refused_clearly)
{
	char *argv[] = { DBTRACE, "-c", NULL };
	struct dbt_result *r = calloc(1, sizeof(*r));
	pid_t pid;
	int st;

	if (geteuid())
		SKIP(return, "needs root to switch to nobody");
	ASSERT_NE(NULL, r);
	/* Run as nobody: a helper child drops privileges, then execs. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(99);
		if (dbt_run(argv, NULL, r))
			_exit(96);
		if (strstr(r->err, "dbtrace: must be run as root"))
			_exit(WIFEXITED(r->status) ? WEXITSTATUS(r->status) : 98);
		_exit(97);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(1, WEXITSTATUS(st));
	free(r);
}

TEST(bad_usage_is_refused)
{
	char *argv[] = { DBTRACE, "-e", "NoSuchCall", NULL };
	struct dbt_result *r = calloc(1, sizeof(*r));

	ASSERT_NE(NULL, r);
	ASSERT_EQ(0, dbt_run(argv, NULL, r));
	EXPECT_EQ(2, dbt_exit_code(r));
	EXPECT_NE(NULL, strstr(r->err, "unknown call 'NoSuchCall'"));
	free(r);
}

/*
 * Unloads and reloads the module (skipped if it is in use).  A fixture of
 * its own, declared last, so that it runs after every other test.
 */
FIXTURE(unload) {
	int unused;
};

FIXTURE_SETUP(unload)
{
}

FIXTURE_TEARDOWN(unload)
{
}

TEST_F(unload, module_not_loaded_is_reported)
{
	char *argv[] = { DBTRACE, "-c", NULL };
	char *rm[] = { "/sbin/rmmod", "drawbridge", NULL };
	char *ins[] = { "/sbin/insmod", DBT_MODULE, NULL };
	struct dbt_result *r = calloc(1, sizeof(*r));

	if (geteuid())
		SKIP(free(r); return, "needs root");
	ASSERT_NE(NULL, r);
	ASSERT_EQ(0, dbt_run(rm, NULL, r));
	if (dbt_exit_code(r))
		SKIP(free(r); return, "drawbridge.ko busy, cannot unload");
	ASSERT_EQ(0, dbt_run(argv, NULL, r));
	EXPECT_EQ(1, dbt_exit_code(r));
	EXPECT_NE(NULL, strstr(r->err, "drawbridge module is not loaded"));
	ASSERT_EQ(0, dbt_run(ins, NULL, r));
	ASSERT_EQ(0, dbt_exit_code(r));
	free(r);
}

TEST_HARNESS_MAIN
