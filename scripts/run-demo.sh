#!/usr/bin/env bash
# ./pmdi demo [--headless] [--seconds N]: build, boot the demo board (qemu-board/demo-board.sh:
# a healthy, a slow and a faulty disk, the AP's paced workload without end) with its trace
# serial port (a pty), and open the viewer attached live to that pty (the session is recorded
# under build/demo/). Within the first minute: a slow disk, a request held in a driver then
# released, a burst of device errors. Without a display, or with --headless, watch the same
# live for N seconds of trace (default 75, at most 90), print the transitions, the report, and
# PASS/FAIL for each of the three (exit 1 on a failure): the CI check of the demo.
# Never shows made-up data: when a piece is missing, it says which one and stops.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

headless=0
seconds=75
while [ $# -gt 0 ]; do
	case "$1" in
	--headless) headless=1; shift ;;
	--seconds) seconds="$2"; shift 2 ;;
	-h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "demo: unknown option $1 (./pmdi demo [--headless] [--seconds N])" ;;
	esac
done

if [ "$headless" = 0 ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
	say "no display (\$DISPLAY is not set), so the viewer cannot open a window here."
	say "Recording the board's trace and printing the report instead (same as ./pmdi demo --headless)."
	say "To see the viewer: run ./pmdi demo on a desktop session, or under xvfb-run -a ./pmdi demo."
	headless=1
fi

board="$PMDI_ROOT/qemu-board/demo-board.sh"
[ -x "$board" ] || die "demo needs the QEMU board: $board is missing (qemu-board, see its issue)"
command -v qemu-system-x86_64 >/dev/null || die "demo needs qemu-system-x86_64: run ./pmdi setup"
command -v socat >/dev/null || die "demo needs socat (the board announces its trace pty through the QEMU monitor): run ./pmdi setup"

say "building the Java tools"
viewer_cp="$(java_classpath viewer-app)"
bridge_cp="$(java_classpath serial-bridge)"
analysis_cp="$(java_classpath trace-analysis)"

demo="${PMDI_DEMO_DIR:-$PMDI_BUILD/demo}"	# PMDI_DEMO_DIR: the test suite's own
run_dir="$demo/run"
mkdir -p "$run_dir"
rm -f "$run_dir/board.env"
rec="$demo/demo-$(date +%Y%m%d-%H%M%S).pmdt"

say "booting the demo board (console log: $demo/console.log); this builds the board first"
"$board" --dir "$demo" --trace pty >"$demo/board.log" 2>&1 &
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
	[ "$seconds" -le 90 ] 2>/dev/null || die "demo: --seconds must be a number up to 90"
	say "watching the board live for ${seconds}s of trace over its serial port, recording to $rec"
	watch="$demo/watch.txt"
	# the watch's time counts from the first trace item: a busy host may take minutes to boot
	set +e
	java -cp "$viewer_cp" org.pmdi.viewer.app.LiveWatch "serial:$run_dir/trace.pty@115200" "$rec" "$seconds" 300 |
		tee "$watch"
	rc=${PIPESTATUS[0]}
	set -e
	[ "$rc" != 3 ] || no_stream 300
	[ "$rc" = 0 ] || die "watching $pty failed (exit status $rc)"
	events="$(java -cp "$viewer_cp" org.pmdi.viewer.app.TraceInfo events "$rec" 2>/dev/null || echo 0)"
	[ "${events:-0}" -gt 0 ] || no_stream 300
	cleanup
	say "recorded $events events; the report:"
	set +e
	java -XX:+UseSerialGC -cp "$analysis_cp" org.pmdi.analysis.cli.Main report "$rec" | tee "$demo/report.txt"
	rc=${PIPESTATUS[0]}
	java -XX:+UseSerialGC -cp "$analysis_cp" org.pmdi.analysis.cli.Main export "$rec" --csv "$demo/requests.csv" >/dev/null
	set -e
	say "report exit status $rc; trace kept at $rec (open it with ./pmdi view $rec)"
	"$PMDI_ROOT/scripts/demo-check.sh" "$watch" "$demo/report.txt" "$demo/requests.csv"
	exit $?
fi

say "opening the viewer attached to $pty (recording to $rec)"
java ${PMDI_VIEWER_JAVA_OPTS:-} -Dpmdi.root="$PMDI_ROOT" -cp "$viewer_cp" org.pmdi.viewer.app.Launcher \
	--attach "serial:$run_dir/trace.pty@115200" --record "$rec" &
viewer_pid=$!
# Tell the user plainly if nothing real arrives (TCG on a busy host may boot for minutes).
(
	sleep 60
	if kill -0 "$viewer_pid" 2>/dev/null && [ "$(stat -c %s "$rec" 2>/dev/null || echo 0)" -le 1 ]; then
		printf 'pmdi: the board is still booting (%s)\n' "$(tail -n 1 "$demo/console.log" | tr -d '\r' | cut -c1-100)" >&2
	fi
	sleep 240
	if kill -0 "$viewer_pid" 2>/dev/null && [ "$(stat -c %s "$rec" 2>/dev/null || echo 0)" -le 1 ]; then
		printf 'pmdi: warning: no trace frames from the board after 300 s: the dispatcher module'"'"'s serial trace streaming (dispatcher-module-traced) is missing or off; the viewer stays attached and shows 0 events\n' >&2
	fi
) &
notice_pid=$!
wait "$viewer_pid" || true
kill "$notice_pid" 2>/dev/null || true
