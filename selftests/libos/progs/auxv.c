// SPDX-License-Identifier: GPL-2.0
/*
 * The initial stack a program finds: the auxiliary vector entries whose
 * values do not change between runs, and the layout of argv and envp.
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

extern char **environ;

static void show(const char *name, unsigned long type)
{
	printf("%s=%#lx\n", name, getauxval(type));
}

int main(int argc, char **argv)
{
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	const char *platform = (const char *)getauxval(AT_PLATFORM);
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	char **envp = argv + argc + 1;
	int i, contiguous = 1;

	show("AT_PAGESZ", AT_PAGESZ);
	show("AT_PHDR", AT_PHDR);
	show("AT_PHENT", AT_PHENT);
	show("AT_PHNUM", AT_PHNUM);
	show("AT_BASE", AT_BASE);
	show("AT_FLAGS", AT_FLAGS);
	show("AT_ENTRY", AT_ENTRY);
	show("AT_UID", AT_UID);
	show("AT_EUID", AT_EUID);
	show("AT_GID", AT_GID);
	show("AT_EGID", AT_EGID);
	show("AT_SECURE", AT_SECURE);
	show("AT_CLKTCK", AT_CLKTCK);
	show("AT_HWCAP", AT_HWCAP);
	show("AT_HWCAP2", AT_HWCAP2);
	printf("AT_SYSINFO_EHDR %s\n", getauxval(AT_SYSINFO_EHDR) ? "set" : "unset");
	printf("AT_MINSIGSTKSZ %s\n", getauxval(AT_MINSIGSTKSZ) >= 2048 ? ">= 2048" : "small");
	printf("AT_RANDOM %s\n", rnd && (rnd[0] | rnd[1] | rnd[2] | rnd[3] |
					 rnd[12] | rnd[13] | rnd[14] | rnd[15]) ?
	       "set" : "unset");
	printf("AT_PLATFORM=%s\n", platform ? platform : "(none)");
	printf("AT_EXECFN=%s\n", execfn ? execfn : "(none)");
	printf("argc=%d\n", argc);
	for (i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	for (i = 0; i + 1 < argc; i++)
		if (argv[i] + strlen(argv[i]) + 1 != argv[i + 1])
			contiguous = 0;
	printf("argv strings contiguous: %s\n", contiguous ? "yes" : "no");
	printf("envp follows argv: %s\n", envp == environ ? "yes" : "no");
	printf("stack aligned: %s\n", ((unsigned long)argv & 7) == 0 ? "yes" : "no");
	return 0;
}
