// SPDX-License-Identifier: GPL-2.0
/*
 * The extensible uapi (Documentation/abi/index.rst, "Growing the ABI"):
 * DK_IOC_GET_INFO's version and features; every set-up and monitor
 * structure read by the size in its command number (smaller than its
 * first published size: EINVAL; larger with a zero tail: accepted; with a
 * non-zero tail: E2BIG); flags and reserved fields refused when set; the
 * size fields of the structures libdk and the module exchange through
 * pointers; dbexec's judgement of a module's version.
 */
#include "kselftest_harness.h"
#include "dbtest.h"

#include <arpa/inet.h>

#include "abi.h"

/* Room for any structure plus a tail. */
#define TAIL		16
#define BIG		(sizeof(struct dk_context_info) + TAIL)

/* @cmd with its size field replaced by @size. */
static unsigned long resize(unsigned long cmd, unsigned int size)
{
	return _IOC(_IOC_DIR(cmd), _IOC_TYPE(cmd), _IOC_NR(cmd), size);
}

/*
 * Issue @cmd with @len bytes of @arg, then with @len + TAIL bytes whose
 * tail is zero, then with a tail byte set, then with one byte too few
 * for the first published size @ver0.  Returns through @r the four
 * results.
 */
static void sizes(int fd, unsigned long cmd, const void *arg, size_t len,
		  size_t ver0, long r[4])
{
	unsigned char buf[256];

	memset(buf, 0, sizeof(buf));
	memcpy(buf, arg, len);
	r[0] = dbt_ioctl(fd, resize(cmd, len), buf);
	memset(buf, 0, sizeof(buf));
	memcpy(buf, arg, len);
	r[1] = dbt_ioctl(fd, resize(cmd, len + TAIL), buf);
	buf[len + TAIL - 1] = 1;
	r[2] = dbt_ioctl(fd, resize(cmd, len + TAIL), buf);
	buf[len + TAIL - 1] = 0;
	r[3] = dbt_ioctl(fd, resize(cmd, ver0 - 1), buf);
}

/*
 * The answers sizes() should see from a sized command: @ok for the exact
 * size and for a zero tail, E2BIG for a tail byte set, EINVAL for one
 * byte short of the first published size.
 */
#define EXPECT_SIZES(r, ok) do {			\
		EXPECT_EQ(ok, (r)[0]);			\
		EXPECT_EQ(ok, (r)[1]);			\
		EXPECT_EQ(-E2BIG, (r)[2]);		\
		EXPECT_EQ(-EINVAL, (r)[3]);		\
	} while (0)

DBT_CTX_FIXTURE(uapi)

TEST_F(uapi, get_info_reports_version_and_features)
{
	struct dk_context_info info;

	memset(&info, 0xff, sizeof(info));
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	EXPECT_EQ(sizeof(info), info.size);
	EXPECT_EQ(DK_ABI_VERSION, info.abi_version);
	EXPECT_EQ(DK_FEATURES_ALL, info.features);
	/* Link streams need no path_lsm_gap: always offered. */
	EXPECT_EQ(DK_FEATURE_LINK_STREAMS,
		  info.features & DK_FEATURE_LINK_STREAMS);
	EXPECT_EQ(DK_FEATURE_DUAL_STACK,
		  info.features & DK_FEATURE_DUAL_STACK);
	/* Peeking reads and packet pipes are always offered too. */
	EXPECT_EQ(DK_FEATURE_PEEK, info.features & DK_FEATURE_PEEK);
	EXPECT_EQ(DK_FEATURE_PIPE_PACKETS,
		  info.features & DK_FEATURE_PIPE_PACKETS);
	EXPECT_EQ(DK_FEATURE_DUAL_STACK << 1, DK_FEATURES_ALL + 1);
	EXPECT_EQ(0, info.sealed);
	EXPECT_EQ(-1, info.exit_code);
}

/* A newer caller's larger structure: the tail comes back zeroed. */
TEST_F(uapi, get_info_larger_caller_gets_zero_tail)
{
	unsigned char buf[BIG];
	struct dk_context_info *info = (void *)buf;
	size_t i;

	memset(buf, 0xa5, sizeof(buf));
	ASSERT_EQ(0, dbt_ioctl(self->fd, resize(DK_IOC_GET_INFO, BIG), buf));
	EXPECT_EQ(sizeof(*info), info->size);
	EXPECT_EQ(DK_ABI_VERSION, info->abi_version);
	for (i = sizeof(*info); i < sizeof(buf); i++)
		EXPECT_EQ(0, buf[i]);
	EXPECT_EQ(-EINVAL, dbt_ioctl(self->fd,
				     resize(DK_IOC_GET_INFO,
					    DK_CONTEXT_INFO_SIZE_VER0 - 1),
				     buf));
	/* Wrong direction: another command. */
	EXPECT_EQ(-ENOTTY, dbt_ioctl(self->fd,
				     _IOW(DK_IOC_MAGIC, _IOC_NR(DK_IOC_GET_INFO),
					  struct dk_context_info), buf));
}

