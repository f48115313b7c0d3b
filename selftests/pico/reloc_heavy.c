// SPDX-License-Identifier: GPL-2.0
/*
 * reloc_heavy: an image that takes its loader a while.  Its .data holds a
 * table of RELOC_HEAVY_N pointers, each an R_X86_64_RELATIVE relocation
 * the loader applies, page after page of it (process_test.c truncates the
 * file meanwhile).  Exits 0 if the table was relocated as it should.
 */
#include <dk.h>

#define RELOC_HEAVY_N	(128 * 1024)

static int anchor;
/* Writable: in .data, after the dynamic section in the file. */
int *reloc_table[RELOC_HEAVY_N] = { [0 ... RELOC_HEAVY_N - 1] = &anchor };

int main(void)
{
	return reloc_table[0] == &anchor &&
	       reloc_table[RELOC_HEAVY_N - 1] == &anchor ? 0 : 1;
}
