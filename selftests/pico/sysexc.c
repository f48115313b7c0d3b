// SPDX-License-Identifier: GPL-2.0
/*
 * DK_EXC_SYSCALL probe picoprocess: a refused host system call reaches the
 * picoprocess's own handler, which answers it.
 *
 *   sysexc handle   handler set; raw getpid: the handler checks what it got
 *                   (number in opaque and rax, call address in addr and
 *                   rip) and answers 4242; prints "getpid 4242" and the
 *                   answer of a second call (getppid, answered -ENOSYS)
 *   sysexc nested   handler set; the handler itself makes a raw getpid:
 *                   that one kills the picoprocess (SIGSYS)
 *   sysexc int80    handler set; an i386 call (int $0x80, getpid): never
 *                   handed to the handler, kills the picoprocess
 *   sysexc none     no handler; raw getpid kills the picoprocess
 */
#include <asm/sigcontext.h>
#include "dk.h"

#define NR_GETPID	39
#define NR_GETPPID	110
#define NR32_GETPID	20

static volatile int nested, bad;

static long raw0(long nr)
{
	long ret;

	__asm__ volatile ("syscall" : "=a" (ret) : "0" (nr)
			  : "rcx", "r11", "memory");
	return ret;
}

static long int80(long nr)
{
	long ret;

	__asm__ volatile ("int $0x80" : "=a" (ret) : "0" (nr) : "memory");
	return ret;
}

static void handler(struct dk_exception *exc)
{
	struct sigcontext *regs = (struct sigcontext *)(uintptr_t)exc->regs;

	if (exc->event != DK_EXC_SYSCALL || regs->rax != exc->opaque ||
	    regs->rip != exc->addr)
		bad = 1;
	if (nested)
		raw0(NR_GETPID);
	regs->rax = exc->opaque == NR_GETPID ? 4242 : (uint64_t)-ENOSYS;
}

static void put_num(long h, const char *label, long v)
{
	char buf[32];

	dk_write_str(h, label);
	dk_format_i64(buf, sizeof(buf), v);
	dk_write_str(h, buf);
	dk_write_str(h, "\n");
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

int main(int argc, char **argv)
{
	long out = dk_std_handle(1);
	uint64_t features = 0;

	if (argc < 2)
		return 2;
	if (!streq(argv[1], "none")) {
		dk_abi_info((void *)0, &features);
		if (!(features & DK_FEATURE_SYSCALL_EXC))
			return 3;
		if (DkSetExceptionHandler((void *)handler, DK_EXC_SYSCALL) < 0)
			return 4;
	}
	nested = streq(argv[1], "nested");
	if (streq(argv[1], "int80")) {
		int80(NR32_GETPID);
	} else {
		put_num(out, "getpid ", raw0(NR_GETPID));
		put_num(out, "getppid ", raw0(NR_GETPPID));
	}
	return bad ? 5 : 0;
}
