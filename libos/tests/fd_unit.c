// SPDX-License-Identifier: GPL-2.0
// unit-sources: fd.c
/*
 * Host unit test of the libOS's fd table (fd.c): lowest free slot,
 * dup2 over an open fd, shared descriptions and their reference counts,
 * FD_CLOEXEC per fd, EBADF/EMFILE/EINVAL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "unit.h"

static int released;

void lx_lock(struct lx_lock *l)
{
	CHECK(!l->locked);
	l->locked = 1;
}

void lx_unlock(struct lx_lock *l)
{
	CHECK(l->locked);
	l->locked = 0;
}

void lx_file_release(struct lx_file *f)
{
	released++;
	free(f);
}

static struct lx_file *mk(void)
{
	struct lx_file *f = calloc(1, sizeof(*f));

	f->refs = 1;
	return f;
}

int main(void)
{
	struct lx_file *a = mk(), *b = mk(), *g;
	int i, fd;

	CHECK(lx_fd_install(a, 0, 0) == 0);
	CHECK(lx_fd_install(b, 0, 1) == 1);
	CHECK(lx_fd_cloexec(0) == 0 && lx_fd_cloexec(1) == 1);
	CHECK(lx_fd_cloexec(2) == -EBADF);
	/* dup2 shares the description; cloexec is per fd. */
	CHECK(lx_fd_dup2(0, 5, 0) == 5);
	CHECK(a->refs == 2);
	CHECK(lx_fd_cloexec(5) == 0);
	g = lx_fd_get(5);
	CHECK(g == a && a->refs == 3);
	lx_file_put(g);
	/* dup2 over an open fd releases what it named. */
	CHECK(lx_fd_dup2(0, 1, 1) == 1);
	CHECK(released == 1);	/* b is gone */
	CHECK(a->refs == 3 && lx_fd_cloexec(1) == 1);
	CHECK(lx_fd_set_cloexec(1, 0) == 0 && lx_fd_cloexec(1) == 0);
	/* Lowest free slot at or above min. */
	g = mk();
	fd = lx_fd_install(g, 0, 0);
	CHECK(fd == 2);
	CHECK(lx_fd_install(g, 3, 0) == 3);	/* same description twice */
	g->refs++;
	CHECK(lx_fd_install(g, 10, 0) == 10);
	g->refs++;
	CHECK(lx_fd_install(g, LX_FD_MAX, 0) == -EINVAL);
	CHECK(lx_fd_install(g, -1, 0) == -EINVAL);
	/* Close drops one reference each; the last one releases. */
	CHECK(lx_fd_close(2) == 0 && lx_fd_close(3) == 0);
	CHECK(released == 1);
	CHECK(lx_fd_close(10) == 0);
	CHECK(released == 2);
	CHECK(lx_fd_close(10) == -EBADF);
	CHECK(lx_fd_close(-1) == -EBADF && lx_fd_close(LX_FD_MAX) == -EBADF);
	CHECK(lx_fd_get(10) == NULL && lx_fd_get(-3) == NULL);
	CHECK(lx_fd_dup2(10, 11, 0) == -EBADF);
	CHECK(lx_fd_dup2(0, LX_FD_MAX, 0) == -EBADF);
	/* Fill the table: EMFILE. */
	for (i = 0; i < LX_FD_MAX; i++) {
		a->refs++;
		if (lx_fd_install(a, 0, 0) < 0) {
			a->refs--;
			break;
		}
	}
	CHECK(i == LX_FD_MAX - 3);	/* 0, 1, 5 were taken */
	a->refs++;
	CHECK(lx_fd_install(a, 0, 0) == -EMFILE);
	a->refs--;
	for (i = 0; i < LX_FD_MAX; i++)
		lx_fd_close(i);
	CHECK(released == 3);
	if (!failures)
		printf("ok: fd_unit\n");
	return failures != 0;
}
