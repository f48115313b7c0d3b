// SPDX-License-Identifier: GPL-2.0
/*
 * proc_pico: parent and child roles for the process selftests.
 *
 *   talk                 create a child "echo", send "ping", expect "pong:ping"
 *   echo                 (child) read from the parent, answer "pong:" + data
 *   exit N               (child) DkProcessExit(N)
 *   codes                children exiting 0, 1, 255; print their codes
 *   tree N               N levels: each creates the next and relays its line
 *   loop N               create and reap N children one after the other
 *   bad                  the error of each bad image URI
 *   narrow               run proc_narrow (narrower manifest) and report
 *   roots                image URIs resolved through the manifest's fs
 *                        roots /apps (this directory) and /t (a temporary
 *                        directory with symlinks, see process_test.c)
 *   limit                create blocked children until refused
 *   block                (child) wait for one byte (or the end) from the parent
 *   midexit              a child creates a grandchild and exits at once
 *   hang N               create N blocked children and block
 *   closeeof K           open pipe.srv:eofpipe; K "close": start an
 *                        "eofcli" child and close its handle; K "exit":
 *                        start an "eofmid" child that starts an "eofcli"
 *                        grandchild and exits at once; print what the
 *                        (grand)child says over the pipe
 *   eofmid               (child) start an "eofcli" child, exit 5
 *   eofcli               (child) read the parent stream; tell
 *                        pipe:eofpipe "eof" at its end, else "data"
 *   hello                (child) print a greeting and exit 0
 *   bench N              N times: create a hello child and reap it; print
 *                        the mean time per child in ns
 *   threadexit N         (child) a second thread calls DkProcessExit(N)
 *                        while the first waits forever
 *   threadcode           run a threadexit child; print its code
 *   waitany              wait-any across process, thread and event handles
 *   poll                 DkStreamPoll on an "echo" child's process handle:
 *                        OUT only while it waits, IN with its reply, IN
 *                        once it ended
 *   pipes                open pipe.srv:procpipe, start a "pipecli" child,
 *                        wait-any on (process, pipe server), accept, read
 *   pipecli              (child) connect to pipe:procpipe and send "hi"
 *   pinsrv               open pipe.srv:pinpipe; run "pinflood" children
 *                        against it: accept what the first left, close
 *                        the server on what the second left
 *   pinflood             (child) connect to pipe:pinpipe, fill the pipe,
 *                        close, until refused; print why, exit with the
 *                        number of connections left
 *   hoard                keep the handles of "spew" children until
 *                        refused; print why and how many
 *   spew                 (child) fill the stream to the parent, exit 4
 *   fault                (child) a forbidden host system call (getpid)
 *   childfault           a child that makes one; print its code
 *   flood K N            write /t/img.manifest (K: "huge", one 4 MiB rule
 *                        line; "words", 60 rules of long words; "light",
 *                        one line), each ending in a bad line; then N
 *                        times start /t/img; print how many were EINVAL
 *   truncrace N CUT FULL a thread sets the length of /t/big to CUT and
 *                        FULL, again and again, while N children of /t/big
 *                        are started and reaped; print the attempts
 *   fifos                FIFOs as image (/t/fifo) and as sidecar manifest
 *                        (/t/img2.manifest): print both errors
 *
 * Output goes to stdout as "key=value" lines the tests check.
 */
#include <dk.h>
#include "pico_util.h"

#define SELF	"file:proc_pico"

static long out = -1;

static long num(const char *s)
{
	long v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return v;
}

static void say(const char *k, long v)
{
	pico_say(out, k, v);
}

static long spawn(const char *a0, const char *a1)
{
	const char *args[3] = { a0, a1, 0 };

	return DkProcessCreate(SELF, args, 0, 0);
}

static long read_line(long h, char *buf, long size)
{
	long got = 0, n;

	while (got < size - 1) {
		n = DkStreamRead(h, DK_OFFSET_NONE, 1, buf + got);
		if (n <= 0)
			break;
		if (buf[got++] == '\n')
			break;
	}
	buf[got] = '\0';
	return got;
}

