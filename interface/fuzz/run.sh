#!/usr/bin/env bash
# Run the libFuzzer targets one after the other, each for a bounded number of
# executions and seconds, from the committed seeds (corpus/<target>/, read
# only) into a scratch corpus under WORK (FUZZ_WORK, default OUT); print one
# line of figures per target and a total. A crash input of this run is kept in
# WORK/artifacts/<target>/ (emptied when the target runs again, so that a fixed
# crash does not fail the next run): commit it to regress/<target>/ once the
# bug is fixed.
#
#   run.sh OUT TARGET:RUNS:SECONDS... [--min-total N]
#
# Exits non-zero on any crash, or when the executions add up to less than N.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$1"
base="${FUZZ_WORK:-$out}"
shift
min_total=0
specs=()
while [ $# -gt 0 ]; do
	case "$1" in
	--min-total) min_total="$2"; shift 2 ;;
	*) specs+=("$1"); shift ;;
	esac
done

declare -A maxlen=([trace]=8192 [console]=4096 [clock]=1024 [mailbox]=4096 [elf]=4096)
total=0
total_ns=0
crashes=0
printf '%-8s %12s %9s %7s %8s %7s %6s\n' target executions exec/s edges crashes corpus secs
for spec in "${specs[@]}"; do
	IFS=: read -r t runs secs <<<"$spec"
	bin="$out/fuzz_$t"
	work="$base/corpus-run/$t"
	art="$base/artifacts/$t"
	log="$base/fuzz-$t.log"
	rm -rf "$work" "$art"
	mkdir -p "$work" "$art"
	t0=$(date +%s%N)
	"$bin" -runs="$runs" -max_total_time="$secs" -max_len="${maxlen[$t]:-4096}" \
		-print_final_stats=1 -artifact_prefix="$art/" "$work" "$here/corpus/$t" \
		>"$log" 2>&1
	rc=$?
	el_ns=$(($(date +%s%N) - t0))
	el=$(awk -v n="$el_ns" 'BEGIN { printf "%.1f", n / 1e9 }')
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(awk -v e="${execs:-0}" -v n="$el_ns" 'BEGIN { printf "%d", n ? e * 1e9 / n : 0 }')
	# The last status line: "#N DONE cov: E ft: F corp: C/B ..."
	last=$(grep -E '^#[0-9]+' "$log" | tail -1)
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
	corp=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last")
	found=$(find "$art" -type f | wc -l)
	if [ $rc -ne 0 ] && [ "$found" -eq 0 ]; then
		found=1	# died without an artifact (e.g. out of memory)
	fi
	printf '%-8s %12s %9s %7s %8s %7s %6s\n' "$t" "${execs:-0}" "${rate:-0}" "${cov:-?}" \
		"$found" "${corp:-?}" "$el"
	if [ "$found" -ne 0 ]; then
		grep -E 'ERROR|invariant|SUMMARY|outside the AP' "$log" | head -5 | sed 's/^/  /'
		echo "  crash inputs in $art (log $log)"
	fi
	total=$((total + ${execs:-0}))
	total_ns=$((total_ns + el_ns))
	crashes=$((crashes + found))
done
printf '%-8s %12s %9s %7s %8s %7s %6s\n' total "$total" \
	"$(awk -v e="$total" -v n="$total_ns" 'BEGIN { printf "%d", n ? e * 1e9 / n : 0 }')" \
	- "$crashes" - "$(awk -v n="$total_ns" 'BEGIN { printf "%.1f", n / 1e9 }')"
if [ "$crashes" -ne 0 ]; then
	echo "fuzz: $crashes crash(es)"
	exit 1
fi
if [ "$total" -lt "$min_total" ]; then
	echo "fuzz: only $total executions (at least $min_total wanted): machine too busy?"
	exit 1
fi
exit 0
