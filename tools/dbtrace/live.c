// SPDX-License-Identifier: GPL-2.0
/*
 * dbtrace: live mode.  Text lines look like strace's:
 *
 *   20:07:13.123456 1234/1234 DkObjectClose(0x0) = -9 EBADF (Bad file descriptor) <0.712us>
 *   20:07:13.123470 1234/1234 DkStreamOpen("file:/etc/x", READ, 0x0, 0x0) = 0x10003 <5.210us>
 *   20:07:13.123480 1234/1234 DkStreamOpen denied by policy: "file:/etc/x" (EACCES)
 *
 * With --json every event is one JSON object on its own line.
 */
#include <ctype.h>
#include <string.h>
#include <time.h>
#include <linux/drawbridge.h>

#include "dbtrace.h"
#include "jsonstr.h"
#include "live.h"
#include "names.h"

void dbt_live_init(struct dbt_live *l, FILE *out, int json)
{
	struct timespec rt, mt;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_MONOTONIC, &mt);
	l->out = out;
	l->json = json;
	l->calls = 0;
	l->mono_to_real_ns = (rt.tv_sec - mt.tv_sec) * 1000000000LL +
			     (rt.tv_nsec - mt.tv_nsec);
}

static void print_time(struct dbt_live *l, uint64_t mono_ns)
{
	int64_t real = (int64_t)mono_ns + l->mono_to_real_ns;
	time_t sec = real / 1000000000LL;
	struct tm tm;

	localtime_r(&sec, &tm);
	fprintf(l->out, "%02d:%02d:%02d.%06lld ", tm.tm_hour, tm.tm_min,
		tm.tm_sec, (long long)(real % 1000000000LL) / 1000);
}

/* A C-style quoted string; a string that filled the buffer gets "...". */
static void print_cstr(FILE *f, const char *s)
{
	const unsigned char *p;

	fputc('"', f);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (isprint(*p))
			fputc(*p, f);
		else
			fprintf(f, "\\x%02x", *p);
	}
	fputc('"', f);
	if (strlen(s) == DBT_STR_MAX - 1)
		fputs("...", f);
}

static void print_args(struct dbt_live *l, const struct dbt_event *e,
		       const struct dbt_call_info *ci)
{
	char buf[64];
	int i, sa;

	if (!ci) {
		fprintf(l->out, "0x%llx, 0x%llx, 0x%llx, 0x%llx",
			(unsigned long long)e->args[0],
			(unsigned long long)e->args[1],
			(unsigned long long)e->args[2],
			(unsigned long long)e->args[3]);
		return;
	}
	sa = dbt_call_str_arg(ci);
	for (i = 0; i < ci->nargs && i < 4; i++) {
		if (i)
			fputs(", ", l->out);
		if (i == sa && (e->flags & DBT_EVF_STR)) {
			print_cstr(l->out, e->str);
			continue;
		}
		dbt_format_arg(ci->kinds[i], e->args[i], buf, sizeof(buf));
		fputs(buf, l->out);
	}
}

static void text_call(struct dbt_live *l, const struct dbt_event *e)
{
	const struct dbt_call_info *ci = dbt_call(e->nr);
	char nb[32], eb[16];

	print_time(l, e->ts_ns);
	fprintf(l->out, "%d/%d %s(", e->pid, e->tid,
		dbt_call_name(e->nr, nb, sizeof(nb)));
	print_args(l, e, ci);
	fputs(") = ", l->out);
	if (e->flags & DBT_EVF_NORET)
		fputs("?\n", l->out);
	else if (e->ret < 0)
		fprintf(l->out, "%lld %s (%s) <%.3fus>\n", (long long)e->ret,
			dbt_errno_name(-e->ret, eb, sizeof(eb)),
			strerror(-e->ret), e->duration_ns / 1e3);
	else if (ci && (ci->flags & DK_CF_RET_HANDLE))
		fprintf(l->out, "0x%llx <%.3fus>\n", (long long)e->ret,
			e->duration_ns / 1e3);
	else
		fprintf(l->out, "%lld <%.3fus>\n", (long long)e->ret,
			e->duration_ns / 1e3);
}

static void text_deny(struct dbt_live *l, const struct dbt_event *e)
{
	char nb[32], eb[16];

	print_time(l, e->ts_ns);
	fprintf(l->out, "%d/%d %s denied by policy: ", e->pid, e->tid,
		dbt_call_name(e->nr, nb, sizeof(nb)));
	print_cstr(l->out, e->str);
	fprintf(l->out, " (%s)\n", dbt_errno_name(-e->err, eb, sizeof(eb)));
}

static void json_event(struct dbt_live *l, const struct dbt_event *e)
{
	char nb[32], eb[16];
	int i;

	fprintf(l->out,
		"{\"type\":\"%s\",\"time_ns\":%lld,\"pid\":%d,\"tid\":%d,\"nr\":%u,\"call\":",
		e->type == DBT_EV_DENY ? "deny" : "call",
		(long long)e->ts_ns + l->mono_to_real_ns, e->pid, e->tid,
		e->nr);
	dbt_json_str(l->out, dbt_call_name(e->nr, nb, sizeof(nb)));
	if (e->type == DBT_EV_DENY) {
		fprintf(l->out, ",\"error\":\"%s\",\"what\":",
			dbt_errno_name(-e->err, eb, sizeof(eb)));
		dbt_json_str(l->out, e->str);
		fputs("}\n", l->out);
		return;
	}
	fputs(",\"args\":[", l->out);
	for (i = 0; i < 4; i++)
		fprintf(l->out, "%s%llu", i ? "," : "",
			(unsigned long long)e->args[i]);
	fputc(']', l->out);
	if (e->flags & DBT_EVF_STR) {
		fputs(",\"uri\":", l->out);
		dbt_json_str(l->out, e->str);
	}
	if (e->flags & DBT_EVF_NORET) {
		fputs(",\"returned\":false}\n", l->out);
		return;
	}
	fprintf(l->out, ",\"ret\":%lld", (long long)e->ret);
	if (e->ret < 0)
		fprintf(l->out, ",\"error\":\"%s\"",
			dbt_errno_name(-e->ret, eb, sizeof(eb)));
	fprintf(l->out, ",\"duration_ns\":%llu}\n",
		(unsigned long long)e->duration_ns);
}

int dbt_live_event(void *ctx, void *data, size_t size)
{
	const struct dbt_event *e = data;
	struct dbt_live *l = ctx;

	if (size < sizeof(*e))
		return 0;
	if (l->json)
		json_event(l, e);
	else if (e->type == DBT_EV_DENY)
		text_deny(l, e);
	else
		text_call(l, e);
	l->calls++;
	return 0;
}
