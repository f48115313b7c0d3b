#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Check everything that describes the Dk calls against the one call list,
# uapi/linux/drawbridge_calls.h:
#   - the call table in Documentation/abi/index.rst (number, name, status);
#   - dbtrace's call table (tools/dbtrace/dbtrace --list-calls: number,
#     name, argument count and kinds, flags), if dbtrace is built;
#   - the module (kmod/drawbridge.ko, if built): every call name of the
#     list is in it.  The module makes its table from the list and checks
#     it when it loads (kmod/table.c).
# libdk and dkfuzz take the list at compile time: a row they do not match
# does not compile.  Exits 1 and shows the difference on a mismatch.
#
# Usage: scripts/check-calls.sh [TOPDIR]
set -eu

top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
list=$top/uapi/linux/drawbridge_calls.h
doc=$top/Documentation/abi/index.rst
dbtrace=$top/tools/dbtrace/dbtrace
module=$top/kmod/drawbridge.ko
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0

# The list, one line per call: "NR NAME NARGS KINDS FLAGS", the format of
# dbtrace --list-calls ("-" for no kinds or no flags).
${CPP:-cpp} -P -undef -I"$top/uapi" \
	-D'DK_CALL(nr, id, name, handler, flags, nargs, kinds)=@@ nr name nargs kinds flags' \
	"$list" | tr '\n' ' ' | sed 's/@@/\n/g' | sed -e '/^ *$/d' \
	-e 's/"//g' -e 's/DK_ARG_//g' -e 's/DK_CF_//g' -e 's/ *, */,/g' \
	-e 's/( *)/-/' -e 's/[()]//g' -e 's/ *| */,/g' -e 's/  */ /g' \
	-e 's/^ //' -e 's/ $//' | \
	awk '{ if ($5 == "0") $5 = "-"; print }' > "$tmp/list"

n=$(wc -l < "$tmp/list")
if [ "$n" -lt 1 ]; then
	echo "check-calls: no calls found in $list" >&2
	exit 1
fi

# same_rows WANT GOT WHAT: if the two files differ, say WHAT and show the
# difference (- WANT, + GOT), and fail at the end.
same_rows() {
	if ! diff -u "$1" "$2" > "$tmp/rows.diff"; then
		echo "check-calls: $3:" >&2
		cat "$tmp/rows.diff" >&2
		bad=1
	fi
}

# The rows of the call table in the ABI reference: "NR NAME STATUS".
awk '/^The call table$/ { intable = 1 }
     intable && /^[0-9]+ +Dk[A-Za-z0-9]+ / { print $1, $2, $3 }' "$doc" \
	> "$tmp/doc"
awk '{ st = $5 ~ /(^|,)INTERNAL(,|$)/ ? "internal" : "implemented";
       print $1, $2, st }' "$tmp/list" > "$tmp/doc.want"
same_rows "$tmp/doc.want" "$tmp/doc" \
	"$doc: the call table differs from the list (- list, + document)"

if [ -x "$dbtrace" ]; then
	"$dbtrace" --list-calls > "$tmp/dbtrace"
	same_rows "$tmp/list" "$tmp/dbtrace" \
		"dbtrace --list-calls differs from the list (- list, + dbtrace; rebuild dbtrace?)"
fi

if [ -f "$module" ]; then
	strings -a "$module" > "$tmp/strings"
	for name in $(awk '{ print $2 }' "$tmp/list"); do
		if ! grep -qx "$name" "$tmp/strings"; then
			echo "check-calls: $module has no call $name" \
			     "(rebuild the module?)" >&2
			bad=1
		fi
	done
fi

[ "$bad" = 0 ] && echo "check-calls: $n calls; documentation, dbtrace and module agree"
exit "$bad"
