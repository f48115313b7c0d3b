# SPDX-License-Identifier: GPL-2.0
#
# Drawbridge for Linux: top-level build.
#
#   make            module, libdk, dbexec, the libOS, examples, selftests
#   make demo       boot the VM, load the module, run the hello picoprocess
#   make check      the libOS's host unit tests, then boot the VM and run the
#                   kselftest suite and the libOS tests (TAP), with a
#                   2-minute dkfuzz smoke run
#   make bench      boot the VM and run the benchmarks (ratios vs native)
#   make fuzz       boot the VM on the debug kernel (KERNEL=distro: Debian's)
#                   and run dkfuzz for FUZZ_TIME seconds (600)
#   make lint       checkpatch --strict, sparse, a W=1 build and kernel-doc on
#                   kmod/, uapi/ and common/; docutils on Documentation/; check-calls
#   make check-calls  the call table in Documentation/abi/index.rst, dbtrace
#                   and the module agree with uapi/linux/drawbridge_calls.h
#   make man        manual pages from the reST docs into man/; man-test
#                   renders them and fails on any groff warning
#   make install    tools, libdk, headers, dk.pc, man pages, docs into
#                   $(DESTDIR)$(PREFIX) (/usr/local); make uninstall
#   make dkms-src   the module's DKMS source tree, /usr/src/drawbridge-VERSION
#   make deb        Debian packages into deb/ (debhelper, dh-dkms), lintian
#   make deb-test   install them in the test VM, let DKMS build the module
#                   and run picoprocesses with the installed tools only
#
# demo, check, fuzz, bench, deb and deb-test install missing Debian packages
# first (as root).  KVER=6.12 (or a full version, 6.12.117+deb12-amd64):
# build against, and boot the VM on, that Debian kernel, installing its
# image and headers first (see Documentation/testing.rst).
#
# KERNEL=debug (e.g. `make check KERNEL=debug`): build the module against,
# and boot the VM on, the debug kernel (KASAN, lockdep, UBSAN, kmemleak...)
# that scripts/build-debug-kernel.sh builds once and caches outside the tree.
# See Documentation/testing.rst.

# `make fuzz` runs on the debug kernel unless KERNEL says otherwise.
ifneq ($(filter fuzz,$(MAKECMDGOALS)),)
KERNEL	?= debug
endif
KERNEL	?= distro
RUNVM	:= selftests/vm/run-vm.sh
MODULE	:= kmod/drawbridge.ko
VMFLAGS	?=

ifeq ($(KERNEL),debug)
DEBUGK	:= $(shell scripts/build-debug-kernel.sh --dir)
KDIR	:= $(DEBUGK)/build
VMKERNEL := --kernel $(KDIR)/arch/x86/boot/bzImage
# The suite under KASAN and lockdep in TCG takes far longer than on the
# distribution kernel.
CHECK_TIMEOUT := --timeout 5400
KERNEL_DEP := debug-kernel
else ifeq ($(KERNEL),distro)
override KVER := $(shell scripts/kver.sh $(KVER))
KDIR	?= /lib/modules/$(KVER)/build
# the kernel selftests/vm/run-vm.sh boots
export DB_KVER := $(KVER)
DEPS_KVER := $(if $(KVER),--kver $(KVER))
VMKERNEL :=
CHECK_TIMEOUT :=
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

.PHONY: all module userlib tools libos examples selftests deps demo check bench \
	fuzz lint check-calls clean debug-kernel man man-test install \
	uninstall dkms-src deb deb-deps deb-test

all: module userlib tools libos examples selftests

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

libos: userlib
	$(MAKE) -C libos

examples: userlib
	$(MAKE) -C examples/hello

selftests: userlib tools examples
	$(MAKE) -C selftests

deps:
	scripts/install-deps.sh $(DEPS_KVER)

demo: deps
	$(MAKE) all KERNEL=$(KERNEL)
	$(RUNVM) $(VMKERNEL) $(VMFLAGS) --module $(CURDIR)/$(MODULE) -- \
		$(CURDIR)/scripts/demo.sh

check: deps
	$(MAKE) all KERNEL=$(KERNEL)
	$(MAKE) man-test
	$(MAKE) -C libos unit
	scripts/check-calls.sh
	scripts/check.sh $(VMKERNEL) $(CHECK_TIMEOUT) $(VMFLAGS)

