#!/usr/bin/env bash
# ./pmdi demo [--headless] [--seconds N]: build, boot the QEMU board with its trace serial
# port (a pty) and the demo workload, and open the viewer attached live to that pty (the
# session is recorded under build/demo/). Without a display, or with --headless, record the
# board's trace for N seconds (default 30) and print the report instead.
# Never shows made-up data: when a piece is missing, it says which one and stops.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

headless=0
seconds=30
while [ $# -gt 0 ]; do
	case "$1" in
	--headless) headless=1; shift ;;
	--seconds) seconds="$2"; shift 2 ;;
	-h | --help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "demo: unknown option $1 (./pmdi demo [--headless] [--seconds N])" ;;
	esac
done

if [ "$headless" = 0 ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
	say "no display (\$DISPLAY is not set), so the viewer cannot open a window here."
	say "Recording the board's trace and printing the report instead (same as ./pmdi demo --headless)."
	say "To see the viewer: run ./pmdi demo on a desktop session, or under xvfb-run -a ./pmdi demo."
	headless=1
fi

board="$PMDI_ROOT/qemu-board/board.sh"
[ -x "$board" ] || die "demo needs the QEMU board: $board is missing (qemu-board, see its issue)"
command -v qemu-system-x86_64 >/dev/null || die "demo needs qemu-system-x86_64: run ./pmdi setup"
command -v socat >/dev/null || die "demo needs socat (the board announces its trace pty through the QEMU monitor): run ./pmdi setup"

say "building the Java tools"
viewer_cp="$(java_classpath viewer-app)"
bridge_cp="$(java_classpath serial-bridge)"
analysis_cp="$(java_classpath trace-analysis)"

demo="$PMDI_BUILD/demo"
run_dir="$demo/run"
mkdir -p "$run_dir"
rm -f "$run_dir/board.env"
rec="$demo/demo-$(date +%Y%m%d-%H%M%S).pmdt"

say "booting the QEMU board (console log: $demo/console.log); this builds the board first"
"$board" --run-dir "$run_dir" --console "file:$demo/console.log" --trace pty >"$demo/board.log" 2>&1 &
board_pid=$!
cleanup() {
	if kill -0 "$board_pid" 2>/dev/null; then
		kill "$board_pid" 2>/dev/null || true
		wait "$board_pid" 2>/dev/null || true
	fi
}
trap cleanup EXIT

pty=""
for _ in $(seq 1 600); do
	if ! kill -0 "$board_pid" 2>/dev/null; then
		tail -n 20 "$demo/board.log" >&2 || true
		die "the QEMU board stopped before announcing its trace port (log: $demo/board.log)"
	fi
	if [ -s "$run_dir/board.env" ]; then
		pty="$(sed -n 's/^TRACE_PTY=//p' "$run_dir/board.env")"
		[ -n "$pty" ] && break
	fi
	sleep 0.5
done
[ -n "$pty" ] || die "the board did not announce a trace pty within 5 minutes (log: $demo/board.log)"
say "board trace port: $pty (link $run_dir/trace.pty)"

no_stream() {
	die "the board booted but sent no trace frames on its trace serial port ttyS1 within ${1}s.
  What is missing: the dispatcher module's serial trace streaming (dispatcher-module-traced,
  the tracing issue) or the AP's demo workload traces; the console log is $demo/console.log.
  Nothing is shown instead: the viewer displays only real board data."
}

if [ "$headless" = 1 ]; then
	say "recording ${seconds}s of the board's trace to $rec"
	java -cp "$bridge_cp" org.pmdi.bridge.cli.BridgeCli record --port "$run_dir/trace.pty" -o "$rec" --progress-ms 5000 \
		--duration "$seconds" || die "recording from $pty failed"
	events="$(java -cp "$viewer_cp" org.pmdi.viewer.app.TraceInfo events "$rec" 2>/dev/null || echo 0)"
	[ "${events:-0}" -gt 0 ] || no_stream "$seconds"
	say "recorded $events events; the report:"
	set +e
	java -XX:+UseSerialGC -cp "$analysis_cp" org.pmdi.analysis.cli.Main report "$rec"
	rc=$?
	set -e
	say "trace kept at $rec (open it with ./pmdi view $rec)"
	exit $rc
fi

say "opening the viewer attached to $pty (recording to $rec)"
java ${PMDI_VIEWER_JAVA_OPTS:-} -Dpmdi.root="$PMDI_ROOT" -cp "$viewer_cp" org.pmdi.viewer.app.Launcher \
	--attach "serial:$run_dir/trace.pty@115200" --record "$rec" &
viewer_pid=$!
# Tell the user plainly if nothing real arrives.
(
	sleep 60
	if kill -0 "$viewer_pid" 2>/dev/null && [ "$(stat -c %s "$rec" 2>/dev/null || echo 0)" -le 1 ]; then
		printf 'pmdi: warning: no trace frames from the board after 60 s: the dispatcher module'"'"'s serial trace streaming (dispatcher-module-traced) is missing or off; the viewer stays attached and shows 0 events\n' >&2
	fi
) &
wait "$viewer_pid" || true
