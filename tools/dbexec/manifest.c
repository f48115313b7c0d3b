// SPDX-License-Identifier: GPL-2.0
/*
 * Manifest parser.
 *
 * A line is split into whitespace-separated words after removing any
 * "#" comment.  The first word names a directive, looked up in
 * `directives`; its handler gets the remaining words.  A new kind of
 * directive (fs, net, ...) is one handler plus one table entry.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"

#define MAX_WORDS	8
#define N_LIMITS	3	/* entries of limits[] */

struct parser {
	const char *path;
	unsigned long line;
	struct manifest *m;
	unsigned long seen_line[N_LIMITS];	/* line of each limit, for duplicates */
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
	struct manifest_rule *r;
	int i;

	if (argc != 3)
		return perr(p, "usage: %s", !strcmp(name, "fs") ?
			    "fs VIRTUAL-PREFIX HOST-DIRECTORY ro|rw" :
			    "net connect|bind ADDRESS[/BITS] PORT|LOW-HIGH|*");
	if (p->m->nrules == MANIFEST_MAX_RULES)
		return perr(p, "more than %d fs and net lines", MANIFEST_MAX_RULES);
	r = &p->m->rules[p->m->nrules];
	r->line = p->line;
	r->argc = argc + 1;
	r->argv[0] = strdup(name);
	for (i = 0; i < argc; i++)
		r->argv[i + 1] = strdup(argv[i]);
	r->argv[argc + 1] = NULL;
	for (i = 0; i <= argc; i++)
		if (!r->argv[i])
			return perr(p, "out of memory");
	p->m->nrules++;
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

struct directive {
	const char *name;
	int (*handle)(struct parser *p, int argc, char **argv);
};

static const struct directive directives[] = {
	{ "limit", dir_limit },
	{ "fs", dir_fs },
	{ "net", dir_net },
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
	for (w = strtok_r(line, " \t\r\n\v\f", &save); w;
	     w = strtok_r(NULL, " \t\r\n\v\f", &save)) {
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

int manifest_load(const char *path, struct manifest *m)
{
	struct parser p = { .path = path, .m = m };
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f;
	int ret = 0;

	memset(m, 0, sizeof(*m));
	m->path = path;
	f = fopen(path, "re");
	if (!f) {
		fprintf(stderr, "dbexec: %s: cannot open manifest: %s\n",
			path, strerror(errno));
		return -1;
	}
	errno = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		p.line++;
		if (strlen(line) != (size_t)len) {
			ret = perr(&p, "NUL byte in line");
			break;
		}
		if (parse_line(&p, line) < 0) {
			ret = -1;
			break;
		}
		errno = 0;
	}
	if (ret == 0 && ferror(f)) {
		fprintf(stderr, "dbexec: %s: read error: %s\n", path,
			strerror(errno ? errno : EIO));
		ret = -1;
	}
	free(line);
	fclose(f);
	return ret;
}
