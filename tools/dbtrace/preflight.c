// SPDX-License-Identifier: GPL-2.0
/* dbtrace: checks before loading anything, with clear messages. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/libbpf.h>

#include "preflight.h"

static const char *const tracefs_dirs[] = {
	"/sys/kernel/tracing/events",
	"/sys/kernel/debug/tracing/events",
};

static int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

int dbt_preflight(void)
{
	char path[128];
	int ret, i, tracefs = -1;

	if (geteuid() != 0) {
		fprintf(stderr,
			"dbtrace: must be run as root (loading BPF programs and attaching to tracepoints needs CAP_BPF, CAP_PERFMON and tracefs access)\n");
		return 1;
	}
	/* raw_tp for the drawbridge tracepoints, tracepoint for sched ones */
	ret = libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_RAW_TRACEPOINT, NULL);
	if (ret > 0)
		ret = libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_TRACEPOINT, NULL);
	if (ret <= 0) {
		fprintf(stderr,
			"dbtrace: BPF is unavailable: this kernel cannot load BPF tracepoint programs (%s); it needs CONFIG_BPF_SYSCALL and CONFIG_BPF_EVENTS\n",
			ret < 0 ? strerror(-ret) : "not supported");
		return 1;
	}
	if (!is_dir("/sys/module/drawbridge")) {
		fprintf(stderr,
			"dbtrace: the drawbridge module is not loaded (insmod kmod/drawbridge.ko)\n");
		return 1;
	}
	for (i = 0; i < 2 && tracefs < 0; i++)
		if (is_dir(tracefs_dirs[i]))
			tracefs = i;
	if (tracefs < 0) {
		fprintf(stderr,
			"dbtrace: tracefs is not mounted (mount -t tracefs tracefs /sys/kernel/tracing)\n");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/drawbridge/dk_call_exit",
		 tracefs_dirs[tracefs]);
	if (!is_dir(path)) {
		fprintf(stderr,
			"dbtrace: drawbridge is loaded but has no tracepoints (%s missing)\n",
			path);
		return 1;
	}
	return 0;
}
