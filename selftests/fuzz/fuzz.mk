# SPDX-License-Identifier: GPL-2.0
#
# dkfuzz, the Dk ABI fuzzer (Documentation/testing.rst, "Fuzzing"):
# included by selftests/Makefile.  One freestanding core (core.c, calls.c)
# linked into an ordinary program (host.c) and into a dbcc picoprocess
# image (pico.c).

FUZZ_CORE := fuzz/core.c fuzz/calls.c
FUZZ_HDRS := fuzz/fuzz.h
FUZZ_BINS := fuzz/dkfuzz_host fuzz/dkfuzz_pico

fuzz/dkfuzz_host: fuzz/host.c $(FUZZ_CORE) $(FUZZ_HDRS) $(LIBDK)
	$(CC) $(CFLAGS) -Ifuzz -o $@ fuzz/host.c $(FUZZ_CORE) $(LDLIBS)

fuzz/dkfuzz_pico: fuzz/pico.c $(FUZZ_CORE) $(FUZZ_HDRS) $(LIBDK) $(DBCC)
	$(DBCC) -Ifuzz -o $@ fuzz/pico.c $(FUZZ_CORE)
