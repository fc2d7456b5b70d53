# Guest side of the network echo test (sourced by guest-tests.sh, group "net").
# The AP kernel (workload=net) answers ARP, ICMP echo and UDP echo on its own
# NIC, driven by Linux's virtio_net through the module. The host
# (qemu-board/tests/net-echo.sh) sends thousands of datagrams to AP_UDP when
# asked (PMDI-HOST-REQUEST udp-echo), then takes the AP's link down through
# the QEMU monitor (set_link): the carrier drop tells this side the host run
# is over. The module's net counters before and after go to the host
# (PMDI-NET-STATS lines), which compares its losses with the drops. Then
# once more with the AP in rx-starved mode (tests_net_starved).
# Both runs are also traced: trace_pipe saved from the load to the host run's
# end, its NET_FRAME records checked (net_trace_check).

NETDBG=/sys/kernel/debug/pmdi/net
NETTRACE=/tmp/net-echo.pmdt
NET_TP=""
# udp-echo-check's seed (tests/net-echo.sh, PMDI_NET_ECHO_SEED): the datagrams' bytes
NET_ECHO_SEED=2026
AP_MAC=52:54:00:50:4d:41

ap_nic() {
	for d in /sys/class/net/*; do
		if [ "$(cat "$d/address" 2>/dev/null)" = $AP_MAC ]; then
			echo "${d##*/}"
			return
		fi
	done
}

# net_stats WHEN: the module's net counters on one line for the host, with the
# AP's own malformed count (its last "net: frames in" line)
net_stats() {
	MSGS="$MSGS
$(newmsgs)"
	echo "PMDI-NET-STATS $1 $(tr '\n' ' ' < $NETDBG 2>/dev/null | sed 's/: /=/g') ap_malformed=$(echo "$MSGS" | grep 'pmdi-ap: net: frames in' | tail -n 1 | sed -n 's/.*malformed \([0-9]*\),.*/\1/p')"
}

