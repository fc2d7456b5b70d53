#!/usr/bin/env bash
# ./pmdi bench interface: the mailbox's figures, all in one boot of the board.
#  - null-request round trip AP -> Linux -> AP vs a bare IPI ping-pong between
#    the same two CPUs (interleaved rounds, 2000 samples each);
#  - block reads of vda through pmdi vs Linux's `dd iflag=direct` on the same
#    vda, drives at cache=none: the same bytes from the same offsets, runs
#    interleaved pmdi, dd, dd, pmdi, ... (the AP holds cpu1 throughout, idle
#    during dd), PAIRS pairs per case: queue depth 1 at 4 KiB and 64 KiB, queue
#    depth 8 at 64 KiB (8 streams / 8 dd readers); zero-copy (default) and
#    bounce-copied (fewer pairs);
#  - Linux's CPU time per request over each run (cpu0 from /proc/stat; the
#    pmdi threads from schedstat);
#  - from the zero-copy session's trace (tracing on, trace_pipe read in the
#    guest, then handed to the host): pmdi's own time per block request, total
#    - in driver, median and p99 vs the null round trip, and every phase; the
#    null requests' phases; the two IPI legs of null and 4 KiB requests
#    taken apart from the events (bench-ipi-legs.sh: Linux's ICR write, the
#    leg to the AP, the leg to Linux).
# Environment: BENCH_PAIRS (5), BENCH_BOUNCE_PAIRS (3; 0: no bounce session),
# BENCH_UNTRACED_PAIRS (0; else a zero-copy session with trace=0: what tracing
# costs), BENCH_UNREAD_PAIRS (0; else one traced with trace_pipe not read),
# BENCH_MIB="4K 64K QD8" MiB per run, multiples of 4 (24 256 256: about 1.5 s
# of dd each under TCG here), PMDI_BOARD_OUT (the board
# build, also where the results go: $PMDI_BOARD_OUT/bench-interface),
# BENCH_CPU_BASELINE="4096/1=R 65536/1=R 65536/8=R" (Linux CPU per request of
# an earlier run, as the pair's pmdi/dd ratio of cpu0 time per request: host
# speed moves both; for the "does not grow" goal, 10 % allowed),
# BENCH_POLL_US="0 20 50" (empty: none; else one more session, tracing on:
# the AP polls its rings for each budget, us, before it sleeps, debugfs
# ap_poll_us; qd 1 at 4 KiB and 64 KiB, every budget once per pair in a
# rotated order, dd once per case and pair; pmdi/dd and pmdi/pmdi at the
# first budget per pair, Linux CPU and completion IPIs per request, per
# budget), BENCH_POLL_PAIRS (5), BENCH_POLL_KNOB (ap_poll_us: the mailbox's
# debugfs knob the values are written to; worker_fifo 0/1 puts the worker at
# SCHED_FIFO 1 or back to nice 0; tracing 1/0 switches tracing on and off).
# BENCH_KNOBS="NAME:VALUE ..." (none): mailbox debugfs knobs set in every
# session right after insmod, e.g. "worker_fifo:1".
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

