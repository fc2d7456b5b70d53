#!/usr/bin/env bash
# ./pmdi bench viewer: open a 1 GiB trace to the first drawn timeline (-Xmx512m), timeline
# frame times at full zoom-out and while zooming, live pty-write-to-drawn latency.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cp="$(java_bench_classpath viewer-app)"
trace="${PMDI_VIEWER_BENCH_TRACE:-$PMDI_BUILD/viewer/bench-1g.pmdt}"
bytes="${PMDI_VIEWER_BENCH_BYTES:-1073741824}"
if [ ! -s "$trace" ]; then
	say "writing a synthetic trace of $bytes bytes to $trace (once; real board traces do not exist yet)"
	mkdir -p "$(dirname "$trace")"
	java -Xmx1g -cp "$cp" org.pmdi.viewer.bench.SyntheticTrace "$trace.tmp" "$bytes"
	mv "$trace.tmp" "$trace"
fi
command -v socat >/dev/null || die "socat is needed for the live figure (./pmdi setup installs it)"
run=(java -Xmx512m -Dprism.order=sw -cp "$cp" org.pmdi.viewer.bench.ViewerBenchLauncher "$trace")
if [ -n "${DISPLAY:-}" ]; then
	"${run[@]}"
else
	command -v xvfb-run >/dev/null || die "no display and no xvfb-run: install xvfb (./pmdi setup)"
	xvfb-run -a -s "-screen 0 1600x1000x24" "${run[@]}"
fi
