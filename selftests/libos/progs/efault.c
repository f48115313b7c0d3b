// SPDX-License-Identifier: GPL-2.0
/*
 * Bad pointers to system calls: each call is made raw (no C library
 * wrapper in between) with an unmapped, a PROT_NONE, a read-only or a
 * kernel address where the kernel reads or writes, and its result is
 * printed as "name result" (-errno on failure).  Run natively and under
 * the libOS, the two outputs must be the same: EFAULT, never a crash.
 * Works in the current directory (the test's work directory) and leaves
 * it as it found it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static void show(const char *name, long ret)
{
	printf("%s %ld\n", name, ret < 0 ? -(long)errno : ret);
}

#define TRY(name, ...)	show(name, syscall(__VA_ARGS__))

int main(void)
{
	void *unmapped = (void *)16, *kernel = (void *)-4096L;
	struct iovec iov_bad = { .iov_base = (void *)16, .iov_len = 8 };
	char *none, *ro;
	long fd, zero, dir, null;
	off_t off = 0;

	none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (none == MAP_FAILED || ro == MAP_FAILED)
		return 1;
	fd = open("efault.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, "0123456789", 10) != 10)
		return 1;
	zero = open("/dev/zero", O_RDONLY);
	dir = open(".", O_RDONLY | O_DIRECTORY);
	null = open("/dev/null", O_WRONLY);
	if (zero < 0 || dir < 0 || null < 0)
		return 1;

	/* Paths the libOS reads. */
	TRY("stat-path-unmapped", SYS_stat, unmapped, ro);
	TRY("stat-path-none", SYS_stat, none, ro);
	TRY("open-path-unmapped", SYS_open, unmapped, O_RDONLY);
	TRY("access-path-none", SYS_access, none, F_OK);
	TRY("chdir-path-kernel", SYS_chdir, kernel);
	TRY("newfstatat-path-none", SYS_newfstatat, AT_FDCWD, none, ro, 0);
	TRY("mkdir-path-unmapped", SYS_mkdir, unmapped, 0700);
	TRY("unlink-path-none", SYS_unlink, none);
	TRY("readlink-path-none", SYS_readlink, none, ro, 10);
	/* Results the libOS writes. */
	TRY("stat-buf-unmapped", SYS_stat, ".", unmapped);
	TRY("stat-buf-ro", SYS_stat, ".", ro);
	TRY("stat-buf-kernel", SYS_stat, ".", kernel);
	TRY("fstat-buf-none", SYS_fstat, fd, none);
	TRY("statx-buf-ro", SYS_statx, AT_FDCWD, ".", 0, 0x7ff, ro);
	TRY("getcwd-buf-unmapped", SYS_getcwd, unmapped, 4096);
	TRY("getcwd-buf-ro", SYS_getcwd, ro, 4096);
	TRY("getdents64-buf-ro", SYS_getdents64, dir, ro, 4096);
	TRY("readlink-buf-ro", SYS_readlink, "/proc/self/exe", ro, 16);
	TRY("clock_gettime-ro", SYS_clock_gettime, CLOCK_MONOTONIC, ro);
	TRY("clock_gettime-unmapped", SYS_clock_gettime, CLOCK_REALTIME,
	    unmapped);
	TRY("gettimeofday-none", SYS_gettimeofday, none, NULL);
	TRY("uname-ro", SYS_uname, ro);
	TRY("uname-unmapped", SYS_uname, unmapped);
	/* Data the module copies (the libOS passes the pointer on). */
	TRY("read-file-unmapped", SYS_pread64, fd, unmapped, 10, 0);
	TRY("read-file-ro", SYS_pread64, fd, ro, 10, 0);
	TRY("read-zero-ro", SYS_read, zero, ro, 10);
	TRY("read-zero-none", SYS_read, zero, none, 10);
	TRY("readv-iov-none", SYS_readv, fd, none, 1);
	lseek(fd, 0, SEEK_SET);
	TRY("readv-base-unmapped", SYS_readv, fd, &iov_bad, 1);
	TRY("write-file-unmapped", SYS_pwrite64, fd, unmapped, 10, 0);
	/* Inputs the libOS reads. */
	TRY("utimensat-times-none", SYS_utimensat, AT_FDCWD, "efault.tmp",
	    none, 0);
	TRY("sendfile-off-ro", SYS_sendfile, null, fd, ro, 1);
	TRY("sendfile-off-none", SYS_sendfile, null, fd, none, 1);
	TRY("sendfile-off-ok", SYS_sendfile, null, fd, &off, 4);

	close(fd);
	close(zero);
	close(dir);
	close(null);
	unlink("efault.tmp");
	return 0;
}
