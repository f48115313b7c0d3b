/* SPDX-License-Identifier: GPL-2.0 */
/* dbtrace: Dk call names, argument kinds and error names. */
#ifndef DBT_NAMES_H
#define DBT_NAMES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * One Dk call, from the call list <linux/drawbridge_calls.h>.  Arguments
 * are formatted by kind (enum dk_arg_kind); the tracepoint carries the
 * first four.
 */
struct dbt_call_info {
	const char *name;	/* C API name, e.g. "DkStreamOpen" */
	uint8_t nargs;		/* arguments the call takes */
	uint8_t flags;		/* DK_CF_* */
	uint8_t kinds[6];	/* enum dk_arg_kind of each argument */
};

/* Info for call number @nr, or NULL when @nr is outside the ABI. */
const struct dbt_call_info *dbt_call(uint32_t nr);

/* Name of call @nr; "call#N" (written into @buf) outside the ABI. */
const char *dbt_call_name(uint32_t nr, char *buf, size_t size);

/*
 * Parse a call given by name ("DkStreamOpen", "StreamOpen", any case) or
 * number.  Returns the number or -1.
 */
int dbt_call_parse(const char *s);

/* "EBADF" for 9; "E<n>" (in @buf) when the number has no name. */
const char *dbt_errno_name(int err, char *buf, size_t size);

/* Format argument @v of kind @kind (enum dk_arg_kind) into @buf. */
void dbt_format_arg(unsigned int kind, uint64_t v, char *buf, size_t size);

/*
 * Index of the URI argument the BPF program reads for @ci (the first
 * DK_ARG_URI among the traced arguments), or -1.
 */
int dbt_call_str_arg(const struct dbt_call_info *ci);

/* The per-call byte of the BPF program's cfg_call[] for call @nr. */
uint8_t dbt_call_bpf_flags(uint32_t nr);

/*
 * --list-calls: print the call list as dbtrace knows it, one line per
 * call: "NR NAME NARGS KIND,KIND,... FLAG,FLAG,..." ("-" for none).
 */
void dbt_list_calls(FILE *f);

#endif /* DBT_NAMES_H */
