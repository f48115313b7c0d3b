#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make deb-test`, inside the test VM (as root, throw-away root filesystem):
# install the packages in DEBDIR (make deb), let DKMS build the module for
# the running kernel, load it by opening /dev/drawbridge (the module's
# char-major alias), and run picoprocesses with the installed tools only:
# an image built by the installed dbcc against the installed libdk, through
# the installed dbexec and dbtrace.  If a second kernel with headers is
# installed (the host's 6.12 beside 6.1), its headers are hidden while the
# packages are installed and then "installed" the way linux-headers' postinst
# does it, to check that DKMS builds the module for a kernel that comes
# later.  A busybox command runs unmodified through the installed libOS.
# TAP-like output, ends "N passed, N failed".
set -u
DEBDIR=${1:?usage: deb-test.sh DEBDIR}
KVER=$(uname -r)
WORK=$(mktemp -d /tmp/deb-test.XXXXXX)
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
notok() { fail=$((fail + 1)); echo "not ok - $*"; }
check() { # check DESCRIPTION COMMAND...
	d=$1
	shift
	if "$@" >"$WORK/out" 2>&1; then ok "$d"; else notok "$d"; sed 's/^/#   /' "$WORK/out" | tail -n 30; fi
}
# expect_exit CODE PATTERN OK NAME COMMAND...: ok OK if COMMAND exits CODE
# and its output has PATTERN, else "NAME: exit RC, expected CODE" and the
# output's last 30 lines.
expect_exit() {
	code=$1 pattern=$2 d=$3 name=$4
	shift 4
	"$@" >"$WORK/out" 2>&1
	rc=$?
	if [ "$rc" -eq "$code" ] && grep -q "$pattern" "$WORK/out"; then
		ok "$d"
	else
		notok "$name: exit $rc, expected $code"
		sed 's/^/#   /' "$WORK/out" | tail -n 30
	fi
}
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

# No build tree from here on: the tools must come from the packages.
cd "$WORK" || exit 1
export PATH=/usr/sbin:/usr/bin:/sbin:/bin

