// SPDX-License-Identifier: GPL-2.0
/*
 * The dkfuzz smoke run of `make check`: selftests/fuzz/run-fuzz.sh for
 * FUZZ_TIME seconds (default 120, split between host mode and
 * picoprocess mode, both as user nobody) with --strict.  Fails if the
 * kernel log shows a splat during the run, a call returns an error its
 * documentation does not list, the fuzzer faults or hangs.  The seed is
 * fixed (SMOKE_SEED) so that a regression run makes the same calls each
 * time; FUZZ_SEED overrides it, FUZZ_SEED= draws a random one.  FUZZ_AVOID
 * leaves out patterns (none by default; see Documentation/testing.rst,
 * "Fuzzing").  The exploring run is `make fuzz`, with a random seed.
 */
#include "kselftest_harness.h"
#include "dbtest.h"

#define SMOKE_TIME	120
#define SMOKE_SEED	"20261130"

static int env_int(const char *name, int def)
{
	const char *v = getenv(name);

	return v && *v ? atoi(v) : def;
}

FIXTURE(fuzz) {
};

FIXTURE_SETUP(fuzz)
{
}

FIXTURE_TEARDOWN(fuzz)
{
}

/* The harness's timer: the run's time plus room for set-up and the end. */
TEST_F_TIMEOUT(fuzz, smoke, 400)
{
	const char *avoid = getenv("FUZZ_AVOID");
	const char *seed = getenv("FUZZ_SEED");
	char cmd[1024];
	int secs = env_int("FUZZ_TIME", SMOKE_TIME), st;

	ASSERT_LT(0, secs);
	ASSERT_GE(250, secs) TH_LOG("FUZZ_TIME=%d is beyond this test's timer", secs);
	if (!avoid)
		avoid = "";
	if (!seed)
		seed = SMOKE_SEED;
	/* Every line of the fuzzer's output as a TAP comment. */
	snprintf(cmd, sizeof(cmd),
		 "bash -c 'set -o pipefail; %s/selftests/fuzz/run-fuzz.sh --strict "
		 "--time %d --threads 4%s%s%s%s 2>&1 | sed \"s/^/# /\"'",
		 DBT_TOP, secs, *avoid ? " --avoid " : "", avoid,
		 *seed ? " --seed " : "", seed);
	st = system(cmd);
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st)) TH_LOG("dkfuzz failed; the seed to replay is above");
}

TEST_HARNESS_MAIN
