#!/bin/sh
# Print the path of a file from the linux-source package's tarball, extracting
# it (once, into a cache) on first use.  Used for kselftest_harness.h,
# checkpatch.pl and kernel-doc, which the project does not copy into its tree.
#   usage: kernel-src-file.sh tools/testing/selftests/kselftest_harness.h
set -eu
rel=$1
cache=${DB_KSRC_CACHE:-/var/tmp/drawbridge-ksrc}
tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
[ -n "$tarball" ] || { echo "kernel-src-file.sh: linux-source package not installed (run scripts/install-deps.sh)" >&2; exit 1; }
top=$(basename "$tarball" .tar.xz)
dest=$cache/$top
# Every file the project uses, extracted in one pass over the tarball.
files="scripts/checkpatch.pl scripts/spelling.txt
	scripts/const_structs.checkpatch scripts/kernel-doc
	tools/testing/selftests/kselftest_harness.h
	tools/testing/selftests/kselftest.h"
# Extract again when a file was added to the list since the cache was made.
# Files are extracted aside and renamed into place, so another build reading
# the cache meanwhile never sees a partly written one.
if [ ! -f "$dest/.complete" ] || [ ! -f "$dest/$rel" ]; then
	mkdir -p "$dest"
	tmp=$(mktemp -d "$cache/.extract.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	tar -xJf "$tarball" -C "$tmp" --strip-components=1 \
		$(for f in $files; do echo "$top/$f"; done)
	for f in $files; do
		mkdir -p "$dest/$(dirname "$f")"
		mv -f "$tmp/$f" "$dest/$f"
	done
	touch "$dest/.complete"
fi
[ -f "$dest/$rel" ] || { echo "kernel-src-file.sh: $rel not in $tarball" >&2; exit 1; }
echo "$dest/$rel"
