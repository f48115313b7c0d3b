#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run the Drawbridge kselftest suite.  Meant for the test VM (`make check`
# boots it and runs this), but works on any machine where the module can be
# loaded.  Loads kmod/drawbridge.ko if needed, runs every selftest binary,
# prints their TAP output, and ends with the line "N passed, N failed".
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
MODULE=$TOP/kmod/drawbridge.ko

if ! grep -q '^drawbridge ' /proc/modules; then
	insmod "$MODULE" || { echo "run_tests: insmod $MODULE failed"; echo "0 passed, 1 failed"; exit 1; }
fi

pass=0
fail=0
skip=0
log=$(mktemp)
for t in "$TOP"/selftests/drawbridge/*_test; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	echo "# ==== $name"
	(cd "$TOP/selftests" && "$t") >"$log" 2>&1
	rc=$?
	cat "$log"
	totals=$(grep '^# Totals:' "$log" | tail -n 1)
	if [ -z "$totals" ]; then
		echo "not ok - $name ended without totals (exit status $rc)"
		fail=$((fail + 1))
		continue
	fi
	p=$(echo "$totals" | sed -n 's/.* pass:\([0-9]*\).*/\1/p')
	f=$(echo "$totals" | sed -n 's/.* fail:\([0-9]*\).*/\1/p')
	s=$(echo "$totals" | sed -n 's/.* skip:\([0-9]*\).*/\1/p')
	e=$(echo "$totals" | sed -n 's/.* error:\([0-9]*\).*/\1/p')
	pass=$((pass + p))
	fail=$((fail + f + e))
	skip=$((skip + s))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && [ "$e" -eq 0 ]; then
		echo "not ok - $name exited with status $rc"
		fail=$((fail + 1))
	fi
done
rm -f "$log"

if grep -q '^drawbridge ' /proc/modules && ! rmmod drawbridge; then
	echo "not ok - drawbridge.ko could not be unloaded after the suite"
	fail=$((fail + 1))
fi

echo "# skipped: $skip"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
