#!/usr/bin/env bash
# Regenerate the sample traces from real board runs (about 3 minutes):
#   boot A: healthy, no-doorbell, no-reap, flight-no-reap, ap-fault, ap-silent
#   boot B: slow-disk  (vdb throttled to 20 IOPS with QEMU drive throttling)
#   boot C: stuck-driver (vdb behind blkdebug; the monitor's qemu-io "break
#           read_aio" holds the AP's read inside QEMU until "resume")
# Each trace is the module's debugfs trace_pipe, captured in the guest from the
# start of the session and sent to the host over QEMU's user network.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
# shellcheck source=../qemu-board/host-agent.sh
. "$PMDI_ROOT/qemu-board/host-agent.sh"

OUT="${1:-$PMDI_ROOT/samples}"
"$PMDI_ROOT/scripts/build.sh" board >/dev/null
work="$PMDI_BUILD/samples"
rm -rf "$work"
mkdir -p "$work" "$OUT"
port=$((20000 + RANDOM % 20000))

# The receiver: each connection carries "NAME\n" then the trace bytes.
cat >"$work/receive.sh" <<RECV
#!/bin/sh
read -r name
cat > "$work/\$name.pmdt"
RECV
chmod +x "$work/receive.sh"
socat -u "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" EXEC:"$work/receive.sh" &
receiver=$!
trap 'kill $receiver 2>/dev/null' EXIT

# The monitor actions the guest asks for (boot C: hold vdb's read in QEMU).
samples_request() {
	case $1 in
	break-vdb) echo 'qemu-io disk1 "break read_aio hold"' ;;
	resume-vdb) echo 'qemu-io disk1 "resume hold"' ;;
	esac
}

# boot NAME SAMPLES DISK_SPEC...
boot() {
	local name=$1 list=$2 dir=$work/$1
	shift 2
	mkdir -p "$dir"
	local log=$dir/serial.log
	pmdi_host_agent "$log" "$dir/monitor.sock" samples_request >>"$dir/agent.out" 2>&1 &
	local agent=$!
	say "boot $name: $list"
	timeout -k 10 300 "$PMDI_ROOT/qemu-board/board.sh" --no-build --smp 2 --mode test \
		--append "pmdiboard.tests=samples:$list pmdiboard.sampleport=$port" \
		--console "file:$log" --run-dir "$dir" "$@" </dev/null >"$dir/qemu.out" 2>&1 || true
	kill $agent 2>/dev/null || true
	grep '^PMDI-CHECK' "$log" | sort -u | sed 's/^/  /'
}

truncate -s 64M "$work/vda.img" "$work/vdb.img"
boot A healthy,no-doorbell,no-reap,flight-no-reap,ap-fault,ap-silent \
	--disk "$work/vda.img" --disk "$work/vdb.img"
boot B slow-disk --disk "$work/vda.img" \
	--disk "file=$work/vdb.img,format=raw,throttling.iops-total=20"
: >"$work/blkdebug.conf"
boot C stuck-driver --disk "$work/vda.img" \
	--disk "format=raw,file.driver=blkdebug,file.config=$work/blkdebug.conf,file.image.filename=$work/vdb.img"
sleep 1
# The AP kernel these traces came from, for the fault's symbol (build id in
# the trace); symbols kept, debug info dropped.
objcopy --strip-debug "$PMDI_BUILD/board/ap/pmdi-ap.elf" "$OUT/pmdi-ap.elf"
for f in "$work"/*.pmdt; do
	[ -s "$f" ] || continue
	cp "$f" "$OUT/"
	say "$(basename "$f"): $(wc -c <"$f") bytes"
done
