#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# mkdata.sh DIR: the libOS tests' data set, the same bytes on every run
# (no randomness, no dates).  Cases see it at $DATA, read-only.
set -eu
d=$1
mkdir -p "$d/tree/a/b" "$d/tree/c"
i=1
while [ $i -le 200 ]; do
	echo "line $i of the text file, word$((i * 7 % 13)) and more words"
	i=$((i + 1))
done >"$d/text.txt"
printf 'alpha\nbeta\ngamma\n' >"$d/tree/a/one.txt"
printf 'delta\n' >"$d/tree/a/b/two.txt"
printf 'epsilon\nzeta\n' >"$d/tree/c/three.txt"
