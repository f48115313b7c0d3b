#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run every benchmark program (selftests/bench/*_bench) and print a table of
# Drawbridge vs native ratios, all measured in this one run, plus a JSON
# file (first argument, default /tmp/bench-results.json), also printed
# between BENCH-JSON-BEGIN/END lines.  Not a test: no
# threshold fails the run; the table says which targets were met.  A row
# with target 0 is context (no target; "target" and "met" are null in JSON).
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
JSON=${1:-/tmp/bench-results.json}

if ! grep -q '^drawbridge ' /proc/modules; then
	insmod "$TOP/kmod/drawbridge.ko" || exit 1
fi

lines=$(mktemp)
for b in "$TOP"/selftests/bench/*_bench; do
	[ -x "$b" ] || continue
	echo "# running $(basename "$b")" >&2
	"$b" | grep '^BENCH ' >>"$lines" || echo "# $(basename "$b") failed" >&2
done

awk -v json="$JSON" '
function field(k,   i, kv) {
	for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] }
	return ""
}
BEGIN {
	printf "%-28s %14s %14s %8s %8s %s\n", "benchmark", "drawbridge", "native", "ratio", "target", "met"
	print "[" > json
	n = 0
}
{
	name = field("name"); lib = field("lower_is_better")
	unit = lib == 1 ? "ns" : "MB/s"
	dk = lib == 1 ? field("dk_ns") : field("dk_mbps")
	nat = lib == 1 ? field("native_ns") : field("native_mbps")
	ratio = field("ratio"); target = field("target")
	# target 0: a context row (e.g. a floor no implementation can beat)
	if (target + 0 == 0) {
		printf "%-28s %11.1f %-2s %11.1f %-2s %8.3f %9s %s\n", name, dk, unit, nat, unit, ratio, "-", "(context)"
		tj = "null"; mj = "null"
	} else {
		met = lib == 1 ? (ratio <= target) : (ratio >= target)
		printf "%-28s %11.1f %-2s %11.1f %-2s %8.3f %7s%s %s\n", name, dk, unit, nat, unit, ratio, \
			lib == 1 ? "<=" : ">=", target, met ? "yes" : "NO"
		tj = target; mj = met ? "true" : "false"
	}
	printf "%s  {\"name\": \"%s\", \"unit\": \"%s\", \"drawbridge\": %s, \"native\": %s, \"ratio\": %s, \"target\": %s, \"lower_is_better\": %s, \"met\": %s}", \
		n++ ? ",\n" : "", name, unit, dk, nat, ratio, tj, lib == 1 ? "true" : "false", mj >> json
}
END { print "\n]" >> json }
' "$lines"
rm -f "$lines"
# The VM's file system is thrown away: also print the JSON for the host.
echo "BENCH-JSON-BEGIN"
cat "$JSON"
echo "BENCH-JSON-END"
