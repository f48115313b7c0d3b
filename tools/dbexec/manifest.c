// SPDX-License-Identifier: GPL-2.0
/*
 * Manifest parser.
 *
 * The whole file (at most MANIFEST_MAX_SIZE bytes) is read into one
 * buffer, the manifest's text, and parsed in place: the words of the rules
 * point into it, so a manifest is one allocation, freed at once.
 * A line is split into whitespace-separated words after removing any
 * "#" comment.  The first word names a directive, looked up in
 * `directives`; its handler gets the remaining words.  A new kind of
 * directive (fs, net, ...) is one handler plus one table entry.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "manifest.h"

#define MAX_WORDS	8
#define N_LIMITS	3	/* entries of limits[] */

struct parser {
	const char *path;
	unsigned long line;
	struct manifest *m;
	unsigned long seen_line[N_LIMITS];	/* line of each limit, for duplicates */
	unsigned int nfs, nnet;			/* fs and net lines so far */
};

static int perr(const struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int perr(const struct parser *p, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "dbexec: %s:%lu: ", p->path, p->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/* ---- values ---------------------------------------------------------- */

/* A decimal number without sign; returns -1 on junk or overflow. */
static int parse_decimal(const char *s, const char **end, uint64_t *out)
{
	uint64_t v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned int d = (unsigned int)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*end = s;
	*out = v;
	return 0;
}

static int parse_count(const struct parser *p, const char *s, uint64_t *out)
{
	const char *end;

	if (parse_decimal(s, &end, out) < 0 || *end)
		return perr(p, "bad number '%s' (expected a decimal count)", s);
	return 0;
}

static int parse_size(const struct parser *p, const char *s, uint64_t *out)
{
	const char *end;
	unsigned int shift = 0;
	uint64_t v;

	if (parse_decimal(s, &end, &v) < 0)
		goto bad;
	switch (*end) {
	case '\0':
		break;
	case 'K': case 'k':
		shift = 10;
		break;
	case 'M': case 'm':
		shift = 20;
		break;
	case 'G': case 'g':
		shift = 30;
		break;
	default:
		goto bad;
	}
	if (*end && end[1])
		goto bad;
	if (v > (UINT64_MAX >> shift))
		return perr(p, "size '%s' is too large", s);
	*out = v << shift;
	return 0;
bad:
	return perr(p, "bad size '%s' (expected bytes, or a number with a K, M or G suffix)",
		    s);
}

/* ---- directives ------------------------------------------------------ */

struct limit_kind {
	const char *name;
	int (*parse)(const struct parser *p, const char *s, uint64_t *out);
	size_t field;		/* offset in struct manifest */
};

static const struct limit_kind limits[] = {
	{ "handles", parse_count, offsetof(struct manifest, max_handles) },
	{ "kmem",    parse_size,  offsetof(struct manifest, max_kmem) },
	{ "vm",      parse_size,  offsetof(struct manifest, max_vm) },
};
_Static_assert(sizeof(limits) / sizeof(limits[0]) == N_LIMITS,
	       "N_LIMITS must match limits[]");

/* limit NAME VALUE */
static int dir_limit(struct parser *p, int argc, char **argv)
{
	const struct limit_kind *k = NULL;
	uint64_t v;
	size_t i;

	if (argc < 2)
		return perr(p, "'limit' needs a name and a value (limit handles|kmem|vm VALUE)");
	if (argc > 2)
		return perr(p, "too many words after 'limit %s %s'", argv[0], argv[1]);
	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		if (!strcmp(argv[0], limits[i].name)) {
			k = &limits[i];
			break;
		}
	}
	if (!k)
		return perr(p, "unknown limit '%s' (expected handles, kmem or vm)", argv[0]);
	if (p->seen_line[i])
		return perr(p, "duplicate 'limit %s' (first given on line %lu)",
			    k->name, p->seen_line[i]);
	if (k->parse(p, argv[1], &v) < 0)
		return -1;
	if (v == 0)
		return perr(p, "limit %s must be at least 1", k->name);
	memcpy((char *)p->m + k->field, &v, sizeof(v));
	p->seen_line[i] = p->line;
	return 0;
}

/*
 * fs ... / net ...: checked for shape here, kept, and turned into set-up
 * ioctls on the context by manifest_policy.c (which reports bad values
 * with the same FILE:LINE prefix).
 */
static int dir_rule(struct parser *p, const char *name, int argc, char **argv)
{
	bool fs = !strcmp(name, "fs");
	unsigned int *count = fs ? &p->nfs : &p->nnet;
	unsigned int max = fs ? MANIFEST_MAX_FS : MANIFEST_MAX_NET;
	struct manifest_rule *r;
	int i;

	if (argc != 3)
		return perr(p, "usage: %s", fs ?
			    "fs VIRTUAL-PREFIX HOST-DIRECTORY ro|rw" :
			    "net connect|bind ADDRESS[/BITS] PORT|LOW-HIGH|*");
	if (*count == max)
		return perr(p, "more than %u %s lines", max, name);
	(*count)++;
	/* The words stay in the manifest's text: nothing to allocate. */
	r = &p->m->rules[p->m->nrules++];
	r->line = p->line;
	r->argc = argc + 1;
	r->argv[0] = (char *)(fs ? "fs" : "net");
	for (i = 0; i < argc; i++)
		r->argv[i + 1] = argv[i];
	r->argv[argc + 1] = NULL;
	return 0;
}

static int dir_fs(struct parser *p, int argc, char **argv)
{
	return dir_rule(p, "fs", argc, argv);
}

static int dir_net(struct parser *p, int argc, char **argv)
{
	return dir_rule(p, "net", argc, argv);
}

/*
 * env NAME=VALUE: a variable of the program's environment (NAME not
 * empty, no '=' in it; VALUE one word, possibly empty).  A later line
 * for the same NAME wins (env.c).
 */
static int dir_env(struct parser *p, int argc, char **argv)
{
	char *eq;

	if (argc != 1)
		return perr(p, "usage: env NAME=VALUE (VALUE without blanks)");
	eq = strchr(argv[0], '=');
	if (!eq || eq == argv[0])
		return perr(p, "env: '%s' is not NAME=VALUE", argv[0]);
	if (p->m->nenv == MANIFEST_MAX_ENV)
		return perr(p, "more than %d env lines", MANIFEST_MAX_ENV);
	p->m->env[p->m->nenv++] = argv[0];
	return 0;
}

/* cwd PATH: the initial working directory, absolute. */
static int dir_cwd(struct parser *p, int argc, char **argv)
{
	if (argc != 1)
		return perr(p, "usage: cwd ABSOLUTE-PATH");
	if (argv[0][0] != '/')
		return perr(p, "cwd: '%s' is not an absolute path", argv[0]);
	if (p->m->cwd)
		return perr(p, "more than one cwd line");
	p->m->cwd = argv[0];
	return 0;
}

/* vdso on|off: whether the program learns the vDSO's address. */
static int dir_vdso(struct parser *p, int argc, char **argv)
{
	if (argc != 1 || (strcmp(argv[0], "on") && strcmp(argv[0], "off")))
		return perr(p, "usage: vdso on|off");
	p->m->vdso_off = !strcmp(argv[0], "off");
	return 0;
}

struct directive {
	const char *name;
	int (*handle)(struct parser *p, int argc, char **argv);
};

static const struct directive directives[] = {
	{ "limit", dir_limit },
	{ "fs", dir_fs },
	{ "net", dir_net },
	{ "env", dir_env },
	{ "cwd", dir_cwd },
	{ "vdso", dir_vdso },
};

/* ---- lines ----------------------------------------------------------- */

static int parse_line(struct parser *p, char *line)
{
	char *words[MAX_WORDS + 1];
	char *hash, *save = NULL, *w;
	int n = 0;
	size_t i;

	hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	for (w = strtok_r(line, " \t\r\v\f", &save); w;
	     w = strtok_r(NULL, " \t\r\v\f", &save)) {
		if (n == MAX_WORDS)
			return perr(p, "too many words");
		words[n++] = w;
	}
	if (n == 0)
		return 0;
	words[n] = NULL;
	for (i = 0; i < sizeof(directives) / sizeof(directives[0]); i++) {
		if (!strcmp(words[0], directives[i].name))
			return directives[i].handle(p, n - 1, words + 1);
	}
	return perr(p, "unknown directive '%s'", words[0]);
}

/*
 * Read all of @fd, at most MANIFEST_MAX_SIZE bytes, into a NUL-terminated
 * buffer of its own; *@len is the length.  NULL after printing why.
 */
static char *read_text(int fd, const char *name, size_t *len)
{
	struct stat st;
	size_t cap, got = 0;
	char *buf = NULL, *nbuf;
	ssize_t n;

	if (fstat(fd, &st) < 0) {
		fprintf(stderr, "dbexec: %s: cannot stat manifest: %s\n", name,
			strerror(errno));
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "dbexec: %s: manifest is a directory\n", name);
		return NULL;
	}
	/* Refused without reading a byte when the size says so. */
	if (S_ISREG(st.st_mode) && st.st_size > MANIFEST_MAX_SIZE)
		goto too_big;
	/* The size may change meanwhile (or be 0: a pipe): read to the end,
	 * growing the buffer, but never past the limit (+1 to see it). */
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 4096;
	buf = malloc(cap + 1);
	if (!buf)
		goto oom;
	for (;;) {
		if (got == cap) {
			if (cap > MANIFEST_MAX_SIZE)
				goto too_big;
			cap = cap * 2 > MANIFEST_MAX_SIZE + 1 ?
			      MANIFEST_MAX_SIZE + 1 : cap * 2;
			nbuf = realloc(buf, cap + 1);
			if (!nbuf)
				goto oom;
			buf = nbuf;
		}
		n = read(fd, buf + got, cap - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "dbexec: %s: read error: %s\n", name,
				strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
too_big:
	fprintf(stderr, "dbexec: %s: manifest larger than %d bytes\n", name,
		MANIFEST_MAX_SIZE);
	goto fail;
oom:
	fprintf(stderr, "dbexec: %s: out of memory\n", name);
fail:
	free(buf);
	return NULL;
}

int manifest_load_fd(int fd, const char *name, struct manifest *m)
{
	struct parser p = { .path = name, .m = m };
	char *text, *line, *nl;
	size_t len, n;

	memset(m, 0, sizeof(*m));
	m->path = name;
	text = read_text(fd, name, &len);
	if (!text)
		return -1;
	for (line = text; line < text + len; line = nl + 1) {
		p.line++;
		nl = memchr(line, '\n', (size_t)(text + len - line));
		if (!nl)
			nl = text + len;	/* last line, no newline */
		n = (size_t)(nl - line);
		if (n > MANIFEST_MAX_LINE) {
			perr(&p, "line longer than %d bytes", MANIFEST_MAX_LINE);
			goto fail;
		}
		if (memchr(line, '\0', n)) {
			perr(&p, "NUL byte in line");
			goto fail;
		}
		*nl = '\0';
		if (parse_line(&p, line) < 0)
			goto fail;
	}
	m->text = text;
	return 0;
fail:
	free(text);
	memset(m, 0, sizeof(*m));	/* no word points anywhere */
	m->path = name;
	return -1;
}

int manifest_load(const char *path, struct manifest *m)
{
	int fd, ret;

	memset(m, 0, sizeof(*m));
	m->path = path;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		fprintf(stderr, "dbexec: %s: cannot open manifest: %s\n",
			path, strerror(errno));
		return -1;
	}
	ret = manifest_load_fd(fd, path, m);
	close(fd);
	return ret;
}

void manifest_free(struct manifest *m)
{
	free(m->text);
	m->text = NULL;
	m->nrules = 0;
	m->nenv = 0;
	m->cwd = NULL;
}
