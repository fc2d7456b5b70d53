# shellcheck shell=bash
# The net boot's host side (sourced by run.sh; guest side: guest/net-tests.sh).
# When the guest asks (PMDI-HOST-REQUEST udp-echo), udp-echo-check sends
# PMDI_NET_ECHO_N datagrams (default 5000, 1 to 1472 bytes) to the AP's UDP
# echo through AP_UDP, with a window of PMDI_NET_ECHO_WINDOW (default 8) and
# retransmission, bounded by PMDI_NET_ECHO_LIMIT seconds; then the monitor
# takes the AP's link down (set_link apnet off), which tells the guest the run
# is over and makes Linux post a link event; "link-up" puts it back.
# Then the same with the AP reloaded in rx-starved mode (udp-echo-starved:
# 3000 datagrams, window 16, up to 60 sends each): the AP posts no receive
# buffer for 5 s, so the module must count drops and the host must recover
# every datagram by retransmission.
#
# Losses. udp-echo-check counts copies_lost = sends - echoes received (after
# a drain for late duplicates): each is a datagram or its echo that vanished.
# The module counts (debugfs net, before and after the run, from the guest)
# rx_drops (a frame found no receive buffer of the AP), rx_frames (frames
# handed to the AP), tx_errors (SENDs the driver refused); the AP counts the
# frames it found malformed. A datagram can only vanish
#   - before reaching the NIC (slirp did not forward it): at least
#     sends - (rx_frames + rx_drops) of them, since every datagram that
#     reached the NIC is one of those frames (they also count ARP frames, so
#     this undercounts and the rule below is, if anything, too strict);
#   - at the NIC for want of a buffer: rx_drops;
#   - at the AP: malformed (it answers every valid echo request; when it has
#     no free transmit buffer it keeps the frame, it does not drop it);
#   - on the way back: tx_errors.
# So the rule checked is
#   copies_lost <= rx_drops + tx_errors + ap_malformed + max(0, sends - (rx_frames + rx_drops))
# and a host loss nothing on the board counted fails it.

NET_ECHO_BIN=${NET_ECHO_BIN:-$PMDI_OUT/udp-echo-check}

net_echo_build() {
	gcc -std=gnu11 -O2 -Wall -Wextra -Werror -o "$NET_ECHO_BIN" \
		"$PMDI_BOARD_DIR/tests/udp-echo-check.c"
}

# The agent's handler for "udp-echo" and "udp-echo-starved" (boot()'s $dir):
# run, then the monitor command. While the AP starves (5 s), datagrams need
# up to 60 sends 250 ms apart.
net_echo_run() {
	local dir=$1 what=$2 ap
	ap=$(sed -n 's/^AP_UDP=//p' "$dir/board.env")
	if [ -z "$ap" ]; then
		echo "udp-echo-check: FAIL: no AP_UDP in board.env" > "$dir/$what.out"
	elif [ "$what" = udp-echo ]; then
		"$NET_ECHO_BIN" "$ap" -n "${PMDI_NET_ECHO_N:-5000}" -w "${PMDI_NET_ECHO_WINDOW:-8}" \
			-s "${PMDI_NET_ECHO_SEED:-2026}" -T "${PMDI_NET_ECHO_LIMIT:-240}" \
			> "$dir/$what.out" 2> "$dir/$what.err"
		echo "exit=$?" >> "$dir/$what.out"
	else
		"$NET_ECHO_BIN" "$ap" -n 3000 -w 16 -r 60 -s "${PMDI_NET_ECHO_SEED:-2026}" \
			-T "${PMDI_NET_ECHO_LIMIT:-240}" > "$dir/$what.out" 2> "$dir/$what.err"
		echo "exit=$?" >> "$dir/$what.out"
	fi
	echo 'set_link apnet off'
}

prepare_net() {
	if ! net_echo_build > "$1/udp-echo-build.out" 2>&1; then
		check FAIL net/udp-echo-check-builds "$(head -n 5 "$1/udp-echo-build.out" | tr '\n' ' ')"
	fi
	BOOT_TIMEOUT=$((TIMEOUT > 480 ? TIMEOUT : 480))
	# libslirp drops all guest UDP on a restrict=on netdev: only this boot
	# opens the AP's NIC (board.sh --net-open); the fuzz boot's hostile AP
	# keeps a restricted one.
	if [ "${PMDI_NET_RESTRICTED:-0}" != 1 ]; then
		BOOT_EXTRA=(--net-open)
	fi
}

