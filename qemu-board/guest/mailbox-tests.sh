# Guest side of the mailbox tests (sourced by guest-tests.sh, group "mailbox").
# Real requests from the AP kernel through the real virtio_blk driver; the
# host checks the disk images afterwards (qemu-board/tests/run.sh).
#
#   demo twice in one boot (load, run, unload, load, run), with the vda hash
#   and the vdb pattern reported for the host; every kind of bad request;
#   the RNG device (rng-tests.sh); rmmod during a burst of block reads.

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
	[ "$run" = 1 ] && worker_fifo_check
	unload_ap "mailbox-demo$run-unload" 1
}

# worker_policy: the pmdi-mbox worker's scheduling policy (/proc/PID/stat field 41).
worker_policy() {
	for d in /proc/[0-9]*; do
		[ "$(cat "$d/comm" 2>/dev/null)" = pmdi-mbox ] || continue
		sed 's/^.*) //' "$d/stat" | cut -d' ' -f39
		return
	done
}

# debugfs worker_fifo: 1 puts the worker at SCHED_FIFO (policy 1), 0 back to
# SCHED_NORMAL (0), anything else is refused.
worker_fifo_check() {
	knob=/sys/kernel/debug/pmdi/worker_fifo
	p0=$(worker_policy)
	echo 1 > $knob
	p1=$(worker_policy) k1=$(cat $knob)
	echo 0 > $knob
	p2=$(worker_policy)
	if echo 2 > $knob 2>/dev/null; then bad=accepted; else bad=refused; fi
	if [ "$p0/$p1/$k1/$p2/$bad" = "0/1/1/0/refused" ]; then
		pass mailbox-worker-fifo "policy $p0, after 1: $p1, after 0: $p2; 2 refused"
	else
		fail mailbox-worker-fifo "policy/after 1/knob/after 0/2: $p0/$p1/$k1/$p2/$bad"
	fi
}

# The AP's NIC (board.sh: MAC 52:54:00:50:4d:41, never configured by Linux).
AP_MAC=52:54:00:50:4d:41
ap_nic() {
	for d in /sys/class/net/*; do
		[ "$(cat "$d/address" 2>/dev/null)" = $AP_MAC ] && { echo "${d##*/}"; return 0; }
	done
	return 1
}

tests_badreq() {
	nic=$(ap_nic)
	nic_flags=$(cat /sys/class/net/$nic/flags 2>/dev/null)
	# workload_arg=1: the AP asks the host to switch its link (set_link) for
	# the SEND-on-a-down-link check and the link events
	if ! load_ap mailbox-badreq-load 1 workload=badreq workload_arg=1; then
		return
	fi
	if grep -q "class=3 .*mac=$AP_MAC rx_pool=64" /sys/kernel/debug/pmdi/devices; then
		pass mailbox-net-device "$(grep 'class=3' /sys/kernel/debug/pmdi/devices)"
	else
		fail mailbox-net-device "no NET device with $AP_MAC ($nic): $(tr '\n' '|' < /sys/kernel/debug/pmdi/devices)"
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
	netst=/sys/kernel/debug/pmdi/net
	if [ "$(sed -n 's/^rx_frames: //p' $netst)" -ge 1 ] && [ "$(sed -n 's/^tx_frames: //p' $netst)" -ge 1 ] &&
	   [ "$(sed -n 's/^tx_link_down: //p' $netst)" -ge 1 ] && grep -q '^link: up' $netst &&
	   [ "$(sed -n 's/^link_events: //p' $netst)" -ge 3 ] && grep -q '^pool_full: [1-9]' $netst; then
		pass mailbox-net-counters "$(tr '\n' ' ' < $netst)"
	else
		fail mailbox-net-counters "$(tr '\n' ' ' < $netst)"
	fi
	unload_ap mailbox-badreq-unload 1
	# The receive buffers still waiting failed at unload; every request answered;
	# the NIC is back as it was found.
	closed=$(echo "$MSGS" | sed -n 's/^.*mailbox closed: \([0-9]*\) requests, \([0-9]*\) completed, \([0-9]*\) failed at unload.*/\1 \2 \3/p')
	set -- $closed
	if [ -n "$closed" ] && [ "$1" = "$2" ] && [ "$3" -ge 60 ] &&
	   [ "$(cat /sys/class/net/$nic/flags)" = "$nic_flags" ] &&
	   echo "$MSGS" | grep -q "$nic given back to Linux as found"; then
		pass mailbox-net-unload "$1 requests, $2 completed, $3 failed at unload (waiting receive buffers); $nic flags $nic_flags as before"
	else
		fail mailbox-net-unload "closed='$closed' flags $(cat /sys/class/net/$nic/flags) (before $nic_flags): $(echo "$MSGS" | grep pmdi | tail -n 4 | tr '\n' '|')"
	fi
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
	tests_rng
	tests_burst_unload
	tests_flight
}

