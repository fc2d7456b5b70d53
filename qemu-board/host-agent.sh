# shellcheck shell=bash
# The host agent, sourced by whoever boots a board that asks the host for
# things only the host can do (the QEMU monitor: hold a read inside a drive
# with blkdebug "break", resume it, throttle a disk, ...). The guest, or the
# AP kernel through its console, prints a line containing
#   PMDI-HOST-REQUEST NAME
# on the board's console (ttyS0, logged to a file); the agent sees it and acts,
# once per line, in order.
#
#   my_handler() { case $1 in hold) echo 'qemu-io disk1 "break read_aio hold"' ;; esac; }
#   pmdi_host_agent "$log" "$run/monitor.sock" my_handler [QEMU_PID] >>"$run/agent.out" 2>&1 &
#
# HANDLER NAME prints the monitor command for NAME (nothing: no monitor
# command; it may act itself). Each action is logged on stdout with the host's
# time: "HH:MM:SS.mmm NAME: COMMAND". The agent ends when the log shows the
# guest tests' end or a power-off, or when QEMU_PID (if given) is gone.

pmdi_host_agent() {
	local log=$1 mon=$2 handler=$3 qemu_pid=${4:-} done_n=0 n req cmd
	while ! grep -q -e '^PMDI-RESULTS-END' -e 'reboot: Power down' "$log" 2>/dev/null; do
		if [ -n "$qemu_pid" ] && ! kill -0 "$qemu_pid" 2>/dev/null; then
			break
		fi
		n=$(grep -c 'PMDI-HOST-REQUEST ' "$log" 2>/dev/null || true)
		while [ "$done_n" -lt "${n:-0}" ]; do
			done_n=$((done_n + 1))
			req=$(grep -o 'PMDI-HOST-REQUEST [A-Za-z0-9_.-]*' "$log" | sed -n "${done_n}p" |
				awk '{ print $2 }')
			cmd=$("$handler" "$req")
			printf '%s %s: %s\n' "$(date -u +%H:%M:%S.%3N)" "$req" "${cmd:-(no monitor command)}"
			if [ -n "$cmd" ]; then
				printf '%s\n' "$cmd" | socat -t 2 - "UNIX-CONNECT:$mon" 2>&1 | tr -d '\r' |
					grep -v -e '^QEMU .* monitor' -e '^(qemu)' || true
			fi
		done
		sleep 0.2
	done
}
