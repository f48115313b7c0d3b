#!/usr/bin/env bash
# Run a command inside a throw-away QEMU guest running the distribution kernel
# (or a given kernel image, e.g. the debug kernel: --kernel).
# See usage() below or run with --help.
set -Eeuo pipefail

# The whole script is one compound command, so bash parses it completely
# before running it: editing this file cannot disturb runs in progress.
{

PROG=run-vm
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GUEST_INIT=$SCRIPT_DIR/guest-init.sh

EXIT_SPLAT=3
EXIT_HARNESS=125
EXIT_TIMEOUT=124

usage() {
	cat <<EOF
Usage: selftests/vm/run-vm.sh [OPTIONS] [--] COMMAND [ARGS...]

Boot the distribution kernel in QEMU with the host's root filesystem shared
read-only (plus a writable in-memory overlay on top), optionally insmod one or
more kernel modules, run COMMAND as root in the caller's current directory,
then check the guest kernel log for splats.

The guest sees the host's files at the same absolute paths, so binaries and
modules built on the host can be used directly. Nothing the guest writes goes
back to the host. COMMAND and ARGS are passed as an argument vector (each one
quoted) to 'sh -c'; use  -- sh -c '...'  for shell syntax.

Options:
  --kernel IMAGE     boot IMAGE instead of the distribution kernel: an ELF
                     vmlinux with a PVH entry (CONFIG_PVH) or a bzImage;
                     virtio-pci, 9p and overlayfs must be built in (=y), the
                     initramfs then carries no modules (same as DB_VM_KERNEL;
                     scripts/build-debug-kernel.sh builds such a kernel)
  --kvm              use KVM (-accel kvm -cpu host) instead of TCG
                     (same as DB_VM_ACCEL=kvm; default is TCG, -cpu max)
  --timeout SECS     kill the VM after SECS seconds (default: 900)
  --mem SIZE         guest memory, QEMU -m syntax (default: 2G)
  --smp N            number of guest CPUs (default: 2, or DB_VM_SMP)
  --module PATH      insmod PATH (host path, .ko/.ko.xz/.ko.zst) before the
                     command; may be repeated, loaded in the given order
  --allow-taint      report, but do not fail on, kernel log splats and new
                     kernel taint flags (other than O/E from loading an
                     out-of-tree or unsigned module)
  --keep-log FILE    save the full guest kernel log to FILE
  --console          also stream the raw serial console to stderr (debugging)
  -h, --help         show this help

Output: only COMMAND's stdout+stderr (merged, on stdout, streamed live) and
harness messages prefixed "$PROG:" (on stderr).

The guest: busybox initramfs loads the 9p/overlay modules (unless built in),
mounts the host / as the lower layer of an overlayfs (tmpfs upper), chroots
into it with proc, sys, devtmpfs, /dev/pts, /dev/shm, /run (tmpfs), debugfs,
tracefs, cgroup2 and bpffs mounted, lo up, hostname drawbridge-vm. /tmp shows
the host's /tmp (copy-on-write, so host files under /tmp stay reachable). The
user nobody (65534) exists, so e.g. setpriv --reuid=65534 --regid=65534
--clear-groups works. No network interfaces besides lo. Env: RUN_VM=1 is set.

Exit status:
  N     COMMAND's exit status, if the run was otherwise clean
  3     kernel log showed a WARNING/BUG/Oops/lockdep/... splat or the kernel
        got newly tainted (unless --allow-taint); printed as "$PROG: kernel log:"
  124   timeout (the VM was killed)
  125   harness failure: VM did not boot, guest crashed before the command
        finished, --module failed to load, bad usage, ...

Environment:
  DB_KVER        kernel version to boot (default: the one linux-headers-amd64
                 depends on, else the newest /lib/modules/* with /boot/vmlinuz-*)
  DB_VM_KERNEL   kernel image to boot instead (see --kernel; overrides DB_KVER)
  DB_VM_ACCEL    tcg (default) or kvm
  DB_VM_CACHE    cache directory for initramfs images
                 (default: /var/tmp/drawbridge-vm, per-user if not root)
  DB_VM_SMP      number of guest CPUs (default: 2)
  DB_VM_APPEND   extra kernel command-line parameters (e.g. "lsm=capability"
                 or "mitigations=off", to see what they cost)
EOF
}

msg() { printf '%s: %s\n' "$PROG" "$*" >&2; }
trap 'msg "internal error: command failed at line $LINENO (exit status $?)"' ERR
die() {
	msg "error: $*"
	exit "$EXIT_HARNESS"
}
usage_error() {
	msg "$*"
	msg "try '$0 --help'"
	exit 2
}

# --- arguments ---
accel=${DB_VM_ACCEL:-tcg}
timeout_s=900
mem=2G
smp=${DB_VM_SMP:-2}
modules=()
allow_taint=0
keep_log=
show_console=0
custom_kernel=${DB_VM_KERNEL:-}

while [ $# -gt 0 ]; do
	# An option's value: --opt=value or --opt value.
	case $1 in
	--kernel=* | --timeout=* | --mem=* | --smp=* | --module=* | --keep-log=*)
		set -- "${1%%=*}" "${1#*=}" "${@:2}"
		;;
	--kernel | --timeout | --mem | --smp | --module | --keep-log)
		[ $# -ge 2 ] || usage_error "$1 needs an argument"
		;;
	esac
	case $1 in
	--kernel) custom_kernel=$2; shift ;;
	--kvm) accel=kvm ;;
	--tcg) accel=tcg ;;
	--timeout) timeout_s=$2; shift ;;
	--mem) mem=$2; shift ;;
	--smp) smp=$2; shift ;;
	--module) modules+=("$2"); shift ;;
	--allow-taint) allow_taint=1 ;;
	--keep-log) keep_log=$2; shift ;;
	--console) show_console=1 ;;
	-h | --help)
		usage
		exit 0
		;;
	--)
		shift
		break
		;;
	-*) usage_error "unknown option: $1" ;;
	*) break ;;
	esac
	shift
done

[ $# -gt 0 ] || usage_error "no command given"
[[ $timeout_s =~ ^[1-9][0-9]*$ ]] || usage_error "--timeout: not a positive integer: $timeout_s"
[[ $smp =~ ^[1-9][0-9]*$ ]] || usage_error "--smp: not a positive integer: $smp"
case $accel in
tcg | kvm) ;;
*) usage_error "DB_VM_ACCEL must be tcg or kvm, not '$accel'" ;;
esac

abs_modules=()
for m in "${modules[@]}"; do
	[ -f "$m" ] || die "--module $m: no such file"
	a=$(realpath -e -- "$m")
	[[ $a != *$'\n'* ]] || die "--module $m: path contains a newline"
	abs_modules+=("$a")
done

cwd=$(pwd -P)
if [ -n "$keep_log" ]; then
	keep_dir=$(dirname -- "$keep_log")
	[ -d "$keep_dir" ] || die "--keep-log: directory $keep_dir does not exist"
fi

for tool in qemu-system-x86_64 modprobe cpio realpath timeout tail flock sha256sum; do
	command -v "$tool" >/dev/null || die "$tool not found (run scripts/install-deps.sh)"
done
[ -f "$GUEST_INIT" ] || die "missing $GUEST_INIT"
if [ "$accel" = kvm ] && { ! [ -r /dev/kvm ] || ! [ -w /dev/kvm ]; }; then
	die "--kvm: /dev/kvm is missing or not accessible"
fi

# --- kernel version ---
pick_kver() {
	local k dep
	if [ -n "${DB_KVER:-}" ]; then
		echo "$DB_KVER"
		return
	fi
	dep=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null || true)
	if [[ $dep =~ linux-headers-([^[:space:],]+) ]]; then
		k=${BASH_REMATCH[1]}
		if [ -f "/boot/vmlinuz-$k" ] && [ -d "/lib/modules/$k" ]; then
			echo "$k"
			return
		fi
	fi
	while IFS= read -r k; do
		if [ -f "/boot/vmlinuz-$k" ]; then
			echo "$k"
			return
		fi
	done < <(find /lib/modules -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort -rV)
}
is_elf() { [ "$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]; }
has_pvh_note() { LC_ALL=C readelf -n "$1" 2>/dev/null | grep 'Xen.*(0x00000012)' >/dev/null; }

if [ -n "$custom_kernel" ]; then
	# A given image: everything the initramfs needs must be built in, so
	# there is no module directory to look at.
	if ! [ -f "$custom_kernel" ] || ! [ -r "$custom_kernel" ]; then
		die "--kernel $custom_kernel: no such readable file"
	fi
	KERNEL=$(realpath -e -- "$custom_kernel")
	if is_elf "$KERNEL"; then
		command -v readelf >/dev/null || die "readelf not found (install binutils)"
		has_pvh_note "$KERNEL" || die "--kernel $KERNEL: ELF image without a PVH entry note (needs CONFIG_PVH=y), QEMU cannot boot it"
	fi
	KVER=custom-$(stat -L -c '%n %s %Y' "$KERNEL" | sha256sum | cut -c1-16)
else
	KVER=$(pick_kver)
	[ -n "$KVER" ] || die "no usable kernel found (need /boot/vmlinuz-KVER and /lib/modules/KVER)"
	KERNEL=/boot/vmlinuz-$KVER
	[ -r "$KERNEL" ] || die "cannot read $KERNEL"
	[ -d "/lib/modules/$KVER" ] || die "no /lib/modules/$KVER"
fi

# --- cache / initramfs ---
if [ -n "${DB_VM_CACHE:-}" ]; then
	CACHE=$DB_VM_CACHE
elif [ "$(id -u)" -eq 0 ]; then
	CACHE=/var/tmp/drawbridge-vm
else
	CACHE=/var/tmp/drawbridge-vm-$(id -u)
fi
KCACHE=$CACHE/$KVER
mkdir -p "$KCACHE" "$CACHE/runs"
INITRD=$KCACHE/initramfs.cpio

BUSYBOX=
for b in /bin/busybox /usr/bin/busybox; do
	if [ -x "$b" ] && ! LC_ALL=C ldd "$b" >/dev/null 2>&1; then
		BUSYBOX=$b
		break
	fi
done
[ -n "$BUSYBOX" ] || die "static busybox not found (install busybox-static)"

# Modules the initramfs needs, in load order, deduplicated.
initrd_modules() {
	[ -z "$custom_kernel" ] || return 0
	modprobe --show-depends -S "$KVER" -a virtio_pci 9pnet_virtio 9p overlay |
		awk '$1 == "insmod" && !seen[$2]++ { print $2 }'
}
mapfile -t INITRD_MODS < <(initrd_modules)
[ "${#INITRD_MODS[@]}" -gt 0 ] || [ -n "$custom_kernel" ] ||
	msg "note: 9p/virtio/overlay seem built in to $KVER"

stamp_of_inputs() {
	{
		echo "kver $KVER"
		cat "$GUEST_INIT" "${BASH_SOURCE[0]}" | sha256sum
		if [ -n "$custom_kernel" ]; then
			stat -L -c '%n %s %Y' "$BUSYBOX" "$KERNEL"
		else
			stat -L -c '%n %s %Y' "$BUSYBOX" "/lib/modules/$KVER/modules.dep" "${INITRD_MODS[@]}"
		fi
	} | sha256sum | cut -d' ' -f1
}

build_initramfs() {
	local stage m name rc
	stage=$(mktemp -d "$KCACHE/stage.XXXXXX")
	# Not "( ... ) || handler": set -e would be ignored inside the subshell.
	set +e
	(
		set -e
		trap - ERR
		cd "$stage"
		mkdir -p bin sbin usr/bin usr/sbin dev proc sys lib/modules etc
		cp "$BUSYBOX" bin/busybox
		bin/busybox --list-full | while read -r a; do
			[ "$a" = bin/busybox ] || [ -e "$a" ] || ln -s /bin/busybox "$a"
		done
		: >modules.list
		for m in "${INITRD_MODS[@]}"; do
			name=$(basename "$m")
			case $name in
			*.ko.xz)
				name=${name%.xz}
				xz -dc "$m" >"lib/modules/$name"
				;;
			*.ko.zst)
				name=${name%.zst}
				zstd -qdc "$m" >"lib/modules/$name"
				;;
			*.ko.gz)
				name=${name%.gz}
				gzip -dc "$m" >"lib/modules/$name"
				;;
			*) cp "$m" "lib/modules/$name" ;;
			esac
			echo "$name" >>modules.list
		done
		install -m 0755 "$GUEST_INIT" init
		if [ "$(id -u)" -eq 0 ]; then
			mknod -m 600 dev/console c 5 1
			mknod -m 666 dev/null c 1 3
		fi
		find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet >"$INITRD.tmp.$$"
	)
	rc=$?
	set -e
	if [ "$rc" -ne 0 ]; then
		rm -rf "$stage" "$INITRD.tmp.$$"
		die "failed to build the initramfs"
	fi
	rm -rf "$stage"
	mv -f "$INITRD.tmp.$$" "$INITRD"
}

# The Debian bzImage is XZ-compressed; decompressing it under TCG takes ~3 s.
# If the kernel supports PVH boot (CONFIG_PVH), extract the ELF vmlinux once
# and let QEMU boot it directly. Falls back to the bzImage on any problem.
extract_vmlinux() {
	local out=$1 tmp=$1.tmp.$$ entry pattern dec off
	for entry in '\xfd7zXZ\x00 xz -dc --single-stream' '\x28\xb5\x2f\xfd zstd -qdc' \
		'\x1f\x8b\x08 gzip -dc'; do
		pattern=${entry%% *}
		dec=${entry#* }
		command -v "${dec%% *}" >/dev/null 2>&1 || continue
		off=$(LC_ALL=C grep -obUaP -m1 "$pattern" "$KERNEL" 2>/dev/null | head -n1 | cut -d: -f1) || true
		[ -n "$off" ] || continue
		# Decompressors may complain about trailing data; judge by the result.
		# shellcheck disable=SC2086 # $dec is a command with arguments
		tail -c +$((off + 1)) "$KERNEL" | $dec >"$tmp" 2>/dev/null || true
		if is_elf "$tmp" && has_pvh_note "$tmp"; then
			mv -f "$tmp" "$out"
			return 0
		fi
		rm -f "$tmp"
	done
	return 1
}

(
	flock 9
	kstamp=$(stat -L -c '%n %s %Y' "$KERNEL")
	if [ -n "$custom_kernel" ]; then
		: # booted as it is: a PVH vmlinux (checked above) or a bzImage
	elif [ "$(cat "$KCACHE/vmlinux.stamp" 2>/dev/null)" != "$kstamp" ]; then
		rm -f "$KCACHE/vmlinux"
		if command -v readelf >/dev/null && extract_vmlinux "$KCACHE/vmlinux"; then
			:
		else
			msg "note: cannot extract a PVH-bootable vmlinux from $KERNEL; using the bzImage (slower)"
		fi
		echo "$kstamp" >"$KCACHE/vmlinux.stamp"
	fi
	stamp=$(stamp_of_inputs)
	if [ ! -s "$INITRD" ] || [ "$(cat "$KCACHE/stamp" 2>/dev/null)" != "$stamp" ]; then
		msg "building initramfs for $KVER in $KCACHE"
		build_initramfs
		echo "$stamp" >"$KCACHE/stamp"
	fi
) 9>"$KCACHE/.lock"

BOOT_KERNEL=$KERNEL
if [ -z "$custom_kernel" ] && [ -s "$KCACHE/vmlinux" ]; then
	BOOT_KERNEL=$KCACHE/vmlinux
fi

# --- per-run transfer directory (shared with the guest as 9p tag "xfer") ---
RUN=$(mktemp -d "$CACHE/runs/run.XXXXXX")
qemu_pid=
tail_pid=
con_pid=
# shellcheck disable=SC2317 # invoked via trap
cleanup() {
	local p
	for p in $qemu_pid $tail_pid $con_pid; do
		kill "$p" 2>/dev/null || true
	done
	rm -rf "$RUN"
}
trap cleanup EXIT
trap 'msg "interrupted"; exit 130' INT TERM HUP

XFER=$RUN/xfer
mkdir -p "$XFER"
chmod 0777 "$XFER"
: >"$XFER/output"
printf '%s\n' "$cwd" >"$XFER/cwd"
if [ "${#abs_modules[@]}" -gt 0 ]; then
	printf '%s\n' "${abs_modules[@]}" >"$XFER/modules"
fi
sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
{
	printf 'exec'
	for a in "$@"; do
		printf ' %s' "$(sq "$a")"
	done
	printf '\n'
} >"$XFER/cmd"

# --- QEMU ---
if [ "$accel" = kvm ]; then
	accel_args=(-accel kvm -cpu host)
else
	accel_args=(-accel tcg -cpu max)
fi
cmdline="tsc=reliable console=ttyS0 quiet loglevel=3 panic=-1 printk.devkmsg=on"
cmdline+=" 8250.nr_uarts=1 i8042.noaux i8042.nokbd"
cmdline+=${DB_VM_APPEND:+ $DB_VM_APPEND}

qemu_cmd=(
	qemu-system-x86_64
	"${accel_args[@]}"
	-smp "$smp" -m "$mem"
	-display none -vga none -monitor none -parallel none
	-serial "file:$RUN/console.log"
	-no-reboot -nic none -nodefaults
	-kernel "$BOOT_KERNEL" -initrd "$INITRD"
	-append "$cmdline"
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
	-virtfs "local,path=$XFER,mount_tag=xfer,security_model=none"
)

: >"$RUN/console.log"
start=$(date +%s.%N)
timeout -k 5 "$timeout_s" "${qemu_cmd[@]}" </dev/null >"$RUN/qemu.log" 2>&1 &
qemu_pid=$!
tail --pid="$qemu_pid" -s 0.1 -n +1 -f "$XFER/output" &
tail_pid=$!
if [ "$show_console" = 1 ]; then
	tail --pid="$qemu_pid" -s 0.1 -n +1 -f "$RUN/console.log" >&2 &
	con_pid=$!
fi

qemu_rc=0
wait "$qemu_pid" || qemu_rc=$?
qemu_pid=
wait "$tail_pid" || true
tail_pid=
if [ -n "$con_pid" ]; then
	wait "$con_pid" || true
	con_pid=
fi
elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')

# --- kernel log ---
# Convert the raw /dev/kmsg stream ("prio,seq,usec,flags;text" records plus
# " KEY=value" continuation lines) to dmesg-like "[  sec.usec] text" lines.
format_kmsg() {
	LC_ALL=C awk '
		/^ / { next }
		{
			i = index($0, ";")
			if (i == 0) next
			split(substr($0, 1, i - 1), h, ",")
			us = h[3] + 0
			m = substr($0, i + 1)
			# undo /dev/kmsg escaping of "\\" and non-printable bytes
			out = ""
			while (match(m, /\\x[0-9a-f][0-9a-f]/)) {
				c = substr(m, RSTART + 2, 2)
				v = index("0123456789abcdef", substr(c, 1, 1)) * 16 + index("0123456789abcdef", substr(c, 2, 1)) - 17
				out = out substr(m, 1, RSTART - 1) (v == 10 ? "\n\t" : sprintf("%c", v))
				m = substr(m, RSTART + 4)
			}
			printf "[%5d.%06d] %s\n", int(us / 1000000), us % 1000000, out m
		}' "$1"
}
LOG=$RUN/kernel.log
if [ -s "$XFER/kmsg" ] && grep -q 'run-vm: end of guest log' "$XFER/kmsg"; then
	format_kmsg "$XFER/kmsg" >"$LOG"
elif [ -s "$XFER/kmsg" ] && [ -s "$XFER/dmesg" ]; then
	# The live copy stopped early (reader overrun?): add the final snapshot.
	{
		format_kmsg "$XFER/kmsg"
		echo "----- run-vm: dmesg snapshot at the end of the run -----"
		cat "$XFER/dmesg"
	} >"$LOG"
elif [ -s "$XFER/dmesg" ]; then
	cp "$XFER/dmesg" "$LOG"
elif [ -s "$XFER/kmsg" ]; then
	format_kmsg "$XFER/kmsg" >"$LOG"
else
	# Nothing from the guest userspace: the console is all we have.
	tr -d '\r' <"$RUN/console.log" >"$LOG"
fi
if [ -n "$keep_log" ]; then
	cp "$LOG" "$keep_log"
fi

# Besides the generic ones (WARNING:, BUG:, Oops, Call Trace, panic), the
# reports of the debug kernel's checkers (scripts/build-debug-kernel.sh):
# KASAN ("BUG: KASAN: ..."), UBSAN ("UBSAN: ..."), lockdep ("WARNING: possible
# circular locking", "INFO: trying to register non-static key", "BUG: sleeping
# function called from invalid context" of DEBUG_ATOMIC_SLEEP), SLUB_DEBUG
# ("BUG kmalloc-64 (Not tainted): Redzone overwritten"), DEBUG_OBJECTS
# ("ODEBUG: free active ..."), DEBUG_LIST ("list_add corruption", "list_add
# double add"), refcount_t saturation, and kmemleak switching itself off
# (the leak reports themselves are read by selftests/run_tests.sh).
SPLAT_RE='WARNING:|BUG:|kernel BUG|Oops|general protection|KASAN|UBSAN|KFENCE|possible circular locking|lockdep|INFO: task .* blocked|Call Trace|soft lockup|hard LOCKUP|rcu.*detected stall|Kernel panic|refcount_t:|list_(add|del) corruption|list_add double add|unreferenced object|BUG [^ ]+ \((Not t|T)ainted|ODEBUG:|INFO: trying to register non-static key|kmemleak: (Kernel memory leak detector disabled|Cannot allocate|Memory pool empty)'
# User-space faults (tests provoke them on purpose) are reported by the kernel
# as 'traps: prog[pid] general protection fault ip:...' or 'segfault at'.
# The debug kernel's boot banner says "RCU lockdep checking is enabled".
IGNORE_RE='loading out-of-tree module taints kernel|module verification failed|run-vm: |RCU lockdep checking is enabled|traps: [^ ]+\\[[0-9]+\\] general protection fault ip:|segfault at '

# Print the sections of the kernel log around splat lines (from the splat line
# or its "[ cut here ]" line to the "---[ end trace" line or at most 60 lines
# further). Returns 1 if none found.
report_splats() {
	awk -v re="$SPLAT_RE" -v ign="$IGNORE_RE" -v prefix="$PROG: kernel log: " '
		{ line[NR] = $0 }
		$0 ~ re && $0 !~ ign { hit[NR] = 1; nhits++ }
		END {
			if (!nhits) exit 1
			for (n = 1; n <= NR; n++) {
				if (!(n in hit)) continue
				s = n
				if (n > 1 && line[n - 1] ~ /cut here/) s = n - 1
				for (e = n; e < NR && e < n + 60; e++) {
					if (line[e] ~ /---\[ end trace/) break
					if (line[e + 1] ~ /run-vm: /) break
				}
				for (k = s; k <= e; k++) show[k] = 1
			}
			printed = 0; last = 0
			for (n = 1; n <= NR; n++) {
				if (!(n in show)) continue
				if (printed >= 400) { print prefix "... (truncated; use --keep-log FILE)"; break }
				if (last && n > last + 1) print prefix "..."
				print prefix line[n]; printed++; last = n
			}
		}' "$LOG" >&2
}

# Taint flags, excluding O (4096, out-of-tree) and E (8192, unsigned module).
TAINT_CHARS=PFSRMBUDAWCIOELKXT
taint_letters() {
	local v=$1 i out=
	for ((i = 0; i < ${#TAINT_CHARS}; i++)); do
		if (((v >> i) & 1)); then out+=${TAINT_CHARS:i:1}; fi
	done
	echo "$out"
}
new_taint() {
	local before after
	before=$(cat "$XFER/taint-before" 2>/dev/null || echo 0)
	after=$(cat "$XFER/taint-after" 2>/dev/null || echo 0)
	[[ $before =~ ^[0-9]+$ ]] || before=0
	[[ $after =~ ^[0-9]+$ ]] || after=0
	echo $(((after & ~before) & ~(4096 | 8192)))
}

kernel_problems=0
if report_splats; then
	kernel_problems=1
fi
taint=$(new_taint)
if [ "$taint" -ne 0 ]; then
	msg "kernel newly tainted: $(taint_letters "$taint") ($taint)"
	kernel_problems=1
fi

console_tail() {
	local n=${1:-40}
	msg "last $n lines of the serial console:"
	tr -d '\r' <"$RUN/console.log" | tail -n "$n" | sed "s/^/$PROG: console: /" >&2
	if [ -s "$RUN/qemu.log" ]; then
		sed "s/^/$PROG: qemu: /" "$RUN/qemu.log" >&2
	fi
}

if [ "$qemu_rc" -eq 124 ] || [ "$qemu_rc" -eq 137 ]; then
	msg "timeout: the VM did not finish within ${timeout_s}s"
	[ -s "$XFER/status" ] || console_tail 20
	exit "$EXIT_TIMEOUT"
fi

if [ -s "$XFER/error" ]; then
	while IFS= read -r l; do msg "guest error: $l"; done <"$XFER/error"
	if [ "${#abs_modules[@]}" -gt 0 ]; then
		# kernel messages since the last insmod attempt
		awk '/run-vm: guest: insmod / { n = 0; delete l; next } { l[++n] = $0 }
			END { for (i = 1; i <= n; i++) print l[i] }' "$LOG" |
			{ grep -v 'run-vm: ' || true; } | tail -n 30 | sed "s/^/$PROG: kernel log: /" >&2
	fi
	exit "$EXIT_HARNESS"
fi

if [ ! -s "$XFER/status" ] && [ "$qemu_rc" -ne 0 ] && [ ! -s "$RUN/console.log" ]; then
	msg "qemu failed to start (exit status $qemu_rc):"
	sed "s/^/$PROG: qemu: /" "$RUN/qemu.log" >&2
	exit "$EXIT_HARNESS"
fi
if [ ! -s "$XFER/status" ]; then
	msg "the guest did not report an exit status (qemu exit code $qemu_rc after ${elapsed}s): boot failure or kernel crash"
	console_tail 40
	if [ -n "$custom_kernel" ] && grep -q 'guest: error: cannot mount' "$RUN/console.log"; then
		msg "note: a --kernel image needs virtio-pci, 9p (NET_9P_VIRTIO, 9P_FS) and overlayfs built in (=y)"
	fi
	if [ -n "$keep_log" ]; then
		{
			echo "----- run-vm: serial console -----"
			tr -d '\r' <"$RUN/console.log"
		} >>"$keep_log"
	fi
	if [ "$kernel_problems" -ne 0 ] ||
		tr -d '\r' <"$RUN/console.log" | grep -Ev "$IGNORE_RE" | grep -E "$SPLAT_RE" >/dev/null; then
		msg "FAIL: kernel crashed"
		exit "$EXIT_SPLAT"
	fi
	exit "$EXIT_HARNESS"
fi

status=$(cat "$XFER/status")
[[ $status =~ ^[0-9]+$ ]] || die "bad exit status from guest: $status"

if [ "$kernel_problems" -ne 0 ]; then
	if [ "$allow_taint" = 1 ]; then
		msg "kernel problems detected above; ignored because of --allow-taint"
	else
		msg "FAIL: kernel log problems detected (command exit status $status)"
		exit "$EXIT_SPLAT"
	fi
fi
exit "$status"

# shellcheck disable=SC2317
exit 0
}
