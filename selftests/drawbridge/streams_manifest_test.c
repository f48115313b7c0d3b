// SPDX-License-Identifier: GPL-2.0
/*
 * dbexec's manifest policy directives (tools/dbexec/manifest_policy.c, compiled in
 * here): good directives grant exactly what they say, malformed ones are
 * reported with file and line and grant nothing.
 */
#include "kselftest_harness.h"
#include "streams_util.h"
#include "../../tools/dbexec/manifest_policy.c"

/* Split @text into words and apply it as manifest line @line. */
static int apply(int fd, int line, const char *text, char *err, size_t n)
{
	char buf[512], *argv[16], *tok, *save;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", text);
	for (tok = strtok_r(buf, " \t", &save); tok && argc < 16;
	     tok = strtok_r(NULL, " \t", &save))
		argv[argc++] = tok;
	return dbx_policy_directive(fd, "test.manifest", line, argc, argv,
				    err, n);
}

TEST(good_directives_grant_what_they_say)
{
	char dir[64], line[160], err[256] = "";
	int fd = st_open_ctx();

	ASSERT_LE(0, fd);
	ASSERT_NE(NULL, st_tmpdir(dir));
	snprintf(line, sizeof(line), "fs /work %s rw", dir);
	ASSERT_EQ(0, apply(fd, 1, line, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_EQ(0, apply(fd, 2, "fs /sys-ro /etc ro", err, sizeof(err)));
	ASSERT_EQ(0, apply(fd, 3, "net connect 127.0.0.0/8 1024-65535", err,
			   sizeof(err)));
	ASSERT_EQ(0, apply(fd, 4, "net bind [::1] *", err, sizeof(err)));
	ASSERT_EQ(0, apply(fd, 5, "net bind 127.0.0.1 0", err, sizeof(err)));
	ASSERT_EQ(0, ioctl(fd, DK_IOC_SEAL));
	EXPECT_LT(0, st_open(fd, "file:/work/x", DK_ACCESS_RDWR, 0,
			     DK_CREATE_TRY, 0));
	EXPECT_LT(0, st_open(fd, "file:/sys-ro/passwd", DK_ACCESS_READ, 0, 0,
			     0));
	EXPECT_EQ(-EACCES, st_open(fd, "file:/sys-ro/passwd", DK_ACCESS_WRITE,
				   0, 0, 0));
	EXPECT_EQ(-EACCES, st_open(fd, "file:/etc/passwd", DK_ACCESS_READ, 0,
				   0, 0));
	EXPECT_LT(0, st_open(fd, "tcp.srv:[::1]:0", DK_ACCESS_RDWR, 0, 0, 0));
	EXPECT_LT(0, st_open(fd, "udp.srv:127.0.0.1:0", DK_ACCESS_RDWR, 0, 0,
			     0));
	EXPECT_EQ(-EACCES, st_open(fd, "udp.srv:127.0.0.2:0", DK_ACCESS_RDWR,
				   0, 0, 0));
	EXPECT_EQ(-EACCES, st_open(fd, "tcp:127.0.0.1:80", DK_ACCESS_RDWR, 0,
				   0, 0));
	close(fd);
	EXPECT_EQ(0, st_rmtree(dir));
}

TEST(malformed_directives_report_file_and_line)
{
	static const char *const bad[] = {
		"fs /a",
		"fs relative /tmp rw",
		"fs /a /tmp rwx",
		"fs /a /nonexistent-dir-for-dbexec ro",
		"fs /a/../b /tmp ro",
		"net connect",
		"net listen 127.0.0.1 80",
		"net connect 127.0.0.1/33 80",
		"net connect 300.0.0.1 80",
		"net connect [::1 80",
		"net connect ::1/129 80",
		"net bind 127.0.0.1 80-79",
		"net bind 127.0.0.1 65536",
		"net bind 127.0.0.1 http",
		"mount /a /b",
	};
	char err[256], want[64];
	unsigned int i;
	int fd = st_open_ctx();
	struct dk_context_info info;

	ASSERT_LE(0, fd);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		EXPECT_EQ(-1, apply(fd, 10 + i, bad[i], err, sizeof(err)))
			TH_LOG("'%s' accepted", bad[i]);
		snprintf(want, sizeof(want), "test.manifest:%u: ", 10 + i);
		EXPECT_EQ(0, strncmp(err, want, strlen(want)))
			TH_LOG("'%s' -> '%s'", bad[i], err);
	}
	/* Nothing was granted. */
	ASSERT_EQ(0, ioctl(fd, DK_IOC_SEAL));
	ASSERT_EQ(0, ioctl(fd, DK_IOC_GET_INFO, &info));
	EXPECT_EQ(-EACCES, st_open(fd, "file:/a", DK_ACCESS_READ, 0, 0, 0));
	EXPECT_EQ(-EACCES, st_open(fd, "tcp:127.0.0.1:80", DK_ACCESS_RDWR, 0,
				   0, 0));
	close(fd);
}

TEST_HARNESS_MAIN
