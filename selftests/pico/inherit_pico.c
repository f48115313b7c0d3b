// SPDX-License-Identifier: GPL-2.0
/*
 * inherit_pico: handle inheritance through DkProcessCreate, and
 * DkStreamSeek, for inherit_test.c.  Run under a manifest with
 * "fs /apps <this directory> ro" and "fs /data <a temporary directory> rw";
 * children are /apps/inherit_pico (and /apps/inherit_small, whose sidecar
 * manifest lowers the handle limit).
 *
 *   file        a file stream shared with a child: the offset moves both ways
 *   filechild   (child) read 3 bytes and write "AB" at the shared offset
 *   pipe        a pipe writer shared with a child: EOF only once both closed
 *   pipechild   (child) write "c", wait for the parent's word, close, exit
 *   sem         a semaphore shared with a child: the child's release counts
 *   semchild    (child) release the inherited semaphore 3 times
 *   kinds       a directory, pipe/tcp/udp servers, the standard output and
 *               a synchronization event given to a child
 *   kindschild  (child) check their types, accept a queued pipe client
 *   errors      the errors of inherit lists and DkProcessGetInherited
 *   getinh      (child) DkProcessGetInherited's answers; exit with the count
 *   seek        DkStreamSeek's answers on files, directories and pipes
 *
 * Output goes to stdout as "key=value" lines the tests check.
 */
#include <dk.h>
#include "pico_util.h"

#define SELF	"file:/apps/inherit_pico"
#define SMALL	"file:/apps/inherit_small"

static long out = -1;

static void say(const char *k, long v)
{
	pico_say(out, k, v);
}

static void say_str(const char *k, const char *v)
{
	dk_write_str(out, k);
	dk_write_str(out, "=");
	dk_write_str(out, v);
	dk_write_str(out, "\n");
}

/* Start SELF @role giving it the @n handles at @hs. */
static long spawn(const char *uri, const char *role, const long *hs,
		  unsigned int n)
{
	const char *args[2] = { role, 0 };

	return DkProcessCreate(uri, args, hs, n);
}

/* The one inherited handle, or the error. */
static long inherited_one(void)
{
	long hs[1];
	long n = DkProcessGetInherited(hs, 1);

	return n == 1 ? hs[0] : n < 0 ? n : -EBADF;
}

/* Read exactly @n (< 16) bytes at the stream's own offset, as a string. */
static void read_str(long h, char *buf, long n)
{
	long got = DkStreamRead(h, DK_OFFSET_NONE, n, buf);

	buf[got > 0 ? got : 0] = '\0';
}

static int role_file(void)
{
	long f = DkStreamOpen("file:/data/f", DK_ACCESS_RDWR, 0,
			      DK_CREATE_TRY | DK_CREATE_TRUNCATE, 0);
	char buf[16];
	long h;

	if (f < 0) {
		say("open", f);
		return 1;
	}
	if (DkStreamWrite(f, DK_OFFSET_NONE, 10, "0123456789") != 10)
		return 2;
	say("rewind", DkStreamSeek(f, 0, DK_SEEK_SET));
	read_str(f, buf, 1);
	say_str("parent_read", buf);
	h = spawn(SELF, "filechild", &f, 1);
	say("create", h < 0 ? h : 0);
	if (h < 0)
		return 3;
	say("child", pico_reap(h));
	/* The child read 3 and wrote 2 at the shared offset: 1 + 5. */
	say("pos", DkStreamSeek(f, 0, DK_SEEK_CUR));
	read_str(f, buf, 2);
	say_str("after", buf);
	DkStreamRead(f, 0, 10, buf);
	buf[10] = '\0';
	say_str("content", buf);
	return 0;
}

static int role_filechild(void)
{
	long f = inherited_one();
	char buf[16];

	if (f < 0)
		return 20;
	/* The parent read one byte: this starts at 1. */
	if (DkStreamSeek(f, 0, DK_SEEK_CUR) != 1)
		return 21;
	read_str(f, buf, 3);
	if (!pico_streq(buf, "123"))
		return 22;
	if (DkStreamWrite(f, DK_OFFSET_NONE, 2, "AB") != 2)
		return 23;
	return 5;
}

