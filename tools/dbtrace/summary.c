// SPDX-License-Identifier: GPL-2.0
/*
 * dbtrace: -c summary table and -H histogram.  The BPF side keeps, per
 * call, counters and a histogram with eight sub-buckets per power of two
 * (dbtrace.h); percentiles are read from it, so p50 and p99 are exact to
 * the bucket: never below the true value, at most 12.5% above it.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "jsonstr.h"
#include "names.h"
#include "summary.h"

/* Lowest value of histogram bucket @i, and its width. */
static unsigned long long bucket_lo(unsigned int i, unsigned long long *w)
{
	unsigned int msb, sub;

	if (i < DBT_HSUB) {
		*w = 1;
		return i;
	}
	msb = i / DBT_HSUB + DBT_HSUB_BITS - 1;
	sub = i % DBT_HSUB;
	*w = 1ULL << (msb - DBT_HSUB_BITS);
	return (unsigned long long)(DBT_HSUB + sub) << (msb - DBT_HSUB_BITS);
}

unsigned long long dbt_percentile(const struct dbt_stats *s, double q)
{
	unsigned long long need, seen = 0, lo, w;
	unsigned int i;

	if (!s->count)
		return 0;
	need = (unsigned long long)ceil(q * s->count);
	if (!need)
		need = 1;
	for (i = 0; i < DBT_HBUCKETS; i++) {
		seen += s->hist[i];
		if (seen >= need) {
			lo = bucket_lo(i, &w);
			return lo + w - 1 < s->max_ns ? lo + w - 1 : s->max_ns;
		}
	}
	return s->max_ns;
}

int dbt_agg_read(int stats_fd, int errs_fd, struct dbt_agg *a)
{
	int ncpu = libbpf_num_possible_cpus();
	struct dbt_err_key key, next, *prev = NULL;
	struct dbt_stats *per, *d;
	unsigned long long n;
	__u32 slot;
	int c, i;

	memset(a, 0, sizeof(*a));
	if (ncpu <= 0)
		return ncpu ? ncpu : -EINVAL;
	per = calloc(ncpu, sizeof(*per));
	if (!per)
		return -ENOMEM;
	for (slot = 0; slot < DBT_NR_SLOTS; slot++) {
		if (bpf_map_lookup_elem(stats_fd, &slot, per)) {
			free(per);
			return -errno;
		}
		d = &a->slot[slot];
		for (c = 0; c < ncpu; c++) {
			d->count += per[c].count;
			d->errors += per[c].errors;
			d->total_ns += per[c].total_ns;
			d->denied += per[c].denied;
			if (per[c].max_ns > d->max_ns)
				d->max_ns = per[c].max_ns;
			for (i = 0; i < DBT_HBUCKETS; i++)
				d->hist[i] += per[c].hist[i];
		}
	}
	free(per);

	while (!bpf_map_get_next_key(errs_fd, prev, &next)) {
		struct dbt_errcount *grown;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(errs_fd, &key, &n))
			continue;
		grown = realloc(a->errs, (a->nerrs + 1) * sizeof(*a->errs));
		if (!grown)
			return -ENOMEM;
		a->errs = grown;
		a->errs[a->nerrs].slot = key.slot;
		a->errs[a->nerrs].err = key.err;
		a->errs[a->nerrs].count = n;
		a->nerrs++;
	}
	return 0;
}

void dbt_agg_free(struct dbt_agg *a)
{
	free(a->errs);
	a->errs = NULL;
	a->nerrs = 0;
}

static const char *slot_name(unsigned int slot, char *buf, size_t size)
{
	if (slot == DBT_SLOT_BAD) {
		snprintf(buf, size, "(out-of-range)");
		return buf;
	}
	return dbt_call_name(slot, buf, size);
}

static const struct dbt_agg *sort_agg;

/* Order of the table: most total time first, like strace -c. */
static int by_time(const void *x, const void *y)
{
	const struct dbt_stats *a = &sort_agg->slot[*(const unsigned int *)x];
	const struct dbt_stats *b = &sort_agg->slot[*(const unsigned int *)y];

	if (a->total_ns != b->total_ns)
		return a->total_ns < b->total_ns ? 1 : -1;
	if (a->count != b->count)
		return a->count < b->count ? 1 : -1;
	return *(const unsigned int *)x - *(const unsigned int *)y;
}

static int by_err(const void *x, const void *y)
{
	const struct dbt_errcount *a = x, *b = y;

	if (a->slot != b->slot)
		return a->slot < b->slot ? -1 : 1;
	return a->err - b->err;
}

static unsigned int used_slots(const struct dbt_agg *a, unsigned int *order)
{
	unsigned int s, n = 0;

	for (s = 0; s < DBT_NR_SLOTS; s++)
		if (a->slot[s].count || a->slot[s].denied)
			order[n++] = s;
	sort_agg = a;
	qsort(order, n, sizeof(*order), by_time);
	return n;
}

