#!/usr/bin/env bash
# All QEMU board tests. Boots the board three times (each under a hard
# timeout), the guest runs qemu-board/guest/guest-tests.sh and prints its
# results; the host adds what only it can see (one boot, no reset, clean
# power-off, the monitor socket, the trace pty).
#
#   boot smp2: refusals, AP banner, write-back report, heartbeat, Linux->AP
#              IPI, online veto, unload/re-online, the faulting build, 20
#              load/unload cycles with Slab/Vmalloc/iomem/interrupts checks
#   boot smp3: -smp 3, the AP kernel on cpu2 then cpu1
#   boot smp4: -smp 4, on cpu3, cpu2, cpu1
#   boot mbox: the mailbox: demo twice (vda hash and vdb pattern checked
#              on the host), every bad request, the RNG device (lengths,
#              bytes, refusals, READs waiting for a stopped feeder, unload
#              with READs waiting), rmmod under load
#   boot fuzz: the hostile AP kernel (workload=fuzz, 100 k messages, seed
#              PMDI_FUZZ_SEED) under slub_debug=FZPU page_poison=1
#              init_on_free=1: the AP's exactly-once and plausibility
#              verdict, the module's counters, a clean log, reload; the
#              broken request index; rmmod with a driver call held inside
#              QEMU (vdb behind blkdebug, "break read_aio")
#   boot rust: the Rust AP kernel (pmdi-ap-rust.elf, ELF loader): banner and
#              ready, heartbeat, wake IPIs, clock sync, null/ping/block
#              smoke through the mailbox, unload and reload
#   boot net:  the AP kernel on its own NIC (workload=net): the gateway
#              ping, thousands of UDP echoes from the host checked byte for
#              byte (tests/udp-echo-check.c), host losses against the
#              module's drops, link events (tests/net-echo.sh); both runs
#              traced in the guest: NET_FRAME records for tx, rx and drops
#              as many as the module's counters, the captured echo frames'
#              payloads the host's datagrams (guest-bin/netframes.c)
#   boot trace: trace_pipe and the serial line in the guest; the host
#              records ttyS1 (the pty) and trace_pipe (TCP forward) of one
#              session and decodes both with the Java codec: no corrupt
#              frame, events, seq gaps equal to the module's lost counts;
#              then a demo session the line keeps up with, on both: every
#              request's phases, ids, order and clock-corrected order, no
#              loss, the same records (tests/TracePathCheck.java)
#
# Prints one PASS/FAIL line per check, the serial log of any boot with a
# failure, and last "N passed, N failed". Exit status 1 on any failure.
# PMDI_TEST_TIMEOUT (seconds per boot, default 180), PMDI_TEST_KEEP=1
# (keep the run directory), PMDI_ONLY=trace,mbox (only those boots),
# PMDI_FUZZ_SEED and PMDI_FUZZ_K (thousands of fuzz messages) can be set.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
# shellcheck source=../host-agent.sh
. "$PMDI_BOARD_DIR/host-agent.sh"
# shellcheck source=net-echo.sh
. "$PMDI_BOARD_DIR/tests/net-echo.sh"

TIMEOUT=${PMDI_TEST_TIMEOUT:-180}
PASSED=0
FAILED=0

check() {	# check PASS|FAIL name detail
	if [ "$1" = PASS ]; then
		PASSED=$((PASSED + 1))
	else
		FAILED=$((FAILED + 1))
	fi
	printf '%s %s%s\n' "$1" "$2" "${3:+: $3}"
}

if ! "$PMDI_BOARD_DIR/build.sh" > /tmp/pmdi-build.$$ 2>&1; then
	cat /tmp/pmdi-build.$$
	rm -f /tmp/pmdi-build.$$
	check FAIL build "qemu-board/build.sh failed"
	echo "$PASSED passed, $FAILED failed"
	exit 1
fi
rm -f /tmp/pmdi-build.$$

mkdir -p "$PMDI_OUT/test-runs"
RUNS=$(mktemp -d "$PMDI_OUT/test-runs/run.XXXXXX")

