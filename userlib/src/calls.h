/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libdk internal: one typed stub per Dk call, made from the call list
 * (<linux/drawbridge_calls.h>).
 *
 *   long dk_call_<ID>(arguments);
 *
 * takes exactly the call's arguments, in the list's order, each with the
 * C type of its kind, and issues DK_CALL_<ID>.  The wrappers call these
 * stubs, never dk_call() with a number, so a wrapper passing too many or
 * too few arguments, or a pointer where the list has a number (or the
 * reverse), does not compile.  A row whose kinds do not number nargs does
 * not compile either.
 */
#ifndef DK_CALLS_H
#define DK_CALLS_H

#include <stddef.h>
#include <dk.h>

/* The C type of each argument kind. */
#define DK_CTYPE_DK_ARG_HANDLE	long
#define DK_CTYPE_DK_ARG_URI	const char *
#define DK_CTYPE_DK_ARG_IN	const void *
#define DK_CTYPE_DK_ARG_OUT	void *
#define DK_CTYPE_DK_ARG_INOUT	void *
#define DK_CTYPE_DK_ARG_ADDR	const void *
#define DK_CTYPE_DK_ARG_CODE	const void *
#define DK_CTYPE_DK_ARG_SIZE	uint64_t
#define DK_CTYPE_DK_ARG_NUM	uint64_t
#define DK_CTYPE_DK_ARG_INT	int64_t
#define DK_CTYPE_DK_ARG_OFFSET	uint64_t
#define DK_CTYPE_DK_ARG_FLAGS	uint32_t
#define DK_CTYPE_DK_ARG_PROT	uint32_t
#define DK_CTYPE_DK_ARG_ACCESS	uint32_t
#define DK_CTYPE_DK_ARG_MEMTYPE	uint32_t

/* How an argument of each kind becomes a 64-bit call argument. */
#define DK_U64_DK_ARG_HANDLE(a)		((uint64_t)(a))
#define DK_U64_DK_ARG_URI(a)		((uint64_t)(uintptr_t)(a))
#define DK_U64_DK_ARG_IN(a)		((uint64_t)(uintptr_t)(a))
#define DK_U64_DK_ARG_OUT(a)		((uint64_t)(uintptr_t)(a))
#define DK_U64_DK_ARG_INOUT(a)		((uint64_t)(uintptr_t)(a))
#define DK_U64_DK_ARG_ADDR(a)		((uint64_t)(uintptr_t)(a))
#define DK_U64_DK_ARG_CODE(a)		((uint64_t)(uintptr_t)(a))
#define DK_U64_DK_ARG_SIZE(a)		(a)
#define DK_U64_DK_ARG_NUM(a)		(a)
#define DK_U64_DK_ARG_INT(a)		((uint64_t)(a))
#define DK_U64_DK_ARG_OFFSET(a)		(a)
#define DK_U64_DK_ARG_FLAGS(a)		((uint64_t)(a))
#define DK_U64_DK_ARG_PROT(a)		((uint64_t)(a))
#define DK_U64_DK_ARG_ACCESS(a)		((uint64_t)(a))
#define DK_U64_DK_ARG_MEMTYPE(a)	((uint64_t)(a))

/* Parameter i of kind k; the value passed for it. */
#define DK_PARAM(i, k)		DK_CTYPE_##k a##i
#define DK_VALUE(i, k)		DK_U64_##k(a##i)

/*
 * DK_MAP_<n>(m, k0, ..., k<n-1>): m(0, k0), m(1, k1), ... then zeros up
 * to six values (DK_ARGS) or nothing more (DK_PARAMS).
 */
#define DK_P0(m, ...)		void
#define DK_P1(m, a)		m(0, a)
#define DK_P2(m, a, b)		m(0, a), m(1, b)
#define DK_P3(m, a, b, c)	m(0, a), m(1, b), m(2, c)
#define DK_P4(m, a, b, c, d)	m(0, a), m(1, b), m(2, c), m(3, d)
#define DK_P5(m, a, b, c, d, e)	m(0, a), m(1, b), m(2, c), m(3, d), m(4, e)
#define DK_P6(m, a, b, c, d, e, f) \
	m(0, a), m(1, b), m(2, c), m(3, d), m(4, e), m(5, f)

#define DK_V0(m, ...)		0, 0, 0, 0, 0, 0
#define DK_V1(m, a)		m(0, a), 0, 0, 0, 0, 0
#define DK_V2(m, a, b)		m(0, a), m(1, b), 0, 0, 0, 0
#define DK_V3(m, a, b, c)	m(0, a), m(1, b), m(2, c), 0, 0, 0
#define DK_V4(m, a, b, c, d)	m(0, a), m(1, b), m(2, c), m(3, d), 0, 0
#define DK_V5(m, a, b, c, d, e)	m(0, a), m(1, b), m(2, c), m(3, d), m(4, e), 0
#define DK_V6(m, a, b, c, d, e, f) \
	m(0, a), m(1, b), m(2, c), m(3, d), m(4, e), m(5, f)

#define DK_APPLY(f, ...)	f(__VA_ARGS__)
#define DK_UNPAREN(...)		__VA_ARGS__
#define DK_PARAMS(n, kinds)	DK_APPLY(DK_P##n, DK_PARAM, DK_UNPAREN kinds)
#define DK_ARGS(n, kinds)	DK_APPLY(DK_V##n, DK_VALUE, DK_UNPAREN kinds)

#define DK_CALL(nr, id, name, handler, flags, nargs, kinds)		\
	static inline long dk_call_##id(DK_PARAMS(nargs, kinds))	\
	{								\
		return dk_call(DK_CALL_##id, DK_ARGS(nargs, kinds));	\
	}
#include <linux/drawbridge_calls.h>
#undef DK_CALL

#endif /* DK_CALLS_H */