static int role_pipe(void)
{
	long srv = DkStreamOpen("pipe.srv:inhpipe", DK_ACCESS_RDWR, 0, 0, 0);
	long w, r, h, n;
	struct dk_stream_attr_set nb = {
		.mask = DK_ATTR_SET_NONBLOCK, .flags = DK_ATTR_NONBLOCK,
	};
	char buf[8];

	if (srv < 0)
		return 1;
	w = DkStreamOpen("pipe:inhpipe", DK_ACCESS_RDWR, 0, 0, 0);
	r = w < 0 ? w : DkStreamWaitForClient(srv);
	if (r < 0)
		return 2;
	DkObjectClose(srv);
	h = spawn(SELF, "pipechild", &w, 1);
	say("create", h < 0 ? h : 0);
	if (h < 0)
		return 3;
	/* The parent's writer goes; the child's keeps the pipe open. */
	DkObjectClose(w);
	read_str(r, buf, 1);
	say_str("got", buf);
	if (DkStreamAttributesSetByHandle(r, &nb) < 0)
		return 4;
	/* The child waits for our word: its writer is open, no EOF. */
	say("before", DkStreamRead(r, DK_OFFSET_NONE, sizeof(buf), buf));
	nb.flags = 0;
	if (DkStreamAttributesSetByHandle(r, &nb) < 0)
		return 5;
	if (DkStreamWrite(h, DK_OFFSET_NONE, 1, "g") != 1)
		return 6;
	n = DkStreamRead(r, DK_OFFSET_NONE, sizeof(buf), buf);
	say("after", n);
	say("child", pico_reap(h));
	return 0;
}

static int role_pipechild(void)
{
	long w = inherited_one();
	char c;

	if (w < 0)
		return 20;
	if (DkStreamWrite(w, DK_OFFSET_NONE, 1, "c") != 1)
		return 21;
	if (DkStreamRead(dk_parent_handle(), DK_OFFSET_NONE, 1, &c) != 1)
		return 22;
	DkObjectClose(w);
	return 6;
}

static int role_sem(void)
{
	long s = DkSemaphoreCreate(0, 10), ev = DkNotificationEventCreate(0);
	long hs[2] = { s, ev };
	long h;

	if (s < 0 || ev < 0)
		return 1;
	h = spawn(SELF, "semchild", hs, 2);
	say("create", h < 0 ? h : 0);
	if (h < 0)
		return 2;
	say("child", pico_reap(h));
	say("peek", DkSemaphorePeek(s));
	say("event", DkEventPeek(ev));
	return 0;
}

static int role_semchild(void)
{
	long hs[2];

	if (DkProcessGetInherited(hs, 2) != 2)
		return 20;
	if (DkSemaphoreRelease(hs[0], 3) < 0)
		return 21;
	if (DkEventSet(hs[1]) < 0)
		return 22;
	return 7;
}

/*
 * Streams of every kind and an event: the child checks their types,
 * accepts the connection the parent queued on the pipe server, writes to
 * the inherited standard output and sets the event.  Only the child
 * prints until it has ended, so the lines come in one order.
 */
static int role_kinds(void)
{
	long hs[6], c, h;

	hs[0] = DkStreamOpen("file:/data", DK_ACCESS_READ, 0, 0, 0);
	hs[1] = DkStreamOpen("pipe.srv:kindpipe", DK_ACCESS_RDWR, 0, 0, 0);
	hs[2] = DkStreamOpen("tcp.srv:127.0.0.1:0", DK_ACCESS_RDWR, 0, 0, 0);
	hs[3] = DkStreamOpen("udp.srv:127.0.0.1:0", DK_ACCESS_RDWR, 0, 0, 0);
	hs[4] = out;
	hs[5] = DkSynchronizationEventCreate(0);
	for (c = 0; c < 6; c++)
		if (hs[c] < 0) {
			say("open", hs[c]);
			return 1;
		}
	c = DkStreamOpen("pipe:kindpipe", DK_ACCESS_RDWR, 0, 0, 0);
	if (c < 0 || DkStreamWrite(c, DK_OFFSET_NONE, 1, "k") != 1)
		return 2;
	h = spawn(SELF, "kindschild", hs, 6);
	if (h < 0) {
		say("create", h);
		return 3;
	}
	say("child", pico_reap(h));
	say("event", DkEventPeek(hs[5]));
	return 0;
}