static int role_echo(void)
{
	long p = dk_parent_handle();
	char buf[64];
	long n = DkStreamRead(p, DK_OFFSET_NONE, sizeof(buf), buf);

	if (n <= 0)
		return 2;
	dk_write_str(p, "pong:");
	if (DkStreamWrite(p, DK_OFFSET_NONE, n, buf) != n)
		return 3;
	return 7;
}

static int role_talk(void)
{
	long h = spawn("echo", 0);
	char buf[64];
	long n;

	say("create", h < 0 ? h : 0);
	if (h < 0)
		return 1;
	if (DkStreamWrite(h, DK_OFFSET_NONE, 4, "ping") != 4)
		return 1;
	n = read_line(h, buf, sizeof(buf));
	dk_write_str(out, "reply=");
	dk_write_str(out, n > 0 ? buf : "(none)");
	dk_write_str(out, "\n");
	say("code", pico_reap(h));
	return 0;
}

static int role_codes(void)
{
	static const char *const codes[] = { "0", "1", "255", "42" };
	unsigned int i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		long h = spawn("exit", codes[i]);

		say("code", h < 0 ? h : pico_reap(h));
	}
	return 0;
}

static int role_tree(long n)
{
	long p = dk_parent_handle(), h, to = p >= 0 ? p : out;
	char buf[128], lvl[24];

	dk_format_i64(lvl, sizeof(lvl), n);
	if (n <= 1) {
		dk_write_str(to, "leaf\n");
		return 11;
	}
	h = spawn("tree", n == 3 ? "2" : "1");
	if (h < 0) {
		say("create", h);
		return 1;
	}
	read_line(h, buf, sizeof(buf));
	dk_write_str(to, "L");
	dk_write_str(to, lvl);
	dk_write_str(to, "<");
	dk_write_str(to, buf);
	if (p < 0) {
		say("code2", pico_reap(h));	/* the middle's */
		return 0;
	}
	return pico_reap(h) == 11 ? 12 : 1;
}

static int role_loop(long n)
{
	long i, ok = 0, h;

	for (i = 0; i < n; i++) {
		h = spawn("exit", "3");
		if (h < 0) {
			say("create", h);
			break;
		}
		ok += pico_reap(h) == 3;
	}
	say("reaped", ok);
	return 0;
}

static int role_bad(void)
{
	const char *none[1] = { 0 };

	say("bad_image", DkProcessCreate("file:proc_pico.c", none, 0, 0));
	say("outside", DkProcessCreate("file:/bin/true", none, 0, 0));
	say("missing", DkProcessCreate("file:no_such_image", none, 0, 0));
	say("scheme", DkProcessCreate("http://example.com/x", none, 0, 0));
	say("empty", DkProcessCreate("file:", none, 0, 0));
	say("fault", DkProcessCreate((const char *)8, none, 0, 0));
	say("fault_args", DkProcessCreate(SELF, (const char *const *)8, 0, 0));
	return 0;
}

static int role_narrow(void)
{
	const char *none[1] = { 0 };
	long h = DkProcessCreate("file:proc_narrow", none, 0, 0);
	void *addr = 0;

	say("create", h < 0 ? h : 0);
	if (h >= 0)
		say("narrow_code", pico_reap(h));
	/* The parent itself may take what the child may not. */
	say("parent_alloc", DkVirtualMemoryAlloc(&addr, 8 << 20, DK_MEM_RESERVE,
						 DK_PROT_NONE));
	return 0;
}

static long create_code(const char *uri, const char *a0, const char *a1)
{
	const char *args[3] = { a0, a1, 0 };
	long h = DkProcessCreate(uri, args, 0, 0);

	return h < 0 ? h : pico_reap(h);
}

