#!/usr/bin/env bash
# The board half of ./pmdi bench fuzz (scripts/bench-fuzz.sh calls it): one
# board boot under slub_debug=FZPU page_poison=1 init_on_free=1 that runs the
# hostile AP kernel (workload=fuzz, ap-kernel-traced/fuzz.c) for
# PMDI_FUZZ_K thousand mailbox messages (default 1000, i.e. 1 M) once per seed
# in PMDI_FUZZ_SEEDS (default 1), each followed by an insmod/rmmod of the
# normal AP kernel (demo). Prints the figures for the README as "fuzz-board:"
# lines: messages per run, scribble bursts, completions checked, the reason
# codes seen and how often, log clean, reload after fuzz, elapsed time.
#
#   fuzz-bench.sh [--no-build]
#
# Exit status 1 if a run failed (its serial log is kept and named).
# PMDI_BOARD_OUT selects the build directory, as for build.sh.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

K=${PMDI_FUZZ_K:-1000}
SEEDS=${PMDI_FUZZ_SEEDS:-1}
NSEEDS=$(echo "$SEEDS" | tr ',' '\n' | grep -c .)
# about 0.7 ms per message under TCG on this machine, plus boot and reloads
TIMEOUT=${PMDI_FUZZ_TIMEOUT:-$((240 + NSEEDS * (K * 12 / 10 + 60)))}

if [ "${1:-}" != --no-build ]; then
	"$PMDI_BOARD_DIR/build.sh" > /dev/null || pmdi_die "build failed"
fi
mkdir -p "$PMDI_OUT/test-runs"
DIR=$(mktemp -d "$PMDI_OUT/test-runs/fuzz-bench.XXXXXX")
LOG=$DIR/serial.log
truncate -s 16M "$DIR/vda.img" "$DIR/vdb.img"

echo "fuzz-board: one boot, seeds $SEEDS, $K thousand messages each (timeout ${TIMEOUT}s, log $LOG)"
t0=$(date +%s)
timeout -k 10 "$TIMEOUT" "$PMDI_BOARD_DIR/board.sh" --no-build --smp 2 --mode test \
	--append "pmdiboard.tests=fuzz-bench slub_debug=FZPU page_poison=1 init_on_free=1 pmdiboard.fuzzk=$K pmdiboard.fuzzseeds=$SEEDS" \
	--console "file:$LOG" --run-dir "$DIR" --disk "$DIR/vda.img" --disk "$DIR/vdb.img" \
	< /dev/null > "$DIR/qemu.out" 2>&1
rc=$?
t1=$(date +%s)

reason_name() {
	case $1 in
	1) echo "bad ABI version" ;; 2) echo "no such device" ;; 3) echo "bad operation" ;;
	4) echo "buffer outside the window" ;; 5) echo "bad length" ;; 6) echo "bad offset" ;;
	7) echo "misaligned buffer" ;; 8) echo "device error" ;; 9) echo "shutdown" ;;
	10) echo "no memory" ;; 11) echo "reserved flags set" ;; *) echo "reason $1" ;;
	esac
}

failed=0
tr -d '\r' < "$LOG" > "$DIR/serial.txt"
while read -r name summary; do
	kv() { printf '%s\n' "$summary" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1 | tr -d ':'; }
	verdict=$(printf '%s\n' "$summary" | grep -o ': \(PASS\|FAIL\)' | tail -n 1 | tr -d ': ')
	echo "fuzz-board: $name (seed $(kv seed)): messages $(kv messages), served $(kv valid), refused $(kv refused)," \
		"scribble bursts $(kv scribbles), doorbell bursts $(kv doorbell_bursts) ($(kv doorbells) doorbells)," \
		"slots rewritten $(kv rewritten), completions checked $(kv completions): missing $(kv missing)," \
		"duplicate $(kv duplicate), wrong $(kv wrong); verified bytes $(kv verified_bytes);" \
		"AP time $(kv ms) ms, run $(kv elapsed_s) s; requests digest $(kv requests_digest); $verdict"
	[ "$verdict" = PASS ] || failed=1
	printf '%s\n' "$summary" | sed 's/ scribbles=.*//; s/.* by reason//' | tr ' ' '\n' | grep ':' |
	while IFS=: read -r code count; do
		printf 'fuzz-board: %s: reason %2s %-26s %s\n' "$name" "$code" "$(reason_name "$code")" "$count"
	done
done < <(sed -n 's/^PMDI-FUZZ-SUMMARY //p' "$DIR/serial.txt")

nsum=$(grep -c '^PMDI-FUZZ-SUMMARY ' "$DIR/serial.txt")
[ "$nsum" = "$NSEEDS" ] || { echo "fuzz-board: $nsum summaries for $NSEEDS seeds"; failed=1; }
while read -r verdict rest; do
	case ${rest%%:*} in
	*-dmesg-clean | *-reload-*) echo "fuzz-board: $verdict ${rest%%:*}: ${rest#*: }" ;;
	esac
	[ "$verdict" = FAIL ] && { echo "fuzz-board: FAIL $rest"; failed=1; }
done < <(sed -n '/^PMDI-RESULTS-BEGIN/,/^PMDI-RESULTS-END/p' "$DIR/serial.txt" |
	 sed -n 's/^PMDI-CHECK \(PASS\|FAIL\) /\1 /p')
if ! grep -q '^PMDI-RESULTS-END' "$DIR/serial.txt"; then
	echo "fuzz-board: the guest never printed its results (QEMU exit $rc)"
	failed=1
fi
if grep -q '^PMDI-CHECK FAIL dmesg-clean' "$DIR/serial.txt" ||
   grep -q '^PMDI-CHECK FAIL .*-dmesg-clean' "$DIR/serial.txt"; then
	echo "fuzz-board: log clean: no"
else
	echo "fuzz-board: log clean: yes (no oops, BUG, WARNING, panic or slab/poison report)"
fi
if grep -q '^PMDI-CHECK PASS .*-reload-works' "$DIR/serial.txt" &&
   ! grep -q '^PMDI-CHECK FAIL .*-reload' "$DIR/serial.txt"; then
	echo "fuzz-board: reload after fuzz: OK (insmod demo, vdb pattern verified, rmmod)"
else
	echo "fuzz-board: reload after fuzz: FAILED"
fi
echo "fuzz-board: elapsed $((t1 - t0)) s for the whole boot"
if [ $failed = 0 ] && [ $rc = 0 ]; then
	rm -rf "$DIR"
	exit 0
fi
for name in $(sed -n 's/^PMDI-FUZZ-TRACE-BEGIN //p' "$DIR/serial.txt"); do
	sed -n "/^PMDI-FUZZ-TRACE-BEGIN $name\$/,/^PMDI-FUZZ-TRACE-END $name\$/p" "$DIR/serial.txt" |
		grep -E '^[A-Za-z0-9+/=]+$' | base64 -d > "$DIR/fuzz-$name.pmdt" 2>/dev/null
	echo "fuzz-board: flight-recorder trace of $name: $DIR/fuzz-$name.pmdt"
done
echo "fuzz-board: kept $DIR (serial.log has the kernel log)"
exit 1