check "no drawbridge module loaded before the test" sh -c '! grep -q "^drawbridge " /proc/modules'
# A second kernel with headers: its headers stay hidden (the build link
# renamed, in the VM's throw-away root) until after dpkg -i, so that its
# module can only come from the kernel hook below.
OTHER=
for d in /lib/modules/*/build; do
	k=${d#/lib/modules/}
	k=${k%/build}
	if [ "$k" != "$KVER" ] && [ -e "$d/include" ]; then
		OTHER=$k
	fi
done
[ -z "$OTHER" ] || mv "/lib/modules/$OTHER/build" "/lib/modules/$OTHER/build.deb-test"
check "dpkg -i drawbridge-dkms libdk1 libdk-dev drawbridge-tools (DKMS builds for $KVER)" \
	dpkg -i "$DEBDIR"/drawbridge-dkms_*.deb "$DEBDIR"/libdk1_*.deb \
	"$DEBDIR"/libdk-dev_*.deb "$DEBDIR"/drawbridge-tools_*.deb
check "dkms status: drawbridge installed for $KVER" \
	sh -c "dkms status drawbridge | tee /dev/stderr | grep -q '$KVER.*installed'"
if [ -n "$OTHER" ]; then
	check "DKMS left $OTHER alone while its headers were missing" \
		sh -c "! dkms status -k '$OTHER' drawbridge | grep -q installed"
	# What installing linux-headers-$OTHER does: its postinst runs the
	# header_postinst.d hooks, DKMS's among them (dkms autoinstall -k).
	mv "/lib/modules/$OTHER/build.deb-test" "/lib/modules/$OTHER/build"
	check "newly installed headers $OTHER: the kernel hook builds and installs the module" \
		sh -c "/etc/kernel/header_postinst.d/dkms '$OTHER' &&
			dkms status -k '$OTHER' drawbridge | tee /dev/stderr | grep -q installed"
	check "modinfo -k $OTHER: the DKMS module, built for $OTHER" \
		sh -c "modinfo -n -k '$OTHER' drawbridge | grep -q '/updates/dkms/' &&
			modinfo -F vermagic -k '$OTHER' drawbridge | grep -q '^$OTHER '"
else
	echo "# no second kernel with headers installed: DKMS rebuild for a new kernel not tested"
fi
check "modinfo finds drawbridge.ko for $KVER (aliases char-major-10-248, devname:drawbridge)" \
	sh -c "modinfo -k '$KVER' drawbridge | grep -q 'alias:.*char-major-10-248' &&
		modinfo -k '$KVER' drawbridge | grep -q 'alias:.*devname:drawbridge'"
check "kmod static-nodes lists /dev/drawbridge c 10:248" \
	sh -c "kmod static-nodes --format=tmpfiles | grep -E '^c! /dev/drawbridge .* 10:248\$'"
# What systemd-tmpfiles does at boot with that list (the VM has no systemd).
rm -f /dev/drawbridge
mknod -m 0666 /dev/drawbridge c 10 248
for f in /usr/bin/dbexec /usr/bin/dbcc /usr/bin/dbtrace /usr/share/man/man7/drawbridge.7.gz \
	/usr/share/man/man3/libdk.3.gz /usr/lib/x86_64-linux-gnu/pkgconfig/dk.pc; do
	check "installed: $f" test -e "$f"
done
check "dbcc builds hello.c against the installed libdk (pkg-config dk)" \
	/usr/bin/dbcc -o "$WORK/hello" "$DEBDIR/hello.c"
check "dbexec --check accepts the image" /usr/bin/dbexec --check "$WORK/hello"

# The first open of /dev/drawbridge loads the module.
expect_exit 3 'argv\[3\] = package' \
	"dbexec hello (module autoloaded on open): exit 3 and its output" \
	"dbexec hello" /usr/bin/dbexec "$WORK/hello" from the package --exit 3
check "the module was loaded by the open (char-major-10-248 alias)" \
	grep -q '^drawbridge ' /proc/modules
check "the module loaded is the DKMS one" \
	sh -c "modinfo -n -k '$KVER' drawbridge | grep -q '/updates/dkms/'"

expect_exit 159 'forbidden host syscall' \
	"dbexec hello --fault: killed by the monitor, 159" \
	"dbexec hello --fault" /usr/bin/dbexec "$WORK/hello" --fault

# A host binary forced to run as a picoprocess image (--no-libos) is
# refused cleanly by the installed dbexec.
/usr/bin/dbexec --no-libos /bin/busybox echo hi >"$WORK/out" 2>&1
rc=$?
if [ "$rc" -eq 126 ] && grep -q '^dbexec: ' "$WORK/out"; then
	ok "dbexec --no-libos busybox echo: refused, 126 ($(head -n 1 "$WORK/out"))"
else
	notok "dbexec --no-libos busybox echo: exit $rc, expected 126"
	sed 's/^/#   /' "$WORK/out"
fi

# An unmodified static program runs under the libOS image the package
# installed (dbexec finds it by itself; nothing from the build tree).
LIBOS=$(dpkg -L drawbridge-tools | grep -E '/drawbridge/libos$' | head -n 1)
check "drawbridge-tools ships the libOS image ($LIBOS)" test -f "$LIBOS"
expect_exit 0 '^busybox through the libOS$' \
	"dbexec /bin/busybox echo: exit 0 and its output, through the libOS" \
	"dbexec /bin/busybox echo" \
	/usr/bin/dbexec /bin/busybox echo busybox through the libOS

expect_exit 0 'DkStreamWrite' \
	"dbtrace -c -- dbexec hello: summary lists DkStreamWrite" \
	"dbtrace -c -- dbexec hello" \
	/usr/bin/dbtrace -c -- /usr/bin/dbexec "$WORK/hello" traced

check "man -l renders the installed drawbridge(7)" \
	sh -c 'man -l /usr/share/man/man7/drawbridge.7.gz | grep -q "DEVICE"'
check "dpkg -r removes the packages (DKMS removes the module)" \
	sh -c "rmmod drawbridge && dpkg -r drawbridge-tools libdk-dev libdk1 drawbridge-dkms &&
		! dkms status drawbridge | grep -q installed"
finish