/* Unsized commands match exactly; unknown numbers are ENOTTY. */
TEST_F(uapi, unsized_and_unknown_commands)
{
	char buf[64] = { 0 };

	EXPECT_EQ(-ENOTTY, dbt_ioctl(self->fd, resize(DK_IOC_SEAL, 8), buf));
	EXPECT_EQ(-ENOTTY, dbt_ioctl(self->fd,
				     resize(DK_IOC_MONITOR_CREATE, 8), buf));
	EXPECT_EQ(-ENOTTY, dbt_ioctl(self->fd, resize(DK_IOC_CALL, 64), buf));
	EXPECT_EQ(-ENOTTY, dbt_ioctl(self->fd, _IOW(DK_IOC_MAGIC, 0x16, int),
				     buf));
	EXPECT_EQ(-ENOTTY, dbt_ioctl(self->fd, _IOW(DK_IOC_MAGIC, 0x3f, int),
				     buf));
	EXPECT_EQ(-ENOTTY, dbt_ioctl(self->fd, _IOW('x', 0x10,
						 struct dk_setup_stream), buf));
	/* Nothing happened: still unsealed. */
	EXPECT_EQ(0, dbt_ioctl(self->fd, DK_IOC_SEAL, NULL));
}

TEST_F(uapi, add_stream_sizes_and_bits)
{
	struct dk_setup_stream s = { .fd = 1, .access = DK_ACCESS_WRITE };
	long r[4];

	sizes(self->fd, DK_IOC_ADD_STREAM, &s, sizeof(s),
	      DK_SETUP_STREAM_SIZE_VER0, r);
	EXPECT_LT(0, r[0]);
	EXPECT_LT(0, r[1]);
	EXPECT_EQ(-E2BIG, r[2]);
	EXPECT_EQ(-EINVAL, r[3]);
	s.access |= 0x100;
	EXPECT_EQ(-EINVAL, dbt_ioctl(self->fd, DK_IOC_ADD_STREAM, &s));
}

TEST_F(uapi, set_limits_sizes)
{
	struct dk_setup_limits lim = { .max_handles = 100 };
	struct dk_context_info info;
	long r[4];

	sizes(self->fd, DK_IOC_SET_LIMITS, &lim, sizeof(lim),
	      DK_SETUP_LIMITS_SIZE_VER0, r);
	EXPECT_SIZES(r, 0);
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_GET_INFO, &info));
	EXPECT_EQ(100, info.max_handles);
}

TEST_F(uapi, fs_root_sizes_and_flags)
{
	int dfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct dk_setup_fs_root root = {
		.fd = dfd, .flags = DK_ROOT_RO,
		.prefix = (uintptr_t)"/r",
	};
	long r[4];

	ASSERT_LE(0, dfd);
	sizes(self->fd, DK_IOC_ADD_FS_ROOT, &root, sizeof(root),
	      DK_SETUP_FS_ROOT_SIZE_VER0, r);
	EXPECT_SIZES(r, 0);
	root.flags = 0x2;
	EXPECT_EQ(-EINVAL, dbt_ioctl(self->fd, DK_IOC_ADD_FS_ROOT, &root));
	close(dfd);
}

TEST_F(uapi, net_rule_sizes)
{
	struct dk_setup_net_rule rule = {
		.op = DK_NET_CONNECT, .family = AF_INET, .prefix = 8,
		.port_lo = 1, .port_hi = 2, .addr = { 127 },
	};
	long r[4];

	sizes(self->fd, DK_IOC_ADD_NET_RULE, &rule, sizeof(rule),
	      DK_SETUP_NET_RULE_SIZE_VER0, r);
	EXPECT_SIZES(r, 0);
	rule.op = 3;
	EXPECT_EQ(-EINVAL, dbt_ioctl(self->fd, DK_IOC_ADD_NET_RULE, &rule));
}

TEST_F(uapi, join_tree_sizes_and_reserved)
{
	int mon = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	struct dk_join_tree j = { .monitor_fd = mon, .id = 77 };
	long r[4];

	ASSERT_LE(0, mon);
	ASSERT_EQ(0, dbt_ioctl(mon, DK_IOC_MONITOR_CREATE, NULL));
	/* Request 77 does not exist: ENOENT once the structure is read. */
	sizes(self->fd, DK_IOC_JOIN_TREE, &j, sizeof(j),
	      DK_JOIN_TREE_SIZE_VER0, r);
	EXPECT_SIZES(r, -ENOENT);
	j.reserved = 1;
	EXPECT_EQ(-EINVAL, dbt_ioctl(self->fd, DK_IOC_JOIN_TREE, &j));
	close(mon);
}

