#!/usr/bin/env bash
# ./pmdi bench interface: the mailbox's figures, all in one boot of the board.
#  - null-request round trip AP -> Linux -> AP vs a bare IPI ping-pong between
#    the same two CPUs (interleaved rounds, 2000 samples each);
#  - block reads of vda through pmdi (zero-copy, then bounce-copied) vs Linux
#    reading the same device with dd iflag=direct before and after, drives at
#    cache=none, at queue depth 1 (4 KiB, 64 KiB) and 8 (64 KiB; 8 dd readers).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$PMDI_ROOT/scripts/build.sh" board >/dev/null
make -s -C "$PMDI_ROOT/interface/test" OUT="$PMDI_BUILD/mailbox" all
# What a new OS must carry: the client pair (the ABI headers come with it).
client="$PMDI_ROOT/interface/client/pmdi_client"
printf 'client_library: %d lines in pmdi_client.c + .h, %d bytes of code (gcc -O2 -ffreestanding, protocol inlined)\n' \
	"$(cat "$client.c" "$client.h" | wc -l)" \
	"$(size -A "$PMDI_BUILD/mailbox/pmdi_client_freestanding.o" | awk '$1 == ".text" { print $2 }')"
dir="$PMDI_BUILD/bench-interface"
log="$dir/serial.log"
bench_boot "$dir" bench "booting the board for the interface benchmark (about 2 minutes under TCG)" \
	--disk "file=$dir/vda.img,format=raw,cache=none" --disk "file=$dir/vdb.img,format=raw,cache=none"
grep -q 'pmdi-ap: bench: done' "$log" || { tail -30 "$log" >&2; die "no results from the AP (log: $log)"; }

# Times come from the kernel log's own timestamps (Linux's clock), for the AP's
# reads and for dd alike; the round trips are TSC ratios measured on the AP.
tr -d '\r' <"$log" | grep -E 'pmdi-bench: |pmdi-ap: bench: ' >"$dir/results.txt"
awk '
function kv(line, key,   m) { if (match(line, key "=[-0-9]+")) return substr(line, RSTART + length(key) + 1, RLENGTH - length(key) - 1); return "" }
function ts(line) { match(line, /^\[ *[0-9]+\.[0-9]+\]/); return substr(line, RSTART + 1, RLENGTH - 2) + 0 }
function add(arr, cnt, key, v) { cnt[key]++; arr[key, cnt[key]] = v }
function median(arr, cnt, key,   n, i, j, t, v) {
	n = cnt[key]; for (i = 1; i <= n; i++) v[i] = arr[key, i]
	for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
	return n ? (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2) : 0
}
/pmdi-bench: ap_run / { tag = $NF }
/pmdi-ap: bench: ipi_pingpong / { add(ping, pn, "m", kv($0, "median_ns")); add(ping, pn, "p99", kv($0, "p99_ns")) }
/pmdi-ap: bench: null_rtt / { add(rtt, rn, "m", kv($0, "median_ns")); add(rtt, rn, "p99", kv($0, "p99_ns")); n += kv($0, "n") }
/pmdi-ap: bench: null_rtt_over_pingpong / { add(ratio, qn, "r", kv($0, "ratio_x100") / 100) }
/pmdi-ap: bench: vda_read_begin / { t0 = ts($0) }
/pmdi-ap: bench: vda_read_end / {
	if (kv($0, "status") != 0) { printf "error: the AP read failed: %s\n", $0; failed = 1; next }
	add(ap, an, tag "/" kv($0, "bs") "/" kv($0, "qd"), kv($0, "bytes") / 1024 / (ts($0) - t0))
}
/pmdi-bench: dd_begin / { d0 = ts($0) }
/pmdi-bench: dd_end / { add(dd, dn, kv($0, "bs") "/" kv($0, "qd"), kv($0, "bytes") / 1024 / (ts($0) - d0)) }
END {
	if (failed) exit 1
	printf "null_rtt_median_ns=%d null_rtt_p99_ns=%d (median of %d runs, %d samples)\n", median(rtt, rn, "m"), median(rtt, rn, "p99"), rn["m"], n
	printf "ipi_pingpong_median_ns=%d ipi_pingpong_p99_ns=%d\n", median(ping, pn, "m"), median(ping, pn, "p99")
	printf "null_rtt_over_pingpong=%.2f (median of the per-run ratios; target <= 1.5)\n", median(ratio, qn, "r")
	split("4096/1 65536/1 65536/8", cases, " ")
	for (i = 1; i <= 3; i++) {
		c = cases[i]; base = median(dd, dn, c); z = median(ap, an, "zerocopy/" c); b = median(ap, an, "bounce/" c)
		split(c, bq, "/")
		printf "vda_read bs=%d qd=%d cache=none: pmdi zero-copy %d KiB/s, bounce %d KiB/s; Linux dd iflag=direct %d KiB/s; ratio %.2f (bounce %.2f)\n", \
			bq[1], bq[2], z, b, base, z / base, b / base
	}
}' "$dir/results.txt"
echo "# kernel-log lines used: $dir/results.txt (TCG: emulator timings, compare the ratios)"
