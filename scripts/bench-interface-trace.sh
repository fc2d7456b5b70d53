#!/usr/bin/env bash
# bench-interface-trace.sh CSV RUNS NULL_RTT_NS: pmdi's own time per block
# request, from the requests of a traced `./pmdi bench interface` session.
#
#   CSV          ./pmdi export TRACE --csv CSV (one row per request, FORMAT
#                of trace-analysis's RequestColumns: total_ns and the six phases)
#   RUNS         the session's AP runs in order, "ID BS QD REQUESTS" a line
#   NULL_RTT_NS  the same session's null round trip median (the AP's TSC)
#
# The vda requests, in post order, belong to the runs in order (REQUESTS each;
# nothing else reads vda in the session). Per case (bs/qd): pmdi's overhead
# = total - in driver (REQ_POST -> REQ_DONE minus DRV_BEGIN -> DRV_END),
# median and p99, against the null round trip; the median of every phase,
# the null requests' too (their doorbell and completion are a round trip's two
# IPI legs), and the two legs' share of a block request at queue depth 1.
# Prints "trace_..." lines for ./pmdi bench interface.
set -euo pipefail
csv=$1 runs=$2 null_ns=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the CSV's phase columns, 11 to 16
phases="queued doorbell dispatch_wait driver completion pickup"

# vda rows with a post time, in post order
awk -F, 'NR > 1 && $3 == "vda" && $8 != "" { print }' "$csv" | sort -t, -k8,8n >"$tmp/vda.csv"
# the null requests apart, "null metric value": their round trip and their
# phases (their two IPI legs against the block's)
awk -F, -v phases="$phases" 'NR > 1 && $3 == "null" {
	split(phases, ph, " ")
	if ($10 != "") printf "null total %d\n", $10
	for (i = 1; i <= 6; i++) if ($(10 + i) != "") printf "null %s %d\n", ph[i], $(10 + i)
}' "$csv" >"$tmp/null.txt"

want=$(awk '{ s += $4 } END { print s + 0 }' "$runs")
have=$(wc -l <"$tmp/vda.csv")
if [ "$want" != "$have" ]; then
	# lost trace events: the count no longer tells the runs apart
	echo "trace_error the trace holds $have vda requests, the AP made $want: no per-case figures"
	exit 0
fi

# case metric value, a line per request and metric; checks that each run's
# requests have its block size
awk -F, -v runsfile="$runs" -v phases="$phases" '
BEGIN {
	while ((getline line < runsfile) > 0) {
		split(line, f, " "); n++
		rid[n] = f[1]; rbs[n] = f[2]; rqd[n] = f[3]; rreq[n] = f[4]
	}
	r = 1; left = rreq[1]
	split(phases, ph, " ")
}
{
	while (left == 0 && r < n) { r++; left = rreq[r] }
	left--
	key = rbs[r] "/" rqd[r]
	if ($5 != rbs[r]) bad[r]++
	if ($10 != "" && $14 != "") {
		printf "%s overhead %d\n", key, $10 - $14
	} else
		missing[key]++
	if ($10 != "") printf "%s total %d\n", key, $10
	for (i = 1; i <= 6; i++) if ($(10 + i) != "") printf "%s %s %d\n", key, ph[i], $(10 + i)
	if ($7 ~ /negative_interval/) neg[key]++
}
END {
	# (consecutive runs of different block sizes tell a miscount; two AP runs
	# may follow each other: the order alternates per pair)
	for (k = 1; k <= n; k++)
		if (bad[k]) printf "check run %d: %d requests not of %d bytes\n", rid[k], bad[k], rbs[k] > "/dev/stderr"

	for (key in missing) printf "%s missing %d\n", key, missing[key]
	for (key in neg) printf "%s negative %d\n", key, neg[key]
}' "$tmp/vda.csv" >"$tmp/vals.txt" 2>"$tmp/checks.txt"

