#!/usr/bin/env bash
# ./pmdi bench bridge [REQUESTS [LATENCY_EVENTS]]: the serial-bridge figures through a socat pty
# pair (raw pty copy vs decode+record+live feed, MB/s and events/s; write-to-feed latency p50/p99).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
command -v socat >/dev/null || die "bench bridge needs socat (./pmdi setup)"
cp="$(java_bench_classpath serial-bridge)"
exec java -Xmx2g -cp "$cp" org.pmdi.bridge.bench.BridgeBench "$@"
