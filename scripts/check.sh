#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: boot the test VM, run the kselftest suite in it, and end with
# the plain line "N passed, N failed".  A kernel-log splat found by the VM
# runner after the suite counts as one more failed test.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# The fuzzing smoke run (fuzz_test) reads FUZZ_TIME, FUZZ_SEED and
# FUZZ_AVOID: hand them to the guest when they are set here.
envs=()
for v in FUZZ_TIME FUZZ_SEED FUZZ_AVOID; do
	[ -n "${!v+set}" ] && envs+=("$v=${!v}")
done
# With that smoke run the suite takes more than the runner's default 900 s
# under load.  A --timeout in VMFLAGS still wins.
"$TOP/selftests/vm/run-vm.sh" --timeout 1800 "$@" -- env "${envs[@]}" \
	"$TOP/selftests/run_tests.sh" 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}

line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
pass=0
fail=0
if [ -n "$line" ]; then
	pass=${line%% passed*}
	fail=${line#*passed, }
	fail=${fail%% failed*}
fi
case $rc in
0) ;;
3)	echo "not ok - kernel log clean (the VM runner found a splat, see above)"
	fail=$((fail + 1)) ;;
124)	echo "not ok - test VM timed out"
	fail=$((fail + 1)) ;;
*)	[ -n "$line" ] && [ "$fail" -gt 0 ] || { echo "not ok - test run failed (status $rc)"; fail=$((fail + 1)); } ;;
esac
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