static int role_kindschild(void)
{
	struct dk_stream_attr a;
	long hs[6], i, s;
	char buf[4];

	if (DkProcessGetInherited(hs, 6) != 6)
		return 20;
	dk_write_str(hs[4], "types=");
	for (i = 0; i < 5; i++) {
		if (DkStreamAttributesQueryByHandle(hs[i], &a) < 0)
			return 21;
		dk_format_i64(buf, sizeof(buf), a.type);
		dk_write_str(hs[4], buf);
		dk_write_str(hs[4], i < 4 ? "," : "\n");
	}
	s = DkStreamWaitForClient(hs[1]);
	read_str(s, buf, 1);
	dk_write_str(hs[4], "accepted=");
	dk_write_str(hs[4], buf);
	dk_write_str(hs[4], "\n");
	if (DkEventSet(hs[5]) < 0)
		return 22;
	return 8;
}

static void sleeper(void *arg)
{
	(void)arg;
	DkThreadDelayExecution(DK_TIMEOUT_INFINITE);
}

static long big[DK_PROCESS_INHERIT_MAX + 1];

static int role_errors(void)
{
	long s = DkSemaphoreCreate(0, 1), closed = DkSemaphoreCreate(0, 1);
	long t = DkThreadCreate(sleeper, 0, 0, 0);
	long hs[3], p;
	unsigned int i;

	if (s < 0 || closed < 0 || t < 0)
		return 1;
	DkObjectClose(closed);
	hs[0] = s;
	hs[1] = closed;
	say("closed", spawn(SELF, "getinh", hs, 2));
	hs[1] = s + (1L << DK_HANDLE_SLOT_BITS);	/* another context's tag */
	say("foreign", spawn(SELF, "getinh", hs, 2));
	hs[1] = t;
	say("thread", spawn(SELF, "getinh", hs, 2));
	for (i = 0; i < DK_PROCESS_INHERIT_MAX + 1; i++)
		big[i] = s;
	say("too_many", spawn(SELF, "getinh", big, DK_PROCESS_INHERIT_MAX + 1));
	say("null", spawn(SELF, "getinh", 0, 1));
	say("fault", spawn(SELF, "getinh", (const long *)8, 1));
	/* The largest list is fine (all the same semaphore). */
	p = spawn(SELF, "getinh", big, DK_PROCESS_INHERIT_MAX);
	say("max", p < 0 ? p : pico_reap(p));
	/* A process handle cannot be given either. */
	p = spawn(SELF, "getinh", hs, 0);
	say("none", p < 0 ? p : 0);
	hs[1] = p;
	say("process", spawn(SELF, "getinh", hs, 2));
	if (p >= 0)
		say("none_code", pico_reap(p));
	/* The child's limit (inherit_small.manifest): 2 fit, 3 do not. */
	hs[1] = s;
	hs[2] = s;
	p = spawn(SMALL, "getinh", hs, 2);
	say("small2", p < 0 ? p : pico_reap(p));
	say("small3", spawn(SMALL, "getinh", hs, 3));
	/* The top picoprocess inherited nothing. */
	say("top", DkProcessGetInherited(hs, 3));
	say("top_null", DkProcessGetInherited(0, 0));
	return 0;
}

