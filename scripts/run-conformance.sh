#!/usr/bin/env bash
# ./pmdi conformance IMAGE [--seed S] [--deadline SECONDS] [--trace] [--keep] [--break BITS]
#
# Boots the QEMU board once with IMAGE (an AP kernel, ELF or flat) as the OS on
# the offlined CPU, asks it to run the conformance workload (workload=conformance,
# workload_seed=S) and judges what Linux and the host saw (PORTING.md, "Running the
# conformance suite"): one "PASS|FAIL check: detail" line per check (SKIP for a
# check that does not apply), then a verdict line. Exit 0 only if every check
# passed; 1 otherwise; 2 on a usage error.
#
# The board is the one built from this tree (qemu-board/build.sh); IMAGE reaches
# the guest in a second cpio appended to its initramfs, under
# /lib/firmware/pmdi/ with its own file name. vda starts with 1 MiB of random
# bytes (from S), vdb and a third disk (the trace's way out) are zero.
#
# --trace checks the trace even when the image does not declare it (a flat
# image has no ELF note); --keep keeps the run directory (a failed run's is
# always kept).
#
# --break BITS is passed as workload_arg: the C kernel then misbehaves on
# purpose (ap-kernel-traced/conformance.c: 1 corrupts a copied byte, 2
# misreports a refusal, 4 leaves the storm's last completion untaken, 8 hangs
# half-way through the storm with interrupts off), to show
# that the judge fails (scripts/test.sh, suite qemu-conformance).
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
. "$PMDI_ROOT/qemu-board/lib.sh"

usage() {
	sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
	exit 2
}

IMAGE=""
SEED=1
DEADLINE=${PMDI_CONF_DEADLINE:-150}
KEEP=0
BREAK=0
TRACE=0
while [ $# -gt 0 ]; do
	case $1 in
	--seed) SEED=${2:-}; shift 2 ;;
	--deadline) DEADLINE=${2:-}; shift 2 ;;
	--break) BREAK=${2:-}; shift 2 ;;
	--keep) KEEP=1; shift ;;
	--trace) TRACE=1; shift ;;
	-h|--help) usage ;;
	-*) echo "pmdi conformance: unknown option $1" >&2; usage ;;
	*) [ -z "$IMAGE" ] || usage; IMAGE=$1; shift ;;
	esac
done
[ -n "$IMAGE" ] || usage
[ -f "$IMAGE" ] || { echo "pmdi conformance: no image file $IMAGE" >&2; exit 2; }
[[ $SEED =~ ^[0-9]+$ ]] && [ "$SEED" -le 4294967295 ] ||
	{ echo "pmdi conformance: --seed wants 0..4294967295" >&2; exit 2; }
[[ $BREAK =~ ^[0-9]+$ ]] && [[ $DEADLINE =~ ^[0-9]+$ ]] || usage
NAME=$(basename "$IMAGE")
[[ $NAME =~ ^[A-Za-z0-9._+-]+$ ]] ||
	{ echo "pmdi conformance: image file name '$NAME': letters, digits and ._+- only" >&2; exit 2; }

PASSED=0
FAILED=0
SKIPPED=0
verdict() {	# verdict PASS|FAIL|SKIP check detail
	case $1 in
	PASS) PASSED=$((PASSED + 1)) ;;
	SKIP) SKIPPED=$((SKIPPED + 1)) ;;
	*) FAILED=$((FAILED + 1)) ;;
	esac
	printf '%s %s: %s\n' "$1" "$2" "$3"
}

"$PMDI_BOARD_DIR/build.sh" > "$PMDI_BUILD/conformance-build.log" 2>&1 ||
	{ tail -n 20 "$PMDI_BUILD/conformance-build.log" >&2; echo "pmdi conformance: the board did not build" >&2; exit 1; }
CP=$(java_classpath trace-analysis 2> "$PMDI_BUILD/conformance-java.log") || CP=""

mkdir -p "$PMDI_OUT/conformance-runs"
DIR=$(mktemp -d "$PMDI_OUT/conformance-runs/run.XXXXXX")
LOG=$DIR/serial.log

# Disks: vda's first MiB random (the copy's source), vdb zero, vdc the trace's way out.
truncate -s 16M "$DIR/vda.img" "$DIR/vdb.img"
truncate -s 64M "$DIR/vdc.img"
perl -e 'srand($ARGV[0]); print pack("C*", map { int(rand(256)) } 1 .. 1048576)' "$SEED" |
	dd of="$DIR/vda.img" conv=notrunc status=none

# The image under test, in a cpio the kernel unpacks over the board's initramfs.
mkdir -p "$DIR/extra/lib/firmware/pmdi"
cp "$IMAGE" "$DIR/extra/lib/firmware/pmdi/$NAME"
( cd "$DIR/extra" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 ) | gzip -1 > "$DIR/extra.cpio.gz"
cat "$PMDI_OUT/initramfs.cpio.gz" "$DIR/extra.cpio.gz" > "$DIR/initrd.gz"

echo "pmdi conformance: $NAME, seed $SEED$([ "$BREAK" != 0 ] && echo ", broken on purpose: workload_arg $BREAK"); run in $DIR" >&2
t0=$(date +%s)
timeout -k 10 $((DEADLINE + 150)) "$PMDI_BOARD_DIR/board.sh" --no-build --smp 2 --mode test \
	--append "pmdiboard.tests=conformance pmdiboard.confimage=$NAME pmdiboard.confseed=$SEED pmdiboard.confarg=$BREAK pmdiboard.confdeadline=$DEADLINE pmdiboard.conftrace=$TRACE" \
	--console "file:$LOG" --run-dir "$DIR" --initrd "$DIR/initrd.gz" --debugfs-port 0 \
	--disk "$DIR/vda.img" --disk "$DIR/vdb.img" --disk "$DIR/vdc.img" \
	< /dev/null > "$DIR/qemu.out" 2>&1
