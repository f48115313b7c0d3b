// SPDX-License-Identifier: GPL-2.0
/*
 * The cost of posix_spawn + waitpid of a program (its stdout to
 * /dev/null), timed inside this program: N spawns per round, the best
 * round's ns per spawn, printed as "spawn_ns_x1000=V" (libos_bench's
 * libos_spawn row).  Exits 1 if a spawn fails or a child does not exit 0.
 *
 *   spawncost PROGRAM N ROUNDS
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	long long best = -1, t;
	int n, rounds, i, r, st;
	pid_t pid;

	if (argc != 4)
		return 2;
	n = atoi(argv[2]);
	rounds = atoi(argv[3]);
	if (n <= 0 || rounds <= 0 ||
	    posix_spawn_file_actions_init(&fa) ||
	    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0))
		return 2;
	for (r = 0; r < rounds; r++) {
		t = now_ns();
		for (i = 0; i < n; i++) {
			char *args[] = { argv[1], NULL };

			if (posix_spawn(&pid, argv[1], &fa, NULL, args, environ) ||
			    waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
			    WEXITSTATUS(st)) {
				fprintf(stderr, "spawncost: %s failed\n", argv[1]);
				return 1;
			}
		}
		t = (now_ns() - t) / n;
		if (best < 0 || t < best)
			best = t;
	}
	printf("spawn_ns_x1000=%lld\n", best * 1000);
	return 0;
}
