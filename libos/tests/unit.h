/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the libOS host unit tests (tests/NAME_unit.c): CHECK() counts a
 * failed condition in the test's failure counter and says where it was.
 */
#ifndef LX_TESTS_UNIT_H
#define LX_TESTS_UNIT_H

#include <stdio.h>

static int failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: FAIL %s\n", __FILE__, __LINE__, #cond); \
		failures++;						\
	}								\
} while (0)

#endif /* LX_TESTS_UNIT_H */
