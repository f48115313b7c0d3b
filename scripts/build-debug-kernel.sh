#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (once) the debug kernel for the test VM: the installed linux-source
# tarball (the same version as the Debian kernel the module targets),
# `make allnoconfig` plus selftests/vm/debug.config (KASAN, lockdep, UBSAN,
# kmemleak, ...), cached outside the tree in
#   ${DB_KERNEL_CACHE:-/var/tmp/drawbridge-kernel}/<version>-debug-<hash>/
# where <hash> covers the config fragment, the source tarball, the compiler
# and this script's recipe.  Idempotent: a finished build is reused as is;
# an interrupted one resumes (make is incremental).  Concurrent callers
# serialize on a lock and the second one reuses the first one's result.
#
#   scripts/build-debug-kernel.sh            build if needed, print the dir
#   scripts/build-debug-kernel.sh --dir      print the dir, build nothing
#   scripts/build-debug-kernel.sh --check    exit 0 if built, 1 if not
#
# In the directory: build/ is the kbuild output tree (KDIR for external
# modules; build/arch/x86/boot/bzImage is what selftests/vm/run-vm.sh
# --kernel boots), src/ the unpacked source, build.log the full build output,
# build.time the `time` of each compile run.  See Documentation/testing.rst.
set -Eeuo pipefail

# The whole script is one compound command, so bash parses it completely
# before running it: editing this file (git pull) cannot disturb a build
# in progress.
{

PROG=build-debug-kernel
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FRAG=$TOP/selftests/vm/debug.config
# Bump when the recipe below changes in a way that changes the result.
RECIPE=1
JOBS=${DB_KERNEL_JOBS:-2}

msg() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() {
	msg "error: $*"
	exit 1
}

mode=build
case ${1:-} in
'') ;;
--dir) mode=dir ;;
--check) mode=check ;;
-h | --help)
	sed -n '4,22s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
	exit 0
	;;
*) die "unknown argument: $1 (try --help)" ;;
esac

[ -f "$FRAG" ] || die "missing $FRAG"
tarball=$(find /usr/src -maxdepth 1 -name 'linux-source-*.tar.xz' | sort -V | tail -n 1)
[ -n "$tarball" ] || die "no /usr/src/linux-source-*.tar.xz (run scripts/install-deps.sh)"
top=$(basename "$tarball" .tar.xz) # linux-source-6.1
series=${top#linux-source-}
srcpkg=$(dpkg-query -W -f='${Package} ${Version}' "$top" 2>/dev/null || true)

key=$(
	{
		echo "recipe $RECIPE"
		echo "source $srcpkg $(stat -L -c '%n %s %Y' "$tarball")"
		echo "cc $(${CC:-gcc} --version 2>/dev/null | head -n 1)"
		# the settings only: editing a comment does not change the result
		awk '/^# CONFIG_[A-Za-z0-9_]+ is not set$/ || (!/^#/ && NF)' "$FRAG"
	} | sha256sum | cut -c1-12
)
CACHE=${DB_KERNEL_CACHE:-/var/tmp/drawbridge-kernel}
DIR=$CACHE/$series-debug-$key
SRC=$DIR/src
OUT=$DIR/build

case $mode in
dir)
	echo "$DIR"
	exit 0
	;;
check)
	[ -f "$DIR/.complete" ]
	exit
	;;
esac

if [ -f "$DIR/.complete" ]; then
	echo "$DIR"
	exit 0
fi

for tool in make gcc bc bison flex perl xz tar sha256sum flock; do
	command -v "$tool" >/dev/null || die "$tool not found (run scripts/install-deps.sh)"
done
[ -f /usr/include/openssl/opensslv.h ] || die "libssl-dev missing (run scripts/install-deps.sh)"
[ -f /usr/include/libelf.h ] || [ -f /usr/include/elfutils/libelf.h ] ||
	die "libelf-dev missing (run scripts/install-deps.sh)"

mkdir -p "$DIR"
exec 9>"$DIR/.lock"
if ! flock -n 9; then
	msg "another build of $DIR is running; waiting for it"
	flock 9
fi
if [ -f "$DIR/.complete" ]; then
	echo "$DIR"
	exit 0
fi

msg "building the debug kernel in $DIR (long: see Documentation/testing.rst)"
msg "log: $DIR/build.log"

if [ ! -f "$SRC/.unpacked" ]; then
	msg "unpacking $tarball"
	rm -rf "$SRC"
	mkdir -p "$SRC"
	tar -xJf "$tarball" -C "$SRC" --strip-components=1
	touch "$SRC/.unpacked"
fi

# allnoconfig + the fragment; merge_config.sh reports every requested value
# that did not survive (unmet dependency, typo): treat that as an error.
if [ ! -f "$OUT/.config.done" ]; then
	msg "configuring (allnoconfig + $(basename "$FRAG"))"
	mkdir -p "$OUT"
	(cd "$SRC" && ARCH=x86_64 scripts/kconfig/merge_config.sh -n -O "$OUT" "$FRAG") \
		>"$DIR/config.log" 2>&1 || { cat "$DIR/config.log" >&2; die "configuration failed"; }
	if grep -q -i 'value requested' "$DIR/config.log"; then
		grep -i -A3 'value requested' "$DIR/config.log" >&2
		die "$(basename "$FRAG"): some values were not applied (see above)"
	fi
	touch "$OUT/.config.done"
fi

# bzImage (booted by the VM runner), scripts + Module.symvers for building
# external modules against $OUT.
msg "compiling with -j$JOBS (nice 10)"
start=$(date +%s)
if ! { time nice -n 10 make -C "$OUT" ARCH=x86_64 -j"$JOBS" all >>"$DIR/build.log" 2>&1; } 2>"$DIR/build.time.part"; then
	tail -n 40 "$DIR/build.log" >&2
	die "kernel build failed (full log: $DIR/build.log)"
fi
{
	echo "# $(date -u '+%F %T') make -j$JOBS all ($(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))"
	cat "$DIR/build.time.part"
} >>"$DIR/build.time"
rm -f "$DIR/build.time.part"
if ! [ -f "$OUT/arch/x86/boot/bzImage" ] || ! [ -f "$OUT/Module.symvers" ]; then
	die "build finished without arch/x86/boot/bzImage or Module.symvers"
fi
msg "done in $(($(date +%s) - start)) s"
touch "$DIR/.complete"
echo "$DIR"
exit 0
}
