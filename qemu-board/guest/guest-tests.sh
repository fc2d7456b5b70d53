#!/bin/sh
# Guest side of qemu-board/tests/run.sh: runs inside the board, prints one
# "PMDI-CHECK PASS|FAIL name: detail" line per check as it goes, then the
# whole list again between PMDI-RESULTS-BEGIN/END with kernel messages
# silenced, for the host to parse. Every fault comes from the real module
# and the real AP kernel on a real (emulated) CPU, never a mock.
#
#   guest-tests.sh all   refusals, banner, heartbeat, IPI, veto, fault
#                        build, 20 load/unload cycles with leak checks
#   guest-tests.sh smp   for -smp 3 and 4: the AP kernel on each CPU but 0
#   guest-tests.sh mailbox  requests through Linux's drivers (mailbox-tests.sh),
#                           the RNG device (rng-tests.sh; also alone: rng)
#   guest-tests.sh trace    the trace streams: trace_pipe, serial line (trace-tests.sh)
#   guest-tests.sh rust     the Rust AP kernel (rust-tests.sh)
#   guest-tests.sh conformance  ./pmdi conformance IMAGE (conformance-tests.sh)
#   guest-tests.sh fuzz     the hostile AP (workload=fuzz), the broken-index phase,
#                           unload with a driver call held (fuzz-tests.sh)
#   guest-tests.sh net      the AP on the network: gateway ping, the host's UDP
#                           echo run, link events (net-tests.sh)
MOD=/lib/modules/pmdi/pmdi_dispatcher.ko
STATUS=/sys/kernel/debug/pmdi/status
RES=/tmp/results
LOG=/tmp/dmesg.all
CYCLES=${PMDI_CYCLES:-20}
: > $RES
: > $LOG
dmesg -c >> $LOG

pass() { echo "PMDI-CHECK PASS $1: $2" | tee -a $RES; }
fail() { echo "PMDI-CHECK FAIL $1: $2" | tee -a $RES; }
# New kernel messages since the last call (also kept for the final scan).
newmsgs() { dmesg -c | tee -a $LOG; }
status() { sed -n "s/^$1: //p" $STATUS 2>/dev/null; }
online() { cat /sys/devices/system/cpu/cpu$1/online 2>/dev/null; }
# cmdline_param KEY DEFAULT: KEY=VALUE from the kernel command line
cmdline_param() {
	for w in $(cat /proc/cmdline); do
		case $w in
		"$1="*) echo "${w#*=}"; return ;;
		esac
	done
	echo "$2"
}
# arg NAME DEFAULT: pmdiboard.NAME=VALUE
arg() { cmdline_param "pmdiboard.$1" "$2"; }
loaded() { grep -q '^pmdi_dispatcher ' /proc/modules; }

