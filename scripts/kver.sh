#!/bin/sh
# Print the kernel version drawbridge.ko is built for and tested on.
#
#   scripts/kver.sh            $DB_KVER, else the one the linux-headers-amd64
#                              metapackage points at, else the newest
#                              installed headers
#   scripts/kver.sh SERIES     e.g. 6.12: the version Debian's
#                              linux-headers-SERIES-amd64 metapackage points
#                              at (asked from apt, so it need not be
#                              installed yet; the newest installed
#                              linux-headers-SERIES.* when apt does not know it)
#   scripts/kver.sh VERSION    a full version (6.12.117+deb12-amd64): as it is
set -eu
case ${1:-} in
'') ;;
*-amd64)
	echo "$1"
	exit 0
	;;
*)
	series=$1
	dep=$(apt-cache depends "linux-headers-$series-amd64" 2>/dev/null |
		sed -n 's/.*Depends: linux-headers-\([0-9][^ ,]*-amd64\)$/\1/p' | head -n 1)
	if [ -z "$dep" ]; then
		for d in /usr/src/linux-headers-"$series".*-amd64; do
			[ -d "$d" ] && dep=${d#/usr/src/linux-headers-}
		done
	fi
	[ -n "$dep" ] || { echo "kver.sh: no Debian kernel $series known to apt (see scripts/install-deps.sh --kver)" >&2; exit 1; }
	echo "$dep"
	exit 0
	;;
esac
if [ -n "${DB_KVER:-}" ]; then
	echo "$DB_KVER"
	exit 0
fi
dep=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null |
	sed -n 's/.*linux-headers-\([0-9][^ ,]*-amd64\).*/\1/p')
if [ -n "$dep" ]; then
	echo "$dep"
	exit 0
fi
for d in /usr/src/linux-headers-*-amd64; do
	[ -d "$d" ] && v=${d#/usr/src/linux-headers-}
done
[ -n "${v:-}" ] || { echo "kver.sh: no linux-headers-*-amd64 installed" >&2; exit 1; }
echo "$v"