# ---- ./pmdi bench interface: pmdi vs dd, interleaved in one AP session ----
# The AP (workload=bench, interleaved mode) measures its round trips, then
# reads the same bytes from the same offsets of vda as dd does, one run each
# time we say go (an NMI through debugfs). Per pair the order alternates
# (pmdi, dd), (dd, pmdi), ... so that drift of the emulator's speed hits both
# alike; the AP holds cpu1 (idle in hlt) during dd too, so Linux has the same
# one CPU in both. Marks go to the kernel log (the host times them with its
# timestamps), with cpu0's busy time over each run. The zero-copy session's
# trace (tracing on, read from trace_pipe as a viewer would) is handed to the
# host for the per-request overhead.
BENCH_DBG=/sys/kernel/debug/pmdi

# bench_arg NAME DEFAULT: pmdibench.NAME=VALUE from the kernel command line.
bench_arg() { cmdline_param "pmdibench.$1" "$2"; }

# kmsg_wait PATTERN SECONDS: wait for a kernel message without polling (grep
# sleeps in /dev/kmsg's read: no process starts every 0.1 s on the one CPU
# Linux has while something is measured).
kmsg_wait() {
	read -r up _ < /proc/uptime
	kw_end=$((${up%.*} + $2))
	while :; do
		timeout "$2" grep -q -e "$1" /dev/kmsg 2>/dev/null && return 0
		# read failed (the ring overran us) or timed out: look once more
		dmesg | grep -q -e "$1" && return 0
		read -r up _ < /proc/uptime
		[ "${up%.*}" -lt "$kw_end" ] || return 1
		sleep 0.1
	done
}

# The pmdi threads (dispatcher: worker, doorbell thread if any; tracing: drain).
bench_threads() {
	BENCH_DISP="" BENCH_DRAIN=""
	for d in /proc/[0-9]*; do
		read -r comm < "$d/comm" 2>/dev/null || continue
		case $comm in
		*pmdi-drain*) BENCH_DRAIN="$BENCH_DRAIN ${d#/proc/}" ;;
		*pmdi*) BENCH_DISP="$BENCH_DISP ${d#/proc/}" ;;
		esac
	done
}

# threads_ns PIDS: their time on CPU (ns) in TN, how long they waited to run
# once woken (ns) in TW, how many times they ran in TS (schedstat; no subshell)
threads_ns() {
	TN=0 TW=0 TS=0
	for pid in $1; do
		read -r ns wt sl < "/proc/$pid/schedstat" 2>/dev/null &&
			TN=$((TN + ns)) TW=$((TW + wt)) TS=$((TS + sl))
	done
}

