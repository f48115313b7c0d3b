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
#   make lint       checkpatch --strict and sparse on kmod/, uapi/ and common/
#
# demo, check, fuzz and bench install missing Debian packages first (as root).
#
# KERNEL=debug (e.g. `make check KERNEL=debug`): build the module against,
# and boot the VM on, the debug kernel (KASAN, lockdep, UBSAN, kmemleak...)
# that scripts/build-debug-kernel.sh builds once and caches outside the tree.
# See Documentation/testing.rst.

KERNEL	?= distro
RUNVM	:= selftests/vm/run-vm.sh
MODULE	:= kmod/drawbridge.ko
VMFLAGS	?=

ifeq ($(KERNEL),debug)
DEBUGK	:= $(shell scripts/build-debug-kernel.sh --dir)
KDIR	:= $(DEBUGK)/build
VMKERNEL := --kernel $(KDIR)/vmlinux --timeout 5400
KERNEL_DEP := debug-kernel
else ifeq ($(KERNEL),distro)
KVER	?= $(shell scripts/kver.sh)
KDIR	?= /lib/modules/$(KVER)/build
VMKERNEL :=
KERNEL_DEP :=
else
$(error KERNEL must be "distro" (the default) or "debug", not "$(KERNEL)")
endif

# The module is built in place (kmod/), so it is cleaned whenever KDIR differs
# from the one it was last built against: switching KERNEL never leaves a
# module built for the other kernel behind.
KDIR_STAMP := kmod/.kdir
define kdir_switch
	@if [ "$$(cat $(KDIR_STAMP) 2>/dev/null)" != "$(KDIR)" ]; then \
		echo "module: KDIR is now $(KDIR): cleaning kmod/"; \
		$(MAKE) -s -C $(KDIR) M=$(CURDIR) clean && \
		echo "$(KDIR)" > $(KDIR_STAMP); \
	fi
endef

.PHONY: all module userlib tools examples selftests deps demo check bench \
	fuzz lint clean debug-kernel

all: module userlib tools examples selftests

module: $(KERNEL_DEP)
	$(kdir_switch)
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

debug-kernel: deps
	scripts/build-debug-kernel.sh >/dev/null

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
	$(RUNVM) $(VMKERNEL) $(VMFLAGS) --module $(CURDIR)/$(MODULE) -- \
		$(CURDIR)/scripts/demo.sh

check: deps
	$(MAKE) all
	scripts/check.sh $(VMKERNEL) $(VMFLAGS)

# Not part of check: see Documentation/testing.rst, "Fuzzing".
fuzz: deps
	$(MAKE) all
	scripts/fuzz.sh $(VMFLAGS)

bench: deps
	$(MAKE) all
	$(MAKE) -C selftests bench-bins
	scripts/bench.sh $(VMKERNEL) $(VMFLAGS)

# checkpatch comes from the linux-source tarball (see scripts/).  ENOSYS is
# ignored on purpose: the ABI returns it for reserved call numbers, which is
# the "no such system call" meaning that checkpatch's rule protects.
CHECKPATCH_FLAGS := --strict --no-tree --terse --show-types --ignore ENOSYS

lint:
	$(kdir_switch)
	@cp=$$(scripts/kernel-src-file.sh scripts/checkpatch.pl) && \
	$$cp $(CHECKPATCH_FLAGS) -f $$(ls kmod/*.c kmod/*.h | grep -v '\.mod\.c$$') \
		uapi/linux/drawbridge.h common/*.c common/*.h > .checkpatch.out 2>&1; \
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
	rm -f $(KDIR_STAMP)
	-$(MAKE) -C userlib clean
	-$(MAKE) -C tools/dbexec clean
	-$(MAKE) -C tools/dbtrace clean
	-$(MAKE) -C examples/hello clean
	-$(MAKE) -C selftests clean
