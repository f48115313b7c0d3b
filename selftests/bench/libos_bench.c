// SPDX-License-Identifier: GPL-2.0
/*
 * libOS benchmarks (issue 12): unmodified static Linux programs run as
 * picoprocesses under the libOS (dbexec's libOS mode) vs the same
 * program run natively, in the same run, on the same data:
 *  - libos_hello: start to exit of a static glibc hello (median of starts)
 *  - libos_sha256_64m: busybox sha256sum of a 64 MiB file (median)
 *  - libos_sort_1m: busybox sort of a 1 MiB word list (median)
 *  - libos_find_stat: busybox find -newer over 2000 files in 20
 *    directories, one stat per name (median)
 *  - libos_getppid: one trapped and emulated getppid, timed inside the
 *    program over a loop (best round)
 *  - libos_httpd_req: busybox httpd -f serving a small file on loopback,
 *    ns per request (wall time of HTTPD_REQS HTTP/1.0 GETs from
 *    HTTPD_CONNS concurrent clients / HTTPD_REQS; requests per second on
 *    a "#" line), every response checked
 * Process trees (issue 13, proc_rows()):
 *  - libos_sh_fork: one fork+exit+wait of a busybox shell, a subshell
 *    "( exit 0 )" in a loop: (median with FORKS subshells - median
 *    without) / FORKS
 *  - libos_sh_ls_wc: busybox sh -c 'ls DIR|wc -l' end to end (median)
 *  - libos_pipe_rtt, libos_pipe_mbps: a 1-byte round trip and the
 *    throughput between a program and its forked child over pipes
 *    (progs/pipeproc, timed inside the program, best round)
 *  - libos_spawn: one posix_spawn (CLONE_VM|CLONE_VFORK) + waitpid of the
 *    static glibc hello (progs/spawncost, timed inside the program, best
 *    round)
 * Context rows (target 0): the issue asks for the figures, not a bound.
 * The data lives in a fresh /tmp directory, granted read-only (the work
 * directory read-write) by a manifest, and is removed at the end.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "bench.h"

#define PROGS		DBT_TOP "/selftests/libos/progs"
#define BUSYBOX		"/bin/busybox"
#define STARTS		15
#define RUNS		5
#define ROUNDS		5
#define GETPPID_CALLS	"20000"

static char dir[64], manifest[96], big[96], words[96], tree[96], ref[96];

static void die(const char *what)
{
	fprintf(stderr, "libos_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Deterministic pseudo-random bytes (xorshift). */
static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void make_data(void)
{
	static uint64_t buf[8192];
	uint64_t s = 0x9e3779b97f4a7c15ULL;
	char p[160];
	FILE *f;
	int i, j, fd;

	snprintf(dir, sizeof(dir), "/tmp/lxbench.XXXXXX");
	if (!mkdtemp(dir))
		die("mkdtemp");
	snprintf(big, sizeof(big), "%s/big.bin", dir);
	fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die(big);
	for (i = 0; i < (64 << 20) / (int)sizeof(buf); i++) {
		for (j = 0; j < 8192; j++)
			buf[j] = next(&s);
		if (write(fd, buf, sizeof(buf)) != sizeof(buf))
			die(big);
	}
	close(fd);

	snprintf(words, sizeof(words), "%s/words.txt", dir);
	f = fopen(words, "w");
	if (!f)
		die(words);
	for (i = 0; ftell(f) < (1 << 20); i++) {
		uint64_t w = next(&s);
		int len = 3 + w % 9;

		for (j = 0; j < len; j++)
			fputc('a' + (w >> (8 + 5 * (j % 10))) % 26, f);
		fputc('\n', f);
	}
	fclose(f);

	snprintf(ref, sizeof(ref), "%s/ref", dir);
	fd = open(ref, O_WRONLY | O_CREAT, 0644);
	if (fd < 0)
		die(ref);
	close(fd);
	snprintf(tree, sizeof(tree), "%s/tree", dir);
	if (mkdir(tree, 0755))
		die(tree);
	for (i = 0; i < 20; i++) {
		snprintf(p, sizeof(p), "%s/d%02d", tree, i);
		if (mkdir(p, 0755))
			die(p);
		for (j = 0; j < 100; j++) {
			snprintf(p, sizeof(p), "%s/d%02d/f%03d", tree, i, j);
			fd = open(p, O_WRONLY | O_CREAT, 0644);
			if (fd < 0)
				die(p);
			close(fd);
		}
	}

	snprintf(manifest, sizeof(manifest), "%s/manifest", dir);
	f = fopen(manifest, "w");
	if (!f)
		die(manifest);
	fprintf(f, "fs %s %s ro\n", dir, dir);
	fclose(f);
}