static int role_roots(void)
{
	const char *none[1] = { 0 };

	say("narrow_code", create_code("file:/apps/proc_narrow", 0, 0));
	say("self_code", create_code("file:/apps/proc_pico", "exit", "4"));
	say("link_in_code", create_code("file:/t/in", "exit", "5"));
	/* Resolved by spelling first, as the module does: "/t/in". */
	say("spelled_code", create_code("file://t/./x/../in", "exit", "6"));
	say("dotdot", DkProcessCreate("file:/apps/../../../../bin/true", none, 0, 0));
	say("outside", DkProcessCreate("file:/bin/true", none, 0, 0));
	say("link_abs", DkProcessCreate("file:/t/abs", none, 0, 0));
	say("link_up", DkProcessCreate("file:/t/up", none, 0, 0));
	say("missing", DkProcessCreate("file:/apps/no_such_image", none, 0, 0));
	say("not_image", DkProcessCreate("file:/apps/proc_pico.c", none, 0, 0));
	say("relative", DkProcessCreate("file:proc_pico", none, 0, 0));
	return 0;
}

static int role_block(void)
{
	char buf[16];

	DkStreamRead(dk_parent_handle(), DK_OFFSET_NONE, sizeof(buf), buf);
	return 5;
}

static int role_limit(void)
{
	long hs[DK_TREE_MAX_PROCESSES + 1], n = 0, err = 0, i, ok = 0;

	while (n < DK_TREE_MAX_PROCESSES + 1) {
		long h = spawn("block", 0);

		if (h < 0) {
			err = h;
			break;
		}
		hs[n++] = h;
	}
	say("children", n);
	say("refused", err);
	for (i = 0; i < n; i++) {
		DkStreamWrite(hs[i], DK_OFFSET_NONE, 1, "x");
		ok += pico_reap(hs[i]) == 5;
	}
	say("reaped", ok);
	/* Room again once they are gone. */
	i = spawn("exit", "0");
	say("again", i < 0 ? i : pico_reap(i));
	return 0;
}

/*
 * With the handle table full DkProcessCreate fails with EMFILE and starts
 * nothing: a child would connect to the pipe server here.  With one
 * handle free again it works.
 */
static int role_fullhandles(void)
{
	long srv = DkStreamOpen("pipe.srv:fullprobe", DK_ACCESS_RDWR, 0, 0, 0);
	long h, last = -1;
	int32_t hs[1];

	if (srv < 0)
		return 1;
	while ((h = DkSemaphoreCreate(0, 1)) >= 0)
		last = h;
	say("fill", h);
	say("create", spawn("pipeprobe", 0));
	hs[0] = (int32_t)srv;
	say("client", DkObjectsWaitAny(1, hs, 300 * 1000 * 1000));
	if (last < 0 || DkObjectClose(last))
		return 2;
	h = spawn("pipeprobe", 0);
	say("create2", h < 0 ? h : 0);
	say("client2", DkObjectsWaitAny(1, hs, DK_TIMEOUT_INFINITE));
	say("code", h < 0 ? h : pico_reap(h));
	return 0;
}

static int role_midexit(void)
{
	long p = dk_parent_handle(), h;

	if (p >= 0) {	/* the middle: start a grandchild, leave at once */
		h = spawn("block", 0);
		return h < 0 ? 1 : 9;
	}
	h = spawn("midexit", 0);
	say("mid_code", h < 0 ? h : pico_reap(h));
	return 0;
}

/* The parent stream ends when the parent's handle goes (closed, or the
 * parent ended): each checked through a client of pipe.srv:eofpipe. */
static int role_closeeof(const char *kind)
{
	long srv = DkStreamOpen("pipe.srv:eofpipe", DK_ACCESS_RDWR, 0, 0, 0);
	int by_exit = pico_streq(kind, "exit");
	long h, c, n;
	int32_t hs[1];
	char buf[16];

	if (srv < 0)
		return 1;
	h = spawn(by_exit ? "eofmid" : "eofcli", 0);
	if (h < 0)
		return 1;
	if (by_exit)
		say("mid_code", pico_reap(h));
	else
		say("close", DkObjectClose(h));
	hs[0] = (int32_t)srv;
	say("client", DkObjectsWaitAny(1, hs, 20LL * 1000 * 1000 * 1000));
	c = DkStreamWaitForClient(srv);
	n = c < 0 ? 0 : read_line(c, buf, sizeof(buf));
	buf[n] = '\0';
	dk_write_str(out, "got=");
	dk_write_str(out, buf);
	return 0;
}

