#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make fuzz`: boot the test VM like `make check` does and run dkfuzz
# (selftests/fuzz/run-fuzz.sh) for FUZZ_TIME seconds (default 600), split
# between host mode (user nobody, contexts of its own) and picoprocess
# mode (under dbexec).  Arguments are the VM runner's options (VMFLAGS).
# Environment: FUZZ_TIME, FUZZ_SEED, FUZZ_THREADS, FUZZ_AVOID, FUZZ_MODE
# (host, pico or both), FUZZ_STRICT=1.  Fails on a kernel-log splat (the
# VM runner's exit status 3), a hang, a fuzzer failure or, with
# FUZZ_STRICT=1, an undocumented error.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)

time_s=${FUZZ_TIME:-600}
args=(--time "$time_s" --mode "${FUZZ_MODE:-both}" --threads "${FUZZ_THREADS:-4}")
[ -n "${FUZZ_SEED:-}" ] && args+=(--seed "$FUZZ_SEED")
[ -n "${FUZZ_AVOID:-}" ] && args+=(--avoid "$FUZZ_AVOID")
[ "${FUZZ_STRICT:-0}" = 1 ] && args+=(--strict)

"$TOP/selftests/vm/run-vm.sh" --timeout $((time_s + 600)) "$@" -- \
	"$TOP/selftests/fuzz/run-fuzz.sh" --load "${args[@]}"
rc=$?
case $rc in
0)	echo "fuzz: passed" ;;
3)	echo "fuzz: FAILED: the kernel log shows a splat (above; the seed is printed before it)" ;;
124)	echo "fuzz: FAILED: the test VM timed out (a hang?)" ;;
*)	echo "fuzz: FAILED (status $rc)" ;;
esac
exit "$rc"