sort -k1,1 -k2,2 -k3,3n "$tmp/vals.txt" "$tmp/null.txt" | awk -v null_ns="$null_ns" '
function flush(   m, p99) {
	if (cnt == 0) return
	m = v[int((cnt - 1) / 2) + 1]; p99 = v[int((cnt - 1) * 0.99) + 1]
	med[ck, cm] = m; pct[ck, cm] = p99; num[ck, cm] = cnt
	keys[ck] = 1
	cnt = 0
}
{
	if ($1 != ck || $2 != cm) { flush(); ck = $1; cm = $2 }
	if ($2 == "missing" || $2 == "negative") { extra[$1, $2] = $3; next }
	v[++cnt] = $3
}
END {
	flush()
	if (("null", "total") in med)
		printf "trace_null_rtt: n=%d median_ns=%d p99_ns=%d (the null requests of the same trace: REQ_POST -> REQ_DONE)\n", \
			num["null", "total"], med["null", "total"], pct["null", "total"]
	if (("null", "completion") in med)
		printf "trace_phases null median us: queued %.1f, doorbell %.1f, dispatch_wait %.1f, driver %.1f, completion %.1f, pickup %.1f (the same trace; doorbell + completion are its two IPI legs)\n", \
			med["null", "queued"] / 1000, med["null", "doorbell"] / 1000, med["null", "dispatch_wait"] / 1000, \
			med["null", "driver"] / 1000, med["null", "completion"] / 1000, med["null", "pickup"] / 1000
	split("4096/1 65536/1 65536/8", order, " ")
	for (i = 1; i <= 3; i++) {
		k = order[i]
		if (!((k, "overhead") in med)) continue
		split(k, bq, "/")
		m = med[k, "overhead"]; p = pct[k, "overhead"]
		printf "trace_overhead bs=%d qd=%d: total - in driver median %.1f us, p99 %.1f us (n=%d%s%s); median/null_rtt %.2f (goal <= 1.5), p99/median %.2f (goal <= 5)\n", \
			bq[1], bq[2], m / 1000, p / 1000, num[k, "overhead"], \
			extra[k, "missing"] ? ", " extra[k, "missing"] " without both" : "", \
			extra[k, "negative"] ? ", " extra[k, "negative"] " with a negative interval" : "", \
			(null_ns > 0 ? m / null_ns : 0), (m > 0 ? p / m : 0)
		printf "trace_phases bs=%d qd=%d median us: queued %.1f, doorbell %.1f, dispatch_wait %.1f, driver %.1f, completion %.1f, pickup %.1f; total %.1f (p99 %.1f)\n", \
			bq[1], bq[2], med[k, "queued"] / 1000, med[k, "doorbell"] / 1000, med[k, "dispatch_wait"] / 1000, \
			med[k, "driver"] / 1000, med[k, "completion"] / 1000, med[k, "pickup"] / 1000, \
			med[k, "total"] / 1000, pct[k, "total"] / 1000
		printf "trace_phases_p99 bs=%d qd=%d p99 us: queued %.1f, doorbell %.1f, dispatch_wait %.1f, driver %.1f, completion %.1f, pickup %.1f\n", \
			bq[1], bq[2], pct[k, "queued"] / 1000, pct[k, "doorbell"] / 1000, pct[k, "dispatch_wait"] / 1000, \
			pct[k, "driver"] / 1000, pct[k, "completion"] / 1000, pct[k, "pickup"] / 1000
		# issue 15 took the two IPI legs of a round trip as its floor: a tenth of a 4 KiB read
		legs = med[k, "doorbell"] + med[k, "completion"]
		if (bq[2] == 1 && med[k, "total"] > 0)
			printf "trace_ipi_share bs=%d qd=%d: the two IPI legs (doorbell + completion medians) %.1f us = %.0f %% of a request (total median %.1f us; issue 15 took them as about 10 %% of a 4 KiB read)\n", \
				bq[1], bq[2], legs / 1000, 100 * legs / med[k, "total"], med[k, "total"] / 1000
		printf "trace_goal_overhead bs=%d qd=%d %.2f %.2f\n", bq[1], bq[2], (null_ns > 0 ? m / null_ns : 0), (m > 0 ? p / m : 0)
	}
}'
sed 's/^/trace_check /' "$tmp/checks.txt"
