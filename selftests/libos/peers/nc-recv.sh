#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# nc-recv.sh PORT FILE: a native busybox nc server of a libos_test case.
# Receives one connection's bytes on PORT and prints whether they are
# FILE's (size and sha256).  nc's stdin is a FIFO held open for writing,
# so it never ends: busybox nc half-closes the connection when its stdin
# ends, and a client such as nc then quits before it has sent everything.
set -u
port=$1 file=$2
tmp=$(mktemp -d /tmp/nc-recv.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkfifo "$tmp/in" || exit 1
busybox nc -l -p "$port" <>"$tmp/in" >"$tmp/got"
rc=$?
if [ "$(sha256sum <"$tmp/got")" = "$(sha256sum <"$file")" ]; then
	echo "nc exit $rc: $(stat -c %s "$tmp/got") bytes, sha256 matches"
else
	echo "nc exit $rc: $(stat -c %s "$tmp/got") bytes, sha256 DIFFERS"
fi
