// SPDX-License-Identifier: GPL-2.0
/* dbtrace: Dk call names, argument kinds and error names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <linux/drawbridge.h>

#include "dbtrace.h"
#include "names.h"

#define DBT_UNPAREN(...) __VA_ARGS__
#define DK_CALL(nr, id, name, handler, flags, nargs, kinds) \
	[nr] = { name, nargs, flags, { DBT_UNPAREN kinds } },
static const struct dbt_call_info calls[] = {
#include <linux/drawbridge_calls.h>
};

#undef DK_CALL

_Static_assert(sizeof(calls) / sizeof(calls[0]) == DK_CALL_COUNT,
	       "one entry per call number");
_Static_assert(DK_CALL_COUNT <= DBT_SLOT_BAD, "a statistics slot per call");
_Static_assert(DK_CALL_MAX_ARGS == 6, "struct dbt_call_info.kinds");

static const char *const kind_names[DK_ARG_KIND_COUNT] = {
	[DK_ARG_NONE] = "NONE",
	[DK_ARG_HANDLE] = "HANDLE",
	[DK_ARG_URI] = "URI",
	[DK_ARG_IN] = "IN",
	[DK_ARG_OUT] = "OUT",
	[DK_ARG_INOUT] = "INOUT",
	[DK_ARG_ADDR] = "ADDR",
	[DK_ARG_CODE] = "CODE",
	[DK_ARG_SIZE] = "SIZE",
	[DK_ARG_NUM] = "NUM",
	[DK_ARG_INT] = "INT",
	[DK_ARG_OFFSET] = "OFFSET",
	[DK_ARG_FLAGS] = "FLAGS",
	[DK_ARG_PROT] = "PROT",
	[DK_ARG_ACCESS] = "ACCESS",
	[DK_ARG_MEMTYPE] = "MEMTYPE",
};

const struct dbt_call_info *dbt_call(uint32_t nr)
{
	return nr < DK_CALL_COUNT && calls[nr].name ? &calls[nr] : NULL;
}

const char *dbt_call_name(uint32_t nr, char *buf, size_t size)
{
	const struct dbt_call_info *ci = dbt_call(nr);

	if (ci)
		return ci->name;
	snprintf(buf, size, "call#%u", nr);
	return buf;
}

int dbt_call_parse(const char *s)
{
	char *end;
	long v;
	int nr;

	if (!*s)
		return -1;
	v = strtol(s, &end, 0);
	if (!*end)
		return v >= 0 && v < DK_CALL_COUNT ? (int)v : -1;
	if (!strncasecmp(s, "Dk", 2))
		s += 2;
	for (nr = 0; nr < DK_CALL_COUNT; nr++)
		if (calls[nr].name && !strcasecmp(s, calls[nr].name + 2))
			return nr;
	return -1;
}

const char *dbt_errno_name(int err, char *buf, size_t size)
{
	const char *n = strerrorname_np(err);

	if (n)
		return n;
	snprintf(buf, size, "E%d", err);
	return buf;
}

static void format_flags(uint64_t v, const char *const names[],
			 const uint64_t bits[], int n, const char *none,
			 char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	if (!v) {
		snprintf(buf, size, "%s", none);
		return;
	}
	for (i = 0; i < n && len < size; i++) {
		if (!(v & bits[i]))
			continue;
		len += snprintf(buf + len, size - len, "%s%s",
				len ? "|" : "", names[i]);
		v &= ~bits[i];
	}
	if (v && len < size)
		snprintf(buf + len, size - len, "%s0x%llx", len ? "|" : "",
			 (unsigned long long)v);
}

void dbt_format_arg(unsigned int kind, uint64_t v, char *buf, size_t size)
{
	static const char *const prot[] = { "READ", "WRITE", "EXEC" };
	static const uint64_t protb[] = { DK_PROT_READ, DK_PROT_WRITE,
					  DK_PROT_EXEC };
	static const char *const acc[] = { "READ", "WRITE" };
	static const uint64_t accb[] = { DK_ACCESS_READ, DK_ACCESS_WRITE };
	static const char *const mem[] = { "RESERVE", "COMMIT", "DECOMMIT",
					   "RELEASE" };
	static const uint64_t memb[] = { DK_MEM_RESERVE, DK_MEM_COMMIT,
					 DK_MEM_DECOMMIT, DK_MEM_RELEASE };

	switch (kind) {
	case DK_ARG_URI:
	case DK_ARG_IN:
	case DK_ARG_OUT:
	case DK_ARG_INOUT:
	case DK_ARG_ADDR:
	case DK_ARG_CODE:
		if (!v) {
			snprintf(buf, size, "NULL");
			break;
		}
		/* fall through */
	case DK_ARG_HANDLE:
	case DK_ARG_FLAGS:
		snprintf(buf, size, "0x%llx", (unsigned long long)v);
		break;
	case DK_ARG_INT:
		snprintf(buf, size, "%lld", (long long)v);
		break;
	case DK_ARG_OFFSET:
		if (v == DK_OFFSET_NONE)
			snprintf(buf, size, "cur");
		else if (v == DK_OFFSET_PEEK)
			snprintf(buf, size, "peek");
		else
			snprintf(buf, size, "%llu", (unsigned long long)v);
		break;
	case DK_ARG_PROT:
		format_flags(v, prot, protb, 3, "NONE", buf, size);
		break;
	case DK_ARG_ACCESS:
		format_flags(v, acc, accb, 2, "0", buf, size);
		break;
	case DK_ARG_MEMTYPE:
		format_flags(v, mem, memb, 4, "0", buf, size);
		break;
	default:
		snprintf(buf, size, "%llu", (unsigned long long)v);
		break;
	}
}

int dbt_call_str_arg(const struct dbt_call_info *ci)
{
	int i;

	for (i = 0; i < ci->nargs && i < 4; i++)
		if (ci->kinds[i] == DK_ARG_URI)
			return i;
	return -1;
}

uint8_t dbt_call_bpf_flags(uint32_t nr)
{
	const struct dbt_call_info *ci = dbt_call(nr);
	uint8_t f;

	if (!ci)
		return 0;
	f = dbt_call_str_arg(ci) + 1;
	if (ci->flags & DK_CF_NORETURN)
		f |= DBT_CALL_NORET;
	return f;
}

void dbt_list_calls(FILE *f)
{
	static const char *const flag_names[] = { "RET_HANDLE", "NORETURN",
						  "INTERNAL" };
	static const unsigned int flag_bits[] = { DK_CF_RET_HANDLE,
						  DK_CF_NORETURN,
						  DK_CF_INTERNAL };
	unsigned int nr, i, k, rest;

	for (nr = 0; nr < DK_CALL_COUNT; nr++) {
		const struct dbt_call_info *ci = &calls[nr];

		fprintf(f, "%u %s %u ", nr, ci->name, ci->nargs);
		for (i = 0; i < ci->nargs; i++) {
			k = ci->kinds[i];
			fprintf(f, "%s%s", i ? "," : "",
				k < DK_ARG_KIND_COUNT ? kind_names[k] : "?");
		}
		fputs(ci->nargs ? " " : "- ", f);
		rest = ci->flags;
		for (i = 0; i < 3; i++) {
			if (rest & flag_bits[i])
				fprintf(f, "%s%s", rest != ci->flags ? "," : "",
					flag_names[i]);
			rest &= ~flag_bits[i];
		}
		if (rest)
			fprintf(f, "%s0x%x", rest != ci->flags ? "," : "", rest);
		fputs(ci->flags ? "\n" : "-\n", f);
	}
}
