/* SPDX-License-Identifier: GPL-2.0 */
/* dbtrace: command line. */
#ifndef DBT_OPTS_H
#define DBT_OPTS_H

#include <stdint.h>
#include <sys/types.h>

enum dbt_view {
	DBT_VIEW_LIVE,		/* one line per call */
	DBT_VIEW_SUMMARY,	/* -c: table at the end */
	DBT_VIEW_HIST,		/* -H CALL: latency histogram at the end */
};

struct dbt_opts {
	enum dbt_view view;
	int hist_nr;		/* -H: the call */
	pid_t pid;		/* -p: 0 for every process */
	int follow;		/* -F: descendants of -p PID (or of CMD) too */
	int failed_only;	/* -f */
	uint64_t slots;		/* -e: bit per call slot, ~0 for all */
	int json;		/* --json */
	double duration;	/* -d: stop after this many seconds, 0: never */
	int verbose;		/* -v: libbpf's messages */
	char **cmd;		/* command to run and trace, or NULL */
};

/*
 * Parse argv into @o.  Returns 0, or prints a message and returns 2 (the
 * exit status) on bad usage, or -1 after printing help or the call list.
 */
int dbt_parse_opts(int argc, char **argv, struct dbt_opts *o);

#endif /* DBT_OPTS_H */