/*
 * Run argv (stdin and stderr /dev/null) and return its wall time; its
 * whole stdout is hashed into *@hash (FNV-1a) and its first bytes kept
 * in @out (@outsz > 0).  The program must exit with status 0.
 */
static double run_ns(char *const argv[], uint64_t *hash, char *out,
		     size_t outsz)
{
	posix_spawn_file_actions_t fa;
	double t0 = bench_now_ns();
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t len = 0;
	char buf[65536];
	int p[2], st = -1;
	ssize_t n, i;
	pid_t pid;

	if (pipe(p))
		die("pipe");
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ))
		die(argv[0]);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	while ((n = read(p[0], buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			h = (h ^ (unsigned char)buf[i]) * 0x100000001b3ULL;
		for (i = 0; i < n && len + 1 < outsz; i++)
			out[len++] = buf[i];
	}
	out[len] = '\0';
	close(p[0]);
	if (waitpid(pid, &st, 0) != pid || st != 0) {
		fprintf(stderr, "libos_bench: %s %s exited with status %d\n",
			argv[0], argv[1] ? argv[1] : "", st);
		exit(1);
	}
	*hash = h;
	return bench_now_ns() - t0;
}

/*
 * Median wall time of @n runs of the command @cmd (NULL-terminated),
 * natively into *@native and as a picoprocess into *@pico, alternating.
 * The two outputs must be the same.
 */
static void compare(char **cmd, int n, double *pico, double *native)
{
	char *pv[16] = { BENCH_DBEXEC, "--manifest", manifest, "--" };
	double ps[STARTS], ns[STARTS];
	uint64_t ha, hb;
	char o[8];
	int i;

	for (i = 0; cmd[i] && i < 11; i++)
		pv[4 + i] = cmd[i];
	for (i = 0; i < n; i++) {
		ps[i] = run_ns(pv, &ha, o, sizeof(o));
		ns[i] = run_ns(cmd, &hb, o, sizeof(o));
		if (ha != hb) {
			fprintf(stderr, "libos_bench: %s %s: outputs differ\n",
				cmd[0], cmd[1] ? cmd[1] : "");
			exit(1);
		}
	}
	*pico = bench_median(ps, n);
	*native = bench_median(ns, n);
}

/* ns per getppid inside the program, best of ROUNDS, both ways. */
static void getppid_cost(double *pico, double *native)
{
	char *nv[] = { PROGS "/getppid_loop-glibc", GETPPID_CALLS, NULL };
	char *pv[] = { BENCH_DBEXEC, "--", nv[0], GETPPID_CALLS, NULL };
	char out[64], *p;
	uint64_t h;
	double v;
	int i;

	*pico = *native = 1e30;
	for (i = 0; i < 2 * ROUNDS; i++) {
		run_ns(i & 1 ? nv : pv, &h, out, sizeof(out));
		p = strstr(out, "ns_per_call_x1000=");
		if (!p) {
			fprintf(stderr, "libos_bench: getppid_loop: no result\n");
			exit(1);
		}
		v = strtod(p + strlen("ns_per_call_x1000="), NULL) / 1000.0;
		if (i & 1)
			*native = v < *native ? v : *native;
		else
			*pico = v < *pico ? v : *pico;
	}
}

/*
 * httpd requests per second: busybox httpd -f (a fork per connection)
 * natively and as a picoprocess, driven by HTTPD_CONNS client processes
 * making HTTPD_REQS sequential HTTP/1.0 GETs in all for a small file, on
 * loopback only.  Every response must be "HTTP/1.x 200" with exactly the
 * file as body.
 */
#ifndef HTTPD_REQS
#define HTTPD_REQS	400
#endif
#define HTTPD_CONNS	4
#define HTTPD_BODY	512

static char httpd_body[HTTPD_BODY];

/* A free loopback TCP port (bound and released at once). */
static int httpd_free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(fd, (struct sockaddr *)&a, &len))
		die("httpd port");
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

