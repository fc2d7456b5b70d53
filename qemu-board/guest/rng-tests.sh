# Guest side of the RNG device checks (sourced by guest-tests.sh; part of
# the mailbox boot). The AP (workload=rng, ap-kernel-traced/rng.c) reads
# entropy that Linux's virtio-rng driver produced: /dev/hwrng -> the feeder
# (pmdi-rngfeed, started by init) -> /sys/devices/platform/pmdi/rng_feed ->
# the module's pool.
#
#   rng-device     the table has it: hwrng, driver = Linux's current hwrng
#   rng-checks     READs of 1..max_len bytes exactly their length, bytes not
#                  constant, two reads differ, 0 and max_len + 1 refused
#                  BAD_LENGTH, the AP's generator seeded (the AP's verdict)
#   rng-reads-wait the feeder stopped: READs wait in the module (debugfs)
#   rng-waiters-served  the feeder restarted: the waiting READs complete
#   rng-unload-waiting  rmmod with READs waiting: they fail -ESHUTDOWN, as
#                  many as debugfs showed waiting; the CPU comes back
#   rng-feeder-survives the feeder outlives the module and feeds the next one

RNG=/sys/kernel/debug/pmdi/rng

rng_feeder() { cat /run/pmdi-rngfeed.pid 2>/dev/null; }
rng_field() { sed -n "s/^$1: \([0-9]*\).*/\1/p" $RNG 2>/dev/null; }

tests_rng() {
	feeder=$(rng_feeder)
	if [ -z "$feeder" ] || ! kill -0 "$feeder" 2>/dev/null; then
		fail rng-feeder "pmdi-rngfeed is not running (pid '$feeder')"
		return
	fi
	if ! load_ap rng-load 1 workload=rng; then
		return
	fi
	if ! wait_ap_line 'rng: checks \(PASS\|FAIL\)' 600; then
		fail rng-checks "no verdict from the AP: $(echo "$MSGS" | grep 'pmdi-ap: rng' | tail -n 4 | tr '\n' '|') rng: $(tr '\n' '|' < $RNG)"
		kill -CONT "$feeder"
		unload_ap rng-unload 1
		return
	fi
	cur=$(cat /sys/class/misc/hw_random/rng_current)
	if echo "$MSGS" | grep -q "pmdi-ap: rng: device [0-9]* hwrng ($cur), reads of up to 4096 bytes"; then
		pass rng-device "$(ap_line 'rng: device') (Linux's rng_current: $cur)"
	else
		fail rng-device "$(ap_line 'rng: device'), rng_current '$cur'"
	fi
	if echo "$MSGS" | grep -q 'pmdi-ap: rng: checks PASS'; then
		pass rng-checks "$(ap_line 'rng: checks'): $(echo "$MSGS" | grep 'pmdi-ap: rng: [0-9]* \(reads of\|bytes:\)' | sed 's/^.*pmdi-ap: rng: //' | tr '\n' ';')"
	else
		fail rng-checks "$(echo "$MSGS" | grep 'pmdi-ap: rng: ' | grep -v ': ok$' | sed 's/^.*pmdi-ap: //' | tail -n 6 | tr '\n' '|')"
		unload_ap rng-unload 1
		return
	fi

	# Starve: stop the feeder while the AP reads back to back.
	wait_ap_line 'rng: starve:' 100
	kill -STOP "$feeder"
	if wait_ap_line 'rng: waiting: ' 600; then
		w=$(rng_field waiting_reads) pool=$(rng_field pool)
		if [ "${w:-0}" -ge 1 ] && [ "${pool:-99999}" -lt 4096 ]; then
			pass rng-reads-wait "$(ap_line 'rng: waiting: '); debugfs: $w reads waiting, $pool bytes in the pool"
		else
			fail rng-reads-wait "debugfs: waiting_reads '$w', pool '$pool': $(tr '\n' '|' < $RNG)"
		fi
	else
		fail rng-reads-wait "no read waited: $(echo "$MSGS" | grep 'pmdi-ap: rng' | tail -n 3 | tr '\n' '|') rng: $(tr '\n' '|' < $RNG)"
	fi
	sleep 1
	kill -CONT "$feeder"
	if wait_ap_line 'rng: waited reads completed: .*: \(ok\|FAIL\)' 300 &&
	   echo "$MSGS" | grep -q 'pmdi-ap: rng: waited reads completed: [1-9][0-9]* reads .* 0 failed: ok'; then
		pass rng-waiters-served "$(ap_line 'rng: waited reads completed')"
	else
		fail rng-waiters-served "$(ap_line 'rng: wait') rng: $(tr '\n' '|' < $RNG)"
	fi

	# Unload with READs waiting.
	wait_ap_line 'rng: unload check:' 100
	kill -STOP "$feeder"
	if ! wait_ap_line 'rng: waiting again: ' 600; then
		fail rng-unload-waiting "no read waited again: $(ap_line 'rng: ') rng: $(tr '\n' '|' < $RNG)"
	fi
	w=$(rng_field waiting_reads)
	newmsgs > /dev/null
	if ! rmmod pmdi_dispatcher; then
		fail rng-unload-waiting "rmmod failed"
		kill -CONT "$feeder"
		return
	fi
	MSGS=$(newmsgs)
	closed=$(echo "$MSGS" | grep 'pmdi_dispatcher: rng: closed: ' | sed 's/^.*pmdi_dispatcher: //')
	n=$(echo "$closed" | sed -n 's/.* \([0-9]*\) waiting reads failed at unload.*/\1/p')
	mbox=$(echo "$MSGS" | grep 'mailbox closed' | sed 's/^.*pmdi_dispatcher: //')
	unl=$(echo "$mbox" | sed -n 's/.*, \([0-9]*\) failed at unload.*/\1/p')
	if [ "${w:-0}" -ge 1 ] && [ "$n" = "$w" ] && [ "${unl:-0}" -ge "$w" ] && runs_on 1; then
		pass rng-unload-waiting "$w reads waiting at rmmod; $closed; $mbox; cpu1 back"
	else
		fail rng-unload-waiting "debugfs waiting '$w', module: '$closed' / '$mbox', cpu1 $(online 1)"
	fi
	kill -CONT "$feeder"

	# The feeder lives on and feeds the next module: a fresh pool fills up.
	if kill -0 "$feeder" 2>/dev/null && load_ap rng-reload 1 workload=idle; then
		n=0
		while [ $n -lt 100 ] && [ "$(rng_field pool)" != 65536 ]; do
			sleep 0.1
			n=$((n + 1))
		done
		if [ "$(rng_field pool)" = 65536 ]; then
			pass rng-feeder-survives "same feeder (pid $feeder) filled the new module's pool: $(grep '^fed' $RNG)"
		else
			fail rng-feeder-survives "pool not filled: $(tr '\n' '|' < $RNG)"
		fi
		unload_ap rng-reload-unload 1
	else
		fail rng-feeder-survives "feeder pid $feeder gone or reload failed"
	fi
}

