#!/usr/bin/env bash
# demo-check.sh WATCH REPORT CSV: did the demo board show what ./pmdi demo promises?
# Reads what ./pmdi demo --headless wrote: the live watch's output (LiveWatch), the text
# report and the CSV export of the same recording. One PASS/FAIL line per item, exit 1 on
# any FAIL:
#   line      the serial line carried the paced workload without loss
#   slow      the report flags vdb (throttled by QEMU) as the slow driver
#   held      live: vdc's held read reported stuck in the driver, then recovered
#   held-report  the report's requests: that read's long time in the driver
#   errors    vdc's burst of EIO read failures (blkdebug)
#   honest    the live watch said nothing a lossless line cannot justify: no failure "the trace
#             does not explain", no stuck request cleared without its completion, no
#             "cannot tell" and no loss (Linux's records of a request may arrive after the AP's)
set -uo pipefail

watch=$1 report=$2 csv=$3
failed=0
item() {	# item PASS|FAIL name detail
	[ "$1" = PASS ] || failed=$((failed + 1))
	printf 'demo-check: %s %s: %s\n' "$1" "$2" "$3"
}

# line: nothing lost in the board's rings or on the line, by the bridge and by the analysis
end=$(grep '^watch ended' "$watch" | tail -n 1)
if [ -z "$end" ]; then
	item FAIL line "the live watch did not finish"
elif printf '%s' "$end" | grep -q 'lost 0, corrupt 0, feed dropped 0' &&
	! grep -q 'EVENTS_LOST' "$report"; then
	item PASS line "${end#watch ended after }; no EVENTS_LOST finding"
else
	item FAIL line "${end#watch ended after }; $(grep -m1 'EVENTS_LOST' "$report" | sed 's/^ *//')"
fi

# slow: the report's slow-driver finding names vdb
slow=$(grep -m1 'SLOW_DRIVER: vdb' "$report" | sed 's/^ *//')
if [ -n "$slow" ]; then
	item PASS slow "$slow"
else
	item FAIL slow "no SLOW_DRIVER finding for vdb in the report"
fi

# held: a STUCK line for a vdc request inside the driver, then RECOVERED for the same request
stuck=$(grep -m1 -E 'STUCK +vdc request [0-9]+: inside the driver' "$watch")
id=$(printf '%s' "$stuck" | sed -n 's/.*vdc request \([0-9]*\):.*/\1/p')
back=""
[ -n "$id" ] && back=$(grep -m1 -E "RECOVERED +vdc request $id:" "$watch")
if [ -n "$stuck" ] && [ -n "$back" ]; then
	item PASS held "live, stuck then recovered:"
	printf '    %s\n    %s\n' "$stuck" "$back"
elif [ -n "$stuck" ]; then
	item FAIL held "stuck but never recovered: $stuck"
else
	item FAIL held "no vdc request was reported stuck inside the driver while the watch ran"
fi

# held-report and errors, from the CSV export of the recording: column numbers by name
col() { head -n 1 "$csv" | tr ',' '\n' | grep -n -x "$1" | cut -d: -f1; }
name=$(col device_name) status=$(col status) driver=$(col driver_ns) req=$(col req)
if [ -z "$name" ] || [ -z "$status" ] || [ -z "$driver" ] || [ -z "$req" ]; then
	item FAIL held-report "the CSV export has no req/device_name/status/driver_ns column"
	item FAIL errors "the CSV export has no req/device_name/status/driver_ns column"
	exit 1
fi
held=$(awk -F, -v n="$name" -v d="$driver" -v r="$req" \
	'NR > 1 && $n == "vdc" && $d >= 5e9 { printf "request %s: %.2f s in the driver\n", $r, $d / 1e9 }' "$csv")
if [ -n "$held" ]; then
	item PASS held-report "vdc $(printf '%s' "$held" | head -n 1)"
else
	item FAIL held-report "no vdc request with 5 s or more in the driver"
fi

# errors: the burst of EIO (-5) reads on vdc, named by the report's DRIVER_ERRORS finding
# (and counted again from the CSV, which must agree that there was a burst).
errors=$(grep -m1 -E 'DRIVER_ERRORS: .* on vdc ' "$report" | sed 's/^ *//')
eio=$(awk -F, -v n="$name" -v s="$status" 'NR > 1 && $n == "vdc" && $s == -5' "$csv" | wc -l)
if [ -n "$errors" ] && [ "$eio" -ge 8 ]; then
	item PASS errors "$errors ($eio EIO rows in the CSV)"
elif [ -n "$errors" ]; then
	item FAIL errors "$errors, but only $eio vdc rows with status -5 in the CSV (expected a burst of at least 8)"
else
	item FAIL errors "no DRIVER_ERRORS finding for vdc in the report ($eio vdc reads failed with EIO in the CSV)"
fi

# honest: transient states of the live analysis must not surface as findings
false_lines=$(grep -E 'REQUESTS_FAILED|CLEARED|STUCK_UNCERTAIN|EVENTS_LOST' "$watch" | head -n 3)
if [ -z "$false_lines" ]; then
	item PASS honest "no unexplained failure, cleared stuck request, 'cannot tell' or loss in the live watch"
else
	item FAIL honest "the live watch printed what a lossless line cannot justify:"
	printf '%s\n' "$false_lines" | sed 's/^/    /'
fi

[ "$failed" -eq 0 ] && echo "demo-check: all passed" || echo "demo-check: $failed failed"
[ "$failed" -eq 0 ]
