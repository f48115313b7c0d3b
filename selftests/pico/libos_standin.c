// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for the libOS image (dbexec --libos-image): prints what
 * dbexec's libOS mode hands over in the start information, one item a
 * line, so dbexec_test can check it:
 *
 *   argv[N]=...        the program's arguments (argv[0] as the user gave it)
 *   env=NAME=VALUE     each environment string, in order
 *   exec_path=...      the program's path
 *   exec=7f454c46      the first 4 bytes of exec_handle (read at offset 0)
 *   cwd=...            the initial working directory
 *   vdso=0|1           whether vdso_base is set
 *   aux=1              hwcap and clktck are set
 *   strict=0|1         DK_START_LIBOS_STRICT
 *
 * With "syscall" as the program's first argument it then makes a raw
 * getpid without a handler: the picoprocess is killed by SIGSYS.
 */
#include "dk.h"

static long out;

static void put(const char *a, const char *b)
{
	dk_write_str(out, a);
	dk_write_str(out, b ? b : "(null)");
	dk_write_str(out, "\n");
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
	const struct dk_start_info *si = dk_start_info();
	static const char hex[] = "0123456789abcdef";
	char *const *env = dk_envp();
	unsigned char head[4];
	char buf[16], num[24];
	int i;

	out = dk_std_handle(1);
	if (si->size < DK_START_INFO_SIZE_VER1)
		return 3;
	for (i = 0; i < argc; i++) {
		dk_format_i64(num, sizeof(num), i);
		dk_write_str(out, "argv[");
		dk_write_str(out, num);
		put("]=", argv[i]);
	}
	for (; env && *env; env++)
		put("env=", *env);
	put("exec_path=", (const char *)(uintptr_t)si->exec_path);
	if (dk_exec_handle() >= 0 &&
	    DkStreamRead(dk_exec_handle(), 0, 4, head) == 4) {
		for (i = 0; i < 4; i++) {
			buf[2 * i] = hex[head[i] >> 4];
			buf[2 * i + 1] = hex[head[i] & 15];
		}
		buf[8] = '\0';
		put("exec=", buf);
	}
	put("cwd=", (const char *)(uintptr_t)si->cwd);
	put("vdso=", si->vdso_base ? "1" : "0");
	put("aux=", si->hwcap && si->clktck ? "1" : "0");
	put("strict=", si->libos_flags & DK_START_LIBOS_STRICT ? "1" : "0");
	if (argc > 1 && streq(argv[1], "syscall"))
		__asm__ volatile ("syscall" : : "a" (39L) : "rcx", "r11", "memory");
	return 0;
}