static int httpd_connect(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons(port);
	if (fd < 0)
		die("socket");
	if (connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* One GET of /small.txt; 0 if the response is the file, else -1. */
static int httpd_get(int port)
{
	static const char req[] = "GET /small.txt HTTP/1.0\r\n\r\n";
	char resp[HTTPD_BODY + 1024], *body;
	size_t len = 0;
	ssize_t n;
	int fd = httpd_connect(port);

	if (fd < 0)
		return -1;
	if (write(fd, req, sizeof(req) - 1) != (ssize_t)sizeof(req) - 1) {
		close(fd);
		return -1;
	}
	while (len < sizeof(resp) - 1 &&
	       (n = read(fd, resp + len, sizeof(resp) - 1 - len)) > 0)
		len += n;
	close(fd);
	resp[len] = '\0';
	body = strstr(resp, "\r\n\r\n");
	/* busybox answers "HTTP/1.1 200 OK" to an HTTP/1.0 request */
	if (strncmp(resp, "HTTP/1.", 7) || strncmp(resp + 8, " 200 ", 5) ||
	    !body)
		return -1;
	body += 4;
	if ((size_t)(resp + len - body) != sizeof(httpd_body) ||
	    memcmp(body, httpd_body, sizeof(httpd_body)))
		return -1;
	return 0;
}

/*
 * Start httpd (@pico: under dbexec with @mf), wait until it accepts,
 * run the load and return its wall time; the server is then ended with
 * SIGTERM.
 */
static double httpd_run(int pico, const char *www, const char *mf, int port)
{
	char addr[32];
	char *nv[] = { BUSYBOX, "httpd", "-f", "-p", addr, "-h", (char *)www,
		       NULL };
	char *pv[] = { BENCH_DBEXEC, "--manifest", (char *)mf, "--", BUSYBOX,
		       "httpd", "-f", "-p", addr, "-h", (char *)www, NULL };
	pid_t srv, cl[HTTPD_CONNS];
	int i, j, fd, st, bad = 0;
	double t0, t;

	snprintf(addr, sizeof(addr), "127.0.0.1:%d", port);
	if (posix_spawn(&srv, pico ? pv[0] : nv[0], NULL, NULL,
			pico ? pv : nv, environ))
		die("spawn httpd");
	for (i = 0; i < 6000; i++) {	/* 60 s */
		fd = httpd_connect(port);
		if (fd >= 0) {
			close(fd);
			break;
		}
		usleep(10000);
	}
	if (i == 6000) {
		fprintf(stderr, "libos_bench: httpd does not accept\n");
		kill(srv, SIGKILL);
		exit(1);
	}
	t0 = bench_now_ns();
	for (i = 0; i < HTTPD_CONNS; i++) {
		cl[i] = fork();
		if (cl[i] < 0)
			die("fork");
		if (!cl[i]) {
			for (j = i; j < HTTPD_REQS; j += HTTPD_CONNS)
				if (httpd_get(port))
					_exit(1);
			_exit(0);
		}
	}
	for (i = 0; i < HTTPD_CONNS; i++)
		if (waitpid(cl[i], &st, 0) != cl[i] || st)
			bad = 1;
	t = bench_now_ns() - t0;
	kill(srv, SIGTERM);
	waitpid(srv, &st, 0);
	if (bad) {
		fprintf(stderr, "libos_bench: httpd%s: a response was wrong\n",
			pico ? " (picoprocess)" : "");
		exit(1);
	}
	return t;
}

/* ns per request of httpd, as a picoprocess and natively. */
static void httpd_cost(double *pico, double *native)
{
	char www[96], file[128], mf[96];
	int fd, port, i;
	FILE *f;

	for (i = 0; i < HTTPD_BODY; i++)
		httpd_body[i] = "abcdefghijklmnopqrstuvwxyz\n"[i % 27];
	snprintf(www, sizeof(www), "%s/www", dir);
	snprintf(file, sizeof(file), "%s/small.txt", www);
	if (mkdir(www, 0755))
		die(www);
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, httpd_body, HTTPD_BODY) != HTTPD_BODY)
		die(file);
	close(fd);
	port = httpd_free_port();
	snprintf(mf, sizeof(mf), "%s/httpd.manifest", dir);
	f = fopen(mf, "w");
	if (!f)
		die(mf);
	fprintf(f, "fs %s %s ro\nnet bind 127.0.0.1 %d\n", www, www, port);
	fclose(f);
	*native = httpd_run(0, www, mf, port) / HTTPD_REQS;
	*pico = httpd_run(1, www, mf, port) / HTTPD_REQS;
	printf("# libos_httpd_req: %.0f requests/s as a picoprocess, %.0f natively (%d GETs, %d clients)\n",
	       1e9 / *pico, 1e9 / *native, HTTPD_REQS, HTTPD_CONNS);
}

