#!/bin/sh
# Print the kernel version drawbridge.ko is built for and tested on: $DB_KVER,
# else the one the linux-headers-amd64 metapackage points at, else the newest
# installed headers.
set -eu
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