static int role_eofcli(void)
{
	long p = dk_parent_handle(), c;
	char b;
	long n = DkStreamRead(p, DK_OFFSET_NONE, 1, &b);

	c = DkStreamOpen("pipe:eofpipe", DK_ACCESS_RDWR, 0, 0, 0);
	if (c < 0)
		return 20;
	dk_write_str(c, n == 0 ? "eof\n" : "data\n");
	return 0;
}

static int role_hang(long n)
{
	long i;
	char c;

	for (i = 0; i < n; i++)
		if (spawn("block", 0) < 0)
			return 1;
	dk_write_str(out, "hanging\n");
	/* Block on our own stdin until the test kills the monitor. */
	DkStreamRead(dk_std_handle(0), DK_OFFSET_NONE, 1, &c);
	return 0;
}

static int role_fault(void)
{
	long ret = 39;	/* x86-64 getpid */

	__asm__ volatile ("syscall" : "+a" (ret) : : "rcx", "r11", "memory");
	return 0;
}

static int role_bench(long n)
{
	uint64_t t0, t1;
	long i;

	DkSystemTimeQuery(&t0);
	for (i = 0; i < n; i++) {
		long h = spawn("hello", 0);

		if (h < 0 || pico_reap(h) != 0) {
			say("bench_error", h < 0 ? h : 1);
			return 1;
		}
	}
	DkSystemTimeQuery(&t1);
	say("ns_per_create", (long)((t1 - t0) / (uint64_t)n));
	return 0;
}

static long exit_with;

static void exiter(void *arg)
{
	(void)arg;
	DkProcessExit((int)exit_with);
}

static int role_threadexit(long code)
{
	long ev = DkNotificationEventCreate(0);
	int32_t hs[1] = { (int32_t)ev };

	exit_with = code;
	if (ev < 0 || DkThreadCreate(exiter, 0, 0, 0) < 0)
		return 1;
	DkObjectsWaitAny(1, hs, DK_TIMEOUT_INFINITE);
	return 2;	/* not reached: the other thread ends the process */
}

static void napper(void *arg)
{
	(void)arg;
	DkThreadDelayExecution(100000000);	/* 100 ms */
}

static int role_waitany(void)
{
	long h = spawn("block", 0), ev = DkNotificationEventCreate(0), t;
	int32_t hs[3];

	if (h < 0 || ev < 0)
		return 1;
	hs[0] = (int32_t)h;
	hs[1] = (int32_t)ev;
	say("poll", DkObjectsWaitAny(2, hs, 0));	/* child blocked: ETIMEDOUT */
	t = DkThreadCreate(napper, 0, 0, 0);
	if (t < 0)
		return 1;
	hs[2] = (int32_t)t;
	say("first", DkObjectsWaitAny(3, hs, DK_TIMEOUT_INFINITE));	/* 2 */
	/* Release the child: the process handle becomes signaled. */
	DkStreamWrite(h, DK_OFFSET_NONE, 1, "x");
	say("second", DkObjectsWaitAny(2, hs, DK_TIMEOUT_INFINITE));	/* 0 */
	/* Exit is lasting: still signaled. */
	say("again", DkObjectsWaitAny(2, hs, 0));			/* 0 */
	say("code", DkProcessExitCode(h));
	return 0;
}

/* The revents of one DkStreamPoll item, or the call's error. */
static long poll1(long h, uint32_t events, long long timeout)
{
	struct dk_poll_item it = { .handle = (uint64_t)h, .events = events };
	long ret = DkStreamPoll(1, &it, timeout);

	return ret < 0 ? ret : (long)it.revents;
}

static int role_poll(void)
{
	long h = spawn("echo", 0);
	int32_t hs[1] = { (int32_t)h };

	if (h < 0)
		return 1;
	/* The child waits for us: writable, nothing to read, not ended. */
	say("idle", poll1(h, DK_POLL_IN | DK_POLL_OUT, 0));
	if (DkStreamWrite(h, DK_OFFSET_NONE, 4, "ping") != 4)
		return 1;
	say("reply", poll1(h, DK_POLL_IN, DK_TIMEOUT_INFINITE) & DK_POLL_IN);
	if (DkObjectsWaitAny(1, hs, DK_TIMEOUT_INFINITE) != 0)
		return 1;
	say("ended", poll1(h, DK_POLL_IN, 0) & DK_POLL_IN);
	say("code", pico_reap(h));
	return 0;
}

