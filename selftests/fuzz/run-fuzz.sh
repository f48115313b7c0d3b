#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run dkfuzz where the module is loaded (the test VM): host mode as user
# nobody, then picoprocess mode under dbexec with a manifest granting a
# scratch directory, loopback and the image's own directory, also as
# nobody.  The time is split between the two.  After each run the kernel
# log is checked for splats (the VM runner's own patterns); a splat, a
# fuzzer exit status other than 0, or a hang fails the run.
#
#   run-fuzz.sh [--load] [--time SECS] [--seed N] [--threads N]
#               [--mode host|pico|both] [--strict] [--avoid LIST] [--verbose]
#
# --load inserts kmod/drawbridge.ko first if it is not loaded (as
# selftests/run_tests.sh does) and removes it again afterwards: a context
# or object the run leaked then fails the run.
#
# Environment: FUZZ_TIME (seconds, default 600), FUZZ_SEED, FUZZ_THREADS,
# FUZZ_AVOID, FUZZ_STRICT=1, FUZZ_MODE -- the same as the options.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
DBEXEC=$TOP/tools/dbexec/dbexec
NOBODY=65534

time_s=${FUZZ_TIME:-600}
seed=${FUZZ_SEED:-}
threads=${FUZZ_THREADS:-4}
mode=${FUZZ_MODE:-both}
avoid=${FUZZ_AVOID:-}
strict=${FUZZ_STRICT:-0}
verbose=0
load=0
while [ $# -gt 0 ]; do
	case $1 in
	--load) load=1 ;;
	--time) time_s=$2; shift ;;
	--seed) seed=$2; shift ;;
	--threads) threads=$2; shift ;;
	--mode) mode=$2; shift ;;
	--avoid) avoid=$2; shift ;;
	--strict) strict=1 ;;
	--verbose) verbose=1 ;;
	*) echo "run-fuzz: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
case $mode in host|pico|both) ;; *) echo "run-fuzz: bad mode $mode" >&2; exit 2 ;; esac
loaded=0
if [ "$load" = 1 ] && ! grep -q '^drawbridge ' /proc/modules; then
	insmod "$TOP/kmod/drawbridge.ko" || { echo "run-fuzz: insmod failed"; exit 1; }
	loaded=1
fi
[ -c /dev/drawbridge ] || { echo "run-fuzz: /dev/drawbridge missing (module not loaded?)"; exit 1; }

# The VM runner's splat patterns, read from it rather than copied.
RUNVM=$TOP/selftests/vm/run-vm.sh
SPLAT_RE=$(sed -n "s/^SPLAT_RE='\\(.*\\)'\$/\\1/p" "$RUNVM")
IGNORE_RE=$(sed -n "s/^IGNORE_RE='\\(.*\\)'\$/\\1/p" "$RUNVM")
splats() {
	dmesg 2>/dev/null | grep -Ev "$IGNORE_RE" | grep -E "$SPLAT_RE" | wc -l
}

as_nobody=()
if [ "$(id -u)" = 0 ]; then
	as_nobody=(setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups)
fi

work=$(mktemp -d /tmp/dkfuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/s/ro"
echo hello >"$work/s/a"
echo read-only >"$work/s/ro/a"
chmod -R a+rwX "$work"
[ "$(id -u)" = 0 ] && chown -R $NOBODY:$NOBODY "$work"
cat >"$work/fuzz.manifest" <<EOF
# dkfuzz: a scratch directory, loopback, the image's directory
fs /s $work/s rw
fs /r $work/s/ro ro
fs /img $HERE ro
net connect 127.0.0.0/8 *
net bind 127.0.0.1 *
net connect ::1 *
net bind ::1 *
EOF

common=(--threads "$threads")
[ -n "$seed" ] && common+=(--seed "$seed")
[ -n "$avoid" ] && common+=(--avoid "$avoid")
[ "$strict" = 1 ] && common+=(--strict)
[ "$verbose" = 1 ] && common+=(--verbose)

# The state of every thread of process $1 and its descendants, as TAP
# comments: what each one waits in (wchan, kernel stack), its signal masks.
# Taken once when a run overstays its time, before the fuzzer's own
# hang grace ends, so that a hang report says where the worker is.
dump_tasks() {
	local p t kids
	for t in /proc/"$1"/task/*; do
		[ -d "$t" ] || continue
		echo "# task ${t##*/} ($(cat "$t/comm" 2>/dev/null)): state $(awk '{print $3}' "$t/stat" 2>/dev/null)" \
			"wchan $(cat "$t/wchan" 2>/dev/null)" \
			"$(grep -E '^(SigPnd|ShdPnd|SigBlk|SigCgt|TracerPid)' "$t/status" 2>/dev/null | tr '\n\t' '  ')"
		sed 's/^/#     /' "$t/stack" 2>/dev/null
	done
	kids=$(cat /proc/"$1"/task/*/children 2>/dev/null)
	for p in $kids; do
		dump_tasks "$p"
	done
}

failed=0
run_one() {
	local name=$1 secs=$2 before after rc pid waited
	shift 2
	before=$(splats)
	echo "# dkfuzz $name: ${secs}s"
	# In the background: after a kernel oops the process may never end
	# (a thread stuck in D state), and the run must go on.
	"$@" &
	pid=$!
	waited=0
	while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $((secs + 90)) ]; do
		sleep 1
		waited=$((waited + 1))
		if [ "$waited" -eq $((secs + 20)) ] && kill -0 "$pid" 2>/dev/null; then
			echo "# dkfuzz $name: still running 20s after its time; its threads:"
			dump_tasks "$pid"
		fi
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null
		sleep 2
		rc=124
		echo "# dkfuzz $name: did not end $((waited - secs))s after its time (stuck in the kernel?)"
	else
		wait "$pid"
		rc=$?
	fi
	after=$(splats)
	if [ "$after" -gt "$before" ]; then
		echo "# dkfuzz $name: FAILED: kernel log splat (seed above); first lines:"
		dmesg | grep -Ev "$IGNORE_RE" | grep -E -A12 "$SPLAT_RE" | head -n 40 | sed 's/^/#   /'
		failed=$((failed + 1))
	elif [ "$rc" -ne 0 ]; then
		echo "# dkfuzz $name: FAILED: exit status $rc"
		failed=$((failed + 1))
	else
		echo "# dkfuzz $name: passed"
	fi
}

host_s=$time_s
pico_s=$time_s
if [ "$mode" = both ]; then
	host_s=$(((time_s + 1) / 2))
	pico_s=$((time_s - host_s))
	[ "$pico_s" -ge 1 ] || pico_s=1
fi
if [ "$mode" != pico ]; then
	run_one host "$host_s" "${as_nobody[@]}" "$HERE/dkfuzz_host" --dir "$work/s" \
		--time "$host_s" "${common[@]}"
fi
if [ "$mode" != host ]; then
	run_one pico "$pico_s" "${as_nobody[@]}" "$DBEXEC" --manifest "$work/fuzz.manifest" \
		"$HERE/dkfuzz_pico" fuzz --time "$pico_s" "${common[@]}" </dev/null
fi
unload() {
	local i
	# killed children of the picoprocess tree may take a moment to go
	for i in 1 2 3 4 5 6 7 8 9 10; do
		rmmod drawbridge 2>/dev/null && return 0
		sleep 1
	done
	rmmod drawbridge
}
if [ "$loaded" = 1 ] && ! unload; then
	echo "# dkfuzz: FAILED: drawbridge.ko cannot be unloaded after the run (a leaked context or object)"
	failed=$((failed + 1))
fi
[ "$failed" -eq 0 ]
