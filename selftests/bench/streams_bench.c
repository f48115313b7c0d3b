// SPDX-License-Identifier: GPL-2.0
/*
 * Stream benchmarks, each against its native baseline in the same run:
 *   file_seq_write_64k / file_seq_read_64k: 256 MiB in 64 KiB chunks,
 *     DkStreamWrite/DkStreamRead on a file: stream vs pwrite(2)/pread(2)
 *   pipe_throughput_64k: 256 MiB through pipe: vs a Linux pipe
 *   tcp_loopback_64k: 256 MiB over loopback tcp: vs native sockets
 *   pipe_rtt_1byte: 1-byte ping-pong round trip, pipe: vs two Linux pipes
 * Throughputs are the best of three runs, latencies the best of three means.
 */
#include "bench.h"
#include "../drawbridge/streams_util.h"

#include <pthread.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define CHUNK	(64UL << 10)
#define TOTAL	(256UL << 20)
#define RTT_N	20000
#define RUNS	3

static int dkfd;
static char chunk[CHUNK];

/* One end of a channel: a Dk handle, or host fds to read and write. */
struct chan {
	int dk;
	long h;
	int rfd, wfd;
};

static long cwrite(struct chan *c, const void *b, size_t n)
{
	return c->dk ? st_write(dkfd, c->h, DK_OFFSET_NONE, b, n) :
		       write(c->wfd, b, n);
}

static long cread(struct chan *c, void *b, size_t n)
{
	return c->dk ? st_read(dkfd, c->h, DK_OFFSET_NONE, b, n) :
		       read(c->rfd, b, n);
}

static void die(const char *what, long r)
{
	fprintf(stderr, "streams_bench: %s failed: %ld\n", what, r);
	exit(1);
}

static void *pump(void *arg)
{
	struct chan *c = arg;
	unsigned long done = 0;
	size_t off;
	long r;

	while (done < TOTAL) {
		for (off = 0; off < CHUNK; off += r) {
			r = cwrite(c, chunk + off, CHUNK - off);
			if (r <= 0)
				die("write", r);
		}
		done += CHUNK;
	}
	return NULL;
}

/* MB/s moving TOTAL bytes from @w (written by another thread) to @r. */
static double stream_mbps(struct chan *w, struct chan *r)
{
	static char buf[CHUNK];
	unsigned long got = 0;
	pthread_t t;
	double t0;
	long n;

	t0 = bench_now_ns();
	pthread_create(&t, NULL, pump, w);
	while (got < TOTAL && (n = cread(r, buf, CHUNK)) > 0)
		got += n;
	pthread_join(t, NULL);
	if (got != TOTAL)
		die("read", got);
	return TOTAL / ((bench_now_ns() - t0) / 1e9) / 1e6;
}

static double file_mbps(struct chan *c, int wr)
{
	static char buf[CHUNK];
	unsigned long off;
	double t0 = bench_now_ns();
	long n;

	for (off = 0; off < TOTAL; off += CHUNK) {
		if (wr)
			n = c->dk ? st_write(dkfd, c->h, off, chunk, CHUNK) :
				    pwrite(c->wfd, chunk, CHUNK, off);
		else
			n = c->dk ? st_read(dkfd, c->h, off, buf, CHUNK) :
				    pread(c->rfd, buf, CHUNK, off);
		if (n != (long)CHUNK)
			die("file io", n);
	}
	return TOTAL / ((bench_now_ns() - t0) / 1e9) / 1e6;
}

static void *ponger(void *arg)
{
	struct chan *c = arg;
	char b;
	int i;

	for (i = 0; i < RTT_N; i++)
		if (cread(c, &b, 1) != 1 || cwrite(c, &b, 1) != 1)
			break;
	return NULL;
}

static double rtt_ns(struct chan *mine, struct chan *theirs)
{
	pthread_t t;
	double t0;
	char b = 'x';
	int i;

	pthread_create(&t, NULL, ponger, theirs);
	t0 = bench_now_ns();
	for (i = 0; i < RTT_N; i++)
		if (cwrite(mine, &b, 1) != 1 || cread(mine, &b, 1) != 1)
			die("ping", i);
	t0 = (bench_now_ns() - t0) / RTT_N;
	pthread_join(t, NULL);
	return t0;
}

static double max2(double a, double b)
{
	return a > b ? a : b;
}

static double min2(double a, double b)
{
	return a < b ? a : b;
}

static void bench_files(const char *dir)
{
	struct chan d = { .dk = 1 }, n = { 0 };
	double dw = 0, nw = 0, dr = 0, nr = 0;
	char path[256];
	int i;

	d.h = st_open(dkfd, "file:/bench.dk", DK_ACCESS_RDWR, 0,
		      DK_CREATE_TRY | DK_CREATE_TRUNCATE, 0);
	snprintf(path, sizeof(path), "%s/bench.native", dir);
	n.rfd = n.wfd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (d.h < 0 || n.rfd < 0)
		die("file open", d.h);
	for (i = 0; i < RUNS; i++) {
		nw = max2(nw, file_mbps(&n, 1));
		dw = max2(dw, file_mbps(&d, 1));
		nr = max2(nr, file_mbps(&n, 0));
		dr = max2(dr, file_mbps(&d, 0));
	}
	bench_report("file_seq_write_64k", dw, nw, 0.9, 0);
	bench_report("file_seq_read_64k", dr, nr, 0.9, 0);
	st_close(dkfd, d.h);
	close(n.rfd);
	unlink(path);
	snprintf(path, sizeof(path), "%s/bench.dk", dir);
	unlink(path);
}

