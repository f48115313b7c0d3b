#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: run the benchmarks in the test VM, print the table, and
# save the JSON results on the host as bench-results.json.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT

"$TOP/selftests/vm/run-vm.sh" --module "$TOP/kmod/drawbridge.ko" "$@" -- \
	"$TOP/selftests/bench/run_bench.sh" 2>&1 |
	tee "$out" | sed '/^BENCH-JSON-BEGIN$/,/^BENCH-JSON-END$/d'
rc=${PIPESTATUS[0]}
sed -n '/^BENCH-JSON-BEGIN$/,/^BENCH-JSON-END$/p' "$out" | sed '1d;$d' >"$TOP/bench-results.json"
echo "results: $TOP/bench-results.json"
exit "$rc"