rc=$?
t1=$(date +%s)
tr -d '\r' < "$LOG" > "$DIR/serial.txt" 2>/dev/null

# The board itself: one boot, the guest's checks printed, a clean power-off.
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	verdict FAIL board "no power-off within $((DEADLINE + 150)) s (hard timeout)"
elif ! grep -q '^PMDI-RESULTS-END' "$DIR/serial.txt"; then
	verdict FAIL board "the guest never printed its results (QEMU exit $rc): $(tail -n 3 "$DIR/serial.txt" | tr '\n' '|')"
elif [ "$(grep -c 'Linux version' "$DIR/serial.txt")" != 1 ] || ! grep -q 'reboot: Power down' "$DIR/serial.txt"; then
	verdict FAIL board "a reset or no clean power-off (QEMU exit $rc)"
else
	verdict PASS board "one boot, guest checks done, clean power-off in $((t1 - t0)) s"
fi

# The guest's checks (qemu-board/guest/conformance-tests.sh), in its order.
while read -r v rest; do
	verdict "$v" "${rest%%:*}" "${rest#*: }"
done < <(sed -n '/^PMDI-RESULTS-BEGIN/,/^PMDI-RESULTS-END/p' "$DIR/serial.txt" |
	 sed -n 's/^PMDI-CHECK \(PASS\|FAIL\) /\1 /p')
sed -n '/^PMDI-RESULTS-BEGIN/,/^PMDI-RESULTS-END/p' "$DIR/serial.txt" | sed -n 's/^PMDI-CONF-INFO /INFO /p'

# After power-off, on the host: vdb holds vda's first MiB at 1 MiB ...
if cmp -s <(head -c 1048576 "$DIR/vda.img") <(tail -c +1048577 "$DIR/vdb.img" | head -c 1048576); then
	verdict PASS copy "vdb [1 MiB, 2 MiB) is vda [0, 1 MiB) byte for byte (random data from seed $SEED)"
else
	verdict FAIL copy "vdb [1 MiB, 2 MiB) differs from vda [0, 1 MiB): $(cmp <(head -c 1048576 "$DIR/vda.img") <(tail -c +1048577 "$DIR/vdb.img" | head -c 1048576) 2>&1 | head -n 1 | sed 's/^.*differ: //')"
fi
# ... and the pattern at 2 MiB: byte k = k * 131 + (k >> 9) * 17 + S (low 8 bits).
perl -e '$s = $ARGV[0]; print pack("C*", map { ($_ * 131 + ($_ >> 9) * 17 + $s) & 0xff } 0 .. 262143)' "$SEED" \
	> "$DIR/pattern.expected"
if cmp -s "$DIR/pattern.expected" <(tail -c +2097153 "$DIR/vdb.img" | head -c 262144); then
	verdict PASS pattern "vdb [2 MiB, 2 MiB + 256 KiB) holds the seed's pattern byte for byte"
else
	verdict FAIL pattern "vdb [2 MiB, 2 MiB + 256 KiB) differs: $(cmp "$DIR/pattern.expected" <(tail -c +2097153 "$DIR/vdb.img" | head -c 262144) 2>&1 | head -n 1 | sed 's/^.*differ: //')"
fi

# The trace, for an image whose ELF note declares it (debugfs status image_traces: yes).
closed=$(sed -n 's/^PMDI-CONF-TRACE //p' "$DIR/serial.txt" | head -n 1)
if ! grep -q '^PMDI-CONF-TRACE' "$DIR/serial.txt"; then
	verdict SKIP trace "the image does not declare tracing (no PMDI_ELF_NOTE_TRACE = 1) or did not load"
elif [ -z "$CP" ]; then
	verdict FAIL trace "no Java classpath for the trace check: $(tail -n 3 "$PMDI_BUILD/conformance-java.log" | tr '\n' ' ')"
elif ! tar -xf "$DIR/vdc.img" -C "$DIR" trace.pmdt 2>/dev/null || [ ! -s "$DIR/trace.pmdt" ]; then
	verdict FAIL trace "no trace recording came out of the guest ($(sed -n 's/^PMDI-CONF-TRACE-SAVED //p' "$DIR/serial.txt"))"
else
	lost=$(printf '%s\n' "$closed" | sed -n 's/.* (\([0-9]*\) events) lost.*/\1/p')
	requests=$(sed -n 's/^PMDI-CONF-REQUESTS //p' "$DIR/serial.txt" | head -n 1)
	while read -r v rest; do
		verdict "$v" "${rest%%:*}" "${rest#*: }"
	done < <(java -XX:+UseSerialGC -cp "$CP" org.pmdi.analysis.cli.Main conformance-trace "$DIR/trace.pmdt" \
			 ${requests:+--requests "$requests"} --module-lost "${lost:--1}" 2>&1 |
		 sed -n 's/^\(PASS\|FAIL\) /\1 /p')
fi

if [ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]; then
	echo "conformance: PASS $NAME ($PASSED checks passed, $SKIPPED skipped; seed $SEED)"
else
	echo "conformance: FAIL $NAME ($FAILED of $((PASSED + FAILED)) checks failed, $SKIPPED skipped; seed $SEED; serial log $DIR/serial.txt)"
	KEEP=1
fi
if [ "$KEEP" = 1 ]; then
	echo "run directory kept: $DIR" >&2
else
	rm -rf "$DIR"
fi
[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
