// SPDX-License-Identifier: GPL-2.0
/*
 * Handle inheritance (DkProcessCreate's inherit list, DkProcessGetInherited)
 * and DkStreamSeek: picoprocesses under dbexec (pico/inherit_pico.c) share
 * files, pipes and semaphores with their children; an ordinary program
 * playing monitor checks the module's side: the references a request
 * holds, the child's quota at its join, nothing left behind, and an
 * interrupted DkProcessCreate.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "dbtest.h"

static struct dbt_result res;

/*
 * Run inherit_pico @mode under a manifest giving /apps (the test images)
 * and /data (a fresh temporary directory, read-write); its exit code.
 */
static int pico(const char *mode)
{
	char dir[] = "/tmp/dkinh.XXXXXX", man[64], text[512], cmd[64];
	char *argv[] = { DBT_DBEXEC, "--manifest", man,
			 DBT_PICO("inherit_pico"), (char *)mode, NULL };
	int ret;

	if (!mkdtemp(dir))
		return -1;
	snprintf(man, sizeof(man), "%s/m.manifest", dir);
	snprintf(text, sizeof(text), "fs /apps %s/selftests/pico ro\n"
		 "fs /data %s rw\n", DBT_TOP, dir);
	dbt_put_file(man, text);
	ret = dbt_run(argv, "", &res) ? -1 : dbt_exit_code(&res);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		return -1;
	return ret;
}

TEST(file_offset_shared_both_ways)
{
	ASSERT_EQ(0, pico("file")) TH_LOG("%s%s", res.out, res.err);
	EXPECT_STREQ("rewind=0\nparent_read=0\ncreate=0\nchild=5\npos=6\n"
		     "after=67\ncontent=0123AB6789\n", res.out);
}

TEST(pipe_eof_needs_every_writer_closed)
{
	ASSERT_EQ(0, pico("pipe")) TH_LOG("%s%s", res.out, res.err);
	EXPECT_STREQ("create=0\ngot=c\nbefore=EAGAIN\nafter=0\nchild=6\n",
		     res.out);
}

TEST(semaphore_and_event_are_the_same)
{
	ASSERT_EQ(0, pico("sem")) TH_LOG("%s%s", res.out, res.err);
	EXPECT_STREQ("create=0\nchild=7\npeek=3\nevent=1\n", res.out);
}

TEST(errors)
{
	ASSERT_EQ(0, pico("errors")) TH_LOG("%s%s", res.out, res.err);
	EXPECT_STREQ("closed=EBADF\nforeign=EXDEV\nthread=EBADFD\n"
		     "too_many=E2BIG\nnull=EFAULT\nfault=EFAULT\nmax=249\n"
		     "none=0\nprocess=EBADFD\nnone_code=0\nsmall2=2\n"
		     "small3=EMFILE\ntop=0\ntop_null=0\n", res.out);
}

TEST(seek)
{
	ASSERT_EQ(0, pico("seek")) TH_LOG("%s%s", res.out, res.err);
	EXPECT_STREQ("cur=8\nset=2\nread=cd\nback=1\nend=7\ntail=h\n"
		     "past_end=108\nnegative=EINVAL\noverflow=EOVERFLOW\n"
		     "whence=EINVAL\nunchanged=108\ndir_rewind=0\n"
		     "dir_cur=EINVAL\ndir_set=EINVAL\npipe=ESPIPE\n"
		     "server=ESPIPE\nstdout=ESPIPE\nsem=EBADFD\n"
		     "closed=EBADF\n", res.out);
}

TEST_HARNESS_MAIN