# wait_msg PATTERN TENTHS: wait for a kernel message; all of them in $MSGS.
wait_msg() {
	n=0
	while [ $n -lt "$2" ]; do
		MSGS="$MSGS
$(newmsgs)"
		echo "$MSGS" | grep -q -e "$1" && return 0
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

# The CPU is online and a task really runs there.
runs_on() {
	[ "$(online "$1")" = 1 ] || return 1
	mask=$(printf '%x' $((1 << $1)))
	got=$(taskset "$mask" awk '{ print $39 }' /proc/self/stat 2>/dev/null)
	[ "$got" = "$1" ]
}

# refuse NAME PATTERN ARGS...: insmod must fail, say PATTERN, undo all.
refuse() {
	name=$1 pat=$2
	shift 2
	newmsgs > /dev/null
	iomem_before=$(cat /proc/iomem)
	if insmod $MOD "$@" 2>/dev/null; then
		fail "refuse-$name" "insmod $* succeeded"
		rmmod pmdi_dispatcher
		return
	fi
	MSGS=$(newmsgs)
	if ! echo "$MSGS" | grep -q -e "$pat"; then
		fail "refuse-$name" "no message matching '$pat' for $*"
	elif [ "$(cat /proc/iomem)" != "$iomem_before" ] || loaded; then
		fail "refuse-$name" "something was left behind after $*"
	elif ! runs_on 1; then
		fail "refuse-$name" "cpu1 not usable after $*"
	else
		pass "refuse-$name" "$(echo "$MSGS" | grep -e "$pat" | head -n1 | sed 's/^\[[^]]*\] //')"
	fi
}

# load_ap CHECK CPU ARGS...: insmod, wait for the banner and "ready".
load_ap() {
	check=$1 cpu=$2
	shift 2
	MSGS=""
	newmsgs > /dev/null
	if ! insmod $MOD cpu="$cpu" "$@"; then
		MSGS=$(newmsgs)
		fail "$check" "insmod cpu=$cpu $* failed: $(echo "$MSGS" | grep pmdi | tail -n 3 | tr '\n' '|')"
		return 1
	fi
	if ! wait_msg 'pmdi_dispatcher: ap: pmdi AP kernel' 100; then
		fail "$check" "no AP banner on the console"
		return 1
	fi
	if [ "$(status state)" != ready ] || [ "$(online "$cpu")" != 0 ]; then
		fail "$check" "state $(status state), cpu$cpu online=$(online "$cpu")"
		return 1
	fi
	pass "$check" "$(echo "$MSGS" | grep 'ap: pmdi AP kernel' | head -n1 | sed 's/^\[[^]]*\] //')"
}

# unload_ap CHECK CPU: rmmod, the CPU is back and runs tasks.
unload_ap() {
	newmsgs > /dev/null
	if ! rmmod pmdi_dispatcher; then
		fail "$1" "rmmod failed"
		return 1
	fi
	MSGS=$(newmsgs)
	if ! runs_on "$2"; then
		fail "$1" "cpu$2 not back online: $(echo "$MSGS" | grep pmdi | tail -n 3 | tr '\n' '|')"
		return 1
	fi
	pass "$1" "cpu$2 back online and running tasks"
}

# The machine state at the OS's entry point is what interface/BOOT-PROTOCOL.md
# says: the C kernel records it in its first instructions (entry.S) and
# prints it; compared here with the loader's values from debugfs.
check_entry_state() {
	e1=$(echo "$MSGS" | grep -o 'ap: entry: cr0 .*' | head -n1)
	e2=$(echo "$MSGS" | grep -o 'ap: entry: cs .*' | head -n1)
	region=$(status region | cut -d' ' -f1)
	cr3=$(printf '%x' $((region + 0x100000)))
	rsp=$(status boot_rsp)
	rflags=$(echo "$e1" | sed -n 's/.* rflags \(0x[0-9a-f]*\) .*/\1/p')
	want1="ap: entry: cr0 0x80000011 cr3 0x$cr3 cr4 0x20 efer 0x500 rflags $rflags idt limit 0x0"
	want2="ap: entry: cs 0x8 ds 0x10 es 0x10 ss 0x10 fs 0x0 gs 0x0 rsp $rsp rdi 0xffffffff80000000 rsi $region"
	# RFLAGS: bit 1 set, IF (bit 9) and DF (bit 10) clear; the rest is arithmetic
	if [ -z "$rflags" ] || [ $((rflags & 0x602)) != 2 ]; then
		fail "$1" "rflags '$rflags': IF or DF set ($e1)"
	elif [ "$e1" != "$want1" ]; then
		fail "$1" "got '$e1', want '$want1'"
	elif [ "$e2" != "$want2" ]; then
		fail "$1" "got '$e2', want '$want2'"
	elif [ $((rsp % 16)) != 0 ]; then
		fail "$1" "rsp $rsp not 16-byte aligned"
	else
		pass "$1" "${e1#ap: } / ${e2#ap: entry: }"
	fi
}

check_heartbeat() {
	h1=$(status heartbeat)
	sleep 1
	h2=$(status heartbeat)
	if [ -n "$h1" ] && [ -n "$h2" ] && [ "$h2" -gt "$h1" ]; then
		pass "$1" "heartbeat $h1 -> $h2 in 1 s ($(status heartbeat_hz) Hz)"
	else
		fail "$1" "heartbeat did not advance ($h1 -> $h2)"
	fi
}

# Ask the host side of the test (tests/run.sh) to act on QEMU, e.g. through
# the monitor: the request is a console line it watches for.
host_request() {
	echo "PMDI-HOST-REQUEST $1"
}

# wait_status_above FIELD VALUE TENTHS: until the status FIELD (a counter)
# exceeds VALUE, polling every 0.1 s, at most TENTHS times.
wait_status_above() {
	n=0
	while [ "$(status "$1")" -le "$2" ] && [ $n -lt "$3" ]; do
		sleep 0.1
		n=$((n + 1))
	done
}

# An NMI IPI from Linux lands on the AP kernel's NMI IST stack, is
# counted, and the AP carries on.
check_nmi() {
	n1=$(status nmi_count)
	echo 1 > /sys/kernel/debug/pmdi/nmi
	wait_status_above nmi_count "$n1" 100
	n2=$(status nmi_count)
	h1=$(status heartbeat)
	sleep 0.5
	h2=$(status heartbeat)
	if [ "$n2" -gt "$n1" ] && [ "$h2" -gt "$h1" ] && [ "$(status state)" = ready ]; then
		pass "$1" "NMI IPI taken on the IST stack ($n1 -> $n2), AP still running"
	else
		fail "$1" "nmi_count $n1 -> $n2, heartbeat $h1 -> $h2, state $(status state)"
	fi
}

# A platform NMI (QEMU monitor "nmi": LINT1 of every CPU) is Linux's to
# handle on cpu0; the AP keeps LINT1 masked, as Linux does on its APs.
check_platform_nmi() {
	n1=$(status nmi_count)
	MSGS=""
	host_request nmi
	if ! wait_msg 'NMI received for unknown reason' 100; then
		fail "$1" "the host's NMI never reached Linux"
	elif [ "$(status state)" != ready ] || [ "$(status nmi_count)" != "$n1" ]; then
		fail "$1" "AP state $(status state), nmi_count $n1 -> $(status nmi_count)"
	else
		pass "$1" "Linux took it on cpu0, the AP kept running undisturbed"
	fi
}

check_veto() {
	if echo 1 > /sys/devices/system/cpu/cpu$2/online 2>/dev/null; then
		fail "$1" "echo 1 > cpu$2/online succeeded while the AP kernel runs"
	elif [ "$(online "$2")" != 0 ] || [ "$(status state)" != ready ]; then
		fail "$1" "cpu$2 online=$(online "$2"), AP state $(status state)"
	else
		pass "$1" "echo 1 > cpu$2/online refused, AP kernel still ready"
	fi
}

snapshot() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	sleep 1
	echo 3 > /proc/sys/vm/drop_caches
	awk '/^Slab:/ { print $2 }' /proc/meminfo > /tmp/$1.slab
	awk '/^VmallocUsed:/ { print $2 }' /proc/meminfo > /tmp/$1.vmalloc
	cat /proc/iomem > /tmp/$1.iomem
	# active objects per kmalloc cache of 512 bytes and up (the small
	# ones move by hundreds with any process activity)
	awk '$1 ~ /^kmalloc-(cg-)?([0-9]+k|512)$/ { print $1, $2 }' /proc/slabinfo > /tmp/$1.kmalloc
	# IRQ lines without their counters
	awk '{ s = $1; for (i = 2; i <= NF; i++) if ($i !~ /^[0-9]+$/) s = s " " $i; print s }' \
		/proc/interrupts > /tmp/$1.irq
}