static int role_pipes(void)
{
	long srv = DkStreamOpen("pipe.srv:procpipe", DK_ACCESS_RDWR, 0, 0, 0);
	long h, c, n;
	int32_t hs[2];
	char buf[8];

	say("srv", srv < 0 ? srv : 0);
	if (srv < 0)
		return 1;
	h = spawn("pipecli", 0);
	if (h < 0)
		return 1;
	/* The server first: it is ready before the client can end. */
	hs[0] = (int32_t)srv;
	hs[1] = (int32_t)h;
	say("ready", DkObjectsWaitAny(2, hs, DK_TIMEOUT_INFINITE));
	c = DkStreamWaitForClient(srv);
	n = c < 0 ? c : DkStreamRead(c, DK_OFFSET_NONE, sizeof(buf) - 1, buf);
	buf[n > 0 ? n : 0] = '\0';
	dk_write_str(out, "got=");
	dk_write_str(out, buf);
	dk_write_str(out, "\n");
	say("code", pico_reap(h));
	return 0;
}

static int role_pinflood(void)
{
	static char chunk[16 << 10];
	long c = 0, n;

	for (n = 0; n < 200; n++) {
		c = DkStreamOpen("pipe:pinpipe", DK_ACCESS_RDWR, 0, 0,
				 DK_OPTION_NONBLOCK);
		if (c < 0)
			break;
		while (DkStreamWrite(c, DK_OFFSET_NONE, sizeof(chunk), chunk) > 0)
			;
		DkObjectClose(c);
	}
	say("flood", c < 0 ? c : 0);
	return (int)n;
}

/*
 * The connections a child left unaccepted are charged to the child, and
 * outlive it: accepting them all works, and so does closing the server on
 * them.  Prints the rounds of each flood and the bytes of each accepted
 * connection summed.
 */
static int role_pinsrv(void)
{
	long srv = DkStreamOpen("pipe.srv:pinpipe", DK_ACCESS_RDWR, 0, 0, 0);
	long rounds, i, c, r, total = 0;
	static char buf[16 << 10];
	int32_t hs[1];

	say("srv", srv < 0 ? srv : 0);
	if (srv < 0)
		return 1;
	rounds = pico_reap(spawn("pinflood", 0));
	say("rounds", rounds);
	for (i = 0; i < rounds; i++) {
		c = DkStreamWaitForClient(srv);
		if (c < 0)
			break;
		while ((r = DkStreamRead(c, DK_OFFSET_NONE, sizeof(buf), buf)) > 0)
			total += r;
		DkObjectClose(c);
	}
	say("accepted", i);
	say("bytes_per_round", i ? total / i : 0);
	hs[0] = (int32_t)srv;
	say("left", DkObjectsWaitAny(1, hs, 0));
	say("rounds2", pico_reap(spawn("pinflood", 0)));
	say("closed", DkObjectClose(srv));
	return 0;
}

static int role_spew(void)
{
	static char chunk[16 << 10];
	struct dk_stream_attr_set a = {
		.mask = DK_ATTR_SET_NONBLOCK, .flags = DK_ATTR_NONBLOCK,
	};
	long p = dk_parent_handle(), n = 0;

	if (p < 0 || DkStreamAttributesSetByHandle(p, &a) < 0)
		return 1;
	while (DkStreamWrite(p, DK_OFFSET_NONE, sizeof(chunk), chunk) > 0)
		n++;
	return n ? 4 : 2;
}

/*
 * What a child wrote to its parent stays queued on the parent's end of
 * the stream after the child ended, for as long as the parent keeps the
 * process handle: keeping many must run into the kernel memory quota.
 */
