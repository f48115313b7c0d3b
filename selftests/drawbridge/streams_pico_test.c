// SPDX-License-Identifier: GPL-2.0
/*
 * The manifest policy end to end: dbexec --manifest confines a real
 * picoprocess (selftests/pico/streams_probe), whose escape attempts are
 * refused with EACCES while granted opens work, and whose targets stay
 * untouched.  A malformed manifest stops dbexec with file and line.
 */
#include "kselftest_harness.h"
#include "dbtest.h"

#include <sys/stat.h>

static int has_line(const char *out, const char *line)
{
	char want[512];

	snprintf(want, sizeof(want), "%s\n", line);
	return strstr(out, want) != NULL;
}

TEST(manifest_confines_picoprocess)
{
	char dir[] = "/tmp/dkpico.XXXXXX", man[256], secret[256], p[300];
	char buf[16] = { 0 };
	int fd;
	static struct dbt_result r;
	char *argv[] = {
		DBT_DBEXEC, "--manifest", man, DBT_PICO("streams_probe"),
		"r:file:/data/in", "w:file:/data/out", "r:file:/data/../secret",
		"w:file:/data/../secret", "r:file:/data/link",
		"r:file:/data/proc/self/environ", "r:file:/etc/passwd",
		"w:file:/ro/x", "c:tcp:127.0.0.1:9", "c:udp.srv:0.0.0.0:0",
		"c:udp.srv:127.0.0.1:0", NULL,
	};

	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/data", dir);
	ASSERT_EQ(0, mkdir(p, 0700));
	snprintf(p, sizeof(p), "%s/data/in", dir);
	dbt_put_file(p, "input");
	snprintf(secret, sizeof(secret), "%s/secret", dir);
	dbt_put_file(secret, "secret");
	snprintf(p, sizeof(p), "%s/data/link", dir);
	ASSERT_EQ(0, symlink(secret, p));
	snprintf(p, sizeof(p), "%s/data/proc", dir);
	ASSERT_EQ(0, symlink("/proc", p));
	snprintf(man, sizeof(man), "%s/m.manifest", dir);
	snprintf(p, sizeof(p),
		 "# test manifest\nfs /data %s/data rw\nfs /ro %s/data ro\n"
		 "net bind 127.0.0.1 *\n", dir, dir);
	dbt_put_file(man, p);

	ASSERT_EQ(0, dbt_run(argv, NULL, &r));
	EXPECT_EQ(0, dbt_exit_code(&r)) TH_LOG("stderr: %s", r.err);
	EXPECT_TRUE(has_line(r.out, "file:/data/in -> ok")) TH_LOG("%s", r.out);
	EXPECT_TRUE(has_line(r.out, "file:/data/out -> ok"));
	EXPECT_TRUE(has_line(r.out, "file:/data/../secret -> -13"));
	EXPECT_TRUE(has_line(r.out, "file:/data/link -> -13"));
	EXPECT_TRUE(has_line(r.out, "file:/data/proc/self/environ -> -13"));
	EXPECT_TRUE(has_line(r.out, "file:/etc/passwd -> -13"));
	EXPECT_TRUE(has_line(r.out, "file:/ro/x -> -13"));
	EXPECT_TRUE(has_line(r.out, "tcp:127.0.0.1:9 -> -13"));
	EXPECT_TRUE(has_line(r.out, "udp.srv:0.0.0.0:0 -> -13"));
	EXPECT_TRUE(has_line(r.out, "udp.srv:127.0.0.1:0 -> ok"));
	fd = open(secret, O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(6, read(fd, buf, sizeof(buf)));
	close(fd);
	EXPECT_STREQ("secret", buf);
	snprintf(p, sizeof(p), "%s/data/x", dir);
	EXPECT_NE(0, access(p, F_OK));
	snprintf(p, sizeof(p), "rm -rf %s", dir);
	EXPECT_EQ(0, system(p));
}

TEST(no_manifest_no_files)
{
	static struct dbt_result r;
	char *argv[] = { DBT_DBEXEC, DBT_PICO("streams_probe"),
			 "r:file:/etc/passwd", "c:tcp:127.0.0.1:22", NULL };

	ASSERT_EQ(0, dbt_run(argv, NULL, &r));
	EXPECT_EQ(0, dbt_exit_code(&r)) TH_LOG("stderr: %s", r.err);
	EXPECT_TRUE(has_line(r.out, "file:/etc/passwd -> -13")) TH_LOG("%s", r.out);
	EXPECT_TRUE(has_line(r.out, "tcp:127.0.0.1:22 -> -13"));
}

TEST(malformed_manifest_names_file_and_line)
{
	char man[] = "/tmp/dkman.XXXXXX";
	static struct dbt_result r;
	char *argv[] = { DBT_DBEXEC, "--manifest", man,
			 DBT_PICO("streams_probe"), NULL };
	int fd = mkstemp(man);
	char want[128];

	ASSERT_LE(0, fd);
	ASSERT_LT(0, write(fd, "fs /a /tmp ro\nnet connect 1.2.3.4/40 80\n",
			   40));
	close(fd);
	ASSERT_EQ(0, dbt_run(argv, NULL, &r));
	EXPECT_NE(0, dbt_exit_code(&r));
	snprintf(want, sizeof(want), "%s:2:", man);
	EXPECT_NE(NULL, strstr(r.err, want)) TH_LOG("stderr: %s", r.err);
	EXPECT_EQ('\0', r.out[0]);
	unlink(man);
}

TEST_HARNESS_MAIN