/* ---- process trees (issue 13) ------------------------------------- */

#define FORKS		8
#define PIPE_RTTS	"200"
#define PIPE_MIB	"16"
#define SPAWNS		"10"

/* The manifest of the shell rows: the data, and /bin for busybox's exec. */
static char procmf[112];

static void proc_manifest(void)
{
	FILE *f;

	snprintf(procmf, sizeof(procmf), "%s/proc.manifest", dir);
	f = fopen(procmf, "w");
	if (!f)
		die(procmf);
	fprintf(f, "fs %s %s ro\nfs /bin /bin ro\nfs /usr/bin /usr/bin ro\n"
		"fs %s %s ro\n", dir, dir, PROGS, PROGS);
	fclose(f);
}

/*
 * Median wall time of @n runs of busybox sh -c @script, as a picoprocess
 * (*@pico) and natively (*@native), alternating; outputs must agree.
 */
static void sh_compare(const char *script, int n, double *pico,
		       double *native)
{
	char *nv[] = { BUSYBOX, "sh", "-c", (char *)script, NULL };
	char *pv[] = { BENCH_DBEXEC, "--manifest", procmf, "--", BUSYBOX,
		       "sh", "-c", (char *)script, NULL };
	double ps[RUNS], ns[RUNS];
	uint64_t ha, hb;
	char o[8];
	int i;

	for (i = 0; i < n; i++) {
		ps[i] = run_ns(pv, &ha, o, sizeof(o));
		ns[i] = run_ns(nv, &hb, o, sizeof(o));
		if (ha != hb) {
			fprintf(stderr, "libos_bench: sh -c '%s': outputs differ\n",
				script);
			exit(1);
		}
	}
	*pico = bench_median(ps, n);
	*native = bench_median(ns, n);
}

/* One fork+exit+wait of the shell: the loop's cost over FORKS subshells. */
static void sh_fork_cost(double *pico, double *native)
{
	char loop[160];
	double p0, n0;

	snprintf(loop, sizeof(loop),
		 "i=0; while [ $i -lt %d ]; do ( exit 0 ); i=$((i+1)); done; echo $i",
		 FORKS);
	sh_compare("echo 8", 3, &p0, &n0);
	sh_compare(loop, 3, pico, native);
	*pico = (*pico - p0) / FORKS;
	*native = (*native - n0) / FORKS;
}

/* The value after @key in @out, or exit. */
static double out_value(const char *out, const char *key)
{
	const char *p = strstr(out, key);

	if (!p) {
		fprintf(stderr, "libos_bench: no %s in the output\n", key);
		exit(1);
	}
	return strtod(p + strlen(key), NULL) / 1000.0;
}

