// SPDX-License-Identifier: GPL-2.0
/*
 * Confinement probe picoprocess: attempts one host system call that the
 * seccomp filter must refuse, then reports that it survived (exit 0 with
 * "survived" on stdout).  A correct sandbox never lets it get that far.
 *
 *   syscall_probe nr N         raw x86-64 syscall N, all arguments 0
 *   syscall_probe x32 N        x32 ABI entry: syscall (N | 0x40000000)
 *   syscall_probe int80 N      i386 ABI entry: int $0x80 with eax = N
 *   syscall_probe ioctl-cmd    ioctl on the Dk descriptor, another command
 *   syscall_probe ioctl-fd     DK_IOC_CALL on another descriptor
 *   syscall_probe clone F      clone with flags F (hex or decimal)
 *   syscall_probe exit N       raw exit(N): allowed
 *   syscall_probe sigreturn    raw rt_sigreturn with no frame: allowed call,
 *                              the bogus frame kills it with SIGSEGV
 */
#include "dk.h"
#include "pico_util.h"

static uint64_t parse(const char *s)
{
	uint64_t v = 0;
	int base = 10;

	if (s[0] == '0' && s[1] == 'x') {
		base = 16;
		s += 2;
	}
	for (; *s; s++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' :
			*s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;

		if (d < 0 || d >= base)
			break;
		v = v * base + (uint64_t)d;
	}
	return v;
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
	struct dk_call call = { .nr = DK_CALL_SYSTEM_TIME_QUERY };
	uint64_t arg = argc > 2 ? parse(argv[2]) : 0;

	if (argc < 2)
		return 2;
	if (streq(argv[1], "nr"))
		pico_raw3((long)arg, 0, 0, 0);
	else if (streq(argv[1], "x32"))
		pico_raw3((long)(arg | 0x40000000UL), 0, 0, 0);
	else if (streq(argv[1], "int80"))
		pico_int80((long)arg);
	else if (streq(argv[1], "ioctl-cmd"))
		pico_raw3(DK_SYS_IOCTL, dk_get_fd(), DK_IOC_SEAL, 0);
	else if (streq(argv[1], "ioctl-fd"))
		pico_raw3(DK_SYS_IOCTL, 1, DK_IOC_CALL, (long)&call);
	else if (streq(argv[1], "clone"))
		pico_raw3(56, (long)arg, 0, 0);
	else if (streq(argv[1], "exit"))
		pico_raw3(DK_SYS_EXIT, (long)arg, 0, 0);
	else if (streq(argv[1], "sigreturn"))
		pico_raw3(15, 0, 0, 0);
	else
		return 2;
	dk_write_str(out, "survived\n");
	return 0;
}
