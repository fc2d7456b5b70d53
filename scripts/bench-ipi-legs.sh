#!/usr/bin/env bash
# bench-ipi-legs.sh CTF_DIR: what a round trip's two IPIs cost, null requests
# against 4 KiB block reads (queue depth 1 in ./pmdi bench interface), from
# the events of one trace (its CTF export, `./pmdi export TRACE --ctf=DIR`,
# read by babeltrace2):
#
#   linux_icr  Linux's REPLY_POST -> its DOORBELL_SEND: the ICR write
#              sequence that wakes the AP (one clock: Linux's)
#   to_ap      Linux's REPLY_POST -> the AP's next IPI_RECV: the leg that
#              wakes the AP, ICR write included
#   to_linux   the AP's DOORBELL_SEND (written before its ICR write) ->
#              Linux's next IPI_RECV: the leg that wakes Linux
#
# The last two cross the clocks: the trace's mapping puts them on one
# timeline within the clock sync's uncertainty (a few us under TCG).
# Prints "ipi_legs ..." lines (medians, p10, p90 in us) for ./pmdi bench interface.
set -euo pipefail
ctf=$1
command -v babeltrace2 >/dev/null || { echo "ipi_legs_error babeltrace2 is missing (./pmdi setup)"; exit 0; }

babeltrace2 "$ctf" 2>/dev/null |
	grep -E ' (REQ_POST|REPLY_POST|DOORBELL_SEND|IPI_RECV): ' |
	awk '
function field(name,   m) {
	if (!match($0, name " = [0-9]+")) return ""
	m = substr($0, RSTART, RLENGTH); sub(/.* = /, "", m); return m
}
{
	ev = $3; sub(/:$/, "", ev)
	src = field("source"); req = field("req"); t = field("t_ns")
	if (ev == "REQ_POST") {
		kind[req] = field("dev") == 0 && field("len") == 0 ? "null" : field("len") == 4096 ? "4KiB" : ""
	} else if (ev == "REPLY_POST") {
		posted[req] = t
		if (kind[req] != "") { ap_waiting = req; ap_since = t }
	} else if (ev == "DOORBELL_SEND" && src == 1 && field("ring") == 1) {
		# Linux rang the AP for this completion
		if ((req in posted) && kind[req] != "") print kind[req], "linux_icr", t - posted[req]
	} else if (ev == "DOORBELL_SEND" && src == 0 && field("ring") == 0) {
		if (kind[req] != "") { linux_waiting = req; linux_since = t }
	} else if (ev == "IPI_RECV" && src == 0 && ap_waiting != "") {
		print kind[ap_waiting], "to_ap", t - ap_since; ap_waiting = ""
	} else if (ev == "IPI_RECV" && src == 1 && linux_waiting != "") {
		print kind[linux_waiting], "to_linux", t - linux_since; linux_waiting = ""
	}
}' | sort -k1,1 -k2,2 -k3,3n | awk '
function flush() {
	if (!n) return
	printf "ipi_legs %s %s: median %.1f us, p10 %.1f, p90 %.1f (n=%d)\n", k1, k2, v[int((n - 1) / 2) + 1] / 1000, \
		v[int((n - 1) * 0.1) + 1] / 1000, v[int((n - 1) * 0.9) + 1] / 1000, n
	n = 0
}
{
	if ($1 != k1 || $2 != k2) { flush(); k1 = $1; k2 = $2 }
	v[++n] = $3
}
END { flush() }'