TEST_F(uapi, monitor_structures)
{
	struct dk_monitor_request req = { .size = 0 };
	struct dk_monitor_reply rep = { .id = 77 };
	long r[4];
	int mon = open(DK_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	ASSERT_LE(0, mon);
	/* Not a monitor: EINVAL whatever the size. */
	EXPECT_EQ(-EINVAL, dbt_ioctl(mon, DK_IOC_MONITOR_NEXT, &req));
	ASSERT_EQ(0, dbt_ioctl(mon, DK_IOC_MONITOR_CREATE, NULL));

	/* Nothing queued: EAGAIN once the structure is read. */
	sizes(mon, DK_IOC_MONITOR_NEXT, &req, sizeof(req),
	      DK_MONITOR_REQUEST_SIZE_VER0, r);
	EXPECT_SIZES(r, -EAGAIN);

	/* Unknown id: ENOENT once the structure is read. */
	sizes(mon, DK_IOC_MONITOR_COMPLETE, &rep, sizeof(rep),
	      DK_MONITOR_REPLY_SIZE_VER0, r);
	EXPECT_SIZES(r, -ENOENT);
	sizes(mon, DK_IOC_MONITOR_EXITED, &rep, sizeof(rep),
	      DK_MONITOR_REPLY_SIZE_VER0, r);
	EXPECT_SIZES(r, -ENOENT);

	rep.reserved = 1;
	EXPECT_EQ(-EINVAL, dbt_ioctl(mon, DK_IOC_MONITOR_COMPLETE, &rep));
	EXPECT_EQ(-EINVAL, dbt_ioctl(mon, DK_IOC_MONITOR_EXITED, &rep));
	close(mon);
}

/* Set-up commands on a sealed context: EBUSY before the argument is read. */
TEST_F(uapi, sealed_refuses_before_reading)
{
	ASSERT_EQ(0, dbt_ioctl(self->fd, DK_IOC_SEAL, NULL));
	EXPECT_EQ(-EBUSY, dbt_ioctl(self->fd, DK_IOC_ADD_STREAM, NULL));
	EXPECT_EQ(-EBUSY, dbt_ioctl(self->fd, DK_IOC_SET_LIMITS, NULL));
	EXPECT_EQ(-EBUSY, dbt_ioctl(self->fd, DK_IOC_ADD_FS_ROOT, NULL));
	EXPECT_EQ(-EBUSY, dbt_ioctl(self->fd, DK_IOC_ADD_NET_RULE, NULL));
	EXPECT_EQ(-EBUSY, dbt_ioctl(self->fd, DK_IOC_JOIN_TREE, NULL));
	EXPECT_EQ(-EBUSY, dbt_ioctl(self->fd, DK_IOC_MONITOR_CREATE, NULL));
}

TEST_F(uapi, call_flags_refused)
{
	__u64 ns;

	EXPECT_EQ(0, dbt_raw_call(self->fd, DK_CALL_SYSTEM_TIME_QUERY, 0,
				  (uintptr_t)&ns, 0, 0, 0));
	EXPECT_EQ(-EINVAL, dbt_raw_call(self->fd, DK_CALL_SYSTEM_TIME_QUERY, 1,
					(uintptr_t)&ns, 0, 0, 0));
	EXPECT_EQ(-EINVAL, dbt_raw_call(self->fd, DK_CALL_SYSTEM_TIME_QUERY,
					0x80000000U, (uintptr_t)&ns, 0, 0, 0));
}

static void noop(void *arg)
{
	(void)arg;
}

/*
 * DkThreadCreate's result block: a size below the first published one is
 * EINVAL; a larger one gets the module's size back and nothing written
 * past it.
 */
TEST_F(uapi, thread_create_out_size)
{
	struct {
		struct dk_thread_create_out out;
		__u64 tail;
	} big;
	struct dk_thread_create_out small = { .size = 8 };
	long h;

	EXPECT_EQ(-EINVAL, dk_call(DK_CALL_THREAD_CREATE, (uintptr_t)noop, 0, 0,
				   0, 0, (uintptr_t)&small));
	EXPECT_EQ(0, small.token);

	memset(&big, 0xa5, sizeof(big));
	big.out.size = sizeof(big);
	h = dk_call(DK_CALL_THREAD_CREATE, (uintptr_t)noop, 0, 0, 0, 0,
		    (uintptr_t)&big);
	ASSERT_LT(0, h);
	EXPECT_EQ(sizeof(struct dk_thread_create_out), big.out.size);
	EXPECT_NE(0, big.out.token);
	EXPECT_EQ(0, big.out.stack);
	EXPECT_EQ(0xa5a5a5a5a5a5a5a5ULL, big.tail);
	/* End the never-started thread object. */
	EXPECT_EQ(0, dk_call(DK_CALL_THREAD_ABORT, big.out.token, 0, 0, 0, 0,
			     0));
	EXPECT_EQ(0, DkObjectClose(h));
}

/* DkExceptionReturn checks the size libdk wrote into the block. */
TEST_F(uapi, exception_block_size)
{
	char frame[64];
	struct dk_exception exc = {
		.magic = DK_EXC_MAGIC, .event = DK_EXC_RAISED,
		.size = sizeof(exc),
		.regs = (uintptr_t)frame, .frame = (uintptr_t)frame,
	};

	EXPECT_EQ(0, dk_call(DK_CALL_EXCEPTION_RETURN, (uintptr_t)&exc,
			     0, 0, 0, 0, 0));
	exc.size = DK_EXCEPTION_SIZE_VER0 - 1;
	EXPECT_EQ(-EINVAL, dk_call(DK_CALL_EXCEPTION_RETURN, (uintptr_t)&exc,
				   0, 0, 0, 0, 0));
	exc.size = 0;
	EXPECT_EQ(-EINVAL, dk_call(DK_CALL_EXCEPTION_RETURN, (uintptr_t)&exc,
				   0, 0, 0, 0, 0));
}

/* libdk refuses start information shorter than its first layout. */
TEST_F(uapi, start_info_size_and_abi_info)
{
	struct dk_start_info si = {
		.magic = DK_START_MAGIC, .abi_version = DK_ABI_VERSION,
		.dk_fd = self->fd, .std_handles = { -1, -1, -1 },
		.parent_handle = -1, .size = DK_START_INFO_SIZE_VER0 - 8,
		.features = DK_FEATURE_PIPES,
	};
	uint64_t features = 0;
	uint32_t version = 0;

	EXPECT_EQ(-ENOENT, dk_abi_info(&version, &features));
	EXPECT_EQ(-EINVAL, dk_start_info_set(&si));
	EXPECT_EQ(-ENOENT, dk_abi_info(&version, &features));
	si.size = sizeof(si);
	ASSERT_EQ(0, dk_start_info_set(&si));
	EXPECT_EQ(0, dk_abi_info(&version, &features));
	EXPECT_EQ(DK_ABI_VERSION, version);
	EXPECT_EQ(DK_FEATURE_PIPES, features);
	EXPECT_EQ(0, dk_abi_info(NULL, NULL));
}

/* dbexec's verdict on the module's GET_INFO answer (tools/dbexec/abi.c). */
TEST(dbexec_abi_check)
{
	struct dk_context_info info = {
		.size = sizeof(info), .abi_version = DK_ABI_VERSION,
		.features = DK_FEATURES_ALL,
	};
	char msg[320];

	EXPECT_EQ(0, abi_check(0, &info, msg, sizeof(msg)));

	info.abi_version = DK_ABI_VERSION - 1;
	EXPECT_EQ(-1, abi_check(0, &info, msg, sizeof(msg)));
	EXPECT_TRUE(strstr(msg, "too old") != NULL);
	info.abi_version = DK_ABI_VERSION + 1;
	EXPECT_EQ(-1, abi_check(0, &info, msg, sizeof(msg)));
	EXPECT_TRUE(strstr(msg, "too new") != NULL);

	info.abi_version = DK_ABI_VERSION;
	info.features = DK_FEATURES_ALL & ~DK_FEATURE_PROCESS_TREE;
	EXPECT_EQ(-1, abi_check(0, &info, msg, sizeof(msg)));
	EXPECT_TRUE(strstr(msg, "lacks features") != NULL);

	/* A version-1 module knows no GET_INFO of this size. */
	EXPECT_EQ(-1, abi_check(ENOTTY, &info, msg, sizeof(msg)));
	EXPECT_TRUE(strstr(msg, "too old") != NULL);
	EXPECT_EQ(-1, abi_check(EPERM, &info, msg, sizeof(msg)));
	EXPECT_TRUE(strstr(msg, "does not answer") != NULL);
}

/* The real dbexec against the real module: the check passes. */
TEST(dbexec_accepts_this_module)
{
	int st;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		execl(DBT_DBEXEC, "dbexec", DBT_PICO("cat"), (char *)NULL);
		_exit(99);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
}

TEST_HARNESS_MAIN
