#!/bin/sh
# Print the path of a file from the linux-source package's tarball, extracting
# it (once, into a cache) on first use.  Used for kselftest_harness.h and
# checkpatch.pl, which the project does not copy into its tree.
#   usage: kernel-src-file.sh tools/testing/selftests/kselftest_harness.h
set -eu
rel=$1
cache=${DB_KSRC_CACHE:-/var/tmp/drawbridge-ksrc}
tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
[ -n "$tarball" ] || { echo "kernel-src-file.sh: linux-source package not installed (run scripts/install-deps.sh)" >&2; exit 1; }
top=$(basename "$tarball" .tar.xz)
dest=$cache/$top
if [ ! -f "$dest/.complete" ]; then
	mkdir -p "$dest"
	# One pass over the tarball for every file the project uses.
	tar -xJf "$tarball" -C "$dest" --strip-components=1 \
		"$top/scripts/checkpatch.pl" "$top/scripts/spelling.txt" \
		"$top/scripts/const_structs.checkpatch" \
		"$top/tools/testing/selftests/kselftest_harness.h" \
		"$top/tools/testing/selftests/kselftest.h"
	touch "$dest/.complete"
fi
[ -f "$dest/$rel" ] || { echo "kernel-src-file.sh: $rel not in $tarball" >&2; exit 1; }
echo "$dest/$rel"