# ---- ./pmdi bench net, RNG part: hwrng bytes/s through pmdi vs dd ----
# One AP session (workload=rng, bench mode); per pair the order alternates
# (pmdi, dd), (dd, pmdi), ... Before every run the module's pool is full and
# the feeder asleep, so nothing else reads /dev/hwrng during a run. Marks go
# to the kernel log; the host times both from its timestamps.
rng_pool_full() {
	n=0
	while [ "$(rng_field pool)" != 65536 ] && [ $n -lt 600 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	# settle: the feeder is asleep in its write, the pool full
	sleep 1
}

tests_bench_net() {
	pairs=$(cmdline_param pmdibench.pairs 5) mib=$(cmdline_param pmdibench.rngmib 4)
	bytes=$((mib << 20))
	dmesg -c >> $LOG
	if ! insmod $MOD workload=rng workload_arg=$(((1 << 31) | mib)) trace_tty=; then
		echo "PMDI-BENCH error insmod"
		return
	fi
	if ! kmsg_wait 'pmdi-ap: rng: bench ready' 120; then
		echo "PMDI-BENCH error the AP never got ready"
		rmmod pmdi_dispatcher
		return
	fi
	rng_pool_full
	# what starting dd costs (it reads nothing): subtracted from dd's times
	for k in 1 2 3; do
		echo "pmdi-bench: rng_dd_begin id=0 bytes=0" > /dev/kmsg
		dd if=/dev/hwrng of=/dev/null bs=4096 count=0 2>/dev/null
		echo "pmdi-bench: rng_dd_end id=0 status=$?" > /dev/kmsg
	done
	ok=1 p=1
	while [ $p -le "$pairs" ] && [ $ok = 1 ]; do
		for who in ap dd; do
			[ $((p % 2)) = 0 ] && who=$([ $who = ap ] && echo dd || echo ap)
			rng_pool_full
			if [ $who = ap ]; then
				echo "pmdi-bench: rng_ap_begin id=$p bytes=$bytes" > /dev/kmsg
				echo 1 > $BENCH_DBG/nmi
				kmsg_wait "pmdi-ap: rng: bench run_end id=$p " 600 || { ok=0; break; }
			else
				echo "pmdi-bench: rng_dd_begin id=$p bytes=$bytes" > /dev/kmsg
				dd if=/dev/hwrng of=/dev/null bs=4096 count=$((bytes / 4096)) 2>/dev/null
				echo "pmdi-bench: rng_dd_end id=$p status=$?" > /dev/kmsg
			fi
		done
		p=$((p + 1))
	done
	[ $ok = 1 ] || echo "PMDI-BENCH error an AP run never ended"
	# the poll A/B (pmdibench.rngpolls, budgets in us): per pair every budget
	# once (debugfs ap_poll_us before the go), in an order rotated pair by
	# pair, and dd once, first in odd pairs and last in even ones
	polls=$(cmdline_param pmdibench.rngpolls "" | tr , ' ')
	nb=$(echo $polls | wc -w) apid=$pairs q=1
	while [ -n "$polls" ] && [ $q -le "$pairs" ] && [ $ok = 1 ]; do
		order="" k=0
		for b in $polls $polls; do
			k=$((k + 1))
			[ $k -gt $(((q - 1) % nb)) ] && [ $k -le $(((q - 1) % nb + nb)) ] && order="$order $b"
		done
		[ $((q % 2)) = 1 ] && order="dd $order" || order="$order dd"
		for b in $order; do
			rng_pool_full
			if [ $b = dd ]; then
				echo "pmdi-bench: rng_polldd_begin pair=$q bytes=$bytes" > /dev/kmsg
				dd if=/dev/hwrng of=/dev/null bs=4096 count=$((bytes / 4096)) 2>/dev/null
				echo "pmdi-bench: rng_polldd_end pair=$q status=$?" > /dev/kmsg
				continue
			fi
			echo "$b" > $BENCH_DBG/ap_poll_us
			apid=$((apid + 1))
			echo "pmdi-bench: rng_poll_begin id=$apid pair=$q poll_us=$b bytes=$bytes" > /dev/kmsg
			echo 1 > $BENCH_DBG/nmi
			kmsg_wait "pmdi-ap: rng: bench run_end id=$apid " 600 || { ok=0; break; }
		done
		q=$((q + 1))
	done
	[ $ok = 1 ] || echo "PMDI-BENCH error an AP run of the poll A/B never ended"
	echo "pmdi-bench: rng_counters $(tr '\n' ' ' < $RNG)" > /dev/kmsg
	rmmod pmdi_dispatcher
	dmesg -c >> $LOG
	bench_net_echo
	pass bench-finished "results are in the kernel log (pmdi-bench: rng_ and pmdi-ap: rng: bench lines) and on the host (UDP echo)"
}

# nic_by_mac MAC: the interface with that address
nic_by_mac() {
	for d in /sys/class/net/*; do
		[ "$(cat "$d/address" 2>/dev/null)" = "$1" ] && echo "${d##*/}"
	done
}