/*
 * Report as @name the best throughput of RUNS runs from @dw to @dr
 * (Drawbridge) and from @nw to @nr (native), the two in turn.
 */
static void report_stream_mbps(const char *name, struct chan *dw,
			       struct chan *dr, struct chan *nw,
			       struct chan *nr, double target)
{
	double d = 0, n = 0;
	int i;

	for (i = 0; i < RUNS; i++) {
		n = max2(n, stream_mbps(nw, nr));
		d = max2(d, stream_mbps(dw, dr));
	}
	bench_report(name, d, n, target, 0);
}

static void bench_pipes(void)
{
	struct chan dw = { .dk = 1 }, dr = { .dk = 1 };
	struct chan nw = { 0 }, nr = { 0 };
	double dl = 1e18, nl = 1e18;
	int p[2], q[2], i;
	long srv;

	srv = st_open(dkfd, "pipe.srv:bench", DK_ACCESS_RDWR, 0, 0, 0);
	dw.h = st_open(dkfd, "pipe:bench", DK_ACCESS_RDWR, 0, 0, 0);
	dr.h = st_accept(dkfd, srv);
	if (srv < 0 || dw.h < 0 || dr.h < 0 || pipe(p) || pipe(q))
		die("pipe setup", dr.h);
	/* Native: p carries ping (and the bulk data), q carries pong. */
	nw.wfd = p[1];
	nw.rfd = q[0];
	nr.rfd = p[0];
	nr.wfd = q[1];
	report_stream_mbps("pipe_throughput_64k", &dw, &dr, &nw, &nr, 0.8);
	for (i = 0; i < RUNS; i++) {
		nl = min2(nl, rtt_ns(&nw, &nr));
		dl = min2(dl, rtt_ns(&dw, &dr));
	}
	bench_report("pipe_rtt_1byte", dl, nl, 1.5, 1);
	st_close(dkfd, dw.h);
	st_close(dkfd, dr.h);
	st_close(dkfd, srv);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
}

static void bench_tcp(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct chan dw = { .dk = 1 }, dr = { .dk = 1 };
	struct chan nw = { 0 }, nr = { 0 };
	char name[96], uri[128];
	socklen_t len = sizeof(sa);
	int ls;
	long srv;

	srv = st_open(dkfd, "tcp.srv:127.0.0.1:0", DK_ACCESS_RDWR, 0, 0, 0);
	if (srv < 0 || st_get_name(dkfd, srv, name, sizeof(name)) < 0)
		die("tcp.srv", srv);
	snprintf(uri, sizeof(uri), "tcp:%s", strchr(name, ':') + 1);
	dw.h = st_open(dkfd, uri, DK_ACCESS_RDWR, 0, 0, 0);
	dr.h = st_accept(dkfd, srv);
	if (dw.h < 0 || dr.h < 0)
		die("tcp connect", dw.h);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0 || bind(ls, (void *)&sa, sizeof(sa)) || listen(ls, 1) ||
	    getsockname(ls, (void *)&sa, &len))
		die("native listen", -1);
	nw.rfd = nw.wfd = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(nw.wfd, (void *)&sa, sizeof(sa)))
		die("native connect", -1);
	nr.rfd = nr.wfd = accept(ls, NULL, NULL);
	if (nr.rfd < 0)
		die("native accept", -1);
	report_stream_mbps("tcp_loopback_64k", &dw, &dr, &nw, &nr, 0.9);
	st_close(dkfd, dw.h);
	st_close(dkfd, dr.h);
	st_close(dkfd, srv);
	close(nw.wfd);
	close(nr.rfd);
	close(ls);
}

int main(void)
{
	char dir[64];

	memset(chunk, 0x5a, sizeof(chunk));
	if (!st_tmpdir(dir))
		die("mkdtemp", -1);
	dkfd = st_open_ctx();
	if (dkfd < 0)
		die("open " DK_DEVICE_PATH, dkfd);
	if (st_add_root(dkfd, dir, "/", 1) ||
	    st_add_net(dkfd, DK_NET_BIND, "127.0.0.1", 32, 0, 65535) ||
	    st_add_net(dkfd, DK_NET_CONNECT, "127.0.0.1", 32, 1, 65535) ||
	    ioctl(dkfd, DK_IOC_SEAL))
		die("policy set-up", -1);
	bench_files(dir);
	bench_pipes();
	bench_tcp();
	rmdir(dir);
	return 0;
}