/* Exit with the inherited count; print the error cases' answers. */
static int role_getinh(void)
{
	static long hs[DK_PROCESS_INHERIT_MAX];
	long n = DkProcessGetInherited(0, 0);

	if (n <= 0)
		return n == 0 ? 0 : 250;
	if (DkProcessGetInherited(hs, (unsigned int)n - 1) != -EINVAL)
		return 251;
	if (DkProcessGetInherited(0, (unsigned int)n) != -EFAULT)
		return 252;
	if (DkProcessGetInherited(hs, (unsigned int)n + 1) != n)
		return 253;
	/* Each is open and names the same semaphore. */
	if (DkSemaphorePeek(hs[0]) < 0 || DkSemaphorePeek(hs[n - 1]) < 0)
		return 254;
	return n > 249 ? 249 : n;
}

static int role_seek(void)
{
	long f = DkStreamOpen("file:/data/s", DK_ACCESS_RDWR, 0,
			      DK_CREATE_TRY | DK_CREATE_TRUNCATE, 0);
	long d = DkStreamOpen("file:/data", DK_ACCESS_READ, 0, 0, 0);
	long srv = DkStreamOpen("pipe.srv:seekpipe", DK_ACCESS_RDWR, 0, 0, 0);
	long p = DkStreamOpen("pipe:seekpipe", DK_ACCESS_RDWR, 0, 0, 0);
	char buf[16];

	if (f < 0 || d < 0 || srv < 0 || p < 0)
		return 1;
	if (DkStreamWrite(f, DK_OFFSET_NONE, 8, "abcdefgh") != 8)
		return 2;
	say("cur", DkStreamSeek(f, 0, DK_SEEK_CUR));
	say("set", DkStreamSeek(f, 2, DK_SEEK_SET));
	read_str(f, buf, 2);
	say_str("read", buf);
	say("back", DkStreamSeek(f, -3, DK_SEEK_CUR));
	say("end", DkStreamSeek(f, -1, DK_SEEK_END));
	read_str(f, buf, 4);
	say_str("tail", buf);
	say("big", DkStreamSeek(f, 0x100000005LL, DK_SEEK_SET));
	say("past_end", DkStreamSeek(f, 100, DK_SEEK_END));
	say("negative", DkStreamSeek(f, -200, DK_SEEK_CUR));
	say("overflow", DkStreamSeek(f, 0x7fffffffffffffffLL, DK_SEEK_END));
	say("whence", DkStreamSeek(f, 0, 3));
	say("unchanged", DkStreamSeek(f, 0, DK_SEEK_CUR));
	say("dir_rewind", DkStreamSeek(d, 0, DK_SEEK_SET));
	say("dir_cur", DkStreamSeek(d, 0, DK_SEEK_CUR));
	say("dir_set", DkStreamSeek(d, 1, DK_SEEK_SET));
	say("pipe", DkStreamSeek(p, 0, DK_SEEK_SET));
	say("server", DkStreamSeek(srv, 0, DK_SEEK_SET));
	say("stdout", DkStreamSeek(out, 0, DK_SEEK_CUR));
	say("sem", DkStreamSeek(DkSemaphoreCreate(0, 1), 0, DK_SEEK_SET));
	DkObjectClose(f);
	say("closed", DkStreamSeek(f, 0, DK_SEEK_SET));
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	out = dk_std_handle(1);
	if (pico_streq(mode, "file"))
		return role_file();
	if (pico_streq(mode, "filechild"))
		return role_filechild();
	if (pico_streq(mode, "pipe"))
		return role_pipe();
	if (pico_streq(mode, "pipechild"))
		return role_pipechild();
	if (pico_streq(mode, "sem"))
		return role_sem();
	if (pico_streq(mode, "semchild"))
		return role_semchild();
	if (pico_streq(mode, "kinds"))
		return role_kinds();
	if (pico_streq(mode, "kindschild"))
		return role_kindschild();
	if (pico_streq(mode, "errors"))
		return role_errors();
	if (pico_streq(mode, "getinh"))
		return role_getinh();
	if (pico_streq(mode, "seek"))
		return role_seek();
	return 100;
}