static int role_hoard(void)
{
	long hs[48], n, h = 0;
	int32_t w[1];

	for (n = 0; n < 48; n++) {
		h = spawn("spew", 0);
		if (h < 0)
			break;
		hs[n] = h;
		w[0] = (int32_t)h;
		if (DkObjectsWaitAny(1, w, DK_TIMEOUT_INFINITE) != 0 ||
		    DkProcessExitCode(h) != 4)
			return 1;
	}
	say("hoard", h < 0 ? h : 0);
	say("kept", n);
	while (n--)
		DkObjectClose(hs[n]);
	/* The charges came back with the handles. */
	h = spawn("exit", "0");
	say("again", h < 0 ? h : pico_reap(h));
	return 0;
}

static int role_pipecli(void)
{
	long c = DkStreamOpen("pipe:procpipe", DK_ACCESS_RDWR, 0, 0, 0);

	if (c < 0)
		return 20;
	return DkStreamWrite(c, DK_OFFSET_NONE, 2, "hi") == 2 ? 6 : 21;
}

/* ---- the monitor's inputs (process_test.c, fixture rw) -------------- */

static char chunk[65536];
static uint64_t wpos;

static long put(long h, const char *buf, uint64_t n)
{
	long r = DkStreamWrite(h, wpos, n, buf);

	if (r > 0)
		wpos += (uint64_t)r;
	return r == (long)n ? 0 : -1;
}

/* @n bytes of character @c. */
static long put_run(long h, char c, uint64_t n)
{
	uint64_t i, k;

	for (i = 0; i < sizeof(chunk); i++)
		chunk[i] = c;
	for (; n; n -= k) {
		k = n < sizeof(chunk) ? n : sizeof(chunk);
		if (put(h, chunk, k))
			return -1;
	}
	return 0;
}

static long write_sidecar(const char *kind)
{
	long h = DkStreamOpen("file:/t/img.manifest", DK_ACCESS_WRITE, 0,
			      DK_CREATE_TRY | DK_CREATE_TRUNCATE, 0);
	long r = 0;
	int i;

	if (h < 0)
		return h;
	wpos = 0;
	if (pico_streq(kind, "huge")) {
		/* A well-formed rule whose prefix is 4 MiB long. */
		r |= put(h, "fs /", 4);
		r |= put_run(h, 'a', 4 << 20);
		r |= put(h, " /x ro\n", 7);
	} else if (pico_streq(kind, "words")) {
		/* 60 well-formed rules of two ~480-byte words each. */
		for (i = 0; i < 60 && !r; i++) {
			r |= put(h, "fs /", 4);
			r |= put_run(h, 'a', 480);
			r |= put(h, " /", 2);
			r |= put_run(h, 'b', 480);
			r |= put(h, " ro\n", 4);
		}
	}
	r |= put(h, "bogus\n", 6);
	DkObjectClose(h);
	return r;
}

static int role_flood(const char *kind, long n)
{
	const char *args[3] = { "exit", "0", 0 };
	long i, refused = 0, h, other = 0;

	if (write_sidecar(kind))
		return 1;
	for (i = 0; i < n; i++) {
		h = DkProcessCreate("file:/t/img", args, 0, 0);
		if (h == -EINVAL)
			refused++;
		else if (!other)
			other = h < 0 ? h : pico_reap(h) + 1000;
	}
	say("refused", refused);
	if (other)
		say("other", other);
	return 0;
}

static long race_file, race_cut, race_full;
static volatile int race_stop;

/*
 * Mostly whole (so the loader's size check passes), cut for an instant
 * every millisecond (so its later reads or page faults meet the cut).
 */
static void truncator(void *arg)
{
	(void)arg;
	while (!race_stop) {
		DkStreamSetLength(race_file, (uint64_t)race_cut);
		DkStreamSetLength(race_file, (uint64_t)race_full);
		DkThreadDelayExecution(1000000);
	}
}

