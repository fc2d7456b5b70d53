#!/usr/bin/env bash
# ./pmdi bench net: the network and entropy figures, in one boot of the board.
#  - RNG bytes/s: the AP's READs of the RNG device (Linux's virtio-rng driver
#    through /dev/hwrng, the guest's feeder and the module's pool) vs
#    `dd if=/dev/hwrng` in the guest, bs=4096, the same bytes per run, runs
#    interleaved pmdi, dd, dd, pmdi, ... (the AP holds cpu1 throughout, idle
#    during dd). Before every run the pool is full and the feeder asleep, so
#    only the run reads /dev/hwrng. Both are timed on Linux's clock (the
#    kernel log's timestamps): pmdi from the go to the AP's run_end line,
#    counting only the bytes beyond the 64 KiB the pool held at the go
#    (conservative for pmdi); dd minus dd's own start-up (dd of 0 bytes, the
#    median of 3). The AP's own steady-state rate (its TSC, after the first
#    64 KiB) is printed beside. Goal: pmdi/dd >= 0.9, median of the pairs.
#  - UDP echo, host -> guest -> host through QEMU's user network: the round
#    trip (64 and 1472 bytes, 200 and 100 datagrams one at a time) and the
#    throughput with 16 datagrams of 1472 bytes outstanding (2000), every echo
#    checked byte for byte (qemu-board/tests/udp-echo-bench.c), against
#    Linux's own echo (pmdi-udpecho, a static C server in the initramfs, on
#    Linux's own virtio-net NIC: LINUX_UDP) and the AP's (AP_UDP, when the
#    board has the AP's NIC and the AP answers), interleaved, medians of
#    BENCH_ECHO_ROUNDS (5). Goals: rtt AP/Linux <= 1.2, throughput >= 0.9.
#  - Trace cost on the net path: bytes per event, events and bytes per echo,
#    from samples/net-echo.pmdt (a real echo run, frames captured at snap 96).
#  - With BENCH_POLL_US="0 20 50" (budgets, us): the AP's echo once per budget
#    in every round (the order rotated round by round; the guest writes the
#    budget to debugfs ap_poll_us: how long the AP polls its rings before it
#    sleeps), each against the round's Linux echo; medians of the per-round
#    ratios with their range, and Linux's completion IPIs per budget. The
#    RNG runs too, after the pairs above, in the same AP session
#    (BENCH_RNG_POLL_US, default BENCH_POLL_US): per pair every budget once,
#    rotated, and dd once; pmdi/dd and pmdi/pmdi at the first budget.
# Environment: BENCH_PAIRS (5), BENCH_RNG_MIB (4: MiB per run),
# BENCH_NET_REUSE=1 (print the figures of the last boot again), PMDI_BOARD_OUT
# (the board build, also where the results go: $PMDI_BOARD_OUT/bench-net).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

pairs=${BENCH_PAIRS:-5}
mib=${BENCH_RNG_MIB:-4}
[ "$pairs" -ge 1 ] && [ "$pairs" -le 100 ] || die "BENCH_PAIRS must be 1-100"
[ "$mib" -ge 1 ] && [ "$mib" -le 255 ] || die "BENCH_RNG_MIB must be 1-255"

"$PMDI_ROOT/scripts/build.sh" board >/dev/null
if [ -n "${PMDI_BOARD_OUT:-}" ]; then
	dir="$PMDI_BOARD_OUT/bench-net"
else
	dir="$PMDI_BUILD/bench-net"
fi
log="$dir/serial.log"

# The host's part of the UDP echo figures, while the board runs: once the
# guest says its echo servers are up, the same client (qemu-board/tests/
# udp-echo-bench.c) runs against Linux's echo (LINUX_UDP) and, when the board
# has one and it answers, the AP's (AP_UDP), interleaved round by round; then
# it tells the guest it is done (a connection to the trace NIC's forward).
client=$dir.udp-echo-bench
gcc -O2 -Wall -Wextra -Werror -o "$client" "$PMDI_ROOT/qemu-board/tests/udp-echo-bench.c"
echo_rounds=${BENCH_ECHO_ROUNDS:-5}
read -r -a polls <<<"${BENCH_POLL_US:-}"
read -r -a rngpolls <<<"${BENCH_RNG_POLL_US:-${BENCH_POLL_US:-}}"
for b in "${polls[@]}" "${rngpolls[@]}"; do
	[[ "$b" =~ ^[0-9]+$ ]] && [ "$b" -le 1000 ] || die "BENCH_POLL_US: budgets of 0-1000 us, e.g. \"0 20 50\""
