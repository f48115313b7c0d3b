// SPDX-License-Identifier: GPL-2.0
/* dbtrace: command line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtrace.h"
#include "names.h"
#include "opts.h"

static const char usage[] =
"usage: dbtrace [-c | -H CALL] [-p PID [-F]] [-e CALL,...] [-f] [--json]\n"
"               [-d SECONDS] [-v] [-- COMMAND [ARG...]]\n"
"Trace the Dk calls of picoprocesses (drawbridge.ko tracepoints, eBPF).\n"
"  (default)         live: one line per call, as it returns\n"
"  -c, --summary     per-call table (count, errors, time, p50/p99) at exit\n"
"  -H, --histogram CALL  log2 latency histogram of CALL at exit\n"
"  -p, --pid PID     only process PID\n"
"  -F, --follow      with -p: also the processes PID forks, recursively\n"
"  -e, --calls LIST  only these calls (names with or without Dk, or numbers)\n"
"  -f, --failed      only calls that returned an error\n"
"  -j, --json        JSON output (live: one object per line)\n"
"  -d, --duration S  stop after S seconds\n"
"  -v, --verbose     show libbpf's messages\n"
"      --list-calls  print the Dk calls dbtrace knows (number, name, argument\n"
"                    count and kinds, flags) and exit\n"
"  -- COMMAND        run COMMAND, trace it and its descendants, stop when it\n"
"                    exits; dbtrace then exits with its status\n"
"Stop with Ctrl-C (SIGINT) or SIGTERM; -c and -H print their result then.\n"
"dbtrace prints \"dbtrace: ready\" on stderr once it is attached.\n";

static int parse_calls(char *list, uint64_t *slots)
{
	char *tok, *save = NULL;
	int nr;

	*slots = 0;
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		nr = dbt_call_parse(tok);
		if (nr < 0 || nr >= DBT_SLOT_BAD) {
			fprintf(stderr, "dbtrace: unknown call '%s'\n", tok);
			return -1;
		}
		*slots |= 1ULL << nr;
	}
	return *slots ? 0 : -1;
}

int dbt_parse_opts(int argc, char **argv, struct dbt_opts *o)
{
	static const struct option longopts[] = {
		{ "summary", no_argument, NULL, 'c' },
		{ "histogram", required_argument, NULL, 'H' },
		{ "pid", required_argument, NULL, 'p' },
		{ "follow", no_argument, NULL, 'F' },
		{ "calls", required_argument, NULL, 'e' },
		{ "failed", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "duration", required_argument, NULL, 'd' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "list-calls", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	long v;
	int c;

	memset(o, 0, sizeof(*o));
	o->slots = ~0ULL;
	o->hist_nr = -1;
	while ((c = getopt_long(argc, argv, "+cH:p:Fe:fjd:vh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'c':
			o->view = DBT_VIEW_SUMMARY;
			break;
		case 'H':
			o->view = DBT_VIEW_HIST;
			o->hist_nr = dbt_call_parse(optarg);
			if (o->hist_nr < 0) {
				fprintf(stderr, "dbtrace: unknown call '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'p':
			v = strtol(optarg, &end, 10);
			if (*end || v <= 0 || v > 0x7fffffff) {
				fprintf(stderr, "dbtrace: bad pid '%s'\n",
					optarg);
				return 2;
			}
			o->pid = v;
			break;
		case 'F':
			o->follow = 1;
			break;
		case 'e':
			if (parse_calls(optarg, &o->slots))
				return 2;
			break;
		case 'f':
			o->failed_only = 1;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'd':
			o->duration = strtod(optarg, &end);
			if (*end || o->duration <= 0) {
				fprintf(stderr, "dbtrace: bad duration '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		case 'L':
			dbt_list_calls(stdout);
			return -1;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind < argc)
		o->cmd = argv + optind;
	if (o->cmd && o->pid) {
		fprintf(stderr, "dbtrace: -p and a command exclude each other\n");
		return 2;
	}
	if (o->follow && !o->pid) {
		fprintf(stderr, "dbtrace: -F needs -p PID\n");
		return 2;
	}
	if (o->view == DBT_VIEW_HIST)
		o->slots &= 1ULL << o->hist_nr;
	if (!o->slots) {
		fprintf(stderr, "dbtrace: -H CALL is not among the -e calls\n");
		return 2;
	}
	return 0;
}