# The guest's PMDI-HOST-REQUEST verbs: the monitor command for each (printed),
# or the action itself (the trace recordings of boot() $dir, quiet on stdout).
test_request() {
	case $1 in
	nmi) echo 'nmi' ;;
	throttle-vda) echo 'block_set_io_throttle disk0 0 0 0 1 0 0' ;;
	unthrottle-vda) echo 'block_set_io_throttle disk0 0 0 0 0 0 0' ;;
	record-trace) trace_rec_start "$dir" >&2 ;;
	stop-trace) trace_rec_stop "$dir" >&2 ;;
	# vdb behind blkdebug: hold its next read inside QEMU, release it
	break-vdb) echo 'qemu-io disk1 "break read_aio held"' ;;
	resume-vdb) echo 'qemu-io disk1 "resume held"' ;;
	# the net boot: the host's UDP echo runs (net-echo.sh)
	udp-echo | udp-echo-starved) net_echo_run "$dir" "$1" ;;
	# the AP's NIC (board.sh: netdev apnet): carrier off and on
	link-down-ap) echo 'set_link apnet off' ;;
	link-up-ap) echo 'set_link apnet on' ;;
	*) echo "unknown request $1" >&2 ;;
	esac
}

# boot NAME SMP GUEST_TESTS
boot() {
	local name=$1 smp=$2 tests=$3 dir=$RUNS/$1 rc before_fail t0 t1
	local log=$dir/serial.log
	mkdir -p "$dir"
	# own scratch disks: QEMU locks images, a board started by hand may hold the defaults
	truncate -s 16M "$dir/vda.img" "$dir/vdb.img"
	# a prepare_NAME may change these
	BOOT_APPEND=""
	BOOT_TIMEOUT=$TIMEOUT
	BOOT_DISKS=(--disk "$dir/vda.img" --disk "$dir/vdb.img")
	BOOT_EXTRA=()
	if declare -F "prepare_$name" > /dev/null; then
		"prepare_$name" "$dir"
	fi
	before_fail=$FAILED
	t0=$(date +%s)

	# Meanwhile, on the host: the monitor answers and the trace pty exists.
	(
		n=0
		while [ $n -lt 300 ] && ! grep -q '^TRACE_PTY=' "$dir/board.env" 2>/dev/null; do
			sleep 0.1; n=$((n + 1))
		done
		printf 'info chardev\n' | socat -t 2 - "UNIX-CONNECT:$dir/monitor.sock" > "$dir/monitor.out" 2>&1
		pty=$(sed -n 's/^TRACE_PTY=//p' "$dir/board.env" 2>/dev/null)
		[ -n "$pty" ] && [ -c "$pty" ] && echo "$pty" > "$dir/trace-pty.ok"
	) &
	local probe=$!

	# The host agent (../host-agent.sh): does what the guest asks for with
	# PMDI-HOST-REQUEST lines (real QEMU actions through the monitor, never mocks).
	pmdi_host_agent "$log" "$dir/monitor.sock" test_request >> "$dir/agent.out" 2>&1 &
	local agent=$!

	timeout -k 10 "$BOOT_TIMEOUT" "$PMDI_BOARD_DIR/board.sh" --no-build --smp "$smp" \
		--mode test --append "pmdiboard.tests=$tests$BOOT_APPEND" \
		--console "file:$log" --run-dir "$dir" \
		"${BOOT_DISKS[@]}" "${BOOT_EXTRA[@]}" \
		< /dev/null > "$dir/qemu.out" 2>&1
	rc=$?
	wait $probe 2>/dev/null
	kill $agent 2>/dev/null
	wait $agent 2>/dev/null
	trace_rec_stop "$dir" >> "$dir/agent.out" 2>&1
	t1=$(date +%s)

	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		check FAIL "$name/finished" "no power-off within ${BOOT_TIMEOUT}s (hard timeout)"
	fi
	if [ ! -s "$log" ]; then
		check FAIL "$name/boot" "no serial output (qemu: $(tail -n 3 "$dir/qemu.out" | tr '\n' ' '))"
	else
		# The guest's own checks.
		if grep -q '^PMDI-RESULTS-END' "$log"; then
			while read -r verdict rest; do
				check "$verdict" "$name/${rest%%:*}" "${rest#*: }"
			done < <(sed -n '/^PMDI-RESULTS-BEGIN/,/^PMDI-RESULTS-END/p' "$log" |
				 sed -n 's/^PMDI-CHECK \(PASS\|FAIL\) /\1 /p')
			check PASS "$name/guest-tests-finished" "in $((t1 - t0)) s"
		else
			check FAIL "$name/guest-tests-finished" "the guest never printed its results"
		fi
		n=$(grep -c 'Linux version' "$log")
		if [ "$n" = 1 ]; then
			check PASS "$name/no-reset" "one boot, no reset (QEMU runs with -no-reboot)"
		else
			check FAIL "$name/no-reset" "$n kernel boots in one run"
		fi
		if [ $rc -eq 0 ] && grep -q 'reboot: Power down' "$log"; then
			check PASS "$name/power-off" "clean power-off, QEMU exit 0"
		else
			check FAIL "$name/power-off" "QEMU exit $rc, power-down message $(grep -c 'reboot: Power down' "$log")"
		fi
	fi
	if [ -s "$log" ] && declare -F "verify_$name" > /dev/null; then
		"verify_$name" "$dir" "$log"
	fi
	if grep -q '^serial1: filename=pty:' "$dir/monitor.out" 2>/dev/null && [ -e "$dir/trace-pty.ok" ]; then
		check PASS "$name/monitor-and-trace-pty" "monitor socket answers; ttyS1 on $(cat "$dir/trace-pty.ok")"
	else
		check FAIL "$name/monitor-and-trace-pty" "monitor: $(head -c 200 "$dir/monitor.out" 2>/dev/null | tr '\n' ' ')"
	fi

	if [ $FAILED -gt $before_fail ]; then
		echo "----- serial log of boot $name ($log) -----"
		cat "$log" 2>/dev/null
		echo "----- end of serial log of boot $name -----"
		echo "----- QEMU output -----"
		cat "$dir/qemu.out"
	fi
}