# Not part of check: see Documentation/testing.rst, "Fuzzing".
fuzz: deps
	$(MAKE) all KERNEL=$(KERNEL)
	scripts/fuzz.sh $(VMKERNEL) $(VMFLAGS)

bench: deps
	$(MAKE) all KERNEL=$(KERNEL)
	$(MAKE) -C selftests bench-bins
	scripts/bench.sh $(VMKERNEL) $(VMFLAGS)

# checkpatch and kernel-doc come from the linux-source tarball (see
# scripts/kernel-src-file.sh).  ENOSYS is ignored on purpose: the ABI returns
# it for reserved call numbers, which is the "no such system call" meaning
# that checkpatch's rule protects.  LINUX_VERSION_CODE too: an out-of-tree
# module built for several kernels needs it, in one place (DK_KERNEL_GE in
# kmod/compat.h).
CHECKPATCH_FLAGS := --strict --no-tree --terse --show-types \
	--ignore ENOSYS,LINUX_VERSION_CODE
LINT_KSRC := $(filter-out %.mod.c,$(wildcard kmod/*.c)) $(wildcard kmod/*.h)
LINT_UAPI := $(wildcard uapi/linux/*.h) $(wildcard common/*.c common/*.h)

# The one call list against what documents or mirrors it (built parts only).
check-calls:
	scripts/check-calls.sh

# Each step prints its problems and a "STEP: N problem(s)" line; lint fails
# if any step found one.
#   checkpatch  --strict on the module and the uapi headers
#   sparse      a C=1 module build
#   W=1         a W=1 module build: compiler and modpost warnings (kbuild's
#               W=1 also runs kernel-doc on each .c file; those lines are
#               left to the kernel-doc step, so they count once)
#   kernel-doc  -none (syntax and missing descriptions) on kmod/ and uapi/
#   docutils    every Documentation/ page parses cleanly and is reachable
#               from Documentation/index.rst (scripts/rst-check.py)
lint: check-calls
	$(kdir_switch)
	@cp=$$(scripts/kernel-src-file.sh scripts/checkpatch.pl) && \
	kd=$$(scripts/kernel-src-file.sh scripts/kernel-doc) || exit 1; \
	$$cp $(CHECKPATCH_FLAGS) -f $(LINT_KSRC) $(LINT_UAPI) \
		> .checkpatch.out 2>&1; \
	grep -v 'total: 0 errors, 0 warnings, 0 checks' .checkpatch.out; \
	bad=$$(grep -c -E '^[^ ]+:[0-9]+: (ERROR|WARNING|CHECK)' .checkpatch.out); \
	rm -f .checkpatch.out; \
	echo "checkpatch: $$bad problem(s)"; \
	touch kmod/*.c; \
	$(MAKE) -s -C $(KDIR) M=$(CURDIR) C=1 modules 2>&1 | \
		grep -E 'warning|error' > .sparse.out; \
	sp=$$(wc -l < .sparse.out); cat .sparse.out; rm -f .sparse.out; \
	echo "sparse: $$sp problem(s)"; \
	touch kmod/*.c; \
	$(MAKE) -s -C $(KDIR) M=$(CURDIR) W=1 modules 2>&1 | \
		grep -i -E 'warning|error' | \
		grep -v -E '^[^ :]+:[0-9]+: warning: ' > .w1.out; \
	w1=$$(wc -l < .w1.out); cat .w1.out; rm -f .w1.out; \
	echo "W=1: $$w1 problem(s)"; \
	perl $$kd -none $(LINT_KSRC) $(LINT_UAPI) > .kdoc.out 2>&1; \
	kdoc=$$(wc -l < .kdoc.out); cat .kdoc.out; rm -f .kdoc.out; \
	echo "kernel-doc: $$kdoc problem(s)"; \
	python3 scripts/rst-check.py Documentation; rst=$$?; \
	test "$$bad" = 0 -a "$$sp" = 0 -a "$$w1" = 0 -a "$$kdoc" = 0 \
		-a "$$rst" = 0

# --- manual pages, install, DKMS, Debian packages (Documentation/install.rst)

VERSION	:= 1.0
PYTHON	?= python3
PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
LIBDIR	?= $(PREFIX)/lib
MANDIR	?= $(PREFIX)/share/man
DOCDIR	?= $(PREFIX)/share/doc/drawbridge
DKMSDIR	:= /usr/src/drawbridge-$(VERSION)
MANPAGES = $(shell $(PYTHON) scripts/mkman.py --list)
DOCS	= $(shell cd Documentation && find . -name '*.rst' | sort)

man/.stamp: scripts/mkman.py $(wildcard Documentation/*.rst Documentation/*/*.rst)
	rm -rf man
	$(PYTHON) scripts/mkman.py man
	touch $@

man: man/.stamp

# Every page must render without a single warning (groff -ww via man).
man-test: man
	@bad=0; for p in $(MANPAGES); do \
		w=$$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=w -E UTF-8 -l man/$$p 2>&1 >/dev/null); \
		if [ -n "$$w" ] || ! man -l man/$$p >/dev/null 2>&1; then \
			echo "not ok - man page $$p:"; echo "$$w"; bad=1; \
		else echo "ok - man page $$p renders without warnings"; fi; \
	done; exit $$bad