tests_all() {
	# 1. Refusals, each with a clear message and nothing left behind.
	refuse boot-cpu 'cpu 0 is the boot CPU' cpu=0
	refuse no-such-cpu 'cpu 7 does not exist' cpu=7
	refuse region-in-ram 'overlaps System RAM' region_base=0x4000000
	refuse region-not-reserved 'is not reserved memory' region_base=0x40000000
	refuse region-too-big 'overlaps System RAM' region_size=0x8000000
	refuse region-misaligned 'not 2 MiB aligned' region_base=0x10100000
	refuse trampoline-range 'trampoline 0xa0000 must be' trampoline=0xa0000
	refuse trampoline-unaligned 'trampoline 0x8100 must be' trampoline=0x8100
	refuse image-missing 'cannot load image' image=no-such-image.bin
	refuse image-bad-magic 'malformed: bad magic' image=bad-magic.bin
	refuse image-truncated 'malformed: file_size larger' image=truncated.bin
	refuse image-abi 'speaks ABI version 99, this module speaks' image=bad-abi.bin
	# ELF files, one defect each (made from pmdi-ap.elf by interface/test/bad_elf.c)
	refuse elf-truncated "bad-elf-truncated.elf is malformed: truncated: segment 0's bytes past the end" image=bad-elf-truncated.elf
	refuse elf-class32 'bad-elf-class32.elf is malformed: not ELF64 (EI_CLASS 1' image=bad-elf-class32.elf
	refuse elf-machine 'bad-elf-machine.elf is malformed: not x86-64 (e_machine 3' image=bad-elf-machine.elf
	refuse elf-pie 'bad-elf-pie.elf is malformed: ET_DYN (position-independent) images are refused' image=bad-elf-pie.elf
	refuse elf-overlap 'bad-elf-overlap.elf is malformed: segment 1 overlaps segment 0' image=bad-elf-overlap.elf
	refuse elf-outside 'bad-elf-outside.elf is malformed: segment 1 ends past the region' image=bad-elf-outside.elf
	refuse elf-shared 'bad-elf-shared.elf is malformed: segment 0 lies over the shared area' image=bad-elf-shared.elf
	refuse elf-entry 'bad-elf-entry.elf is malformed: entry point 0xffffffff8[0-9a-f]* outside every executable segment' image=bad-elf-entry.elf
	refuse elf-no-note "bad-elf-no-note.elf is malformed: no pmdi note (PT_NOTE 'PMDI' type 1" image=bad-elf-no-note.elf
	refuse elf-abi 'bad-elf-abi.elf is malformed: pmdi note: ABI version 99, this loader speaks 1' image=bad-elf-abi.elf
	refuse elf-trace 'bad-elf-trace.elf is malformed: pmdi note: trace value 2, not 0 or 1' image=bad-elf-trace.elf
	refuse elf-stack 'bad-elf-stack.elf is malformed: pmdi note: stack size request of 4097 bytes' image=bad-elf-stack.elf
	# failures after the CPU was taken and the AP started: all undone
	refuse ap-fault-at-boot 'AP kernel faulted during boot' image=pmdi-ap-fault.elf ap_test=1
	refuse ap-ready-timeout 'did not report ready within 1000 ms' image=pmdi-ap-fault.elf ap_test=2 ready_timeout_ms=1000
	echo 0 > /sys/devices/system/cpu/cpu1/online
	insmod $MOD 2>/dev/null && rmmod pmdi_dispatcher
	if newmsgs | grep -q 'cpu 1 is offline; online it first'; then
		pass refuse-cpu-offline "refused with 'cpu 1 is offline; online it first'"
	else
		fail refuse-cpu-offline "no refusal message for an offline CPU"
	fi
	echo 1 > /sys/devices/system/cpu/cpu1/online

	# 2. The AP kernel boots, reports, ticks, takes IPIs, keeps its CPU.
	if load_ap ap-banner 1; then
		# the default image is the ELF file, through the loader's trampoline
		line=$(echo "$MSGS" | grep 'image pmdi-ap.elf (elf, ' | head -n1 | sed 's/^\[[^]]*\] //')
		if [ "$(status image_format)" = elf ] && [ -n "$line" ]; then
			pass boot-elf "$line"
		else
			fail boot-elf "image_format $(status image_format), load line: $(echo "$MSGS" | grep 'image pmdi-ap' | head -n1)"
		fi
		free_default=$(status free_pages)
		check_entry_state entry-state
		if [ "$(status region_mtrr_type)" = WB ] && [ "$(status region_pat_type)" = WB ]; then
			pass wb-report "CR0 $(status cr0), PAT $(status pat), region MTRR WB, PAT WB"
		else
			fail wb-report "region MTRR $(status region_mtrr_type), PAT $(status region_pat_type)"
		fi
		check_heartbeat heartbeat
		w1=$(status wake_count)
		echo 1 > /sys/kernel/debug/pmdi/wake
		sleep 0.3
		w2=$(status wake_count)
		if [ "$w2" -gt "$w1" ]; then
			pass wake-ipi "Linux -> AP IPI taken ($w1 -> $w2)"
		else
			fail wake-ipi "wake_count $w1 -> $w2"
		fi
		check_veto online-veto 1
		check_nmi nmi-ipi
		check_platform_nmi nmi-platform
		unload_ap unload 1
	fi
	if echo 0 > /sys/devices/system/cpu/cpu1/online && echo 1 > /sys/devices/system/cpu/cpu1/online && runs_on 1; then
		pass reonline "cpu1 offlined and onlined again by hand after unload"
	else
		fail reonline "echo 0/1 > cpu1/online after unload failed"
	fi

	# The legacy flat image still boots, through the same (the module's)
	# trampoline: it carries none of its own any more.
	if load_ap flat-banner 1 image=pmdi-ap.bin; then
		if [ "$(status image_format)" = flat ] && echo "$MSGS" | grep -q 'image pmdi-ap.bin (flat '; then
			pass flat-format "debugfs image_format flat, $(echo "$MSGS" | grep -o 'image pmdi-ap.bin (flat [^)]*)' | head -n1)"
		else
			fail flat-format "image_format $(status image_format)"
		fi
		check_heartbeat flat-heartbeat
		check_entry_state flat-entry-state
		unload_ap flat-unload 1
	fi

	# An ELF note asking for a 64 KiB boot stack: the loader gives it after
	# the image, and the AP's page allocator (from shared.image_end) starts
	# after it: 12 pages fewer than with the default 16 KiB.
	if load_ap elf-stack-note 1 image=pmdi-ap-stack64k.elf; then
		free_big=$(status free_pages)
		if echo "$MSGS" | grep -q 'image pmdi-ap-stack64k.elf (elf, .*stack 64 KiB' &&
		   [ -n "$free_default" ] && [ "$free_big" = $((free_default - 12)) ]; then
			pass elf-stack-size "stack 64 KiB in the load line; AP free pages $free_default -> $free_big"
		else
			fail elf-stack-size "free pages $free_default -> $free_big (want -12); $(echo "$MSGS" | grep 'image pmdi-ap-stack64k' | head -n1)"
		fi
		unload_ap elf-stack-unload 1
	fi

	# 3. A real fault on the AP is reported; the board keeps running.
	if load_ap fault-load 1 image=pmdi-ap-fault.elf; then
		if wait_msg 'AP kernel fault: vector 14 (#PF)' 150; then
			line=$(echo "$MSGS" | grep 'AP kernel fault' | head -n1 | sed 's/^\[[^]]*\] //')
			if echo "$line" | grep -q 'rip 0xffffffff802[0-9a-f]*, cr2 0x7ead0000b000' &&
			   [ "$(status state)" = faulted ]; then
				pass fault-report "$line"
			else
				fail fault-report "unexpected record: $line (state $(status state))"
			fi
		else
			fail fault-report "no fault report within 15 s"
		fi
		unload_ap fault-unload 1
	fi

	# 4. Load/unload cycles leave no trace.
	if load_ap cycle-warmup 1 >/dev/null && rmmod pmdi_dispatcher; then
		snapshot before
		i=1
		ok=1
		while [ $i -le "$CYCLES" ]; do
			if ! insmod $MOD 2>/dev/null; then
				ok=0; why="insmod failed in cycle $i"; break
			fi
			n=0
			while [ "$(status state)" != ready ] && [ $n -lt 50 ]; do
				sleep 0.1; n=$((n + 1))
			done
			if [ "$(status state)" != ready ]; then
				ok=0; why="AP not ready in cycle $i"; rmmod pmdi_dispatcher; break
			fi
			if ! rmmod pmdi_dispatcher || ! runs_on 1; then
				ok=0; why="cpu1 not back after cycle $i"; break
			fi
			i=$((i + 1))
		done
		newmsgs > /dev/null
		snapshot after
		if [ $ok = 1 ]; then
			pass load-unload-cycles "$CYCLES cycles, cpu1 back online each time"
		else
			fail load-unload-cycles "$why"
		fi
		sb=$(cat /tmp/before.slab) sa=$(cat /tmp/after.slab)
		vb=$(cat /tmp/before.vmalloc) va=$(cat /tmp/after.vmalloc)
		# Slab moves a little with any activity (dentries, per-CPU caches),
		# after dropping caches by some tens of kB: allow 128 kB.
		if [ $((sa - sb)) -le 128 ]; then
			pass leak-slab "Slab ${sb} kB -> ${sa} kB after $CYCLES cycles"
		else
			fail leak-slab "Slab ${sb} kB -> ${sa} kB after $CYCLES cycles"
		fi
		# Vmalloc also holds kernel stacks (16 kB each) of the hotplug and
		# worker threads, cached and freed lazily: 0-48 kB seen here. Any
		# allocation of ours that leaked would cost a page or more per
		# cycle, so fail from one page per cycle.
		if [ $((va - vb)) -lt $((CYCLES * 4)) ]; then
			pass leak-vmalloc "VmallocUsed ${vb} kB -> ${va} kB"
		else
			fail leak-vmalloc "VmallocUsed ${vb} kB -> ${va} kB"
		fi
		# What the module allocates per load (its state, the saved
		# trampoline page, the platform device) comes from kmalloc caches
		# of 512 bytes and up: one leaked per cycle would add $CYCLES.
		grow=$(awk -v c="$CYCLES" 'NR == FNR { b[$1] = $2; next }
			($1 in b) && $2 - b[$1] >= c { printf "%s +%d ", $1, $2 - b[$1] }' \
			/tmp/before.kmalloc /tmp/after.kmalloc)
		worst=$(awk 'NR == FNR { b[$1] = $2; next } ($1 in b) { d = $2 - b[$1]; if (d > m) { m = d; n = $1 } }
			END { printf "%s %+d", n ? n : "none", m }' /tmp/before.kmalloc /tmp/after.kmalloc)
		if [ -z "$grow" ]; then
			pass leak-kmalloc "no kmalloc cache grew by $CYCLES objects (largest: $worst)"
		else
			fail leak-kmalloc "grew: $grow"
		fi
		if cmp -s /tmp/before.iomem /tmp/after.iomem; then
			pass leak-iomem "/proc/iomem unchanged"
		else
			fail leak-iomem "/proc/iomem changed: $(diff /tmp/before.iomem /tmp/after.iomem | tr '\n' '|')"
		fi
		if cmp -s /tmp/before.irq /tmp/after.irq; then
			pass leak-interrupts "/proc/interrupts lines unchanged"
		else
			fail leak-interrupts "$(diff /tmp/before.irq /tmp/after.irq | tr '\n' '|')"
		fi
	else
		fail load-unload-cycles "warm-up cycle failed"
	fi
}

# Every CPU but 0 in turn, highest first.
tests_smp() {
	cpu=$(($(nproc) - 1))
	while [ $cpu -ge 1 ]; do
		if load_ap ap-banner-cpu$cpu $cpu; then
			check_heartbeat heartbeat-cpu$cpu
			check_veto online-veto-cpu$cpu $cpu
			unload_ap unload-cpu$cpu $cpu
		fi
		cpu=$((cpu - 1))
	done
}

. /pmdi/mailbox-tests.sh
. /pmdi/rng-tests.sh
. /pmdi/trace-tests.sh
. /pmdi/sample-tests.sh
. /pmdi/fuzz-tests.sh
. /pmdi/rust-tests.sh
. /pmdi/conformance-tests.sh
. /pmdi/net-tests.sh

case ${1:-all} in
smp) tests_smp ;;
mailbox) tests_mailbox ;;
rng) tests_rng ;;
bench-net) tests_bench_net ;;
trace) tests_trace ;;
fuzz) tests_fuzz ;;
rust) tests_rust ;;
conformance) tests_conformance ;;
net) tests_net ;;
fuzz-bench) tests_fuzz_bench ;;
bench) tests_bench ;;
bench-kernels:*) tests_bench_kernels "${1#bench-kernels:}" ;;
bench-trace) tests_bench_trace ;;
samples:*) tests_samples "${1#samples:}" ;;
*) tests_all ;;
esac

newmsgs > /dev/null
if grep -q -E 'BUG:|WARNING:|Oops|Call Trace|general protection fault|RIP:' $LOG; then
	fail dmesg-clean "$(grep -E 'BUG:|WARNING:|Oops|Call Trace|general protection|RIP:' $LOG | head -n 3 | tr '\n' '|')"
else
	pass dmesg-clean "no oops, BUG or WARNING in the kernel log"
fi

dmesg -n 1
echo PMDI-RESULTS-BEGIN
cat $RES
echo PMDI-RESULTS-END