pairs=${BENCH_PAIRS:-5}
bounce_pairs=${BENCH_BOUNCE_PAIRS:-3}
untraced_pairs=${BENCH_UNTRACED_PAIRS:-0}
unread_pairs=${BENCH_UNREAD_PAIRS:-0}
read -r mib4k mib64k mibqd8 <<<"${BENCH_MIB:-24 256 256}"
poll_us=$(echo ${BENCH_POLL_US:-} | tr ' ' ,)
poll_pairs=${BENCH_POLL_PAIRS:-5}
poll_knob=${BENCH_POLL_KNOB:-ap_poll_us}
knobs=$(echo ${BENCH_KNOBS:-} | tr ' ' ,)
[ -z "$knobs" ] || [[ "$knobs" =~ ^[a-z_]+:[0-9]+(,[a-z_]+:[0-9]+)*$ ]] || die "BENCH_KNOBS: NAME:VALUE pairs, e.g. \"worker_fifo:1\""
[[ "$poll_knob" =~ ^[a-z_]+$ ]] || die "BENCH_POLL_KNOB: a debugfs file name of the mailbox, e.g. ap_poll_us"
[ -z "$poll_us" ] || [[ "$poll_us" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "BENCH_POLL_US: budgets in us, e.g. \"0 20 50\""
[ "$pairs" -ge 1 ] && [ "$pairs" -le 255 ] || die "BENCH_PAIRS must be 1-255"
for m in "$mib4k" "$mib64k" "$mibqd8"; do
	[ "$m" -ge 0 ] && [ "$m" -le 508 ] && [ $((m % 4)) = 0 ] || die "BENCH_MIB: 0-508 MiB per case, multiples of 4"
done
disk_mib=$(printf '%s\n' "$mib4k" "$mib64k" "$mibqd8" 64 | sort -n | tail -n 1)

"$PMDI_ROOT/scripts/build.sh" board >/dev/null
make -s -C "$PMDI_ROOT/interface/test" OUT="$PMDI_BUILD/mailbox" all
# The analysis reads the trace afterwards: build it now, not while the board runs.
cp="$(java_classpath trace-analysis)"
# What a new OS must carry: the client pair (the ABI headers come with it).
client="$PMDI_ROOT/interface/client/pmdi_client"
printf 'client_library: %d lines in pmdi_client.c + .h, %d bytes of code (gcc -O2 -ffreestanding, protocol inlined)\n' \
	"$(cat "$client.c" "$client.h" | wc -l)" \
	"$(size -A "$PMDI_BUILD/mailbox/pmdi_client_freestanding.o" | awk '$1 == ".text" { print $2 }')"
if [ -n "${PMDI_BOARD_OUT:-}" ]; then
	dir="$PMDI_BOARD_OUT/bench-interface"
else
	dir="$PMDI_BUILD/bench-interface"
fi
log="$dir/serial.log"

# The host's part: fetch the zero-copy session's trace when the guest serves
# it on the trace NIC's forward (DEBUGFS_TCP in board.env).
fetch_trace() {
	local want tcp n=0 try
	while ! grep -q 'PMDI-HOST-REQUEST fetch-trace' "$log" 2>/dev/null; do
		grep -q -e '^PMDI-RESULTS-END' -e 'reboot: Power down' "$log" 2>/dev/null && return 0
		sleep 0.5
		n=$((n + 1))
		[ $n -lt 3600 ] || return 0
	done
	want=$(tr -d '\r' <"$log" | sed -n 's/^PMDI-HOST-REQUEST fetch-trace \([0-9]*\).*/\1/p' | head -n 1)
	tcp=$(sed -n 's/^DEBUGFS_TCP=//p' "$dir/board.env")
	for try in 1 2 3 4 5 6 7 8 9 10; do
		timeout 300 socat -u "TCP:$tcp" - >"$dir/bench.pmdt" 2>>"$dir/fetch.err" || true
		[ "$(stat -c %s "$dir/bench.pmdt")" = "$want" ] && { echo "fetched $want bytes (try $try)" >>"$dir/fetch.err"; return 0; }
		sleep 1
	done
	echo "fetch-trace: got $(stat -c %s "$dir/bench.pmdt") of $want bytes" >>"$dir/fetch.err"
}

mkdir -p "$dir"
rm -f "$log"
( sleep 2; fetch_trace ) &
fetcher=$!
BENCH_DISK_SIZE="$((disk_mib > 64 ? disk_mib : 64))M" \
	bench_boot "$dir" bench "booting the board for the interface benchmark (about 5 minutes under TCG)" \
	--append "pmdibench.pairs=$pairs pmdibench.bouncepairs=$bounce_pairs pmdibench.untracedpairs=$untraced_pairs pmdibench.unreadpairs=$unread_pairs pmdibench.mib4k=$mib4k pmdibench.mib64k=$mib64k pmdibench.mibqd8=$mibqd8${knobs:+ pmdibench.knobs=$knobs}${poll_us:+ pmdibench.polls=$poll_us pmdibench.pollpairs=$poll_pairs pmdibench.pollknob=$poll_knob}" \
	--disk "file=$dir/vda.img,format=raw,cache=none" --disk "file=$dir/vdb.img,format=raw,cache=none" ||
	{ kill "$fetcher" 2>/dev/null; exit 1; }
wait "$fetcher" || true
grep -q 'pmdi-ap: bench: done' "$log" || { tail -30 "$log" >&2; die "no results from the AP (log: $log)"; }
if grep -q 'PMDI-BENCH error' "$log"; then
	tr -d '\r' <"$log" | grep 'PMDI-BENCH error' >&2
fi

# The two reports' awk helpers: a key's value, a line's kernel-log time, and
# lists of values per key with their median, minimum and maximum.
awk_lib='
function kv(line, key) { if (match(line, " " key "=[-0-9]+")) return substr(line, RSTART + length(key) + 2, RLENGTH - length(key) - 2); return "" }
function ts(line) { match(line, /^\[ *[0-9]+\.[0-9]+\]/); return substr(line, RSTART + 1, RLENGTH - 2) + 0 }
function add(arr, cnt, key, v) { cnt[key]++; arr[key, cnt[key]] = v }
function sortv(arr, cnt, key, v,   n, i, j, t) {
	n = cnt[key]; for (i = 1; i <= n; i++) v[i] = arr[key, i]
	for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
	return n
}
function median(arr, cnt, key,   n, v) { n = sortv(arr, cnt, key, v); return n ? (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2) : 0 }
function minv(arr, cnt, key,   n, v) { n = sortv(arr, cnt, key, v); return n ? v[1] : 0 }
function maxv(arr, cnt, key,   n, v) { n = sortv(arr, cnt, key, v); return n ? v[n] : 0 }
function list(arr, cnt, key,   i, s) { for (i = 1; i <= cnt[key]; i++) s = s (i > 1 ? " " : "") sprintf("%.2f", arr[key, i]); return s }
'

# Times come from the kernel log's own timestamps (Linux's clock), for the AP's
# runs and for dd alike; the round trips are TSC ratios measured on the AP.
tr -d '\r' <"$log" | grep -E 'pmdi-bench: |pmdi-ap: bench: ' >"$dir/results.txt"
awk -v baseline="${BENCH_CPU_BASELINE:-}" -v runsfile="$dir/runs.txt" -v goalsfile="$dir/goals.txt" "$awk_lib"'
function verdict(ok) { return ok ? "met" : "not met" }
/pmdi-bench: session / { s = kv($0, "session"); match($0, /session [a-z]+/); name[s] = substr($0, RSTART + 8, RLENGTH - 8) }
/pmdi-ap: bench: ipi_pingpong / { add(ping, pn, "m", kv($0, "median_ns")); add(ping, pn, "p99", kv($0, "p99_ns")) }
/pmdi-ap: bench: null_rtt / { add(rtt, rn, "m", kv($0, "median_ns")); add(rtt, rn, "p99", kv($0, "p99_ns")); n += kv($0, "n") }
/pmdi-ap: bench: null_rtt_over_pingpong / { add(ratio, qn, "r", kv($0, "ratio_x100") / 100) }
/pmdi-ap: bench: run_begin / { apb[kv($0, "session"), kv($0, "id")] = ts($0) }
/pmdi-ap: bench: run_end / {
	s = kv($0, "session"); id = kv($0, "id")
	if (kv($0, "status") != 0) { printf "error: the AP read failed: %s\n", $0; failed = 1; next }
	if (!((s, id) in apb)) next
	ap[s, id] = kv($0, "bytes") / 1024 / (ts($0) - apb[s, id]); apt[s, id] = ts($0) - apb[s, id]
	bs[s, id] = kv($0, "bs"); qd[s, id] = kv($0, "qd"); mib[s, id] = kv($0, "bytes") / 1048576
	reqs[s, id] = kv($0, "requests")
	if (s == 1) printf "%d %d %d %d\n", id, bs[s, id], qd[s, id], reqs[s, id] > runsfile
}
/pmdi-bench: dd_begin / { ddb[kv($0, "session"), kv($0, "id")] = ts($0) }
/pmdi-bench: dd_end / {
	s = kv($0, "session"); id = kv($0, "id")
	if (kv($0, "status") != 0) { printf "error: dd failed: %s\n", $0; failed = 1; next }
	if (kv($0, "bytes") == 0) { add(ddstart, dsc, kv($0, "qd"), 1000 * (ts($0) - ddb[s, id])); add(dds, ddsc, s "|" kv($0, "qd"), ts($0) - ddb[s, id]); next }
	dd[s, id] = kv($0, "bytes") / 1024 / (ts($0) - ddb[s, id]); ddt[s, id] = ts($0) - ddb[s, id]
}
/pmdi-bench: cpu / {
	s = kv($0, "session"); id = kv($0, "id"); k = ($0 ~ / kind=ap /) ? "ap" : "dd"
	# cs: centiseconds; busy = wall - idle
	wall[s, id, k] = kv($0, "wall_cs"); busy[s, id, k] = kv($0, "wall_cs") - kv($0, "idle_cs")
	disp[s, id, k] = kv($0, "dispatcher_ns"); drn[s, id, k] = kv($0, "drain_ns"); rdr[s, id, k] = kv($0, "reader_ns")
	dspr[s, id, k] = kv($0, "dispatcher_runs"); drnr[s, id, k] = kv($0, "drain_runs")
	dspw[s, id, k] = kv($0, "dispatcher_wait_ns")
}
/pmdi-bench: trace_reader / { reader[kv($0, "session")] = $0 }
/pmdi-bench: trace_drain / { drainst[kv($0, "session")] = $0 }
END {
	if (failed) exit 1
	printf "null_rtt_median_ns=%d null_rtt_p99_ns=%d (median of %d runs, %d samples)\n", median(rtt, rn, "m"), median(rtt, rn, "p99"), rn["m"], n
	printf "ipi_pingpong_median_ns=%d ipi_pingpong_p99_ns=%d\n", median(ping, pn, "m"), median(ping, pn, "p99")
	printf "null_rtt_over_pingpong=%.2f (median of the per-session ratios %s; target <= 1.5)\n", median(ratio, qn, "r"), list(ratio, qn, "r")
	printf "dd_startup: %.1f ms for 1 reader, %.1f ms for 8 (dd reading nothing, medians of %d; min %.1f, %.1f; max %.1f, %.1f); the ratios subtract their session median from dd times (raw: in brackets)\n", \
		median(ddstart, dsc, 1), median(ddstart, dsc, 8), dsc[1], minv(ddstart, dsc, 1), minv(ddstart, dsc, 8), maxv(ddstart, dsc, 1), maxv(ddstart, dsc, 8)
	# the zero-copy session null round trip (for the trace overhead)
	printf "%d\n", rtt["m", 1] > goalsfile
	nb = split(baseline, bl, " "); for (i = 1; i <= nb; i++) { split(bl[i], kvp, "="); base[kvp[1]] = kvp[2] }
	split("4096/1 65536/1 65536/8", cases, " ")
	for (s = 1; s in name; s++) {
		for (id = 1; (s, id) in bs; id++) {
			c = bs[s, id] "/" qd[s, id]
			if (!((s, id) in dd)) continue
			ddfix = ddt[s, id] - median(dds, ddsc, s "|" qd[s, id])
			add(r, rc, s "|" c, ap[s, id] / (mib[s, id] * 1024 / ddfix)); add(rr, rrc, s "|" c, ap[s, id] / dd[s, id])
			add(apr, ac, s "|" c, ap[s, id]); add(ddr, dc, s "|" c, dd[s, id])
			add(apd, adc, s "|" c, apt[s, id]); add(ddd, ddc, s "|" c, ddt[s, id])
			mb[s "|" c] = mib[s, id]
			if ((s, id, "ap") in busy) {
				q = reqs[s, id]
				add(cap, cac, s "|" c, busy[s, id, "ap"] * 10000 / q)
				add(cad, cdc, s "|" c, disp[s, id, "ap"] / 1000 / q); add(ctd, ctdc, s "|" c, drn[s, id, "ap"] / 1000 / q)
				add(ctr, ctrc, s "|" c, rdr[s, id, "ap"] / 1000 / q)
				add(wdp, wdpc, s "|" c, dspr[s, id, "ap"] / q); add(wdr, wdrc, s "|" c, drnr[s, id, "ap"] / q)
				if (dspr[s, id, "ap"] > 0) add(wdw, wdwc, s "|" c, dspw[s, id, "ap"] / 1000 / dspr[s, id, "ap"])
				add(cau, cuc, s "|" c, wall[s, id, "ap"] ? busy[s, id, "ap"] / wall[s, id, "ap"] : 0)
			}
			if ((s, id, "dd") in busy) {
				q = mib[s, id] * 1048576 / bs[s, id]
				add(cdd, cdd_n, s "|" c, busy[s, id, "dd"] * 10000 / q)
				# host speed moves both: the ratio of the pair is steadier
				if (((s, id, "ap") in busy) && busy[s, id, "dd"] > 0)
					add(cpr, cprc, s "|" c, (busy[s, id, "ap"] / reqs[s, id]) / (busy[s, id, "dd"] / q))
				add(cdu, cdu_n, s "|" c, wall[s, id, "dd"] ? busy[s, id, "dd"] / wall[s, id, "dd"] : 0)
			}
		}
		for (i = 1; i <= 3; i++) {
			c = cases[i]; k = s "|" c
			if (!rc[k]) continue
			split(c, bq, "/")
			printf "vda_read %s bs=%d qd=%d cache=none: pmdi/dd %.2f median of %d pairs (min %.2f, max %.2f; per pair %s) [raw %.2f]; pmdi %d KiB/s, dd iflag=direct %d KiB/s (medians, raw); %d MiB per run, runs %.2f s (pmdi) %.2f s (dd)\n", \
				name[s], bq[1], bq[2], median(r, rc, k), rc[k], minv(r, rc, k), maxv(r, rc, k), list(r, rc, k), median(rr, rrc, k), \
				median(apr, ac, k), median(ddr, dc, k), mb[k], median(apd, adc, k), median(ddd, ddc, k)
			if (cac[k])
				printf "linux_cpu %s bs=%d qd=%d: pmdi %.1f us/request (of which pmdi threads %.1f, trace drain %.1f, trace_pipe reader %.1f; runs per request: pmdi threads %.2f, drain %.2f; pmdi threads woken to running %.1f us per run; cpu0 %.0f%% busy), dd %.1f us/request (cpu0 %.0f%% busy); pmdi/dd per pair %.2f; cpu0 wall - idle over each run, medians\n", \
					name[s], bq[1], bq[2], median(cap, cac, k), median(cad, cdc, k), median(ctd, ctdc, k), median(ctr, ctrc, k), \
					median(wdp, wdpc, k), median(wdr, wdrc, k), median(wdw, wdwc, k), \
					100 * median(cau, cuc, k), median(cdd, cdd_n, k), 100 * median(cdu, cdu_n, k), median(cpr, cprc, k)
			if (s == 1) {
				g[c] = median(r, rc, k); gmin[c] = minv(r, rc, k); gn[c] = rc[k]; gcpu[c] = median(cap, cac, k)
				gcr[c] = median(cpr, cprc, k)
			}
		}
		if (s in reader) { sub(/^.*trace_reader /, "", reader[s]); printf "trace_reader %s: %s\n", name[s], reader[s] }
		# The drain since the module loaded: its passes, and its time taking records (encoding, framing).
		if (s in drainst) {
			sub(/^.*trace_drain session=[0-9]+ /, "", drainst[s])
			dn = split(drainst[s], df, " "); drec = 0; dus = 0
			for (dj = 1; dj < dn; dj++) { if (df[dj+1] == "records") drec = df[dj]; if (df[dj+1] == "us") dus = df[dj] }
			printf "trace_drain %s: %s (%.2f us per record)\n", name[s], drainst[s], (drec > 0 ? dus / drec : 0)
		}
	}
	# one line per goal (zero-copy session, medians of the per-pair ratios)
	if ("65536/1" in g) printf "GOAL block qd1 64KiB pmdi/dd >= 0.95: %.2f (min %.2f, %d pairs): %s\n", g["65536/1"], gmin["65536/1"], gn["65536/1"], verdict(g["65536/1"] >= 0.95)
	if ("4096/1" in g) printf "GOAL block qd1 4KiB pmdi/dd >= 0.90: %.2f (min %.2f, %d pairs): %s\n", g["4096/1"], gmin["4096/1"], gn["4096/1"], verdict(g["4096/1"] >= 0.90)
	if ("65536/8" in g) printf "GOAL block qd8 64KiB pmdi/8 dd >= 1.7: %.2f (min %.2f, %d pairs): %s\n", g["65536/8"], gmin["65536/8"], gn["65536/8"], verdict(g["65536/8"] >= 1.7)
	for (i = 1; i <= 3; i++) {
		c = cases[i]
		if (!(c in gcpu)) continue
		if (c in base)
			printf "GOAL linux cpu per request bs=%s qd=%s does not grow: %.2f x dd per request (%.1f us) vs %.2f baseline (+10%% allowed): %s\n", substr(c, 1, index(c, "/") - 1), substr(c, index(c, "/") + 1), gcr[c], gcpu[c], base[c], verdict(gcr[c] <= base[c] * 1.1)
		else
			printf "GOAL linux cpu per request bs=%s qd=%s does not grow: %.2f x dd per request (%.1f us), no baseline (BENCH_CPU_BASELINE): not judged\n", substr(c, 1, index(c, "/") - 1), substr(c, index(c, "/") + 1), gcr[c], gcpu[c]
	}
}' "$dir/results.txt" | tee "$dir/figures.txt"

# The poll A/B session (BENCH_POLL_US): per budget, the AP's rate against the
# pair's dd and against the pair's first budget, Linux's CPU, the completion
# IPIs and cpu0's interrupts and softirqs (poll_irqs) per request.
if [ -n "$poll_us" ]; then
awk "$awk_lib"'
/pmdi-bench: session poll / { ps = kv($0, "session"); match($0, / knob=[a-z_]+/); knob = substr($0, RSTART + 6, RLENGTH - 6); nb = split(substr($0, index($0, "budgets=") + 8), bud, ",") }
ps == "" { next }
/pmdi-ap: bench: run_begin / && kv($0, "session") == ps { apb[kv($0, "id")] = ts($0) }
/pmdi-ap: bench: run_end / && kv($0, "session") == ps {
	id = kv($0, "id")
	if (kv($0, "status") != 0) { printf "poll_error the AP read failed: %s\n", $0; next }
	rate[id] = kv($0, "bytes") / 1024 / (ts($0) - apb[id]); reqs[id] = kv($0, "requests")
}
/pmdi-bench: dd_begin / && kv($0, "session") == ps { ddb[kv($0, "id"), kv($0, "bs")] = ts($0) }
/pmdi-bench: dd_end / && kv($0, "session") == ps {
	id = kv($0, "id"); t = ts($0) - ddb[id, kv($0, "bs")]
	if (kv($0, "status") != 0) { printf "poll_error dd failed: %s\n", $0; next }
	if (kv($0, "bytes") == 0) { add(st, stc, 1, t); next }
	ddt[id - 10000, kv($0, "bs")] = t; ddbytes[kv($0, "bs")] = kv($0, "bytes")
}
/pmdi-bench: cpu / && kv($0, "session") == ps && / kind=ap / {
	busy[kv($0, "id")] = kv($0, "wall_cs") - kv($0, "idle_cs")
	if (kv($0, "dispatcher_runs") > 0) wake[kv($0, "id")] = kv($0, "dispatcher_wait_ns") / 1000 / kv($0, "dispatcher_runs")
}
/pmdi-bench: poll_run / && kv($0, "session") == ps {
	id = kv($0, "id"); run_p[id] = kv($0, "pair"); run_bs[id] = kv($0, "bs"); run_b[id] = kv($0, "poll_us")
	sent[id] = kv($0, "cpl_doorbells_sent"); supp[id] = kv($0, "cpl_doorbells_suppressed")
	for (q = 1; q <= nirq; q++) irqv[id, q] = kv($0, "irq_" irqn[q])
}
BEGIN { nirq = split("loc res cal iwi timer hrtimer sched rcu", irqn, " ") }
END {
	if (ps == "") { print "poll_error no poll session in the log"; exit }
	start = median(st, stc, 1)
	for (id in run_p) {
		if (!(id in rate)) continue
		p = run_p[id]; bs = run_bs[id]; b = run_b[id]; k = b "|" bs
		ap[p, bs, b] = rate[id]
		if ((p, bs) in ddt) add(r, rc, k, rate[id] / (ddbytes[bs] / 1024 / (ddt[p, bs] - start)))
		add(kib, kc, k, rate[id])
		if (id in busy && reqs[id] > 0) add(cpu, cc, k, busy[id] * 10000 / reqs[id])
		if (reqs[id] > 0) add(ipi, ic, k, sent[id] / reqs[id])
		if (id in wake) add(wk, wkc, k, wake[id])
		for (q = 1; q <= nirq; q++) if (reqs[id] > 0 && irqv[id, q] != "") add(irq, irc, k "|" q, irqv[id, q] / reqs[id])
	}
	for (i = 1; i <= 2; i++) {
		bs = i == 1 ? 4096 : 65536
		for (j = 1; j <= nb; j++) {
			b = bud[j]; k = b "|" bs
			for (p = 1; (p, bs, bud[1]) in ap || (p, bs, b) in ap; p++)
				if ((p, bs, bud[1]) in ap && (p, bs, b) in ap) add(rel, relc, k, ap[p, bs, b] / ap[p, bs, bud[1]])
			printf "poll bs=%d qd=1 %s=%d: pmdi/dd %.2f median of %d pairs (min %.2f, max %.2f; per pair %s); pmdi at %d / pmdi at %d %.2f (per pair %s); pmdi %d KiB/s; Linux cpu0 %.1f us/request; completion IPIs %.2f per request; pmdi threads woken to running %.1f us per run (medians)\n", \
				bs, knob, b, median(r, rc, k), rc[k], minv(r, rc, k), maxv(r, rc, k), list(r, rc, k), b, bud[1], median(rel, relc, k), list(rel, relc, k), \
				median(kib, kc, k), median(cpu, cc, k), median(ipi, ic, k), median(wk, wkc, k)
			if ((k "|1") in irc) {
				line = ""
				for (q = 1; q <= nirq; q++) line = line sprintf(" %s %.3f", irqn[q], median(irq, irc, k "|" q))
				printf "poll_irqs bs=%d %s=%d: cpu0 per request (medians):%s\n", bs, knob, b, line
			}
		}
	}
}' "$dir/results.txt" | tee -a "$dir/figures.txt"
fi

# pmdi's own time per request, from the zero-copy session's trace
if [ -s "$dir/bench.pmdt" ] && [ -s "$dir/runs.txt" ]; then
	java -XX:+UseSerialGC -cp "$cp" org.pmdi.analysis.cli.Main export "$dir/bench.pmdt" --csv "$dir/bench.csv" >"$dir/export.out" 2>&1 ||
		{ cat "$dir/export.out" >&2; die "exporting the trace failed"; }
	"$PMDI_ROOT/scripts/bench-interface-trace.sh" "$dir/bench.csv" "$dir/runs.txt" "$(head -n 1 "$dir/goals.txt")" >"$dir/trace-figures.txt"
	grep -v '^trace_goal_overhead ' "$dir/trace-figures.txt"
	# the two IPI legs taken apart, null against 4 KiB, from the events
	if java -XX:+UseSerialGC -cp "$cp" org.pmdi.analysis.cli.Main export "$dir/bench.pmdt" --ctf "$dir/bench-ctf" >"$dir/export-ctf.out" 2>&1; then
		"$PMDI_ROOT/scripts/bench-ipi-legs.sh" "$dir/bench-ctf"
	else
		echo "ipi_legs_error the CTF export failed: $(tail -n 1 "$dir/export-ctf.out")"
	fi
	awk '/^trace_goal_overhead / {
		split($2, b, "="); split($3, q, "=")
		printf "GOAL overhead bs=%d qd=%d total - in driver median <= 1.5 x null rtt median: %.2f: %s\n", b[2], q[2], $4, $4 <= 1.5 ? "met" : "not met"
		printf "GOAL overhead bs=%d qd=%d p99 <= 5 x median: %.2f: %s\n", b[2], q[2], $5, $5 <= 5 ? "met" : "not met"
	}' "$dir/trace-figures.txt"
else
	echo "trace_error no trace from the zero-copy session ($(tail -n 1 "$dir/fetch.err" 2>/dev/null)): no overhead figures"
fi
echo "# kernel-log lines used: $dir/results.txt; trace: $dir/bench.pmdt (TCG: emulator timings, compare the ratios)"

# The second OS: the Rust kernel against the C kernel (another boot; BENCH_KERNEL_ROUNDS=0: skip)
if [ "${BENCH_KERNEL_ROUNDS:-5}" != 0 ]; then
	echo "# the C and the Rust AP kernel (./pmdi bench kernels)"
	"$PMDI_ROOT/scripts/bench-kernels.sh"
fi