install: userlib tools man
	$(MAKE) -C userlib install PREFIX=$(PREFIX) LIBDIR=$(LIBDIR)
	$(MAKE) -C tools/dbexec install BINDIR=$(BINDIR)
	install -m 755 tools/dbtrace/dbtrace $(DESTDIR)$(BINDIR)/dbtrace
	for p in $(MANPAGES); do \
		d=$(DESTDIR)$(MANDIR)/man$${p##*.}; \
		install -d $$d && install -m 644 man/$$p $$d/$$p || exit 1; \
	done
	for f in $(DOCS); do \
		install -D -m 644 Documentation/$$f $(DESTDIR)$(DOCDIR)/$$f || exit 1; \
	done
	install -m 644 README.md $(DESTDIR)$(DOCDIR)/README.md

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,dbexec dbcc dbtrace)
	rm -f $(addprefix $(DESTDIR)$(LIBDIR)/,libdk.a libdk.so libdk.so.1 pkgconfig/dk.pc)
	rm -f $(DESTDIR)$(PREFIX)/include/drawbridge/dk.h \
		$(DESTDIR)$(PREFIX)/include/drawbridge/linux/drawbridge.h \
		$(DESTDIR)$(PREFIX)/include/drawbridge/linux/drawbridge_calls.h
	-rmdir $(DESTDIR)$(PREFIX)/include/drawbridge/linux \
		$(DESTDIR)$(PREFIX)/include/drawbridge
	for p in $(MANPAGES); do rm -f $(DESTDIR)$(MANDIR)/man$${p##*.}/$$p; done
	rm -rf $(DESTDIR)$(DOCDIR)

# The module's source as DKMS wants it: nothing but what Kbuild needs.
dkms-src:
	install -d $(DESTDIR)$(DKMSDIR)/kmod $(DESTDIR)$(DKMSDIR)/uapi/linux \
		$(DESTDIR)$(DKMSDIR)/common
	install -m 644 Kbuild $(DESTDIR)$(DKMSDIR)/Kbuild
	install -m 644 kmod/Kbuild $(filter-out %.mod.c,$(wildcard kmod/*.c)) \
		$(wildcard kmod/*.h) $(DESTDIR)$(DKMSDIR)/kmod/
	install -m 644 $(wildcard uapi/linux/*.h) $(DESTDIR)$(DKMSDIR)/uapi/linux/
	install -m 644 common/dk_vpath.c common/dk_vpath.h $(DESTDIR)$(DKMSDIR)/common/
	sed 's/#MODULE_VERSION#/$(VERSION)/' dkms.conf > $(DESTDIR)$(DKMSDIR)/dkms.conf

deb-deps:
	scripts/install-deps.sh --deb $(DEPS_KVER)

# Built from a copy of the tracked and new files (not the build tree), so
# dpkg-buildpackage writes nothing outside deb/.
deb: deb-deps
	scripts/build-deb.sh $(VERSION)

deb-test: deb deps
	$(RUNVM) $(VMFLAGS) --timeout 2400 -- $(CURDIR)/scripts/deb-test.sh $(CURDIR)/deb

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -f $(KDIR_STAMP)
	rm -rf man deb
	-$(MAKE) -C userlib clean
	-$(MAKE) -C tools/dbexec clean
	-$(MAKE) -C tools/dbtrace clean
	-$(MAKE) -C libos clean
	-$(MAKE) -C examples/hello clean
	-$(MAKE) -C selftests clean
