// SPDX-License-Identifier: GPL-2.0
/*
 * Memory that grows by realloc to 100 MiB (glibc moves big blocks to mmap
 * and grows them with mremap), keeping its contents; then shrinks.
 */
#include <stdio.h>
#include <stdlib.h>

#define MIB	(1024UL * 1024)

int main(void)
{
	unsigned char *p = NULL;
	unsigned long size = 0, next, i, sum = 0;

	for (next = 4096; ; next += next / 8 + 4096) {
		unsigned char *q;

		if (next > 100 * MIB)
			next = 100 * MIB;
		q = realloc(p, next);
		if (!q) {
			printf("realloc %lu failed\n", next);
			return 1;
		}
		p = q;
		for (i = 0; i < size; i += 4093)
			if (p[i] != (unsigned char)(i * 7)) {
				printf("lost contents at %lu of %lu\n", i, size);
				return 1;
			}
		for (i = size; i < next; i++)
			p[i] = (unsigned char)(i * 7);
		size = next;
		if (size == 100 * MIB)
			break;
	}
	for (i = 0; i < size; i += 4093)
		sum += p[i];
	printf("grew to %lu MiB, sum %lu\n", size / MIB, sum);
	p = realloc(p, 1 * MIB);
	for (i = 0; i < MIB; i += 4093)
		if (p[i] != (unsigned char)(i * 7)) {
			printf("lost contents after shrinking\n");
			return 1;
		}
	free(p);
	printf("ok\n");
	return 0;
}
