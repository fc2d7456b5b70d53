# Guest side of the network echo test (sourced by guest-tests.sh, group "net").
# The AP kernel (workload=net) answers ARP, ICMP echo and UDP echo on its own
# NIC, driven by Linux's virtio_net through the module. The host
# (qemu-board/tests/net-echo.sh) sends thousands of datagrams to AP_UDP when
# asked (PMDI-HOST-REQUEST udp-echo), then takes the AP's link down through
# the QEMU monitor (set_link): the carrier drop tells this side the host run
# is over. The module's net counters before and after go to the host
# (PMDI-NET-STATS lines), which compares its losses with the drops.

NETDBG=/sys/kernel/debug/pmdi/net
AP_MAC=52:54:00:50:4d:41

ap_nic() {
	for d in /sys/class/net/*; do
		if [ "$(cat "$d/address" 2>/dev/null)" = $AP_MAC ]; then
			echo "${d##*/}"
			return
		fi
	done
}

# net_stats WHEN: the module's net counters on one line for the host
net_stats() {
	echo "PMDI-NET-STATS $1 $(tr '\n' ' ' < $NETDBG 2>/dev/null | sed 's/: /=/g')"
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
	if ! wait_ap_line 'net: ping 10.0.2.2 \(ok\|FAILED\)' 300; then
		fail net-gateway-ping "no ping line from the AP: $(echo "$MSGS" | grep pmdi | tail -n 4 | tr '\n' '|')"
	elif echo "$MSGS" | grep -q 'pmdi-ap: net: ping 10.0.2.2 ok'; then
		pass net-gateway-ping "$(ap_line 'net: ping')"
	else
		fail net-gateway-ping "$(ap_line 'net: ping')"
	fi
	if ! wait_ap_line 'net: serving' 100; then
		fail net-serving "the AP never started its echo service: $(echo "$MSGS" | grep pmdi | tail -n 4 | tr '\n' '|')"
		unload_ap net-unload 1
		return
	fi
	net_stats before
	echo "PMDI-HOST-REQUEST udp-echo"
	# the host's run is bounded (udp-echo-check -T); then it takes the link down
	if wait_carrier "$nic" 0 4000; then
		pass net-host-run-finished "the host took $nic's link down after its run"
	else
		fail net-host-run-finished "$nic still has carrier: the host never finished"
	fi
	net_stats after
	if wait_ap_line 'net: link down' 100; then
		pass net-link-down-event "$(ap_line 'net: link down')"
	else
		fail net-link-down-event "the AP saw no link-down event: $(grep '^link' $NETDBG | tr '\n' '|')"
	fi
	echo "PMDI-HOST-REQUEST link-up"
	if wait_carrier "$nic" 1 300 && wait_ap_line 'net: link up' 100; then
		pass net-link-up-event "$(ap_line 'net: link up')"
	else
		fail net-link-up-event "carrier $(cat "/sys/class/net/$nic/carrier" 2>&1), AP: $(ap_line 'net: link')"
	fi
	unload_ap net-unload 1
	MSGS="$MSGS
$(newmsgs)"
	# the AP's counters went to its console before the unload stopped it, if it printed them
	echo "$MSGS" | grep 'pmdi-ap: net: frames in' | tail -n 1 | sed 's/^.*pmdi-ap: /PMDI-NET-AP /'
}
