# Host tests and figures of the Rust kernel's library (src/volatile.rs,
# abi.rs, mailbox.rs, trace.rs). Included by ap-kernel-rust/Makefile; every
# name here starts with RL_ so it cannot clash with the kernel's build.
#
#   make -C ap-kernel-rust test        host unit tests + the no_std build check
#   make -C ap-kernel-rust lib-check   the library alone, built with the kernel's flags
#   make -C ap-kernel-rust size        lines and bytes of code: Rust client vs C client
#
# Debian's rustc, called directly (no cargo): the rustup one in PATH is not used.

RL_RUSTC := /usr/bin/rustc
RL_DIR := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
RL_ROOT := $(abspath $(RL_DIR)/..)
RL_OUT ?= $(RL_ROOT)/build/ap-rust/test
RL_CC ?= gcc
RL_SRCS := $(wildcard $(RL_DIR)/src/volatile.rs $(RL_DIR)/src/abi.rs \
	$(RL_DIR)/src/mailbox.rs $(RL_DIR)/src/trace.rs)
RL_HDRS := $(wildcard $(RL_ROOT)/interface/include/pmdi/*.h)
RL_KFLAGS := --edition 2021 --target x86_64-unknown-linux-gnu -C panic=abort \
	-C relocation-model=static -C code-model=kernel -C opt-level=2 -C debuginfo=1
# shared.h gains lapic_phys & co. with the boot protocol (h-boot): the offsets
# test checks them against C once they are there, against reserved_cmd before.
RL_BOOT_FIELDS := $(shell grep -q lapic_phys $(RL_ROOT)/interface/include/pmdi/shared.h && \
	echo -DRL_HAVE_BOOT_FIELDS)
RL_CONF := $(shell grep -q PMDI_WORKLOAD_CONFORMANCE $(RL_ROOT)/interface/include/pmdi/mailbox.h && \
	echo -DRL_HAVE_CONFORMANCE)
RL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(RL_ROOT)/interface/include $(RL_CONF) \
	$(RL_BOOT_FIELDS)
RL_COBJS := $(RL_OUT)/abi_offsets.o $(RL_OUT)/trace_shim.o $(RL_OUT)/golden_shim.o \
	$(RL_OUT)/linux_sim.o

test: $(RL_OUT)/lib_tests $(RL_OUT)/libnostd.rlib
	cd $(RL_DIR) && RL_GOLDEN_DIR=$(RL_ROOT)/trace-format/golden/v1 \
		$(RL_OUT)/lib_tests --test-threads=2

lib-check: $(RL_OUT)/libnostd.rlib

$(RL_OUT)/libnostd.rlib: $(RL_DIR)/tests/nostd_lib.rs $(RL_SRCS)
	@mkdir -p $(RL_OUT)
	$(RL_RUSTC) $(RL_KFLAGS) --crate-type lib -o $@ $<

$(RL_OUT)/%.o: $(RL_DIR)/tests/c/%.c $(RL_HDRS) $(RL_ROOT)/trace-format/c/golden_writer.c
	@mkdir -p $(RL_OUT)
	$(RL_CC) $(RL_CFLAGS) -c -o $@ $<

$(RL_OUT)/libpmdic.a: $(RL_COBJS)
	rm -f $@ && ar rcs $@ $^

$(RL_OUT)/lib_tests: $(RL_DIR)/tests/lib_tests.rs $(RL_SRCS) $(wildcard $(RL_DIR)/tests/*.rs) \
		$(RL_OUT)/libpmdic.a
	$(RL_RUSTC) --test --edition 2021 -C opt-level=2 -C debuginfo=1 -L $(RL_OUT) \
		-l static=pmdic -o $@ $<

.PHONY: test lib-check size

size:
	@$(RL_DIR)/size.sh
