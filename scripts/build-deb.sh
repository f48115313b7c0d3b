#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make deb`: build the Debian packages from a copy of the source (the files
# git tracks plus new, not ignored ones) in deb/src/, with dpkg-buildpackage,
# then run lintian on the result.  The .deb files end up in deb/.  Nothing
# is written outside deb/.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
VERSION=$1
OUT=$TOP/deb
SRC=$OUT/src/drawbridge-$VERSION

rm -rf "$OUT"
mkdir -p "$SRC"
cd "$TOP"
if [ -d .git ] || git rev-parse --git-dir >/dev/null 2>&1; then
	git ls-files -co --exclude-standard -z | xargs -0 tar -cf - | tar -xf - -C "$SRC"
else
	tar -cf - --exclude=./deb . | tar -xf - -C "$SRC"
fi
cd "$SRC"
dpkg-buildpackage -b -us -uc -j2
cd "$OUT/src"
mv ./*.deb ./*.changes ./*.buildinfo "$OUT/"
cd "$OUT"
rm -rf src
cp "$TOP/examples/hello/hello.c" "$OUT/"
ls -l ./*.deb
echo "lintian:"
# --fail-on error: overridden tags (debian/*.lintian-overrides, each with
# its reason) and informational ones do not fail the build.
lintian --info --display-info --fail-on error,warning ./*.changes
echo "lintian: clean (remaining tags are overridden, see debian/*.lintian-overrides)"
