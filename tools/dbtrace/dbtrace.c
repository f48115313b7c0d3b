// SPDX-License-Identifier: GPL-2.0
/*
 * dbtrace: trace the Dk calls of picoprocesses, like strace, strace -c
 * and a latency histogram, from the drawbridge.ko tracepoints with eBPF.
 * See Documentation/dbtrace.rst.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/drawbridge.h>

#include "dbtrace.h"
#include "dbtrace.skel.h"
#include "live.h"
#include "names.h"
#include "opts.h"
#include "preflight.h"
#include "spawn.h"
#include "summary.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int verbose;

static int libbpf_msg(enum libbpf_print_level level, const char *fmt,
		      va_list ap)
{
	if (level == LIBBPF_DEBUG && !verbose)
		return 0;
	if (level == LIBBPF_INFO && !verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* Say "dbtrace: @what: <the error @err>@hint"; the exit status, 1. */
static int fail(const char *what, int err, const char *hint)
{
	fprintf(stderr, "dbtrace: %s: %s%s\n", what, strerror(err), hint);
	return 1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void configure(struct dbtrace_bpf *skel, const struct dbt_opts *o,
		      pid_t pid, int follow)
{
	int live = o->view == DBT_VIEW_LIVE;
	unsigned int nr;

	skel->rodata->cfg_mode = live ? DBT_MODE_LIVE : DBT_MODE_AGG;
	skel->rodata->cfg_pid = pid;
	skel->rodata->cfg_follow = follow;
	skel->rodata->cfg_failed_only = o->failed_only;
	skel->rodata->cfg_slots = o->slots;
	for (nr = 0; nr < DBT_NR_SLOTS; nr++)
		skel->rodata->cfg_call[nr] = dbt_call_bpf_flags(nr);
	bpf_program__set_autoload(skel->progs.dbt_fork, follow);
	bpf_program__set_autoload(skel->progs.dbt_task_exit, follow);
	if (!live)	/* no events: the smallest ring buffer will do */
		bpf_map__set_max_entries(skel->maps.events, getpagesize());
}

/* Wait for the end: signal, -d, the command's or the -p process's exit. */
static int run_loop(struct ring_buffer *rb, const struct dbt_opts *o,
		    struct dbt_child *child, int *child_status)
{
	double end = o->duration > 0 ? now_s() + o->duration : 0;
	int n;

	while (!stop) {
		if (rb) {
			n = ring_buffer__poll(rb, 100);
			if (n < 0 && n != -EINTR) {
				fprintf(stderr, "dbtrace: ring buffer: %s\n",
					strerror(-n));
				return 1;
			}
			if (n > 0)
				fflush(stdout);
		} else {
			usleep(100000);
		}
		if (end && now_s() >= end)
			break;
		if (child && dbt_child_done(child, child_status))
			break;
		if (o->pid && kill(o->pid, 0) && errno == ESRCH)
			break;
	}
	if (rb)
		ring_buffer__consume(rb);
	return 0;
}

static int report(struct dbtrace_bpf *skel, const struct dbt_opts *o)
{
	struct dbt_agg agg;
	int err;

	err = dbt_agg_read(bpf_map__fd(skel->maps.stats),
			   bpf_map__fd(skel->maps.errs), &agg);
	if (err) {
		fprintf(stderr, "dbtrace: reading the counters: %s\n",
			strerror(-err));
		return 1;
	}
	if (o->view == DBT_VIEW_SUMMARY)
		dbt_summary_print(stdout, &agg, o->json);
	else
		dbt_hist_print(stdout, &agg, o->hist_nr, o->json);
	dbt_agg_free(&agg);
	return 0;
}

int main(int argc, char **argv)
{
	struct dbt_child child = { .pid = 0, .go_fd = -1 };
	struct ring_buffer *rb = NULL;
	struct dbtrace_bpf *skel;
	struct sigaction sa = { .sa_handler = on_signal };
	struct dbt_live live;
	struct dbt_opts o;
	int ret, status = 0, child_status = 0, follow;
	pid_t pid;
	__u8 one = 1;

	ret = dbt_parse_opts(argc, argv, &o);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (dbt_preflight())
		return 1;
	if (o.pid && kill(o.pid, 0) && errno == ESRCH) {
		fprintf(stderr, "dbtrace: no process %d\n", o.pid);
		return 1;
	}
	verbose = o.verbose;
	libbpf_set_print(libbpf_msg);

	pid = o.pid;
	follow = o.follow;
	if (o.cmd) {
		ret = dbt_child_spawn(o.cmd, &child);
		if (ret)
			return fail("fork", -ret, "");
		pid = child.pid;
		follow = 1;
	}

	skel = dbtrace_bpf__open();
	if (!skel) {
		status = fail("opening the BPF object", errno, "");
		goto out_child;
	}
	configure(skel, &o, pid, follow);
	ret = dbtrace_bpf__load(skel);
	if (ret) {
		status = fail("loading the BPF programs failed", -ret,
			      " (run with -v for the verifier's log)");
		goto out_skel;
	}
	if (pid && bpf_map__update_elem(skel->maps.traced, &pid, sizeof(pid),
					&one, sizeof(one), BPF_ANY)) {
		status = fail("setting the pid filter", errno, "");
		goto out_skel;
	}
	ret = dbtrace_bpf__attach(skel);
	if (ret) {
		status = fail("attaching to the drawbridge tracepoints failed",
			      -ret, "");
		goto out_skel;
	}
	if (o.view == DBT_VIEW_LIVE) {
		dbt_live_init(&live, stdout, o.json);
		rb = ring_buffer__new(bpf_map__fd(skel->maps.events),
				      dbt_live_event, &live, NULL);
		if (!rb) {
			status = fail("ring buffer", errno, "");
			goto out_skel;
		}
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fprintf(stderr, "dbtrace: ready\n");
	fflush(stderr);
	if (o.cmd)
		dbt_child_release(&child, 1);

	status = run_loop(rb, &o, o.cmd ? &child : NULL, &child_status);
	if (!status && o.view != DBT_VIEW_LIVE)
		status = report(skel, &o);
	fflush(stdout);
	if (skel->bss->dbt_dropped)
		fprintf(stderr,
			"dbtrace: %llu events lost (ring buffer full)\n",
			(unsigned long long)skel->bss->dbt_dropped);
	ring_buffer__free(rb);
out_skel:
	dbtrace_bpf__destroy(skel);
out_child:
	if (o.cmd) {
		dbt_child_release(&child, 0);
		/* Interrupted: the command stops with us (it got SIGINT too). */
		while (!dbt_child_done(&child, &child_status))
			usleep(10000);
		if (!status)
			status = child_status;
	}
	return status;
}
