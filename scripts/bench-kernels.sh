#!/usr/bin/env bash
# ./pmdi bench kernels (also the last part of ./pmdi bench interface): the two
# AP kernels, the C one (ap-kernel-traced/) and the Rust one (ap-kernel-rust/),
# compared in one boot of the board: ROUNDS rounds (BENCH_KERNEL_ROUNDS, 6:
# even, so that each kernel runs second as often as first; the second one
# of a round was often the slower), each loading both kernels in turn, the
# order alternating (guest group
# bench-kernels in qemu-board/guest/rust-tests.sh). Per round the null-request
# round trip and IPI ping-pong medians (2000 samples each, the same method in
# both kernels), the fastest null round trip (less sensitive to the host's
# load than the median) and the insmod-to-ready time; then the median of the per-round
# Rust/C ratios. Also the size of each kernel's mailbox client and trace writer.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

rounds=${BENCH_KERNEL_ROUNDS:-6}
[ "$rounds" -ge 1 ] && [ "$rounds" -le 50 ] || die "BENCH_KERNEL_ROUNDS must be 1-50"
"$PMDI_ROOT/scripts/build.sh" board >/dev/null
echo "# client size: what each kernel carries to speak the interface (code lines, no comments or tests)"
make -s -C "$PMDI_ROOT/ap-kernel-rust" RL_OUT="$PMDI_BUILD/ap-rust/test" size
if [ -n "${PMDI_BOARD_OUT:-}" ]; then
	dir="$PMDI_BOARD_OUT/bench-kernels"
else
	dir="$PMDI_BUILD/bench-kernels"
fi
bench_boot "$dir" "bench-kernels:$rounds" \
	"booting the board: $rounds rounds of the C and the Rust kernel (about $((rounds * 25 + 40)) s under TCG)"
grep -q '^PMDI-KERNELS ' "$dir/serial.log" || die "no PMDI-KERNELS line in $dir/serial.log"
grep '^PMDI-KERNELS ' "$dir/serial.log" | sed 's/^PMDI-KERNELS /kernels_round /'
grep '^PMDI-KERNELS ' "$dir/serial.log" | awk '
function med(a, n,   i, j, t) {
	for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
	for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
	if (v["c_null_ns"] != "none" && v["rust_null_ns"] != "none") {
		nr++; rn[nr] = v["rust_null_ns"] / v["c_null_ns"]; cn[nr] = v["c_null_ns"]; rs[nr] = v["rust_null_ns"]
		if (nr == 1 || rn[nr] < lo) lo = rn[nr]
		if (nr == 1 || rn[nr] > hi) hi = rn[nr]
	}
	if (v["c_ping_ns"] != "none" && v["rust_ping_ns"] != "none") { np++; rp[np] = v["rust_ping_ns"] / v["c_ping_ns"] }
	if (v["c_null_min_ns"] != "" && v["c_null_min_ns"] != "none" && v["rust_null_min_ns"] != "" && v["rust_null_min_ns"] != "none") {
		nm++; rm[nm] = v["rust_null_min_ns"] / v["c_null_min_ns"]; cm[nm] = v["c_null_min_ns"]; km[nm] = v["rust_null_min_ns"]
	}
	if (v["c_ready_ms"] != "none") { nc++; cr[nc] = v["c_ready_ms"] }
	if (v["rust_ready_ms"] != "none") { nk++; kr[nk] = v["rust_ready_ms"] }
}
END {
	if (nr == 0) { print "kernels_error: no round with both kernels measured"; exit 1 }
	m = med(rn, nr)
	printf "null_rtt_median_ns: C %.0f, Rust %.0f (medians over %d rounds)\n", med(cn, nr), med(rs, nr), nr
	if (np) printf "ipi_pingpong Rust/C: %.2f x (median of %d rounds)\n", med(rp, np), np
	if (nm) printf "null_rtt fastest (min of 2000) Rust/C: %.2f x (median of %d rounds; C %.0f ns, Rust %.0f ns)\n", med(rm, nm), nm, med(cm, nm), med(km, nm)
	if (nc && nk) printf "insmod_to_ready_ms: C %.0f, Rust %.0f (medians)\n", med(cr, nc), med(kr, nk)
	printf "GOAL null round trip Rust/C <= 1.1: %.2f (median of %d per-round ratios, range %.2f-%.2f): %s\n", m, nr, lo, hi, m <= 1.1 ? "met" : "not met"
}' | tee "$dir/figures.txt"
# The Rust kernel's wake IPI alone (self-IPIs, fast path against full path).
grep -a 'rust-bench: wake_ipi self' "$dir/serial.log" | awk '
{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }; n++; f[n] = v["fast_ns"]; s[n] = v["full_ns"] }
END {
	if (!n) exit
	for (i = 2; i <= n; i++) { t = f[i]; for (j = i - 1; j >= 1 && f[j] > t; j--) f[j + 1] = f[j]; f[j + 1] = t }
	for (i = 2; i <= n; i++) { t = s[i]; for (j = i - 1; j >= 1 && s[j] > t; j--) s[j + 1] = s[j]; s[j + 1] = t }
	printf "rust wake IPI (self-IPI, waited for): fast path %d ns, full path %d ns (medians of %d runs; ranges %d-%d, %d-%d)\n", f[int((n + 1) / 2)], s[int((n + 1) / 2)], n, f[1], f[n], s[1], s[n]
}' | tee -a "$dir/figures.txt"