# The mailbox boot: vda starts with 1 MiB of seeded random data, so the hash
# the AP prints can only come from a real read through virtio_blk; the
# pattern the AP wrote must be in vdb's image byte for byte.
prepare_mbox() {
	perl -e 'srand(20261125); print pack("C*", map { int(rand(256)) } 1 .. 1048576)' |
		dd of="$1/vda.img" conv=notrunc status=none
}

verify_mbox() {
	local dir=$1 log=$2 want got n=0
	want=$(head -c 1048576 "$dir/vda.img" | sha256sum | cut -d' ' -f1)
	for got in $(sed -n 's/^PMDI-CHECK PASS mailbox-vda-hash[0-9]*: sha256=\([0-9a-f]*\).*/\1/p' "$log" | sort -u); do
		n=$((n + 1))
		if [ "$got" = "$want" ]; then
			check PASS mbox/vda-hash-matches-host "the AP's sha256 of vda's first MiB is the host's: $want"
		else
			check FAIL mbox/vda-hash-matches-host "AP $got, host $want"
		fi
	done
	[ $n -gt 0 ] || check FAIL mbox/vda-hash-matches-host "no hash reported by the AP"
	# demo_pattern() of ap-kernel-traced/workload.h
	perl -e 'print pack("C*", map { ($_ * 7 + ($_ >> 8) * 13 + 0x5a) & 0xff } 0 .. 1048575)' \
		>"$dir/vdb.expected"
	if cmp -s "$dir/vdb.expected" <(head -c 1048576 "$dir/vdb.img"); then
		check PASS mbox/vdb-pattern-in-image "the AP's 1 MiB pattern is in vdb.img byte for byte"
	else
		check FAIL mbox/vdb-pattern-in-image "vdb.img differs: $(cmp "$dir/vdb.expected" <(head -c 1048576 "$dir/vdb.img") 2>&1 | head -n 1)"
	fi
}

# The fuzz boot: the slab and page allocators check themselves (the stock
# kernel has no KASAN); vdb is behind blkdebug (a passthrough until the host
# asks the monitor to hold a read). The guest prints the AP's summary lines
# (PMDI-FUZZ-SUMMARY), shown here as INFO.
prepare_fuzz() {
	prepare_mbox "$1"	# seeded data on vda: its hash is checked at the end
	: > "$1/blkdebug.conf"
	BOOT_APPEND=" slub_debug=FZPU page_poison=1 init_on_free=1 pmdiboard.fuzzseed=${PMDI_FUZZ_SEED:-1} pmdiboard.fuzzk=${PMDI_FUZZ_K:-100}"
	BOOT_DISKS=(--disk "$1/vda.img"
		    --disk "format=raw,file.driver=blkdebug,file.config=$1/blkdebug.conf,file.image.filename=$1/vdb.img")
	BOOT_TIMEOUT=$((TIMEOUT > 420 ? TIMEOUT : 420))
}