# kv LINE KEY: the value of KEY=value in LINE
net_kv() {
	printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1
}

verify_net() {
	verify_net_run "$1" "$2" "" udp-echo
	verify_net_run "$1" "$2" -starved udp-echo-starved
}

# verify_net_run DIR LOG TAG WHAT: one host run (WHAT.out) against the
# module's counters the guest printed (PMDI-NET-STATS beforeTAG/afterTAG).
verify_net_run() {
	local dir=$1 log=$2 tag=$3 what=$4 out before after c s d0 d1 f0 f1 t0 t1 m drops frames txe never allowed
	out=$(grep '^udp-echo-check: datagrams=' "$dir/$what.out" 2>/dev/null)
	if [ -z "$out" ]; then
		check FAIL "net/$what" "no result from udp-echo-check: $(cat "$dir/$what.out" "$dir/$what.err" 2>/dev/null | head -n 5 | tr '\n' ' ')"
		return
	fi
	if grep -q '^udp-echo-check: PASS' "$dir/$what.out" &&
	   [ "$(net_kv "$out" echoed)" = "$(net_kv "$out" datagrams)" ] &&
	   [ "$(net_kv "$out" mismatched)" = 0 ]; then
		check PASS "net/$what" "$(net_kv "$out" echoed) datagrams of 1-1472 bytes echoed byte for byte in $(net_kv "$out" elapsed_ms) ms (window $(net_kv "$out" window)): $(net_kv "$out" retransmitted) retransmissions, $(net_kv "$out" duplicates) duplicates, rtt median $(net_kv "$out" rtt_median_us) us, p99 $(net_kv "$out" rtt_p99_us) us"
	else
		check FAIL "net/$what" "$(tail -n 2 "$dir/$what.out" | tr '\n' ' ') $(head -n 5 "$dir/$what.err" | tr '\n' ' ')"
	fi
	before=$(tr -d '\r' < "$log" | sed -n "s/^PMDI-NET-STATS before$tag //p" | tail -n 1)
	after=$(tr -d '\r' < "$log" | sed -n "s/^PMDI-NET-STATS after$tag //p" | tail -n 1)
	d0=$(net_kv "$before" rx_drops); d1=$(net_kv "$after" rx_drops)
	f0=$(net_kv "$before" rx_frames); f1=$(net_kv "$after" rx_frames)
	t0=$(net_kv "$before" tx_errors); t1=$(net_kv "$after" tx_errors)
	if [ -z "$d0" ] || [ -z "$d1" ] || [ -z "$f0" ] || [ -z "$f1" ] || [ -z "$t0" ] || [ -z "$t1" ]; then
		check FAIL "net/$what-losses-explained" "no module counters (debugfs net) before/after: '$before' / '$after'"
		return
	fi
	c=$(net_kv "$out" copies_lost)
	s=$(net_kv "$out" sent)
	# the AP's malformed frames (cumulative since its load, so over the run too)
	m=$(net_kv "$after" ap_malformed)
	m=${m:-0}
	drops=$((d1 - d0))
	frames=$((f1 - f0))
	txe=$((t1 - t0))
	never=$((s - frames - drops))
	[ $never -lt 0 ] && never=0
	allowed=$((drops + txe + m + never))
	echo "INFO net/$what: host sends $s, copies lost $c; module: $frames frames to the AP, $drops dropped (no buffer), $txe send errors; AP malformed $m; sends that never reached the NIC >= $never"
	if [ "$c" -le "$allowed" ]; then
		check PASS "net/$what-losses-explained" "host lost $c of $s sends <= module drops $drops + send errors $txe + AP malformed $m + never reached the NIC $never"
	else
		check FAIL "net/$what-losses-explained" "host lost $c of $s sends, but the board counted only $allowed (drops $drops, send errors $txe, malformed $m, never reached the NIC $never)"
	fi
}
