#!/usr/bin/env bash
# ./pmdi bench fuzz: the libFuzzer figures of the reliability table (>= 10 M
# executions in all over Linux's consume code for AP-written memory and its
# ELF image validator, 0 crashes), the Java tools over hostile AP records
# (HostileBench, 0 exceptions), then the board's figures
# (qemu-board/tests/fuzz-bench.sh) when that script exists. FUZZ_SCALE=N
# multiplies the run counts (1 = 14.5 M).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

scale=${FUZZ_SCALE:-1}
d="$PMDI_ROOT/interface/fuzz"
out="$PMDI_BUILD/fuzz"
make -s -C "$d" OUT="$out" fuzzers
make -s -C "$d" OUT="$out" regress >/dev/null
echo "# libFuzzer (clang $(clang -dumpversion), ASan + UBSan), one target after the other"
# Runs weighted by cost: the drain is ~50x dearer per execution than the clock words.
FUZZ_WORK="$out/bench" "$d/run.sh" "$out" \
	trace:$((500000 * scale)):$((900 * scale)) \
	mailbox:$((2000000 * scale)):$((900 * scale)) \
	console:$((4000000 * scale)):$((600 * scale)) \
	clock:$((4000000 * scale)):$((600 * scale)) \
	elf:$((4000000 * scale)):$((600 * scale)) \
	--min-total $((10000000 * scale))

# the Java tools over records a buggy AP could write (well-formed frames, any content):
# analysis, reports and every export, HostileBench (test code)
echo "# Java tools over hostile AP records (HostileBench: analysis, reports, exports)"
cp="$(java_bench_classpath trace-analysis)"
# from the module's folder, as its tests run: the traces take a real header from ../samples
(cd "$PMDI_ROOT/trace-analysis" &&
	java -XX:+UseSerialGC -Xmx1g -cp "$cp" org.pmdi.analysis.hostile.HostileBench --seeds $((1000 * scale)))

# FUZZ_BOARD=0: the host figures only.
board="$PMDI_ROOT/qemu-board/tests/fuzz-bench.sh"
if [ "${FUZZ_BOARD:-1}" != 0 ] && [ -x "$board" ]; then
	echo "# board"
	"$board"
fi