# cpu_sample: the time (10 ms units) since boot and cpu0's idle time (idle +
# iowait of /proc/stat: both from the idle code's own clock, so that busy =
# wall - idle counts interrupts too; the tick-sampled user/system/irq split
# is not used: under TCG ticks go missing); the pmdi threads' ns on CPU.
cpu_sample() {
	read -r up _ < /proc/uptime
	while read -r cn cu cni csy cid cio _; do
		[ "$cn" = cpu0 ] && break
	done < /proc/stat
	CS_WALL=${up%.*}${up#*.} CS_IDLE=$((cid + cio))
	threads_ns "$BENCH_DISP"
	CS_DISP=$TN CS_DISPRUNS=$TS CS_DISPWAIT=$TW
	threads_ns "$BENCH_DRAIN"
	CS_DRAIN=$TN CS_DRAINRUNS=$TS
	threads_ns "$BENCH_CAT"
	CS_CAT=$TN
}

# cpu_mark KIND ID: the deltas since the caller's cpu_sample.
cpu_mark() {
	w=$CS_WALL i=$CS_IDLE dsp=$CS_DISP drn=$CS_DRAIN rdr=$CS_CAT
	dspr=$CS_DISPRUNS drnr=$CS_DRAINRUNS dspw=$CS_DISPWAIT
	cpu_sample
	echo "pmdi-bench: cpu session=$BENCH_SES kind=$1 id=$2 wall_cs=$((CS_WALL - w)) idle_cs=$((CS_IDLE - i)) dispatcher_ns=$((CS_DISP - dsp)) drain_ns=$((CS_DRAIN - drn)) reader_ns=$((CS_CAT - rdr)) dispatcher_runs=$((CS_DISPRUNS - dspr)) dispatcher_wait_ns=$((CS_DISPWAIT - dspw)) drain_runs=$((CS_DRAINRUNS - drnr))" > /dev/kmsg
}

# bench_dd ID BS QD BYTES: QD dd readers, O_DIRECT, reader j on the j-th
# QD-th of [0, BYTES): what the AP's run ID reads.
bench_dd() {
	id=$1 bs=$2 qd=$3 bytes=$4
	count=$((bytes / qd / bs))
	pids=""
	cpu_sample
	echo "pmdi-bench: dd_begin session=$BENCH_SES id=$id bs=$bs qd=$qd bytes=$bytes" > /dev/kmsg
	j=0
	while [ $j -lt "$qd" ]; do
		dd if=/dev/vda of=/dev/null bs="$bs" count="$count" skip=$((j * count)) iflag=direct 2>/dev/null &
		pids="$pids $!"
		j=$((j + 1))
	done
	st=0
	for pid in $pids; do
		wait "$pid" || st=1
	done
	echo "pmdi-bench: dd_end session=$BENCH_SES id=$id bs=$bs qd=$qd bytes=$bytes status=$st" > /dev/kmsg
	cpu_mark dd "$id"
}

# bench_ap ID: the AP's run ID (it knows which); false if it never ended or
# failed (the AP stops there).
bench_ap() {
	cpu_sample
	echo 1 > $BENCH_DBG/nmi
	kmsg_wait "pmdi-ap: bench: run_end session=$BENCH_SES id=$1 " 300 || return 1
	cpu_mark ap "$1"
	dmesg | grep "pmdi-ap: bench: run_end session=$BENCH_SES id=$1 " | grep -q 'status=0$'
}

# bench_knobs: the mailbox's debugfs knobs of pmdibench.knobs=NAME:VALUE,...,
# set in every session right after its insmod.
bench_knobs() {
	for kv in $(bench_arg knobs "" | tr , ' '); do
		echo "${kv#*:}" > "$BENCH_DBG/${kv%%:*}" || echo "PMDI-BENCH error knob $kv"
	done
}

# bench_session NAME TRACE_OUT PAIRS MODULE_ARGS...: one AP session.
BENCH_SES=0
bench_session() {
	name=$1 out=$2 pairs=$3
	shift 3
	BENCH_SES=$((BENCH_SES + 1))
	# the AP counts in 4 MiB units
	arg=$(((1 << 31) | pairs | (BENCH_MIB_4K / 4 << 8) | (BENCH_MIB_64K / 4 << 16) | (BENCH_MIB_QD8 / 4 << 24)))
	dmesg -c >> $LOG
	if ! insmod $MOD workload=bench workload_arg=$arg workload_seed=$BENCH_SES trace_tty= "$@"; then
		echo "PMDI-BENCH error insmod $*"
		return 1
	fi
	bench_knobs
	echo "pmdi-bench: session $name session=$BENCH_SES pairs=$pairs knobs=$(bench_arg knobs none)" > /dev/kmsg
	BENCH_CAT=""
	if [ "$out" != - ]; then	# -: tracing, nobody reading trace_pipe
		cat $BENCH_DBG/trace_pipe > "$out" &
		BENCH_CAT=$!
	fi
	bench_threads
	ok=0
	if kmsg_wait "pmdi-ap: bench: interleave_ready session=$BENCH_SES " 600; then
		# what starting the dd readers costs (they read nothing): part of dd's times
		for k in 1 2 3; do
			bench_dd 0 65536 1 0
			bench_dd 0 65536 8 0
		done
		ok=1 p=1 id=0
		while [ $p -le "$pairs" ] && [ $ok = 1 ]; do
			for c in 4096:1:$BENCH_MIB_4K 65536:1:$BENCH_MIB_64K 65536:8:$BENCH_MIB_QD8; do
				bs=${c%%:*} qd=${c#*:} mib=${c##*:}
				qd=${qd%%:*}
				[ "$mib" -gt 0 ] || continue
				id=$((id + 1))
				if [ $((p % 2)) = 1 ]; then
					bench_ap $id || { ok=0; break; }
					bench_dd $id "$bs" "$qd" $((mib << 20))
				else
					bench_dd $id "$bs" "$qd" $((mib << 20))
					bench_ap $id || { ok=0; break; }
				fi
			done
			p=$((p + 1))
		done
		kmsg_wait "pmdi-ap: bench: done session=$BENCH_SES\$" 60
	fi
	[ $ok = 1 ] || echo "PMDI-BENCH error session $name: an AP run failed or never ended"
	echo "pmdi-bench: trace_reader session=$BENCH_SES $(sed -n 's/^reader debugfs: //p' $STATUS | head -n 1)" > /dev/kmsg
	echo "pmdi-bench: trace_drain session=$BENCH_SES $(sed -n 's/^trace_drain: //p' $STATUS | head -n 1)" > /dev/kmsg
	echo "pmdi-bench: mailbox session=$BENCH_SES $(grep -E '^(requests|completed|credit_stalls|doorbell_irqs):' $MBOX | tr '\n' ' ')" > /dev/kmsg
	echo 0 > $BENCH_DBG/tracing
	[ -n "$BENCH_CAT" ] && wait $BENCH_CAT
	BENCH_CAT=""
	rmmod pmdi_dispatcher
	dmesg -c >> $LOG
}

# completion doorbells Linux sent and suppressed so far, in CDB_SENT CDB_SUPP
cpl_doorbells() {
	set -- $(sed -n 's/^completion_doorbells: \([0-9]*\) sent, \([0-9]*\) suppressed/\1 \2/p' $MBOX)
	CDB_SENT=${1:-0} CDB_SUPP=${2:-0}
}

# irq_counts: cpu0's interrupts and softirqs that say how often Linux's CPU is
# interrupted (local timer, rescheduling, function-call and irq_work IPIs; the
# timer, hrtimer, scheduler and RCU softirqs) as NAME=COUNT words.
irq_counts() {
	awk 'FNR == 1 { f++ }
		f == 1 && $1 ~ /^(LOC|RES|CAL|IWI):$/ { sub(":", "", $1); printf "%s=%s ", $1, $2 }
		f == 2 && $1 ~ /^(TIMER|HRTIMER|SCHED|RCU):$/ { sub(":", "", $1); printf "%s=%s ", $1, $2 }' \
		/proc/interrupts /proc/softirqs
}

# irq_delta BEFORE AFTER: irq_counts AFTER - BEFORE as irq_name=N words.
irq_delta() {
	echo "$1|$2" | awk -F'|' '{
		n = split($1, a, " "); split($2, b, " ")
		for (i = 1; i <= n; i++) { split(a[i], x, "="); split(b[i], y, "="); printf "irq_%s=%d ", tolower(x[1]), y[2] - x[2] }
	}'
}

# bench_poll_session BUDGETS PAIRS KNOB: the poll A/B (pmdibench.polls): the AP
# polls its rings for a budget (us; BUDGETS comma-separated, written to
# debugfs KNOB, ap_poll_us unless pmdibench.pollknob names another of the
# mailbox's knobs, before each run) before it sleeps, block reads at queue
# depth 1, 4 KiB and 64 KiB. Per pair each budget runs once, in an order
# rotated pair by pair, and dd once per case, before the AP's runs in odd
# pairs and after them in even ones. Tracing on, trace_pipe read (with KNOB
# tracing, cat ends at the first 0: the traced runs after it are not read).
bench_poll_session() {
	# (bench_dd sets id, bs, qd, count, pids, j and st: not used here)
	budgets=$(echo "$1" | tr , ' ') pairs=$2 knob=$3
	nb=$(echo $budgets | wc -w)
	BENCH_SES=$((BENCH_SES + 1))
	arg=$(((1 << 31) | (pairs * nb) | (BENCH_MIB_4K / 4 << 8) | (BENCH_MIB_64K / 4 << 16)))
	dmesg -c >> $LOG
	if [ $((pairs * nb)) -gt 255 ] || ! insmod $MOD workload=bench workload_arg=$arg workload_seed=$BENCH_SES trace_tty=; then
		echo "PMDI-BENCH error poll session: $pairs pairs x $nb budgets"
		return 1
	fi
	bench_knobs
	echo "pmdi-bench: session poll session=$BENCH_SES pairs=$pairs knob=$knob budgets=$1" > /dev/kmsg
	cat $BENCH_DBG/trace_pipe > /dev/null &
	BENCH_CAT=$!
	bench_threads
	ok=0
	if kmsg_wait "pmdi-ap: bench: interleave_ready session=$BENCH_SES " 600; then
		for k in 1 2 3; do
			bench_dd 0 65536 1 0
		done
		ok=1 p=1 prun=0
		while [ $p -le "$pairs" ] && [ $ok = 1 ]; do
			[ $((p % 2)) = 1 ] && for c in 4096:$BENCH_MIB_4K 65536:$BENCH_MIB_64K; do
				bench_dd $((10000 + p)) "${c%%:*}" 1 $((${c##*:} << 20))
			done
			# budgets in the order rotated by p - 1
			order="" k=0
			for b in $budgets $budgets; do
				k=$((k + 1))
				[ $k -gt $(((p - 1) % nb)) ] && [ $k -le $(((p - 1) % nb + nb)) ] && order="$order $b"
			done
			for b in $order; do
				echo "$b" > "$BENCH_DBG/$knob"
				for c in 4096 65536; do
					prun=$((prun + 1))
					cpl_doorbells
					s0=$CDB_SENT u0=$CDB_SUPP i0=$(irq_counts)
					bench_ap $prun || { ok=0; break; }
					cpl_doorbells
					i1=$(irq_counts)
					echo "pmdi-bench: poll_run session=$BENCH_SES id=$prun pair=$p bs=$c poll_us=$b cpl_doorbells_sent=$((CDB_SENT - s0)) cpl_doorbells_suppressed=$((CDB_SUPP - u0)) $(irq_delta "$i0" "$i1")" > /dev/kmsg
				done
				[ $ok = 1 ] || break
			done
			[ $ok = 1 ] && [ $((p % 2)) = 0 ] && for c in 4096:$BENCH_MIB_4K 65536:$BENCH_MIB_64K; do
				bench_dd $((10000 + p)) "${c%%:*}" 1 $((${c##*:} << 20))
			done
			p=$((p + 1))
		done
		kmsg_wait "pmdi-ap: bench: done session=$BENCH_SES\$" 60
	fi
	[ $ok = 1 ] || echo "PMDI-BENCH error session poll: an AP run failed or never ended"
	echo 0 > $BENCH_DBG/tracing
	wait $BENCH_CAT
	BENCH_CAT=""
	rmmod pmdi_dispatcher
	dmesg -c >> $LOG
}

# bench_hand_over FILE: serve FILE once on the trace NIC's port 4556 (the
# host's DEBUGFS_TCP forward) and ask the host to fetch it.
bench_hand_over() {
	dev=""
	for d in /sys/class/net/*; do
		[ "$(cat "$d/address" 2>/dev/null)" = 52:54:00:50:4d:44 ] && dev=${d##*/}
	done
	if [ -z "$dev" ]; then
		echo "PMDI-BENCH error no trace NIC to hand the trace over"
		return 1
	fi
	ip link set "$dev" up
	ip addr add 10.0.3.15/24 dev "$dev" 2>/dev/null
	nc -l -p 4556 -e cat "$1" < /dev/null > /dev/null 2>&1 &
	ncpid=$!
	sleep 1
	host_request "fetch-trace $(wc -c < "$1")"
	n=0
	while kill -0 $ncpid 2>/dev/null && [ $n -lt 1800 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	kill $ncpid 2>/dev/null
}

tests_bench() {
	# MiB per run (multiples of 4), per case
	BENCH_MIB_4K=$(bench_arg mib4k 24) BENCH_MIB_64K=$(bench_arg mib64k 256)
	BENCH_MIB_QD8=$(bench_arg mibqd8 256)
	pairs=$(bench_arg pairs 5) bounce_pairs=$(bench_arg bouncepairs 3)
	untraced_pairs=$(bench_arg untracedpairs 0) unread_pairs=$(bench_arg unreadpairs 0)
	bench_session zerocopy /tmp/bench.pmdt "$pairs"
	[ "$bounce_pairs" -gt 0 ] && bench_session bounce /dev/null "$bounce_pairs" bounce=1
	# what tracing costs the block path (throughput only: no trace to analyse)
	[ "$untraced_pairs" -gt 0 ] && bench_session untraced /dev/null "$untraced_pairs" trace=0
	# ... and what reading it costs: tracing on, trace_pipe not read
	[ "$unread_pairs" -gt 0 ] && bench_session unread - "$unread_pairs"
	# the AP polling its rings before it sleeps, budgets against each other
	polls=$(bench_arg polls "")
	[ -n "$polls" ] && bench_poll_session "$polls" "$(bench_arg pollpairs 5)" "$(bench_arg pollknob ap_poll_us)"
	bench_hand_over /tmp/bench.pmdt
	pass bench-finished "results are in the kernel log (pmdi-bench and pmdi-ap: bench lines)"
}

# ap_bench TAG MODULE_ARGS...: one AP session of workload=bench (bench trace).
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

