#!/usr/bin/env bash
# ./pmdi bench analysis: decode + analysis throughput over a >= 10 M event trace (real
# samples concatenated when samples/*.pmdt exist, generated sessions otherwise), as `report`
# runs it (two threads) and on one thread, each vs. babeltrace2 -c sink.utils.dummy on our CTF
# export of the same trace, then the decoder alone; each in a JVM of its own; then the peak heap of
# the analysis with -Xmx set to half the trace file's size; then ./pmdi diff of that trace against a
# second one of the same size (the same samples, slow-disk first): events/s and peak heap.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
command -v babeltrace2 >/dev/null || die "babeltrace2 is needed for the comparison (apt-get install babeltrace2)"
cp="$(java_bench_classpath trace-analysis)"
trace="$PMDI_BUILD/analysis-bench.pmdt"
trace2="$PMDI_BUILD/analysis-bench-2.pmdt"
trap 'rm -f "$trace" "$trace2"' EXIT
inputs=()
# real board sessions: copies of the healthy and slow-disk samples, each a new session later in time, concatenated
for s in "$PMDI_ROOT"/samples/healthy.pmdt "$PMDI_ROOT"/samples/slow-disk.pmdt; do
	[ -e "$s" ] && inputs+=(--input "$s")
done
echo "# trace: copies of samples/healthy.pmdt and samples/slow-disk.pmdt concatenated (real board sessions;"
echo "# each copy is a new session continuing in time, as after rmmod; insmod: new session id, TSCs shifted past"
echo "# the previous copy's end + 1 s, events otherwise identical; see SessionCopies)"

java -XX:+UseSerialGC -Xmx2g -cp "$cp" org.pmdi.analysis.bench.AnalysisBench --build-only --events "${EVENTS:-10500000}" \
	--file "$trace" "${inputs[@]}"
echo "# decode + analysis as report runs it (two threads) vs. babeltrace2 (AnalysisBench)"
java -XX:+UseSerialGC -Xmx2g -cp "$cp" org.pmdi.analysis.bench.AnalysisBench --existing --threads 2 --file "$trace"
echo "# decode + analysis on one thread vs. babeltrace2"
java -XX:+UseSerialGC -Xmx2g -cp "$cp" org.pmdi.analysis.bench.AnalysisBench --existing --threads 1 --file "$trace"
echo "# decoding alone (one thread)"
java -XX:+UseSerialGC -Xmx2g -cp "$cp" org.pmdi.analysis.bench.AnalysisBench --decode-only --file "$trace"
size=$(stat -c %s "$trace")
half=$((size / 2))
echo "# peak heap of the analysis with -Xmx set to half the trace file ($size bytes): -Xmx$half"
java -XX:+UseSerialGC -Xmx"$half" -cp "$cp" org.pmdi.analysis.bench.AnalysisBench --heap-only --file "$trace"

echo "# pmdi diff of two traces (DiffBench): the trace above against copies of slow-disk.pmdt then healthy.pmdt"
inputs2=()
for s in "$PMDI_ROOT"/samples/slow-disk.pmdt "$PMDI_ROOT"/samples/healthy.pmdt; do
	[ -e "$s" ] && inputs2+=(--input "$s")
done
java -XX:+UseSerialGC -Xmx2g -cp "$cp" org.pmdi.analysis.bench.AnalysisBench --build-only --events "${EVENTS:-10500000}" \
	--file "$trace2" "${inputs2[@]}"
java -XX:+UseSerialGC -Xmx2g -cp "$cp" org.pmdi.analysis.bench.AnalysisBench --diff "$trace2" --file "$trace"
echo "# peak heap of the diff with -Xmx set to half the first trace file: -Xmx$half"
java -XX:+UseSerialGC -Xmx"$half" -cp "$cp" org.pmdi.analysis.bench.AnalysisBench --diff "$trace2" --file "$trace" --heap-only
