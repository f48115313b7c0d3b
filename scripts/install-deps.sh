#!/usr/bin/env bash
# Install the Debian packages needed to build and test Drawbridge for Linux.
#
#   scripts/install-deps.sh                  build, test, man pages
#   scripts/install-deps.sh --kver VERSION   also that kernel's image and
#                                            headers (make check KVER=...)
#   scripts/install-deps.sh --deb            also what `make deb` needs
#
# Idempotent: only packages that are not yet installed are passed to apt-get,
# and `apt-get update` runs at most once. Must run as root when something is
# missing. Prints a single line when everything is already present.
# A kernel that apt does not know is looked for in bookworm-backports, whose
# source is then added (/etc/apt/sources.list.d/drawbridge-backports.sources).
set -euo pipefail

PKGS=(
	build-essential
	linux-image-amd64
	linux-headers-amd64
	linux-source-6.1
	qemu-system-x86
	busybox-static
	# the libOS tests (selftests/libos): musl-gcc -static programs
	musl-tools
	# the libOS server cases' native HTTP clients (selftests/libos/peers)
	curl
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
	# make lint (scripts/rst-check.py), man pages (scripts/mkman.py)
	python3-docutils
	# the man pages' test
	man-db
	# scripts/build-debug-kernel.sh (make check KERNEL=debug)
	bc
	bison
	flex
	libssl-dev
	xz-utils
)

kver=
while [ $# -gt 0 ]; do
	case $1 in
	--kver)
		[ $# -ge 2 ] || { echo "install-deps: --kver needs a version" >&2; exit 2; }
		kver=$2
		shift
		;;
	--deb) PKGS+=(debhelper dh-dkms dkms lintian fakeroot dpkg-dev) ;;
	*) echo "install-deps: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

updated=0
if [ -n "$kver" ]; then
	PKGS+=("linux-image-$kver" "linux-headers-$kver")
	if ! apt-cache show "linux-image-$kver" >/dev/null 2>&1 &&
		[ "$(dpkg-query -W -f='${db:Status-Status}' "linux-image-$kver" 2>/dev/null)" != installed ]; then
		[ "$(id -u)" -eq 0 ] || { echo "install-deps: linux-image-$kver unknown to apt; run as root to look in bookworm-backports" >&2; exit 1; }
		src=/etc/apt/sources.list.d/drawbridge-backports.sources
		if [ ! -e "$src" ]; then
			echo "install-deps: linux-image-$kver not known to apt: adding bookworm-backports"
			printf '%s\n' "Types: deb" "URIs: http://deb.debian.org/debian" \
				"Suites: bookworm-backports" "Components: main" \
				"Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" >"$src"
		fi
		apt-get update
		updated=1
	fi
fi

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

[ "$updated" = 1 ] || apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
echo "install-deps: done"