verify_fuzz() {
	local name want got
	tr -d '\r' < "$2" | sed -n 's/^PMDI-FUZZ-\(SUMMARY\|INFO\|ARTIFACT\) /INFO fuzz: /p'
	# After every hostile write, what Linux's driver reads is what is on the
	# disk: the last demo's hash of vda's first MiB against the host's.
	want=$(head -c 1048576 "$1/vda.img" | sha256sum | cut -d' ' -f1)
	got=$(tr -d '\r' < "$2" | sed -n 's/^PMDI-FUZZ-VDA-SHA256 [^ ]* //p' | tail -n 1)
	if [ "$got" = "$want" ]; then
		check PASS fuzz/vda-hash-matches-host "after the fuzzing, the AP's sha256 of vda's first MiB is the host's: $want"
	else
		check FAIL fuzz/vda-hash-matches-host "AP '${got:-none}', host $want"
	fi
	# a failed run's flight-recorder trace, carried out in base64
	for name in $(tr -d '\r' < "$2" | sed -n 's/^PMDI-FUZZ-TRACE-BEGIN //p'); do
		tr -d '\r' < "$2" | sed -n "/^PMDI-FUZZ-TRACE-BEGIN $name\$/,/^PMDI-FUZZ-TRACE-END $name\$/p" |
			grep -E '^[A-Za-z0-9+/=]+$' | base64 -d > "$1/fuzz-$name.pmdt" 2>/dev/null
		echo "INFO fuzz: flight-recorder trace of $name: $1/fuzz-$name.pmdt ($(wc -c < "$1/fuzz-$name.pmdt") bytes)"
	done
}

# The trace boot. The host records both streams with the serial bridge's
# recorder (the same one ./pmdi record runs) when the guest asks for it, and
# decodes them with the trace format's Java codec (tests/TraceCheck.java).
TRACE_CP=${PMDI_JAVA_CP:-}
prepare_trace() {
	if [ -z "$TRACE_CP" ]; then
		TRACE_CP=$(. "$PMDI_ROOT/scripts/common.sh" && java_classpath serial-bridge 2> "$1/classpath.err") || TRACE_CP=""
	fi
}

