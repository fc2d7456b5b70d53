#!/bin/sh
# Guest side of the "rust" boot (tests/run.sh): the Rust AP kernel
# (ap-kernel-rust/, /lib/firmware/pmdi/pmdi-ap-rust.elf) loaded by the
# module's ELF loader. Sourced by guest-tests.sh (pass, fail, load_ap, ...).
#
#   rust-banner      insmod image=pmdi-ap-rust.elf workload=demo: its banner,
#                    state ready (the module checked its write-back report)
#   rust-entry-state the entry state it recorded in its first instructions is
#                    BOOT-PROTOCOL.md's (check_entry_state, as for the C kernel)
#   rust-wb-report   its report: the region write-back by MTRR and PAT
#   rust-heartbeat   its APIC timer ticks
#   rust-nmi         an NMI IPI lands on its NMI IST stack, is counted
#   rust-wake        Linux -> AP IPIs (debugfs wake) are taken and counted
#   rust-clock-sync  Linux's clock-sync pings are answered from the wake handler
#   rust-smoke       through the mailbox: 100 null requests, the IPI ping,
#                    vda read, written to vdb, read back and compared
#   rust-unload, rust-reload, rust-reload-heartbeat, rust-reload-unload:
#                    stop on request, CPU back; and the same image again
#   rust-vs-c        figures, same boot: the C kernel (pmdi-ap.elf,
#                    workload=bench) measures its round trips as the Rust
#                    smoke does, between two Rust runs; the kernels'
#                    insmod-to-ready and INIT-to-ready times
#   rust-fault       workload=fault: a real #PF, reported by Linux with the
#                    Rust kernel's RIP and CR2; rmmod gives the CPU back
#   rust-panic       workload=fault workload_arg=1: a Rust panic, reported as a
#                    fault with vector 255 and the panic message
RUST_IMAGE=pmdi-ap-rust.elf

# rust_line TAG: the last kernel message with TAG among those wait_msg
# gathered in $MSGS (the AP's console lines: mailbox device or ring).
rust_line() {
	echo "$MSGS" | grep -e "$1" | tail -n 1 | sed 's/^\[[^]]*\] //'
}

check_rust_wake() {
	w1=$(status wake_count)
	echo 1 > /sys/kernel/debug/pmdi/wake
	wait_status_above wake_count "$w1" 50
	w2=$(status wake_count)
	if [ "$w2" -gt "$w1" ]; then
		pass rust-wake "wake IPI taken ($w1 -> $w2)"
	else
		fail rust-wake "wake_count stayed at $w1"
	fi
}

check_rust_clock_sync() {
	line=$(grep '^clock_sync:' $STATUS)
	# exchanges answered in time (a round has 8; "none" counts exchanges, not rounds)
	answered=$(echo "$line" | sed -n 's/.*< 10 us \([0-9]*\), < 25 us \([0-9]*\), <= [0-9]* us \([0-9]*\),.*/\1 + \2 + \3/p')
	if [ -n "$answered" ] && [ "$(($answered))" -gt 0 ]; then
		pass rust-clock-sync "$line"
	else
		fail rust-clock-sync "${line:-no clock_sync line in status}"
	fi
}

check_rust_smoke() {
	# the block line is the smoke's last (after the round-trip benchmark)
	wait_msg 'rust-smoke: block\|rust-smoke: no vda\|rust-smoke: I/O window' 600
	null=$(rust_line 'rust-smoke: null')
	ping=$(rust_line 'rust-smoke: ping')
	blk=$(rust_line 'rust-smoke: block')
	bench=$(rust_line 'rust-bench: null_rtt ' | sed 's/.*rust-bench: //')
	rping=$(rust_line 'rust-bench: ipi_pingpong' | sed 's/.*rust-bench: //')
	case "$null" in
	*"null 100/100 ok"*) pass rust-smoke-null "$null" ;;
	*) fail rust-smoke-null "${null:-no null line}" ;;
	esac
	case "$ping" in
	*"ping answered"*) pass rust-smoke-ping "$ping" ;;
	*) fail rust-smoke-ping "${ping:-no ping line}" ;;
	esac
	case "$blk" in
	*"read 0 write 0 flush 0 readback 0 compare equal"*) pass rust-smoke-block "$blk" ;;
	*) fail rust-smoke-block "${blk:-no block line}" ;;
	esac
	case "$bench" in
	*median_ns=*) pass rust-bench "$bench; $rping" ;;
	*) fail rust-bench "no null_rtt figure" ;;
	esac
}

