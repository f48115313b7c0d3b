/* SPDX-License-Identifier: GPL-2.0 */
/* dbtrace: live mode, one line (or JSON object) per event. */
#ifndef DBT_LIVE_H
#define DBT_LIVE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct dbt_live {
	FILE *out;
	int json;
	int64_t mono_to_real_ns;	/* CLOCK_REALTIME - CLOCK_MONOTONIC */
	uint64_t calls;			/* events printed */
};

void dbt_live_init(struct dbt_live *l, FILE *out, int json);

/* ring_buffer_sample_fn: print one struct dbt_event. */
int dbt_live_event(void *ctx, void *data, size_t size);

#endif /* DBT_LIVE_H */
