#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `make demo`, inside the VM: run the hello picoprocess, then show the
# monitor catching a forbidden host system call.
TOP=$(cd "$(dirname "$0")/.." && pwd)
DBEXEC=$TOP/tools/dbexec/dbexec
HELLO=$TOP/examples/hello/hello

echo "\$ dbexec hello 'from the demo' --exit 7"
"$DBEXEC" "$HELLO" "from the demo" --exit 7
echo "(exit status $?)"
echo
echo "\$ dbexec hello --fault     # makes a raw getpid system call"
"$DBEXEC" "$HELLO" --fault
rc=$?
echo "(exit status $rc = 128 + SIGSYS)"
[ "$rc" -eq 159 ]