tests_rust() {
	# vda's first 64 KiB: not zeros, so the compare means something
	dd if=/dev/urandom of=/dev/vda bs=64k count=1 conv=fsync 2>/dev/null
	if load_ap rust-banner 1 image=$RUST_IMAGE workload=demo; then
		rust_ready=$(echo "$MSGS" | grep -o 'ready after [0-9]* ms (insmod to ready; [0-9]* ms from INIT)' | head -n 1)
		check_entry_state rust-entry-state
		if [ "$(status region_mtrr_type)" = WB ] && [ "$(status region_pat_type)" = WB ]; then
			pass rust-wb-report "CR0 $(status cr0), PAT $(status pat), mtrr_sync $(status mtrr_sync)"
		else
			fail rust-wb-report "region MTRR $(status region_mtrr_type), PAT $(status region_pat_type)"
		fi
		check_heartbeat rust-heartbeat
		check_rust_smoke
		check_rust_wake
		check_rust_clock_sync
		check_nmi rust-nmi
		if echo "$MSGS" | grep -q 'FAULT\|PANIC'; then
			fail rust-no-fault "$(echo "$MSGS" | grep 'FAULT\|PANIC' | head -n 1)"
		else
			pass rust-no-fault "no fault or panic reported"
		fi
		unload_ap rust-unload 1
		# the AP wrote vda's bytes to vdb: Linux reads the same
		if cmp -s -n 65536 /dev/vda /dev/vdb; then
			pass rust-smoke-disk "vdb's first 64 KiB equal vda's, read by Linux"
		else
			fail rust-smoke-disk "vdb differs from vda in the first 64 KiB"
		fi
	fi
	if load_ap rust-reload 1 image=$RUST_IMAGE; then
		check_heartbeat rust-reload-heartbeat
		unload_ap rust-reload-unload 1
	fi
	# The C kernel in the same boot, measured the same way (its bench.c),
	# between two runs of the Rust kernel (the host's load drifts).
	if load_ap c-bench-load 1 image=pmdi-ap.elf workload=bench workload_arg=1; then
		c_ready=$(echo "$MSGS" | grep -o 'ready after [0-9]* ms (insmod to ready; [0-9]* ms from INIT)' | head -n 1)
		if wait_msg 'bench: done' 600; then
			c_null=$(echo "$MSGS" | grep 'bench: null_rtt ' | tail -n 1 | sed 's/.*bench: //')
			c_ping=$(echo "$MSGS" | grep 'bench: ipi_pingpong' | tail -n 1 | sed 's/.*bench: //')
		fi
		unload_ap c-bench-unload 1
	fi
	rust1="$bench; $rping; ${rust_ready:-?}"
	if load_ap rust-bench2-load 1 image=$RUST_IMAGE workload=demo; then
		rust_ready=$(echo "$MSGS" | grep -o 'ready after [0-9]* ms (insmod to ready; [0-9]* ms from INIT)' | head -n 1)
		wait_msg 'rust-smoke: block\|rust-smoke: no vda\|rust-smoke: I/O window' 600
		bench=$(rust_line 'rust-bench: null_rtt ' | sed 's/.*rust-bench: //')
		rping=$(rust_line 'rust-bench: ipi_pingpong' | sed 's/.*rust-bench: //')
		unload_ap rust-bench2-unload 1
	fi
	if [ -n "${c_null:-}" ]; then
		pass rust-vs-c "Rust: $rust1 | C: $c_null; $c_ping; ${c_ready:-?} | Rust again: $bench; $rping; ${rust_ready:-?}"
	else
		fail rust-vs-c "the C kernel's bench did not finish"
	fi
	if load_ap rust-fault-load 1 image=$RUST_IMAGE workload=fault; then
		if wait_msg 'AP kernel fault: vector 14 (#PF' 100 &&
		   echo "$MSGS" | grep -q 'cr2 0x7ead0000b000' && [ "$(status state)" = faulted ]; then
			pass rust-fault "$(echo "$MSGS" | grep 'AP kernel fault' | head -n 1 | sed 's/^\[[^]]*\] //' | cut -c1-120)"
		else
			fail rust-fault "state $(status state): $(echo "$MSGS" | grep -i fault | head -n 2 | tr '\n' '|')"
		fi
		unload_ap rust-fault-unload 1
	fi
	if load_ap rust-panic-load 1 image=$RUST_IMAGE workload=fault workload_arg=1; then
		if wait_msg 'AP kernel fault: vector 255' 100 && wait_msg 'ap: PANIC: .*asked for a panic' 30 &&
		   [ "$(status state)" = faulted ]; then
			pass rust-panic "$(echo "$MSGS" | grep 'ap: PANIC' | head -n 1 | sed 's/^\[[^]]*\] //' | cut -c1-140)"
		else
			fail rust-panic "state $(status state): $(echo "$MSGS" | grep -i 'fault\|panic' | head -n 3 | tr '\n' '|')"
		fi
		unload_ap rust-panic-unload 1
	fi
}

