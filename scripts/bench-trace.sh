#!/usr/bin/env bash
# ./pmdi bench trace: what tracing costs and carries.
#  - the null-request round trip with tracing off and on, five interleaved
#    module loads each (2000 round trips per load), in one boot: the
#    traced/untraced ratio of the medians with a 95% confidence interval over
#    the five pairs, and the time added per traced event (a null round trip
#    writes 11 records: REQ_POST, doorbell, IPI_RECV, DISPATCH, DRV_BEGIN,
#    DRV_END, REPLY_POST, doorbell, IPI_RECV, REPLY_TAKE, REQ_DONE);
#  - from the committed healthy sample (a real board run, the same frames the
#    serial line carries): bytes per event framing included, the event rate the
#    debugfs stream carried without loss, and the clock-sync uncertainty.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$PMDI_ROOT/scripts/build.sh" board >/dev/null
dir="$PMDI_BUILD/bench-trace"
log="$dir/serial.log"
bench_boot "$dir" bench-trace "booting the board: null round trips with tracing off and on (about a minute)" \
	--disk "$dir/vda.img" --disk "$dir/vdb.img"
tr -d '\r' <"$log" | grep -E 'pmdi-bench: ap_run |pmdi-ap: bench: null_rtt ' >"$dir/results.txt"
# The rate: a whole bench workload (round trips, then block reads) traced, with a
# reader on trace_pipe, timed by the kernel log; records and losses from status.
tr -d '\r' <"$log" | grep -E 'pmdi-bench: rate_' | awk '
function ts(line) { match(line, /^\[ *[0-9]+\.[0-9]+\]/); return substr(line, RSTART + 1, RLENGTH - 2) + 0 }
/rate_begin/ { t0 = ts($0) }
/rate_end/ {
	match($0, /records=[0-9]+/); r = substr($0, RSTART + 8, RLENGTH - 8)
	match($0, /lost=[0-9]+/); l = substr($0, RSTART + 5, RLENGTH - 5)
	printf "debugfs_sustained_events_per_s=%.0f (%d records in %.2f s of the bench workload, %d lost)\n", r / (ts($0) - t0), r, ts($0) - t0, l
}' >"$dir/rate.txt"
awk '
/pmdi-bench: ap_run / { tag = $NF }
/pmdi-ap: bench: null_rtt / {
	match($0, /median_ns=[0-9]+/); m = substr($0, RSTART + 10, RLENGTH - 10) + 0
	match($0, /min_ns=[0-9]+/); mn = substr($0, RSTART + 7, RLENGTH - 7) + 0
	split(tag, a, "-"); v[a[1], a[2]] = m; lo[a[1], a[2]] = mn; n[a[1]]++
}
END {
	k = 0
	for (r = 1; r <= 5; r++) if (v["untraced", r] && v["traced", r]) {
		k++; ratio[k] = v["traced", r] / v["untraced", r]; add[k] = (v["traced", r] - v["untraced", r]) / 11
		sum += ratio[k]; su += v["untraced", r]; st += v["traced", r]; sa += add[k]
	}
	if (k < 2) { print "error: fewer than two pairs of runs"; exit 1 }
	mean = sum / k; for (i = 1; i <= k; i++) ss += (ratio[i] - mean) ^ 2
	sd = sqrt(ss / (k - 1)); t = (k == 5 ? 2.776 : k == 4 ? 3.182 : k == 3 ? 4.303 : 12.71)
	ma = sa / k; for (i = 1; i <= k; i++) sa2 += (add[i] - ma) ^ 2; sda = sqrt(sa2 / (k - 1))
	printf "null_rtt_untraced_median_ns=%d null_rtt_traced_median_ns=%d (means over %d loads)\n", su / k, st / k, k
	printf "traced_over_untraced=%.3f +- %.3f (95%% CI, %d interleaved pairs; goal <= 1.05)\n", mean, t * sd / sqrt(k), k
	printf "ns_added_per_traced_event=%.0f +- %.0f (95%% CI; 11 records per round trip)\n", ma, t * sda / sqrt(k)
	for (i = 1; i <= k; i++) srt[i] = ratio[i]
	for (i = 2; i <= k; i++) for (j = i; j > 1 && srt[j - 1] > srt[j]; j--) { x = srt[j]; srt[j] = srt[j - 1]; srt[j - 1] = x }
	for (r = 1; r <= 5; r++) if (lo["untraced", r] && lo["traced", r]) { mu = (mu == "" || lo["untraced", r] < mu) ? lo["untraced", r] : mu; mt = (mt == "" || lo["traced", r] < mt) ? lo["traced", r] : mt }
	printf "traced_over_untraced_median_of_pairs=%.3f; fastest round trips %d ns traced vs %d ns untraced: %.3f (%.0f ns per record)\n", \
		srt[int((k + 1) / 2)], mt, mu, mt / mu, (mt - mu) / 11
}' "$dir/results.txt"

sample="$PMDI_ROOT/samples/healthy.pmdt"
json="$("$PMDI_ROOT/pmdi" report "$sample" --json 2>/dev/null || true)"
printf '%s' "$json" | awk -v bytes="$(wc -c <"$sample")" '
{ s = s $0 }
END {
	match(s, /"events" *: *[0-9]+/); ev = substr(s, RSTART, RLENGTH); sub(/.*: */, "", ev)
	match(s, /"now_ns" *: *[0-9]+/); ns = substr(s, RSTART, RLENGTH); sub(/.*: */, "", ns)
	match(s, /"clock_uncertainty_ns" *: *[0-9]+/); u = substr(s, RSTART, RLENGTH); sub(/.*: */, "", u)
	printf "stream_bytes_per_event=%.2f (samples/healthy.pmdt: %d bytes, %d events, framing and headers included; target <= 6)\n", bytes / ev, bytes, ev
	printf "debugfs_events_per_s_without_loss=%.0f (the healthy run: %d events in %.2f s, none lost; a lower bound)\n", ev / (ns / 1e9), ev, ns / 1e9
	printf "clock_sync_uncertainty_ns=%d (largest in the healthy run)\n", u
}'
cat "$dir/rate.txt"
echo "# emulator timings (TCG): compare the ratios; raw lines in $dir/results.txt"
