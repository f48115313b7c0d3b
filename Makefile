# SPDX-License-Identifier: GPL-2.0
#
# Drawbridge for Linux: top-level build.
#
#   make            module, libdk, dbexec, examples, selftests
#   make demo       boot the VM, load the module, run the hello picoprocess
#   make check      boot the VM and run the kselftest suite (TAP), with a
#                   2-minute dkfuzz smoke run
#   make bench      boot the VM and run the benchmarks (ratios vs native)
#   make fuzz       boot the VM and run dkfuzz for FUZZ_TIME seconds (600)
#   make lint       checkpatch --strict and sparse on kmod/ and uapi/
#
# demo, check, fuzz and bench install missing Debian packages first (as root).

KVER	?= $(shell scripts/kver.sh)
KDIR	?= /lib/modules/$(KVER)/build
RUNVM	:= selftests/vm/run-vm.sh
MODULE	:= kmod/drawbridge.ko
VMFLAGS	?=

.PHONY: all module userlib tools examples selftests deps demo check bench \
	fuzz lint clean

all: module userlib tools examples selftests

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

userlib:
	$(MAKE) -C userlib

tools: userlib
	$(MAKE) -C tools/dbexec
	$(MAKE) -C tools/dbtrace

examples: userlib
	$(MAKE) -C examples/hello

selftests: userlib tools examples
	$(MAKE) -C selftests

deps:
	scripts/install-deps.sh

demo: deps
	$(MAKE) all
	$(RUNVM) $(VMFLAGS) --module $(CURDIR)/$(MODULE) -- \
		$(CURDIR)/scripts/demo.sh

check: deps
	$(MAKE) all
	scripts/check.sh $(VMFLAGS)

# Not part of check: see Documentation/testing.rst, "Fuzzing".
fuzz: deps
	$(MAKE) all
	scripts/fuzz.sh $(VMFLAGS)

bench: deps
	$(MAKE) all
	$(MAKE) -C selftests bench-bins
	scripts/bench.sh $(VMFLAGS)

# checkpatch comes from the linux-source tarball (see scripts/).  ENOSYS is
# ignored on purpose: the ABI returns it for reserved call numbers, which is
# the "no such system call" meaning that checkpatch's rule protects.
CHECKPATCH_FLAGS := --strict --no-tree --terse --show-types --ignore ENOSYS

lint:
	@cp=$$(scripts/kernel-src-file.sh scripts/checkpatch.pl) && \
	$$cp $(CHECKPATCH_FLAGS) -f $$(ls kmod/*.c kmod/*.h | grep -v '\.mod\.c$$') \
		uapi/linux/drawbridge.h > .checkpatch.out 2>&1; \
	grep -v 'total: 0 errors, 0 warnings, 0 checks' .checkpatch.out; \
	bad=$$(grep -c -E '^[^ ]+:[0-9]+: (ERROR|WARNING|CHECK)' .checkpatch.out); \
	rm -f .checkpatch.out; \
	echo "checkpatch: $$bad problem(s)"; \
	touch kmod/*.c; \
	$(MAKE) -s -C $(KDIR) M=$(CURDIR) C=1 modules 2>&1 | \
		grep -E 'warning|error' > .sparse.out; \
	sp=$$(wc -l < .sparse.out); cat .sparse.out; rm -f .sparse.out; \
	echo "sparse: $$sp problem(s)"; \
	test "$$bad" = 0 -a "$$sp" = 0

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	-$(MAKE) -C userlib clean
	-$(MAKE) -C tools/dbexec clean
	-$(MAKE) -C tools/dbtrace clean
	-$(MAKE) -C examples/hello clean
	-$(MAKE) -C selftests clean