static int role_truncrace(long n, long cut, long full)
{
	const char *none[1] = { 0 };
	int32_t hs[1];
	long i, t, h;

	race_file = DkStreamOpen("file:/t/big", DK_ACCESS_RDWR, 0, 0, 0);
	race_cut = cut;
	race_full = full;
	if (race_file < 0 || cut <= 0 || full <= cut)
		return 1;
	t = DkThreadCreate(truncator, 0, 0, 0);
	if (t < 0)
		return 1;
	for (i = 0; i < n; i++) {
		/* Loaded (whatever it read) or refused: either is fine. */
		h = DkProcessCreate("file:/t/big", none, 0, 0);
		if (h >= 0)
			pico_reap(h);
	}
	race_stop = 1;
	hs[0] = (int32_t)t;
	DkObjectsWaitAny(1, hs, DK_TIMEOUT_INFINITE);
	say("attempts", i);
	return 0;
}

static int role_fifos(void)
{
	const char *none[1] = { 0 };

	say("fifo_image", DkProcessCreate("file:/t/fifo", none, 0, 0));
	say("fifo_sidecar", create_code("file:/t/img2", "exit", "4"));
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	long arg = argc > 2 ? num(argv[2]) : 0;

	out = dk_std_handle(1);
	if (pico_streq(mode, "echo"))
		return role_echo();
	if (pico_streq(mode, "exit"))
		DkProcessExit((int)arg);
	if (pico_streq(mode, "talk"))
		return role_talk();
	if (pico_streq(mode, "codes"))
		return role_codes();
	if (pico_streq(mode, "tree"))
		return role_tree(arg);
	if (pico_streq(mode, "loop"))
		return role_loop(arg);
	if (pico_streq(mode, "bad"))
		return role_bad();
	if (pico_streq(mode, "narrow"))
		return role_narrow();
	if (pico_streq(mode, "roots"))
		return role_roots();
	if (pico_streq(mode, "block"))
		return role_block();
	if (pico_streq(mode, "limit"))
		return role_limit();
	if (pico_streq(mode, "midexit"))
		return role_midexit();
	if (pico_streq(mode, "fullhandles"))
		return role_fullhandles();
	if (pico_streq(mode, "pipeprobe"))
		return DkStreamOpen("pipe:fullprobe", DK_ACCESS_RDWR, 0, 0, 0) < 0 ? 20 : 3;
	if (pico_streq(mode, "hello")) {
		dk_write_str(out, "Hello from a child picoprocess!\n");
		return 0;
	}
	if (pico_streq(mode, "bench"))
		return role_bench(arg);
	if (pico_streq(mode, "fault"))
		return role_fault();
	if (pico_streq(mode, "threadexit"))
		return role_threadexit(arg);
	if (pico_streq(mode, "threadcode")) {
		const char *args[3] = { "threadexit", "77", 0 };
		long h = DkProcessCreate(SELF, args, 0, 0);

		say("thread_code", h < 0 ? h : pico_reap(h));
		return 0;
	}
	if (pico_streq(mode, "pipes"))
		return role_pipes();
	if (pico_streq(mode, "hoard"))
		return role_hoard();
	if (pico_streq(mode, "spew"))
		return role_spew();
	if (pico_streq(mode, "pinsrv"))
		return role_pinsrv();
	if (pico_streq(mode, "pinflood"))
		return role_pinflood();
	if (pico_streq(mode, "pipecli"))
		return role_pipecli();
	if (pico_streq(mode, "waitany"))
		return role_waitany();
	if (pico_streq(mode, "poll"))
		return role_poll();
	if (pico_streq(mode, "childfault")) {
		long h = spawn("fault", 0);

		say("fault_code", h < 0 ? h : pico_reap(h));
		return 0;
	}
	if (pico_streq(mode, "hang"))
		return role_hang(arg);
	if (pico_streq(mode, "closeeof"))
		return role_closeeof(argc > 2 ? argv[2] : "");
	if (pico_streq(mode, "eofmid"))
		return spawn("eofcli", 0) < 0 ? 1 : 5;
	if (pico_streq(mode, "eofcli"))
		return role_eofcli();
	if (pico_streq(mode, "flood") && argc > 3)
		return role_flood(argv[2], num(argv[3]));
	if (pico_streq(mode, "truncrace") && argc > 4)
		return role_truncrace(arg, num(argv[3]), num(argv[4]));
	if (pico_streq(mode, "fifos"))
		return role_fifos();
	return 100;
}