# wait_carrier NIC 0|1 TENTHS
wait_carrier() {
	n=0
	while [ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" != "$2" ]; do
		[ $n -ge "$3" ] && return 1
		sleep 0.1
		n=$((n + 1))
	done
}

# net_kv LINE KEY: the value of KEY=value in LINE
net_kv() {
	printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1
}

# net_trace_start: trace_pipe into NETTRACE from now on (the AP is loaded)
net_trace_start() {
	cat /sys/kernel/debug/pmdi/trace_pipe > $NETTRACE &
	NET_TP=$!
}

# net_trace_stop: no check (the run went wrong); the module can unload
net_trace_stop() {
	[ -n "$NET_TP" ] || return 0
	kill "$NET_TP"
	wait "$NET_TP"
	NET_TP=""
}

# net_trace_check TAG: the trace, recorded since the load (the
# link is down: no frame moves). NET_FRAME records for tx and rx; as many as
# the module's counters say when the trace lost nothing; every captured UDP
# echo frame's payload is the datagram the host sent.
net_trace_check() {
	tag=$1
	echo 0 > /sys/kernel/debug/pmdi/tracing	# flushes; trace_pipe ends
	wait "$NET_TP"
	NET_TP=""
	echo 1 > /sys/kernel/debug/pmdi/tracing
	t0=$(date +%s)
	r=$(pmdi-netframes $NETTRACE $NET_ECHO_SEED)
	t1=$(date +%s)
	st=$(tr '\n' ' ' < $NETDBG | sed 's/: /=/g')
	tx=$(net_kv "$r" tx); rx=$(net_kv "$r" rx); dr=$(net_kv "$r" rx_drop)
	want_tx=$(($(net_kv "$st" tx_frames) + $(net_kv "$st" tx_errors)))
	want_rx=$(net_kv "$st" rx_frames); want_dr=$(net_kv "$st" rx_drops)
	lost=$(($(net_kv "$r" corrupt) + $(net_kv "$r" rest_lost) + $(net_kv "$r" seq_gaps) + $(net_kv "$r" lost_in_ring)))
	size=$(wc -c < $NETTRACE)
	if [ "${tx:-0}" -gt 0 ] && [ "${rx:-0}" -gt 0 ]; then
		pass "net$tag-trace-frames" "$size bytes of trace, decoded in $((t1 - t0)) s: ${r#netframes: }"
	else
		fail "net$tag-trace-frames" "no NET_FRAME for tx or rx in $size bytes: $r"
	fi
	if [ "$lost" != 0 ]; then
		pass "net$tag-trace-frame-counts" "not compared: the trace lost $lost (module: tx $want_tx rx $want_rx drops $want_dr; trace: $tx $rx $dr)"
	elif [ "$tx" = "$want_tx" ] && [ "$rx" = "$want_rx" ] && [ "$dr" = "$want_dr" ]; then
		pass "net$tag-trace-frame-counts" "nothing lost; NET_FRAME tx $tx = tx_frames + tx_errors, rx $rx = rx_frames, dropped $dr = rx_drops"
	else
		fail "net$tag-trace-frame-counts" "nothing lost, but NET_FRAME tx $tx rx $rx dropped $dr, module tx_frames + tx_errors $want_tx rx_frames $want_rx rx_drops $want_dr"
	fi
	if [ "$(net_kv "$r" udp_checked)" -gt 0 ] && [ "$(net_kv "$r" udp_bad)" = 0 ]; then
		pass "net$tag-trace-frame-bytes" "$(net_kv "$r" udp_checked) UDP echo frames: the captured payload is the host's datagram (first rx $(net_kv "$r" first_rx))"
	else
		fail "net$tag-trace-frame-bytes" "$r"
	fi
	rm -f $NETTRACE
}

# net_host_run TAG REQUEST: stats, the host's run (REQUEST), its end seen as
# the carrier dropping, the link events both ways; TAG marks the lines.
net_host_run() {
	tag=$1
	net_stats "before$tag"
	echo "PMDI-HOST-REQUEST $2"
	# the host's run is bounded (udp-echo-check -T); then it takes the link down
	if wait_carrier "$nic" 0 4000; then
		pass "net$tag-host-run-finished" "the host took $nic's link down after its run"
	else
		fail "net$tag-host-run-finished" "$nic still has carrier: the host never finished"
	fi
	net_stats "after$tag"
	[ -n "$NET_TP" ] && net_trace_check "$tag"
	if wait_ap_line 'net: link down' 100; then
		pass "net$tag-link-down-event" "$(ap_line 'net: link down')"
	else
		fail "net$tag-link-down-event" "the AP saw no link-down event: $(grep '^link' $NETDBG | tr '\n' '|')"
	fi
	MSGS=""
	echo "PMDI-HOST-REQUEST link-up-ap"
	if wait_carrier "$nic" 1 300 && wait_ap_line 'net: link up' 100; then
		pass "net$tag-link-up-event" "$(ap_line 'net: link up')"
	else
		fail "net$tag-link-up-event" "carrier $(cat "/sys/class/net/$nic/carrier" 2>&1), AP: $(ap_line 'net: link')"
	fi
}

tests_net() {
	nic=$(ap_nic)
	if [ -z "$nic" ]; then
		fail net-nic "no NIC with the AP's MAC $AP_MAC"
		return
	fi
	if [ "$(cat "/proc/sys/net/ipv6/conf/$nic/disable_ipv6")" = 1 ] &&
	   [ -z "$(ip -4 addr show dev "$nic" 2>/dev/null | grep inet)" ]; then
		pass net-nic-untouched "$nic: no IPv4 address, IPv6 disabled"
	else
		fail net-nic-untouched "$nic: $(ip addr show dev "$nic" 2>&1 | tr '\n' '|')"
	fi
	if ! load_ap net-load 1 workload=net workload_arg=0; then
		return
	fi
	net_trace_start
	if ! wait_ap_line 'net: ping 10.0.2.2 \(ok\|FAILED\)' 300; then
		fail net-gateway-ping "no ping line from the AP: $(echo "$MSGS" | grep pmdi | tail -n 4 | tr '\n' '|')"
	elif echo "$MSGS" | grep -q 'pmdi-ap: net: ping 10.0.2.2 ok'; then
		pass net-gateway-ping "$(ap_line 'net: ping')"
	else
		fail net-gateway-ping "$(ap_line 'net: ping')"
	fi
	if ! wait_ap_line 'net: serving' 100; then
		fail net-serving "the AP never started its echo service: $(echo "$MSGS" | grep pmdi | tail -n 4 | tr '\n' '|')"
		net_trace_stop
		unload_ap net-unload 1
		return
	fi
	net_host_run "" udp-echo
	unload_ap net-unload 1
	tests_net_starved
}

# The AP stops re-posting receive buffers for 5 s (workload_arg bits 16-23),
# 1 s after its gateway ping (bits 24-31), while the host sends: the pool
# runs dry, Linux drops and counts, the host retransmits until the AP posts
# again. The host checks its losses against the drops (net-echo.sh).
tests_net_starved() {
	if ! load_ap net-starved-load 1 workload=net workload_arg=$(((1 << 24) | (5 << 16))); then
		return
	fi
	net_trace_start
	if ! wait_ap_line 'net: rx-starved: posting no receive buffer' 300; then
		fail net-starved-start "the AP never started starving: $(echo "$MSGS" | grep pmdi-ap | tail -n 3 | tr '\n' '|')"
		net_trace_stop
		unload_ap net-starved-unload 1
		return
	fi
	pass net-starved-start "$(ap_line 'rx-starved: posting no')"
	net_host_run -starved udp-echo-starved
	newmsgs > /dev/null
	if grep -q 'pmdi-ap: net: rx-starved: posting receive buffers again' $LOG; then
		pass net-starved-resumed "the AP posts receive buffers again"
	else
		fail net-starved-resumed "no 'posting receive buffers again' line from the AP"
	fi
	unload_ap net-starved-unload 1
}