/* pipeproc's round trip (ns) and throughput (MB/s), best of ROUNDS. */
static void pipe_cost(double rtt[2], double mbps[2])
{
	char *nv[] = { PROGS "/pipeproc-glibc", PIPE_RTTS, PIPE_MIB, NULL };
	char *pv[] = { BENCH_DBEXEC, "--", nv[0], PIPE_RTTS, PIPE_MIB, NULL };
	char out[128];
	double r, m;
	uint64_t h;
	int i, k;

	rtt[0] = rtt[1] = 1e30;
	mbps[0] = mbps[1] = 0;
	for (i = 0; i < 2 * ROUNDS; i++) {
		k = i & 1;	/* 0: picoprocess, 1: native */
		run_ns(k ? nv : pv, &h, out, sizeof(out));
		r = out_value(out, "rtt_ns_x1000=");
		m = out_value(out, "mbps_x1000=");
		rtt[k] = r < rtt[k] ? r : rtt[k];
		mbps[k] = m > mbps[k] ? m : mbps[k];
	}
}

/* spawncost's ns per posix_spawn + wait of hello: [0] pico, [1] native. */
static void spawn_cost(double ns[2])
{
	char *nv[] = { PROGS "/spawncost-glibc", PROGS "/hello-glibc",
		       SPAWNS, "1", NULL };
	char *pv[] = { BENCH_DBEXEC, "--manifest", procmf, "--", nv[0], nv[1],
		       SPAWNS, "1", NULL };
	char out[64];
	double v;
	uint64_t h;
	int i, k;

	ns[0] = ns[1] = 1e30;
	for (i = 0; i < 2 * ROUNDS; i++) {
		k = i & 1;	/* 0: picoprocess, 1: native */
		run_ns(k ? nv : pv, &h, out, sizeof(out));
		v = out_value(out, "spawn_ns_x1000=");
		ns[k] = v < ns[k] ? v : ns[k];
	}
}

/* The process-tree rows: context rows (target 0). */
static void proc_rows(void)
{
	double pk, nt, rtt[2], mbps[2];
	char lswc[160];

	proc_manifest();
	sh_fork_cost(&pk, &nt);
	bench_report("libos_sh_fork", pk, nt, 0, 1);
	snprintf(lswc, sizeof(lswc), "ls %s/d00|wc -l", tree);
	sh_compare(lswc, RUNS, &pk, &nt);
	bench_report("libos_sh_ls_wc", pk, nt, 0, 1);
	pipe_cost(rtt, mbps);
	bench_report("libos_pipe_rtt", rtt[0], rtt[1], 0, 1);
	bench_report("libos_pipe_mbps", mbps[0], mbps[1], 0, 0);
	spawn_cost(rtt);
	bench_report("libos_spawn", rtt[0], rtt[1], 0, 1);
}

int main(void)
{
	char *hello[] = { PROGS "/hello-glibc", NULL };
	char *sha[] = { BUSYBOX, "sha256sum", big, NULL };
	char *sort[] = { BUSYBOX, "sort", words, NULL };
	char *find[] = { BUSYBOX, "find", tree, "-newer", ref, NULL };
	char cmd[128];
	double pk, nt;

	if (access(BUSYBOX, X_OK) || access(hello[0], X_OK)) {
		fprintf(stderr, "libos_bench: needs %s and %s\n", BUSYBOX,
			hello[0]);
		return 1;
	}
	make_data();
	compare(hello, STARTS, &pk, &nt);
	bench_report("libos_hello", pk, nt, 0, 1);
	compare(sha, RUNS, &pk, &nt);
	bench_report("libos_sha256_64m", pk, nt, 0, 1);
	compare(sort, RUNS, &pk, &nt);
	bench_report("libos_sort_1m", pk, nt, 0, 1);
	compare(find, RUNS, &pk, &nt);
	bench_report("libos_find_stat", pk, nt, 0, 1);
	getppid_cost(&pk, &nt);
	bench_report("libos_getppid", pk, nt, 0, 1);
	httpd_cost(&pk, &nt);
	bench_report("libos_httpd_req", pk, nt, 0, 1);
	proc_rows();

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		fprintf(stderr, "libos_bench: could not remove %s\n", dir);
	return 0;
}
