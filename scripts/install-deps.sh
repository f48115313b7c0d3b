#!/usr/bin/env bash
# Install the Debian packages needed to build and test Drawbridge for Linux.
#
# Idempotent: only packages that are not yet installed are passed to apt-get,
# and `apt-get update` runs at most once. Must run as root when something is
# missing. Prints a single line when everything is already present.
set -euo pipefail

PKGS=(
	build-essential
	linux-image-amd64
	linux-headers-amd64
	linux-source-6.1
	qemu-system-x86
	busybox-static
	kmod
	cpio
	libseccomp-dev
	seccomp
	libbpf-dev
	bpftool
	bpftrace
	clang
	llvm
	sparse
	pkg-config
	libelf-dev
	zlib1g-dev
	util-linux
	python3
	# make lint: scripts/rst-check.py
	python3-docutils
	# scripts/build-debug-kernel.sh (make check KERNEL=debug)
	bc
	bison
	flex
	libssl-dev
	xz-utils
)

missing=()
for p in "${PKGS[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	if [ "$status" != "installed" ]; then
		missing+=("$p")
	fi
done

if [ "${#missing[@]}" -eq 0 ]; then
	echo "install-deps: all ${#PKGS[@]} packages already installed"
	exit 0
fi

echo "install-deps: missing packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: error: must be run as root to install missing packages" >&2
	echo "install-deps: try: sudo $0" >&2
	exit 1
fi

apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
echo "install-deps: done"