trace_rec_start() {	# trace_rec_start DIR: record ttyS1's pty, then the debugfs forward
	local dir=$1 pty tcp n=0
	pty=$(sed -n 's/^TRACE_PTY=//p' "$dir/board.env")
	tcp=$(sed -n 's/^DEBUGFS_TCP=//p' "$dir/board.env")
	if [ -z "$TRACE_CP" ] || [ -z "$pty" ] || [ -z "$tcp" ]; then
		echo "record-trace: classpath '${TRACE_CP:0:40}', pty '$pty', tcp '$tcp': not recording"
		return
	fi
	java -cp "$TRACE_CP" org.pmdi.bridge.cli.BridgeCli record --port "$pty" -o "$dir/serial.pmdt" \
		--quiet > "$dir/rec-serial.out" 2>&1 &
	echo $! > "$dir/rec-serial.pid"
	# the recording exists once the recorder runs; give it the port too
	while [ ! -e "$dir/serial.pmdt" ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
	sleep 1
	java -cp "$TRACE_CP" org.pmdi.bridge.cli.BridgeCli record --tcp "$tcp" -o "$dir/debugfs.pmdt" \
		--quiet > "$dir/rec-debugfs.out" 2>&1 &
	echo $! > "$dir/rec-debugfs.pid"
	echo "record-trace: recording $pty and $tcp"
}

trace_rec_stop() {	# trace_rec_stop DIR: end both recordings cleanly (SIGTERM)
	local dir=$1 w pid n
	for w in serial debugfs; do
		[ -e "$dir/rec-$w.pid" ] || continue
		pid=$(cat "$dir/rec-$w.pid")
		rm -f "$dir/rec-$w.pid"
		kill -TERM "$pid" 2>/dev/null || continue
		n=0
		while kill -0 "$pid" 2>/dev/null && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
		kill -KILL "$pid" 2>/dev/null
		echo "stop-trace: $w recorder stopped"
	done
}

# field LINE KEY: KEY=value out of a TraceCheck line
field() {
	printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

verify_trace() {
	local dir=$1 log=$2 w out want got dg ses sl dl
	if [ -z "$TRACE_CP" ]; then
		check FAIL trace/host-decode "no Java classpath for the decoder: $(tail -n 3 "$dir/classpath.err" 2>/dev/null | tr '\n' ' ')"
		return
	fi
	read -r ses sl dl < <(tr -d '\r' < "$log" |
		sed -n 's/^PMDI-CHECK PASS trace-module-lost: session=\([0-9a-f]*\) serial_lost_records=\([0-9]*\) debugfs_lost_records=\([0-9]*\).*/\1 \2 \3/p' | head -n 1)
	for w in serial debugfs; do
		if [ ! -s "$dir/$w.pmdt" ]; then
			check FAIL "trace/host-$w-decodes" "no recording ($(tail -n 3 "$dir/rec-$w.out" 2>/dev/null | tr '\n' ' '))"
			continue
		fi
		out=$(java -cp "$TRACE_CP" "$PMDI_BOARD_DIR/tests/TraceCheck.java" "$dir/$w.pmdt" 2>&1 | tail -n 1)
		if [ "$(field "$out" corrupt)" = 0 ] && [ "$(field "$out" events)" -gt 0 ] 2>/dev/null &&
		   [ "$(field "$out" headers)" -gt 0 ] && [ "$(field "$out" unknown)" = 0 ]; then
			check PASS "trace/host-$w-decodes" "$(printf '%s' "$out" | sed 's/ types=.*//')"
		else
			check FAIL "trace/host-$w-decodes" "$out"
		fi
		want=$sl
		[ $w = debugfs ] && want=$dl
		# sessions=ID:EVENTS/GAPS/DECODER_GAPS,...: the gaps of the session the guest
		# measured, counted record by record by the checker (the decoder's own
		# frame-level count is shown beside it)
		got=$(field "$out" sessions | tr ',' '\n' | sed -n "s/^${ses:-none}:[0-9]*\/\([0-9]*\).*/\1/p")
		dg=$(field "$out" sessions | tr ',' '\n' | sed -n "s/^${ses:-none}:[0-9]*\/[0-9]*\/\([0-9]*\).*/\1/p")
		if [ -n "$want" ] && [ "$got" = "$want" ]; then
			check PASS "trace/host-$w-loss-exact" "session $ses: the seq gaps ($got events; the decoder's frame-level count $dg) are the module's lost count ($want)"
		else
			check FAIL "trace/host-$w-loss-exact" "session '$ses': decoder seq gaps '$got', module lost '$want'"
		fi
	done
	verify_trace_e2e "$dir" "$log"
}

# The end-to-end session (trace_e2e in the guest), on the same two
# recordings: tests/TracePathCheck.java checks every request's phases, ids,
# order per side and on the AP clock, no loss, and that serial and debugfs
# hold the same records. It prints one summary line per recording (shown as
# INFO) and PASS/FAIL lines.
verify_trace_e2e() {
	local dir=$1 log=$2 ses out verdict rest n
	ses=$(tr -d '\r' < "$log" | sed -n 's/^PMDI-CHECK PASS trace-e2e-session: session=\([0-9a-f]*\) .*/\1/p' | head -n 1)
	if [ -z "$ses" ]; then
		check FAIL trace/e2e "the guest reported no end-to-end session"
		return
	fi
	if [ ! -s "$dir/serial.pmdt" ] || [ ! -s "$dir/debugfs.pmdt" ]; then
		check FAIL trace/e2e "a recording is missing: $(ls -l "$dir"/*.pmdt 2>&1 | tr '\n' ' ')"
		return
	fi
	out=$(java -cp "$TRACE_CP" "$PMDI_BOARD_DIR/tests/TracePathCheck.java" --session "$ses" --prefix trace/e2e \
		"$dir/serial.pmdt" "$dir/debugfs.pmdt" 2>&1)
	printf '%s\n' "$out" | grep -vE '^(PASS|FAIL) ' | sed 's/^/INFO trace\/e2e: /'
	while read -r verdict rest; do
		check "$verdict" "${rest%%:*}" "${rest#*: }"
	done < <(printf '%s\n' "$out" | grep -E '^(PASS|FAIL) ')
	n=$(printf '%s\n' "$out" | grep -cE '^(PASS|FAIL) ')
	# 5 checks per recording and the comparison
	[ "$n" -eq 11 ] || check FAIL trace/e2e-checker "$n verdicts from TracePathCheck, 11 expected"
}

# PMDI_ONLY=NAME[,NAME] runs only those boots (any other value: mbox only).
only() {
	[ -z "${PMDI_ONLY:-}" ] && return 0
	case ",$PMDI_ONLY," in
	*",$1,"*) return 0 ;;
	esac
	[ "$1" = mbox ] && ! printf '%s' "$PMDI_ONLY" | grep -qE '(^|,)(smp2|smp3|smp4|trace|fuzz|rust|net)(,|$)'
}
only smp2 && boot smp2 2 all
only smp3 && boot smp3 3 smp
only smp4 && boot smp4 4 smp
only mbox && boot mbox 2 mailbox
only trace && boot trace 2 trace
only fuzz && boot fuzz 2 fuzz
only rust && boot rust 2 rust
only net && boot net 2 net

if [ "${PMDI_TEST_KEEP:-0}" != 1 ] && [ $FAILED -eq 0 ]; then
	rm -rf "$RUNS"
else
	echo "run directory kept: $RUNS"
fi
echo "$PASSED passed, $FAILED failed"
[ $FAILED -eq 0 ]
