#!/bin/sh
# shellcheck shell=sh
#
# /init of the run-vm.sh initramfs (PID 1 in the guest, runs under busybox sh).
#
# Protocol with the host (selftests/vm/run-vm.sh), via the writable 9p share
# "xfer" mounted at /xfer:
#   in:  cmd        shell command string, run with `sh -c` in the new root
#        cwd        absolute directory to run it in (same path as on the host)
#        modules    host paths of .ko files to insmod first, one per line
#   out: output     the command's stdout+stderr (also copied to the console)
#        status     the command's exit status (written once it has finished)
#        error      harness failure message (no command was run / completed)
#        kmsg       raw /dev/kmsg stream, written live during the whole run
#        dmesg      `dmesg` snapshot taken at the end (fallback)
#        taint-before, taint-after   /proc/sys/kernel/tainted around the run
#
# The guest root is an overlay: the host's / (read-only 9p "hostroot") below a
# tmpfs upper layer, so every host path is visible at the same absolute path
# and writable, but nothing is ever written back to the host except in /xfer.

export PATH=/bin:/sbin:/usr/bin:/usr/sbin
umask 022

mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sysfs /sys

R=/newroot
X=/xfer
MSIZE=512000
xfer_ok=
kmsg_pid=

msg() { echo "run-vm: guest: $*"; }

finish() {
	if [ -n "$xfer_ok" ]; then
		cat /proc/sys/kernel/tainted >"$X/taint-after" 2>/dev/null
		# Wait until the live kmsg copy has caught up with an end marker.
		echo "run-vm: end of guest log" >/dev/kmsg
		if [ -n "$kmsg_pid" ]; then
			i=0
			while [ "$i" -lt 50 ] && kill -0 "$kmsg_pid" 2>/dev/null &&
				! grep -q 'run-vm: end of guest log' "$X/kmsg" 2>/dev/null; do
				sleep 0.1
				i=$((i + 1))
			done
		fi
		dmesg >"$X/dmesg" 2>/dev/null
		echo finished >"$X/finished"
	fi
	sync
	poweroff -f
	sleep 10
	exit 1 # init exiting panics the kernel; panic=-1 + -no-reboot stops qemu
}

fail() {
	msg "error: $*"
	if [ -n "$xfer_ok" ]; then
		echo "$*" >>"$X/error"
	fi
	finish
}

# --- 9p + overlay kernel modules (copied into the initramfs by the host) ---
while read -r m; do
	[ -n "$m" ] || continue
	insmod "/lib/modules/$m" || fail "cannot load initramfs module $m"
done </modules.list

# --- transfer directory ---
mkdir -p "$X"
mount -t 9p -o "trans=virtio,version=9p2000.L,msize=$MSIZE,cache=none" xfer "$X" ||
	fail "cannot mount the xfer 9p share"
xfer_ok=1
cat /proc/sys/kernel/tainted >"$X/taint-before"
cat /dev/kmsg >"$X/kmsg" 2>/dev/null &
kmsg_pid=$!

# --- root filesystem: host / (ro 9p) + tmpfs upper via overlayfs ---
mkdir -p /lower /rw "$R"
mount -t 9p -o "ro,trans=virtio,version=9p2000.L,msize=$MSIZE,cache=loose" hostroot /lower ||
	fail "cannot mount the hostroot 9p share"
mount -t tmpfs -o mode=0755 rwlayer /rw || fail "cannot mount tmpfs for the overlay"
mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work rootfs "$R" ||
	fail "cannot mount the overlay root"

