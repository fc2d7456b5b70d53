# Guest side of the mailbox tests (sourced by guest-tests.sh, group "mailbox").
# Real requests from the AP kernel through the real virtio_blk driver; the
# host checks the disk images afterwards (qemu-board/tests/run.sh).
#
#   demo twice in one boot (load, run, unload, load, run), with the vda hash
#   and the vdb pattern reported for the host; every kind of bad request;
#   rmmod during a burst of block reads.

MBOX=/sys/kernel/debug/pmdi/mailbox

# wait_ap_line PATTERN TENTHS: wait for an AP console line (through the console device).
wait_ap_line() {
	wait_msg "pmdi-ap: .*$1" "$2"
}

ap_line() {
	echo "$MSGS" | grep "pmdi-ap: .*$1" | tail -n 1 | sed 's/^.*pmdi-ap: //'
}

demo_once() {
	run=$1
	if ! load_ap "mailbox-demo$run-load" 1 workload=demo; then
		return
	fi
	if ! wait_ap_line "demo: done" 300; then
		fail "mailbox-demo$run" "no 'demo: done' from the AP: $(echo "$MSGS" | grep pmdi | tail -n 4 | tr '\n' '|') mailbox: $(tr '\n' '|' < $MBOX) status: $(tr '\n' '|' < $STATUS)"
		rmmod pmdi_dispatcher
		return
	fi
	if echo "$MSGS" | grep -q 'pmdi-ap: devices: .* vda block (virtio_blk)'; then
		pass "mailbox-devices$run" "$(ap_line 'devices: .* vda')"
	else
		fail "mailbox-devices$run" "vda/virtio_blk not in the AP's device list"
	fi
	if echo "$MSGS" | grep -q 'pmdi-ap: demo: vdb pattern: .*: OK'; then
		pass "mailbox-vdb-pattern$run" "$(ap_line 'vdb pattern')"
	else
		fail "mailbox-vdb-pattern$run" "$(ap_line 'vdb')"
	fi
	hash=$(ap_line 'vda sha256' | sed -n 's/.*: \([0-9a-f]\{64\}\)$/\1/p')
	if [ -n "$hash" ]; then
		# The host compares it with its own hash of the seeded data.
		pass "mailbox-vda-hash$run" "sha256=$hash"
	else
		fail "mailbox-vda-hash$run" "no hash: $(ap_line 'vda')"
	fi
	if grep -q '^clock_offset: ' $STATUS && grep -q '^trace_ring ap: ' $STATUS &&
	   grep -q '^reader debugfs: ' $STATUS; then
		pass "trace-status$run" "$(grep -E '^(clock_offset|trace_ring ap)' $STATUS | tr '\n' '|')"
	else
		fail "trace-status$run" "status has no tracing section: $(tr '\n' '|' < $STATUS)"
	fi
	unload_ap "mailbox-demo$run-unload" 1
}

tests_badreq() {
	if ! load_ap mailbox-badreq-load 1 workload=badreq; then
		return
	fi
	if ! wait_ap_line 'badreq: \(PASS\|FAIL\)' 600; then
		fail mailbox-badreq "no verdict from the AP: $(echo "$MSGS" | grep pmdi | tail -n 4 | tr '\n' '|')"
	elif echo "$MSGS" | grep -q 'pmdi-ap: badreq: PASS'; then
		pass mailbox-badreq "$(echo "$MSGS" | grep -c 'pmdi-ap: badreq: .*: ok') checks ok: every bad request refused with its reason, rewritten slots, flood, good requests after"
	else
		fail mailbox-badreq "$(echo "$MSGS" | grep 'pmdi-ap: badreq: .*WRONG' | head -n 3 | tr '\n' '|')"
	fi
	refused=$(sed -n 's/^refused_[0-9]*: \([0-9]*\).*/\1/p' $MBOX | awk '{ s += $1 } END { print s + 0 }')
	if [ "$refused" -gt 0 ] && grep -q '^broken: no' $MBOX; then
		pass mailbox-refusals-counted "$refused refusals in debugfs, mailbox not broken"
	else
		fail mailbox-refusals-counted "refused=$refused, $(grep broken $MBOX)"
	fi
	if echo "$MSGS" | grep -q 'request .* refused: '; then
		pass mailbox-refusals-logged "$(echo "$MSGS" | grep 'refused: ' | head -n 1 | sed 's/^\[[^]]*\] //')"
	else
		fail mailbox-refusals-logged "no 'refused' line in dmesg"
	fi
	unload_ap mailbox-badreq-unload 1
}

tests_burst_unload() {
	if ! load_ap mailbox-burst-load 1 workload=burst; then
		return
	fi
	wait_ap_line 'burst: reading' 100
	sleep 1
	# A slow disk (QEMU I/O throttling, 1 IOPS: a bio waits about a second)
	# keeps a bio seen in flight still in flight when rmmod runs.
	host_request throttle-vda
	# Wait until the throttle holds: bios in flight and completions (nearly)
	# stopped. Without it, 8 reads are in flight all the time and finish in
	# microseconds; rmmod must meet bios that take a second.
	n=0
	last=$(sed -n 's/^completed: //p' $MBOX)
	while [ $n -lt 30 ]; do
		# The host acts within a second or two; ask again if it did not.
		[ $n = 12 ] && host_request throttle-vda
		sleep 0.5
		now=$(sed -n 's/^completed: //p' $MBOX)
		[ $((now - last)) -le 2 ] &&
			[ "$(sed -n 's/^bios_in_flight: //p' $MBOX)" -ge 1 ] && break
		last=$now
		n=$((n + 1))
	done
	inflight=$(sed -n 's/^bios_in_flight: //p' $MBOX)
	served=$(sed -n 's/^completed: //p' $MBOX)
	newmsgs > /dev/null
	t0=$(cut -d. -f1 /proc/uptime)
	if ! rmmod pmdi_dispatcher; then
		fail mailbox-rmmod-under-load "rmmod failed"
		return
	fi
	MSGS=$(newmsgs)
	t1=$(cut -d. -f1 /proc/uptime)
	host_request unthrottle-vda
	closed=$(echo "$MSGS" | grep 'mailbox closed' | sed 's/^.*pmdi_dispatcher: //')
	waited=$(echo "$MSGS" | grep -c 'waiting for [0-9]* block requests in flight')
	if [ "$served" -gt 0 ] && [ "$inflight" -gt 0 ] && [ "$waited" = 1 ] && [ -n "$closed" ] &&
	   runs_on 1; then
		pass mailbox-rmmod-under-load "$served requests served, $inflight bios in flight at rmmod, waited for; $closed; took $((t1 - t0)) s; cpu1 back"
	else
		fail mailbox-rmmod-under-load "served=$served inflight=$inflight waited=$waited closed='$closed' cpu1=$(online 1)"
	fi
}

