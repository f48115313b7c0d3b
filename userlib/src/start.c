// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The C half of the picoprocess entry: adopt the start information, run
 * main() and end the process with its result.  Static library only: it
 * refers to the program's main().
 */
#include <dk.h>

#include "raw.h"

int main(int argc, char **argv);

_Noreturn void dk_start_main(const struct dk_start_info *si)
	__attribute__((visibility("hidden"), used));

_Noreturn void dk_start_main(const struct dk_start_info *si)
{
	int ret;

	/*
	 * Without valid start information the context descriptor is
	 * unknown, so no Dk call can be made: leave with the host
	 * exit_group, which the confinement policy allows.
	 */
	if (dk_start_info_set(si) < 0)
		dk_raw_exit_group(DK_START_BAD_INFO_EXIT);

	ret = main((int)si->argc, (char **)(uintptr_t)si->argv);
	DkProcessExit(ret);
}