done
# set_poll US: the guest sets the AP's poll budget (debugfs ap_poll_us); true
# once its kernel log says so. Sent again when no answer comes: between two
# commands the guest is not listening, and slirp accepts the host's side anyway.
set_poll() {
	local before try n
	before=$(grep -c "pmdi-bench: net_poll_us=$1 " "$log" 2>/dev/null || true)
	for try in $(seq 1 10); do
		echo "poll=$1" | socat -u - "TCP:$tcp" 2>/dev/null || { sleep 0.5; continue; }
		for n in $(seq 1 10); do
			sleep 0.2
			[ "$(grep -c "pmdi-bench: net_poll_us=$1 " "$log" 2>/dev/null || true)" -gt "$before" ] && return 0
		done
	done
	return 1
}
measure_echo() {
	local n=0 linux ap tcp r who order k b
	while ! grep -q 'pmdi-bench: net_ready' "$log" 2>/dev/null; do
		grep -q -e '^PMDI-RESULTS-END' -e 'reboot: Power down' "$log" 2>/dev/null && return 0
		sleep 1
		n=$((n + 1))
		[ $n -lt 3600 ] || return 0
	done
	linux=$(sed -n 's/^LINUX_UDP=//p' "$dir/board.env")
	ap=$(sed -n 's/^AP_UDP=//p' "$dir/board.env")
	tcp=$(sed -n 's/^DEBUGFS_TCP=//p' "$dir/board.env")
	{
		if [ -z "$linux" ] || ! "$client" probe "$linux" >/dev/null; then
			echo "echo_error linux: no answer from Linux's echo at '${linux:-no LINUX_UDP}'"
			linux=""
		fi
		if [ -z "$ap" ]; then
			echo "echo_info ap: no AP_UDP in board.env (this board has no AP NIC): not measured"
		elif ! "$client" probe "$ap" >/dev/null; then
			echo "echo_info ap: no answer from the AP's echo at $ap (this build's AP serves none): not measured"
			ap=""
		fi
		for r in $(seq 1 "$echo_rounds"); do
			order="linux ap"
			[ $((r % 2)) = 0 ] && order="ap linux"
			if [ ${#polls[@]} -gt 0 ] && [ -n "$ap" ]; then
				# every budget once, the order rotated by r - 1
				order=""
				for k in $(seq 0 $((${#polls[@]} - 1))); do
					order="$order ap:${polls[$(((k + r - 1) % ${#polls[@]}))]}"
				done
				[ $((r % 2)) = 1 ] && order="linux $order" || order="$order linux"
			fi
			for who in $order; do
				t=$linux
				[ $who != linux ] && t=$ap
				[ -n "$t" ] || continue
				if [ "${who#ap:}" != "$who" ] && ! set_poll "${who#ap:}"; then
					echo "echo_error the guest did not set the poll budget ${who#ap:}"
					continue
				fi
				echo "echo round=$r target=$who $("$client" rtt "$t" 64 200)"
				echo "echo round=$r target=$who $("$client" rtt "$t" 1472 100)"
				echo "echo round=$r target=$who $("$client" window "$t" 1472 2000 16)"
			done
		done
	} >"$dir/echo.txt" 2>&1
	# done (the guest's nc takes one connection per command: until it says so)
	for n in $(seq 1 10); do
		socat -u /dev/null "TCP:$tcp" 2>/dev/null || true
		sleep 1
		grep -q 'pmdi-bench: net_done' "$log" 2>/dev/null && break
	done
}

if [ "${BENCH_NET_REUSE:-0}" = 1 ] && [ -s "$log" ]; then
	echo "bench net: the figures of the last boot ($log), no new boot (BENCH_NET_REUSE=1)"
else
( sleep 2; measure_echo ) &
measurer=$!
bench_boot "$dir" bench-net "booting the board for the net benchmark (RNG: about $((pairs * mib / 2 + 1)) minutes under TCG)" \
	--net-open --append "pmdibench.pairs=$pairs pmdibench.rngmib=$mib${rngpolls:+ pmdibench.rngpolls=$(IFS=,; echo "${rngpolls[*]}")}" ||
	{ kill "$measurer" 2>/dev/null; exit 1; }
wait "$measurer" || true
fi
grep -q 'PMDI-BENCH error' "$log" && { tr -d '\r' <"$log" | grep 'PMDI-BENCH error' >&2; }
tr -d '\r' <"$log" | grep -E 'pmdi-bench: rng_|pmdi-ap: rng: bench ' >"$dir/results.txt" ||
	{ tail -30 "$log" >&2; die "no results (log: $log)"; }

awk '
function kv(line, key,   m) { if (match(line, " " key "=[-0-9]+")) return substr(line, RSTART + length(key) + 2, RLENGTH - length(key) - 2); return "" }
function ts(line) { match(line, /^\[ *[0-9]+\.[0-9]+\]/); return substr(line, RSTART + 1, RLENGTH - 2) + 0 }
function med(v, n,   i, j, t) {
	for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
	return n ? (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2) : 0
}
function list(v, n,   i, s) { for (i = 1; i <= n; i++) s = s (i > 1 ? " " : "") sprintf("%.2f", v[i]); return s }
/pmdi-bench: rng_ap_begin / { apb[kv($0, "id")] = ts($0); apbytes[kv($0, "id")] = kv($0, "bytes") }
/pmdi-ap: rng: bench run_end / {
	id = kv($0, "id")
	if (!(id in apb)) next	# a run of the poll A/B: below
	if (kv($0, "status") != 0) { print "error: an AP run failed: " $0; failed = 1; next }
	apt[id] = ts($0) - apb[id]
	ap[id] = (apbytes[id] - 65536) / 1024 / apt[id]
	if (kv($0, "ns") > 0) { nss++; steady[nss] = kv($0, "bytes") / 1024 / (kv($0, "ns") / 1e9) }
}
/pmdi-bench: rng_dd_begin / { ddb[kv($0, "id")] = ts($0); ddbytes[kv($0, "id")] = kv($0, "bytes") }
/pmdi-bench: rng_dd_end / {
	id = kv($0, "id")
	if (kv($0, "status") != 0) { print "error: dd failed: " $0; failed = 1; next }
	if (id == 0) { nst++; st[nst] = ts($0) - ddb[id]; next }
	ddt[id] = ts($0) - ddb[id]
}
END {
	if (failed) exit 1
	for (k = 1; k <= nst; k++) st2[k] = st[k]
	start = med(st2, nst)
	for (id = 1; id in ddt && id in ap; id++) {
		n++
		dd[n] = ddbytes[id] / 1024 / (ddt[id] - start)
		pm[n] = ap[id]
		r[n] = ap[id] / dd[n]
		rs[n] = r[n]; ds[n] = dd[n]; ps[n] = pm[n]
		secs_ap += apt[id]; secs_dd += ddt[id]
	}
	if (!n) { print "error: no complete pair"; exit 1 }
	printf "rng: pmdi/dd %.2f median of %d pairs (per pair %s); pmdi %d KiB/s, dd if=/dev/hwrng bs=4096 %d KiB/s (medians); %d MiB per run, runs %.2f s (pmdi) %.2f s (dd) on average; dd start-up %.1f ms subtracted\n", \
		med(rs, n), n, list(r, n), med(ps, n), med(ds, n), ddbytes[1] / 1048576, secs_ap / n, secs_dd / n, 1000 * start
	printf "rng: the AP'"'"'s own steady-state rate (its TSC, after the first 64 KiB): %d KiB/s (median of %d runs)\n", med(steady, nss), nss
	printf "GOAL rng pmdi/dd >= 0.9: %.2f (%d pairs): %s\n", med(rs, n), n, (med(rs, n) >= 0.9 ? "met" : "not met")
}' "$dir/results.txt" | tee "$dir/figures.txt"

# The RNG poll A/B (BENCH_RNG_POLL_US): per budget, pmdi against the pair's dd
# and against the pair's first budget (rates as above: Linux's clock, the
# pool's 64 KiB not counted for pmdi, dd's start-up subtracted)
if [ ${#rngpolls[@]} -gt 0 ]; then
	awk -v first="${rngpolls[0]}" '
function kv(line, key) { if (match(line, " " key "=[-0-9]+")) return substr(line, RSTART + length(key) + 2, RLENGTH - length(key) - 2); return "" }
function ts(line) { match(line, /^\[ *[0-9]+\.[0-9]+\]/); return substr(line, RSTART + 1, RLENGTH - 2) + 0 }
function med(v, n,   i, j, t) {
	for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
	return n ? (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2) : 0
}
function add(k, x) { c[k]++; val[k, c[k]] = x }
function m(k,   i, t) { for (i = 1; i <= c[k]; i++) t[i] = val[k, i]; return med(t, c[k]) }
function lo(k,   i, x) { x = val[k, 1]; for (i = 2; i <= c[k]; i++) if (val[k, i] < x) x = val[k, i]; return x }
function hi(k,   i, x) { x = val[k, 1]; for (i = 2; i <= c[k]; i++) if (val[k, i] > x) x = val[k, i]; return x }
/pmdi-bench: rng_dd_begin id=0 / { sb = ts($0) }
/pmdi-bench: rng_dd_end id=0 / { ns++; st[ns] = ts($0) - sb }
/pmdi-bench: rng_poll_begin / { id = kv($0, "id"); pb[id] = ts($0); pp[id] = kv($0, "pair"); pu[id] = kv($0, "poll_us"); pbytes = kv($0, "bytes"); if (!(pu[id] in seen)) { seen[pu[id]] = 1; order[++nb] = pu[id] } }
/pmdi-ap: rng: bench run_end / { id = kv($0, "id"); if (id in pb) { if (kv($0, "status") != 0) { print "rng_poll error: " $0; next } rate[pp[id], pu[id]] = (pbytes - 65536) / 1024 / (ts($0) - pb[id]) } }
/pmdi-bench: rng_polldd_begin / { db[kv($0, "pair")] = ts($0) }
/pmdi-bench: rng_polldd_end / { q = kv($0, "pair"); if (kv($0, "status") == 0) ddt[q] = ts($0) - db[q]; if (q > np) np = q }
END {
	start = med(st, ns)
	for (j = 1; j <= nb; j++) {
		b = order[j]
		for (q = 1; q <= np; q++) {
			if (!((q, b) in rate)) continue
			add(b "|r", rate[q, b])
			if (q in ddt) add(b "|dd", rate[q, b] / (pbytes / 1024 / (ddt[q] - start)))
			if ((q, first) in rate) add(b "|rel", rate[q, b] / rate[q, first])
		}
		printf "rng poll %s us: pmdi/dd %.2f (range %.2f-%.2f), pmdi at %s us / pmdi at %s us %.2f (range %.2f-%.2f), pmdi %d KiB/s (medians of %d pairs)\n", \
			b, m(b "|dd"), lo(b "|dd"), hi(b "|dd"), b, first, m(b "|rel"), lo(b "|rel"), hi(b "|rel"), m(b "|r"), c[b "|r"]
	}
}' "$dir/results.txt" | tee -a "$dir/figures.txt"
fi

# UDP echo: round trip and windowed throughput, medians over the rounds
awk '
function kv(line, key) { if (match(line, " " key "=[-0-9.]+")) return substr(line, RSTART + length(key) + 2, RLENGTH - length(key) - 2); return "" }
function med(v, n,   i, j, t) {
	for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
	return n ? (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2) : 0
}
/^echo_/ { print; next }
/^echo / {
	rd = kv($0, "round"); sub(/^.* target=/, ""); who = $1
	if (who ~ /^ap:/ && !(who in ispoll)) { ispoll[who] = 1; pollw[++npoll] = who }
	if ($2 == "rtt") { f = "rtt" kv($0, "size"); k = who "|" f; c[k]++; v[k, c[k]] = kv($0, "median_us"); p99[k, c[k]] = kv($0, "p99_us"); byr[who, f, rd] = kv($0, "median_us") }
	if ($2 == "window") { f = "win"; k = who "|win"; c[k]++; v[k, c[k]] = kv($0, "dgrams_per_s"); kib[k, c[k]] = kv($0, "kib_per_s"); byr[who, f, rd] = kv($0, "dgrams_per_s") }
	if (rd > maxr) maxr = rd
	if (kv($0, "lost") > 0 || kv($0, "bad") > 0 || $0 ~ / n=0 /) { print "echo_error " $0; errors++ }
}
function m(k, arr,   i, t) { for (i = 1; i <= c[k]; i++) t[i] = arr[k, i]; return med(t, c[k]) }
# per-round ratios of @who to the same round'"'"'s Linux echo, figure @f
function rats(who, f, t,   r, n) { for (r = 1; r <= maxr; r++) if ((who, f, r) in byr && ("linux", f, r) in byr && byr["linux", f, r] > 0) t[++n] = byr[who, f, r] / byr["linux", f, r]; return n }
function rmed(who, f,   t, n) { n = rats(who, f, t); return med(t, n) }
function rlist(who, f,   t, n, i, s) { n = rats(who, f, t); for (i = 1; i <= n; i++) s = s (i > 1 ? " " : "") sprintf("%.2f", t[i]); return s }
END {
	for (w = 1; w <= 2; w++) {
		who = w == 1 ? "linux" : "ap"
		if (!c[who "|rtt64"]) continue
		printf "udp_echo %s: rtt 64 B median %.0f us (p99 %.0f), rtt 1472 B median %.0f us (p99 %.0f), window 16 x 1472 B %.0f datagrams/s, %.0f KiB/s (medians of %d rounds, each figure on its own)\n", \
			who == "linux" ? "Linux echo (pmdi-udpecho on its own virtio-net)" : "AP echo (through the dispatcher)", \
			m(who "|rtt64", v), m(who "|rtt64", p99), m(who "|rtt1472", v), m(who "|rtt1472", p99), m(who "|win", v), m(who "|win", kib), c[who "|rtt64"]
	}
	if (c["ap|rtt64"] && c["linux|rtt64"]) {
		r = m("ap|rtt64", v) / m("linux|rtt64", v)
		printf "GOAL udp echo rtt AP/Linux <= 1.2: %.2f: %s\n", r, (r <= 1.2 ? "met" : "not met")
		r = m("ap|win", v) / m("linux|win", v)
		printf "GOAL udp echo throughput AP/Linux >= 0.9: %.2f: %s\n", r, (r >= 0.9 ? "met" : "not met")
	} else if (!npoll)
		print "GOAL udp echo AP/Linux: not judged (no AP echo measured)"
	# the poll A/B: per budget, the per-round ratios to the same round'"'"'s Linux echo
	for (j = 1; j <= npoll; j++) {
		who = pollw[j]; b = substr(who, 4)
		printf "udp_echo poll %s us: rtt 64 B AP/Linux %.2f (per round %s), rtt 1472 B %.2f (%s), throughput %.2f (%s); AP rtt 64 B %.0f us (p99 %.0f), 1472 B %.0f us, window %.0f datagrams/s (medians of %d rounds)\n", \
			b, rmed(who, "rtt64"), rlist(who, "rtt64"), rmed(who, "rtt1472"), rlist(who, "rtt1472"), rmed(who, "win"), rlist(who, "win"), \
			m(who "|rtt64", v), m(who "|rtt64", p99), m(who "|rtt1472", v), m(who "|win", v), c[who "|rtt64"]
	}
}' "$dir/echo.txt" | tee -a "$dir/figures.txt"
if [ ${#polls[@]} -gt 0 ]; then
	# Linux's completion IPIs to the AP per budget: the guest logs the
	# counters whenever it sets a budget; the difference to the next setting
	# is that budget's (the AP's echo runs and nothing else use its mailbox)
	tr -d '\r' <"$log" | awk '
	/pmdi-bench: net_poll_us=|pmdi-bench: net_done completion_doorbells/ {
		b = ""
		if (match($0, /net_poll_us=[0-9]+/)) b = substr($0, RSTART + 12, RLENGTH - 12)
		if (!match($0, /completion_doorbells: [0-9]+ sent, [0-9]+ suppressed/)) next
		split(substr($0, RSTART, RLENGTH), f, " ")
		if (prev != "") { sent[prev] += f[2] - s0; supp[prev] += f[4] - u0; if (!(prev in seen)) { seen[prev] = 1; order[++n] = prev } }
		prev = b; s0 = f[2]; u0 = f[4]
	}
	END { for (i = 1; i <= n; i++) { b = order[i]; t = sent[b] + supp[b]
		printf "udp_echo poll %s us: Linux sent %d completion IPIs to the AP, suppressed %d (%.0f%% sent)\n", b, sent[b], supp[b], t ? 100 * sent[b] / t : 0 } }' |
		tee -a "$dir/figures.txt"
fi

# Trace cost on the net path, from a real echo run's trace (samples/net-echo.pmdt,
# recorded by samples/make-samples.sh boot N at the module's default trace_snap
# of 96 bytes): bytes per event, events and bytes per echo (an echo is one RECV
# and one SEND; the few ARP frames count as echoes too).
"$PMDI_ROOT/scripts/build.sh" java >/dev/null 2>&1
"$PMDI_ROOT/pmdi" report --json "$PMDI_ROOT/samples/net-echo.pmdt" 2>/dev/null |
	python3 -c '
import json, os, sys
d = json.load(sys.stdin)
size = os.path.getsize(sys.argv[1])
ev = d["events"]
c = d["event_counts"]
echoes = c.get("REQ_POST", 0) / 2
frames = c.get("NET_FRAME", 0)
print("trace_cost net-echo.pmdt: %d bytes, %d events, %.1f bytes/event; %d echoes: %.1f events/echo, %.0f bytes/echo (%d NET_FRAME records, %.1f of the events per echo)"
      % (size, ev, size / ev, echoes, ev / echoes, size / echoes, frames, frames / echoes))
' "$PMDI_ROOT/samples/net-echo.pmdt" | tee -a "$dir/figures.txt"
echo "# kernel-log lines used: $dir/results.txt, echo client output: $dir/echo.txt (TCG: emulator timings, compare the ratios)"
