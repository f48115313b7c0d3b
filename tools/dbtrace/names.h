/* SPDX-License-Identifier: GPL-2.0 */
/* dbtrace: Dk call names, argument kinds and error names. */
#ifndef DBT_NAMES_H
#define DBT_NAMES_H

#include <stddef.h>
#include <stdint.h>

/*
 * Argument kinds, one character per traced argument (the tracepoint
 * carries the first four):
 *   h handle   x address/pointer   f flags (hex)
 *   d unsigned number   i signed number
 *   o offset (DK_OFFSET_NONE = "cur")   p DK_PROT_*   a DK_ACCESS_*
 *   m DK_MEM_*   s string (the URI, read when the call returned)
 */
struct dbt_call_info {
	const char *name;	/* C API name, e.g. "DkStreamOpen" */
	const char *args;	/* argument kinds, see above */
	int ret_handle;		/* a successful result is a handle */
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

/* Format argument @v of kind @kind into @buf. */
void dbt_format_arg(char kind, uint64_t v, char *buf, size_t size);

#endif /* DBT_NAMES_H */