# The UDP echo part: Linux's own echo (pmdi-udpecho) on its own NIC, net0
# (MAC ...:4c, the host's LINUX_UDP forward), and the AP's (workload=net)
# when this build has one; the host measures both (scripts/bench-net.sh),
# then says it is done by connecting to the trace NIC's port 4556.
bench_net_echo() {
	dev=$(nic_by_mac 52:54:00:50:4d:4c) tdev=$(nic_by_mac 52:54:00:50:4d:44)
	if [ -z "$dev" ] || [ -z "$tdev" ]; then
		echo "PMDI-BENCH error no NIC for the echo (net0 '$dev', trace NIC '$tdev')"
		return
	fi
	ip link set "$dev" up
	ip addr add 10.0.2.15/24 dev "$dev"
	ip link set "$tdev" up
	ip addr add 10.0.3.15/24 dev "$tdev"
	pmdi-udpecho 7 &
	echopid=$!
	aploaded=0
	insmod $MOD workload=net trace_tty= 2>/dev/null && aploaded=1
	sleep 1
	echo "pmdi-bench: net_ready linux_echo=$dev ap_loaded=$aploaded" > /dev/kmsg
	# The host's commands, one connection each: "poll=US" sets how long the
	# AP polls its rings before it sleeps (its A/B, BENCH_POLL_US); anything
	# else, or nothing, says it is done.
	while :; do
		cmd=$(timeout 1200 nc -l -p 4556 < /dev/null 2>/dev/null) || [ -n "$cmd" ] || break
		case $cmd in
		poll=[0-9]*)
			echo "${cmd#poll=}" > /sys/kernel/debug/pmdi/ap_poll_us
			echo "pmdi-bench: net_poll_us=$(cat /sys/kernel/debug/pmdi/ap_poll_us) $(grep '^completion_doorbells:' $MBOX)" > /dev/kmsg
			;;
		*) break ;;
		esac
	done
	echo "pmdi-bench: net_done $([ $aploaded = 1 ] && grep '^completion_doorbells:' $MBOX)" > /dev/kmsg
	kill $echopid
	[ $aploaded = 1 ] && rmmod pmdi_dispatcher
	dmesg -c >> $LOG
}