# bench-kernels:N (./pmdi bench interface, the kernels part): N rounds, each
# the C kernel (workload=bench workload_arg=1: its round trips, then a short
# read run) and the Rust kernel (workload=demo: the same round trips), the
# order alternating between rounds (the host's load drifts). One line per
# round: the null round trip and IPI ping-pong medians of each kernel (2000
# samples each, the same code path: bench.c and workload.rs) and each one's
# insmod-to-ready and INIT-to-ready times.
# bench_kernel NAME ROUND IMAGE WORKLOAD DONE-PATTERN TAG [ARG]: load one kernel,
# wait for its round-trip report (TAG: "bench" or "rust-bench"); sets K_NULL,
# K_PING (medians, ns), K_NMIN (fastest null round trip), K_READY (insmod to
# ready, ms), K_INIT (INIT to ready, ms); "" when unknown.
bench_kernel() {
	K_NULL="" K_PING="" K_NMIN="" K_READY="" K_INIT=""
	load_ap "kernels-$1-load-$2" 1 image="$3" workload="$4" ${7:+workload_arg=$7} || return 0
	K_READY=$(echo "$MSGS" | sed -n 's/.*ready after \([0-9]*\) ms (insmod to ready; [0-9]* ms from INIT).*/\1/p' | head -n 1)
	K_INIT=$(echo "$MSGS" | sed -n 's/.*ready after [0-9]* ms (insmod to ready; \([0-9]*\) ms from INIT).*/\1/p' | head -n 1)
	if wait_msg "$5" 600; then
		K_NULL=$(echo "$MSGS" | sed -n "s/.*$6: null_rtt n=[0-9]* median_ns=\([0-9]*\).*/\1/p" | tail -n 1)
		K_PING=$(echo "$MSGS" | sed -n "s/.*$6: ipi_pingpong n=[0-9]* median_ns=\([0-9]*\).*/\1/p" | tail -n 1)
		K_NMIN=$(echo "$MSGS" | sed -n "s/.*$6: null_rtt n=[0-9]* .*min_ns=\([0-9]*\).*/\1/p" | tail -n 1)
	fi
	unload_ap "kernels-$1-unload-$2" 1
}

bench_kernel_c() {
	bench_kernel c "$1" pmdi-ap.elf bench 'bench: done' bench 1
	KC_NULL=$K_NULL KC_PING=$K_PING KC_NMIN=$K_NMIN KC_READY=$K_READY KC_INIT=$K_INIT
}

bench_kernel_rust() {
	bench_kernel rust "$1" "$RUST_IMAGE" demo 'rust-bench: null_rtt_over_pingpong' rust-bench
	KR_NULL=$K_NULL KR_PING=$K_PING KR_NMIN=$K_NMIN KR_READY=$K_READY KR_INIT=$K_INIT
}

tests_bench_kernels() {
	rounds=$1 r=1
	while [ "$r" -le "$rounds" ]; do
		if [ $((r % 2)) = 1 ]; then
			bench_kernel_c "$r"
			bench_kernel_rust "$r"
		else
			bench_kernel_rust "$r"
			bench_kernel_c "$r"
		fi
		echo "PMDI-KERNELS round=$r c_null_ns=${KC_NULL:-none} rust_null_ns=${KR_NULL:-none}" \
			"c_ping_ns=${KC_PING:-none} rust_ping_ns=${KR_PING:-none} c_ready_ms=${KC_READY:-none}" \
			"rust_ready_ms=${KR_READY:-none} c_init_ms=${KC_INIT:-none} rust_init_ms=${KR_INIT:-none}" \
			"c_null_min_ns=${KC_NMIN:-none} rust_null_min_ns=${KR_NMIN:-none}"
		r=$((r + 1))
	done
}
