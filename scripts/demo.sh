#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `make demo`, inside the VM: run the hello picoprocess, an unmodified
# busybox under the libOS, then show the monitor catching a forbidden host
# system call.
TOP=$(cd "$(dirname "$0")/.." && pwd)
DBEXEC=$TOP/tools/dbexec/dbexec
HELLO=$TOP/examples/hello/hello

echo "\$ dbexec hello 'from the demo' --exit 7"
"$DBEXEC" "$HELLO" "from the demo" --exit 7
echo "(exit status $?)"
echo
echo "\$ echo 'an unmodified static busybox' | dbexec /bin/busybox tr a-z A-Z"
echo 'an unmodified static busybox' | "$DBEXEC" /bin/busybox tr a-z A-Z
bb=$?
echo "(exit status $bb: busybox ran under the libOS, its system calls emulated)"
echo
echo "\$ dbexec hello --fault     # makes a raw getpid system call"
"$DBEXEC" "$HELLO" --fault
rc=$?
echo "(exit status $rc = 128 + SIGSYS)"
[ "$rc" -eq 159 ] && [ "$bb" -eq 0 ]
