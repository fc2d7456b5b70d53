#!/usr/bin/env bash
# Print measured figures: ./pmdi bench format | interface | kernels | net | trace | bridge | analysis | viewer | fuzz | loss
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

bench_format() {
	"$PMDI_ROOT/scripts/build.sh" c >/dev/null
	echo "# C ring producer cost and serial bytes per event (bench_format)"
	"$PMDI_BUILD/trace-format/bench_format" "${EVENTS:-20000000}"
	echo "# Java decode rate from a memory-mapped file, one thread (DecodeBench)"
	java -Xmx2g -cp "$(java_bench_classpath trace-format)" org.pmdi.trace.bench.DecodeBench
}

case "${1:-}" in
format) bench_format ;;
interface | kernels | net | trace | bridge | analysis | viewer | fuzz | loss)
	if [ -x "$PMDI_ROOT/scripts/bench-$1.sh" ]; then
		exec "$PMDI_ROOT/scripts/bench-$1.sh"
	fi
	die "bench $1: not built yet (see the open issues)"
	;;
*) die "usage: ./pmdi bench format|interface|kernels|net|trace|bridge|analysis|viewer|fuzz|loss" ;;
esac
