/* SPDX-License-Identifier: GPL-2.0 */
/* dbtrace: JSON string output. */
#ifndef DBT_JSONSTR_H
#define DBT_JSONSTR_H

#include <stdio.h>

/* Write @s to @f as a quoted JSON string. */
void dbt_json_str(FILE *f, const char *s);

#endif /* DBT_JSONSTR_H */
