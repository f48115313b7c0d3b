// SPDX-License-Identifier: GPL-2.0
/*
 * hello: the smallest useful picoprocess.
 *
 *   dbexec examples/hello/hello [ARGS...] [--exit N] [--fault[=ABI]]
 *                               [--crash] [--cat]
 *
 * Writes "Hello from a picoprocess!" and each argv[i] on its own line to
 * its stdout stream, checks that DkSystemTimeQuery gives a plausible time,
 * then acts on the options (after printing them like any argument):
 *
 *   --exit N        exit with status N (default 0)
 *   --fault         make a forbidden host system call (getpid) through
 *                   the x86-64 syscall instruction; dbexec reports it and
 *                   the picoprocess dies by SIGSYS
 *   --fault=i386    the same through int $0x80 (i386 getpid, 20)
 *   --fault=x32     the same with an x32 system call number
 *   --crash         execute ud2: killed by SIGILL
 *   --cat           copy the stdin stream to stdout until end of file
 *
 * Built with tools/dbcc: no C library, only libdk.
 */
#include <dk.h>

/* 2001-09-09 in ns since the epoch: any real clock is past it. */
#define SANE_TIME_NS	1000000000000000000ULL

static long out = -1, err = -1;

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static void say(long h, const char *s)
{
	if (h >= 0)
		dk_write_str(h, s);
}

static void fail(const char *what, long e)
{
	say(err, "hello: ");
	say(err, what);
	say(err, ": ");
	say(err, dk_strerror(e));
	say(err, "\n");
}

/* Decimal 0..255 only: an exit status. */
static int parse_status(const char *s, int *v)
{
	int n = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (*s - '0');
		if (n > 255)
			return -1;
	}
	*v = n;
	return 0;
}

static long raw_syscall0(long nr)
{
	long ret;

	__asm__ volatile ("syscall" : "=a" (ret) : "0" (nr)
			  : "rcx", "r11", "memory");
	return ret;
}

static long raw_int80(long nr)
{
	long ret;

	__asm__ volatile ("int $0x80" : "=a" (ret) : "0" (nr)
			  : "memory");
	return ret;
}

static int cat(void)
{
	static char buf[4096];
	long in = dk_std_handle(0);

	if (in < 0) {
		fail("no stdin stream", in);
		return 1;
	}
	for (;;) {
		long n = DkStreamRead(in, DK_OFFSET_NONE, sizeof(buf), buf);
		long done = 0;

		if (n < 0) {
			fail("DkStreamRead", n);
			return 1;
		}
		if (n == 0)
			return 0;
		while (done < n) {
			long w = DkStreamWrite(out, DK_OFFSET_NONE,
					       (uint64_t)(n - done), buf + done);
			if (w <= 0) {
				fail("DkStreamWrite", w ? w : -EIO);
				return 1;
			}
			done += w;
		}
	}
}

int main(int argc, char **argv)
{
	char num[24];
	uint64_t now = 0;
	int status = 0, i;
	long ret;

	out = dk_std_handle(1);
	err = dk_std_handle(2);

	say(out, "Hello from a picoprocess!\n");
	for (i = 0; i < argc; i++) {
		dk_format_i64(num, sizeof(num), i);
		say(out, "argv[");
		say(out, num);
		say(out, "] = ");
		say(out, argv[i]);
		say(out, "\n");
	}

	ret = DkSystemTimeQuery(&now);
	if (ret < 0) {
		fail("DkSystemTimeQuery", ret);
		return 1;
	}
	if (now < SANE_TIME_NS) {
		say(err, "hello: DkSystemTimeQuery: implausible time\n");
		return 1;
	}

	for (i = 1; i < argc; i++) {
		if (streq(argv[i], "--exit")) {
			if (i + 1 >= argc || parse_status(argv[i + 1], &status) < 0) {
				say(err, "hello: --exit needs a status 0..255\n");
				return 2;
			}
			i++;
		} else if (streq(argv[i], "--fault")) {
			raw_syscall0(39);		/* getpid */
			say(err, "hello: forbidden syscall returned!\n");
			return 1;
		} else if (streq(argv[i], "--fault=i386")) {
			raw_int80(20);			/* i386 getpid */
			say(err, "hello: forbidden syscall returned!\n");
			return 1;
		} else if (streq(argv[i], "--fault=x32")) {
			raw_syscall0(0x40000000L | 39);	/* x32 getpid */
			say(err, "hello: forbidden syscall returned!\n");
			return 1;
		} else if (streq(argv[i], "--crash")) {
			__asm__ volatile ("ud2");
		} else if (streq(argv[i], "--cat")) {
			if (cat())
				return 1;
		}
	}
	return status;
}
