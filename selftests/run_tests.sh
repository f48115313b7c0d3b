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
for t in "$TOP"/selftests/drawbridge/*_test "$TOP"/selftests/libos/libos_test; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	echo "# ==== $name"
	# Streamed as it comes (a VM timeout then shows where it stopped),
	# and kept for the totals.
	{
		(cd "$TOP/selftests" && "$t")
		echo $? >"$log.rc"
	} 2>&1 | tee "$log"
	rc=$(cat "$log.rc")
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
rm -f "$log" "$log.rc"

# On a kernel with kmemleak (the debug kernel, see Documentation/testing.rst):
# scan twice, the second time after objects freed late in the suite are old
# enough (kmemleak reports nothing younger than 5 s), while the module is
# still loaded so that its symbols resolve.  Every suspected leak is printed;
# those whose allocation backtrace runs through drawbridge fail the check,
# the kernel's own (boot-time allocations and the like) do not.  A frame that
# did not resolve to a symbol is module code unloaded since (module_test
# reloads drawbridge, the only module in the VM): counted as drawbridge's.
KMEMLEAK=/sys/kernel/debug/kmemleak
if [ -e "$KMEMLEAK" ]; then
	echo "# ==== kmemleak"
	if echo scan >"$KMEMLEAK" && sleep 6 && echo scan >"$KMEMLEAK" &&
		report=$(cat "$KMEMLEAK"); then
		printf '%s\n' "$report" | sed '/^$/d; s/^/# /'
		counts=$(printf '%s\n' "$report" | awk '
			function flush() { if (n) { if (ours) o++; else k++ } n = 0; ours = 0 }
			/^unreferenced object/ { flush(); n = 1; next }
			n && (/\[drawbridge\]/ || /[^A-Za-z0-9_]dk_[A-Za-z0-9_]+\+0x/ ||
				/\] 0x[0-9a-f]+$/) { ours = 1 }
			END { flush(); printf "%d %d\n", o, k }')
		ours=${counts% *}
		theirs=${counts#* }
		if [ "$ours" -gt 0 ]; then
			echo "not ok - kmemleak: $ours leaked object(s) allocated through drawbridge (see above)"
			fail=$((fail + 1))
		else
			echo "ok - kmemleak: no leaks from drawbridge ($theirs suspected leak(s) of the kernel itself, not counted)"
			pass=$((pass + 1))
		fi
	else
		echo "not ok - kmemleak: scan failed (kmemleak disabled itself? see the kernel log)"
		fail=$((fail + 1))
	fi
fi

if grep -q '^drawbridge ' /proc/modules && ! rmmod drawbridge; then
	echo "not ok - drawbridge.ko could not be unloaded after the suite"
	fail=$((fail + 1))
fi

echo "# skipped: $skip"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
