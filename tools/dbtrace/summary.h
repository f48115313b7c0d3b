/* SPDX-License-Identifier: GPL-2.0 */
/* dbtrace: -c summary table and -H histogram from the aggregation maps. */
#ifndef DBT_SUMMARY_H
#define DBT_SUMMARY_H

#include <stdio.h>

#include "dbtrace.h"

struct dbt_errcount {
	unsigned int slot;
	int err;
	unsigned long long count;
};

struct dbt_agg {
	struct dbt_stats slot[DBT_NR_SLOTS];	/* summed over CPUs */
	struct dbt_errcount *errs;
	size_t nerrs;
};

/* Read and sum the stats (per-CPU array) and errs (hash) maps. */
int dbt_agg_read(int stats_fd, int errs_fd, struct dbt_agg *a);
void dbt_agg_free(struct dbt_agg *a);

/* Print the -c table (text or JSON). */
void dbt_summary_print(FILE *f, const struct dbt_agg *a, int json);

/* Print the -H log2 latency histogram of call @nr (text or JSON). */
void dbt_hist_print(FILE *f, const struct dbt_agg *a, int nr, int json);

/*
 * Percentile @q (0..1) of a slot's durations: the upper end of the
 * histogram bucket holding it, capped at the maximum seen.
 */
unsigned long long dbt_percentile(const struct dbt_stats *s, double q);

#endif /* DBT_SUMMARY_H */
