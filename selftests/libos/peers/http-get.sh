#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# http-get.sh PORT DIR NAME...: native HTTP clients of a libos_test case.
# Fetches every NAME from 127.0.0.1:PORT at once (one curl each, all
# concurrent; busybox wget crashes in the test VM), then prints one line per
# NAME in the given order: the HTTP status, the body's size and whether its
# sha256 is that of DIR/NAME, or curl's exit status and message.
set -u
port=$1 dir=$2
shift 2
tmp=$(mktemp -d /tmp/http-get.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
i=0
for name in "$@"; do
	curl -s -S -m 30 -o "$tmp/$i.body" -w '%{http_code}' \
		"http://127.0.0.1:$port/$name" >"$tmp/$i.code" 2>"$tmp/$i.err" &
	echo $! >"$tmp/$i.pid"
	i=$((i + 1))
done
i=0
for name in "$@"; do
	wait "$(cat "$tmp/$i.pid")"
	rc=$?
	code=$(cat "$tmp/$i.code")
	if [ $rc -ne 0 ]; then
		echo "$name: curl exit $rc: $(cat "$tmp/$i.err")"
	elif [ "$code" != 200 ]; then
		echo "$name: HTTP $code"
	elif [ "$(sha256sum <"$tmp/$i.body")" = "$(sha256sum <"$dir/$name")" ]; then
		echo "$name: HTTP 200, $(stat -c %s "$tmp/$i.body") bytes, sha256 matches"
	else
		echo "$name: HTTP 200, $(stat -c %s "$tmp/$i.body") bytes, sha256 DIFFERS"
	fi
	i=$((i + 1))
done