static void print_errs(FILE *f, const struct dbt_agg *a, unsigned int slot,
		       int json)
{
	char eb[16];
	size_t i;
	int first = 1;

	for (i = 0; i < a->nerrs; i++) {
		if (a->errs[i].slot != slot)
			continue;
		if (json)
			fprintf(f, "%s\"%s\":%llu", first ? "" : ",",
				dbt_errno_name(a->errs[i].err, eb, sizeof(eb)),
				a->errs[i].count);
		else
			fprintf(f, "%s%s:%llu", first ? "" : ",",
				dbt_errno_name(a->errs[i].err, eb, sizeof(eb)),
				a->errs[i].count);
		first = 0;
	}
}

void dbt_summary_print(FILE *f, const struct dbt_agg *a, int json)
{
	unsigned long long calls = 0, errors = 0, total = 0, denied = 0;
	unsigned int order[DBT_NR_SLOTS], n, i;
	const struct dbt_stats *s;
	char nb[32];

	qsort(a->errs, a->nerrs, sizeof(*a->errs), by_err);
	n = used_slots(a, order);
	if (json)
		fputs("{\"calls\":[", f);
	else
		fprintf(f, "%-32s %8s %7s %12s %9s %9s %9s %6s  %s\n",
			"call", "calls", "errors", "total_us", "avg_ns",
			"p50_ns", "p99_ns", "denied", "errors by name");
	for (i = 0; i < n; i++) {
		s = &a->slot[order[i]];
		calls += s->count;
		errors += s->errors;
		total += s->total_ns;
		denied += s->denied;
		if (json) {
			fprintf(f, "%s{\"call\":", i ? "," : "");
			dbt_json_str(f, slot_name(order[i], nb, sizeof(nb)));
			fprintf(f,
				",\"nr\":%d,\"count\":%llu,\"errors\":%llu,\"total_ns\":%llu,\"avg_ns\":%llu,\"p50_ns\":%llu,\"p99_ns\":%llu,\"max_ns\":%llu,\"denied\":%llu,\"errnos\":{",
				order[i] == DBT_SLOT_BAD ? -1 : (int)order[i],
				s->count, s->errors, s->total_ns,
				s->count ? s->total_ns / s->count : 0,
				dbt_percentile(s, 0.5), dbt_percentile(s, 0.99),
				s->max_ns, s->denied);
			print_errs(f, a, order[i], 1);
			fputs("}}", f);
			continue;
		}
		fprintf(f, "%-32s %8llu %7llu %12.3f %9llu %9llu %9llu %6llu  ",
			slot_name(order[i], nb, sizeof(nb)), s->count,
			s->errors, s->total_ns / 1e3,
			s->count ? s->total_ns / s->count : 0,
			dbt_percentile(s, 0.5), dbt_percentile(s, 0.99),
			s->denied);
		print_errs(f, a, order[i], 0);
		fputc('\n', f);
	}
	if (json) {
		fprintf(f,
			"],\"total\":{\"count\":%llu,\"errors\":%llu,\"total_ns\":%llu,\"denied\":%llu}}\n",
			calls, errors, total, denied);
		return;
	}
	fprintf(f, "%-32s %8llu %7llu %12.3f %9s %9s %9s %6llu\n", "total",
		calls, errors, total / 1e3, "", "", "", denied);
}

void dbt_hist_print(FILE *f, const struct dbt_agg *a, int nr, int json)
{
	const struct dbt_stats *s = &a->slot[nr];
	unsigned long long oct[DBT_HMAX_LOG2 + 2] = { 0 }, lo, w, peak = 0;
	int i, first = -1, last = -1, k, bar;
	char nb[32];

	/* Fold the fine buckets into powers of two: [2^k, 2^(k+1)). */
	for (i = 0; i < DBT_HBUCKETS; i++) {
		lo = bucket_lo(i, &w);
		k = lo ? 64 - __builtin_clzll(lo) : 0;	/* 0: value 0 */
		oct[k] += s->hist[i];
	}
	for (k = 0; k < DBT_HMAX_LOG2 + 2; k++) {
		if (!oct[k])
			continue;
		if (first < 0)
			first = k;
		last = k;
		if (oct[k] > peak)
			peak = oct[k];
	}
	if (json) {
		fputs("{\"call\":", f);
		dbt_json_str(f, dbt_call_name(nr, nb, sizeof(nb)));
		fprintf(f, ",\"count\":%llu,\"buckets\":[", s->count);
		for (k = first; first >= 0 && k <= last; k++)
			fprintf(f, "%s{\"lo_ns\":%llu,\"hi_ns\":%llu,\"count\":%llu}",
				k == first ? "" : ",",
				k ? 1ULL << (k - 1) : 0, k ? 1ULL << k : 1,
				oct[k]);
		fputs("]}\n", f);
		return;
	}
	fprintf(f, "%s latency (ns), %llu calls, p50 %llu p99 %llu max %llu:\n",
		dbt_call_name(nr, nb, sizeof(nb)), s->count,
		dbt_percentile(s, 0.5), dbt_percentile(s, 0.99), s->max_ns);
	for (k = first; first >= 0 && k <= last; k++) {
		char range[48];

		if (k)
			snprintf(range, sizeof(range), "[%llu, %llu)",
				 1ULL << (k - 1), 1ULL << k);
		else
			snprintf(range, sizeof(range), "[0]");
		bar = peak ? (int)(oct[k] * 40 / peak) : 0;
		fprintf(f, "%-26s %10llu |%-40.*s|\n", range, oct[k], bar,
			"@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@");
	}
}