mount -t proc proc "$R/proc" || fail "mount proc"
mount -t sysfs sysfs "$R/sys" || fail "mount sysfs"
mount -t devtmpfs devtmpfs "$R/dev" || fail "mount devtmpfs"
mkdir -p "$R/dev/pts" "$R/dev/shm"
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts "$R/dev/pts" || fail "mount devpts"
mount -t tmpfs -o mode=1777 shm "$R/dev/shm" || fail "mount /dev/shm"
mount -t tmpfs -o mode=0755 run "$R/run" || fail "mount /run"
# /tmp is deliberately NOT a fresh tmpfs: it stays part of the overlay so that
# host files under /tmp (e.g. a clone or a module built there) remain visible.
# Writes land in the guest's tmpfs upper layer like any other path.
mount -t debugfs debugfs "$R/sys/kernel/debug" || fail "mount debugfs"
mount -t tracefs tracefs "$R/sys/kernel/tracing" || fail "mount tracefs"
mount -t cgroup2 cgroup2 "$R/sys/fs/cgroup" 2>/dev/null || msg "warning: cannot mount cgroup2"
mount -t bpf bpf "$R/sys/fs/bpf" 2>/dev/null || msg "warning: cannot mount bpffs"
[ -e "$R/dev/fd" ] || ln -s /proc/self/fd "$R/dev/fd"
[ -e "$R/dev/stdin" ] || ln -s /proc/self/fd/0 "$R/dev/stdin"
[ -e "$R/dev/stdout" ] || ln -s /proc/self/fd/1 "$R/dev/stdout"
[ -e "$R/dev/stderr" ] || ln -s /proc/self/fd/2 "$R/dev/stderr"

# Kernel module autoloading (request_module) runs the usermode helper in
# PID 1's root, i.e. this initramfs: point it at the new root's modprobe.
if [ -L "$R/sbin/modprobe" ] || [ -e "$R/sbin/modprobe" ]; then
	printf '#!/bin/sh\nexec /bin/busybox chroot %s /sbin/modprobe "$@"\n' "$R" >/sbin/modprobe-newroot
	chmod 755 /sbin/modprobe-newroot
	echo /sbin/modprobe-newroot >/proc/sys/kernel/modprobe
fi

hostname drawbridge-vm
echo drawbridge-vm >"$R/etc/hostname" 2>/dev/null
ip link set lo up || fail "cannot bring up lo"

GUEST_ENV="PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root USER=root LOGNAME=root TERM=dumb LANG=C.UTF-8 PYTHONUNBUFFERED=1 RUN_VM=1"

# --- modules requested with --module (host paths, same path in the guest) ---
if [ -s "$X/modules" ]; then
	while read -r m; do
		[ -n "$m" ] || continue
		echo "run-vm: guest: insmod $m" >/dev/kmsg
		# Run the host's insmod (kmod: handles .ko.xz/.ko.zst) via the new
		# root's sh; busybox chroot would otherwise prefer its own applet.
		# shellcheck disable=SC2086,SC2016
		if ! out=$(env -i $GUEST_ENV chroot "$R" /bin/sh -c 'exec insmod "$1"' insmod "$m" 2>&1); then
			echo "$out"
			fail "insmod $m failed: $out"
		fi
	done <"$X/modules"
fi

# --- the command ---
cwd=$(cat "$X/cwd")
[ -d "$R$cwd" ] || fail "working directory $cwd does not exist in the guest"
cmd=$(cat "$X/cmd")

echo "run-vm: guest: command start" >/dev/kmsg
mkfifo /out.fifo
tee -a "$X/output" </out.fifo &
tee_pid=$!
# shellcheck disable=SC2086
env -i $GUEST_ENV chroot "$R" /bin/sh -c "cd \"\$1\" && $cmd" run-vm "$cwd" \
	</dev/null >/out.fifo 2>&1
rc=$?
echo "run-vm: guest: command exited with status $rc" >/dev/kmsg

# Let tee drain. If background processes the command left behind still hold
# the pipe open, give them a moment and then kill everything.
i=0
while [ "$i" -lt 20 ] && kill -0 "$tee_pid" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$tee_pid" 2>/dev/null; then
	msg "command left processes behind holding its output open; killing them"
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		[ "$p" = 1 ] || [ "$p" = "$kmsg_pid" ] || kill -KILL "$p" 2>/dev/null
	done
	sleep 0.2
fi
echo "$rc" >"$X/status"
finish