tests_mailbox() {
	demo_once 1
	demo_once 2
	tests_badreq
	tests_burst_unload
	tests_flight
}

# ---- ./pmdi bench interface (not a test: marks in the kernel log) ----

# dd_rate NAME BS COUNT JOBS: Linux reading vda directly, O_DIRECT, JOBS
# readers on disjoint ranges at once (JOBS = queue depth). The begin and end
# marks go to the kernel log: the host times them with its timestamps.
dd_rate() {
	name=$1 bs=$2 count=$3 jobs=$4
	echo "pmdi-bench: dd_begin name=$name bs=$bs qd=$jobs" > /dev/kmsg
	j=0
	while [ $j -lt "$jobs" ]; do
		dd if=/dev/vda of=/dev/null bs="$bs" count="$count" skip=$((j * count)) iflag=direct 2>/dev/null &
		j=$((j + 1))
	done
	wait
	echo "pmdi-bench: dd_end name=$name bs=$bs qd=$jobs bytes=$((bs * count * jobs))" > /dev/kmsg
}

ap_bench() {
	tag=$1
	shift
	MSGS=""
	newmsgs > /dev/null
	if ! insmod $MOD workload=bench "$@"; then
		echo "PMDI-BENCH error insmod $*"
		return
	fi
	echo "pmdi-bench: ap_run $tag" > /dev/kmsg
	wait_ap_line 'bench: done' 1200
	rmmod pmdi_dispatcher
}

tests_bench() {
	secs=${BENCH_SECONDS:-2}
	# Rounds alternate Linux and the AP so that drift in the emulator's speed
	# hits both alike; the host takes medians.
	for round in 1 2 3; do
		dd_rate r$round-4k 4096 2048 1
		dd_rate r$round-64k 65536 256 1
		dd_rate r$round-64k-qd8 65536 32 8
		ap_bench zerocopy workload_arg="$secs"
		ap_bench bounce workload_arg="$secs" bounce=1
	done
	pass bench-finished "results are in the kernel log (pmdi-bench and pmdi-ap: bench lines)"
}

# ---- ./pmdi bench trace: the null round trip with tracing off and on ----
tests_bench_trace() {
	for round in 1 2 3 4 5; do
		ap_bench untraced-$round workload_arg=1 trace=0 trace_tty=
		ap_bench traced-$round workload_arg=1 trace_tty=
	done
	tests_bench_rate
	pass bench-finished "results are in the kernel log"
}

# Flight-recorder mode: nothing streams until a request is stuck; then the
# readers get the header and the newest frames, with the reason logged.
tests_flight() {
	if ! load_ap flight-load 1 workload=no_reap flight_kib=64 trace_tty=; then
		return
	fi
	cat /sys/kernel/debug/pmdi/trace_pipe > /tmp/flight.pmdt &
	catpid=$!
	sleep 1
	before=$(wc -c < /tmp/flight.pmdt)
	wait_msg 'flight recorder dump #1' 60
	sleep 1
	echo 0 > /sys/kernel/debug/pmdi/tracing
	wait $catpid
	after=$(wc -c < /tmp/flight.pmdt)
	dump=$(echo "$MSGS" | grep 'flight recorder dump #1' | sed 's/^.*pmdi_dispatcher: trace: //')
	if [ -n "$dump" ] && echo "$dump" | grep -q 'not taken' && [ "$before" -lt 1000 ] &&
	   [ "$after" -gt $((before + 1000)) ]; then
		pass flight-recorder "$before bytes before the dump (header only), $after after; $dump"
	else
		fail flight-recorder "before=$before after=$after dump='$dump'"
	fi
	unload_ap flight-unload 1
	rm -f /tmp/flight.pmdt
}

# ---- ./pmdi bench trace: the event rate the debugfs stream carries ----
tests_bench_rate() {
	insmod $MOD workload=bench workload_arg=1 trace_tty= || return
	cat /sys/kernel/debug/pmdi/trace_pipe > /dev/null &
	catpid=$!
	echo "pmdi-bench: rate_begin" > /dev/kmsg
	MSGS=""
	wait_ap_line 'bench: done' 1200
	sleep 0.2
	echo "pmdi-bench: rate_end $(sed -n 's/^trace_records: \([0-9]*\).*/records=\1/p' $STATUS) $(sed -n 's/^reader debugfs: .*frames (\([0-9]*\) events) lost/lost=\1/p' $STATUS)" > /dev/kmsg
	echo 0 > /sys/kernel/debug/pmdi/tracing
	wait $catpid
	rmmod pmdi_dispatcher
}
